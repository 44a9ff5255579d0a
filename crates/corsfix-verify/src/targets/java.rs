//! Java: Spring MVC, Spring Security, Spring WebFlux (Maven Central).
//!
//! Each target × major has a Maven module under `verify/stacks/java/` (Spring Boot 4 /
//! Framework 7 as `spring-mvc`, Boot 3.5 / Framework 6 as `spring-mvc6`, …) whose classpath the
//! install resolves once; the skeleton under `verify/apps/<target>/` is shared by both majors.
//! An app is compiled with `javac` against its module's classpath and run with `java` (see
//! `stacks/java.rs`); the generated files land in `src/main/java/com/example/config/`, which
//! `@SpringBootApplication` in `com.example` scans.

use super::{Runnable, Target, run, runnable};
use crate::stacks::Stack::Java;

/// Compile every source of the app (skeleton and generated) into `classes/`; `$0` is the
/// module's `javac.args`.
const JAVAC: &str = "exec javac -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -proc:none \
                     -encoding UTF-8 -d classes @\"$0\" $(find src -name '*.java')";

/// The Runnable for one Maven module (`$module`) and skeleton (`$app`), listing `$artifacts`'
/// versions. The JVM flags (a fast start, the class-data archive) are in the module's
/// `java.args`.
macro_rules! spring {
    ($app:literal, $module:literal, [$($artifact:literal),*]) => {
        run(
            Java,
            $app,
            &[
                "java",
                concat!("@{stack}/", $module, "/java.args"),
                "com.example.App",
                "--server.port={port}",
                "--server.address=127.0.0.1",
            ],
            &["java", $(concat!($module, "/", $artifact)),*],
        )
        // The controller and application.properties every Spring app shares.
        .base(&["_base/spring"])
        .build(&["sh", "-c", JAVAC, concat!("{stack}/", $module, "/javac.args")])
    };
}

fn mvc7() -> Runnable {
    spring!(
        "spring-mvc",
        "spring-mvc",
        ["spring-boot", "spring-webmvc", "tomcat-embed-core"]
    )
}

fn mvc6() -> Runnable {
    spring!(
        "spring-mvc",
        "spring-mvc6",
        ["spring-boot", "spring-webmvc", "tomcat-embed-core"]
    )
}

fn security7() -> Runnable {
    spring!(
        "spring-security",
        "spring-security",
        ["spring-boot", "spring-security-web", "spring-webmvc"]
    )
    .splice(
        "src/main/java/com/example/config/SecurityConfig.java",
        ".authorizeHttpRequests(auth -> auth.anyRequest()",
        "authorization-rules.java.txt",
    )
}

fn security6() -> Runnable {
    spring!(
        "spring-security",
        "spring-security6",
        ["spring-boot", "spring-security-web", "spring-webmvc"]
    )
    .splice(
        "src/main/java/com/example/config/SecurityConfig.java",
        ".authorizeHttpRequests(auth -> auth.anyRequest()",
        "authorization-rules.java.txt",
    )
}

fn webflux7() -> Runnable {
    spring!(
        "spring-webflux",
        "spring-webflux",
        ["spring-boot", "spring-webflux", "reactor-netty-http"]
    )
}

fn webflux6() -> Runnable {
    spring!(
        "spring-webflux",
        "spring-webflux6",
        ["spring-boot", "spring-webflux", "reactor-netty-http"]
    )
}

/// This group's targets, in report order.
pub(crate) fn targets() -> Vec<Target> {
    vec![
        runnable("spring-mvc", mvc7(), false),
        runnable("spring-mvc@6", mvc6(), false),
        runnable("spring-security", security7(), false),
        runnable("spring-security@6", security6(), false),
        runnable("spring-webflux", webflux7(), false),
        runnable("spring-webflux@6", webflux6(), false),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::Kind;

    #[test]
    fn every_target_names_an_existing_module_and_skeleton() {
        let verify = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../verify");
        for t in targets() {
            let Kind::Run(r) = &t.kind else {
                panic!("{} is not runnable", t.name)
            };
            assert!(verify.join("apps").join(r.app).is_dir(), "{}", t.name);
            let module = r.build[3]
                .strip_prefix("{stack}/")
                .and_then(|s| s.strip_suffix("/javac.args"))
                .unwrap();
            assert!(
                verify
                    .join("stacks/java")
                    .join(module)
                    .join("pom.xml")
                    .is_file(),
                "{}: no module {module}",
                t.name
            );
            assert!(r.cmd[1].contains(&format!("/{module}/")), "{}", t.name);
            for v in r.versions.iter().filter(|v| **v != "java") {
                assert!(v.starts_with(&format!("{module}/")), "{}: {v}", t.name);
            }
        }
    }
}
