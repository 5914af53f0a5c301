//! OpenAPI 3.1 read as 3.0: a 3.1 document is rewritten, on its JSON tree
//! and before anything is parsed into `openapiv3` types, into the 3.0 shape
//! that means the same, so lowering, the emitters and spec-diff have one
//! path for both versions.
//!
//! Why rewrite rather than read 3.1 through another document model:
//! `openapiv3` models 3.0 only, and a second model would need a second
//! lowering, which is where every decision about types and names lives.
//! Almost all of what 3.1 changes is in schemas (JSON Schema 2020-12), and
//! each change has a 3.0 spelling with the same meaning for generated code:
//!
//! | 3.1 | read as |
//! |---|---|
//! | `type: [T, "null"]`, `anyOf: [X, {type: "null"}]` | `type: T` / `allOf: [X]` with `nullable: true` |
//! | `type: [A, B]` | `anyOf` of one schema per type, each with its keywords |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, …]` | `example: a` |
//! | `exclusiveMinimum: n` | `minimum: n` with `exclusiveMinimum: true` |
//! | `contentEncoding: base64`, `contentMediaType: application/octet-stream` | `format: byte` / `format: binary` |
//! | `$ref` with other keywords beside it | `allOf: [{$ref}]` with those keywords |
//! | `true` / `false` as a schema | `{}` / `{not: {}}` |
//! | `$ref` to an `$anchor` or a schema's `$id` | a `$ref` to its JSON pointer |
//!
//! The rewrite changes values in place and adds keys; it never moves a
//! node that is written in the file, so every JSON pointer an error names
//! is still the one a maintainer finds in the source, and its line and
//! column are found the same way. A node the rewrite made (an `anyOf`
//! branch) is located at its nearest written ancestor. What has no 3.0
//! spelling (`prefixItems`, `unevaluatedProperties`, `dependentRequired`,
//! …) is read approximately or not checked, with a warning; 3.0 spellings
//! inside a 3.1 document (`nullable`, boolean `exclusiveMinimum`) are read
//! as 3.0 with a warning. `$defs` need nothing: a `$ref` into them is a
//! JSON pointer like any other. Document-level additions (`webhooks`,
//! `components/pathItems`, `info.summary`, `license.identifier`, `paths`
//! being optional) are known to the grammar walk and to lowering.

mod anchors;
mod schema;

use std::path::Path;

use serde_json::Value;

use super::grammar::{Kind, Node};
use crate::error::{Warning, WarningKind, escape_pointer_segment};

/// The JSON Schema dialect OpenAPI 3.1 schemas use unless told otherwise.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Whether `root` declares OpenAPI 3.1.
pub fn is_31(root: &Value) -> bool {
    root.get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1"))
}

/// Rewrites the 3.1 document `root` of `file` into the 3.0 shape, adding
/// a warning for each place that is read approximately.
pub fn normalize(file: &Path, root: &mut Value, warnings: &mut Vec<Warning>) {
    let mut rewrite = Rewrite {
        file,
        warnings,
        path: Vec::new(),
    };
    if let Some(dialect) = root.get("jsonSchemaDialect").and_then(Value::as_str)
        && dialect != OAS_DIALECT
    {
        let message = format!("schemas declare the JSON Schema dialect {dialect}; read as OpenAPI 3.1's own");
        rewrite.warn_at("/jsonSchemaDialect", WarningKind::Approximated, message);
    }
    anchors::resolve(root);
    rewrite.walk(root, Kind::Node(Node::Document));
}

/// One walk over a document: where it is, and what it found to warn about.
struct Rewrite<'w> {
    file: &'w Path,
    warnings: &'w mut Vec<Warning>,
    path: Vec<String>,
}

impl Rewrite<'_> {
    fn pointer(&self) -> String {
        self.path
            .iter()
            .map(|s| format!("/{}", escape_pointer_segment(s)))
            .collect()
    }

    fn warn(&mut self, kind: WarningKind, message: String) {
        let pointer = self.pointer();
        self.warn_at(&pointer, kind, message);
    }

    fn warn_at(&mut self, pointer: &str, kind: WarningKind, message: String) {
        self.warnings.push(Warning {
            kind,
            file: self.file.to_path_buf(),
            pointer: pointer.to_string(),
            message,
        });
    }

    /// Walks `value`, a node of kind `kind`, rewriting each schema before
    /// its children, so that the branches a rewrite makes are walked too.
    fn walk(&mut self, value: &mut Value, kind: Kind) {
        if kind == Kind::Node(Node::Schema) {
            self.schema(value);
        }
        if super::grammar::reference_of(value).is_some() {
            return;
        }
        match (kind, value) {
            (Kind::Node(Node::Mapping), _) => {}
            (Kind::Node(node), Value::Object(map)) => {
                for (key, child) in map.iter_mut() {
                    // `additionalProperties: false` is 3.0 too; elsewhere a boolean is a schema.
                    if node == Node::Schema && key == "additionalProperties" && child.is_boolean() {
                        continue;
                    }
                    if let Some(child_kind) = node.child(key) {
                        self.path.push(key.clone());
                        self.walk(child, child_kind);
                        self.path.pop();
                    }
                }
            }
            (Kind::MapOf(node), Value::Object(map)) => {
                for (key, child) in map.iter_mut() {
                    self.path.push(key.clone());
                    self.walk(child, Kind::Node(node));
                    self.path.pop();
                }
            }
            (Kind::ListOf(node), Value::Array(items)) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.path.push(i.to_string());
                    self.walk(child, Kind::Node(node));
                    self.path.pop();
                }
            }
            _ => {}
        }
    }

    fn schema(&mut self, value: &mut Value) {
        match value {
            Value::Bool(true) => *value = Value::Object(Default::default()),
            Value::Bool(false) => *value = serde_json::json!({"not": {}}),
            Value::Object(map) => schema::rewrite(self, map),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
