//! `$ref` where the OpenAPI 3.0 grammar has no Reference Object: published
//! specs borrow another spec's `summary`, `operationId`, whole operations or
//! media types this way, and widely used parsers read such a `$ref` as a
//! plain JSON reference. So does the generator: the node is replaced by a
//! copy of its target, with a warning naming the place.
//!
//! `$ref`s where the grammar does allow one stay as written, since lowering
//! resolves those itself and names types after their targets. Data
//! (`example`, `default`, `enum`, `x-*`) is never looked into.

use std::collections::HashSet;
use std::path::{Component, Path};

use serde_json::Value;

use super::grammar::{Kind, Node, Segment, kind_at, pointer_of, reference_of};
use super::{FileId, RefTarget, SpecSet, normalize, refs::percent_decode};
use crate::error::{Result, Warning, WarningKind};

/// Copying more nodes than this means `$ref`s that multiply each other (each
/// copy holding several `$ref`s to the next); no real spec comes close.
const MAX_COPIED_NODES: usize = 20_000_000;

/// Copies inside copies deepen the document by a target's depth each time;
/// past this many, later stages could run out of stack.
const MAX_NESTED_COPIES: usize = 32;

/// A `$ref` found by [`collect`], at `pointer` below the walked node.
struct Found {
    pointer: String,
    kind: Kind,
}

/// What a walk over one node found: `$ref`s where the grammar has no
/// Reference Object, `$ref`s where it has one, and discriminator mapping
/// values written as references.
#[derive(Default)]
struct Refs {
    misplaced: Vec<Found>,
    allowed: Vec<Found>,
    mappings: Vec<String>,
    nodes: usize,
    /// A copy moved to another file needs every `$ref` in it rewritten; the
    /// documents themselves need only the allowed ones that point outside
    /// the grammar's reach.
    keep_every_allowed: bool,
}

/// Whether the node a `$ref` points to is one the walk over its document
/// visits anyway: `#/components/schemas/A` is, `#/x-shared/A` is not.
fn within_grammar(reference: &str) -> bool {
    let fragment = reference.split_once('#').map_or("", |(_, fragment)| fragment);
    kind_at(&percent_decode(fragment)).is_some()
}

/// Walks `value`, a node of kind `kind`, along the grammar.
fn collect(value: &Value, kind: Kind, keep_every_allowed: bool) -> Refs {
    let mut refs = Refs {
        keep_every_allowed,
        ..Refs::default()
    };
    let mut path = Vec::new();
    walk(value, kind, &mut path, &mut refs);
    refs
}

fn walk<'v>(value: &'v Value, kind: Kind, path: &mut Vec<Segment<'v>>, refs: &mut Refs) {
    refs.nodes += 1;
    if let Some(reference) = reference_of(value) {
        if !kind.allows_ref() {
            refs.misplaced.push(Found {
                pointer: pointer_of(path),
                kind,
            });
        } else if refs.keep_every_allowed || !within_grammar(reference) {
            refs.allowed.push(Found {
                pointer: pointer_of(path),
                kind,
            });
        }
        return;
    }
    match (kind, value) {
        (Kind::Node(Node::Mapping), Value::Object(map)) => {
            for (key, target) in map {
                if target.as_str().is_some_and(|t| t.contains('#')) {
                    path.push(Segment::Key(key));
                    refs.mappings.push(pointer_of(path));
                    path.pop();
                }
            }
        }
        (Kind::Node(node), Value::Object(map)) => {
            for (key, child) in map {
                if let Some(child_kind) = node.child(key) {
                    path.push(Segment::Key(key));
                    walk(child, child_kind, path, refs);
                    path.pop();
                }
            }
        }
        (Kind::MapOf(node), Value::Object(map)) => {
            for (key, child) in map {
                path.push(Segment::Key(key));
                walk(child, Kind::Node(node), path, refs);
                path.pop();
            }
        }
        (Kind::ListOf(node), Value::Array(items)) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Segment::Index(i));
                walk(child, Kind::Node(node), path, refs);
                path.pop();
            }
        }
        _ => {}
    }
}

/// A misplaced `$ref` still to replace, and the targets already copied
/// around it, to tell a copy that contains itself.
struct Pending {
    file: FileId,
    pointer: String,
    kind: Kind,
    copied_from: Vec<RefTarget>,
}

impl SpecSet {
    /// Replaces every misplaced `$ref` of the set by a copy of its target.
    pub(super) fn inline_misplaced_refs(&mut self) -> Result<()> {
        let mut pending = Vec::new();
        let mut allowed = Vec::new();
        for (file, spec) in self.files() {
            let refs = collect(&spec.root, Kind::Node(Node::Document), false);
            pending.extend(refs.misplaced.into_iter().map(|found| Pending {
                file,
                pointer: found.pointer,
                kind: found.kind,
                copied_from: Vec::new(),
            }));
            allowed.extend(refs.allowed.into_iter().map(|found| (file, found)));
        }
        self.walk_targets_outside_the_grammar(allowed, &mut pending);
        let mut copied_nodes = 0usize;
        // Nested ones first: a copy's own misplaced `$ref`s are replaced
        // before the next place of the original files.
        pending.reverse();
        while let Some(item) = pending.pop() {
            let more = self.inline_one(item, &mut copied_nodes)?;
            pending.extend(more.into_iter().rev());
        }
        Ok(())
    }

    /// A `$ref` the grammar allows can point anywhere, also into an `x-`
    /// extension that the walk over the documents skips; such targets are
    /// walked as the kind the `$ref` expects.
    fn walk_targets_outside_the_grammar(&self, mut allowed: Vec<(FileId, Found)>, pending: &mut Vec<Pending>) {
        let mut walked = HashSet::new();
        while let Some((file, found)) = allowed.pop() {
            let Some(reference) = self.node(file, &found.pointer).and_then(reference_of) else {
                continue;
            };
            // A target that does not resolve is reported by lowering, where it is used.
            let Ok(target) = self.resolve_ref(file, &found.pointer, reference) else {
                continue;
            };
            if kind_at(&target.pointer).is_some() || !walked.insert(target.clone()) {
                continue;
            }
            let Some(node) = self.node(target.file, &target.pointer) else {
                continue;
            };
            let refs = collect(node, found.kind, false);
            pending.extend(refs.misplaced.into_iter().map(|inner| Pending {
                file: target.file,
                pointer: format!("{}{}", target.pointer, inner.pointer),
                kind: inner.kind,
                copied_from: Vec::new(),
            }));
            allowed.extend(refs.allowed.into_iter().map(|inner| {
                (
                    target.file,
                    Found {
                        pointer: format!("{}{}", target.pointer, inner.pointer),
                        kind: inner.kind,
                    },
                )
            }));
        }
    }

    /// Replaces one misplaced `$ref`; returns the misplaced `$ref`s inside
    /// the copy.
    fn inline_one(&mut self, item: Pending, copied_nodes: &mut usize) -> Result<Vec<Pending>> {
        let Pending {
            file,
            pointer,
            kind,
            copied_from,
        } = item;
        let Some(reference) = self.node(file, &pointer).and_then(reference_of).map(str::to_string) else {
            return Ok(Vec::new());
        };
        let target = self.resolve_followed(file, &pointer, &reference)?;
        if copied_from.contains(&target) || (target.file == file && is_within(&pointer, &target.pointer)) {
            return Err(self.error(
                file,
                &pointer,
                format!(
                    "`$ref` to {}#{} copies a node into itself",
                    self.file(target.file).path.display(),
                    target.pointer
                ),
            ));
        }
        if copied_from.len() >= MAX_NESTED_COPIES {
            return Err(self.error(
                file,
                &pointer,
                format!("`$ref`s where OpenAPI allows none nest more than {MAX_NESTED_COPIES} copies deep"),
            ));
        }
        let mut copy = self.node(target.file, &target.pointer).cloned().unwrap_or(Value::Null);
        let refs = collect(&copy, kind, target.file != file);
        *copied_nodes += refs.nodes;
        if *copied_nodes > MAX_COPIED_NODES {
            return Err(self.error(
                file,
                &pointer,
                format!("`$ref`s where OpenAPI allows none copy more than {MAX_COPIED_NODES} nodes; they multiply each other"),
            ));
        }
        if target.file != file {
            self.rewrite_for(&mut copy, &refs, target.file, file, &pointer)?;
        }
        if copied_from.is_empty() && kind != Kind::Node(Node::Callback) {
            self.warnings.push(Warning {
                kind: WarningKind::NonStandard,
                file: self.file(file).path.clone(),
                pointer: pointer.clone(),
                message: format!(
                    "`$ref` in place of {}, where OpenAPI 3.0 allows no reference; read as a JSON reference to {reference}",
                    kind.name_with_article()
                ),
            });
        }
        if let Some(slot) = self.files[file.0].root.pointer_mut(&pointer) {
            *slot = copy;
        }
        let mut copied_from = copied_from;
        copied_from.push(target);
        Ok(refs
            .misplaced
            .into_iter()
            .map(|inner| Pending {
                file,
                pointer: format!("{pointer}{}", inner.pointer),
                kind: inner.kind,
                copied_from: copied_from.clone(),
            })
            .collect())
    }

    /// Rewrites the references inside a copy taken from `origin` so that
    /// they point to the same nodes from `host`, where the copy now sits.
    fn rewrite_for(&self, copy: &mut Value, refs: &Refs, origin: FileId, host: FileId, at: &str) -> Result<()> {
        let origin_path = &self.file(origin).path;
        let host_path = &self.file(host).path;
        let places = refs
            .misplaced
            .iter()
            .chain(&refs.allowed)
            .map(|found| format!("{}/$ref", found.pointer))
            .chain(refs.mappings.iter().cloned());
        for place in places {
            let Some(Value::String(reference)) = copy.pointer_mut(&place) else {
                continue;
            };
            match relative_reference(reference, origin_path, host_path) {
                Some(rewritten) => *reference = rewritten,
                None => {
                    return Err(self.error(
                        host,
                        at,
                        format!(
                            "the copy of {}'s `$ref` {reference} cannot be written relative to {}",
                            origin_path.display(),
                            host_path.display()
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Whether `pointer` is `ancestor` or below it.
fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer == ancestor || pointer.strip_prefix(ancestor).is_some_and(|rest| rest.starts_with('/'))
}

/// `reference`, written in `origin`, as `host` would write it. `None` when
/// the path cannot be written from `host`'s folder (it would have to name a
/// folder above the specs folder by its name).
fn relative_reference(reference: &str, origin: &Path, host: &Path) -> Option<String> {
    let (file_part, fragment) = match reference.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (reference, None),
    };
    if file_part.contains("://") {
        return Some(reference.to_string());
    }
    let target = if file_part.is_empty() {
        origin.to_path_buf()
    } else {
        normalize(&origin.parent().unwrap_or(Path::new("")).join(percent_decode(file_part)))
    };
    let file = if target == host {
        String::new()
    } else {
        relative_path(host.parent().unwrap_or(Path::new("")), &target)?
            .replace('%', "%25")
            .replace('#', "%23")
    };
    Some(match fragment {
        Some(fragment) => format!("{file}#{fragment}"),
        None => file,
    })
}

/// The path of `target` seen from folder `from`; both relative to the specs folder.
fn relative_path(from: &Path, target: &Path) -> Option<String> {
    let parts = |path: &Path| -> Vec<String> {
        path.components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                Component::ParentDir => Some("..".to_string()),
                _ => None,
            })
            .collect()
    };
    let (from, target) = (parts(from), parts(target));
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let up = from.get(common..).unwrap_or_default();
    if up.iter().any(|part| part == "..") {
        return None;
    }
    let mut out: Vec<&str> = up.iter().map(|_| "..").collect();
    out.extend(target.get(common..).unwrap_or_default().iter().map(String::as_str));
    Some(out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_rewritten_relative_to_the_copy() {
        let at = |r: &str, origin: &str, host: &str| relative_reference(r, Path::new(origin), Path::new(host));
        assert_eq!(at("#/a", "voice.yml", "api.yml").as_deref(), Some("voice.yml#/a"));
        assert_eq!(
            at("#/a", "common/lib.yml", "api.yml").as_deref(),
            Some("common/lib.yml#/a")
        );
        assert_eq!(at("#/a", "api.yml", "common/lib.yml").as_deref(), Some("../api.yml#/a"));
        assert_eq!(at("../api.yml#/a", "common/lib.yml", "api.yml").as_deref(), Some("#/a"));
        assert_eq!(
            at("other.yml#/a", "common/lib.yml", "x/y.yml").as_deref(),
            Some("../common/other.yml#/a")
        );
        assert_eq!(
            at("other.yml", "common/lib.yml", "api.yml").as_deref(),
            Some("common/other.yml")
        );
        assert_eq!(
            at("https://e.com/x#/a", "a/b.yml", "c.yml").as_deref(),
            Some("https://e.com/x#/a")
        );
        assert_eq!(at("#/a", "lib.yml", "../up/api.yml"), None);
    }

    #[test]
    fn the_walk_follows_the_grammar() {
        let doc: Value = serde_json::json!({
            "info": {"title": {"$ref": "a.yml#/t"}, "x-logo": {"$ref": "#/no"}},
            "paths": {
                "/a": {"$ref": "b.yml#/paths/~1a"},
                "/b": {"get": {"summary": {"$ref": "#/s"}, "responses": {"200": {"$ref": "#/r"}},
                               "requestBody": {"content": {"application/json": {
                                   "schema": {"properties": {"$ref": "#/props"}},
                                   "example": {"$ref": "#/data"}}}}}}
            },
            "components": {"schemas": {"A": {"default": {"$ref": "#/data"}, "enum": [{"$ref": "#/d"}],
                                              "properties": {"x-b": {"$ref": "#/c"}}}}}
        });
        let refs = collect(&doc, Kind::Node(Node::Document), true);
        let misplaced: Vec<&str> = refs.misplaced.iter().map(|f| f.pointer.as_str()).collect();
        let allowed: Vec<&str> = refs.allowed.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            misplaced,
            [
                "/info/title",
                "/paths/~1b/get/summary",
                "/paths/~1b/get/requestBody/content/application~1json/schema/properties"
            ]
        );
        assert_eq!(
            allowed,
            [
                "/paths/~1a",
                "/paths/~1b/get/responses/200",
                "/components/schemas/A/properties/x-b"
            ]
        );
    }
}
