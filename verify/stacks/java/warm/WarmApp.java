// A class-data-sharing warm-up, run once per module at install: it starts a Spring Boot app on
// the module's classpath, serves one request and exits, and the JVM writes the classes it
// loaded to the module's archive (-XX:ArchiveClassesAtExit), which every app then maps at
// start (-XX:SharedArchiveFile). Its package (`warm`) is outside the apps' `com.example`, so
// nothing of it is scanned by them.
package warm;

import java.net.HttpURLConnection;
import java.net.URI;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class WarmApp {

    @GetMapping("/warm")
    public String warm() {
        return "ok";
    }

    public static void main(String[] args) throws Exception {
        ConfigurableApplicationContext context = SpringApplication.run(WarmApp.class, args);
        String port = context.getEnvironment().getProperty("local.server.port");
        HttpURLConnection c =
                (HttpURLConnection)
                        URI.create("http://127.0.0.1:" + port + "/warm").toURL().openConnection();
        System.out.println("warm-up request: " + c.getResponseCode());
        c.disconnect();
        System.exit(SpringApplication.exit(context));
    }
}
