//! The fix of a report as generated files (`check --target`, `explain --target`): the report's
//! policy (the diagnose crate's Diagnosis → Policy step) through `corsfix-gen`.

use corsfix_diagnose::Fix;
use corsfix_diagnose::report::Report;

use crate::render::report::Files;

pub(crate) fn server_fix(report: &Report) -> Option<&Fix> {
    report.fix.as_ref().and_then(|f| f.server.as_ref())
}

pub(crate) fn to_json(g: &Result<Files, String>) -> serde_json::Value {
    match g {
        Ok(f) => serde_json::json!({
            "target": f.target,
            "files": f.files.iter().map(|(p, c)| serde_json::json!({"path": p, "contents": c})).collect::<Vec<_>>(),
            "notes": f.notes,
        }),
        Err(why) => serde_json::json!({ "error": why }),
    }
}

/// `--target`: the configuration a correct server needs for this request, generated for
/// `target` from the report's fix, or why there is none.
pub(crate) fn generate(report: &Report, target: &str) -> Result<Files, String> {
    let Some(fix) = server_fix(report) else {
        return Err(
            "no server configuration fixes this: the cause is not in the server's CORS policy"
                .to_owned(),
        );
    };
    let policy = fix
        .policy
        .build()
        .map_err(|e| format!("no configuration can be generated: {e}"))?;
    let g = corsfix_gen::generate(&policy, target, &corsfix_gen::Options::default())
        .map_err(|e| e.to_string())?;
    let mut notes: Vec<String> = g
        .files
        .iter()
        .map(|f| format!("{}: {}", f.path, f.placement))
        .collect();
    notes.extend(g.install.iter().map(|c| format!("install: {c}")));
    notes.extend(g.notes.iter().cloned());
    Ok(Files {
        target: format!("{} {}", g.name, g.version),
        files: g
            .files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect(),
        notes,
    })
}
