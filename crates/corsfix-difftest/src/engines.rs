//! Launching the real engines and collecting what they said.
//!
//! - Chromium and Firefox: `tests/browser/run.mjs` (puppeteer-core; the DevTools protocol for
//!   Chromium, WebDriver BiDi for Firefox) launches the browser, opens the page and prints the
//!   browser's own reports (`Network.loadingFailed` `corsErrorStatus`, console lines, page
//!   errors) as one JSON object.
//! - WebKit: WebKitGTK's MiniBrowser under `xvfb-run`, with console messages written to
//!   stdout; the page runs one case at a time between marker lines, so each console line is
//!   attributed to the case that was running.
//!
//! In every engine the page itself runs the cases and posts what the script saw to the replay
//! server.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use corsfix_model::{Case, Initiator};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::compare::PageResult;
use crate::server::{Replay, ServerError, case_id};

/// A real browser engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Debian's headless Chromium, over the DevTools protocol.
    Chromium,
    /// Debian's Firefox ESR, over WebDriver BiDi.
    Firefox,
    /// WebKitGTK's MiniBrowser.
    WebKit,
}

impl Engine {
    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Chromium => "chromium",
            Self::Firefox => "firefox",
            Self::WebKit => "webkit",
        }
    }
}

/// Why an engine could not be run.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// A binary or the npm packages are not installed.
    #[error("{0}")]
    Missing(String),
    /// The replay server failed.
    #[error(transparent)]
    Server(#[from] ServerError),
    /// Starting or talking to the browser failed.
    #[error("{engine}: {what}")]
    Browser {
        /// Which engine.
        engine: &'static str,
        /// What went wrong.
        what: String,
    },
}

/// How to launch the browser for one batch, beyond the defaults: what the Local Network Access
/// cases need (`crate::lna`). Handed to `tests/browser/run.mjs` as JSON in
/// `CORSFIX_RUN_CONFIG`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Launch {
    /// Extra Chromium switches (`--ip-address-space-overrides=…`, `--host-resolver-rules=…`).
    pub args: Vec<String>,
    /// Extra Firefox preferences (`network.lna.address_space.public.override`, …).
    pub prefs: serde_json::Map<String, serde_json::Value>,
    /// Origins given the Local Network Access permission before the page loads (Chromium: the
    /// `local_network_access` content setting in the profile; Firefox: WebDriver BiDi
    /// `permissions.setPermission` for `loopback-network` and `local-network`).
    pub grant: Vec<String>,
    /// Origins refused it (Firefox only: its prompt would otherwise wait for an answer).
    pub deny: Vec<String>,
    /// Open the page here instead of the replay server's own URL.
    pub page_url: Option<String>,
    /// Serve the page over https on this port (a TLS front to the replay server's page port,
    /// with a throw-away certificate that the browser is told to accept).
    pub tls_port: Option<u16>,
}

/// A load Chromium reported as failed: the request's type (`Preflight`, `Fetch`, …) and its
/// `corsErrorStatus.corsError`, if any.
pub type FailedLoad = (Option<String>, Option<String>);

/// One engine's run over a batch of cases.
#[derive(Debug, Clone, Default)]
pub struct EngineRun {
    /// The browser's version string.
    pub version: String,
    /// What the script saw, per case id.
    pub page: HashMap<String, PageResult>,
    /// Console lines (and page errors) per case id, in arrival order.
    pub lines: HashMap<String, Vec<String>>,
    /// Chromium: `corsErrorStatus.corsError` of the failed loads per case id, `(type, name)`
    /// (`None` name: failed without a CORS error).
    pub cors_errors: HashMap<String, Vec<FailedLoad>>,
    /// Lines that named no case.
    pub stray_lines: Vec<String>,
    /// Wall time of the browser run.
    pub elapsed: Duration,
}

/// The workspace's `tests/browser` directory.
pub fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser")
}

fn chromium_path() -> PathBuf {
    std::env::var_os("CORSFIX_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

fn firefox_path() -> PathBuf {
    std::env::var_os("CORSFIX_FIREFOX")
        .map_or_else(|| PathBuf::from("/usr/bin/firefox-esr"), PathBuf::from)
}

/// Where WebKitGTK's MiniBrowser is (`CORSFIX_MINIBROWSER`, or Debian's
/// `/usr/lib/<triplet>/webkit2gtk-4.*/MiniBrowser`).
pub fn minibrowser_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CORSFIX_MINIBROWSER") {
        return Some(PathBuf::from(p));
    }
    let lib = Path::new("/usr/lib");
    let mut found = Vec::new();
    for triplet in std::fs::read_dir(lib).ok()?.flatten() {
        let Ok(dirs) = std::fs::read_dir(triplet.path()) else {
            continue;
        };
        for d in dirs.flatten() {
            if d.file_name().to_string_lossy().starts_with("webkit2gtk-4.") {
                let mb = d.path().join("MiniBrowser");
                if mb.is_file() {
                    found.push(mb);
                }
            }
        }
    }
    found.sort();
    found.pop()
}

fn on_path(bin: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(bin).is_file()))
}

/// Whether `engine` can run here; `Err` says what is missing and how to install it.
pub fn available(engine: Engine) -> Result<(), EngineError> {
    let missing = |s: String| Err(EngineError::Missing(s));
    match engine {
        Engine::Chromium | Engine::Firefox => {
            let (bin, pkg) = if engine == Engine::Chromium {
                (chromium_path(), "chromium")
            } else {
                (firefox_path(), "firefox-esr")
            };
            if !bin.is_file() {
                return missing(format!(
                    "{} is not installed (apt-get install {pkg})",
                    bin.display()
                ));
            }
            if !on_path("node") {
                return missing("node is not on PATH (apt-get install nodejs npm)".to_owned());
            }
            if !browser_dir().join("node_modules/puppeteer-core").is_dir() {
                return missing(
                    "tests/browser/node_modules is missing (PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/browser)"
                        .to_owned(),
                );
            }
            Ok(())
        }
        Engine::WebKit => {
            if minibrowser_path().is_none() {
                return missing(
                    "WebKitGTK's MiniBrowser is not installed (apt-get install webkit2gtk-driver)"
                        .to_owned(),
                );
            }
            if !on_path("xvfb-run") {
                return missing(
                    "xvfb-run is not installed (apt-get install xvfb xauth)".to_owned(),
                );
            }
            Ok(())
        }
    }
}

/// The JSON the page runs: what each case's script does.
pub fn runner_cases(cases: &[Case]) -> String {
    let list: Vec<serde_json::Value> = cases
        .iter()
        .map(|c| {
            let r = &c.request;
            let frame = c.address_space.as_ref().and_then(|a| a.frame.as_ref()).map(|f| {
                json!({"src": format!("{}/frame", c.origin), "allow": f.allow})
            });
            json!({
                "id": case_id(c),
                "targetAddressSpace": r.target_address_space.map(|s| s.name()),
                "frame": frame,
                "url": c.url,
                "method": r.method,
                "headers": r.headers,
                "credentials": r.credentials,
                "mode": r.mode,
                "redirect": r.redirect,
                "body": r.body,
                "initiator": if r.initiator == Initiator::XmlHttpRequest { "xmlhttprequest" } else { "fetch" },
                "read_headers": r.read_headers,
            })
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// The page, running `concurrency` cases at a time; with `markers`, every case is bracketed
/// by `corsfix-difftest begin|end {id}` console lines.
pub fn page_html(concurrency: usize, markers: bool) -> String {
    include_str!("page.html")
        .replace("__CONCURRENCY__", &concurrency.to_string())
        .replace("__MARKERS__", if markers { "true" } else { "false" })
}

/// The case id in a line that names a case URL (`…/c/{id}/…`).
pub fn case_in(text: &str) -> Option<&str> {
    let at = text.find("/c/")? + 3;
    let rest = &text[at..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

#[derive(Deserialize)]
struct PagePost {
    #[serde(default)]
    results: Vec<PageResult>,
    #[serde(default)]
    fatal: Option<String>,
    #[serde(default, rename = "userAgent")]
    user_agent: String,
}

#[derive(Deserialize)]
struct HarnessOut {
    version: Option<String>,
    #[serde(default)]
    console: Vec<String>,
    #[serde(default, rename = "pageErrors")]
    page_errors: Vec<String>,
    #[serde(default, rename = "corsErrors")]
    cors_errors: Vec<HarnessCorsError>,
}

#[derive(Deserialize)]
struct HarnessCorsError {
    url: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename = "corsError")]
    cors_error: Option<String>,
}

/// Kill the process group led by `child` (it was started as its own group leader), then reap it.
fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        thread::sleep(Duration::from_millis(50));
    }
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    let _ = child.wait();
}

fn spawn_group(cmd: &mut Command) -> std::io::Result<Child> {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0).spawn()
}

/// Run `cases` in `engine`: serve them, let the page run them, collect everything.
pub fn run(
    engine: Engine,
    cases: &[Case],
    server: &Replay,
    timeout: Duration,
) -> Result<EngineRun, EngineError> {
    run_with(engine, cases, server, timeout, &Launch::default())
}

/// [`run`], with the browser launched as `launch` says (Chromium and Firefox).
pub fn run_with(
    engine: Engine,
    cases: &[Case],
    server: &Replay,
    timeout: Duration,
    launch: &Launch,
) -> Result<EngineRun, EngineError> {
    available(engine)?;
    let browser_err = |what: String| EngineError::Browser {
        engine: engine.name(),
        what,
    };
    let (concurrency, markers) = match engine {
        Engine::Chromium | Engine::Firefox => (24, false),
        Engine::WebKit => (1, true),
    };
    server.load(cases, page_html(concurrency, markers), runner_cases(cases))?;
    let profile = tempdir(engine.name())
        .map_err(|e| browser_err(format!("cannot create a profile directory: {e}")))?;
    let started = Instant::now();
    let mut out = EngineRun::default();
    let results = match engine {
        Engine::Chromium | Engine::Firefox => {
            let mut cmd = Command::new("node");
            cmd.arg(browser_dir().join("run.mjs"))
                .arg(engine.name())
                .arg(server.page_url())
                .arg(&profile)
                .arg(timeout.as_millis().to_string())
                .env(
                    "CORSFIX_RUN_CONFIG",
                    serde_json::to_string(launch).unwrap_or_default(),
                )
                .env("PUPPETEER_SKIP_DOWNLOAD", "1")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let mut child = spawn_group(&mut cmd)
                .map_err(|e| browser_err(format!("cannot start node: {e}")))?;
            let mut stdout = child.stdout.take();
            let mut stderr = child.stderr.take();
            let (tx, rx) = mpsc::channel();
            thread::spawn(move || {
                let mut o = String::new();
                let mut e = String::new();
                if let Some(s) = stdout.as_mut() {
                    let _ = s.read_to_string(&mut o);
                }
                if let Some(s) = stderr.as_mut() {
                    let _ = s.read_to_string(&mut e);
                }
                let _ = tx.send((o, e));
            });
            let results = server.wait_results(timeout);
            let Ok((stdout, stderr)) = rx.recv_timeout(Duration::from_secs(60)) else {
                kill_group(&mut child);
                let _ = std::fs::remove_dir_all(&profile);
                return Err(browser_err("the harness did not finish".to_owned()));
            };
            let status = child.wait().map_err(|e| browser_err(e.to_string()))?;
            let _ = std::fs::remove_dir_all(&profile);
            if !status.success() {
                return Err(browser_err(format!(
                    "the harness failed ({status}): {}",
                    stderr.trim()
                )));
            }
            let h: HarnessOut = serde_json::from_str(stdout.trim()).map_err(|e| {
                browser_err(format!(
                    "unreadable harness output ({e}): {}",
                    truncate(&stdout)
                ))
            })?;
            out.version = h.version.unwrap_or_default();
            for line in h.console.into_iter().chain(h.page_errors) {
                match case_in(&line) {
                    Some(id) => out.lines.entry(id.to_owned()).or_default().push(line),
                    None => out.stray_lines.push(line),
                }
            }
            for e in h.cors_errors {
                if let Some(id) = e.url.as_deref().and_then(case_in) {
                    out.cors_errors
                        .entry(id.to_owned())
                        .or_default()
                        .push((e.kind, e.cors_error));
                }
            }
            results
        }
        Engine::WebKit => {
            let mb = minibrowser_path()
                .ok_or_else(|| browser_err("MiniBrowser not found".to_owned()))?;
            let mut cmd = Command::new("xvfb-run");
            cmd.args(["-a", "-s", "-screen 0 1024x768x24"])
                .arg(mb)
                .arg("--enable-write-console-messages-to-stdout=true")
                .arg(server.page_url())
                .env("HOME", &profile)
                .env("XDG_CACHE_HOME", profile.join("cache"))
                .env("XDG_DATA_HOME", profile.join("data"))
                .env("XDG_CONFIG_HOME", profile.join("config"))
                .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let mut child = spawn_group(&mut cmd)
                .map_err(|e| browser_err(format!("cannot start xvfb-run: {e}")))?;
            let (tx, rx) = mpsc::channel::<String>();
            for pipe in [
                child
                    .stdout
                    .take()
                    .map(|s| Box::new(s) as Box<dyn Read + Send>),
                child
                    .stderr
                    .take()
                    .map(|s| Box::new(s) as Box<dyn Read + Send>),
            ]
            .into_iter()
            .flatten()
            {
                let tx = tx.clone();
                thread::spawn(move || {
                    for line in BufReader::new(pipe).lines() {
                        let Ok(line) = line else { break };
                        if tx.send(line).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            let results = server.wait_results(timeout);
            // Let the last console lines arrive.
            thread::sleep(Duration::from_millis(700));
            kill_group(&mut child);
            let _ = std::fs::remove_dir_all(&profile);
            let raw: Vec<String> = rx.try_iter().collect();
            let (lines, stray) = attribute_webkit(&raw);
            out.lines = lines;
            out.stray_lines = stray;
            results
        }
    };
    out.elapsed = started.elapsed();
    let Some(results) = results else {
        return Err(browser_err(format!(
            "the page did not post results within {timeout:?}; stray output: {}",
            truncate(&out.stray_lines.join("\n"))
        )));
    };
    let post: PagePost = serde_json::from_str(&results).map_err(|e| {
        browser_err(format!(
            "unreadable page results ({e}): {}",
            truncate(&results)
        ))
    })?;
    if let Some(f) = post.fatal {
        return Err(browser_err(format!("the page failed: {f}")));
    }
    if out.version.is_empty() {
        out.version = post.user_agent;
    }
    for r in post.results {
        out.page.insert(r.id.clone(), r);
    }
    Ok(out)
}

/// The console message text in one line of MiniBrowser's output, if it is one.
///
/// WebKitGTK writes `[{url}:{line}:{column}: ]CONSOLE [{SOURCE} ]{LEVEL} {message}` (for
/// example `CONSOLE SECURITY ERROR Preflight response is not successful. Status code: 501`,
/// `…index.html:3:143: CONSOLE LOG …`) on stderr.
pub fn webkit_console_text(line: &str) -> Option<&str> {
    let at = line.find("CONSOLE ")?;
    let mut rest = &line[at + "CONSOLE ".len()..];
    for _ in 0..2 {
        let Some((word, more)) = rest.split_once(' ') else {
            break;
        };
        if word.is_empty() || !word.bytes().all(|b| b.is_ascii_uppercase()) {
            break;
        }
        rest = more;
    }
    Some(rest)
}

/// Attribute MiniBrowser console lines to the case running between its markers.
fn attribute_webkit(raw: &[String]) -> (HashMap<String, Vec<String>>, Vec<String>) {
    let mut lines: HashMap<String, Vec<String>> = HashMap::new();
    let mut stray = Vec::new();
    let mut current: Option<String> = None;
    for line in raw {
        let Some(text) = webkit_console_text(line) else {
            stray.push(line.clone());
            continue;
        };
        if let Some(id) = text.strip_prefix("corsfix-difftest begin ") {
            current = Some(id.trim().to_owned());
            continue;
        }
        if text.starts_with("corsfix-difftest end ") {
            current = None;
            continue;
        }
        match &current {
            Some(id) => lines.entry(id.clone()).or_default().push(text.to_owned()),
            None => stray.push(line.clone()),
        }
    }
    (lines, stray)
}

fn truncate(s: &str) -> String {
    s.chars().take(2000).collect()
}

fn tempdir(name: &str) -> std::io::Result<PathBuf> {
    let base = std::env::temp_dir();
    for n in 0..1000u32 {
        let p = base.join(format!(
            "corsfix-difftest-{name}-{}-{n}",
            std::process::id()
        ));
        match std::fs::create_dir(&p) {
            Ok(()) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free temporary directory name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_case_in_a_line() {
        assert_eq!(
            case_in("Access to fetch at 'http://127.0.0.1:1/c/g1-20/1/h1' from origin"),
            Some("g1-20")
        );
        assert_eq!(
            case_in("reading the remote resource at http://127.0.0.1:1/c/g1-2/1. (Reason"),
            Some("g1-2")
        );
        assert_eq!(case_in("Failed to load resource"), None);
        assert_eq!(case_in("/c/"), None);
    }

    #[test]
    fn attributes_webkit_lines_between_markers() {
        let raw: Vec<String> = [
            "http://127.0.0.1:1/:2:12: CONSOLE LOG corsfix-difftest begin g1-1",
            "CONSOLE SECURITY ERROR Method PUT is not allowed by Access-Control-Allow-Methods.",
            "http://127.0.0.1:1/:3:143: CONSOLE LOG corsfix-difftest end g1-1",
            "something else",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let (lines, stray) = attribute_webkit(&raw);
        assert_eq!(
            lines["g1-1"],
            vec!["Method PUT is not allowed by Access-Control-Allow-Methods."]
        );
        assert_eq!(stray, vec!["something else"]);
    }
}
