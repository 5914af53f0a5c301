//! The report: Markdown for a pull request, JSON for tools.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Change, SpecDiff, Subject, Verdict};

/// How many changes got each verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
struct Counts {
    changes: usize,
    wire_breaking: usize,
    wire_needs_review: usize,
    rust_breaking: usize,
    rust_needs_review: usize,
}

impl Counts {
    fn add(&mut self, change: &Change) {
        self.changes += 1;
        self.wire_breaking += usize::from(change.wire.verdict == Verdict::Breaking);
        self.wire_needs_review += usize::from(change.wire.verdict == Verdict::NeedsReview);
        self.rust_breaking += usize::from(change.rust.verdict == Verdict::Breaking);
        self.rust_needs_review += usize::from(change.rust.verdict == Verdict::NeedsReview);
    }

    fn row(&self, label: &str) -> String {
        format!(
            "| {label} | {} | {} | {} | {} | {} |\n",
            self.changes, self.wire_breaking, self.wire_needs_review, self.rust_breaking, self.rust_needs_review
        )
    }
}

/// The specs in the order they first appear, with their counts.
fn per_api(diff: &SpecDiff) -> Vec<(&str, &str, Counts)> {
    let mut apis: Vec<(&str, &str, Counts)> = Vec::new();
    for change in &diff.changes {
        match apis.iter_mut().find(|(api, _, _)| *api == change.api) {
            Some((_, _, counts)) => counts.add(change),
            None => {
                let mut counts = Counts::default();
                counts.add(change);
                apis.push((&change.api, &change.module, counts));
            }
        }
    }
    apis
}

/// The report as Markdown: a table of counts, the changes grouped by spec
/// and by operation or type, then the generated items that changed.
/// `old` and `new` name the two sides (`` `HEAD` ``, `working tree`).
pub fn markdown(diff: &SpecDiff, old: &str, new: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## API changes: {old} → {new}\n");
    if diff.is_empty() {
        out.push_str("No changes to the APIs or the generated Rust items.\n");
        return out;
    }
    let apis = per_api(diff);
    if !apis.is_empty() {
        out.push_str(
            "| spec | changes | wire: breaking | wire: needs review | Rust API: breaking | Rust API: needs review |\n",
        );
        out.push_str("|---|---:|---:|---:|---:|---:|\n");
        let mut total = Counts::default();
        for (api, _, counts) in &apis {
            out.push_str(&counts.row(&format!("`{api}`")));
        }
        diff.changes.iter().for_each(|c| total.add(c));
        if apis.len() > 1 {
            out.push_str(&total.row("**total**"));
        }
        out.push_str(
            "\nA change in a shared type is listed under every operation that uses it, and once under the type.\n",
        );
    }
    for (api, module, _) in &apis {
        let _ = writeln!(out, "\n### `{api}` (module `{module}`)");
        let changes: Vec<&Change> = diff.changes.iter().filter(|c| c.api == *api).collect();
        let mut subjects: Vec<&Subject> = Vec::new();
        for change in &changes {
            if !subjects.contains(&&change.subject) {
                subjects.push(&change.subject);
            }
        }
        for subject in subjects {
            let _ = writeln!(out, "\n#### {}\n", heading(subject));
            for change in changes.iter().filter(|c| c.subject == *subject) {
                write_change(&mut out, change);
            }
        }
    }
    if !diff.rust_items.is_empty() {
        out.push_str("\n### Generated Rust items\n\n");
        out.push_str("| module | item | before | after |\n|---|---|---|---|\n");
        for item in &diff.rust_items {
            let show = |signature: &Option<String>| match signature {
                Some(s) => format!("`{}`", cell(s)),
                None => "—".into(),
            };
            let _ = writeln!(
                out,
                "| `{}` | {} `{}` | {} | {} |",
                item.module,
                item.kind.label(),
                cell(&item.item),
                show(&item.old),
                show(&item.new)
            );
        }
    }
    out
}

fn heading(subject: &Subject) -> String {
    match subject {
        Subject::Api => "The spec".into(),
        Subject::Operation { method, path, name } => format!("`{method} {path}` · `{name}`"),
        Subject::Type { name } => format!("type `{name}`"),
    }
}

fn write_change(out: &mut String, change: &Change) {
    let mut place = change.location.clone();
    if !change.pointer.is_empty() {
        if !place.is_empty() {
            place.push(' ');
        }
        let _ = write!(place, "`{}`", change.pointer);
    }
    if let Some(item) = &change.rust_item {
        if !place.is_empty() {
            place.push_str(" → ");
        }
        let _ = write!(place, "`{item}`");
    }
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(" {place}")
    };
    let _ = writeln!(out, "- **`{}`**{place}: {}", change.id, change.summary);
    let _ = writeln!(out, "  - wire {}: {}", verdict(change.wire.verdict), change.wire.reason);
    let _ = writeln!(
        out,
        "  - Rust API {}: {}",
        verdict(change.rust.verdict),
        change.rust.reason
    );
}

/// Breaking in bold and needs review in italics, so they stand out in a long list.
fn verdict(verdict: Verdict) -> String {
    match verdict {
        Verdict::Breaking => format!("**{}**", verdict.label()),
        Verdict::NeedsReview => format!("*{}*", verdict.label()),
        Verdict::NonBreaking => verdict.label().to_string(),
    }
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[derive(Serialize)]
struct JsonReport<'d> {
    old: &'d str,
    new: &'d str,
    summary: Counts,
    changes: &'d [Change],
    rust_items: &'d [super::RustItemChange],
}

/// The report as JSON: the counts, every change with both verdicts, and
/// every generated item that changed.
pub fn json(diff: &SpecDiff, old: &str, new: &str) -> Result<String, serde_json::Error> {
    let mut summary = Counts::default();
    diff.changes.iter().for_each(|c| summary.add(c));
    let report = JsonReport {
        old,
        new,
        summary,
        changes: &diff.changes,
        rust_items: &diff.rust_items,
    };
    serde_json::to_string_pretty(&report)
}
