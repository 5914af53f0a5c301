//! Module outlines: what the files made from every module (`lib.rs`,
//! `Cargo.toml`, `WARNINGS.md`) and a run's report need to know of one
//! module. A module whose group of specs is unchanged is neither loaded nor
//! lowered again: the outline kept from the run that emitted it stands in.
//!
//! ```text
//! users.yml ──lower──▶ Module { name: "users", types, operations, … }
//!                         └──▶ ModuleOutline { name: "users", dependencies: ["common_errors"],
//!                                              warnings, example_origins, … }
//! ```

use crate::emit::AllowList;
use crate::error::{Warning, WarningKind};
use crate::ir::Program;

/// One module, as the crate around it sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ModuleOutline {
    pub name: String,
    /// The spec file it is made from, relative to the specs folder.
    pub source: String,
    pub title: Option<String>,
    /// Whether the spec has operations (a client), or only components.
    pub is_api: bool,
    pub types: usize,
    pub operations: usize,
    /// The modules whose types its types and operations refer to, by name.
    pub dependencies: Vec<String>,
    /// Where each of its examples is, `file#pointer`, for the allow-list's
    /// entries that match none.
    pub example_origins: Vec<String>,
    /// Loading's and lowering's warnings about its spec file.
    pub warnings: Vec<Warning>,
    /// Its examples that contradict their schema and have no allow-list entry.
    pub example_warnings: Vec<Warning>,
}

impl ModuleOutline {
    /// The folder holding every file of this module, as in
    /// [`crate::GeneratedFile::path`].
    pub fn dir(&self) -> String {
        format!("src/{}/", self.name)
    }
}

/// The outline of each module of `program`, in its order, and the
/// warnings about no module's file.
pub(crate) fn outlines(program: &Program, allow: &AllowList) -> (Vec<ModuleOutline>, Vec<Warning>) {
    let mut outlines: Vec<ModuleOutline> = program
        .modules
        .iter()
        .map(|module| ModuleOutline {
            name: module.name.clone(),
            source: module.source.clone(),
            title: module.title.clone(),
            is_api: module.is_api,
            types: program.types_of(module.id).count(),
            operations: module.operations.len(),
            dependencies: crate::emit::dependencies(program, module)
                .into_iter()
                .map(|d| program.module(d).name.clone())
                .collect(),
            example_origins: module.examples.iter().map(|e| e.origin.clone()).collect(),
            warnings: Vec::new(),
            example_warnings: allow.example_mismatches(program, module),
        })
        .collect();
    let mut unattributed = Vec::new();
    for warning in &program.warnings {
        let file = warning.file.display().to_string();
        match outlines.iter_mut().find(|o| o.source == file) {
            Some(outline) => outline.warnings.push(warning.clone()),
            None => unattributed.push(warning.clone()),
        }
    }
    (outlines, unattributed)
}

/// Every warning of a run, in the order lowering the whole program at once
/// gives them: lowering's sorted by place, then the unused components in
/// module order (found after the sort), then the allow-list's.
pub(crate) fn crate_warnings(outlines: &[ModuleOutline], unattributed: &[Warning], allow: &AllowList) -> Vec<Warning> {
    let lowering = || outlines.iter().flat_map(|o| &o.warnings).chain(unattributed);
    let mut warnings: Vec<Warning> = lowering()
        .filter(|w| w.kind != WarningKind::UnusedComponent)
        .cloned()
        .collect();
    warnings.sort_by(|a, b| (&a.file, &a.pointer, &a.message).cmp(&(&b.file, &b.pointer, &b.message)));
    warnings.dedup();
    warnings.extend(lowering().filter(|w| w.kind == WarningKind::UnusedComponent).cloned());
    warnings.extend(allow.stale_entries(outlines.iter().flat_map(|o| &o.example_origins)));
    warnings.extend(outlines.iter().flat_map(|o| o.example_warnings.iter().cloned()));
    warnings
}
