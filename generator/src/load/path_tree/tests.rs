//! The reader against serde on the path items, parameters, bodies and
//! responses of the specs in this repository, as written and changed at
//! random: wrong types, `null`s, missing fields, extension keys, status
//! codes of every shape, `schema` and `content` in either order.

use std::fmt::Debug;
use std::path::Path;

use openapiv3::{Parameter, PathItem, RequestBody, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::FromTree;
use crate::load::schema_tree::tests::Random;

/// Whether the reader gave a value, after checking that any value it gave
/// is serde's, and that serde does not fail where it gave one.
fn agrees<T: FromTree + PartialEq + Debug>(node: &Value) -> bool {
    let Some(read) = T::from_tree(node) else {
        return false;
    };
    match T::deserialize(node) {
        Ok(by_serde) => assert_eq!(read, by_serde, "read differently from serde: {node}"),
        Err(e) => panic!("read where serde fails ({e}): {node}"),
    }
    true
}

/// The documents of our specs, the wire tests' and the edge cases'.
fn documents() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [
        "../specs",
        "tests/wire/specs",
        "tests/corpus/edge_cases",
        "tests/corpus/edge_cases/borrowed",
    ];
    let mut documents = Vec::new();
    for dir in dirs {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .collect();
        paths.sort();
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let parsed = match path.extension().and_then(|e| e.to_str()) {
                Some("json") => super::super::duplicates::from_json(&text).ok(),
                Some("yml" | "yaml") => super::super::duplicates::from_yaml(&text).ok(),
                _ => None,
            };
            documents.extend(parsed);
        }
    }
    assert!(documents.len() > 20, "found only {} specs", documents.len());
    documents
}

fn members<'v>(document: &'v Value, pointer: &str) -> impl Iterator<Item = &'v Value> {
    document
        .pointer(pointer)
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|map| map.values())
}

/// Whether the reader and serde agree on one node.
type Check = fn(&Value) -> bool;

/// Every node of a kind the reader reads, with the check for its kind.
fn nodes(documents: &[Value]) -> Vec<(Value, Check)> {
    let mut nodes: Vec<(Value, Check)> = Vec::new();
    for document in documents {
        nodes.extend(members(document, "/paths").map(|n| (n.clone(), agrees::<PathItem> as Check)));
        nodes.extend(members(document, "/webhooks").map(|n| (n.clone(), agrees::<PathItem> as Check)));
        nodes.extend(members(document, "/components/parameters").map(|n| (n.clone(), agrees::<Parameter> as _)));
        nodes.extend(members(document, "/components/requestBodies").map(|n| (n.clone(), agrees::<RequestBody> as _)));
        nodes.extend(members(document, "/components/responses").map(|n| (n.clone(), agrees::<Response> as _)));
    }
    nodes
}

#[test]
fn reads_every_node_of_our_specs_as_serde_does() {
    let nodes = nodes(&documents());
    let read = nodes.iter().filter(|(node, check)| check(node)).count();
    // Nearly all are ordinary; a reader that gave up on everything would
    // agree with serde trivially.
    assert!(read * 10 >= nodes.len() * 9, "read {read} of {}", nodes.len());
}

/// Keys the readers look at, and a few they do not.
const KEYS: &[&str] = &[
    "summary",
    "description",
    "get",
    "post",
    "servers",
    "parameters",
    "tags",
    "operationId",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
    "externalDocs",
    "content",
    "required",
    "schema",
    "example",
    "examples",
    "encoding",
    "headers",
    "links",
    "in",
    "name",
    "style",
    "explode",
    "allowReserved",
    "allowEmptyValue",
    "default",
    "200",
    "2XX",
    "4xx",
    "099",
    "1000",
    "20",
    "x-extra",
    "$ref",
    "other",
];

fn value(r: &mut Random) -> Value {
    // `null` reads as absent for some fields and as an error for others.
    if r.chance(25) {
        return Value::Null;
    }
    r.pick(&[
        Value::Null,
        json!(true),
        json!(3),
        json!(-1),
        json!(2.5),
        json!("s"),
        json!("query"),
        json!("header"),
        json!("path"),
        json!("cookie"),
        json!("simple"),
        json!("form"),
        json!([]),
        json!(["a"]),
        json!([{"name": "p", "in": "query", "schema": {"type": "string"}}]),
        json!({}),
        json!({"$ref": "#/components/schemas/A"}),
        json!({"type": "string"}),
        json!({"description": "d"}),
        json!({"200": {"description": "ok"}}),
        json!({"application/json": {"schema": {"type": "integer"}}}),
        json!({"url": "https://example.com"}),
    ])
    .clone()
}

/// The pointer of every object in `node`.
fn objects(node: &Value, at: String, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                objects(
                    child,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
            out.push(at);
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                objects(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// One random change to one object of `node`.
fn change(node: &mut Value, r: &mut Random) {
    let mut pointers = Vec::new();
    objects(node, String::new(), &mut pointers);
    let pointer = r.pick(&pointers).clone();
    let Some(Value::Object(map)) = node.pointer_mut(&pointer) else {
        return;
    };
    let key = r.pick(KEYS).to_string();
    match r.below(4) {
        0 => {
            map.remove(&key);
        }
        1 => {
            // Moved to the end: `schema` and `content` trade places this way.
            if let Some(moved) = map.remove(&key) {
                map.insert(key, moved);
            }
        }
        _ => {
            map.insert(key, value(r));
        }
    }
}

#[test]
fn reads_changed_nodes_as_serde_does() {
    let nodes = nodes(&documents());
    let mut r = Random(0x0bad_cafe_f00d_1234);
    let (mut tried, mut read) = (0, 0);
    for _ in 0..100 {
        for (node, check) in &nodes {
            let mut changed = node.clone();
            for _ in 0..=r.below(3) {
                change(&mut changed, &mut r);
            }
            tried += 1;
            if check(&changed) {
                read += 1;
            }
        }
    }
    // Both outcomes must be common for the comparison to mean something.
    assert!(read * 4 > tried && read * 10 < tried * 9, "read {read} of {tried}");
}

#[test]
fn status_codes_read_as_openapiv3_reads_them() {
    for key in [
        "200", "2XX", "2xx", "5Xx", "099", "100", "999", "1000", "20", "+20", "-20", "2X", "XX2", "default", "x-1",
        "é1", "２00",
    ] {
        let responses = json!({ key: {"description": "d"} });
        let by_serde =
            openapiv3::Responses::deserialize(&responses).map(|r| r.responses.keys().cloned().collect::<Vec<_>>());
        assert_eq!(
            Ok(super::status_code(key).into_iter().collect()),
            by_serde.map_err(|e| e.to_string()),
            "{key}"
        );
    }
}
