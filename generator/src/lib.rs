//! Compiles OpenAPI 3.0 and 3.1 specs into typed Rust modules.
//!
//! The pipeline, one module per stage:
//! [`load`] reads spec files and resolves `$ref`s,
//! [`lower`] turns them into the [`ir`] representation (types, operations, names),
//! [`emit`] turns that into formatted Rust files.
//! [`diff`] compares two lowered versions of the specs for review.
//! Writing them to disk, atomically and with a check mode, is the job of the
//! `xtask` crate.

pub mod diff;
pub mod emit;
mod error;
pub mod ir;
pub mod load;
pub mod lower;
mod module_keys;

use std::path::Path;
use std::time::{Duration, Instant};

pub use emit::{AllowList, CrateConfig, GeneratedFile};
pub use error::{Error, Position, Result, Warning, WarningKind};
pub use module_keys::GENERATOR_FINGERPRINT;

/// The name of the allow-list of examples known not to fit their schema,
/// read from the specs folder.
pub const ALLOW_LIST_FILE: &str = "example-allowlist.txt";

/// What a run produced.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Warning>,
    pub summary: Vec<ModuleSummary>,
    pub timings: Timings,
}

/// One line of the run's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleSummary {
    pub module: String,
    pub source: String,
    pub types: usize,
    pub operations: usize,
    /// Time spent emitting and formatting this module.
    pub emit_time: Duration,
    /// A hash of everything this module's files are made from (see
    /// [`generate_dir_reusing`]); `None` when that cannot be told.
    pub key: Option<String>,
    /// Not emitted: the caller already has its files for this key.
    pub reused: bool,
}

impl ModuleSummary {
    /// The folder holding every file of this module, as in [`GeneratedFile::path`].
    pub fn dir(&self) -> String {
        format!("src/{}/", self.module)
    }
}

/// How long each pass of one generation took, for a caller that reports
/// it: a build step that prints where its time goes, a benchmark. The
/// passes are the pipeline's own, so the fields change only with it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Reading and parsing the files.
    pub load: Duration,
    /// Lowering into the representation, with its checks.
    pub lower: Duration,
    /// Emission, wall-clock: tokens and formatting, files in parallel.
    pub emit: Duration,
    /// Building token streams, summed over files.
    pub tokens: Duration,
    /// Parsing and pretty-printing the token streams, summed over files.
    pub format: Duration,
    /// The parsing part of `format`.
    pub parse: Duration,
}

/// Generates the crate's files from every spec under `specs_dir`, as a
/// crate of its own ([`CrateConfig::default`]).
pub fn generate_dir(specs_dir: &Path) -> Result<Generated> {
    generate_dir_reusing(specs_dir, &CrateConfig::default(), |_, _| false)
}

/// Like [`generate_dir`], but a module for which `reuse(module, key)` says
/// yes is lowered and not emitted: the result has none of its files, and
/// its summary says `reused`. Every other file, those made from all modules
/// (`lib.rs`, `Cargo.toml`, the warnings, the runtime) among them, is
/// emitted as usual. The key covers the module's spec, every spec it
/// shares references with, the allow-list and the generator's build, so
/// files written for one key are what the generator makes for it.
pub fn generate_dir_reusing(
    specs_dir: &Path,
    config: &CrateConfig,
    reuse: impl Fn(&str, &str) -> bool,
) -> Result<Generated> {
    let started = Instant::now();
    let set = load::SpecSet::load_dir(specs_dir)?;
    let allow = read_allow_list(specs_dir)?;
    let load_time = started.elapsed();
    let mut generated = generate_taking(set, &allow, config, reuse)?;
    generated.timings.load = load_time;
    Ok(generated)
}

/// The allow-list of a specs folder; empty when the folder has none.
pub fn read_allow_list(specs_dir: &Path) -> Result<AllowList> {
    match std::fs::read_to_string(specs_dir.join(ALLOW_LIST_FILE)) {
        Ok(text) => AllowList::parse(ALLOW_LIST_FILE, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(AllowList::default()),
        Err(e) => Err(Error::new(ALLOW_LIST_FILE, "", format!("cannot read file: {e}"))),
    }
}

/// The crate's files, as [`generate`] makes them, plus the contract
/// driver that calls every operation once (see [`emit::contract`]).
pub fn generate_with_contract(set: &load::SpecSet, allow: &AllowList, config: &CrateConfig) -> Result<Generated> {
    let mut generated = generate_reusing(set, allow, config, |_, _| false)?;
    let program = lower::lower(set)?;
    generated.files.extend(emit::contract::emit(&program, allow)?);
    Ok(generated)
}

/// Generates the crate's files from an already loaded set of specs, as a
/// crate of its own ([`CrateConfig::default`]).
pub fn generate(set: &load::SpecSet, allow: &AllowList) -> Result<Generated> {
    generate_reusing(set, allow, &CrateConfig::default(), |_, _| false)
}

/// [`generate`], taking the specs: they are freed once lowered, so that
/// emission's peak memory does not hold them.
pub fn generate_owned(set: load::SpecSet, allow: &AllowList) -> Result<Generated> {
    generate_taking(set, allow, &CrateConfig::default(), |_, _| false)
}

/// [`generate_reusing`], taking the specs.
fn generate_taking(
    set: load::SpecSet,
    allow: &AllowList,
    config: &CrateConfig,
    reuse: impl Fn(&str, &str) -> bool,
) -> Result<Generated> {
    let lowered = lower_and_key(&set, allow, config, reuse)?;
    // The documents are the largest thing in memory, and emission reads
    // only the program: freed now, they never add to its peak. Freeing
    // their millions of nodes takes a while, so it runs beside emission.
    let freed = std::thread::spawn(move || drop(set));
    let generated = emit_lowered(lowered, allow, config);
    let _ = freed.join();
    generated
}

/// [`generate_dir_reusing`] for an already loaded set of specs.
pub fn generate_reusing(
    set: &load::SpecSet,
    allow: &AllowList,
    config: &CrateConfig,
    reuse: impl Fn(&str, &str) -> bool,
) -> Result<Generated> {
    let lowered = lower_and_key(set, allow, config, reuse)?;
    emit_lowered(lowered, allow, config)
}

/// A lowered program, each module's key, and which modules are reused.
struct Lowered {
    program: ir::Program,
    keys: Vec<Option<String>>,
    reused: Vec<bool>,
    time: Duration,
}

fn lower_and_key(
    set: &load::SpecSet,
    allow: &AllowList,
    config: &CrateConfig,
    reuse: impl Fn(&str, &str) -> bool,
) -> Result<Lowered> {
    let started = Instant::now();
    let program = lower::lower(set)?;
    let keys = module_keys::module_keys(set, &program, allow, config);
    let reused: Vec<bool> = program
        .modules
        .iter()
        .zip(&keys)
        .map(|(m, key)| key.as_deref().is_some_and(|key| reuse(&m.name, key)))
        .collect();
    Ok(Lowered {
        program,
        keys,
        reused,
        time: started.elapsed(),
    })
}

fn emit_lowered(lowered: Lowered, allow: &AllowList, config: &CrateConfig) -> Result<Generated> {
    let Lowered {
        program,
        keys,
        reused,
        time: lower_time,
    } = lowered;
    let lowered = Instant::now();
    let emit::Emitted {
        files,
        tokens,
        format,
        parse,
        module_times,
    } = emit::emit(&program, allow, config, &reused)?;
    let emitted = Instant::now();

    let mut warnings = program.warnings.clone();
    warnings.extend(allow.warnings(&program));
    let mut files = files;
    files.push(warnings_file(&warnings, config));
    let summary = program
        .modules
        .iter()
        .zip(module_times.into_iter().zip(keys.into_iter().zip(reused)))
        .map(|(m, (emit_time, (key, reused)))| ModuleSummary {
            module: m.name.clone(),
            source: m.source.clone(),
            types: program.types_of(m.id).count(),
            operations: m.operations.len(),
            emit_time,
            key,
            reused,
        })
        .collect();
    Ok(Generated {
        files,
        warnings,
        summary,
        timings: Timings {
            load: Duration::ZERO,
            lower: lower_time,
            emit: emitted - lowered,
            tokens,
            format,
            parse,
        },
    })
}

/// The file that lists every warning of a run, so that a spec change that
/// adds or removes one shows in review.
pub const WARNINGS_FILE: &str = "WARNINGS.md";

fn warnings_file(warnings: &[Warning], config: &CrateConfig) -> GeneratedFile {
    let mut text = format!(
        "<!-- {} -->\n\n# Generation warnings\n",
        config.generated_by("the specs folder")
    );
    if warnings.is_empty() {
        text.push_str("\nNone.\n");
    }
    for (kind, of_kind) in warnings_by_kind(warnings) {
        let note = if kind.is_note() { "Note: " } else { "" };
        text.push_str(&format!("\n## {note}{} {}\n\n", of_kind.len(), kind.summary()));
        for warning in of_kind {
            text.push_str(&format!(
                "- `{}#{}`: {}\n",
                config.spec_path(warning.file.display()),
                warning.pointer,
                warning.message
            ));
        }
    }
    GeneratedFile {
        path: WARNINGS_FILE.to_string(),
        contents: text,
    }
}

/// The warnings of each kind that occurs, kinds in [`WarningKind::ALL`]'s order.
pub fn warnings_by_kind(warnings: &[Warning]) -> Vec<(WarningKind, Vec<&Warning>)> {
    WarningKind::ALL
        .iter()
        .map(|&kind| (kind, warnings.iter().filter(|w| w.kind == kind).collect::<Vec<_>>()))
        .filter(|(_, of_kind)| !of_kind.is_empty())
        .collect()
}

/// Runs the whole pipeline on one fuzzer input: the bytes up to the first
/// NUL are `api.yml`, the rest, if any, `common/lib.yml`, which the first
/// can `$ref`. Used by the fuzz target and its regression tests.
#[doc(hidden)]
pub fn fuzz_one(data: &[u8]) -> Result<()> {
    let (api, library) = match data.iter().position(|&b| b == 0) {
        Some(split) => (&data[..split], Some(&data[split + 1..])),
        None => (data, None),
    };
    let mut sources = vec![(std::path::PathBuf::from("api.yml"), api.to_vec())];
    if let Some(library) = library {
        sources.push((std::path::PathBuf::from("common/lib.yml"), library.to_vec()));
    }
    let set = load::SpecSet::from_sources(sources)?;
    generate(&set, &AllowList::default()).map(|_| ())
}
