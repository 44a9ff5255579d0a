//! Child processes: installs, builds and app servers, with logs kept and every server killed
//! when its guard drops (no process outlives the harness).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use crate::http;

/// Run a command to completion, its output appended to `log`; fail with the log's tail.
pub fn run_logged(cmd: &mut Command, log: &Path, what: &str) -> Result<()> {
    if let Some(dir) = log.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let out = File::options().create(true).append(true).open(log)?;
    let err = out.try_clone()?;
    let status = cmd
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .status()
        .with_context(|| format!("{what}: could not start {:?}", cmd.get_program()))?;
    if !status.success() {
        bail!("{what} failed ({status}):\n{}", tail(log, 30));
    }
    Ok(())
}

/// The last `n` lines of a file.
pub fn tail(path: &Path, n: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// A running server; killed (with its process group) on drop.
pub struct Server {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Its log file.
    pub log: PathBuf,
}

impl Server {
    /// Start `cmd` (stdout/stderr to `log`) and wait until `127.0.0.1:port` accepts
    /// connections, the process exits, or `timeout` passes.
    pub fn start(mut cmd: Command, port: u16, log: PathBuf, timeout: Duration) -> Result<Self> {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let out = File::create(&log)?;
        let err = out.try_clone()?;
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .with_context(|| format!("could not start {:?}", cmd.get_program()))?;
        let mut server = Self { child, port, log };
        let start = Instant::now();
        loop {
            if http::is_listening(port) {
                return Ok(server);
            }
            if let Some(status) = server.child.try_wait()? {
                bail!(
                    "the app exited ({status}) before listening on {port}:\n{}",
                    tail(&server.log, 30)
                );
            }
            if start.elapsed() > timeout {
                bail!(
                    "the app did not listen on 127.0.0.1:{port} within {}s:\n{}",
                    timeout.as_secs(),
                    tail(&server.log, 30)
                );
            }
            thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Signal only the process group this server leads (nginx/apache fork workers); the
        // group id is the child's own pid, never 0 or -1.
        let Ok(raw) = i32::try_from(self.child.id()) else {
            let _ = self.child.kill();
            let _ = self.child.wait();
            return;
        };
        if raw <= 1 {
            let _ = self.child.kill();
            let _ = self.child.wait();
            return;
        }
        let group = Pid::from_raw(raw);
        let _ = killpg(group, Signal::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let _ = killpg(group, Signal::SIGKILL);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An exclusive lock on a file, shared with other processes (two harness runs, or a harness
/// run and CI): held until dropped.
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Block until the lock on `path` is ours (the file is created if missing).
    pub fn acquire(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .with_context(|| format!("opening the lock file {}", path.display()))?;
        file.lock()
            .with_context(|| format!("locking {}", path.display()))?;
        Ok(Self { _file: file })
    }
}
