//! What `corsfix gen` produced for one target and policy: the files (with the paths the user
//! is told to put them at) and the install command.

use anyhow::{Result, bail};
use corsfix_policy::PolicySpec;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenFile {
    /// Where it goes, relative to the project root.
    pub path: String,
    /// Its contents.
    pub contents: String,
}

/// The generator's output for one target and policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// Every file to add or change.
    pub files: Vec<GenFile>,
    /// The install command shown to the user, if any.
    pub install: Option<String>,
}

/// Run the generator.
pub fn generate(target: &str, spec: &PolicySpec) -> Result<Generated> {
    let _ = spec;
    bail!("corsfix-gen does not expose a generator yet (target `{target}`)")
}
