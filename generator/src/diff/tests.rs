//! Unit tests of the comparison's building blocks; the change kinds and
//! their verdicts are covered by the fixtures under `tests/spec_diff/`.

use std::path::PathBuf;

use super::constraints::{Range, compare_constraints};
use super::wire::{string_format, type_range};
use super::{Direction, Position, Subject, Verdict, Version, diff};
use crate::ir::{Constraints, IntKind, Program, TypeKind, TypeRef};
use crate::load::SpecSet;

fn load(yaml: &str) -> (SpecSet, Program) {
    let set = SpecSet::from_sources(vec![(PathBuf::from("api.yml"), yaml.as_bytes().to_vec())]).unwrap();
    let program = crate::lower::lower(&set).unwrap();
    (set, program)
}

fn lower(yaml: &str) -> Program {
    load(yaml).1
}

fn version<'a>((specs, program): &'a (SpecSet, Program)) -> Version<'a> {
    Version { specs, program }
}

#[test]
fn ids_follow_direction_and_position() {
    assert_eq!(
        Direction::Request.id(Position::Parameter, "became-required"),
        "request-parameter-became-required"
    );
    assert_eq!(
        Direction::Response.id(Position::Body, "type-changed"),
        "response-body-type-changed"
    );
    assert_eq!(
        Direction::Unused.id(Position::Property, "type-changed"),
        "property-type-changed"
    );
}

#[test]
fn integer_formats_widen_and_narrow() {
    let int = |k| TypeRef::Int(k);
    assert_eq!(type_range(&int(IntKind::I32), &int(IntKind::I64)), Range::Wider);
    assert_eq!(type_range(&int(IntKind::I64), &int(IntKind::I32)), Range::Narrower);
    assert_eq!(type_range(&int(IntKind::U16), &int(IntKind::I32)), Range::Wider);
    assert_eq!(type_range(&int(IntKind::U32), &int(IntKind::I32)), Range::Different);
    assert_eq!(
        type_range(&int(IntKind::I32), &TypeRef::Float(crate::ir::FloatKind::F64)),
        Range::Wider
    );
    assert_eq!(type_range(&TypeRef::String, &TypeRef::Bool), Range::Different);
}

#[test]
fn a_lower_maximum_breaks_requests_and_not_responses() {
    let old = Constraints {
        maximum: Some(31.0),
        ..Default::default()
    };
    let new = Constraints {
        maximum: Some(14.0),
        ..Default::default()
    };
    let request = compare_constraints(&old, &new, Direction::Request, Position::Property, "/days", None);
    let response = compare_constraints(&old, &new, Direction::Response, Position::Property, "/days", None);
    assert_eq!(request.len(), 1);
    assert_eq!(request[0].id, "request-property-max-decreased");
    assert_eq!(request[0].wire.verdict, Verdict::Breaking);
    assert_eq!(response[0].wire.verdict, Verdict::NonBreaking);
    assert_eq!(request[0].rust.verdict, Verdict::NonBreaking);
}

#[test]
fn an_exclusive_bound_and_a_larger_divisor_tighten() {
    let old = Constraints {
        minimum: Some(0.0),
        multiple_of: Some(2.0),
        ..Default::default()
    };
    let new = Constraints {
        minimum: Some(0.0),
        exclusive_minimum: true,
        multiple_of: Some(4.0),
        ..Default::default()
    };
    let found = compare_constraints(&old, &new, Direction::Request, Position::Property, "", None);
    let ids: Vec<(&str, Verdict)> = found.iter().map(|f| (f.id.as_str(), f.wire.verdict)).collect();
    assert_eq!(
        ids,
        [
            ("request-property-min-tightened", Verdict::Breaking),
            ("request-property-multiple-of-changed", Verdict::Breaking),
        ]
    );
}

#[test]
fn item_constraints_are_compared_below_the_array() {
    let items = |max| Constraints {
        items: Some(Box::new(Constraints {
            max_length: Some(max),
            ..Default::default()
        })),
        ..Default::default()
    };
    let found = compare_constraints(
        &items(10),
        &items(20),
        Direction::Request,
        Position::Property,
        "/tags",
        None,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].pointer, "/tags[]");
    assert_eq!(found[0].wire.verdict, Verdict::NonBreaking);
}

#[test]
fn the_string_format_is_read_from_the_note_lowering_writes() {
    let program = lower(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        at: {type: string, format: date-time}\n",
    );
    let Some(TypeKind::Struct(s)) = program.types.first().map(|t| &t.kind) else {
        panic!("expected a struct");
    };
    assert_eq!(string_format(&s.fields[0].docs), Some("date-time"));
}

#[test]
fn endpoints_pair_whatever_their_path_parameters_are_called() {
    let shape = |path: &str| {
        lower(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  {path}:\n    get:\n      parameters: [{{name: {}, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'200': {{description: ok}}}}\n",
            &path[path.find('{').unwrap() + 1..path.find('}').unwrap()]
        ))
        .modules[0]
            .operations[0]
            .path
            .shape()
    };
    assert_eq!(shape("/users/{id}/calls"), shape("/users/{user_id}/calls"));
    assert_ne!(shape("/users/{id}"), shape("/users/{id}/calls"));
}

#[test]
fn a_recursive_type_is_compared_once() {
    let spec = |extra: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /tree:\n    get:\n      operationId: getTree\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Node'}}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties:\n        children:\n          type: array\n          items: {{$ref: '#/components/schemas/Node'}}\n{extra}"
        )
    };
    let old = load(&spec(""));
    let new = load(&spec("        label: {type: string}\n"));
    let found = diff(version(&old), version(&new));
    // Once under the operation, at the first place the type is reached, and once under the type.
    let places: Vec<(&Subject, &str)> = found.changes.iter().map(|c| (&c.subject, c.pointer.as_str())).collect();
    let operation = Subject::Operation {
        method: "GET".into(),
        path: "/tree".into(),
        name: "get_tree".into(),
    };
    let node = Subject::Type { name: "Node".into() };
    assert_eq!(places, [(&operation, "/label"), (&node, "/label")], "{found:#?}");
}

#[test]
fn the_specs_compared_with_themselves_show_no_change() {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let set = SpecSet::load_dir(&specs).unwrap();
    let program = crate::lower::lower(&set).unwrap();
    let side = Version {
        specs: &set,
        program: &program,
    };
    let found = diff(side, side);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn argument_names_do_not_count_in_a_method_signature() {
    use super::rust_verdicts::without_argument_names;
    assert_eq!(
        without_argument_names(
            "fn get(&self, id: &str, params: &GetParams) -> Result<ApiResponse<()>, Error<GetError>>"
        ),
        "fn get(&self, &str, &GetParams) -> Result<ApiResponse<()>, Error<GetError>>"
    );
    assert_eq!(
        without_argument_names("fn put(&self, body: Option<&BTreeMap<String, i64>>) -> T"),
        "fn put(&self, Option<&BTreeMap<String, i64>>) -> T"
    );
}

/// An item no change accounts for gets a change of its own, with the verdict its difference implies.
#[test]
fn a_generated_item_no_change_names_gets_a_verdict() {
    use super::rust_verdicts::cover_rust_items;
    use super::{Change, ModulePair, RustItemChange, RustItemKind};
    let pair = ModulePair { old: None, new: None };
    let item = |kind, item: &str, old: Option<&str>, new: Option<&str>| RustItemChange {
        module: "api".into(),
        kind,
        item: item.into(),
        old: old.map(str::to_string),
        new: new.map(str::to_string),
    };
    let items = [
        item(
            RustItemKind::Field,
            "types::User::name",
            Some("String"),
            Some("UserName"),
        ),
        item(RustItemKind::Variant, "types::Region::Tokyo", None, Some("= \"tokyo\"")),
        item(
            RustItemKind::Type,
            "types::Page",
            Some("struct"),
            Some("struct, derives Default"),
        ),
    ];
    let mut changes: Vec<Change> = Vec::new();
    cover_rust_items(&pair, &items, &mut changes);
    let found: Vec<(&str, Verdict, Verdict)> = changes
        .iter()
        .map(|c| (c.id.as_str(), c.wire.verdict, c.rust.verdict))
        .collect();
    assert_eq!(
        found,
        [
            ("rust-item-changed", Verdict::NonBreaking, Verdict::Breaking),
            ("rust-item-added", Verdict::NonBreaking, Verdict::NonBreaking),
            ("rust-item-changed", Verdict::NonBreaking, Verdict::NonBreaking),
        ]
    );
    // Once a change gives the field a breaking verdict, nothing is added for it.
    let mut covered = vec![changes[0].clone()];
    covered[0].id = "response-property-type-changed".into();
    cover_rust_items(&pair, &items[..1], &mut covered);
    assert_eq!(covered.len(), 1);
}
