//! `cargo xtask spec-diff-peers`: the single-change mutations of
//! `xtask/tests/mutations/` through `spec-diff`, Optic and openapi-diff, as
//! the Markdown of `docs/spec-diff.md`: each tool's verdict per mutation, its
//! score against the expected verdicts, and its time per pair.
//!
//! A mutation is `base.yml` with one change; its first comment lines say
//! what changed and the expected verdicts (`# wire: breaking`). The peers
//! are pinned in `xtask/peers/package-lock.json` and installed there with
//! `npm ci` on first run. Each tool runs as its own process on a copy of
//! both sides in a scratch folder (openapi-diff resolves `$ref`s against
//! the working directory, and the mutations are single files), offline.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const MUTATIONS: &str = "xtask/tests/mutations";
const PEERS: &str = "xtask/peers";

/// A verdict as the table shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    Breaking,
    NeedsReview,
    NonBreaking,
}

impl Verdict {
    fn parse(text: &str) -> Option<Verdict> {
        match text.trim() {
            "breaking" => Some(Verdict::Breaking),
            "needs review" | "needs-review" => Some(Verdict::NeedsReview),
            "non-breaking" => Some(Verdict::NonBreaking),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Verdict::Breaking => "breaking",
            Verdict::NeedsReview => "needs review",
            Verdict::NonBreaking => "non-breaking",
        }
    }
}

struct Mutation {
    name: String,
    path: PathBuf,
    change: String,
    wire: Verdict,
    rust: Verdict,
}

/// What one tool said about one pair, and how long it took.
struct Run {
    wire: Result<Verdict, String>,
    rust: Option<Verdict>,
    time: Duration,
}

pub fn run(root: &Path) -> Result<(), String> {
    let mutations = read_mutations(&root.join(MUTATIONS))?;
    let peers = install(root)?;
    let base = root.join(MUTATIONS).join("base.yml");
    let scratch = tempfile::tempdir().map_err(|e| format!("cannot create a scratch folder: {e}"))?;
    let mut rows = Vec::new();
    for mutation in &mutations {
        eprintln!("{}", mutation.name);
        let old = scratch.path().join("old.yml");
        let new = scratch.path().join("new.yml");
        copy(&base, &old)?;
        copy(&mutation.path, &new)?;
        let ours = spec_diff(&old, &new)?;
        let optic = optic(&peers, scratch.path());
        let openapi_diff = openapi_diff(&peers, scratch.path());
        rows.push([ours, optic, openapi_diff]);
    }
    print!("{}", report(&mutations, &rows, &versions(&peers)));
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

fn read_mutations(dir: &Path) -> Result<Vec<Mutation>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml") && p.file_stem().is_some_and(|s| s != "base"))
        .collect();
    paths.sort();
    paths.into_iter().map(|path| read_mutation(&path)).collect()
}

fn read_mutation(path: &Path) -> Result<Mutation, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut comments = text.lines().map_while(|line| line.strip_prefix("# "));
    let change = comments.next().unwrap_or_default().to_string();
    let (mut wire, mut rust) = (None, None);
    for line in comments {
        match line.split_once(": ") {
            Some(("wire", verdict)) => wire = Verdict::parse(verdict),
            Some(("rust", verdict)) => rust = Verdict::parse(verdict),
            _ => {}
        }
    }
    let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    match (wire, rust) {
        (Some(wire), Some(rust)) => Ok(Mutation {
            name,
            path: path.to_path_buf(),
            change,
            wire,
            rust,
        }),
        _ => Err(format!(
            "{}: the first comment lines must say the change, `# wire: <verdict>` and `# rust: <verdict>`",
            path.display()
        )),
    }
}

/// `xtask/peers/node_modules/.bin`, installed from the lock file when missing.
fn install(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join(PEERS);
    let bin = dir.join("node_modules/.bin");
    if !(bin.join("optic").exists() && bin.join("openapi-diff").exists()) {
        eprintln!("installing Optic and openapi-diff with `npm ci` in {}", dir.display());
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("the peers need Node.js and npm on PATH (npm could not start: {e})"))?;
        if !status.success() {
            return Err(format!("`npm ci` in {} failed ({status})", dir.display()));
        }
    }
    Ok(bin)
}

fn versions(bin: &Path) -> Vec<(String, String)> {
    ["@useoptic/optic", "openapi-diff"]
        .into_iter()
        .map(|package| {
            let manifest = bin.join("..").join(package).join("package.json");
            let version = std::fs::read_to_string(manifest)
                .ok()
                .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
                .and_then(|json| json.get("version")?.as_str().map(str::to_string))
                .unwrap_or_else(|| "?".into());
            (package.to_string(), version)
        })
        .collect()
}

fn timed(command: &mut Command) -> Result<(std::process::Output, Duration), String> {
    let start = Instant::now();
    let output = command.output().map_err(|e| format!("cannot run {command:?}: {e}"))?;
    Ok((output, start.elapsed()))
}

/// This binary's own `spec-diff`, the worst verdict of each kind over its changes.
fn spec_diff(old: &Path, new: &Path) -> Result<Run, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let mut command = Command::new(exe);
    command
        .args(["spec-diff", "--format", "json", "--old"])
        .arg(old)
        .arg("--new")
        .arg(new);
    let (output, time) = timed(&mut command)?;
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "spec-diff printed no JSON report ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    let worst = |side: &str| {
        json["changes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|change| Verdict::parse(change[side]["verdict"].as_str()?))
            .min()
            .unwrap_or(Verdict::NonBreaking)
    };
    Ok(Run {
        wire: Ok(worst("wire")),
        rust: Some(worst("rust")),
        time,
    })
}

/// `optic diff --check` fails when a breaking-change rule fires.
fn optic(bin: &Path, dir: &Path) -> Run {
    let mut command = Command::new(bin.join("optic"));
    command
        .args(["diff", "old.yml", "new.yml", "--check"])
        .current_dir(dir)
        .env("OPTIC_TELEMETRY_LEVEL", "off");
    let (wire, time) = match timed(&mut command) {
        Ok((output, time)) => {
            let verdict = match output.status.code() {
                Some(0) => Ok(Verdict::NonBreaking),
                Some(1) => Ok(Verdict::Breaking),
                _ => Err(format!("optic failed: {}", first_line(&output.stderr))),
            };
            (verdict, time)
        }
        Err(e) => (Err(e), Duration::ZERO),
    };
    Run { wire, rust: None, time }
}

/// openapi-diff's JSON: breaking, unclassified (needs review) or non-breaking
/// differences; or a line saying it found none.
fn openapi_diff(bin: &Path, dir: &Path) -> Run {
    let mut command = Command::new(bin.join("openapi-diff"));
    command.args(["old.yml", "new.yml"]).current_dir(dir);
    let (wire, time) = match timed(&mut command) {
        Ok((output, time)) => {
            let stdout = String::from_utf8_lossy(&output.stdout);
            let json = stdout
                .find('{')
                .and_then(|start| serde_json::from_str::<serde_json::Value>(&stdout[start..]).ok());
            let verdict = match json {
                None if stdout.contains("No changes found") => Ok(Verdict::NonBreaking),
                Some(json) if json["breakingDifferencesFound"] == true => Ok(Verdict::Breaking),
                Some(json)
                    if json["unclassifiedDifferences"]
                        .as_array()
                        .is_some_and(|d| !d.is_empty()) =>
                {
                    Ok(Verdict::NeedsReview)
                }
                Some(_) => Ok(Verdict::NonBreaking),
                None => Err(format!("openapi-diff failed: {}", first_line(&output.stderr))),
            };
            (verdict, time)
        }
        Err(e) => (Err(e), Duration::ZERO),
    };
    Run { wire, rust: None, time }
}

fn first_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

const TOOLS: [&str; 3] = ["`cargo xtask spec-diff`", "Optic", "openapi-diff"];

fn cell(got: &Result<Verdict, String>, expected: Verdict) -> String {
    match got {
        Ok(v) if *v == expected => v.label().to_string(),
        Ok(v) => format!("**{}** ✗", v.label()),
        Err(_) => "error ✗".into(),
    }
}

fn report(mutations: &[Mutation], rows: &[[Run; 3]], versions: &[(String, String)]) -> String {
    let mut out = String::new();
    let peers: Vec<String> = versions.iter().map(|(p, v)| format!("{p} {v}")).collect();
    out.push_str(&format!(
        "{} mutations of `{MUTATIONS}/base.yml`; peers: {}.\n\n",
        mutations.len(),
        peers.join(", ")
    ));
    out.push_str("| mutation | change | expected wire | expected Rust | spec-diff wire | spec-diff Rust | Optic | openapi-diff |\n");
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for (m, [ours, optic, openapi_diff]) in mutations.iter().zip(rows) {
        let rust = ours.rust.map(Ok).unwrap_or_else(|| Err(String::new()));
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |\n",
            m.name,
            m.change,
            m.wire.label(),
            m.rust.label(),
            cell(&ours.wire, m.wire),
            cell(&rust, m.rust),
            cell(&optic.wire, m.wire),
            cell(&openapi_diff.wire, m.wire),
        ));
    }
    out.push_str("\n| tool | wire verdicts as expected | breaking or not, as expected | Rust verdicts as expected | mean time per pair |\n");
    out.push_str("|---|---:|---:|---:|---:|\n");
    let n = mutations.len();
    for (tool, name) in TOOLS.iter().enumerate() {
        let runs: Vec<&Run> = rows.iter().map(|row| &row[tool]).collect();
        let exact = runs.iter().zip(mutations).filter(|(r, m)| r.wire == Ok(m.wire)).count();
        let breaking = runs
            .iter()
            .zip(mutations)
            .filter(|(r, m)| {
                r.wire
                    .as_ref()
                    .is_ok_and(|v| (*v == Verdict::Breaking) == (m.wire == Verdict::Breaking))
            })
            .count();
        let rust = match tool {
            0 => format!(
                "{}/{n}",
                runs.iter()
                    .zip(mutations)
                    .filter(|(r, m)| r.rust == Some(m.rust))
                    .count()
            ),
            _ => "—".into(),
        };
        let total: Duration = runs.iter().map(|r| r.time).sum();
        let mean = total.as_secs_f64() * 1000.0 / n.max(1) as f64;
        out.push_str(&format!(
            "| {name} | {exact}/{n} | {breaking}/{n} | {rust} | {mean:.1} ms |\n"
        ));
    }
    out
}
