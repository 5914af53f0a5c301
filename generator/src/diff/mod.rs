//! Spec diff: what a change between two versions of the specs does on the
//! wire and to the generated Rust API.
//!
//! Each side is a [`Version`]: the lowered [`Program`], and the loaded
//! specs it was lowered from, read only for what a body's lowering keeps
//! one of (its media types); nothing here parses YAML. Specs are
//! paired by file, operations by method and path, parameters by place and
//! name, properties by wire name, named types by their Rust name. Schemas are
//! compared from each operation's parameters and bodies down through every
//! type they reach, so a change in a shared component is listed under every
//! operation that uses it, and once more under the type itself.
//!
//! Each change carries an id in the vocabulary of OpenAPI breaking-change
//! tools (`request-property-became-required`, `response-property-enum-value-added`…)
//! and two verdicts: one for clients and servers on the wire, one for code
//! that compiles against the generated crate.

mod api;
mod bodies;
mod client;
mod constraints;
mod documents;
mod media;
mod objects;
mod operations;
mod pairs;
mod parameters;
mod report;
mod rust;
mod rust_items;
mod rust_verdicts;
mod schemas;
mod types;
mod variants;
mod wire;

use serde::Serialize;

use crate::ir::{Module, Program};
use crate::load::SpecSet;

pub use report::{json, markdown};

/// How bad a change is for one audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Breaking,
    NeedsReview,
    NonBreaking,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Breaking => "breaking",
            Verdict::NeedsReview => "needs review",
            Verdict::NonBreaking => "non-breaking",
        }
    }
}

/// A verdict and the one-line reason for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Assessment {
    pub verdict: Verdict,
    pub reason: String,
}

impl Assessment {
    pub(crate) fn breaking(reason: impl Into<String>) -> Self {
        Assessment {
            verdict: Verdict::Breaking,
            reason: reason.into(),
        }
    }

    pub(crate) fn review(reason: impl Into<String>) -> Self {
        Assessment {
            verdict: Verdict::NeedsReview,
            reason: reason.into(),
        }
    }

    pub(crate) fn safe(reason: impl Into<String>) -> Self {
        Assessment {
            verdict: Verdict::NonBreaking,
            reason: reason.into(),
        }
    }
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Subject {
    /// The spec as a whole: added or removed, servers, security schemes.
    Api,
    /// One operation; `name` is its client method.
    Operation { method: String, path: String, name: String },
    /// One named type of the module's `types`.
    Type { name: String },
}

/// One change, with both verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Kebab-case id, as OpenAPI breaking-change tools name it.
    pub id: String,
    /// Spec file, relative to the specs folder.
    pub api: String,
    /// Rust module of the spec.
    pub module: String,
    pub subject: Subject,
    /// Where in the subject: `request body`, `responses 401, 404`,
    /// `query parameter page_size`; empty for the subject itself.
    pub location: String,
    /// Wire path below that place (`/capabilities/voice/region`); empty at its root.
    pub pointer: String,
    /// The generated item the change touches, when there is one.
    pub rust_item: Option<String>,
    /// What changed, in a few words.
    pub summary: String,
    pub wire: Assessment,
    pub rust: Assessment,
}

impl Change {
    pub fn is_breaking(&self) -> bool {
        self.wire.verdict == Verdict::Breaking || self.rust.verdict == Verdict::Breaking
    }
}

/// A generated Rust item that appears, disappears or changes signature.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RustItemChange {
    pub module: String,
    pub kind: RustItemKind,
    /// Path inside the module: `types::User`, `types::User::name`,
    /// `types::Region::ApacTokyo`, `client::Client::list_users`.
    pub item: String,
    /// Signature before, `None` when the item is new.
    pub old: Option<String>,
    /// Signature after, `None` when the item is gone.
    pub new: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RustItemKind {
    Module,
    Type,
    Field,
    Variant,
    Method,
    Constant,
}

impl RustItemKind {
    pub fn label(self) -> &'static str {
        match self {
            RustItemKind::Module => "module",
            RustItemKind::Type => "type",
            RustItemKind::Field => "field",
            RustItemKind::Variant => "variant",
            RustItemKind::Method => "method",
            RustItemKind::Constant => "constant",
        }
    }
}

/// Everything a comparison found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SpecDiff {
    pub changes: Vec<Change>,
    pub rust_items: Vec<RustItemChange>,
}

impl SpecDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.rust_items.is_empty()
    }

    pub fn breaking_count(&self) -> usize {
        self.changes.iter().filter(|c| c.is_breaking()).count()
    }
}

/// One side of a comparison: the specs as loaded, and the program lowered from them.
#[derive(Debug, Clone, Copy)]
pub struct Version<'a> {
    pub specs: &'a SpecSet,
    pub program: &'a Program,
}

/// Compares every spec of `old` with the spec of the same file in `new`; a
/// spec on one side only is an API added or removed.
pub fn diff(old: Version, new: Version) -> SpecDiff {
    let pairs = pair_modules(old.program, new.program, None);
    diff_pairs(old, new, &pairs)
}

/// Compares one spec of `old` with one spec of `new`, whatever their file
/// names; the files they refer to are paired by name as in [`diff`].
pub fn diff_spec(old: Version, old_source: &str, new: Version, new_source: &str) -> SpecDiff {
    let pairs = pair_modules(old.program, new.program, Some((old_source, new_source)));
    diff_pairs(old, new, &pairs)
}

/// The two versions of one spec; `None` on the side where it does not exist.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ModulePair<'p> {
    pub old: Option<&'p Module>,
    pub new: Option<&'p Module>,
}

impl<'p> ModulePair<'p> {
    /// The spec file and module the changes are reported under: the new
    /// side's, or the old side's for a removed spec.
    pub fn names(&self) -> (String, String) {
        match self.new.or(self.old) {
            Some(m) => (m.source.clone(), m.name.clone()),
            None => (String::new(), String::new()),
        }
    }
}

fn pair_modules<'p>(old: &'p Program, new: &'p Program, explicit: Option<(&str, &str)>) -> Vec<ModulePair<'p>> {
    let find = |program: &'p Program, source: &str| program.modules.iter().find(|m| m.source == source);
    let mut pairs = Vec::new();
    let mut taken_old: Vec<&str> = Vec::new();
    let mut taken_new: Vec<&str> = Vec::new();
    if let Some((old_source, new_source)) = explicit {
        pairs.push(ModulePair {
            old: find(old, old_source),
            new: find(new, new_source),
        });
        taken_old.push(old_source);
        taken_new.push(new_source);
    }
    for module in new.modules.iter().filter(|m| !taken_new.contains(&m.source.as_str())) {
        let counterpart = find(old, &module.source).filter(|m| !taken_old.contains(&m.source.as_str()));
        pairs.push(ModulePair {
            old: counterpart,
            new: Some(module),
        });
    }
    for module in old.modules.iter().filter(|m| !taken_old.contains(&m.source.as_str())) {
        if find(new, &module.source).is_none_or(|m| taken_new.contains(&m.source.as_str())) {
            pairs.push(ModulePair {
                old: Some(module),
                new: None,
            });
        }
    }
    // APIs first, then the files of shared components they use.
    pairs.sort_by_key(|pair| !pair.new.or(pair.old).is_some_and(|m| m.is_api));
    pairs
}

fn diff_pairs(old: Version, new: Version, pairs: &[ModulePair]) -> SpecDiff {
    let (old_doc, new_doc) = (documents::Document::new(old), documents::Document::new(new));
    let sides = pairs::Sides {
        old: old.program,
        new: new.program,
        old_doc: &old_doc,
        new_doc: &new_doc,
    };
    let usage = types::Usage::of(&sides);
    let mut out = SpecDiff::default();
    for pair in pairs {
        let mut changes = Vec::new();
        let mut items = Vec::new();
        api::diff_api(pair, &mut changes);
        operations::diff_operations(&sides, pair, &mut changes);
        types::diff_types(old.program, new.program, pair, &usage, &mut changes);
        rust_items::diff_rust_items(old.program, new.program, pair, &mut items);
        rust_verdicts::cover_rust_items(pair, &items, &mut changes);
        out.changes.extend(changes);
        out.rust_items.extend(items);
    }
    out
}

/// Where a schema is read: sent by clients, sent by servers, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Direction {
    Request,
    Response,
    /// A named type no operation uses on either side.
    Unused,
}

/// What kind of place a schema sits at, for change ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    Parameter,
    Body,
    Property,
}

impl Direction {
    /// `request-parameter-…`, `response-property-…`, or `property-…` for unused types.
    pub fn id(self, position: Position, what: &str) -> String {
        let position = match position {
            Position::Parameter => "parameter",
            Position::Body => "body",
            Position::Property => "property",
        };
        match self {
            Direction::Request => format!("request-{position}-{what}"),
            Direction::Response => format!("response-{position}-{what}"),
            Direction::Unused => format!("{position}-{what}"),
        }
    }
}

/// A change found below an operation or type, before it is placed in the report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Finding {
    pub id: String,
    pub pointer: String,
    pub rust_item: Option<String>,
    pub summary: String,
    pub wire: Assessment,
    pub rust: Assessment,
}

impl Finding {
    pub fn new(id: impl Into<String>, summary: impl Into<String>, wire: Assessment, rust: Assessment) -> Self {
        Finding {
            id: id.into(),
            pointer: String::new(),
            rust_item: None,
            summary: summary.into(),
            wire,
            rust,
        }
    }

    pub fn at(mut self, pointer: &str, rust_item: Option<&str>) -> Self {
        self.pointer = pointer.to_string();
        self.rust_item = rust_item.map(str::to_string);
        self
    }

    /// Places the finding in the report, under a subject of one spec.
    pub fn into_change(self, pair: &ModulePair, subject: Subject, location: String) -> Change {
        let (api, module) = pair.names();
        Change {
            id: self.id,
            api,
            module,
            subject,
            location,
            pointer: self.pointer,
            rust_item: self.rust_item,
            summary: self.summary,
            wire: self.wire,
            rust: self.rust,
        }
    }
}

#[cfg(test)]
mod tests;
