//! `bench --regenerate`: `cargo xtask codegen` as a maintainer runs it, on a
//! copy of `specs/` (and of `specs/` with GitHub's spec beside it): from
//! scratch, with nothing changed, and after an edit of each spec in turn.
//! The edit appends a newline, so the spec's key changes and its group is
//! generated again, while the other groups' modules are kept.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use super::{Report, copy_dir};

pub fn regenerate(
    report: &mut Report,
    root: &Path,
    work: &Path,
    github: Option<&Path>,
    runs: usize,
) -> Result<(), String> {
    let _ = writeln!(report, "\n## Regenerating after an edit\n");
    let _ = writeln!(
        report,
        "`cargo xtask codegen` (this build) on a copy of the specs, wall-clock time of the whole process, median of {runs} runs; an edit appends a newline to one spec.\n"
    );
    let _ = writeln!(report, "| specs | case | lowered | emitted | time |");
    let _ = writeln!(report, "|---|---|---:|---:|---:|");
    let mut sets = vec![("specs/".to_string(), Vec::new())];
    if let Some(github) = github {
        sets.push(("specs/ + api.github.com.json".to_string(), vec![github.to_path_buf()]));
    }
    let xtask = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    for (index, (name, extra)) in sets.iter().enumerate() {
        eprintln!("measuring regeneration of {name}");
        let copy = work.join(format!("regenerate/{index}"));
        let _ = std::fs::remove_dir_all(&copy);
        copy_dir(&root.join("specs"), &copy.join("specs"))?;
        for file in extra {
            let target = copy.join("specs").join(file.file_name().unwrap_or_default());
            std::fs::copy(file, target).map_err(|e| e.to_string())?;
        }
        let codegen = || run(&xtask, &copy);
        let mut scratch = Vec::new();
        for _ in 0..runs {
            let _ = std::fs::remove_dir_all(copy.join("generated"));
            scratch.push(codegen()?);
        }
        row(report, name, "from scratch", &scratch);
        let unchanged: Vec<_> = (0..runs).map(|_| codegen()).collect::<Result<_, _>>()?;
        row(report, name, "nothing changed", &unchanged);
        for spec in spec_files(&copy.join("specs"))? {
            let text = std::fs::read(&spec).map_err(|e| e.to_string())?;
            let mut edited = Vec::new();
            for i in 0..runs {
                // A different text each run, so every run sees an edit.
                let mut changed = text.clone();
                changed.extend(std::iter::repeat_n(b'\n', 1 + i % 2));
                std::fs::write(&spec, changed).map_err(|e| e.to_string())?;
                edited.push(codegen()?);
            }
            std::fs::write(&spec, &text).map_err(|e| e.to_string())?;
            codegen()?;
            let relative = spec.strip_prefix(copy.join("specs")).unwrap_or(&spec);
            row(report, name, &format!("`{}` edited", relative.display()), &edited);
        }
    }
    Ok(())
}

/// The spec files of a folder, sorted.
fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(|e| e.to_string())?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if generator::load::is_spec_file(&path) {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// One run of `codegen` on the workspace at `root`: time, and the counts
/// from its report's "N module(s) (L lowered, E emitted)".
fn run(xtask: &Path, root: &Path) -> Result<(f64, usize, usize), String> {
    let started = Instant::now();
    let output = Command::new(xtask)
        .arg("codegen")
        .env("XTASK_WORKSPACE_ROOT", root)
        .output()
        .map_err(|e| e.to_string())?;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("codegen failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let counts = stdout
        .split_once(" module(s) (")
        .and_then(|(_, rest)| rest.split_once(" emitted)"))
        .and_then(|(counts, _)| counts.split_once(" lowered, "))
        .and_then(|(lowered, emitted)| Some((lowered.parse().ok()?, emitted.parse().ok()?)));
    let (lowered, emitted) = counts.ok_or_else(|| format!("codegen's report has no counts: {stdout}"))?;
    Ok((millis, lowered, emitted))
}

/// A table row: the counts of the last run, the median time of all.
fn row(report: &mut Report, set: &str, case: &str, runs: &[(f64, usize, usize)]) {
    let (_, lowered, emitted) = runs.last().copied().unwrap_or_default();
    let mut millis: Vec<f64> = runs.iter().map(|r| r.0).collect();
    millis.sort_by(f64::total_cmp);
    let median = millis.get(millis.len() / 2).copied().unwrap_or(0.0);
    let _ = writeln!(report, "| {set} | {case} | {lowered} | {emitted} | {median:.1} ms |");
}
