//! Maven: the pinned Spring versions (`verify/stacks/java/` → `verify/.cache/java/`).
//!
//! `verify/stacks/java/pom.xml` is an aggregator with one module per Spring target and major
//! (`spring-mvc`, `spring-mvc6`, …), each a Spring Boot parent and its starters. The install
//! runs Maven once, resolving every module's dependencies into a local repository
//! (`verify/.cache/java/m2`) and writing each module's classpath. Then, per module, it runs a
//! small Spring Boot app (`verify/stacks/java/warm/WarmApp.java`) once with
//! `-XX:ArchiveClassesAtExit`, so every app maps the framework's classes from that class-data
//! archive instead of loading and verifying them again (about 40 % less CPU per start), and
//! writes two argument files: `javac.args` (`-cp` the jars) and `java.args` (the JVM flags, the
//! archive, `-cp` the jars, the warm-up jar, then the app's `classes` and `src/main/resources`,
//! relative to the app directory: the archive needs its classpath as a prefix). Apps are built
//! with `javac @…/javac.args` and started with `java @…/java.args`: no Maven per app, no network.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::{Env, Stack, copy_if_changed};
use crate::process::run_logged;

/// The dependency plugin that writes each module's classpath.
const DEPENDENCY_PLUGIN: &str = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

/// The module folders under `verify/stacks/java/` (each with a pom.xml).
fn modules(src: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(src).with_context(|| format!("reading {}", src.display()))? {
        let entry = entry?;
        if entry.path().join("pom.xml").is_file() {
            out.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    out.sort();
    Ok(out)
}

/// `text` as one argument in a `java`/`javac` @-file: double-quoted, `\` and `"` escaped.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '\\' || c == '"' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// JVM flags for a fast start (C1 only, the serial collector); the archive is written and
/// mapped with the same ones.
const JVM_FLAGS: &str = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

/// The two argument files for one module's resolved classpath (`:`-separated jar paths), with
/// the warm-up jar and class-data archive when the install made them.
fn arg_files(classpath: &str, warm: Option<(&Path, &Path)>) -> (String, String) {
    let jars = classpath.trim();
    let javac = format!("-cp {}\n", quoted(jars));
    let java = match warm {
        Some((jar, archive)) => format!(
            "{JVM_FLAGS}\n{}\n-cp {}\n",
            quoted(&format!("-XX:SharedArchiveFile={}", archive.display())),
            quoted(&format!(
                "{jars}:{}:classes:src/main/resources",
                jar.display()
            ))
        ),
        None => format!(
            "{JVM_FLAGS}\n-cp {}\n",
            quoted(&format!("{jars}:classes:src/main/resources"))
        ),
    };
    (javac, java)
}

/// Compile the warm-up app against `jars` into `<module dir>/warm.jar` and run it once to
/// write `<module dir>/app.jsa`. Returns the jar and archive paths.
fn warm_up(src: &Path, mdir: &Path, jars: &str, log: &Path) -> Result<(PathBuf, PathBuf)> {
    let classes = mdir.join("warm-classes");
    let jar = mdir.join("warm.jar");
    let archive = mdir.join("app.jsa");
    for stale in [&jar, &archive] {
        let _ = std::fs::remove_file(stale);
    }
    if classes.exists() {
        std::fs::remove_dir_all(&classes)?;
    }
    run_logged(
        Command::new("javac")
            .args(["-proc:none", "-encoding", "UTF-8", "-d"])
            .arg(&classes)
            .arg("-cp")
            .arg(jars)
            .arg(src.join("warm/WarmApp.java")),
        log,
        "javac verify/stacks/java/warm/WarmApp.java",
    )?;
    run_logged(
        Command::new("jar")
            .arg("cf")
            .arg(&jar)
            .arg("-C")
            .arg(&classes)
            .arg("."),
        log,
        "jar (the warm-up app)",
    )?;
    run_logged(
        Command::new("java")
            .args(JVM_FLAGS.split(' '))
            .arg(format!("-XX:ArchiveClassesAtExit={}", archive.display()))
            .arg("-cp")
            .arg(format!("{jars}:{}", jar.display()))
            .args([
                "warm.WarmApp",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
            ]),
        log,
        "java (the class-data warm-up)",
    )?;
    if !archive.is_file() {
        bail!("the warm-up wrote no class-data archive");
    }
    Ok((jar, archive))
}

/// Install (or reuse) this stack from its manifest in `src` into `dir`, logging to `log`.
pub(super) fn install(_env: &Env, src: &Path, dir: &Path, log: &Path) -> Result<()> {
    let modules = modules(src)?;
    if modules.is_empty() {
        bail!("no module pom.xml under {}", src.display());
    }
    let mut changed = copy_if_changed(&src.join("pom.xml"), &dir.join("pom.xml"))?
        | copy_if_changed(
            &src.join("warm/WarmApp.java"),
            &dir.join("warm/WarmApp.java"),
        )?;
    for m in &modules {
        changed |= copy_if_changed(&src.join(m).join("pom.xml"), &dir.join(m).join("pom.xml"))?;
        changed |= !dir.join(m).join("java.args").is_file();
    }
    if !changed {
        return Ok(());
    }
    for m in &modules {
        let _ = std::fs::remove_file(dir.join(m).join("java.args"));
    }
    run_logged(
        Command::new("mvn")
            .arg("-B")
            .arg("-q")
            .arg(format!("-Dmaven.repo.local={}", dir.join("m2").display()))
            .arg(format!("{DEPENDENCY_PLUGIN}:build-classpath"))
            .arg("-Dmdep.outputFile=classpath.txt")
            .current_dir(dir),
        log,
        "mvn dependency:build-classpath (verify/stacks/java)",
    )?;
    for m in &modules {
        let cp = std::fs::read_to_string(dir.join(m).join("classpath.txt"))
            .with_context(|| format!("Maven wrote no classpath for verify/stacks/java/{m}"))?;
        if cp.trim().is_empty() {
            bail!("verify/stacks/java/{m} resolved to an empty classpath");
        }
        // The archive only saves time: without it the apps start all the same.
        let warm = warm_up(src, &dir.join(m), cp.trim(), log)
            .map_err(|e| {
                let _ = append(log, &format!("{m}: no class-data archive: {e:#}\n"));
            })
            .ok();
        let (javac, java) = arg_files(&cp, warm.as_ref().map(|(j, a)| (j.as_path(), a.as_path())));
        std::fs::write(dir.join(m).join("javac.args"), javac)?;
        std::fs::write(dir.join(m).join("java.args"), java)?;
    }
    Ok(())
}

fn append(log: &Path, line: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    std::fs::File::options()
        .create(true)
        .append(true)
        .open(log)?
        .write_all(line.as_bytes())
}

/// The version of `artifact` in a resolved classpath: the jar's folder in the local repository
/// is `…/<artifact>/<version>/<artifact>-<version>.jar`.
fn version_in(classpath: &str, artifact: &str) -> Option<String> {
    classpath.trim().split(':').find_map(|jar| {
        let p = Path::new(jar);
        let version = p.parent()?.file_name()?.to_str()?;
        let name = p.parent()?.parent()?.file_name()?.to_str()?;
        (name == artifact && p.file_name()? == format!("{artifact}-{version}.jar").as_str())
            .then(|| version.to_owned())
    })
}

/// The installed version of `name`, for the report: `java` (the JDK that runs the apps), or
/// `<module>/<artifact>` as resolved for that module (`spring-mvc6/spring-webmvc`).
pub(super) fn version(env: &Env, name: &str) -> Result<String> {
    if name == "java" {
        let out = Command::new("java").arg("-version").output()?;
        let text = String::from_utf8_lossy(&out.stderr);
        // `openjdk version "17.0.15" 2025-04-15`
        return text
            .lines()
            .next()
            .and_then(|l| l.split('"').nth(1))
            .map(str::to_owned)
            .context("java -version printed no version");
    }
    let (module, artifact) = name
        .split_once('/')
        .with_context(|| format!("{name}: name a module, as in spring-mvc/spring-webmvc"))?;
    let cp = std::fs::read_to_string(
        env.stack_dir(Stack::Java)
            .join(module)
            .join("classpath.txt"),
    )
    .with_context(|| format!("{module}: the java stack is not installed"))?;
    version_in(&cp, artifact).with_context(|| format!("{artifact} is not on {module}'s classpath"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_the_repository_layout() {
        let cp = "/m2/org/springframework/spring-web/7.0.8/spring-web-7.0.8.jar:\
                  /m2/org/springframework/spring-webmvc/7.0.8/spring-webmvc-7.0.8.jar:\
                  /m2/org/apache/tomcat/embed/tomcat-embed-core/11.0.22/tomcat-embed-core-11.0.22.jar\n";
        assert_eq!(version_in(cp, "spring-webmvc").as_deref(), Some("7.0.8"));
        assert_eq!(version_in(cp, "spring-web").as_deref(), Some("7.0.8"));
        assert_eq!(
            version_in(cp, "tomcat-embed-core").as_deref(),
            Some("11.0.22")
        );
        assert_eq!(version_in(cp, "spring-webflux"), None);
        assert_eq!(version_in("", "spring-web"), None);
    }

    #[test]
    fn arg_files_quote_the_classpath() {
        let (javac, java) = arg_files("/a b/x.jar:/c\"d\\e.jar\n", None);
        assert_eq!(javac, "-cp \"/a b/x.jar:/c\\\"d\\\\e.jar\"\n");
        assert_eq!(
            java,
            format!(
                "{JVM_FLAGS}\n-cp \"/a b/x.jar:/c\\\"d\\\\e.jar:classes:src/main/resources\"\n"
            )
        );
    }

    #[test]
    fn the_archive_comes_with_its_classpath_as_a_prefix() {
        let (_, java) = arg_files(
            "/m2/a.jar:/m2/b.jar",
            Some((Path::new("/c/warm.jar"), Path::new("/c/app.jsa"))),
        );
        assert_eq!(
            java,
            format!(
                "{JVM_FLAGS}\n\"-XX:SharedArchiveFile=/c/app.jsa\"\n\
                 -cp \"/m2/a.jar:/m2/b.jar:/c/warm.jar:classes:src/main/resources\"\n"
            )
        );
    }

    #[test]
    fn every_module_is_a_listed_maven_module() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../verify/stacks/java");
        let aggregator = std::fs::read_to_string(src.join("pom.xml")).unwrap();
        let mods = modules(&src).unwrap();
        assert_eq!(mods.len(), 6);
        for m in mods {
            assert!(
                aggregator.contains(&format!("<module>{m}</module>")),
                "{m} is not in the aggregator pom"
            );
        }
    }
}
