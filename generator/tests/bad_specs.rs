//! Bad input ends in one error that names the file, the JSON pointer, the
//! line and column where known, and the reason — never a panic.

use std::path::PathBuf;

use generator::load::SpecSet;
use generator::{AllowList, Error};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    file: &'static str,
    pointer: &'static str,
    message: &'static str,
    /// Line and column, where the case has one.
    position: Option<(usize, usize)>,
}

fn api(rest: &str) -> Vec<u8> {
    format!("{HEAD}{rest}").into_bytes()
}

/// An OpenAPI 3.1 document without `paths`, which 3.1 allows.
fn api31(rest: &str) -> Vec<u8> {
    format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{rest}").into_bytes()
}

fn run(files: &[(&'static str, Vec<u8>)]) -> Result<(), Error> {
    let set = SpecSet::from_sources(files.iter().map(|(p, b)| (PathBuf::from(p), b.clone())).collect())?;
    generator::generate(&set, &AllowList::default()).map(|_| ())
}

fn cases() -> Vec<Case> {
    let schema_ref = |target: &str| {
        api(&format!(
            "paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '{target}'\n"
        ))
    };
    vec![
        Case {
            name: "malformed yaml",
            files: vec![("api.yml", b"openapi: 3.0.3\ninfo: {title: t\npaths: {}\n".to_vec())],
            file: "api.yml",
            pointer: "",
            message: "invalid YAML",
            position: Some((3, 6)),
        },
        Case {
            name: "malformed json",
            files: vec![("api.json", b"{\"openapi\": \"3.0.3\",\n \"paths\": {,}}".to_vec())],
            file: "api.json",
            pointer: "",
            message: "invalid JSON",
            position: Some((2, 12)),
        },
        Case {
            name: "empty file",
            files: vec![("api.yml", b"  \n".to_vec())],
            file: "api.yml",
            pointer: "",
            message: "file is empty",
            position: None,
        },
        Case {
            name: "not utf-8",
            files: vec![("api.yml", b"openapi: 3.0.3\ninfo: {title: \xff}\n".to_vec())],
            file: "api.yml",
            pointer: "",
            message: "not valid UTF-8 (byte 29)",
            position: Some((2, 15)),
        },
        Case {
            name: "top level is a list",
            files: vec![("api.yml", b"- a\n- b\n".to_vec())],
            file: "api.yml",
            pointer: "",
            message: "expected an OpenAPI document",
            position: None,
        },
        Case {
            name: "swagger 2.0",
            files: vec![("api.yml", b"swagger: '2.0'\ninfo: {title: t}\npaths: {}\n".to_vec())],
            file: "api.yml",
            pointer: "/swagger",
            message: "Swagger 2.0 documents are not supported; convert the file to OpenAPI 3.0",
            position: Some((1, 1)),
        },
        Case {
            name: "openapi 3.2",
            files: vec![(
                "api.yml",
                b"openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n".to_vec(),
            )],
            file: "api.yml",
            pointer: "/openapi",
            message: "unsupported OpenAPI version 3.2.0; expected a 3.0.x or 3.1.x version string",
            position: Some((1, 1)),
        },
        Case {
            name: "3.1 bound that is neither a number nor a flag",
            files: vec![("api.yml", api31("components:\n  schemas:\n    A:\n      type: integer\n      exclusiveMinimum: low\n"))],
            file: "api.yml",
            pointer: "/components/schemas/A",
            message: "invalid type: string \"low\", expected a boolean",
            position: Some((5, 5)),
        },
        Case {
            name: "3.1 type array with an unknown type",
            files: vec![("api.yml", api31("components:\n  schemas:\n    A:\n      description: d\n      type: [string, text]\n"))],
            file: "api.yml",
            pointer: "/components/schemas/A/type",
            message: "unknown schema type `text`; expected one of object, array",
            position: Some((7, 7)),
        },
        Case {
            name: "3.1 webhooks that are not a mapping",
            files: vec![("api.yml", api31("webhooks: [a, b]\n"))],
            file: "api.yml",
            pointer: "/webhooks",
            message: "expected a mapping of webhook names to path items",
            position: Some((3, 1)),
        },
        Case {
            name: "3.1 webhook path item reference with no target",
            files: vec![("api.yml", api31("webhooks:\n  a:\n    $ref: '#/components/pathItems/Gone'\n"))],
            file: "api.yml",
            pointer: "/webhooks/a",
            message: "`$ref` target not found: #/components/pathItems/Gone",
            position: Some((4, 3)),
        },
        Case {
            name: "3.1 reference to an anchor no schema declares",
            files: vec![("api.yml", api31("components:\n  schemas:\n    A:\n      $ref: '#nowhere'\n"))],
            file: "api.yml",
            pointer: "/components/schemas/A",
            message: "`$ref` fragment must be a JSON pointer starting with `/` or, in OpenAPI 3.1, an `$anchor` of the file: #nowhere",
            position: Some((5, 5)),
        },
        Case {
            name: "wrong version",
            files: vec![("api.yml", b"openapi: 2.5\npaths: {}\n".to_vec())],
            file: "api.yml",
            pointer: "/openapi",
            message: "unsupported OpenAPI version 2.5",
            position: Some((1, 1)),
        },
        Case {
            name: "missing version with paths",
            files: vec![("api.yml", b"paths: {}\n".to_vec())],
            file: "api.yml",
            pointer: "",
            message: "missing `openapi` version field",
            position: None,
        },
        Case {
            name: "not an openapi document",
            files: vec![("notes.yml", b"hello: world\n".to_vec())],
            file: "notes.yml",
            pointer: "",
            message: "not an OpenAPI document",
            position: None,
        },
        Case {
            name: "duplicate component in yaml",
            files: vec![(
                "api.yml",
                api("paths: {}\ncomponents:\n  schemas:\n    Thing:\n      type: string\n    Other:\n      type: integer\n    Thing:\n      type: object\n"),
            )],
            file: "api.yml",
            pointer: "/components/schemas/Thing",
            message: "duplicate key `Thing` (first at 6:5, again at 10:5)",
            position: Some((10, 5)),
        },
        Case {
            name: "duplicate top-level key in yaml",
            files: vec![("api.yml", api("paths: {}\ninfo: {title: u, version: '2'}\n"))],
            file: "api.yml",
            pointer: "/info",
            message: "duplicate key `info` (first at 2:1, again at 4:1)",
            position: Some((4, 1)),
        },
        Case {
            name: "duplicate key in a sequence item",
            files: vec![(
                "api.yml",
                api("paths:\n  /a:\n    get:\n      parameters:\n        - name: a\n          in: query\n          name: b\n"),
            )],
            file: "api.yml",
            pointer: "/paths/~1a/get/parameters/0/name",
            message: "duplicate key `name` (first at 7:11, again at 9:11)",
            position: Some((9, 11)),
        },
        Case {
            name: "duplicate key in a flow mapping",
            files: vec![("api.yml", b"openapi: 3.0.3\ninfo: {title: t, title: u}\npaths: {}\n".to_vec())],
            file: "api.yml",
            pointer: "/info/title",
            message: "duplicate key `title`",
            position: Some((2, 1)),
        },
        Case {
            name: "duplicate component in json",
            files: vec![(
                "api.json",
                b"{\"openapi\": \"3.0.3\",\n \"paths\": {},\n \"components\": {\"schemas\": {\n  \"Thing\": {\"type\": \"string\"},\n  \"Thing\": {\"type\": \"object\"}}}}\n".to_vec(),
            )],
            file: "api.json",
            pointer: "/components/schemas/Thing",
            message: "duplicate key `Thing` (first at 4:3, again at 5:3)",
            position: Some((5, 3)),
        },
        Case {
            name: "duplicate top-level key in json",
            files: vec![(
                "api.json",
                b"{\"openapi\": \"3.0.3\", \"paths\": {}, \"openapi\": \"3.0.2\"}".to_vec(),
            )],
            file: "api.json",
            pointer: "/openapi",
            message: "duplicate key `openapi` (first at 1:2, again at 1:35)",
            position: Some((1, 35)),
        },
        Case {
            name: "summary ref to a missing node",
            files: vec![(
                "api.yml",
                api("paths:\n  /a:\n    get:\n      summary:\n        $ref: '#/x-text/nope'\n      responses:\n        '204': {description: done}\n"),
            )],
            file: "api.yml",
            pointer: "/paths/~1a/get/summary",
            message: "`$ref` target not found: #/x-text/nope",
            position: Some((6, 7)),
        },
        Case {
            name: "operationId ref to a missing file",
            files: vec![(
                "api.yml",
                api("paths:\n  /a:\n    get:\n      operationId: {$ref: 'voice.yml#/paths/~1/post/operationId'}\n      responses:\n        '204': {description: done}\n"),
            )],
            file: "api.yml",
            pointer: "/paths/~1a/get/operationId",
            message: "`$ref` target file not found: voice.yml#/paths/~1/post/operationId",
            position: Some((6, 7)),
        },
        Case {
            name: "description ref to a missing node in another file",
            files: vec![
                (
                    "api.yml",
                    api("paths:\n  /a:\n    get:\n      description: {$ref: 'voice.yml#/paths/~1/post/description'}\n      responses:\n        '204': {description: done}\n"),
                ),
                ("voice.yml", api("paths:\n  /:\n    post:\n      responses:\n        '204': {description: done}\n")),
            ],
            file: "api.yml",
            pointer: "/paths/~1a/get/description",
            message: "`$ref` target not found: voice.yml#/paths/~1/post/description (no node at voice.yml#/paths/~1/post/description)",
            position: Some((6, 7)),
        },
        Case {
            name: "operation that copies itself",
            files: vec![(
                "api.yml",
                api("paths:\n  /a:\n    get:\n      responses:\n        '204':\n          description:\n            $ref: '#/paths/~1a'\n"),
            )],
            file: "api.yml",
            pointer: "/paths/~1a/get/responses/204/description",
            message: "`$ref` to api.yml#/paths/~1a copies a node into itself",
            position: Some((8, 11)),
        },
        Case {
            name: "operation without responses",
            files: vec![("api.yml", api("paths:\n  /a:\n    get:\n      operationId: getA\n"))],
            file: "api.yml",
            pointer: "/paths/~1a/get",
            message: "missing field `responses`",
            position: Some((5, 5)),
        },
        Case {
            name: "borrowed properties nested too deep",
            files: vec![("api.yml", {
                let mut text = String::from(
                    "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties: {$ref: '#/x-p/0'}\nx-p:\n",
                );
                for i in 0..40 {
                    text.push_str(&format!("  - a: {{type: object, properties: {{$ref: '#/x-p/{}'}}}}\n", i + 1));
                }
                text.push_str("  - a: {type: string}\n");
                api(&text)
            })],
            file: "api.yml",
            pointer: "/components/schemas/A/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties/a/properties",
            message: "`$ref`s where OpenAPI allows none nest more than 32 copies deep",
            position: Some((8, 7)),
        },
        Case {
            name: "ref to a missing file",
            files: vec![("api.yml", schema_ref("common/missing.yml#/components/schemas/X"))],
            file: "api.yml",
            pointer: "/components/schemas/A/properties/b",
            message: "`$ref` target file not found: common/missing.yml",
            position: Some((9, 9)),
        },
        Case {
            name: "ref to a missing pointer",
            files: vec![("api.yml", schema_ref("#/components/schemas/Missing"))],
            file: "api.yml",
            pointer: "/components/schemas/A/properties/b",
            message: "`$ref` target not found: #/components/schemas/Missing",
            position: Some((9, 9)),
        },
        Case {
            name: "ref to a missing pointer in another file",
            files: vec![
                ("api.yml", schema_ref("lib.yml#/components/schemas/Nope")),
                ("lib.yml", b"components:\n  schemas:\n    X: {type: string}\n".to_vec()),
            ],
            file: "api.yml",
            pointer: "/components/schemas/A/properties/b",
            message: "no node at lib.yml#/components/schemas/Nope",
            position: Some((9, 9)),
        },
        Case {
            name: "remote ref",
            files: vec![("api.yml", schema_ref("https://example.com/x.yml#/X"))],
            file: "api.yml",
            pointer: "/components/schemas/A/properties/b",
            message: "`$ref` to a remote document is not supported",
            position: Some((9, 9)),
        },
        Case {
            name: "ref fragment that is not a pointer",
            files: vec![("api.yml", schema_ref("#components"))],
            file: "api.yml",
            pointer: "/components/schemas/A/properties/b",
            message: "must be a JSON pointer",
            position: Some((9, 9)),
        },
        Case {
            name: "ref loop",
            files: vec![(
                "api.yml",
                api(
                    "paths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n",
                ),
            )],
            file: "api.yml",
            pointer: "/components/schemas/A",
            message: "`$ref` loop with no definition in it: api.yml#/components/schemas/B -> api.yml#/components/schemas/A -> api.yml#/components/schemas/B",
            position: Some((6, 5)),
        },
        Case {
            name: "unknown type",
            files: vec![(
                "api.yml",
                api("paths: {}\ncomponents:\n  schemas:\n    A:\n      type: strng\n"),
            )],
            file: "api.yml",
            pointer: "/components/schemas/A/type",
            message: "unknown schema type `strng`; expected one of object, array, string, integer, number, boolean",
            position: Some((7, 7)),
        },
        Case {
            name: "schema that is not an object",
            files: vec![("api.yml", api("paths: {}\ncomponents:\n  schemas:\n    A: 42\n"))],
            file: "api.yml",
            pointer: "/components/schemas/A",
            message: "invalid type: integer `42`, expected struct Schema",
            position: Some((6, 5)),
        },
        Case {
            name: "schemas that are not a mapping",
            files: vec![("api.yml", api("paths: {}\ncomponents:\n  schemas: [1]\n"))],
            file: "api.yml",
            pointer: "/components/schemas",
            message: "expected a mapping of schema names to schemas",
            position: Some((5, 3)),
        },
        Case {
            name: "paths that are not a mapping",
            files: vec![("api.yml", api("paths: [1]\n"))],
            file: "api.yml",
            pointer: "/paths",
            message: "expected a mapping of paths to path items",
            position: Some((3, 1)),
        },
        Case {
            name: "path parameter missing from the template",
            files: vec![(
                "api.yml",
                api(
                    "paths:\n  /users:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n",
                ),
            )],
            file: "api.yml",
            pointer: "/paths/~1users/get",
            message: "path parameter `id` does not appear in the path template `/users`",
            position: Some((5, 5)),
        },
        Case {
            name: "template placeholder without a parameter",
            files: vec![(
                "api.yml",
                api("paths:\n  /users/{id}:\n    get:\n      responses:\n        '200': {description: ok}\n"),
            )],
            file: "api.yml",
            pointer: "/paths/~1users~1{id}/get",
            message: "declares no path parameter `id`",
            position: Some((5, 5)),
        },
        Case {
            name: "query string in a path",
            files: vec![(
                "api.yml",
                api("paths:\n  /uploads?convert={convert}:\n    post:\n      parameters:\n        - {name: convert, in: query, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n"),
            )],
            file: "api.yml",
            pointer: "/paths/~1uploads?convert={convert}/post",
            message: "holds a query string, which OpenAPI paths cannot: use the path `/uploads` and declare what `?convert={convert}` sends as query parameters",
            position: Some((5, 5)),
        },
        Case {
            name: "unclosed template brace",
            files: vec![(
                "api.yml",
                api("paths:\n  /users/{id:\n    get:\n      responses:\n        '200': {description: ok}\n"),
            )],
            file: "api.yml",
            pointer: "/paths/~1users~1{id/get",
            message: "has an unclosed `{`",
            position: Some((5, 5)),
        },
        Case {
            name: "operation that is not a mapping",
            files: vec![("api.yml", api("paths:\n  /users:\n    get: 12\n"))],
            file: "api.yml",
            pointer: "/paths/~1users/get",
            message: "expected struct Operation",
            position: Some((5, 5)),
        },
        Case {
            name: "parameter with an unknown location",
            files: vec![(
                "api.yml",
                api(
                    "paths:\n  /users:\n    get:\n      parameters:\n        - {name: id, in: body, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n",
                ),
            )],
            file: "api.yml",
            pointer: "/paths/~1users/get/parameters/0",
            message: "unknown variant `body`, expected one of `query`, `header`, `path`, `cookie`",
            position: Some((7, 11)),
        },
        Case {
            name: "response ref to a missing component",
            files: vec![(
                "api.yml",
                api(
                    "paths:\n  /users:\n    get:\n      responses:\n        '404':\n          $ref: '#/components/responses/Missing'\n",
                ),
            )],
            file: "api.yml",
            pointer: "/paths/~1users/get/responses/404",
            message: "`$ref` target not found: #/components/responses/Missing",
            position: Some((7, 9)),
        },
        Case {
            name: "a 50 MB spec cut off in the middle",
            files: vec![("big.json", {
                let mut text = b"{\"openapi\": \"3.0.3\", \"info\": {\"description\": \"".to_vec();
                text.resize(50 * 1024 * 1024, b'x');
                text
            })],
            file: "big.json",
            pointer: "",
            message: "invalid JSON: EOF while parsing a string",
            position: Some((1, 52428800)),
        },
        Case {
            name: "too large",
            files: vec![("big.yml", {
                let mut text = HEAD.as_bytes().to_vec();
                text.resize(generator::load::MAX_FILE_BYTES + 1, b' ');
                text
            })],
            file: "big.yml",
            pointer: "",
            message: "larger than the 128 MB the generator reads",
            position: None,
        },
    ]
}

#[test]
fn every_bad_spec_gets_one_clear_error() {
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 25, "the table should keep at least 25 cases");
    for case in all {
        match run(&case.files) {
            Ok(()) => failures.push(format!("{}: generated without an error", case.name)),
            Err(e) => {
                let position = e.position.map(|p| (p.line, p.column));
                if e.file.as_path() != std::path::Path::new(case.file)
                    || e.pointer != case.pointer
                    || !e.message.contains(case.message)
                    || position != case.position
                {
                    failures.push(format!(
                        "{}:\n  got      {:?} {:?} {:?} {:?}\n  expected {:?} {:?} {:?} {:?}",
                        case.name,
                        e.file,
                        e.pointer,
                        e.message,
                        position,
                        case.file,
                        case.pointer,
                        case.message,
                        case.position
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_message_names_file_pointer_position_and_reason() {
    let files = vec![(
        "application.v2.yml",
        api(
            "paths:\n  /{id}:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    get:\n      responses:\n        '404':\n          $ref: 'common/common_errors.yml#/components/responses/NotFound'\n",
        ),
    )];
    let err = run(&files).unwrap_err();
    assert_eq!(
        err.to_string(),
        "application.v2.yml#/paths/~1{id}/get/responses/404: `$ref` target file not found: common/common_errors.yml#/components/responses/NotFound (resolved to common/common_errors.yml in the specs folder)\n  --> application.v2.yml:8:9"
    );
}

#[test]
fn problems_that_do_not_stop_generation_are_warnings() {
    let spec = api(
        "paths:\n  /things:\n    post:\n      operationId: addThing\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Thing'}\n            example: {code: 12, tags: [a]}\n      responses:\n        '204': {description: done}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        code: {type: string, pattern: '^(?=a)b$'}\n        tags: {type: array, uniqueItems: true, items: {type: string}}\n        Kind: {type: string, enum: [x, X]}\n    Orphan:\n      type: object\n      properties:\n        x: {type: string}\n",
    );
    let set = SpecSet::from_sources(vec![(PathBuf::from("api.yml"), spec)]).unwrap();
    let generated = generator::generate(&set, &AllowList::default()).unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    let expected = [
        "api.yml#/components/schemas/Orphan: component schema `Orphan` is not used by any operation",
        "api.yml#/components/schemas/Thing/properties/code: pattern `^(?=a)b$` is not checked: the regex engine rejects it",
        "api.yml#/components/schemas/Thing/properties/tags: uniqueItems is documented but not checked",
        "api.yml#/components/schemas/Thing/properties/Kind: enum values \"x\" and \"X\" both become variant `X`",
        "api.yml#/paths/~1things/post/requestBody/content/application~1json/example: example contradicts its schema at `/code`: expected a string, found an integer",
    ];
    for expected in expected {
        assert!(
            warnings.iter().any(|w| w.starts_with(expected)),
            "missing {expected:?} in {warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
}
