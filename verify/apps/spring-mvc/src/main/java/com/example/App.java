// Spring MVC app for the verification harness. CORS comes only from the generated files in
// com.example.config (found by component scanning); this app has routes and auth only.
package com.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class App {
    public static void main(String[] args) {
        SpringApplication.run(App.class, args);
    }
}
