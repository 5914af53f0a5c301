//! The one error type of the generator: a problem in a spec, with where it is.

use std::fmt;
use std::path::PathBuf;

/// A line and column in a source file, both starting at 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A problem that stops generation.
///
/// Rendered as one message: what is wrong, the file and JSON pointer of the
/// offending node, and its line and column where they are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The spec file, as given to the generator (relative to the specs folder
    /// when loaded through [`crate::generate`]).
    pub file: PathBuf,
    /// JSON pointer of the offending node inside `file`; empty for the whole file.
    pub pointer: String,
    pub position: Option<Position>,
    pub message: String,
}

impl Error {
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            file: file.into(),
            pointer: pointer.into(),
            position: None,
            message: message.into(),
        }
    }

    pub fn at(mut self, position: Option<Position>) -> Self {
        if self.position.is_none() {
            self.position = position;
        }
        self
    }

    /// `file#pointer`, the form a maintainer can paste into a search.
    pub fn location(&self) -> String {
        format!("{}#{}", self.file.display(), self.pointer)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(Position { line, column }) = self.position {
            write!(f, "\n  --> {}:{line}:{column}", self.file.display())?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Something a maintainer should see that does not stop generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    pub file: PathBuf,
    pub pointer: String,
    pub message: String,
}

/// What a warning is about. A run's report prints one line per kind, so a
/// large spec's hundreds of renamings do not hide its one broken example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    /// An example that its own schema rejects.
    ExampleMismatch,
    /// An entry of the example allow-list that matches no example.
    StaleAllowListEntry,
    /// The spec bends the OpenAPI grammar and is read anyway.
    NonStandard,
    /// A constraint that is documented but not checked.
    Unchecked,
    /// A JSON Schema keyword of OpenAPI 3.1 with no 3.0 spelling, read as
    /// the nearest thing that has one.
    Approximated,
    /// A name that had to be changed to stay unique.
    Renamed,
    /// Inline schemas of one shape, made one type.
    Merged,
    /// A component schema no operation uses: a note, since libraries of
    /// components and large specs have many.
    UnusedComponent,
}

impl WarningKind {
    /// Every kind, in the order a report lists them.
    pub const ALL: [WarningKind; 8] = [
        WarningKind::ExampleMismatch,
        WarningKind::StaleAllowListEntry,
        WarningKind::NonStandard,
        WarningKind::Unchecked,
        WarningKind::Approximated,
        WarningKind::Renamed,
        WarningKind::Merged,
        WarningKind::UnusedComponent,
    ];

    /// What warnings of this kind say, for a count: "3 examples contradict their schema".
    pub fn summary(self) -> &'static str {
        match self {
            WarningKind::ExampleMismatch => "example(s) contradict their schema",
            WarningKind::StaleAllowListEntry => "allow-list entry(ies) match no example",
            WarningKind::NonStandard => "place(s) where the spec bends the OpenAPI grammar",
            WarningKind::Unchecked => "constraint(s) documented but not checked",
            WarningKind::Approximated => "OpenAPI 3.1 keyword(s) read approximately",
            WarningKind::Renamed => "name(s) changed to stay unique",
            WarningKind::Merged => "set(s) of identical inline types merged into one",
            WarningKind::UnusedComponent => "component schema(s) not used by any operation",
        }
    }

    /// Notes are counted but not listed unless a maintainer asks for them.
    pub fn is_note(self) -> bool {
        self == WarningKind::UnusedComponent
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}: {}", self.file.display(), self.pointer, self.message)
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_pointer_segment`].
pub fn unescape_pointer_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Appends one segment to a JSON pointer.
pub fn push_pointer(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape_pointer_segment(segment))
}
