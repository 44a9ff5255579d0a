//! The tools' JSON Schemas: `schemas/tools.json` beside this crate, whose references into
//! `docs/api/openapi.json` (the JSON API's schemas: the case format, the diagnosis, …) are
//! resolved here, so the MCP tools and the HTTP API describe the same objects with one text.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde_json::{Map, Value};

const OPENAPI: &str = include_str!("../../../docs/api/openapi.json");
const TOOLS: &str = include_str!("../schemas/tools.json");

const COMPONENTS: &str = "#/components/schemas/";
const DEFS: &str = "#/$defs/";

/// One tool's description and schemas.
#[derive(Debug, Clone)]
pub(crate) struct ToolSchema {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) input: Map<String, Value>,
    pub(crate) output: Map<String, Value>,
}

struct Sources {
    components: Map<String, Value>,
    defs: Map<String, Value>,
    tools: Map<String, Value>,
}

static SOURCES: LazyLock<Sources> = LazyLock::new(|| {
    let openapi: Value = serde_json::from_str(OPENAPI).expect("docs/api/openapi.json is JSON");
    let tools: Value = serde_json::from_str(TOOLS).expect("schemas/tools.json is JSON");
    let obj = |v: &Value, path: &[&str]| -> Map<String, Value> {
        let mut cur = v;
        for p in path {
            cur = &cur[*p];
        }
        cur.as_object().cloned().unwrap_or_default()
    };
    Sources {
        components: obj(&openapi, &["components", "schemas"]),
        defs: obj(&tools, &["defs"]),
        tools: obj(&tools, &["tools"]),
    }
});

static SCHEMAS: LazyLock<BTreeMap<String, ToolSchema>> = LazyLock::new(|| {
    SOURCES
        .tools
        .iter()
        .map(|(name, t)| {
            let text = |k: &str| t[k].as_str().unwrap_or_default().to_owned();
            (
                name.clone(),
                ToolSchema {
                    title: text("title"),
                    description: text("description"),
                    input: resolve(&t["input"]),
                    output: resolve(&t["output"]),
                },
            )
        })
        .collect()
});

/// Every tool's schemas, by tool name.
pub(crate) fn tools() -> &'static BTreeMap<String, ToolSchema> {
    &SCHEMAS
}

/// `schema` with every definition it refers to (directly or through another) copied into
/// its `$defs`, and the OpenAPI references rewritten to point there.
fn resolve(schema: &Value) -> Map<String, Value> {
    let mut defs = Map::new();
    let mut pending = Vec::new();
    collect_refs(schema, &mut pending);
    while let Some(name) = pending.pop() {
        if defs.contains_key(&name) {
            continue;
        }
        let def = SOURCES
            .defs
            .get(&name)
            .or_else(|| SOURCES.components.get(&name))
            .unwrap_or_else(|| panic!("schema `{name}` is neither in tools.json nor openapi.json"))
            .clone();
        collect_refs(&def, &mut pending);
        defs.insert(name, rewrite(def));
    }
    let mut out = match rewrite(schema.clone()) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    if !defs.is_empty() {
        out.insert("$defs".to_owned(), Value::Object(defs));
    }
    out
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "$ref"
                    && let Some(r) = v.as_str()
                {
                    let name = r
                        .strip_prefix(COMPONENTS)
                        .or_else(|| r.strip_prefix(DEFS))
                        .unwrap_or(r);
                    out.push(name.to_owned());
                } else {
                    collect_refs(v, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

fn rewrite(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| match (k.as_str(), &v) {
                    ("$ref", Value::String(r)) => {
                        let name = r.strip_prefix(COMPONENTS).unwrap_or(r);
                        let name = name.strip_prefix(DEFS).unwrap_or(name);
                        (k, Value::String(format!("{DEFS}{name}")))
                    }
                    _ => (k, rewrite(v)),
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(rewrite).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_definitions_do_not_shadow_the_apis_components() {
        for name in SOURCES.defs.keys() {
            assert!(
                !SOURCES.components.contains_key(name),
                "tools.json defines `{name}`, which docs/api/openapi.json also defines"
            );
        }
    }

    #[test]
    fn every_tool_has_object_schemas_whose_references_resolve() {
        let names: Vec<&str> = tools().keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "check", "explain", "generate", "lint", "simulate", "targets"
            ]
        );
        for (name, t) in tools() {
            assert_eq!(t.input["type"], "object", "{name} input");
            assert_eq!(t.output["type"], "object", "{name} output");
            assert!(!t.description.is_empty() && !t.title.is_empty(), "{name}");
            for schema in [&t.input, &t.output] {
                let v = Value::Object(schema.clone());
                let mut refs = Vec::new();
                collect_refs(&v, &mut refs);
                let defs = schema.get("$defs").and_then(Value::as_object);
                for r in refs {
                    assert!(
                        defs.is_some_and(|d| d.contains_key(&r)),
                        "{name}: `{r}` is not in $defs"
                    );
                }
                assert!(!v.to_string().contains(COMPONENTS), "{name}");
            }
        }
    }
}
