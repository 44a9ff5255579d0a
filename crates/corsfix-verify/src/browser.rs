//! The real-browser pass: Debian's headless Chromium, driven by `verify/node/browser.mjs`
//! (playwright-core with `executablePath`), fetches the running app from pages served on the
//! real origins (`https://app.example.com`, `https://evil.test`, a sandboxed `null` iframe, …;
//! every name is mapped to 127.0.0.1). Chromium's own verdict comes from the DevTools
//! protocol (`Network.loadingFailed` → `corsErrorStatus.corsError`) and must equal the
//! model's prediction on the answers the HTTP pass recorded.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::policies::{EXPOSED, EXPOSED_VALUE};
use crate::probe::{self, Finding, Outcome, Scenario};

/// The page server binds 443 (origins without a port), so browser passes run one at a time.
static BROWSER_LOCK: Mutex<()> = Mutex::new(());

/// The machine-wide lock for the page server's port 443.
const BROWSER_LOCK_FILE: &str = "/tmp/corsfix-verify-port-443.lock";

/// Where Debian installs Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// One `fetch()` for `browser.mjs` to run.
#[derive(Debug, Clone, Serialize)]
pub struct PlanCase {
    /// Unique id (the result line carries it back).
    pub id: String,
    /// The page's origin: `https://host` is served on 443, `http://host:port` on that port.
    pub origin: String,
    /// The URL fetched.
    pub url: String,
    /// The method.
    pub method: String,
    /// The headers the script sets.
    pub headers: BTreeMap<String, String>,
    /// `include`, `same-origin` or `omit`.
    pub credentials: &'static str,
    /// The body.
    pub body: Option<String>,
    /// Response headers read with `headers.get()`.
    pub read_headers: Vec<String>,
    /// A page the app itself serves (a dev server's), instead of the harness's page on `origin`.
    pub page_url: Option<String>,
    /// Cases with the same group share a browser context (default: the origin).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Where to write a HAR of the case's requests (preflight included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub har: Option<PathBuf>,
}

#[derive(Debug, Serialize)]
struct Plan<'a> {
    chromium: &'a str,
    page_port: u16,
    cert: PathBuf,
    key: PathBuf,
    parallel: usize,
    cases: Vec<PlanCase>,
}

/// One line of `browser.mjs` output.
#[derive(Debug, Clone, Deserialize)]
pub struct BrowserResult {
    /// The case id.
    pub id: String,
    /// Whether `fetch()` resolved.
    pub ok: bool,
    /// The status the page saw.
    pub status: Option<u16>,
    /// What `headers.get()` returned.
    #[serde(default)]
    pub headers: BTreeMap<String, Option<String>>,
    /// Chromium's `CorsError`, when blocked by CORS.
    pub cors_error: Option<String>,
    /// Any other error (network, harness).
    pub error: Option<String>,
    /// Every line Chromium logged to the console during the case.
    #[serde(default)]
    pub console: Vec<String>,
}

/// One browser case to run: a scenario from an origin against one app.
#[derive(Debug, Clone)]
pub struct BrowserCase {
    /// Which policy (for the report).
    pub policy: String,
    /// The app's port.
    pub port: u16,
    /// The scenario.
    pub scenario: Scenario,
    /// The page origin.
    pub origin: String,
    /// The page to fetch from when the app serves it itself (a dev server proxying the API);
    /// `None`: the harness's own HTTPS page on `origin`.
    pub page: Option<String>,
}

/// Which browser cases to run for one app: the allowed origin on every scenario but the
/// token-less one, and every hostile origin on the main scenario.
pub fn cases_for(policy_name: &str, port: u16, outcome: &Outcome) -> Vec<BrowserCase> {
    let scenarios = probe::scenarios();
    let mut out = Vec::new();
    // The page origins are served over HTTPS on 443: the first allowed sample among them.
    let first_allowed = ["https://app.example.com", "https://admin.example.com"]
        .into_iter()
        .find(|o| {
            outcome
                .exchanges
                .get(&(scenarios[0].name.to_owned(), (*o).to_owned()))
                .is_some_and(|e| e.allowed)
        })
        .map(str::to_owned);
    if let Some(origin) = first_allowed {
        for sc in scenarios
            .iter()
            .filter(|s| s.name != "get-private-no-token")
        {
            out.push(BrowserCase {
                policy: policy_name.to_owned(),
                port,
                scenario: sc.clone(),
                origin: origin.clone(),
                page: None,
            });
        }
    }
    for origin in [
        "https://evil.test",
        "null",
        "https://app.example.com.evil.test",
        "https://evilapp.example.com",
    ] {
        out.push(BrowserCase {
            policy: policy_name.to_owned(),
            port,
            scenario: scenarios[0].clone(),
            origin: origin.to_owned(),
            page: None,
        });
    }
    out
}

/// A throwaway self-signed certificate for the page origins (cached).
fn tls_files(cache: &Path) -> Result<(PathBuf, PathBuf)> {
    let dir = cache.join("tls");
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    if cert.exists() && key.exists() {
        return Ok((cert, key));
    }
    std::fs::create_dir_all(&dir)?;
    let status = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
        ])
        .args(["-subj", "/CN=corsfix-verify"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("running openssl (apt-get install openssl)")?;
    if !status.success() {
        bail!("openssl could not make the test certificate");
    }
    Ok((cert, key))
}

/// Run the cases in one Chromium and compare each with the model's prediction (taken from the
/// matching exchange in `outcomes[policy]`). Returns (checks, findings) per policy.
pub fn run(
    repo: &Path,
    cache: &Path,
    cases: &[BrowserCase],
    outcomes: &BTreeMap<String, Outcome>,
) -> Result<BTreeMap<String, (usize, Vec<Finding>)>> {
    let mut plan_cases = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let policy_mode = outcomes
            .get(&c.policy)
            .map(|o| o.credentials)
            .unwrap_or(false);
        plan_cases.push(PlanCase {
            id: i.to_string(),
            origin: c.origin.clone(),
            url: format!("http://127.0.0.1:{}{}?browser={i}", c.port, c.scenario.path),
            method: c.scenario.method.to_owned(),
            headers: c.scenario.headers.iter().cloned().collect(),
            credentials: if policy_mode { "include" } else { "omit" },
            body: c.scenario.body.map(str::to_owned),
            read_headers: if c.scenario.reads_exposed {
                vec![EXPOSED.to_owned()]
            } else {
                Vec::new()
            },
            page_url: c.page.clone(),
            group: None,
            har: None,
        });
    }
    let results = run_plan(repo, cache, plan_cases)?;
    compare_all(cases, outcomes, &results)
}

/// Run `cases` in one headless Chromium (`verify/node/browser.mjs`); the results by case id.
/// Passes run one at a time on this machine (the page servers bind 443 and dev-server ports).
pub fn run_plan(
    repo: &Path,
    cache: &Path,
    plan_cases: Vec<PlanCase>,
) -> Result<BTreeMap<String, BrowserResult>> {
    let driver = repo.join("verify/node/browser.mjs");
    if !repo
        .join("verify/node/node_modules/playwright-core")
        .exists()
    {
        bail!(
            "playwright-core is not installed: run `(cd verify/node && npm ci)` (scripts/setup-test-env.sh does)"
        );
    }
    if !Path::new(CHROMIUM).exists() {
        bail!("{CHROMIUM} is missing: apt-get install chromium");
    }
    let (cert, key) = tls_files(cache)?;
    let plan = Plan {
        chromium: CHROMIUM,
        page_port: 443,
        cert,
        key,
        parallel: 4,
        cases: plan_cases,
    };
    let _guard = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    // Port 443 is one per machine: other harness runs (another checkout, CI) wait here too.
    let _machine_guard = crate::process::FileLock::acquire(Path::new(BROWSER_LOCK_FILE))?;
    let mut child = Command::new("node")
        .arg(&driver)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting node verify/node/browser.mjs")?;
    child
        .stdin
        .take()
        .context("no stdin")?
        .write_all(&serde_json::to_vec(&plan)?)?;
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!(
            "the browser driver failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut results: BTreeMap<String, BrowserResult> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let r: BrowserResult = serde_json::from_str(line)
            .with_context(|| format!("bad line from browser.mjs: {line}"))?;
        results.insert(r.id.clone(), r);
    }
    Ok(results)
}

fn compare_all(
    cases: &[BrowserCase],
    outcomes: &BTreeMap<String, Outcome>,
    results: &BTreeMap<String, BrowserResult>,
) -> Result<BTreeMap<String, (usize, Vec<Finding>)>> {
    let mut per_policy: BTreeMap<String, (usize, Vec<Finding>)> = BTreeMap::new();
    for (i, c) in cases.iter().enumerate() {
        let entry = per_policy.entry(c.policy.clone()).or_default();
        entry.0 += 1;
        let finding = |detail: String| Finding {
            rule: "chromium",
            scenario: c.scenario.name.to_owned(),
            origin: c.origin.clone(),
            detail,
        };
        let Some(r) = results.get(&i.to_string()) else {
            entry
                .1
                .push(finding("the browser driver returned nothing".into()));
            continue;
        };
        if let Some(e) = r.error.as_deref().filter(|e| e.starts_with("harness:")) {
            entry.1.push(finding(e.to_owned()));
            continue;
        }
        let Some(exchange) = outcomes.get(&c.policy).and_then(|o| {
            o.exchanges
                .get(&(c.scenario.name.to_owned(), c.origin.clone()))
        }) else {
            entry
                .1
                .push(finding("no HTTP exchange recorded for this case".into()));
            continue;
        };
        if let Some((rule, problem)) = compare(r, exchange, &c.scenario) {
            let mut f = finding(problem);
            f.rule = rule;
            entry.1.push(f);
        }
    }
    Ok(per_policy)
}

/// `None` when Chromium did what the model predicted and what the policy wants; otherwise the
/// rule (`chromium`: a CORS verdict; `chromium-status`: the page could read the answer, but
/// not the route contract's status or exposed header) and what happened.
fn compare(
    r: &BrowserResult,
    e: &probe::Exchange,
    sc: &Scenario,
) -> Option<(&'static str, String)> {
    compare_verdict(r, e, sc).map(|m| {
        let rule = if m.starts_with("page ") {
            "chromium-status"
        } else {
            "chromium"
        };
        (rule, m)
    })
}

fn compare_verdict(r: &BrowserResult, e: &probe::Exchange, sc: &Scenario) -> Option<String> {
    let v = &e.verdict;
    if e.allowed && !r.ok {
        return Some(format!(
            "Chromium blocked an allowed origin: {} {}",
            r.cors_error.as_deref().unwrap_or("(no CorsError)"),
            r.error.as_deref().unwrap_or("")
        ));
    }
    if !e.allowed && r.ok {
        return Some(format!(
            "Chromium let a disallowed origin read the response (status {:?})",
            r.status
        ));
    }
    match (v.allowed, r.ok) {
        (true, true) => {
            if r.status != Some(sc.status) {
                return Some(format!(
                    "page saw status {:?}, expected {}",
                    r.status, sc.status
                ));
            }
            if sc.reads_exposed {
                let got = r.headers.get(EXPOSED).cloned().flatten();
                if got.as_deref() != Some(EXPOSED_VALUE) {
                    return Some(format!(
                        "page read {EXPOSED} = {got:?}, expected {EXPOSED_VALUE:?}"
                    ));
                }
            }
            None
        }
        (false, false) => {
            let predicted = v.failure.as_ref().map(|f| f.kind_name());
            if predicted == r.cors_error.as_deref() {
                None
            } else {
                Some(format!(
                    "Chromium reported {:?}, the model predicted {predicted:?}",
                    r.cors_error
                ))
            }
        }
        (model, browser) => Some(format!(
            "the model predicted allowed={model}, Chromium allowed={browser} ({:?} {:?})",
            r.cors_error, r.error
        )),
    }
}
