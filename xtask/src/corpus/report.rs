//! The table `cargo xtask corpus` prints, and the results that make it fail.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::compile::{CompileReport, Compiled};
use super::{KNOWN_FAILURES, Outcome, SpecRun};

pub struct Summary<'a> {
    /// The package and its version, or the folder given instead.
    pub corpus: String,
    pub in_package: usize,
    pub runs: &'a [SpecRun],
    pub generation_time: Duration,
    pub compiled: &'a CompileReport,
    pub compile_time: Duration,
    pub timeout: Duration,
    pub known: &'a BTreeMap<String, String>,
}

pub fn render(s: &Summary) -> String {
    let mut out = String::new();
    outcomes(s, &mut out);
    rejections(s, &mut out);
    failures(s, &mut out);
    out
}

/// The headline and the table of outcomes.
fn outcomes(s: &Summary, out: &mut String) {
    let count = |f: fn(&Outcome) -> bool| s.runs.iter().filter(|r| f(&r.outcome)).count();
    let generated = count(|o| matches!(o, Outcome::Generated { .. }));
    let rejected = count(|o| matches!(o, Outcome::Rejected { .. }));
    let panicked = count(|o| matches!(o, Outcome::Panicked { .. }));
    let timed_out = count(|o| matches!(o, Outcome::TimedOut));
    let mut versions: BTreeMap<&str, usize> = BTreeMap::new();
    for run in s.runs {
        if let Outcome::NotOpenApi3x { version } = &run.outcome {
            *versions.entry(version).or_default() += 1;
        }
    }
    let not_3x: usize = versions.values().sum();
    let compile = |f: fn(&Compiled) -> bool| s.compiled.specs.values().filter(|c| f(c)).count();
    let clean = compile(|c| matches!(c, Compiled::Clean));
    let warnings = compile(|c| matches!(c, Compiled::Warnings { .. }));
    let failed = compile(|c| matches!(c, Compiled::Failed { .. }));
    let not_checked = compile(|c| matches!(c, Compiled::NotChecked));
    let slowest = s.runs.iter().max_by_key(|r| r.elapsed);
    let (types, operations) = s.runs.iter().fold((0, 0), |(t, o), r| match r.outcome {
        Outcome::Generated { types, operations } => (t + types, o + operations),
        _ => (t, o),
    });

    let _ = writeln!(out, "## Real-world corpus: {}\n", s.corpus);
    let _ = writeln!(
        out,
        "{} of the {} specs generated in {:.0} s ({} s limit each{}); {} of those that generated compiled as one crate in {:.0} s ({} `cargo check` round(s), {:.0} s in cargo).\n",
        s.runs.len(),
        s.in_package,
        s.generation_time.as_secs_f64(),
        s.timeout.as_secs(),
        slowest.map_or_else(String::new, |r| format!(
            "; slowest `{}`, {:.1} s",
            r.spec,
            r.elapsed.as_secs_f64()
        )),
        s.compiled.specs.len(),
        s.compile_time.as_secs_f64(),
        s.compiled.rounds,
        s.compiled.check_time.as_secs_f64(),
    );
    let versions_text = versions
        .iter()
        .map(|(v, n)| format!("{v}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(out, "| outcome | specs |\n|---|---:|");
    let _ = writeln!(out, "| not OpenAPI 3.0 or 3.1 ({versions_text}) | {not_3x} |");
    let _ = writeln!(
        out,
        "| generated ({types} types, {operations} operations) | {generated} |"
    );
    let _ = writeln!(out, "| rejected with an error | {rejected} |");
    let _ = writeln!(out, "| panicked or aborted | {panicked} |");
    let _ = writeln!(out, "| timed out | {timed_out} |");
    let _ = writeln!(out, "| compiled without a warning | {clean} |");
    let _ = writeln!(out, "| compiled, with warnings | {warnings} |");
    let _ = writeln!(out, "| failed to compile | {failed} |");
    if not_checked > 0 {
        let _ = writeln!(out, "| not checked (see below) | {not_checked} |");
    }
}

/// The rejected specs, grouped by the kind of their message.
fn rejections(s: &Summary, out: &mut String) {
    let mut reasons: BTreeMap<String, Vec<&SpecRun>> = BTreeMap::new();
    for run in s.runs {
        if let Outcome::Rejected { message, .. } = &run.outcome {
            reasons.entry(message_kind(message)).or_default().push(run);
        }
    }
    if !reasons.is_empty() {
        let mut reasons: Vec<_> = reasons.into_iter().collect();
        reasons.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        let _ = writeln!(
            out,
            "\n### Rejected, by reason\n\n| specs | reason | first of them |\n|---:|---|---|"
        );
        for (kind, runs) in &reasons {
            let first = runs[0];
            let example = match &first.outcome {
                Outcome::Rejected { message, location } if !location.is_empty() => {
                    format!("`{location}`: {}", short(message))
                }
                Outcome::Rejected { message, .. } => format!("`{}` (no location): {}", first.spec, short(message)),
                _ => String::new(),
            };
            let _ = writeln!(out, "| {} | {} | {} |", runs.len(), cell(kind), cell(&example));
        }
    }
}

/// Panics, hangs, specs that did not compile cleanly, and errors outside any module.
fn failures(s: &Summary, out: &mut String) {
    let panics: Vec<_> = s
        .runs
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Panicked { message } => Some((r, message)),
            _ => None,
        })
        .collect();
    if !panics.is_empty() {
        let _ = writeln!(out, "\n### Panicked or aborted\n\n| spec | message |\n|---|---|");
        for (run, message) in panics {
            let _ = writeln!(out, "| `{}` | {} |", run.spec, cell(&short(message)));
        }
    }
    let hangs: Vec<_> = s
        .runs
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::TimedOut))
        .collect();
    if !hangs.is_empty() {
        let _ = writeln!(out, "\n### Timed out (over {} s)\n", s.timeout.as_secs());
        for run in hangs {
            let _ = writeln!(out, "- `{}`", run.spec);
        }
    }
    let broken: Vec<_> = s
        .compiled
        .specs
        .iter()
        .filter(|(_, c)| !matches!(c, Compiled::Clean))
        .collect();
    if !broken.is_empty() {
        let _ = writeln!(
            out,
            "\n### Compiled with errors or warnings\n\n| spec | result | first diagnostic |\n|---|---|---|"
        );
        for (spec, compiled) in broken {
            let (result, first) = match compiled {
                Compiled::Failed { errors, first } => (format!("{errors} error(s)"), first.as_str()),
                Compiled::Warnings { count, first } => (format!("{count} warning(s)"), first.as_str()),
                Compiled::NotChecked => ("not checked".to_string(), ""),
                Compiled::Clean => continue,
            };
            let _ = writeln!(out, "| `{spec}` | {result} | {} |", cell(&short(first)));
        }
    }
    if !s.compiled.crate_errors.is_empty() {
        let _ = writeln!(out, "\n### Errors outside any spec's module\n");
        for error in &s.compiled.crate_errors {
            let _ = writeln!(out, "- {}", short(error));
        }
    }
}

/// What should make the run fail: a panic, a hang, a rejection without a
/// location, a sampled spec that does not compile cleanly, unless the spec
/// is in the known-failures file; and a known failure that no longer fails.
pub fn unexpected(s: &Summary) -> Vec<String> {
    let mut problems = Vec::new();
    let mut known_seen_failing = std::collections::BTreeSet::new();
    let mut flag = |spec: &str, what: String| {
        if s.known.contains_key(spec) {
            known_seen_failing.insert(spec.to_string());
        } else {
            problems.push(format!("{spec}: {what}"));
        }
    };
    for run in s.runs {
        match &run.outcome {
            Outcome::Panicked { message } => flag(&run.spec, format!("panicked: {}", short(message))),
            Outcome::TimedOut => flag(&run.spec, format!("timed out after {} s", s.timeout.as_secs())),
            Outcome::Rejected { message, location } if location.is_empty() => {
                flag(&run.spec, format!("rejected without a location: {}", short(message)))
            }
            _ => {}
        }
    }
    for (spec, compiled) in &s.compiled.specs {
        match compiled {
            Compiled::Clean => {}
            Compiled::Failed { first, .. } => flag(spec, format!("does not compile: {first}")),
            Compiled::Warnings { first, .. } => flag(spec, format!("compiles with warnings: {first}")),
            Compiled::NotChecked => flag(spec, "not checked: errors outside its module".to_string()),
        }
    }
    for error in &s.compiled.crate_errors {
        problems.push(format!("sample crate: {}", short(error)));
    }
    // A known failure is judged only where this run would have seen it fail.
    for run in s.runs.iter().filter(|r| s.known.contains_key(&r.spec)) {
        let passed = match &run.outcome {
            Outcome::Generated { .. } => matches!(s.compiled.specs.get(&run.spec), Some(Compiled::Clean)),
            Outcome::Rejected { location, .. } => !location.is_empty(),
            Outcome::NotOpenApi3x { .. } => true,
            Outcome::Panicked { .. } | Outcome::TimedOut => false,
        };
        if passed && !known_seen_failing.contains(&run.spec) {
            problems.push(format!(
                "{}: listed in {KNOWN_FAILURES} but no longer fails; remove it",
                run.spec
            ));
        }
    }
    problems
}

/// A rejection message with its particulars blanked, so that messages of
/// one kind group together: quoted names, pointers, numbers.
pub fn message_kind(message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    let mut out = String::with_capacity(first.len());
    let mut chars = first.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '"' | '\'' if first.matches(c).count() >= 2 => {
                let mut closed = false;
                for inner in chars.by_ref() {
                    if inner == c {
                        closed = true;
                        break;
                    }
                }
                out.push(c);
                out.push('…');
                if closed {
                    out.push(c);
                }
            }
            '0'..='9' => {
                while chars.peek().is_some_and(|d| d.is_ascii_digit() || *d == '.') {
                    chars.next();
                }
                out.push('N');
            }
            '#' if chars.peek() == Some(&'/') => {
                while chars.peek().is_some_and(|d| !d.is_whitespace() && *d != ')') {
                    chars.next();
                }
                out.push_str("#…");
            }
            _ => out.push(c),
        }
    }
    out
}

fn short(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    if first.chars().count() > 200 {
        format!("{}…", first.chars().take(200).collect::<String>())
    } else {
        first.to_string()
    }
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
