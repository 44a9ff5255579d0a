//! What `corsfix gen` produced for one target and policy: the files (with the paths the user
//! is told to put them at), the install commands and the stated limitations. Taken from
//! `corsfix_gen::generate`, the same function the CLI's `gen --json` prints.

use anyhow::{Result, anyhow};
use corsfix_policy::PolicySpec;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenFile {
    /// Where it goes (relative to the project root, or absolute for server configs).
    pub path: String,
    /// Its contents.
    pub contents: String,
}

/// The generator's output for one target and policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// Every file to add or change.
    pub files: Vec<GenFile>,
    /// The install commands shown to the user.
    pub install: Vec<String>,
    /// Where the target cannot express the policy exactly.
    pub limitations: Vec<String>,
}

/// The generator refused, saying the target cannot express the policy (a subdomain pattern in a
/// static header file, say): a correct answer, reported as "not applicable".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CannotExpress(pub String);

/// Run the generator.
pub fn generate(target: &str, spec: &PolicySpec) -> Result<Generated> {
    generate_with(target, spec, None)
}

/// Run the generator; `upstream` is the dev-proxy backend (`corsfix gen --upstream`).
pub fn generate_with(target: &str, spec: &PolicySpec, upstream: Option<&str>) -> Result<Generated> {
    let policy = spec
        .build()
        .map_err(|e| anyhow!("the fixture policy is invalid: {e}"))?;
    let mut options = corsfix_gen::Options::default();
    if let Some(u) = upstream {
        options = options.upstream(u);
    }
    let out = match corsfix_gen::generate(&policy, target, &options) {
        Ok(out) => out,
        Err(e @ corsfix_gen::GenError::CannotExpress { .. }) => {
            return Err(CannotExpress(e.to_string()).into());
        }
        Err(e) => return Err(anyhow!("corsfix gen --target {target}: {e}")),
    };
    Ok(Generated {
        files: out
            .files
            .into_iter()
            .map(|f| GenFile {
                path: f.path,
                contents: f.contents,
            })
            .collect(),
        install: out.install,
        limitations: out.limitations,
    })
}
