//! The peers `cargo xtask bench --peers` runs on the same specs: each is
//! optional and skipped when it is not on `PATH`.
//!
//! - progenitor: `cargo install cargo-progenitor`;
//! - openapi-to-rust: `cargo install openapi-to-rust`;
//! - openapi-generator: `pip install openapi-generator-cli` (needs Java).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use super::{Input, Report};

/// Every peer, in the order of the report's columns.
pub(crate) const PEERS: [&str; 3] = ["openapi-to-rust", "progenitor", "openapi-generator"];

/// The program a peer runs as.
fn program(peer: &str) -> &'static str {
    match peer {
        "progenitor" => "cargo-progenitor",
        "openapi-to-rust" => "openapi-to-rust",
        _ => "openapi-generator-cli",
    }
}

/// Whether a peer's program is on `PATH` and answers `--help`.
fn installed(peer: &str) -> bool {
    Command::new(program(peer))
        .arg("--help")
        .output()
        .map(|o| o.status.success() || !o.stdout.is_empty())
        .unwrap_or(false)
}

/// A peer's command for one spec.
fn peer_command(peer: &str, spec: &Path, out: &Path) -> Command {
    let mut command = Command::new(program(peer));
    match peer {
        "progenitor" => {
            command
                .arg("progenitor")
                .arg("-i")
                .arg(spec)
                .arg("-o")
                .arg(out)
                .args(["-n", "peer", "-v", "0.1.0"]);
        }
        "openapi-to-rust" => {
            // Into `src/generated` of a crate that `make_crate` completes for `cargo check`.
            command
                .arg("generate")
                .arg(spec)
                .arg("--output-dir")
                .arg(out.join("src/generated"))
                .args(["--module-name", "peer", "--quiet"]);
        }
        _ => {
            command
                .args(["generate", "-g", "rust", "-i"])
                .arg(spec)
                .arg("-o")
                .arg(out);
        }
    }
    command
}

pub(crate) fn peers(report: &mut Report, work: &Path, inputs: &[Input], runs: usize) -> Result<(), String> {
    let _ = write!(report, "\n## Against the peers\n\n");
    let _ = writeln!(
        report,
        "Wall-clock time of the whole command, median of {runs} rounds; each round runs ours, then each peer, on the same spec, so that a ratio (the peer's time over ours) compares runs made minutes apart at most.\n"
    );
    let _ = writeln!(
        report,
        "| spec | ours | openapi-to-rust | ratio | progenitor | ratio | openapi-generator | ratio |"
    );
    let _ = writeln!(report, "|---|---:|---:|---:|---:|---:|---:|---:|");
    // Asked once: openapi-generator's `--help` starts a JVM.
    let installed: Vec<bool> = PEERS.iter().map(|peer| installed(peer)).collect();
    // The synthetic spec shows how our cost grows; the peers are compared on real ones.
    for input in inputs.iter().filter(|input| !input.name.contains("synthetic")) {
        if input.path.is_dir() {
            // The peers read one spec file.
            continue;
        }
        let mut ours = Vec::new();
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); PEERS.len()];
        let mut failures: Vec<Option<String>> = installed
            .iter()
            .map(|&installed| (!installed).then(|| "not installed".to_string()))
            .collect();
        for _ in 0..runs {
            ours.push(super::measure_run(&input.path, &work.join("out").join(&input.name))?.total);
            for (i, peer) in PEERS.iter().enumerate() {
                if failures[i].is_some() {
                    continue;
                }
                let out = work.join("peers").join(peer).join(&input.name);
                let _ = std::fs::remove_dir_all(&out);
                let mut command = peer_command(peer, &input.path, &out);
                let started = Instant::now();
                let output = command.output().map_err(|e| e.to_string())?;
                let elapsed = started.elapsed().as_secs_f64() * 1000.0;
                if output.status.success() {
                    times[i].push(elapsed);
                } else {
                    let stderr = String::from_utf8_lossy(&output.stderr);
                    let reason = if stderr.contains("panicked") { "panics" } else { "fails" };
                    failures[i] = Some(format!("{reason} after {elapsed:.0} ms"));
                }
            }
        }
        let ours = median(&mut ours);
        let mut cells = Vec::new();
        for (times, failure) in times.iter_mut().zip(failures) {
            match failure {
                Some(reason) => cells.extend([reason, "—".to_string()]),
                None => {
                    let theirs = median(times);
                    cells.extend([format!("{theirs:.0} ms"), format!("{:.1}×", theirs / ours.max(0.001))]);
                }
            }
        }
        let _ = writeln!(report, "| {} | {ours:.0} ms | {} |", input.name, cells.join(" | "));
    }
    Ok(())
}

fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(0.0)
}

/// Completes a peer's output into a crate that `cargo check` builds on its
/// own: openapi-to-rust writes a module and the dependencies it needs.
pub(crate) fn make_crate(peer: &str, out: &Path) -> Result<(), String> {
    let deps = out.join("src/generated/REQUIRED_DEPS.toml");
    if peer != "openapi-to-rust" || !deps.exists() {
        return Ok(());
    }
    let deps = std::fs::read_to_string(&deps).map_err(|e| e.to_string())?;
    // Its code uses `let` chains, which need the 2024 edition.
    let manifest =
        format!("[package]\nname = \"peer\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n{deps}\n[workspace]\n");
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(out.join("src/lib.rs"), "pub mod generated;\n").map_err(|e| e.to_string())
}
