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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    pub kind: WarningKind,
    pub file: PathBuf,
    pub pointer: String,
    pub message: String,
}

/// What a warning is about. A run's report prints one line per kind, so a
/// large spec's hundreds of renamings do not hide its one broken example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
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
    let mut out = String::with_capacity(segment.len());
    push_escaped(&mut out, segment);
    out
}

fn push_escaped(out: &mut String, segment: &str) {
    let mut rest = segment;
    while let Some(at) = memchr::memchr2(b'~', b'/', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        out.push_str(if rest.as_bytes()[at] == b'~' { "~0" } else { "~1" });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// Undoes [`escape_pointer_segment`].
pub fn unescape_pointer_segment(segment: &str) -> String {
    // One pass: `~1` becomes `/` and `~0` `~`, and a `/` never makes a
    // new `~0`, so this is RFC 6901's two replacements in their order.
    let mut out = String::with_capacity(segment.len());
    let mut rest = segment;
    while let Some(at) = memchr::memchr(b'~', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        match rest.as_bytes().get(at + 1) {
            Some(b'1') => out.push('/'),
            Some(b'0') => out.push('~'),
            _ => {
                out.push('~');
                rest = &rest[at + 1..];
                continue;
            }
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

/// The node at a JSON pointer (RFC 6901), as `Value::pointer` finds it,
/// without unescaping segments that hold no `~`: lowering looks up hundreds
/// of thousands of pointers on a large spec.
pub fn node_at<'a>(root: &'a serde_json::Value, pointer: &str) -> Option<&'a serde_json::Value> {
    use serde_json::Value;
    if pointer.is_empty() {
        return Some(root);
    }
    let segments = pointer.strip_prefix('/')?;
    segments.split('/').try_fold(root, |node, segment| {
        let segment = if segment.contains('~') {
            std::borrow::Cow::Owned(unescape_pointer_segment(segment))
        } else {
            std::borrow::Cow::Borrowed(segment)
        };
        match node {
            // A few keys compare faster than one SipHash of the segment.
            Value::Object(map) if map.len() <= 8 => map
                .iter()
                .find_map(|(key, child)| (key == segment.as_ref()).then_some(child)),
            Value::Object(map) => map.get(segment.as_ref()),
            Value::Array(items) => array_index(&segment).and_then(|i| items.get(i)),
            _ => None,
        }
    })
}

/// An array index as RFC 6901 writes it: digits, no sign, no leading zero.
fn array_index(segment: &str) -> Option<usize> {
    let digits = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
    if !digits || (segment.len() > 1 && segment.starts_with('0')) {
        return None;
    }
    segment.parse().ok()
}

/// Appends one segment to a JSON pointer.
pub fn push_pointer(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + segment.len());
    out.push_str(pointer);
    out.push('/');
    push_escaped(&mut out, segment);
    out
}

/// `pointer` extended by `keyword`, already escaped, and `segment`, which
/// is escaped: `#/…/properties/a~1b` for a property `a/b`.
pub fn push_pointer_in(pointer: &str, keyword: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 2 + keyword.len() + segment.len());
    out.push_str(pointer);
    out.push('/');
    out.push_str(keyword);
    out.push('/');
    push_escaped(&mut out, segment);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_unescapes_as_the_two_replacements_of_rfc_6901_do() {
        let alphabet = ["~", "0", "1", "/", "a", "~0", "~1", "é"];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 9) as usize;
            let segment: String = (0..len)
                .map(|i| alphabet[((state >> (i * 3)) % alphabet.len() as u64) as usize])
                .collect();
            let expected = segment.replace("~1", "/").replace("~0", "~");
            assert_eq!(unescape_pointer_segment(&segment), expected, "{segment:?}");
        }
    }

    #[test]
    fn pointers_find_what_serde_json_finds() {
        let root = serde_json::json!({
            "a/b": {"c~d": [10, {"": 11}]},
            "list": [0, 1, 2],
            "": {"x": true},
            "01": 5,
        });
        let pointers = [
            "",
            "/",
            "/a~1b",
            "/a~1b/c~0d",
            "/a~1b/c~0d/1/",
            "/a~1b/c~0d/0",
            "/list/2",
            "/list/02",
            "/list/+1",
            "/list/-1",
            "/list/3",
            "/list/",
            "//x",
            "/01",
            "/01/x",
            "a",
            "/missing",
            "/a~1b/c~01d",
        ];
        for pointer in pointers {
            assert_eq!(node_at(&root, pointer), root.pointer(pointer), "{pointer:?}");
        }
    }

    #[test]
    fn segments_escape_and_unescape() {
        for segment in ["", "plain", "a/b", "~", "~1", "/~/", "x~0/y", "ü/~"] {
            let escaped = escape_pointer_segment(segment);
            assert_eq!(escaped, segment.replace('~', "~0").replace('/', "~1"));
            assert_eq!(unescape_pointer_segment(&escaped), segment);
            assert_eq!(push_pointer("/p", segment), format!("/p/{escaped}"));
        }
    }
}
