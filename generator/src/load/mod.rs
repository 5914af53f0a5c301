//! Load: spec files from disk or memory into parsed documents, `$ref`
//! resolution across them, and source positions for diagnostics.
//!
//! OpenAPI 3.0 and 3.1 are both read; a 3.1 document is rewritten into the
//! 3.0 shape on its JSON tree right after parsing, keeping every written
//! node at its JSON pointer (see `oas31` for why and how).

mod duplicates;
mod grammar;
mod inline_refs;
mod oas31;
mod omissions;
mod path_tree;
mod position;
mod refs;
mod schema_tree;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Position, Result, Warning};

pub(crate) use grammar::ref_value;
pub use path_tree::FromTree;
pub use refs::RefTarget;

/// Largest spec file the generator reads: ten times GitHub's REST spec
/// (13 MB), among the largest public ones; anything bigger is a mistake.
pub const MAX_FILE_BYTES: usize = 128 * 1024 * 1024;

/// Index of a file in a [`SpecSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// One parsed spec file.
#[derive(Debug)]
pub struct SpecFile {
    /// Path relative to the specs folder, with `/` separators.
    pub path: PathBuf,
    pub text: String,
    pub root: Value,
}

impl SpecFile {
    /// An API file has operations under `paths`; a file without (or with
    /// `paths: {}`) is a library of components.
    pub fn is_api(&self) -> bool {
        match self.root.get("paths") {
            None => false,
            Some(Value::Object(paths)) => !paths.is_empty(),
            // Not a mapping: lowering reports it.
            Some(_) => true,
        }
    }
}

/// Every spec file of a run, parsed, in a stable order.
#[derive(Debug, Default)]
pub struct SpecSet {
    files: Vec<SpecFile>,
    warnings: Vec<Warning>,
}

impl SpecSet {
    /// Reads every `*.yml`, `*.yaml` and `*.json` file under `dir`.
    pub fn load_dir(dir: &Path) -> Result<SpecSet> {
        SpecSet::from_sources(read_dir(dir)?)
    }

    /// Reads the spec at `path` and every file its `$ref`s reach, with paths
    /// relative to `path`'s folder. Returns the set and `path`'s name in it.
    pub fn load_file(path: &Path) -> Result<(SpecSet, PathBuf)> {
        let dir = path.parent().unwrap_or(Path::new(""));
        let Some(name) = path.file_name().map(PathBuf::from) else {
            return Err(Error::new(path, "", "expected a spec file, not a folder"));
        };
        let mut set = SpecSet::default();
        let mut queue = vec![normalize(&name)];
        while let Some(relative) = queue.pop() {
            if set.find(&relative).is_some() {
                continue;
            }
            let bytes = match std::fs::read(dir.join(&relative)) {
                Ok(bytes) => bytes,
                Err(e) if relative == normalize(&name) => {
                    return Err(Error::new(&relative, "", format!("cannot read file: {e}")));
                }
                // A missing target is reported where the `$ref` is, by resolution.
                Err(_) => continue,
            };
            set.add_file(parse_file(relative, bytes)?);
            queue.extend(set.referenced_files(FileId(set.files.len() - 1)));
        }
        set.files.sort_by(|a, b| a.path.cmp(&b.path));
        set.normalize_31_libraries();
        set.inline_misplaced_refs()?;
        set.accept_harmless_omissions();
        Ok((set, normalize(&name)))
    }

    /// Parses files given as (path relative to the specs folder, contents).
    pub fn from_sources(sources: Vec<(PathBuf, Vec<u8>)>) -> Result<SpecSet> {
        let mut set = SpecSet::default();
        for (path, bytes) in sources {
            set.add_file(parse_file(normalize(&path), bytes)?);
        }
        set.files.sort_by(|a, b| a.path.cmp(&b.path));
        set.normalize_31_libraries();
        set.inline_misplaced_refs()?;
        set.accept_harmless_omissions();
        Ok(set)
    }

    /// Adds a parsed file, a 3.1 document rewritten into the 3.0 shape.
    fn add_file(&mut self, mut file: SpecFile) {
        if oas31::is_31(&file.root) {
            oas31::normalize(&file.path, &mut file.root, &mut self.warnings);
        }
        self.files.push(file);
    }

    /// A file without `openapi` (a library of components) is written in
    /// the version of the documents that use it: 3.1 when a 3.1 document
    /// refers to it.
    fn normalize_31_libraries(&mut self) {
        let mut libraries = Vec::new();
        for (id, spec) in self.files() {
            if oas31::is_31(&spec.root) {
                libraries.extend(
                    self.referenced_files(id)
                        .into_iter()
                        .filter_map(|path| self.find(&path))
                        .filter(|&library| self.file(library).root.get("openapi").is_none()),
                );
            }
        }
        libraries.sort();
        libraries.dedup();
        for FileId(i) in libraries {
            let file = &mut self.files[i];
            oas31::normalize(&file.path, &mut file.root, &mut self.warnings);
        }
    }

    /// What loading noticed that does not stop generation: places where a
    /// spec bends the OpenAPI grammar.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SpecFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i), f))
    }

    pub fn file(&self, id: FileId) -> &SpecFile {
        &self.files[id.0]
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path).map(FileId)
    }

    /// The node at `pointer` in `file`, if there is one.
    pub fn node(&self, file: FileId, pointer: &str) -> Option<&Value> {
        crate::error::node_at(&self.file(file).root, pointer)
    }

    /// Deserializes the node at `pointer` into an OpenAPI type, reporting the
    /// exact node that does not fit.
    pub fn parse<T: DeserializeOwned>(&self, file: FileId, pointer: &str) -> Result<T> {
        let Some(node) = self.node(file, pointer) else {
            return Err(self.error(file, pointer, "node not found"));
        };
        let deserializer = node;
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let mut inner = pointer.to_string();
            for segment in e.path().iter() {
                use serde_path_to_error::Segment;
                match segment {
                    Segment::Seq { index } => inner = crate::error::push_pointer(&inner, &index.to_string()),
                    Segment::Map { key } | Segment::Enum { variant: key } => {
                        inner = crate::error::push_pointer(&inner, key)
                    }
                    Segment::Unknown => {}
                }
            }
            self.error(file, &inner, describe_serde_error(&e.into_inner().to_string()))
        })
    }

    /// The node at `pointer`, exactly as [`SpecSet::parse`] reads it, but
    /// straight off the JSON tree wherever the node is ordinary (see
    /// `schema_tree` and `path_tree`); serde reads the rest and reports its
    /// errors.
    pub fn read<T: FromTree>(&self, file: FileId, pointer: &str) -> Result<T> {
        match self.node(file, pointer).and_then(T::from_tree) {
            Some(read) => Ok(read),
            None => self.parse(file, pointer),
        }
    }

    /// An error at `pointer` in `file`, with its line and column when known.
    pub fn error(&self, file: FileId, pointer: &str, message: impl Into<String>) -> Error {
        let f = self.file(file);
        Error::new(&f.path, pointer, message).at(self.position(file, pointer))
    }

    pub fn position(&self, file: FileId, pointer: &str) -> Option<Position> {
        let f = self.file(file);
        position::locate_nearest(&f.text, pointer)
    }
}

/// serde's messages for untagged enums say nothing useful; name the shape instead.
fn describe_serde_error(message: &str) -> String {
    if message.starts_with("data did not match any variant of untagged enum ReferenceOr") {
        "expected a `$ref` object or an inline definition, and this node is neither".to_string()
    } else {
        message.to_string()
    }
}

/// Every `*.yml`, `*.yaml` and `*.json` file under `dir`, unparsed: its
/// path relative to `dir`, in the order [`SpecSet`] keeps, and its bytes.
pub fn read_dir(dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut paths = Vec::new();
    collect_spec_paths(dir, dir, &mut paths)?;
    paths.sort();
    let mut sources = Vec::with_capacity(paths.len());
    for relative in paths {
        let bytes = std::fs::read(dir.join(&relative))
            .map_err(|e| Error::new(&relative, "", format!("cannot read file: {e}")))?;
        sources.push((normalize(&relative), bytes));
    }
    Ok(sources)
}

fn collect_spec_paths(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::new(dir, "", format!("cannot read specs folder: {e}")))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::new(dir, "", format!("cannot read specs folder: {e}")))?;
        let path = entry.path();
        let file_type = entry
            .file_type()
            .map_err(|e| Error::new(&path, "", format!("cannot read file type: {e}")))?;
        if file_type.is_dir() {
            collect_spec_paths(root, &path, out)?;
        } else if is_spec_file(&path) {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            out.push(relative);
        }
    }
    Ok(())
}

pub fn is_spec_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yml" | "yaml" | "json"))
}

/// Lexically resolves `.` and `..` so that two spellings of one file compare equal.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<String> = Vec::new();
    for component in path.components() {
        use std::path::Component;
        match component {
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            Component::ParentDir => {
                if out.last().is_some_and(|last| last != "..") {
                    out.pop();
                } else {
                    out.push("..".to_string());
                }
            }
            Component::Normal(part) => out.push(part.to_string_lossy().into_owned()),
        }
    }
    PathBuf::from(out.join("/"))
}

fn parse_file(path: PathBuf, bytes: Vec<u8>) -> Result<SpecFile> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::new(
            &path,
            "",
            format!(
                "file is {:.1} MB, larger than the {} MB the generator reads; split it into files joined by `$ref`",
                bytes.len() as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let (line, column) = line_column(e.as_bytes(), offset);
        Error::new(&path, "", format!("file is not valid UTF-8 (byte {offset})")).at(Some(Position { line, column }))
    })?;
    if text.trim().is_empty() {
        return Err(Error::new(&path, "", "file is empty; expected an OpenAPI document"));
    }
    let is_json = path.extension().and_then(|e| e.to_str()) == Some("json");
    let root: Value = if is_json {
        duplicates::from_json(&text).map_err(|failure| {
            parse_error(&path, &text, "JSON", failure, |e| {
                Some(Position {
                    line: e.line(),
                    column: e.column(),
                })
            })
        })?
    } else {
        duplicates::from_yaml(&text).map_err(|failure| {
            parse_error(&path, &text, "YAML", failure, |e| {
                e.location().map(|l| Position {
                    line: l.line(),
                    column: l.column(),
                })
            })
        })?
    };
    check_document(&path, &text, &root)?;
    Ok(SpecFile { path, text, root })
}

fn parse_error<E: std::fmt::Display>(
    path: &Path,
    text: &str,
    format: &str,
    failure: duplicates::ParseFailure<E>,
    position: impl Fn(&E) -> Option<Position>,
) -> Error {
    match failure {
        duplicates::ParseFailure::Syntax(e) => Error::new(
            path,
            "",
            format!("invalid {format}: {}", strip_serde_position(&e.to_string())),
        )
        .at(position(&e)),
        duplicates::ParseFailure::Duplicate(duplicate) => {
            let pointer = duplicate.path.iter().fold(String::new(), |pointer, segment| {
                crate::error::push_pointer(&pointer, segment)
            });
            let message = format!("duplicate key `{}`", duplicate.key);
            match position::locate_all(text, &pointer)[..] {
                [first, again, ..] => Error::new(
                    path,
                    &pointer,
                    format!(
                        "{message} (first at {}:{}, again at {}:{})",
                        first.line, first.column, again.line, again.column
                    ),
                )
                .at(Some(again)),
                _ => Error::new(path, &pointer, message).at(position::locate_nearest(text, &pointer)),
            }
        }
    }
}

/// serde's messages end with "at line L column C"; we print positions our own way.
fn strip_serde_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}

/// Rejects documents that are not OpenAPI 3.0 or 3.1, before any deeper parsing
/// could report something confusing.
fn check_document(path: &Path, text: &str, root: &Value) -> Result<()> {
    let at = |pointer: &str| position::locate(text, pointer);
    let Some(map) = root.as_object() else {
        return Err(Error::new(
            path,
            "",
            "expected an OpenAPI document (a mapping at the top level)",
        ));
    };
    if let Some(swagger) = map.get("swagger") {
        return Err(Error::new(
            path,
            "/swagger",
            format!(
                "Swagger {} documents are not supported; convert the file to OpenAPI 3.0 first (for example with `npx swagger2openapi`)",
                scalar_text(swagger)
            ),
        )
        .at(at("/swagger")));
    }
    match map.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0") || version.starts_with("3.1") => Ok(()),
        Some(other) => Err(Error::new(
            path,
            "/openapi",
            format!(
                "unsupported OpenAPI version {}; expected a 3.0.x or 3.1.x version string",
                scalar_text(other)
            ),
        )
        .at(at("/openapi"))),
        None if map.contains_key("paths") => Err(Error::new(
            path,
            "",
            "missing `openapi` version field; expected `openapi: 3.0.x` or `openapi: 3.1.x`",
        )),
        None if map.contains_key("components") => Ok(()),
        None => Err(Error::new(
            path,
            "",
            "not an OpenAPI document: it has none of `openapi`, `paths` and `components`",
        )),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
