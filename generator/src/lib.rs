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
mod groups;
pub mod ir;
pub mod load;
pub mod lower;
mod outline;
mod partial_check;

use std::path::Path;
use std::time::{Duration, Instant};

pub use emit::{AllowList, CrateConfig, GeneratedFile};
pub use error::{Error, Position, Result, Warning, WarningKind};
pub use groups::GENERATOR_FINGERPRINT;
pub use outline::ModuleOutline;
#[doc(hidden)]
pub use partial_check::check_partial_runs;

use groups::SpecGroups;

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
    pub outline: ModuleOutline,
    /// Time spent emitting and formatting this module.
    pub emit_time: Duration,
    /// A hash of everything this module's files are made from (see
    /// [`generate_dir_reusing`]); `None` when that cannot be told.
    pub key: Option<String>,
    /// Loaded and lowered in this run: its group of specs changed, or the
    /// caller had no outline of it for its key.
    pub lowered: bool,
    /// Not emitted: the caller already has its files for this key.
    pub reused: bool,
}

impl ModuleSummary {
    /// The folder holding every file of this module, as in [`GeneratedFile::path`].
    pub fn dir(&self) -> String {
        self.outline.dir()
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
    generate_dir_reusing(specs_dir, &CrateConfig::default(), |_, _| None)
}

/// Like [`generate_dir`], but a module for which `reuse(module, key)`
/// returns the outline its files were emitted with is not emitted: the
/// result has none of its files, and its summary says `reused`. Where that
/// holds for every module of a group of specs (specs joined by file
/// references), the group is not even loaded or lowered, and its outlines
/// stand in for it in the files made from all modules (`lib.rs`,
/// `Cargo.toml`, the warnings), which are always emitted. The key covers the module's spec, every spec it shares
/// references with, the allow-list and the generator's build, so files
/// written for one key are what the generator makes for it.
///
/// Should the specs lowered alone not bear their groups out, or fail, the
/// whole folder is generated instead: the output, and the error, are always
/// those of a run from scratch.
pub fn generate_dir_reusing(
    specs_dir: &Path,
    config: &CrateConfig,
    reuse: impl Fn(&str, &str) -> Option<ModuleOutline>,
) -> Result<Generated> {
    let started = Instant::now();
    let sources = load::read_dir(specs_dir)?;
    let allow = read_allow_list(specs_dir)?;
    let named: Vec<(&Path, &[u8])> = sources.iter().map(|(p, b)| (p.as_path(), b.as_slice())).collect();
    let groups = SpecGroups::new(&named, &allow, config);
    let kept: Vec<Option<ModuleOutline>> = (0..sources.len())
        .map(|file| {
            reuse(&groups.modules[file], &groups.keys[groups.group_of[file]])
                .filter(|o| o.name == groups.modules[file] && o.source == groups.paths[file])
        })
        .collect();
    let unchanged: Vec<bool> = (0..groups.keys.len())
        .map(|group| (0..sources.len()).all(|f| groups.group_of[f] != group || kept[f].is_some()))
        .collect();
    if unchanged.contains(&true) {
        let changed: Vec<(std::path::PathBuf, Vec<u8>)> = sources
            .iter()
            .enumerate()
            .filter(|(f, _)| !unchanged[groups.group_of[*f]])
            .map(|(_, source)| source.clone())
            .collect();
        let partial = load::SpecSet::from_sources(changed).and_then(|set| {
            let load = started.elapsed();
            let generated = generate_groups(Specs::Owned(set), &groups, &kept, &allow, config, false)?;
            Ok(generated.map(|g| g.loaded_in(load)))
        });
        if let Ok(Some(generated)) = partial {
            return Ok(generated);
        }
    }
    let set = load::SpecSet::from_sources(sources)?;
    let load = started.elapsed();
    Ok(generate_whole(Specs::Owned(set), &groups, &kept, &allow, config)?.loaded_in(load))
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
    let mut generated = generate_with_config(set, allow, config)?;
    let program = lower::lower(set)?;
    generated.files.extend(emit::contract::emit(&program, allow)?);
    Ok(generated)
}

/// Generates the crate's files from an already loaded set of specs, as a
/// crate of its own ([`CrateConfig::default`]).
pub fn generate(set: &load::SpecSet, allow: &AllowList) -> Result<Generated> {
    generate_with_config(set, allow, &CrateConfig::default())
}

/// [`generate`], taking the specs: they are freed once lowered, so that
/// emission's peak memory does not hold them.
pub fn generate_owned(set: load::SpecSet, allow: &AllowList) -> Result<Generated> {
    generate_set(Specs::Owned(set), allow, &CrateConfig::default())
}

/// [`generate`] for a crate configured by `config`.
pub fn generate_with_config(set: &load::SpecSet, allow: &AllowList, config: &CrateConfig) -> Result<Generated> {
    generate_set(Specs::Borrowed(set), allow, config)
}

fn generate_set(specs: Specs<'_>, allow: &AllowList, config: &CrateConfig) -> Result<Generated> {
    let set = specs.set();
    let named: Vec<(&Path, &[u8])> = set
        .files()
        .map(|(_, f)| (f.path.as_path(), f.text.as_bytes()))
        .collect();
    let groups = SpecGroups::new(&named, allow, config);
    let kept = vec![None; named.len()];
    generate_whole(specs, &groups, &kept, allow, config)
}

/// [`generate_groups`] on every spec of `groups`, which always gives files.
fn generate_whole(
    specs: Specs<'_>,
    groups: &SpecGroups,
    kept: &[Option<ModuleOutline>],
    allow: &AllowList,
    config: &CrateConfig,
) -> Result<Generated> {
    generate_groups(specs, groups, kept, allow, config, true)?
        .ok_or_else(|| Error::new("", "", "internal error: a whole run stopped as if partial"))
}

/// Loaded specs, owned where the caller hands them over.
enum Specs<'a> {
    Owned(load::SpecSet),
    Borrowed(&'a load::SpecSet),
}

impl Specs<'_> {
    fn set(&self) -> &load::SpecSet {
        match self {
            Specs::Owned(set) => set,
            Specs::Borrowed(set) => set,
        }
    }
}

/// Lowers `specs`, whole groups of `groups`, and emits their modules but
/// those `kept` (by file) for their key; every other module of `groups` is
/// kept, and its outline stands in for it. `None` when a partial run's
/// program does not bear the groups out, and the whole set must be run.
fn generate_groups(
    specs: Specs<'_>,
    groups: &SpecGroups,
    kept: &[Option<ModuleOutline>],
    allow: &AllowList,
    config: &CrateConfig,
    whole: bool,
) -> Result<Option<Generated>> {
    let started = Instant::now();
    let program = lower::lower(specs.set())?;
    let (lowered, unattributed) = outline::outlines(&program, allow);
    let holds = groups.holds(&lowered, &unattributed);
    if !whole && !holds {
        return Ok(None);
    }
    let lower_time = started.elapsed();
    // The documents are the largest thing in memory, and emission reads
    // only the program: freed now, they never add to its peak. Freeing
    // their millions of nodes takes a while, so it runs beside emission.
    let freed = match specs {
        Specs::Owned(set) => Some(std::thread::spawn(move || drop(set))),
        Specs::Borrowed(_) => None,
    };
    let kept_for = |source: &str| groups.file_of(source).and_then(|f| kept[f].as_ref());
    let skip: Vec<bool> = lowered.iter().map(|o| holds && kept_for(&o.source).is_some()).collect();
    let mut outlines: Vec<(ModuleOutline, Option<usize>)> =
        lowered.into_iter().enumerate().map(|(i, o)| (o, Some(i))).collect();
    for (file, source) in groups.paths.iter().enumerate() {
        if !outlines.iter().any(|(o, _)| o.source == *source) {
            let Some(outline) = &kept[file] else {
                return Err(Error::new(
                    source.as_str(),
                    "",
                    "internal error: a module neither lowered nor kept",
                ));
            };
            outlines.push((outline.clone(), None));
        }
    }
    outlines.sort_by(|(a, _), (b, _)| Path::new(&a.source).cmp(Path::new(&b.source)));
    let (outlines, lowered_index): (Vec<ModuleOutline>, Vec<Option<usize>>) = outlines.into_iter().unzip();

    let emitting = Instant::now();
    let emit::Emitted {
        mut files,
        tokens,
        format,
        parse,
        module_times,
    } = emit::emit(&program, &outlines, allow, config, &skip)?;
    let emit_time = emitting.elapsed();
    if let Some(freed) = freed {
        let _ = freed.join();
    }

    let warnings = outline::crate_warnings(&outlines, &unattributed, allow);
    files.push(warnings_file(&warnings, config));
    let summary = outlines
        .into_iter()
        .zip(lowered_index)
        .map(|(outline, index)| ModuleSummary {
            key: if holds {
                groups.key_of(&outline.source).map(str::to_string)
            } else {
                None
            },
            emit_time: index.and_then(|i| module_times.get(i).copied()).unwrap_or_default(),
            lowered: index.is_some(),
            reused: index.is_none_or(|i| skip[i]),
            outline,
        })
        .collect();
    Ok(Some(Generated {
        files,
        warnings,
        summary,
        timings: Timings {
            load: Duration::ZERO,
            lower: lower_time,
            emit: emit_time,
            tokens,
            format,
            parse,
        },
    }))
}

impl Generated {
    fn loaded_in(mut self, load: Duration) -> Generated {
        self.timings.load = load;
        self
    }
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
