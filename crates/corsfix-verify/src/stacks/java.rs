//! Maven: the pinned Spring versions (`verify/stacks/java/` → `verify/.cache/java/`).
//!
//! `verify/stacks/java/pom.xml` is an aggregator with one module per Spring target and major
//! (`spring-mvc`, `spring-mvc6`, …), each a Spring Boot parent and its starters. The install
//! runs Maven once, resolving every module's dependencies into a local repository
//! (`verify/.cache/java/m2`) and writing each module's classpath; then it writes two argument
//! files per module: `javac.args` (`-cp` the jars) and `java.args` (`-cp` the app's `classes`
//! and `src/main/resources`, relative to the app directory, then the jars). Apps are built with
//! `javac @…/javac.args` and started with `java @…/java.args`: no Maven per app, no network.

use std::path::Path;
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

/// The two argument files for one module's resolved classpath (`:`-separated jar paths).
fn arg_files(classpath: &str) -> (String, String) {
    let jars = classpath.trim();
    (
        format!("-cp {}\n", quoted(jars)),
        format!(
            "-cp {}\n",
            quoted(&format!("classes:src/main/resources:{jars}"))
        ),
    )
}

/// Install (or reuse) this stack from its manifest in `src` into `dir`, logging to `log`.
pub(super) fn install(_env: &Env, src: &Path, dir: &Path, log: &Path) -> Result<()> {
    let modules = modules(src)?;
    if modules.is_empty() {
        bail!("no module pom.xml under {}", src.display());
    }
    let mut changed = copy_if_changed(&src.join("pom.xml"), &dir.join("pom.xml"))?;
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
        let (javac, java) = arg_files(&cp);
        std::fs::write(dir.join(m).join("javac.args"), javac)?;
        std::fs::write(dir.join(m).join("java.args"), java)?;
    }
    Ok(())
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
        let (javac, java) = arg_files("/a b/x.jar:/c\"d\\e.jar\n");
        assert_eq!(javac, "-cp \"/a b/x.jar:/c\\\"d\\\\e.jar\"\n");
        assert_eq!(
            java,
            "-cp \"classes:src/main/resources:/a b/x.jar:/c\\\"d\\\\e.jar\"\n"
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
