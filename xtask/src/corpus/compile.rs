//! The compile half of `cargo xtask corpus`: the sampled specs generated
//! together, one module each, into one crate under `target/real-world/`,
//! checked with `cargo check` and `-D warnings`, and every diagnostic put
//! down to the module, hence the spec, whose file it points into.
//!
//! A hard error in one module can keep rustc from reaching the others
//! (name resolution stops before type checking; lints run last), so the
//! modules that fail are taken out and the rest checked again, until a
//! round has no hard error left. Lints then show for every module left.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

/// Rounds before giving up on a sample that keeps failing in new modules.
const MAX_ROUNDS: usize = 8;

/// How one sampled spec fared.
#[derive(Debug, Clone)]
pub enum Compiled {
    Clean,
    /// Compiled, but with lints that `-D warnings` turns into errors.
    Warnings {
        count: usize,
        first: String,
    },
    Failed {
        errors: usize,
        first: String,
    },
    /// Left out: a round stopped on errors outside any module.
    NotChecked,
}

#[derive(Debug, Default)]
pub struct CompileReport {
    /// By spec path, for every spec of the sample.
    pub specs: BTreeMap<String, Compiled>,
    /// Errors in files of no module (`lib.rs`, the runtime), or cargo or
    /// the generator failing on the sample as a whole.
    pub crate_errors: Vec<String>,
    pub rounds: usize,
    /// Time spent in `cargo check`, all rounds.
    pub check_time: Duration,
}

/// One diagnostic from rustc, reduced to what the report needs.
pub(crate) struct Diagnostic {
    /// The file of the primary span, relative to the crate.
    pub file: String,
    /// The module directory under `src/` that the primary span is in.
    pub module: Option<String>,
    /// A lint (turned into an error by `-D warnings`) rather than a hard error.
    pub lint: bool,
    pub text: String,
}

pub fn compile_sample(root: &Path, api: &Path, sample: &[String]) -> Result<CompileReport, String> {
    let mut report = CompileReport::default();
    if sample.is_empty() {
        return Ok(report);
    }
    let work = root.join("target/real-world");
    let crate_dir = work.join("crate");
    let mut remaining: Vec<String> = sample.to_vec();
    while !remaining.is_empty() && report.rounds < MAX_ROUNDS {
        report.rounds += 1;
        let modules = match write_crate(api, &remaining, &crate_dir) {
            Ok(modules) => modules,
            Err(message) => {
                report.crate_errors.push(message);
                break;
            }
        };
        eprintln!("  round {}: cargo check of {} modules", report.rounds, modules.len());
        let started = std::time::Instant::now();
        let diagnostics = cargo_check(root, &crate_dir)?;
        report.check_time += started.elapsed();

        let mut by_spec: BTreeMap<&str, (Vec<&Diagnostic>, Vec<&Diagnostic>)> = BTreeMap::new();
        let mut stray = Vec::new();
        for diagnostic in &diagnostics {
            match diagnostic.module.as_ref().and_then(|m| modules.get(m)) {
                Some(spec) => {
                    let entry = by_spec.entry(spec.as_str()).or_default();
                    if diagnostic.lint {
                        entry.1.push(diagnostic);
                    } else {
                        entry.0.push(diagnostic);
                    }
                }
                None => stray.push(diagnostic.text.clone()),
            }
        }
        if !stray.is_empty() {
            report.crate_errors.extend(stray);
            break;
        }
        let failed: Vec<String> = by_spec
            .iter()
            .filter(|(_, (errors, _))| !errors.is_empty())
            .map(|(spec, _)| spec.to_string())
            .collect();
        for (spec, (errors, lints)) in &by_spec {
            let outcome = match (errors.first(), lints.first()) {
                (Some(first), _) => Compiled::Failed {
                    errors: errors.len(),
                    first: first.text.clone(),
                },
                (None, Some(first)) => Compiled::Warnings {
                    count: lints.len(),
                    first: first.text.clone(),
                },
                (None, None) => continue,
            };
            report.specs.insert(spec.to_string(), outcome);
        }
        if failed.is_empty() {
            for spec in &remaining {
                report.specs.entry(spec.clone()).or_insert(Compiled::Clean);
            }
            remaining.clear();
            break;
        }
        remaining.retain(|spec| !failed.contains(spec));
        // Lints found beside hard errors are looked at again next round.
        for spec in &remaining {
            report.specs.remove(spec);
        }
    }
    for spec in remaining {
        report.specs.entry(spec).or_insert(Compiled::NotChecked);
    }
    Ok(report)
}

/// Generates `specs` as one set into `crate_dir`; returns module → spec.
fn write_crate(api: &Path, specs: &[String], crate_dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut sources = Vec::with_capacity(specs.len());
    for spec in specs {
        let bytes = std::fs::read(api.join(spec)).map_err(|e| format!("cannot read {spec}: {e}"))?;
        sources.push((PathBuf::from(spec), bytes));
    }
    let generated = std::panic::catch_unwind(|| {
        let set = generator::load::SpecSet::from_sources(sources)?;
        generator::generate_with_config(
            &set,
            &generator::AllowList::default(),
            &crate::codegen::config::standalone(),
        )
    })
    .map_err(|_| "the generator panicked on the sample as a whole".to_string())?
    .map_err(|e| format!("the generator rejected the sample as a whole: {e}"))?;
    let _ = std::fs::remove_dir_all(crate_dir.join("src"));
    for file in &generated.files {
        let path = crate_dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(generated
        .summary
        .iter()
        .map(|m| (m.outline.name.clone(), m.outline.source.clone()))
        .collect())
}

/// `cargo check` of the crate's library with every feature the default
/// turns on, as rustc's diagnostics. The target folder is the one the
/// GitHub corpus test uses, with the same flags, so they share the
/// compiled dependencies.
fn cargo_check(root: &Path, crate_dir: &Path) -> Result<Vec<Diagnostic>, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        // With the test doubles, which every spec's crate must also build.
        .args([
            "check",
            "--lib",
            "--quiet",
            "--features",
            "mock",
            "--message-format=json",
            "--manifest-path",
        ])
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/corpus/target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run cargo check: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let diagnostics: Vec<Diagnostic> = stdout.lines().filter_map(parse_diagnostic).collect();
    if !output.status.success() && diagnostics.is_empty() {
        return Err(format!(
            "cargo check failed without a diagnostic:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(diagnostics)
}

/// A `compiler-message` line of cargo's JSON output, when it is an error
/// with a place in the source (the closing "aborting due to…" has none).
pub(crate) fn parse_diagnostic(line: &str) -> Option<Diagnostic> {
    let value: Value = serde_json::from_str(line).ok()?;
    if value.get("reason")?.as_str()? != "compiler-message" {
        return None;
    }
    let message = value.get("message")?;
    if message.get("level")?.as_str()? != "error" {
        return None;
    }
    let spans = message.get("spans")?.as_array()?;
    let primary = spans
        .iter()
        .find(|s| s.get("is_primary").and_then(Value::as_bool) == Some(true))
        .or_else(|| spans.first())?;
    let file = primary.get("file_name")?.as_str()?;
    let line_number = primary.get("line_start").and_then(Value::as_u64).unwrap_or_default();
    let module = file
        .strip_prefix("src/")
        .and_then(|rest| rest.split_once('/'))
        .map(|(module, _)| module.to_string());
    // Hard errors have an `E0nnn` code or none; lints carry their name.
    let code = message.get("code").and_then(|c| c.get("code")).and_then(Value::as_str);
    let lint = code.is_some_and(|c| !(c.starts_with('E') && c[1..].chars().all(|ch| ch.is_ascii_digit())));
    let text = message.get("message")?.as_str()?.lines().next().unwrap_or_default();
    let code = code.map(|c| format!("[{c}] ")).unwrap_or_default();
    Some(Diagnostic {
        file: file.to_string(),
        module,
        lint,
        text: format!("{code}{text} ({file}:{line_number})"),
    })
}
