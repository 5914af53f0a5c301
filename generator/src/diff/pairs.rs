//! What the comparisons of operations share: an operation on both sides,
//! and where in it a finding is.

use super::Finding;
use super::documents::Document;
use crate::ir::{Module, Operation, Program};

/// One operation on both sides, with the programs and modules it lives in.
pub(crate) struct OperationPair<'p> {
    pub old: &'p Program,
    pub new: &'p Program,
    pub old_doc: &'p Document<'p>,
    pub new_doc: &'p Document<'p>,
    pub old_module: &'p Module,
    pub new_module: &'p Module,
    pub before: &'p Operation,
    pub after: &'p Operation,
}

/// Which part of an operation a finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    Operation,
    Security,
    /// `query parameter page_size`.
    Parameter(String),
    RequestBody,
    /// The statuses whose responses show the same change.
    Responses(Vec<String>),
}

impl Location {
    pub(super) fn text(&self) -> String {
        match self {
            Location::Operation => String::new(),
            Location::Security => "security".into(),
            Location::Parameter(label) => label.clone(),
            Location::RequestBody => "request body".into(),
            Location::Responses(statuses) if statuses.len() == 1 => format!("response {}", statuses.join("")),
            Location::Responses(statuses) => format!("responses {}", statuses.join(", ")),
        }
    }
}

pub(crate) type Located = (Location, Finding);

/// Both sides: the lowered programs, and the documents they come from.
pub(crate) struct Sides<'p> {
    pub old: &'p Program,
    pub new: &'p Program,
    pub old_doc: &'p Document<'p>,
    pub new_doc: &'p Document<'p>,
}
