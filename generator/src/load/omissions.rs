//! Fields OpenAPI requires that generation does not need. A spec that leaves
//! them out is read anyway, each omission a warning; a field whose absence
//! would make the output wrong (an operation's `responses`, a parameter's
//! `name`) stays an error, reported where the node is parsed.

use serde_json::Value;

use super::SpecSet;
use super::grammar::{Kind, Node, Segment, pointer_of, reference_of};
use crate::error::{Warning, WarningKind};

impl SpecSet {
    pub(super) fn accept_harmless_omissions(&mut self) {
        let mut warnings = Vec::new();
        for spec in &mut self.files {
            let mut warn = |pointer: &str, message: &str| {
                warnings.push(Warning {
                    kind: WarningKind::NonStandard,
                    file: spec.path.clone(),
                    pointer: pointer.to_string(),
                    message: message.to_string(),
                })
            };
            // A file without `openapi` is a library of components, which has no `info` to give.
            let is_document = spec.root.get("openapi").is_some();
            match spec.root.get("info") {
                None if is_document => warn(
                    "",
                    "no `info`, which OpenAPI requires; the module's title falls back to its name",
                ),
                Some(Value::Object(info)) => {
                    for field in ["title", "version"] {
                        if !info.contains_key(field) {
                            warn("/info", &format!("`info` has no `{field}`, which OpenAPI requires"));
                        }
                    }
                }
                _ => {}
            }
            let mut undescribed = Vec::new();
            responses_without_description(
                &spec.root,
                Kind::Node(Node::Document),
                &mut Vec::new(),
                &mut undescribed,
            );
            for pointer in undescribed {
                if let Some(Value::Object(response)) = spec.root.pointer_mut(&pointer) {
                    response.insert("description".to_string(), Value::String(String::new()));
                }
                warn(
                    &pointer,
                    "response has no `description`, which OpenAPI requires; read as an empty one",
                );
            }
        }
        self.warnings.extend(warnings);
    }
}

/// Response objects, not references, that have no `description`.
fn responses_without_description<'v>(value: &'v Value, kind: Kind, path: &mut Vec<Segment<'v>>, out: &mut Vec<String>) {
    if reference_of(value).is_some() {
        return;
    }
    match value {
        Value::Object(map) => {
            if kind == Kind::Node(Node::Response) && !map.contains_key("description") {
                out.push(pointer_of(path));
            }
            for (key, child) in map {
                let Some(child_kind) = kind.child(key) else {
                    continue;
                };
                // Responses sit under paths, operations, callbacks and components, never below a schema.
                if matches!(
                    child_kind,
                    Kind::Node(Node::Schema | Node::Text) | Kind::MapOf(Node::Schema)
                ) {
                    continue;
                }
                path.push(Segment::Key(key));
                responses_without_description(child, child_kind, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            if let Kind::ListOf(node) = kind {
                for (i, item) in items.iter().enumerate() {
                    path.push(Segment::Index(i));
                    responses_without_description(item, Kind::Node(node), path, out);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}
