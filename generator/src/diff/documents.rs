//! The media types of a body as the spec lists them (lowering records them
//! all; a lowered body is the one the client sends or reads), and a schema
//! compared with another as written in the loaded documents, `$ref`s
//! followed, for the media types no Rust type stands for.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::Version;
use crate::error::push_pointer;
use crate::ir::{Operation, Status, TypeId, TypeRef};
use crate::load::{RefTarget, SpecSet};

/// Which body of an operation.
#[derive(Debug, Clone, Copy)]
pub(crate) enum BodyOf {
    Request,
    /// The response of this status.
    Response(Status),
}

/// One media type of a body, and where its schema is once `$ref`s are followed.
#[derive(Debug, Clone)]
pub(crate) struct Media {
    pub name: String,
    pub schema: Option<RefTarget>,
}

fn at(target: &RefTarget, segment: &str) -> RefTarget {
    RefTarget {
        file: target.file,
        pointer: push_pointer(&target.pointer, segment),
    }
}

/// `target` with its `$ref`s followed, when it exists.
fn follow(specs: &SpecSet, target: RefTarget) -> Option<RefTarget> {
    let target = specs.follow_refs(target).ok()?;
    specs.node(target.file, &target.pointer).map(|_| target)
}

/// One side's loaded specs, and the named type lowered from each schema place.
pub(crate) struct Document<'a> {
    pub specs: &'a SpecSet,
    origins: HashMap<String, TypeId>,
}

impl<'a> Document<'a> {
    pub fn new(version: Version<'a>) -> Self {
        let origins = version
            .program
            .types
            .iter()
            .map(|def| (def.origin.clone(), def.id))
            .collect();
        Document {
            specs: version.specs,
            origins,
        }
    }

    /// The named type lowered from the schema at `target`: a component
    /// schema, or an inline one that kept its own type.
    pub fn named_type(&self, target: &RefTarget) -> Option<TypeId> {
        let origin = format!("{}#{}", self.specs.file(target.file).path.display(), target.pointer);
        self.origins.get(&origin).copied()
    }

    /// Every media type the spec lists for one body of `op`, in spec order,
    /// as lowering read them; empty when the body has no `content`.
    pub fn media_types(&self, op: &Operation, body: BodyOf) -> Vec<Media> {
        let listed = match body {
            BodyOf::Request => op.request_media.as_slice(),
            BodyOf::Response(status) => op
                .responses
                .iter()
                .find(|r| r.status == status)
                .map_or(&[][..], |r| r.media.as_slice()),
        };
        listed
            .iter()
            .map(|media| Media {
                name: media.name.clone(),
                schema: media.schema.as_deref().and_then(|origin| self.place(origin)),
            })
            .collect()
    }

    /// The place a `file#pointer` origin names in these documents.
    fn place(&self, origin: &str) -> Option<RefTarget> {
        let (file, pointer) = origin.split_once('#')?;
        Some(RefTarget {
            file: self.specs.find(Path::new(file))?,
            pointer: pointer.to_string(),
        })
    }

    /// The named types the media types of `op`'s request body and of its responses stand on.
    pub fn body_types(&self, op: &Operation) -> (Vec<TypeRef>, Vec<TypeRef>) {
        let named = |media: Vec<Media>| -> Vec<TypeRef> {
            media
                .iter()
                .filter_map(|m| self.named_type(m.schema.as_ref()?))
                .map(TypeRef::Named)
                .collect()
        };
        let request = named(self.media_types(op, BodyOf::Request));
        let responses = op
            .responses
            .iter()
            .flat_map(|r| named(self.media_types(op, BodyOf::Response(r.status))))
            .collect();
        (request, responses)
    }
}

/// Keywords that do not change what is sent: documentation and examples.
const NOT_ON_THE_WIRE: [&str; 6] = ["description", "summary", "title", "example", "examples", "externalDocs"];

/// Keywords whose value is a map of names to schemas.
const SCHEMA_MAPS: [&str; 4] = ["properties", "patternProperties", "definitions", "$defs"];

/// Keywords whose value is data, compared as it is.
const LITERALS: [&str; 5] = ["enum", "const", "default", "required", "type"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Schema,
    SchemaMap,
    Literal,
}

/// Two schemas compared as written, following `$ref`s on both sides:
/// the first place (a pointer into the schema) where they differ on the
/// wire, or `None` when they are the same.
pub(crate) fn first_difference(
    old_specs: &SpecSet,
    old: &RefTarget,
    new_specs: &SpecSet,
    new: &RefTarget,
) -> Option<String> {
    let mut comparison = Comparison {
        old: old_specs,
        new: new_specs,
        seen: HashSet::new(),
    };
    comparison.compare(old.clone(), new.clone(), "", Context::Schema)
}

struct Comparison<'s> {
    old: &'s SpecSet,
    new: &'s SpecSet,
    /// Pairs of places under comparison or compared: a cycle is assumed
    /// equal, a shared schema is compared once.
    seen: HashSet<(RefTarget, RefTarget)>,
}

impl Comparison<'_> {
    fn compare(&mut self, old: RefTarget, new: RefTarget, path: &str, context: Context) -> Option<String> {
        let (old, new) = if context == Context::Literal {
            (old, new)
        } else {
            match (follow(self.old, old), follow(self.new, new)) {
                (Some(a), Some(b)) => (a, b),
                (None, None) => return None,
                _ => return Some(path.to_string()),
            }
        };
        if !self.seen.insert((old.clone(), new.clone())) {
            return None;
        }
        let a = self.old.node(old.file, &old.pointer);
        let b = self.new.node(new.file, &new.pointer);
        match (a, b) {
            (Some(Value::Object(a)), Some(Value::Object(b))) if context != Context::Literal => {
                let keep = |key: &&String| {
                    context == Context::SchemaMap || !(NOT_ON_THE_WIRE.contains(&key.as_str()) || key.starts_with("x-"))
                };
                let mut keys: Vec<&String> = a.keys().chain(b.keys()).filter(keep).collect();
                keys.sort();
                keys.dedup();
                for key in keys {
                    let child = match context {
                        Context::SchemaMap => Context::Schema,
                        _ if SCHEMA_MAPS.contains(&key.as_str()) => Context::SchemaMap,
                        _ if LITERALS.contains(&key.as_str()) => Context::Literal,
                        _ => Context::Schema,
                    };
                    let below = push_pointer(path, key);
                    if let Some(found) = self.compare(at(&old, key), at(&new, key), &below, child) {
                        return Some(found);
                    }
                }
                None
            }
            (Some(Value::Array(a)), Some(Value::Array(b))) if context != Context::Literal => {
                if a.len() != b.len() {
                    return Some(path.to_string());
                }
                (0..a.len()).find_map(|i| {
                    let index = i.to_string();
                    self.compare(at(&old, &index), at(&new, &index), &push_pointer(path, &index), context)
                })
            }
            (a, b) => (a != b).then(|| path.to_string()),
        }
    }
}
