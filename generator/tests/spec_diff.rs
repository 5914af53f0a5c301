//! `generator::diff` on fixture pairs: every kind of change, with both
//! verdicts; and the Markdown report, kept stable by snapshots.
//!
//! Each folder under `tests/spec_diff/` holds one change: `old.yml` and
//! `new.yml` (loaded as `api.yml`), or `old/` and `new/` folders of specs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use generator::diff::{self, SpecDiff, Subject, Verdict, Version};
use generator::ir::Program;
use generator::load::SpecSet;

use Verdict::{Breaking as B, NeedsReview as R, NonBreaking as N};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec_diff")
}

/// One side of a fixture, loaded and lowered.
struct Side {
    specs: SpecSet,
    program: Program,
}

impl Side {
    fn version(&self) -> Version<'_> {
        Version {
            specs: &self.specs,
            program: &self.program,
        }
    }
}

fn load(kind: &str, side: &str) -> Side {
    let folder = fixtures().join(kind);
    let single = folder.join(format!("{side}.yml"));
    let set = if single.exists() {
        SpecSet::from_sources(vec![(PathBuf::from("api.yml"), std::fs::read(&single).unwrap())])
    } else {
        SpecSet::load_dir(&folder.join(side))
    };
    let specs = set.unwrap_or_else(|e| panic!("{kind}/{side}: {e}"));
    let program = generator::lower::lower(&specs).unwrap_or_else(|e| panic!("{kind}/{side}: {e}"));
    Side { specs, program }
}

fn diff_of(kind: &str) -> SpecDiff {
    diff::diff(load(kind, "old").version(), load(kind, "new").version())
}

type Expected = &'static [(&'static str, Verdict, Verdict)];

/// Every fixture, with every (id, wire verdict, Rust API verdict) its
/// change produces, under its operations and its types alike.
const CASES: &[(&str, Expected)] = &[
    // Paths and operations.
    ("endpoint-added", &[("endpoint-added", N, N)]),
    ("operation-names-collide", &[("endpoint-added", N, N)]),
    (
        "paginated-endpoint-added",
        &[("endpoint-added", N, N), ("type-added", N, N)],
    ),
    ("endpoint-removed", &[("api-removed-without-deprecation", B, B)]),
    (
        "endpoint-removed-after-deprecation",
        &[("api-removed-with-deprecation", R, B)],
    ),
    ("endpoint-deprecated", &[("endpoint-deprecated", N, N)]),
    ("operation-id-changed", &[("api-operation-id-changed", N, B)]),
    // Parameters.
    ("parameter-added-required", &[("new-required-request-parameter", B, B)]),
    ("parameter-added-optional", &[("new-optional-request-parameter", N, R)]),
    ("parameter-added-first", &[("new-optional-request-parameter", N, B)]),
    ("parameter-removed", &[("request-parameter-removed", R, B)]),
    (
        "parameter-became-required",
        &[("request-parameter-became-required", B, B)],
    ),
    (
        "parameter-became-optional",
        &[("request-parameter-became-optional", N, B)],
    ),
    ("parameter-type-changed", &[("request-parameter-type-changed", B, B)]),
    ("parameter-format-widened", &[("request-parameter-type-changed", N, B)]),
    ("parameter-style-changed", &[("request-parameter-style-changed", B, N)]),
    (
        "parameter-enum-value-removed",
        &[
            ("request-parameter-enum-value-removed", B, B),
            ("request-property-enum-value-removed", B, B),
        ],
    ),
    ("parameter-max-set", &[("request-parameter-max-set", B, N)]),
    (
        "parameter-default-changed",
        &[("request-parameter-default-value-changed", R, N)],
    ),
    ("path-parameter-renamed", &[("request-path-parameter-renamed", N, N)]),
    // Request bodies and their properties.
    ("request-body-added", &[("request-body-added-required", B, B)]),
    ("request-body-removed", &[("request-body-removed", R, B)]),
    (
        "request-body-became-required",
        &[("request-body-became-required", B, B)],
    ),
    (
        "request-property-added-required",
        &[("new-required-request-property", B, B)],
    ),
    (
        "request-property-added-optional",
        &[("new-optional-request-property", N, B)],
    ),
    (
        "request-property-added-optional-with-default",
        &[("new-optional-request-property", N, R)],
    ),
    ("request-property-removed", &[("request-property-removed", R, B)]),
    (
        "request-property-became-required",
        &[("request-property-became-required", B, B)],
    ),
    (
        "request-property-became-optional",
        &[("request-property-became-optional", N, B)],
    ),
    (
        "request-property-type-changed",
        &[("request-property-type-changed", B, B)],
    ),
    (
        "request-property-format-changed",
        &[("request-property-type-changed", B, N)],
    ),
    (
        "request-property-became-nullable",
        &[("request-property-became-nullable", N, B)],
    ),
    (
        "request-property-became-not-nullable",
        &[("request-property-became-not-nullable", B, B)],
    ),
    (
        "request-property-enum-value-added",
        &[("request-property-enum-value-added", N, N)],
    ),
    (
        "request-property-enum-value-removed",
        &[("request-property-enum-value-removed", B, B)],
    ),
    (
        "request-property-max-length-decreased",
        &[("request-property-max-length-decreased", B, N)],
    ),
    (
        "request-property-min-decreased",
        &[("request-property-min-decreased", N, N)],
    ),
    (
        "request-property-pattern-changed",
        &[("request-property-pattern-changed", R, N)],
    ),
    (
        "request-property-default-changed",
        &[("request-property-default-value-changed", R, N)],
    ),
    // Response bodies and their properties.
    (
        "response-property-added-required",
        &[("response-required-property-added", N, B)],
    ),
    (
        "response-property-added-optional",
        &[("response-optional-property-added", N, B)],
    ),
    (
        "response-property-removed-required",
        &[("response-required-property-removed", B, B)],
    ),
    (
        "response-property-removed-optional",
        &[("response-optional-property-removed", R, B)],
    ),
    (
        "response-property-became-optional",
        &[("response-property-became-optional", B, B)],
    ),
    (
        "response-property-became-required",
        &[("response-property-became-required", N, B)],
    ),
    (
        "response-property-type-changed",
        &[("response-property-type-changed", B, B)],
    ),
    (
        "response-property-became-nullable",
        &[("response-property-became-nullable", B, B)],
    ),
    (
        "response-property-enum-value-added",
        &[("response-property-enum-value-added", B, N)],
    ),
    (
        "response-property-enum-value-removed",
        &[("response-property-enum-value-removed", N, B)],
    ),
    (
        "response-property-max-length-increased",
        &[("response-property-max-length-increased", R, N)],
    ),
    (
        "response-property-default-changed",
        &[("response-property-default-value-changed", R, N)],
    ),
    (
        "response-one-of-added",
        &[
            ("response-body-one-of-added", B, R),
            ("response-property-one-of-added", B, R),
            ("type-added", N, N),
        ],
    ),
    // Response statuses.
    (
        "response-success-status-added",
        &[("response-success-status-added", R, B)],
    ),
    (
        "response-success-status-removed",
        &[("response-success-status-removed", B, N)],
    ),
    (
        "response-non-success-status-added",
        &[("response-non-success-status-added", N, N)],
    ),
    (
        "response-non-success-status-removed",
        &[("response-non-success-status-removed", N, B)],
    ),
    // Security and servers.
    ("security-added", &[("api-security-added", B, N)]),
    ("security-removed", &[("api-security-removed", B, N)]),
    ("security-scheme-changed", &[("security-scheme-changed", B, B)]),
    ("server-removed", &[("server-removed", B, N)]),
    // The server accepts more; the field's Rust type changes.
    (
        "request-property-enum-dropped",
        &[("request-property-type-changed", N, B), ("type-removed", N, B)],
    ),
    // Every path starts with `/`: both spellings make the same request URLs.
    ("server-trailing-slash", &[]),
    ("server-replaced", &[("server-added", N, R), ("server-removed", B, R)]),
    // Every media type of a body, and the schema of each.
    (
        "response-media-type-replaced",
        &[
            ("response-media-type-removed", B, N),
            ("response-media-type-added", N, N),
        ],
    ),
    // The client's only media type: its return type follows.
    (
        "response-only-media-type-replaced",
        &[
            ("response-media-type-removed", B, B),
            ("response-media-type-added", N, N),
            ("response-body-type-changed", B, B),
        ],
    ),
    // A streamed download becomes text: the method returns `String`
    // instead of `runtime::ByteStream`.
    (
        "response-binary-became-text",
        &[
            ("response-media-type-removed", B, B),
            ("response-media-type-added", N, N),
        ],
    ),
    // Both are text, read as `String`: the wire changes, the Rust type does not.
    (
        "response-text-media-type-renamed",
        &[
            ("response-media-type-removed", B, N),
            ("response-media-type-added", N, N),
        ],
    ),
    (
        "request-body-media-type-removed",
        &[("request-body-media-type-removed", B, N)],
    ),
    (
        "request-body-media-type-added",
        &[("request-body-media-type-added", N, N)],
    ),
    // Under the operation the client does not read XML; the type's own entry breaks.
    (
        "response-alternative-schema-changed",
        &[
            ("response-required-property-removed", B, N),
            ("response-required-property-removed", B, B),
        ],
    ),
    (
        "response-inline-media-schema-changed",
        &[("response-body-schema-changed", R, N)],
    ),
    // The same shapes under other Rust names.
    ("response-type-renamed", &[("response-body-type-renamed", N, B)]),
    (
        "inline-types-merged",
        &[
            ("request-property-type-renamed", N, B),
            ("request-property-removed", R, B),
            ("type-removed", N, B),
        ],
    ),
    (
        "inline-types-split",
        &[
            ("request-property-type-renamed", N, B),
            ("new-optional-request-property", N, R),
            ("type-added", N, N),
        ],
    ),
    // Whole specs and types.
    ("shared-component", &[("response-optional-property-removed", R, B)]),
    ("spec-added", &[("api-spec-added", N, N)]),
    ("spec-removed", &[("api-spec-removed", B, B)]),
    ("type-removed", &[("type-removed", N, B)]),
];

/// Fixtures that are not one change each, exercised by their own tests.
const OTHER_FIXTURES: &[&str] = &["report"];

#[test]
fn every_change_kind_gets_both_verdicts() {
    let mut failures = Vec::new();
    for (kind, expected) in CASES {
        let diff = diff_of(kind);
        let found: BTreeSet<(String, Verdict, Verdict)> = diff
            .changes
            .iter()
            .map(|c| (c.id.clone(), c.wire.verdict, c.rust.verdict))
            .collect();
        let expected: BTreeSet<(String, Verdict, Verdict)> =
            expected.iter().map(|(id, w, r)| (id.to_string(), *w, *r)).collect();
        if found != expected {
            failures.push(format!("{kind}:\n  expected {expected:?}\n  found    {found:?}"));
        }
        for change in &diff.changes {
            assert!(
                !change.wire.reason.is_empty() && !change.rust.reason.is_empty(),
                "{kind}: {} has no reason",
                change.id
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The summary and `--fail-on breaking` read the verdicts: a return type
/// renamed with nothing else changed still counts.
#[test]
fn a_renamed_return_type_counts_as_breaking() {
    let diff = diff_of("response-type-renamed");
    assert_eq!(diff.breaking_count(), 1);
    assert!(
        diff.rust_items
            .iter()
            .any(|i| i.item == "client::Client::get_application")
    );
}

#[test]
fn every_fixture_is_in_the_table() {
    let listed: BTreeSet<&str> = CASES
        .iter()
        .map(|(kind, _)| *kind)
        .chain(OTHER_FIXTURES.iter().copied())
        .collect();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            listed.contains(name.as_str()),
            "fixture `{name}` has no expected verdicts"
        );
    }
}

/// Listed once per operation, with every status whose body shows it.
#[test]
fn a_change_in_a_shared_component_is_listed_under_every_operation_using_it() {
    let diff = diff_of("shared-component");
    let subjects: Vec<(String, String)> = diff
        .changes
        .iter()
        .map(|c| {
            let subject = match &c.subject {
                Subject::Operation { name, .. } => format!("operation {name}"),
                Subject::Type { name } => format!("type {name}"),
                Subject::Api => "api".into(),
            };
            (subject, format!("{} {} {}", c.api, c.location, c.pointer))
        })
        .collect();
    assert_eq!(
        subjects,
        [
            (
                "operation get_pet".to_string(),
                "api.yml responses 400, 404 /detail".to_string()
            ),
            (
                "operation delete_pet".to_string(),
                "api.yml response 404 /detail".to_string()
            ),
            (
                "type Problem".to_string(),
                "common/errors.yml in responses /detail".to_string()
            ),
        ]
    );
}

#[test]
fn two_files_with_different_names_are_compared_as_one_spec() {
    let old = SpecSet::from_sources(vec![(
        PathBuf::from("pets-v1.yml"),
        std::fs::read(fixtures().join("endpoint-added/old.yml")).unwrap(),
    )])
    .unwrap();
    let new = SpecSet::from_sources(vec![(
        PathBuf::from("pets-v2.yml"),
        std::fs::read(fixtures().join("endpoint-added/new.yml")).unwrap(),
    )])
    .unwrap();
    let (old, new) = (
        Side {
            program: generator::lower::lower(&old).unwrap(),
            specs: old,
        },
        Side {
            program: generator::lower::lower(&new).unwrap(),
            specs: new,
        },
    );
    let diff = diff::diff_spec(old.version(), "pets-v1.yml", new.version(), "pets-v2.yml");
    let ids: Vec<&str> = diff.changes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["endpoint-added"]);
    assert!(diff.changes.iter().all(|c| c.api == "pets-v2.yml"));
}

#[test]
fn markdown_report_of_a_spec_change() {
    let diff = diff_of("report");
    insta::assert_snapshot!(diff::markdown(&diff, "`main`", "working tree"));
}

#[test]
fn markdown_report_without_changes() {
    let side = load("report", "old");
    let diff = diff::diff(side.version(), side.version());
    assert!(diff.is_empty());
    insta::assert_snapshot!(diff::markdown(&diff, "`HEAD`", "working tree"));
}

#[test]
fn json_report_of_a_shared_component_change() {
    let diff = diff_of("shared-component");
    insta::assert_snapshot!(diff::json(&diff, "old", "new").unwrap());
}
