//! `cargo xtask codegen`: regenerates the `generated` crate from `specs/`.
//!
//! The generator owns `generated/Cargo.toml` and everything under
//! `generated/src/`; the rest of the crate (its tests) is written by hand.
//! A new `src/` is written next to the old one and swapped in with renames,
//! so a failed or interrupted run never leaves a half-written crate; files
//! that did not change are carried over as they are (hard links), so only
//! changed files get a new modification time.
//!
//! Modules whose inputs did not change since the last run are not emitted
//! again (see [`cache`]); check mode always emits everything.

mod cache;
pub mod config;

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use generator::GeneratedFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub mode: Mode,
    /// List unused component schemas as warnings rather than count them as a note.
    pub warn_unused: bool,
}

const OWNED_DIR: &str = "src";
const OWNED_FILES: &[&str] = &["Cargo.toml", generator::WARNINGS_FILE];
/// Warnings of one kind printed in full; the rest are only in `generated/WARNINGS.md`.
const PRINTED_PER_KIND: usize = 3;
const TEMP_PREFIX: &str = ".codegen-";

pub fn run(root: &Path, options: Options) -> Result<(), String> {
    let mode = options.mode;
    let started = Instant::now();
    let specs = root.join("specs");
    let out = root.join("generated");
    let mut reusable = match mode {
        Mode::Write => cache::Reusable::read(&out),
        Mode::Check => cache::Reusable::default(),
    };
    let mut generated = generator::generate_dir_reusing(&specs, &config::workspace(), |module, key| {
        reusable.outline(module, key)
    })
    .map_err(|mut e| {
        e.file = Path::new("specs").join(&e.file);
        e.to_string()
    })?;
    report_warnings(&generated.warnings, options.warn_unused);
    let mut files = std::mem::take(&mut generated.files);
    // Files of reused modules were read and hashed as written just now.
    let mut intact = std::collections::HashSet::new();
    for module in generated.summary.iter().filter(|m| m.reused) {
        let kept = reusable.take_files(&module.outline.name);
        intact.extend(kept.iter().map(|f| f.path.clone()));
        files.extend(kept);
    }
    let changes = changes(&out, &files, &intact)?;
    match mode {
        Mode::Check => {
            if !changes.is_empty() {
                let mut report = String::new();
                for change in &changes {
                    report.push_str(&change.diff());
                }
                eprint!("{report}");
                return Err(format!(
                    "generated/ is out of date with specs/ ({} file(s) differ); run `cargo xtask codegen`",
                    changes.len()
                ));
            }
        }
        Mode::Write => {
            if !changes.is_empty() {
                write_atomically(&out, &files, &changes)?;
            }
            cache::write(&out, &cache::render(&generated.summary, &files));
        }
    }
    print_summary(&generated, mode, changes.len(), started);
    Ok(())
}

/// A line per module, then the totals and the time of each pass.
fn print_summary(generated: &generator::Generated, mode: Mode, changes: usize, started: Instant) {
    for m in &generated.summary {
        let emitted = match (m.lowered, m.reused) {
            (false, _) => "unchanged, not lowered".to_string(),
            (true, true) => "unchanged, not emitted".to_string(),
            (true, false) => format!("{:.1} ms", m.emit_time.as_secs_f64() * 1000.0),
        };
        let outline = &m.outline;
        println!(
            "{:<20} {:<28} {:>5} types {:>5} operations {emitted:>9}",
            outline.name,
            format!("specs/{}", outline.source),
            outline.types,
            outline.operations,
        );
    }
    let verb = match (mode, changes == 0) {
        (Mode::Check, _) => "checked, up to date",
        (Mode::Write, true) => "unchanged",
        (Mode::Write, false) => "written",
    };
    println!(
        "generated/ {verb}: {} module(s) ({} lowered, {} emitted), {} file(s) rewritten, {} warning(s), {} note(s), {:.1} ms (load {:.1} ms, lower {:.1} ms, emit {:.1} ms)",
        generated.summary.len(),
        generated.summary.iter().filter(|m| m.lowered).count(),
        generated.summary.iter().filter(|m| !m.reused).count(),
        if mode == Mode::Write { changes } else { 0 },
        generated.warnings.iter().filter(|w| !w.kind.is_note()).count(),
        generated.warnings.iter().filter(|w| w.kind.is_note()).count(),
        started.elapsed().as_secs_f64() * 1000.0,
        generated.timings.load.as_secs_f64() * 1000.0,
        generated.timings.lower.as_secs_f64() * 1000.0,
        generated.timings.emit.as_secs_f64() * 1000.0,
    );
    if std::env::var_os("CODEGEN_TIMINGS").is_some() {
        eprintln!(
            "emit: tokens {:.1} ms, format {:.1} ms (summed over files)",
            generated.timings.tokens.as_secs_f64() * 1000.0,
            generated.timings.format.as_secs_f64() * 1000.0
        );
    }
}

/// One line per kind of warning with its count and first instances; the
/// full list is in `generated/WARNINGS.md`.
fn report_warnings(warnings: &[generator::Warning], warn_unused: bool) {
    for (kind, of_kind) in generator::warnings_by_kind(warnings) {
        let label = if kind.is_note() && !warn_unused {
            "note"
        } else {
            "warning"
        };
        let listed = if kind.is_note() && !warn_unused {
            0
        } else {
            PRINTED_PER_KIND
        };
        eprintln!("{label}: {} {}", of_kind.len(), kind.summary());
        for warning in of_kind.iter().take(listed) {
            eprintln!("  specs/{warning}");
        }
        if of_kind.len() > listed {
            let hint = if listed == 0 { ", or run with --warn-unused" } else { "" };
            eprintln!(
                "  … {} more in generated/{}{hint}",
                of_kind.len() - listed,
                generator::WARNINGS_FILE
            );
        }
    }
}

/// One file whose contents on disk differ from what the specs produce.
struct Change {
    path: String,
    old: Option<String>,
    new: Option<String>,
}

impl Change {
    fn diff(&self) -> String {
        let old = self.old.as_deref().unwrap_or("");
        let new = self.new.as_deref().unwrap_or("");
        let mut out = String::new();
        let what = match (&self.old, &self.new) {
            (None, _) => "missing",
            (_, None) => "no longer generated",
            _ => "differs",
        };
        let _ = writeln!(out, "generated/{} {what}:", self.path);
        let diff = similar::TextDiff::from_lines(old, new);
        let _ = write!(
            out,
            "{}",
            diff.unified_diff().context_radius(2).header(
                &format!("a/generated/{}", self.path),
                &format!("b/generated/{}", self.path)
            )
        );
        out
    }
}

/// Line endings are normalised so a checkout with CRLF is not stale.
fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Compares what the specs produce with what is on disk; the files named
/// in `intact` are known to be on disk as they are in `files`, and are not
/// read again.
fn changes(out: &Path, files: &[GeneratedFile], intact: &HashSet<String>) -> Result<Vec<Change>, String> {
    let mut on_disk: BTreeMap<String, Option<String>> = BTreeMap::new();
    for name in OWNED_FILES {
        if let Ok(text) = std::fs::read_to_string(out.join(name)) {
            on_disk.insert(name.to_string(), Some(text));
        }
    }
    collect_files(&out.join(OWNED_DIR), OWNED_DIR, intact, &mut on_disk)?;
    let mut changes = Vec::new();
    for file in files {
        match on_disk.remove(&file.path) {
            Some(None) => {}
            Some(Some(old)) if normalize(&old) == normalize(&file.contents) => {}
            old => changes.push(Change {
                path: file.path.clone(),
                old: old.flatten(),
                new: Some(file.contents.clone()),
            }),
        }
    }
    for (path, old) in on_disk {
        changes.push(Change { path, old, new: None });
    }
    Ok(changes)
}

/// Every file under `dir`, with its contents unless `intact` names it.
fn collect_files(
    dir: &Path,
    relative: &str,
    intact: &HashSet<String>,
    out: &mut BTreeMap<String, Option<String>>,
) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let relative = format!("{relative}/{name}");
        if path.is_dir() {
            collect_files(&path, &relative, intact, out)?;
        } else if intact.contains(&relative) {
            out.insert(relative, None);
        } else {
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            out.insert(relative, Some(text));
        }
    }
    Ok(())
}

/// Writes the new `src/` beside the old one, then swaps them; `Cargo.toml`
/// is replaced by a rename too. Files not in `changes` are linked into the
/// new `src/` rather than written, and keep their modification time.
fn write_atomically(out: &Path, files: &[GeneratedFile], changes: &[Change]) -> Result<(), String> {
    let changed: std::collections::HashSet<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    remove_stale_temps(out);
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempdir_in(out)
        .map_err(|e| format!("cannot create a temporary folder in {}: {e}", out.display()))?;
    let staged = temp.path().join("new");
    for file in files {
        let path = staged.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let unchanged = !changed.contains(file.path.as_str());
        if unchanged && (!file.path.starts_with(OWNED_DIR) || std::fs::hard_link(out.join(&file.path), &path).is_ok()) {
            continue;
        }
        std::fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let current_src = out.join(OWNED_DIR);
    let old_src = temp.path().join("old");
    if current_src.exists() {
        rename(&current_src, &old_src)?;
    }
    if let Err(e) = rename(&staged.join(OWNED_DIR), &current_src) {
        // Put the previous sources back rather than leave none.
        let _ = rename(&old_src, &current_src);
        return Err(e);
    }
    for name in OWNED_FILES {
        let staged_file = staged.join(name);
        if staged_file.exists() {
            rename(&staged_file, &out.join(name))?;
        }
    }
    Ok(())
}

fn rename(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::rename(from, to).map_err(|e| format!("cannot move {} to {}: {e}", from.display(), to.display()))
}

/// Leftovers of a run that was killed before it could clean up: folders,
/// where the cache is a file.
fn remove_stale_temps(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else { return };
    let stale: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(TEMP_PREFIX) && e.path().is_dir())
        .map(|e| e.path())
        .collect();
    for path in stale {
        let _ = std::fs::remove_dir_all(path);
    }
}
