//! `$ref` resolution within a file and across files by relative path.

use std::path::Path;

use serde_json::Value;

use super::grammar::reference_of;
use super::{FileId, SpecSet, normalize};
use crate::error::Result;

/// Where a `$ref` points: a file of the set and a JSON pointer inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RefTarget {
    pub file: FileId,
    pub pointer: String,
}

impl SpecSet {
    /// Resolves one `$ref` string written in `from` (at `at`, for errors).
    pub fn resolve_ref(&self, from: FileId, at: &str, reference: &str) -> Result<RefTarget> {
        self.resolve_node(from, at, reference).map(|(target, _)| target)
    }

    /// [`SpecSet::resolve_ref`], then [`SpecSet::follow_refs`] from its
    /// target, with each node on the way looked up once.
    pub fn resolve_followed(&self, from: FileId, at: &str, reference: &str) -> Result<RefTarget> {
        let (target, node) = self.resolve_node(from, at, reference)?;
        match reference_of(node) {
            Some(next) => self.follow_ref(target, next),
            None => Ok(target),
        }
    }

    /// [`SpecSet::resolve_ref`], with the node it points to.
    fn resolve_node(&self, from: FileId, at: &str, reference: &str) -> Result<(RefTarget, &Value)> {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, fragment),
            None => (reference, ""),
        };
        let file = if file_part.is_empty() {
            from
        } else {
            if file_part.contains("://") {
                return Err(self.error(
                    from,
                    at,
                    format!("`$ref` to a remote document is not supported: {reference}; download it into the specs folder and refer to it by relative path"),
                ));
            }
            let base = self.file(from).path.parent().unwrap_or(Path::new(""));
            let target = normalize(&base.join(percent_decode(file_part)));
            self.find(&target).ok_or_else(|| {
                self.error(
                    from,
                    at,
                    format!(
                        "`$ref` target file not found: {reference} (resolved to {} in the specs folder)",
                        target.display()
                    ),
                )
            })?
        };
        let pointer = percent_decode(fragment);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(self.error(
                from,
                at,
                format!(
                    "`$ref` fragment must be a JSON pointer starting with `/` or, in OpenAPI 3.1, an `$anchor` of the file: {reference}"
                ),
            ));
        }
        let Some(node) = self.node(file, &pointer) else {
            return Err(self.error(
                from,
                at,
                format!(
                    "`$ref` target not found: {reference} (no node at {}#{pointer})",
                    self.file(file).path.display()
                ),
            ));
        };
        Ok((RefTarget { file, pointer }, node))
    }

    /// The other files that `$ref`s in `file` point to, relative to the specs
    /// folder. Whether they exist, and whether a reference is remote, is for
    /// [`SpecSet::resolve_ref`] to report, with the place of the reference.
    pub fn referenced_files(&self, file: FileId) -> Vec<std::path::PathBuf> {
        let base = self.file(file).path.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut out = Vec::new();
        let mut stack = vec![&self.file(file).root];
        while let Some(node) = stack.pop() {
            match node {
                Value::Object(map) => {
                    if let Some(Value::String(reference)) = super::grammar::ref_value(map) {
                        let file_part = reference.split('#').next().unwrap_or("");
                        if !file_part.is_empty() && !file_part.contains("://") {
                            let target = normalize(&base.join(percent_decode(file_part)));
                            if !out.contains(&target) {
                                out.push(target);
                            }
                        }
                    }
                    stack.extend(map.values());
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        out
    }

    /// Follows `$ref`s from the node at `start` until a node that is not a
    /// reference; a chain that comes back to itself is an error.
    pub fn follow_refs(&self, start: RefTarget) -> Result<RefTarget> {
        match self.ref_at(&start) {
            Some(reference) => self.follow_ref(start, reference),
            None => Ok(start),
        }
    }

    /// [`SpecSet::follow_refs`] from a node already in hand, whose `$ref` is
    /// `reference`: the node is not looked up again from the document's root.
    pub fn follow_ref<'a>(&'a self, start: RefTarget, reference: &'a str) -> Result<RefTarget> {
        let mut seen = vec![start.clone()];
        let mut current = start;
        let mut reference = Some(reference);
        while let Some(written) = reference {
            let (next, node) = self.resolve_node(current.file, &current.pointer, written)?;
            if seen.contains(&next) {
                let chain: Vec<String> = seen
                    .iter()
                    .chain(std::iter::once(&next))
                    .map(|t| format!("{}#{}", self.file(t.file).path.display(), t.pointer))
                    .collect();
                return Err(self.error(
                    current.file,
                    &current.pointer,
                    format!("`$ref` loop with no definition in it: {}", chain.join(" -> ")),
                ));
            }
            seen.push(next.clone());
            current = next;
            reference = reference_of(node);
        }
        Ok(current)
    }

    /// The `$ref` string of the node at `target`, if the node is a reference.
    pub fn ref_at(&self, target: &RefTarget) -> Option<&str> {
        self.node(target.file, &target.pointer).and_then(reference_of)
    }
}

pub(super) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match decoded {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn set(files: &[(&str, &str)]) -> SpecSet {
        SpecSet::from_sources(
            files
                .iter()
                .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
                .collect(),
        )
        .expect("fixture parses")
    }

    const API: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: 'common/lib.yml#/components/schemas/B'\n    Self:\n      $ref: '#/components/schemas/Self'\n";
    const LIB: &str = "components:\n  schemas:\n    B:\n      type: string\n    Up:\n      $ref: '../api.yml#/components/schemas/A'\n";

    #[test]
    fn resolves_across_files_by_relative_path() {
        let set = set(&[("api.yml", API), ("common/lib.yml", LIB)]);
        let api = set.find(Path::new("api.yml")).unwrap();
        let lib = set.find(Path::new("common/lib.yml")).unwrap();
        let target = set
            .follow_refs(RefTarget {
                file: api,
                pointer: "/components/schemas/A".into(),
            })
            .unwrap();
        assert_eq!(
            target,
            RefTarget {
                file: lib,
                pointer: "/components/schemas/B".into()
            }
        );
        let back = set
            .follow_refs(RefTarget {
                file: lib,
                pointer: "/components/schemas/Up".into(),
            })
            .unwrap();
        assert_eq!(back.file, lib);
    }

    #[test]
    fn missing_file_and_missing_pointer_are_errors() {
        let set = set(&[("api.yml", API)]);
        let api = set.find(Path::new("api.yml")).unwrap();
        let err = set.resolve_ref(api, "/x", "nope.yml#/a").unwrap_err();
        assert!(err.message.contains("target file not found: nope.yml"), "{err}");
        let err = set.resolve_ref(api, "/x", "#/components/schemas/Missing").unwrap_err();
        assert!(err.message.contains("target not found"), "{err}");
        assert_eq!(err.pointer, "/x");
    }

    #[test]
    fn self_loop_is_an_error() {
        let set = set(&[("api.yml", API)]);
        let api = set.find(Path::new("api.yml")).unwrap();
        let err = set
            .follow_refs(RefTarget {
                file: api,
                pointer: "/components/schemas/Self".into(),
            })
            .unwrap_err();
        assert!(err.message.contains("`$ref` loop"), "{err}");
    }

    /// Resolving and following in one go gives what the two steps give,
    /// the target or the error, for every `$ref` of the fixtures.
    #[test]
    fn resolving_and_following_at_once_matches_the_two_steps() {
        let set = set(&[("api.yml", API), ("common/lib.yml", LIB)]);
        let api = set.find(Path::new("api.yml")).unwrap();
        let lib = set.find(Path::new("common/lib.yml")).unwrap();
        let written = [
            (api, "#/components/schemas/A"),
            (api, "#/components/schemas/Self"),
            (api, "common/lib.yml#/components/schemas/Up"),
            (api, "common/lib.yml#/components/schemas/B"),
            (api, "#/components/schemas/Missing"),
            (api, "nope.yml#/a"),
            (lib, "#/components/schemas/Up"),
            (lib, "../api.yml#/components/schemas/Self"),
        ];
        for (from, reference) in written {
            let two_steps = set
                .resolve_ref(from, "/x", reference)
                .and_then(|target| set.follow_refs(target));
            let at_once = set.resolve_followed(from, "/x", reference);
            match (two_steps, at_once) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{reference}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{reference}"),
                (a, b) => panic!("{reference}: {a:?} against {b:?}"),
            }
        }
    }

    #[test]
    fn percent_encoded_pointers_decode() {
        assert_eq!(percent_decode("/paths/~1users~1%7Bid%7D"), "/paths/~1users~1{id}");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn lists_the_files_a_file_refers_to() {
        let set = set(&[("api.yml", API), ("common/lib.yml", LIB)]);
        let api = set.find(Path::new("api.yml")).unwrap();
        let lib = set.find(Path::new("common/lib.yml")).unwrap();
        assert_eq!(set.referenced_files(api), [PathBuf::from("common/lib.yml")]);
        assert_eq!(set.referenced_files(lib), [PathBuf::from("api.yml")]);
    }
}
