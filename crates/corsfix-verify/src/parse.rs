//! Targets that cannot be served here are checked with the real tool's parser or schema:
//! `php -l` (Laravel), PyYAML (Symfony/Nelmio), `cfn-lint` (API Gateway, Lambda URLs), and
//! JSON shape checks for GCS and Vercel.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::generated::Generated;
use crate::stacks::Env;
use crate::targets::{JsonShape, Parser};

fn write_all(dir: &Path, generated: &Generated) -> Result<Vec<std::path::PathBuf>> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let mut out = Vec::new();
    for f in &generated.files {
        let p = dir.join(crate::runner::safe_relative(&f.path)?);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&p, &f.contents)?;
        out.push(p);
    }
    Ok(out)
}

fn ext(p: &Path) -> &str {
    p.extension().and_then(|e| e.to_str()).unwrap_or("")
}

fn run_tool(cmd: &mut Command, what: &str) -> Result<()> {
    let out = cmd
        .output()
        .with_context(|| format!("{what}: could not start {:?}", cmd.get_program()))?;
    if !out.status.success() {
        bail!(
            "{what} rejected it:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// Check one generated output; `Ok(n)` = number of files checked.
pub fn check(
    env: &Env,
    target: &str,
    policy: &str,
    parser: Parser,
    g: &Generated,
) -> Result<usize> {
    let dir = env.cache.join("parse").join(target).join(policy);
    let files = write_all(&dir, g)?;
    let mut checked = 0;
    for f in &files {
        match (parser, ext(f)) {
            (Parser::PhpLint, "php") => {
                run_tool(Command::new("php").arg("-l").arg(f), "php -l")?;
                checked += 1;
            }
            (Parser::Yaml(key), "yaml" | "yml") => {
                let script = "import sys, yaml\nd = yaml.safe_load(open(sys.argv[1]))\nassert isinstance(d, dict) and sys.argv[2] in d, 'top-level key %r missing' % sys.argv[2]";
                run_tool(
                    Command::new(env.python())
                        .args(["-c", script])
                        .arg(f)
                        .arg(key),
                    "PyYAML",
                )?;
                checked += 1;
            }
            (Parser::CfnLint, "yaml" | "yml" | "json" | "template") => {
                let cfn = env.python().with_file_name("cfn-lint");
                run_tool(Command::new(cfn).arg("--").arg(f), "cfn-lint")?;
                checked += 1;
            }
            (Parser::Json(shape), "json") => {
                let text = std::fs::read_to_string(f)?;
                let v: Value = serde_json::from_str(&text)
                    .with_context(|| format!("{} is not JSON", f.display()))?;
                json_shape(shape, &v).with_context(|| format!("{}", f.display()))?;
                checked += 1;
            }
            _ => {}
        }
    }
    if checked == 0 {
        bail!("no file of the kind {parser:?} checks was generated");
    }
    Ok(checked)
}

/// The documented shapes (GCS: the storage v1 `Bucket.cors` item; Vercel: `headers` rules).
pub fn json_shape(shape: JsonShape, v: &Value) -> Result<()> {
    match shape {
        JsonShape::Any => Ok(()),
        JsonShape::GcsCors => {
            let list = v.as_array().context("GCS CORS must be a JSON list")?;
            for (i, item) in list.iter().enumerate() {
                let obj = item
                    .as_object()
                    .with_context(|| format!("[{i}] is not an object"))?;
                for (k, val) in obj {
                    match k.as_str() {
                        "origin" | "method" | "responseHeader" => {
                            let ok = val
                                .as_array()
                                .is_some_and(|a| a.iter().all(Value::is_string));
                            if !ok {
                                bail!("[{i}].{k} must be a list of strings");
                            }
                        }
                        "maxAgeSeconds" => {
                            if !val.is_u64() {
                                bail!("[{i}].maxAgeSeconds must be a non-negative integer");
                            }
                        }
                        other => bail!("[{i}].{other} is not a Bucket.cors field"),
                    }
                }
                if !obj.contains_key("origin") {
                    bail!("[{i}] has no origin list");
                }
            }
            Ok(())
        }
        JsonShape::VercelHeaders => {
            let rules = v
                .get("headers")
                .and_then(Value::as_array)
                .context("vercel.json needs a `headers` list")?;
            for (i, r) in rules.iter().enumerate() {
                if !r.get("source").is_some_and(Value::is_string) {
                    bail!("headers[{i}].source must be a string");
                }
                let hs = r
                    .get("headers")
                    .and_then(Value::as_array)
                    .with_context(|| format!("headers[{i}].headers must be a list"))?;
                for (j, h) in hs.iter().enumerate() {
                    let ok = h.get("key").is_some_and(Value::is_string)
                        && h.get("value").is_some_and(Value::is_string);
                    if !ok {
                        bail!("headers[{i}].headers[{j}] needs string `key` and `value`");
                    }
                }
                for cond in ["has", "missing"] {
                    if let Some(list) = r.get(cond) {
                        let ok = list.as_array().is_some_and(|a| {
                            a.iter().all(|c| {
                                matches!(
                                    c.get("type").and_then(Value::as_str),
                                    Some("header" | "cookie" | "host" | "query")
                                )
                            })
                        });
                        if !ok {
                            bail!(
                                "headers[{i}].{cond} items need a type of header/cookie/host/query"
                            );
                        }
                    }
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcs_shape_accepts_the_documented_fields_only() {
        let good = serde_json::json!([{"origin": ["https://a.example"], "method": ["GET"], "responseHeader": ["X"], "maxAgeSeconds": 600}]);
        assert!(json_shape(JsonShape::GcsCors, &good).is_ok());
        let bad = serde_json::json!([{"origins": ["https://a.example"]}]);
        assert!(json_shape(JsonShape::GcsCors, &bad).is_err());
        let neg = serde_json::json!([{"origin": ["x"], "maxAgeSeconds": -1}]);
        assert!(json_shape(JsonShape::GcsCors, &neg).is_err());
    }

    #[test]
    fn vercel_shape_needs_key_value_pairs() {
        let good = serde_json::json!({"headers": [{"source": "/api/(.*)", "has": [{"type": "header", "key": "origin", "value": "x"}], "headers": [{"key": "Vary", "value": "Origin"}]}]});
        assert!(json_shape(JsonShape::VercelHeaders, &good).is_ok());
        let bad =
            serde_json::json!({"headers": [{"source": "/api", "headers": [{"name": "Vary"}]}]});
        assert!(json_shape(JsonShape::VercelHeaders, &bad).is_err());
    }
}
