//! `cargo xtask spec-diff`: what a spec change does on the wire and to the
//! generated Rust API, for review.
//!
//! Both sides are loaded and lowered exactly as `codegen` does; the
//! comparison itself is `generator::diff`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use generator::diff::{self, SpecDiff, Version};
use generator::ir::Program;
use generator::load::SpecSet;

/// One side as loaded and lowered.
struct Side {
    specs: SpecSet,
    program: Program,
}

impl Side {
    fn version(&self) -> Version<'_> {
        Version {
            specs: &self.specs,
            program: &self.program,
        }
    }
}

/// What to compare, and how to report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub sides: Sides,
    pub format: Format,
    /// Exit non-zero when any change is breaking, on the wire or in Rust.
    pub fail_on_breaking: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sides {
    /// `specs/` at a git revision against `specs/` in the working tree.
    Git { base: String },
    /// Two spec files, each read with the files its `$ref`s reach.
    Files { old: PathBuf, new: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

const SPECS: &str = "specs";

pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let (diff, old_label, new_label) = match &options.sides {
        Sides::Git { base } => {
            let old_side = format!("old side (`{base}`)");
            let old = load_revision(root, base, &old_side)?;
            let new_side = "new side (working tree)";
            let set = SpecSet::load_dir(&root.join(SPECS)).map_err(|e| load_error(new_side, Path::new(SPECS), e))?;
            let new = lower(set, new_side, Path::new(SPECS))?;
            let diff = diff::diff(old.version(), new.version());
            (diff, format!("`{base}`"), "working tree".to_string())
        }
        Sides::Files { old, new } => {
            let (old_side, old_name) = load_file(old, "old side")?;
            let (new_side, new_name) = load_file(new, "new side")?;
            let diff = diff::diff_spec(old_side.version(), &old_name, new_side.version(), &new_name);
            (diff, format!("`{}`", old.display()), format!("`{}`", new.display()))
        }
    };
    let report = match options.format {
        Format::Markdown => diff::markdown(&diff, &old_label, &new_label),
        Format::Json => diff::json(&diff, &old_label, &new_label)
            .map(|json| json + "\n")
            .map_err(|e| format!("cannot write the JSON report: {e}"))?,
    };
    print!("{report}");
    fail_on_breaking(&diff, options)
}

fn fail_on_breaking(diff: &SpecDiff, options: &Options) -> Result<(), String> {
    let breaking = diff.breaking_count();
    if options.fail_on_breaking && breaking > 0 {
        return Err(format!(
            "{breaking} breaking change(s) between the specs (--fail-on breaking)"
        ));
    }
    Ok(())
}

/// A spec that does not load, said with its side and its path as the reader knows it.
fn load_error(side: &str, folder: &Path, mut error: generator::Error) -> String {
    error.file = folder.join(&error.file);
    format!("cannot load the {side}: {error}")
}

fn lower(specs: SpecSet, side: &str, folder: &Path) -> Result<Side, String> {
    let program = generator::lower::lower(&specs).map_err(|e| load_error(side, folder, e))?;
    Ok(Side { specs, program })
}

fn load_file(path: &Path, side: &str) -> Result<(Side, String), String> {
    let folder = path.parent().unwrap_or(Path::new(""));
    let (set, name) = SpecSet::load_file(path).map_err(|e| load_error(side, folder, e))?;
    let side = lower(set, side, folder)?;
    Ok((side, name.display().to_string()))
}

fn git(root: &Path, args: &[&str]) -> Result<Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).trim().to_string()
}

/// The specs folder as committed at `revision`, loaded and lowered.
fn load_revision(root: &Path, revision: &str, side: &str) -> Result<Side, String> {
    let commit_of = format!("{revision}^{{commit}}");
    let resolved = git(
        root,
        &["rev-parse", "--verify", "--quiet", "--end-of-options", &commit_of],
    )?;
    if !resolved.status.success() {
        let message = stderr(&resolved);
        return Err(if message.is_empty() {
            format!("base revision `{revision}` does not exist (git cannot resolve it to a commit)")
        } else {
            format!("cannot read base revision `{revision}`: {message}")
        });
    }
    let commit = String::from_utf8_lossy(&resolved.stdout).trim().to_string();
    let listed = git(root, &["ls-tree", "-r", "-z", "--name-only", &commit, "--", SPECS])?;
    if !listed.status.success() {
        return Err(format!("cannot list {SPECS}/ at `{revision}`: {}", stderr(&listed)));
    }
    let mut sources = Vec::new();
    for path in String::from_utf8_lossy(&listed.stdout).split('\0') {
        let Some(relative) = path.strip_prefix("specs/") else {
            continue;
        };
        if !generator::load::is_spec_file(Path::new(relative)) {
            continue;
        }
        // `./` makes the path relative to `root`, which may sit below the repository's top.
        let shown = git(root, &["show", &format!("{commit}:./{path}")])?;
        if !shown.status.success() {
            return Err(format!("cannot read {path} at `{revision}`: {}", stderr(&shown)));
        }
        sources.push((PathBuf::from(relative), shown.stdout));
    }
    let set = SpecSet::from_sources(sources).map_err(|e| load_error(side, Path::new(SPECS), e))?;
    lower(set, side, Path::new(SPECS))
}
