//! Prism, and the driver run against it: one `prism mock --errors` per
//! spec on a free local port, the driver called with the spec's module
//! and Prism's URL, its JSON lines read back, Prism stopped.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{OperationResult, SpecResult, Status};

/// Where Prism's lock file is, relative to the workspace root; the
/// generated crate's own Prism tests install the same one.
pub const PACKAGE_DIR: &str = "generated/tests/prism";

/// How long Prism may take to load a spec and listen.
const START_TIMEOUT: Duration = Duration::from_secs(90);
/// How long the driver may take for one spec; each request has 30 s.
const RUN_TIMEOUT: Duration = Duration::from_secs(600);

/// Prism's entry point, installed with `npm ci` when missing.
pub fn install(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join(PACKAGE_DIR);
    let binary = dir.join("node_modules/@stoplight/prism-cli/dist/index.js");
    if !binary.exists() {
        eprintln!("installing Prism with `npm ci` in {}", dir.display());
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("the contract test needs Node.js and npm on PATH (npm could not start: {e})"))?;
        if !status.success() || !binary.exists() {
            return Err(format!("`npm ci` in {} failed ({status})", dir.display()));
        }
    }
    Ok(binary)
}

/// A running Prism, stopped on drop.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(prism: &Path, spec: &Path, log: &Path) -> Result<Server, String> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|e| format!("no free local port: {e}"))?
        .port();
    let log_file = std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let err_file = log_file
        .try_clone()
        .map_err(|e| format!("cannot share {}: {e}", log.display()))?;
    let child = Command::new("node")
        .arg(prism)
        .args(["mock", "--errors", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(err_file)
        .spawn()
        .map_err(|e| format!("the contract test needs Node.js on PATH (node could not start: {e})"))?;
    let mut server = Server {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + START_TIMEOUT;
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
        if let Ok(Some(status)) = server.child.try_wait() {
            return Err(format!("Prism exited with {status}: {}", last_words(log)));
        }
        if Instant::now() > deadline {
            return Err(format!(
                "Prism did not listen within {} s: {}",
                START_TIMEOUT.as_secs(),
                last_words(log)
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(server)
}

/// The last lines of a log that say something, without colour codes.
fn last_words(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(3)..].join(" / ");
    let mut clean = String::with_capacity(tail.len());
    let mut chars = tail.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            clean.push(c);
        }
    }
    clean.chars().take(500).collect()
}

/// Every operation of one spec's module, against a Prism of its own.
pub fn run_spec(
    prism: &Path,
    work: &Path,
    driver: &Path,
    module: &generator::ModuleSummary,
    spec_path: &Path,
) -> SpecResult {
    let mut result = SpecResult {
        spec: module.outline.source.clone(),
        operations: module.outline.operations,
        results: Vec::new(),
        problem: None,
    };
    let log = work.join(format!("prism-{}.log", module.outline.name));
    let server = match start(prism, spec_path, &log) {
        Ok(server) => server,
        Err(reason) => {
            result.problem = Some(("Prism cannot serve the spec".to_string(), reason));
            return result;
        }
    };
    match run_driver(driver, &module.outline.name, &server.url) {
        Ok((lines, stderr)) => {
            result.results = lines.iter().filter_map(|line| parse_line(line)).collect();
            if result.results.len() < module.outline.operations {
                let why = stderr
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("no output");
                result.problem = Some(("driver stopped".to_string(), why.trim().to_string()));
            }
        }
        Err(reason) => result.problem = Some(("driver stopped".to_string(), reason)),
    }
    drop(server);
    result
}

/// The driver's stdout lines and its stderr.
fn run_driver(driver: &Path, module: &str, url: &str) -> Result<(Vec<String>, String), String> {
    let mut child = Command::new(driver)
        .args([module, url])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the driver: {e}"))?;
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out = std::thread::spawn(move || read_all(stdout.as_mut()));
    let err = std::thread::spawn(move || read_all(stderr.as_mut()));
    let deadline = Instant::now() + RUN_TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("cannot wait for the driver: {e}")),
        }
    }
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    Ok((stdout.lines().map(str::to_string).collect(), stderr))
}

fn read_all(pipe: Option<&mut impl std::io::Read>) -> String {
    let mut bytes = Vec::new();
    if let Some(pipe) = pipe {
        let _ = pipe.read_to_end(&mut bytes);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn parse_line(line: &str) -> Option<OperationResult> {
    let value: Value = serde_json::from_str(line).ok()?;
    let text = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let status = match value.get("outcome")?.as_str()? {
        "passed" => Status::Passed,
        "unchecked" => Status::Unchecked(text("reason")),
        _ => Status::Failed(text("category"), text("reason")),
    };
    Some(OperationResult {
        operation: text("operation"),
        method: text("method"),
        path: text("path"),
        status,
        note: value.get("note").and_then(Value::as_str).map(str::to_string),
    })
}
