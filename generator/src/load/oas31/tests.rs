use serde_json::{Value, json};

use super::normalize;
use crate::error::{Warning, WarningKind};

/// The schema `schema` as the rewrite leaves it, and the warnings.
fn rewritten(schema: Value) -> (Value, Vec<Warning>) {
    let mut root = json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema}}});
    let mut warnings = Vec::new();
    normalize(std::path::Path::new("api.yml"), &mut root, &mut warnings);
    (root["components"]["schemas"]["S"].clone(), warnings)
}

#[test]
fn a_type_array_with_null_is_nullable() {
    let (s, warnings) = rewritten(json!({"type": ["string", "null"], "enum": ["a", null]}));
    assert_eq!(s, json!({"type": "string", "enum": ["a"], "nullable": true}));
    assert!(warnings.is_empty());
    let (s, _) = rewritten(json!({"type": "null"}));
    assert_eq!(s, json!({"nullable": true}));
}

#[test]
fn a_type_union_is_one_branch_per_type_with_its_keywords() {
    let (s, _) = rewritten(json!({
        "description": "d", "type": ["string", "integer", "null"], "maxLength": 3, "minimum": 1, "enum": ["a", 2]
    }));
    assert_eq!(
        s,
        json!({"description": "d", "nullable": true, "anyOf": [
            {"type": "string", "maxLength": 3, "enum": ["a"]},
            {"type": "integer", "minimum": 1, "enum": [2]}
        ]})
    );
}

#[test]
fn a_null_alternative_is_nullable_and_a_ref_with_siblings_is_all_of() {
    let (s, _) =
        rewritten(json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}], "description": "d"}));
    assert_eq!(
        s,
        json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
    );
    let (s, _) = rewritten(json!({"$ref": "#/components/schemas/T", "description": "d"}));
    assert_eq!(
        s,
        json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
    );
    let (s, _) = rewritten(json!({"$ref": "#/components/schemas/T", "x-note": 1}));
    assert_eq!(s, json!({"$ref": "#/components/schemas/T", "x-note": 1}));
}

#[test]
fn keywords_get_their_3_0_spelling() {
    let (s, _) = rewritten(json!({
        "type": "object",
        "properties": {
            "c": {"const": "fixed"},
            "e": {"type": "integer", "examples": [7, 8]},
            "lo": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5},
            "b64": {"type": "string", "contentEncoding": "base64"},
            "bin": {"type": "string", "contentMediaType": "application/octet-stream"},
            "any": true,
            "none": false
        }
    }));
    let p = &s["properties"];
    assert_eq!(p["c"], json!({"const": "fixed", "enum": ["fixed"]}));
    assert_eq!(p["e"], json!({"type": "integer", "example": 7}));
    assert_eq!(
        p["lo"],
        json!({"type": "number", "exclusiveMinimum": true, "maximum": 5, "minimum": 0})
    );
    assert_eq!(p["b64"]["format"], "byte");
    assert_eq!(p["bin"]["format"], "binary");
    assert_eq!(p["any"], json!({}));
    assert_eq!(p["none"], json!({"not": {}}));
}

#[test]
fn what_has_no_3_0_spelling_is_warned_about() {
    let (s, warnings) = rewritten(json!({
        "type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}],
        "unevaluatedProperties": false, "nullable": true
    }));
    assert_eq!(s["items"], json!({"type": "string"}));
    let kinds: Vec<(WarningKind, &str)> = warnings.iter().map(|w| (w.kind, w.pointer.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (WarningKind::NonStandard, "/components/schemas/S"),
            (WarningKind::Approximated, "/components/schemas/S"),
            (WarningKind::Unchecked, "/components/schemas/S"),
        ]
    );
}

#[test]
fn anchors_and_ids_become_pointers() {
    let mut root = json!({"openapi": "3.1.0", "components": {"schemas": {
        "Pet": {"$anchor": "pet", "$id": "https://example.com/pet", "type": "object",
                "properties": {"name": {"type": "string"}}},
        "A": {"$ref": "#pet"},
        "B": {"$ref": "https://example.com/pet"},
        "C": {"$ref": "https://example.com/pet#/properties/name"}
    }}});
    normalize(std::path::Path::new("api.yml"), &mut root, &mut Vec::new());
    let schemas = &root["components"]["schemas"];
    assert_eq!(schemas["A"]["$ref"], "#/components/schemas/Pet");
    assert_eq!(schemas["B"]["$ref"], "#/components/schemas/Pet");
    assert_eq!(schemas["C"]["$ref"], "#/components/schemas/Pet/properties/name");
}

#[test]
fn every_keyword_without_a_3_0_spelling_and_every_3_0_spelling_is_named() {
    let mut root = json!({"openapi": "3.1.0", "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
    "components": {"schemas": {"S": {
        "type": "object",
        "dependentSchemas": {}, "patternProperties": {}, "propertyNames": {}, "if": {}, "then": {},
        "contains": {}, "unevaluatedItems": false, "minimum": 1, "exclusiveMinimum": true
    }}}});
    let mut warnings = Vec::new();
    normalize(std::path::Path::new("api.yml"), &mut root, &mut warnings);
    let messages: Vec<String> = warnings.iter().map(|w| format!("{:?} {w}", w.kind)).collect();
    assert_eq!(
        messages,
        [
            "Approximated api.yml#/jsonSchemaDialect: schemas declare the JSON Schema dialect https://json-schema.org/draft/2020-12/schema; read as OpenAPI 3.1's own",
            "NonStandard api.yml#/components/schemas/S: boolean `exclusiveMinimum` is OpenAPI 3.0; in 3.1 it is the bound itself; read as 3.0's",
            "Unchecked api.yml#/components/schemas/S: `unevaluatedItems` is documented but not checked: OpenAPI 3.0 has no equivalent",
            "Unchecked api.yml#/components/schemas/S: `dependentSchemas` is documented but not checked: OpenAPI 3.0 has no equivalent",
            "Unchecked api.yml#/components/schemas/S: `patternProperties` is documented but not checked: OpenAPI 3.0 has no equivalent",
            "Unchecked api.yml#/components/schemas/S: `propertyNames` is documented but not checked: OpenAPI 3.0 has no equivalent",
            "Unchecked api.yml#/components/schemas/S: `contains` is documented but not checked: OpenAPI 3.0 has no equivalent",
            "Unchecked api.yml#/components/schemas/S: `if` is documented but not checked: OpenAPI 3.0 has no equivalent",
        ]
    );
    // The 3.0 bound stays as written.
    assert_eq!(root["components"]["schemas"]["S"]["exclusiveMinimum"], json!(true));
}
