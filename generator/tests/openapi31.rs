//! OpenAPI 3.1 is read with the quality of 3.0: the same API spelled either
//! way generates the same Rust, each 3.1 keyword lands where its 3.0
//! spelling would, and webhooks get typed payloads.

use std::path::{Path, PathBuf};

use generator::load::SpecSet;
use generator::{AllowList, WarningKind};
use serde_json::{Map, Value, json};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn file<'g>(generated: &'g generator::Generated, path: &str) -> &'g str {
    generated
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

/// Keys under which a schema sits, in a schema or in an OpenAPI object.
const SCHEMA_KEYS: [&str; 4] = ["schema", "items", "not", "additionalProperties"];
const SCHEMA_LIST_KEYS: [&str; 3] = ["allOf", "oneOf", "anyOf"];
const SCHEMA_MAP_KEYS: [&str; 2] = ["properties", "schemas"];

/// Rewrites a 3.0 document into the 3.1 spelling of the same API.
fn to_31(value: &mut Value, is_schema: bool) {
    match value {
        Value::Object(map) => {
            if is_schema {
                schema_to_31(map);
            }
            for (key, child) in map.iter_mut() {
                if key.starts_with("x-") || matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    continue;
                }
                if SCHEMA_KEYS.contains(&key.as_str()) {
                    to_31(child, true);
                } else if SCHEMA_LIST_KEYS.contains(&key.as_str()) && is_schema {
                    child.as_array_mut().into_iter().flatten().for_each(|s| to_31(s, true));
                } else if SCHEMA_MAP_KEYS.contains(&key.as_str()) {
                    child
                        .as_object_mut()
                        .into_iter()
                        .flatten()
                        .for_each(|(_, s)| to_31(s, true));
                } else {
                    to_31(child, false);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| to_31(v, false)),
        _ => {}
    }
}

fn schema_to_31(map: &mut Map<String, Value>) {
    if map.contains_key("$ref") {
        // A description beside a `$ref` documents the place in both versions.
        return;
    }
    if let Some(example) = map.shift_remove("example") {
        map.insert("examples".into(), json!([example]));
    }
    if map.get("exclusiveMinimum") == Some(&Value::Bool(true))
        && let Some(bound) = map.shift_remove("minimum")
    {
        map.insert("exclusiveMinimum".into(), bound);
    }
    if map.get("exclusiveMaximum") == Some(&Value::Bool(true))
        && let Some(bound) = map.shift_remove("maximum")
    {
        map.insert("exclusiveMaximum".into(), bound);
    }
    if map.get("nullable") != Some(&Value::Bool(true)) {
        map.shift_remove("nullable");
        return;
    }
    if let Some(Value::String(ty)) = map.get("type").cloned() {
        map.shift_remove("nullable");
        map.insert("type".into(), json!([ty, "null"]));
        if let Some(Value::Array(values)) = map.get_mut("enum") {
            values.push(Value::Null);
        }
    } else if let Some(Value::Array(parts)) = map.get_mut("oneOf").or(None) {
        parts.push(json!({"type": "null"}));
        map.shift_remove("nullable");
    } else if let Some(Value::Array(parts)) = map.get("allOf").cloned()
        && parts.len() == 1
    {
        map.shift_remove("allOf");
        map.shift_remove("nullable");
        map.insert("anyOf".into(), json!([parts[0], {"type": "null"}]));
    }
}

/// Copies the specs folder `from` into `to`, every document in 3.1
/// spelling except those already in 3.1; returns how many it rewrote.
fn spelled_in_31(from: &Path, to: &Path) -> usize {
    let mut converted = 0;
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(from).unwrap();
            if path.is_dir() {
                std::fs::create_dir_all(to.join(relative)).unwrap();
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            if !generator::load::is_spec_file(&path) || text.contains("openapi: 3.1") {
                std::fs::write(to.join(relative), text).unwrap();
                continue;
            }
            let mut root: Value = serde_yaml::from_str(&text).unwrap();
            if root.get("openapi").is_some() {
                root["openapi"] = json!("3.1.0");
            }
            to_31(&mut root, false);
            std::fs::write(to.join(relative), serde_yaml::to_string(&root).unwrap()).unwrap();
            converted += 1;
        }
    }
    converted
}

/// Generates `specs` as written and in 3.1 spelling; every file must match.
fn assert_same_rust_in_31(specs: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert!(spelled_in_31(specs, dir.path()) >= 3);
    let as_written = generator::generate_dir(specs).unwrap_or_else(|e| panic!("{e}"));
    let in_31 = generator::generate_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let paths = |g: &generator::Generated| g.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&as_written), paths(&in_31));
    for (a, b) in as_written.files.iter().zip(&in_31.files) {
        let first_difference = a.contents.lines().zip(b.contents.lines()).position(|(x, y)| x != y);
        assert!(
            a.contents == b.contents,
            "{} differs between the 3.0 and 3.1 spellings, first at line {}:\n{}\n{}",
            a.path,
            first_difference.map_or(0, |i| i + 1),
            first_difference
                .and_then(|i| a.contents.lines().nth(i))
                .unwrap_or_default(),
            first_difference
                .and_then(|i| b.contents.lines().nth(i))
                .unwrap_or_default(),
        );
    }
    dir
}

#[test]
fn our_specs_spelled_in_3_1_generate_the_same_rust() {
    let dir = assert_same_rust_in_31(&workspace().join("specs"));
    let written = std::fs::read_to_string(dir.path().join("users.yml")).unwrap();
    assert!(written.contains("openapi: 3.1.0"), "{written}");
    assert!(written.contains("examples:\n      - "), "{written}");
}

#[test]
fn the_edge_cases_spelled_in_3_1_generate_the_same_rust() {
    let dir = assert_same_rust_in_31(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/edge_cases"));
    let written = std::fs::read_to_string(dir.path().join("nullable.yml")).unwrap();
    assert!(written.contains("- 'null'"), "{written}");
    assert!(!written.contains("nullable: true"), "{written}");
}

fn edge_case(name: &str) -> generator::Generated {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/edge_cases")
        .join(name);
    let (set, _) = SpecSet::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    generator::generate(&set, &AllowList::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn each_3_1_keyword_becomes_what_its_3_0_spelling_would() {
    let generated = edge_case("openapi31.yml");
    let types = file(&generated, "src/openapi31/types.rs");
    for expected in [
        // `type: [string, "null"]`, optional: absent and null stay apart.
        "pub nickname: Option<Option<String>>",
        // `anyOf: [$ref, {type: null}]`.
        "pub owner: Option<Option<Owner>>",
        // `$ref` with a description beside it: the type, with the description.
        "/// The pet's tag, described where it is used.\n    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub tag: Option<Tag>",
        // `const`: a one-value enum.
        "pub kind: PetKind",
        "pub enum PetKind {\n    /// `\"dog\"`\n    Dog,",
        // `type: [string, integer]`: an untagged union of both.
        "pub enum PetIdOrName {\n    String(String),\n    Integer(i64),",
        // `$defs`, by pointer and by `$anchor`: one type named after its key.
        "pub size: Option<Size>",
        "pub anchored: Option<Size>",
        // `$ref` to an `$id`.
        "pub identified: Option<Owner>",
        // `true` as a schema, and `prefixItems` of one type.
        "pub extra: Option<serde_json::Value>",
        "pub coordinates: Option<Vec<f64>>",
        // `contentEncoding: base64` and `contentMediaType: application/octet-stream`.
        "/// Format: `byte`.\n    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub photo: Option<String>",
        "/// Format: `binary`.\n    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub raw: Option<String>",
        // A nullable enum that lists `null` among its values.
        "pub color: Option<Option<PetColor>>",
        // `nullable` inside 3.1, read as 3.0's.
        "pub legacy: Option<Option<String>>",
        // The `examples` array's first value documents the type.
        "Rex",
    ] {
        assert!(types.contains(expected), "missing `{expected}` in\n{types}");
    }
    // Numeric `exclusiveMinimum`/`exclusiveMaximum`: 3.0's exclusive bounds.
    assert!(
        types.contains("/// Greater than 0. Less than 1000.\n    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub weight: Option<f64>"),
        "{types}"
    );

    let module = file(&generated, "src/openapi31/mod.rs");
    assert!(
        module.contains("Webhooks the API sends, with the type of each body:"),
        "{module}"
    );
    assert!(
        module.contains("- `newPet` (`POST`): [`Pet`](types::Pet) — A pet was added"),
        "{module}"
    );
    assert!(
        module.contains("- `petRemoved` (`POST`): [`PetRemovedPayload`](types::PetRemovedPayload)"),
        "{module}"
    );
    assert!(
        module.contains("- callback `onStatus` of `subscribe` (`POST {$request.body#/url}`): [`SubscribeOnStatusPayload`](types::SubscribeOnStatusPayload)"),
        "{module}"
    );
    assert!(types.contains("pub struct PetRemovedPayload {"), "{types}");
    assert!(types.contains("pub struct SubscribeOnStatusPayload {"), "{types}");
    // The path item from `components/pathItems` is an operation.
    let client = file(&generated, "src/openapi31/client.rs");
    assert!(client.contains("pub async fn list_pets("), "{client}");

    let warnings: Vec<(WarningKind, String)> = generated
        .warnings
        .iter()
        .filter(|w| {
            matches!(
                w.kind,
                WarningKind::NonStandard | WarningKind::Approximated | WarningKind::Unchecked
            )
        })
        .map(|w| (w.kind, w.to_string()))
        .collect();
    let expected = [
        (
            WarningKind::Approximated,
            "openapi31.yml#/components/schemas/Pet/properties/coordinates: `prefixItems` (a tuple) has no OpenAPI 3.0 spelling; read as a list of its one item type",
        ),
        (
            WarningKind::NonStandard,
            "openapi31.yml#/components/schemas/Pet/properties/legacy: `nullable` is OpenAPI 3.0; in 3.1 it is `type: [..., \"null\"]`; read as 3.0's",
        ),
        (
            WarningKind::Unchecked,
            "openapi31.yml#/components/schemas/Pet/properties/strict: `dependentRequired` is documented but not checked: OpenAPI 3.0 has no equivalent",
        ),
        (
            WarningKind::Unchecked,
            "openapi31.yml#/components/schemas/Pet/properties/strict: `unevaluatedProperties` is documented but not checked: OpenAPI 3.0 has no equivalent",
        ),
    ];
    let expected: Vec<(WarningKind, String)> = expected.iter().map(|(k, m)| (*k, m.to_string())).collect();
    assert_eq!(warnings, expected);
}

#[test]
fn a_document_of_webhooks_only_is_a_module_of_their_payloads() {
    let generated = edge_case("openapi31_webhooks.yml");
    let types = file(&generated, "src/openapi31_webhooks/types.rs");
    assert!(types.contains("pub struct OrderShippedPayload {"), "{types}");
    assert!(types.contains("pub carrier: Option<Option<String>>"), "{types}");
    // The path item's second method, without an operationId, is told apart by it.
    assert!(types.contains("pub struct OrderShippedPutPayload {"), "{types}");
    assert!(
        !generated
            .files
            .iter()
            .any(|f| f.path == "src/openapi31_webhooks/client.rs")
    );
}

#[test]
fn a_3_0_callback_body_is_a_type() {
    let spec = "openapi: 3.0.3
info: {title: Hooks, version: '1'}
paths:
  /subscriptions:
    post:
      operationId: subscribe
      callbacks:
        onEvent:
          $ref: '#/components/callbacks/Event'
      responses:
        '201': {description: created}
components:
  callbacks:
    Event:
      '{$request.body#/url}':
        post:
          requestBody:
            content:
              application/json:
                schema: {type: object, properties: {id: {type: string, nullable: true}}}
          responses:
            '200': {description: ok}
";
    let set =
        SpecSet::from_sources(vec![("hooks.yml".into(), spec.as_bytes().to_vec())]).unwrap_or_else(|e| panic!("{e}"));
    let generated = generator::generate(&set, &AllowList::default()).unwrap_or_else(|e| panic!("{e}"));
    let types = file(&generated, "src/hooks/types.rs");
    assert!(types.contains("pub struct SubscribeOnEventPayload {"), "{types}");
    assert!(types.contains("pub id: Option<Option<String>>"), "{types}");
}
