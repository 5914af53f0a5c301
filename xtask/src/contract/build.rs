//! The crate of a contract run: the specs generated together with the
//! contract driver into `target/contract/crate`, and the driver built as
//! a cargo example. A spec whose code does not compile is taken out (its
//! operations fail with the first error) and the rest built again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::{Sources, SpecResult};
use crate::corpus::compile::parse_diagnostic;

/// Rounds of taking out specs that do not compile before giving up.
const MAX_ROUNDS: usize = 4;

pub struct Built {
    /// The driver's executable.
    pub driver: PathBuf,
    /// The API modules in it, each with its spec and operation count.
    pub modules: Vec<generator::ModuleSummary>,
    /// Specs taken out because their code did not compile.
    pub not_compiled: Vec<SpecResult>,
}

pub fn build(work: &Path, sources: &Sources) -> Result<Built, String> {
    let crate_dir = work.join("crate");
    let mut files = sources.files.clone();
    let mut not_compiled = Vec::new();
    for round in 1..=MAX_ROUNDS {
        let generated = generate(files.clone(), &sources.allow)?;
        write_crate(&crate_dir, &generated)?;
        let modules: Vec<generator::ModuleSummary> = generated
            .summary
            .iter()
            .filter(|m| m.outline.operations > 0)
            .cloned()
            .collect();
        let operations: usize = modules.iter().map(|m| m.outline.operations).sum();
        eprintln!(
            "building the contract driver: {} APIs, {operations} operations (round {round})",
            modules.len()
        );
        let mut features = vec!["client".to_string()];
        features.extend(generated.summary.iter().map(|m| m.outline.name.clone()));
        let (driver, errors) = cargo_build(&crate_dir, &work.join("target"), &features)?;
        if let Some(driver) = driver {
            return Ok(Built {
                driver,
                modules,
                not_compiled,
            });
        }
        let by_module: BTreeMap<&str, &generator::ModuleSummary> =
            generated.summary.iter().map(|m| (m.outline.name.as_str(), m)).collect();
        let mut failed: BTreeMap<String, (usize, String, usize)> = BTreeMap::new();
        let mut stray = Vec::new();
        for error in &errors {
            match module_of(&error.file).and_then(|m| by_module.get(m)) {
                Some(module) => {
                    let entry = failed.entry(module.outline.source.clone()).or_insert((
                        0,
                        error.text.clone(),
                        module.outline.operations,
                    ));
                    entry.0 += 1;
                }
                None => stray.push(error.text.clone()),
            }
        }
        if failed.is_empty() || !stray.is_empty() {
            let texts: Vec<String> = errors.iter().take(10).map(|e| e.text.clone()).collect();
            return Err(format!("the contract crate does not compile:\n{}", texts.join("\n")));
        }
        for (spec, (count, first, operations)) in &failed {
            eprintln!("  {spec} does not compile ({count} errors), left out: {first}");
            not_compiled.push(SpecResult {
                spec: spec.clone(),
                operations: *operations,
                results: Vec::new(),
                problem: Some((
                    "does not compile".to_string(),
                    format!("{count} error(s), the first: {first}"),
                )),
            });
        }
        files.retain(|(path, _)| !failed.contains_key(&path.to_string_lossy().replace('\\', "/")));
    }
    Err(format!(
        "the contract crate still does not compile after {MAX_ROUNDS} rounds of leaving out specs"
    ))
}

fn generate(files: Vec<(PathBuf, Vec<u8>)>, allow: &generator::AllowList) -> Result<generator::Generated, String> {
    // The driver's `main` runs on tokio; the crate's other test tools are not needed.
    let config = crate::codegen::config::standalone_with_tokio();
    std::panic::catch_unwind(|| {
        let set = generator::load::SpecSet::from_sources(files)?;
        generator::generate_with_contract(&set, allow, &config)
    })
    .map_err(|_| "the generator panicked on the specs".to_string())?
    .map_err(|e| format!("the generator rejected the specs: {e}"))
}

/// The module a file of the crate belongs to: `src/<module>/…` or the
/// driver's `apis/<module>.rs`.
fn module_of(file: &str) -> Option<&str> {
    let driver = format!("{}/apis/", generator::emit::contract::DRIVER_DIR);
    if let Some(rest) = file.strip_prefix(&driver) {
        return rest.strip_suffix(".rs");
    }
    file.strip_prefix("src/")
        .and_then(|rest| rest.split_once('/'))
        .map(|(module, _)| module)
}

fn write_crate(crate_dir: &Path, generated: &generator::Generated) -> Result<(), String> {
    for old in ["src", "examples"] {
        let _ = std::fs::remove_dir_all(crate_dir.join(old));
    }
    for file in &generated.files {
        let path = crate_dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// `cargo build` of the driver; its executable, or the errors.
fn cargo_build(
    crate_dir: &Path,
    target: &Path,
    features: &[String],
) -> Result<(Option<PathBuf>, Vec<crate::corpus::compile::Diagnostic>), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--example", "contract", "--quiet", "--message-format=json"])
        .args(["--no-default-features", "--features", &features.join(",")])
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let errors: Vec<_> = stdout.lines().filter_map(parse_diagnostic).collect();
    if output.status.success() {
        let driver = stdout.lines().find_map(driver_executable);
        return match driver {
            Some(driver) => Ok((Some(driver), errors)),
            None => Err("cargo built the driver but did not say where".to_string()),
        };
    }
    if errors.is_empty() {
        return Err(format!(
            "cargo build failed without a diagnostic:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok((None, errors))
}

fn driver_executable(line: &str) -> Option<PathBuf> {
    let value: Value = serde_json::from_str(line).ok()?;
    if value.get("reason")?.as_str()? != "compiler-artifact" || value.pointer("/target/name")?.as_str()? != "contract" {
        return None;
    }
    value.get("executable")?.as_str().map(PathBuf::from)
}
