//! Specs that bend the OpenAPI 3.0 grammar in ways published specs do are
//! read anyway, each bend a `NonStandard` warning naming its place.

use std::path::{Path, PathBuf};

use generator::load::SpecSet;
use generator::{AllowList, WarningKind};

fn edge_cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/edge_cases")
}

fn file<'g>(generated: &'g generator::Generated, path: &str) -> &'g str {
    generated
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| {
            panic!(
                "no {path} among {:?}",
                generated.files.iter().map(|f| &f.path).collect::<Vec<_>>()
            )
        })
}

fn non_standard(generated: &generator::Generated) -> Vec<String> {
    generated
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::NonStandard)
        .map(|w| w.to_string())
        .collect()
}

#[test]
fn a_borrowed_summary_and_operation_id_name_and_document_the_method() {
    let (set, name) = SpecSet::load_file(&edge_cases().join("borrowed_refs.yml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(name, Path::new("borrowed_refs.yml"));
    let generated = generator::generate(&set, &AllowList::default()).unwrap_or_else(|e| panic!("{e}"));
    let client = file(&generated, "src/borrowed_refs/client.rs");
    assert!(client.contains("/// Place an outbound call\n"), "{client}");
    assert!(
        client.contains("/// Dials the number and connects it to the answer URL.\n"),
        "{client}"
    );
    assert!(client.contains("pub async fn place_call("), "{client}");
    // The whole operation copied from the other file, with its `#/` refs.
    assert!(client.contains("pub async fn get_call("), "{client}");
    // Their bodies are the other file's `Call`, reached through the rewritten refs.
    assert!(client.contains("&crate::calls::types::Call"), "{client}");
    assert!(client.contains("https://api.example.com"), "{client}");
    let types = file(&generated, "src/borrowed_refs/types.rs");
    assert!(types.contains("/// A recording of a call."), "{types}");
    assert!(types.contains("/// The number to call."), "{types}");
    let module = file(&generated, "src/borrowed_refs/mod.rs");
    assert!(module.contains("Calls API"), "{module}");

    let warnings = non_standard(&generated);
    let expected = [
        "borrowed_refs.yml#/components/schemas/Recording/properties: `$ref` in place of a map of schemas, where OpenAPI 3.0 allows no reference; read as a JSON reference to borrowed/calls.yml#/components/schemas/Call/properties",
        "borrowed_refs.yml#/info/title: `$ref` in place of a value, where OpenAPI 3.0 allows no reference; read as a JSON reference to borrowed/calls.yml#/info/title",
        "borrowed_refs.yml#/paths/~1outbound/post/description: `$ref` in place of a value",
        "borrowed_refs.yml#/paths/~1outbound/post/operationId: `$ref` in place of a value",
        "borrowed_refs.yml#/paths/~1outbound/post/requestBody/content/application~1json: `$ref` in place of a media type",
        "borrowed_refs.yml#/paths/~1outbound/post/responses/204/description: `$ref` in place of a value, where OpenAPI 3.0 allows no reference; read as a JSON reference to #/components/schemas/Recording/description",
        "borrowed_refs.yml#/paths/~1outbound/post/summary: `$ref` in place of a value",
        "borrowed_refs.yml#/paths/~1outbound~1{id}/get: `$ref` in place of an operation",
        "borrowed_refs.yml#/servers/0: `$ref` in place of a server object",
    ];
    for expected in expected {
        assert!(
            warnings.iter().any(|w| w.starts_with(expected)),
            "missing {expected:?} in {warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
}

#[test]
fn a_borrowed_summary_within_one_file_is_read_with_a_warning() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      summary: {$ref: '#/x-text/summary'}\n      operationId: {$ref: '#/x-text/id'}\n      responses:\n        '204': {description: done}\nx-text:\n  summary: Fetch the thing\n  id: fetchThing\n";
    let set = SpecSet::from_sources(vec![(PathBuf::from("api.yml"), spec.as_bytes().to_vec())]).unwrap();
    let generated = generator::generate(&set, &AllowList::default()).unwrap();
    let client = file(&generated, "src/api/client.rs");
    assert!(client.contains("/// Fetch the thing\n"), "{client}");
    assert!(client.contains("pub async fn fetch_thing("), "{client}");
    assert_eq!(
        non_standard(&generated),
        [
            "api.yml#/paths/~1a/get/operationId: `$ref` in place of a value, where OpenAPI 3.0 allows no reference; read as a JSON reference to #/x-text/id",
            "api.yml#/paths/~1a/get/summary: `$ref` in place of a value, where OpenAPI 3.0 allows no reference; read as a JSON reference to #/x-text/summary",
        ]
    );
}

#[test]
fn data_is_never_read_as_a_reference() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      x-note: {$ref: '#/missing'}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  r: {type: object, default: {$ref: '#/missing'}}\n              example: {r: {$ref: '#/missing'}}\n";
    let set = SpecSet::from_sources(vec![(PathBuf::from("api.yml"), spec.as_bytes().to_vec())]).unwrap();
    let generated = generator::generate(&set, &AllowList::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(non_standard(&generated), Vec::<String>::new());
    let example = set.node(
        set.find(Path::new("api.yml")).unwrap(),
        "/paths/~1a/get/responses/200/content/application~1json/example/r/$ref",
    );
    assert_eq!(example.and_then(|v| v.as_str()), Some("#/missing"));
}

#[test]
fn harmless_omissions_are_warnings() {
    let without_info = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          content:\n            text/plain: {schema: {type: string}}\ncomponents:\n  responses:\n    Gone: {}\n";
    let without_version = "openapi: 3.0.3\ninfo: {title: Lib}\npaths: {}\n";
    let set = SpecSet::from_sources(vec![
        (PathBuf::from("api.yml"), without_info.as_bytes().to_vec()),
        (PathBuf::from("lib.yml"), without_version.as_bytes().to_vec()),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let generated = generator::generate(&set, &AllowList::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        non_standard(&generated),
        [
            "api.yml#: no `info`, which OpenAPI requires; the module's title falls back to its name",
            "api.yml#/components/responses/Gone: response has no `description`, which OpenAPI requires; read as an empty one",
            "api.yml#/paths/~1a/get/responses/200: response has no `description`, which OpenAPI requires; read as an empty one",
            "lib.yml#/info: `info` has no `version`, which OpenAPI requires",
        ]
    );
    assert!(file(&generated, "src/api/client.rs").contains("pub async fn get_a("));
}

#[test]
fn a_callback_given_as_a_reference_is_read_without_a_warning() {
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
                schema: {type: object, properties: {id: {type: string}}}
          responses:
            '200': {description: ok}
";
    let set =
        SpecSet::from_sources(vec![("hooks.yml".into(), spec.as_bytes().to_vec())]).unwrap_or_else(|e| panic!("{e}"));
    let generated = generator::generate(&set, &AllowList::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(non_standard(&generated).is_empty(), "{:?}", non_standard(&generated));
    assert!(file(&generated, "src/hooks/client.rs").contains("pub async fn subscribe("));
}
