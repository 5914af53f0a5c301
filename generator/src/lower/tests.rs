//! Lowering of small specs, asserted on the representation.

use std::path::PathBuf;

use crate::ir::{Program, TypeDef, TypeKind, TypeRef};
use crate::load::SpecSet;

fn lower_files(files: &[(&str, &str)]) -> crate::Result<Program> {
    let set = SpecSet::from_sources(
        files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
            .collect(),
    )?;
    super::lower(&set)
}

fn lower_schemas(schemas: &str) -> Program {
    let spec =
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}");
    lower_files(&[("api.yml", &spec)]).unwrap_or_else(|e| panic!("{e}"))
}

fn find<'p>(program: &'p Program, name: &str) -> &'p TypeDef {
    program.types.iter().find(|t| t.name == name).unwrap_or_else(|| {
        let names: Vec<_> = program.types.iter().map(|t| &t.name).collect();
        panic!("no type {name}; have {names:?}")
    })
}

fn fields(def: &TypeDef) -> Vec<(&str, &str, bool, bool)> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.wire_name.as_str(), f.required, f.nullable))
            .collect(),
        other => panic!("{} is not a struct: {other:?}", def.name),
    }
}

#[test]
fn all_of_merges_a_ref_and_inline_properties() {
    let program = lower_schemas(
        "    Base:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        note: {type: string}\n    Derived:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          required: [note]\n          properties:\n            extra: {type: integer}\n",
    );
    assert_eq!(
        fields(find(&program, "Derived")),
        vec![
            ("id", "id", true, false),
            ("note", "note", true, false),
            ("extra", "extra", false, false)
        ]
    );
}

#[test]
fn single_ref_all_of_is_the_referenced_type() {
    let program = lower_schemas(
        "    Base:\n      type: object\n      properties:\n        id: {type: string}\n    Holder:\n      type: object\n      properties:\n        base:\n          description: wrapped for its description\n          allOf:\n            - $ref: '#/components/schemas/Base'\n",
    );
    let base = find(&program, "Base").id;
    match &find(&program, "Holder").kind {
        TypeKind::Struct(s) => assert_eq!(s.fields[0].ty, TypeRef::Named(base)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn inline_objects_and_enums_are_named_after_their_parent_and_property() {
    let program = lower_schemas(
        "    VoiceCapability:\n      type: object\n      properties:\n        webhooks:\n          type: object\n          properties:\n            answer_url: {type: string}\n        region:\n          type: string\n          enum: [na-east, eu-west]\n",
    );
    find(&program, "VoiceCapabilityWebhooks");
    match &find(&program, "VoiceCapabilityRegion").kind {
        TypeKind::Enum(e) => {
            let names: Vec<_> = e.variants.iter().map(|v| v.name.as_str()).collect();
            assert_eq!(names, ["NaEast", "EuWest"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn enum_values_that_collide_after_case_conversion_stay_apart() {
    let program = lower_schemas("    Order:\n      type: string\n      enum: [asc, ASC, desc]\n");
    match &find(&program, "Order").kind {
        TypeKind::Enum(e) => {
            let names: Vec<_> = e
                .variants
                .iter()
                .map(|v| (v.name.as_str(), v.value.as_str().unwrap()))
                .collect();
            assert_eq!(names, [("Asc", "asc"), ("Asc2", "ASC"), ("Desc", "desc")]);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        program
            .warnings
            .iter()
            .any(|w| w.message.contains("both become variant `Asc`"))
    );
}

#[test]
fn keywords_and_odd_property_names_are_escaped() {
    let program = lower_schemas(
        "    Thing:\n      type: object\n      properties:\n        type: {type: string}\n        self: {type: string}\n        page-size: {type: integer}\n        page_size: {type: integer}\n        2fa: {type: boolean}\n        _embedded: {type: object}\n        accountId: {type: integer}\n",
    );
    let names: Vec<_> = fields(find(&program, "Thing"))
        .into_iter()
        .map(|(n, w, ..)| (n, w))
        .collect();
    assert_eq!(
        names,
        [
            ("r#type", "type"),
            ("self_", "self"),
            ("page_size", "page-size"),
            ("page_size_2", "page_size"),
            ("_2fa", "2fa"),
            ("embedded", "_embedded"),
            ("account_id", "accountId"),
        ]
    );
}

#[test]
fn recursion_is_boxed_only_where_needed() {
    let program = lower_schemas(
        "    Node:\n      type: object\n      properties:\n        parent: {$ref: '#/components/schemas/Node'}\n        children:\n          type: array\n          items: {$ref: '#/components/schemas/Node'}\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/B'}\n    B:\n      type: object\n      properties:\n        a: {$ref: '#/components/schemas/A'}\n        leaf: {$ref: '#/components/schemas/Leaf'}\n    Leaf:\n      type: object\n      properties:\n        x: {type: string}\n",
    );
    let boxed = |name: &str| match &find(&program, name).kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| (f.name.clone(), f.boxed)).collect::<Vec<_>>(),
        _ => unreachable!(),
    };
    assert_eq!(
        boxed("Node"),
        [("parent".to_string(), true), ("children".to_string(), false)]
    );
    assert_eq!(boxed("A"), [("b".to_string(), true)]);
    assert_eq!(boxed("B"), [("a".to_string(), true), ("leaf".to_string(), false)]);
}

#[test]
fn a_ref_loop_without_a_type_is_an_error() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n";
    let err = lower_files(&[("api.yml", spec)]).unwrap_err();
    assert!(err.message.contains("`$ref` loop"), "{err}");
    assert_eq!(err.file, PathBuf::from("api.yml"));
}

#[test]
fn colliding_names_never_merge_two_types() {
    let program = lower_schemas(
        "    Pet:\n      type: object\n      properties:\n        kind:\n          type: object\n          properties:\n            a: {type: string}\n    PetKind:\n      type: object\n      properties:\n        b: {type: string}\n    pet:\n      type: string\n      enum: [x]\n",
    );
    let names: Vec<_> = program.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Pet", "PetKind", "Pet2", "PetKind2"]);
    assert_eq!(fields(find(&program, "PetKind")), [("b", "b", false, false)]);
    assert_eq!(fields(find(&program, "PetKind2")), [("a", "a", false, false)]);
    assert_eq!(program.warnings.len(), 2, "{:?}", program.warnings);
}

#[test]
fn refs_cross_files_and_types_stay_in_their_module() {
    let api = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        '404':\n          $ref: 'common/errors.yml#/components/responses/NotFound'\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  err: {$ref: 'common/errors.yml#/components/schemas/Problem'}\n";
    let lib = "components:\n  responses:\n    NotFound:\n      description: missing\n      content:\n        application/json:\n          schema:\n            type: object\n            properties:\n              detail: {type: string}\n  schemas:\n    Problem:\n      type: object\n      properties:\n        title: {type: string}\n";
    let program = lower_files(&[("api.yml", api), ("common/errors.yml", lib)]).unwrap();
    let module_of = |name: &str| program.module(find(&program, name).module).name.clone();
    assert_eq!(module_of("Problem"), "errors");
    assert_eq!(module_of("NotFound"), "errors");
    assert_eq!(module_of("GetXResponse"), "api");
}

#[test]
fn one_of_with_a_discriminator_is_tagged() {
    let program = lower_schemas(
        "    Pet:\n      oneOf:\n        - $ref: '#/components/schemas/Cat'\n        - $ref: '#/components/schemas/Dog'\n      discriminator:\n        propertyName: kind\n        mapping:\n          cat: '#/components/schemas/Cat'\n    Cat:\n      type: object\n      properties:\n        kind: {type: string}\n    Dog:\n      type: object\n      properties:\n        kind: {type: string}\n",
    );
    match &find(&program, "Pet").kind {
        TypeKind::Union(u) => {
            assert_eq!(u.tag.as_deref(), Some("kind"));
            let tags: Vec<_> = u
                .variants
                .iter()
                .map(|v| (v.name.as_str(), v.tag_values.clone()))
                .collect();
            assert_eq!(
                tags,
                [("Cat", vec!["cat".to_string()]), ("Dog", vec!["Dog".to_string()])]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn nullable_is_kept_apart_from_optional() {
    let program = lower_schemas(
        "    T:\n      type: object\n      required: [a, b]\n      properties:\n        a: {type: string}\n        b: {type: string, nullable: true}\n        c: {type: string}\n        d: {type: string, nullable: true}\n",
    );
    assert_eq!(
        fields(find(&program, "T")),
        [
            ("a", "a", true, false),
            ("b", "b", true, true),
            ("c", "c", false, false),
            ("d", "d", false, true)
        ]
    );
}

#[test]
fn a_reference_to_a_nullable_schema_declared_later_is_nullable() {
    let program = lower_schemas(
        "    Holder:\n      type: object\n      properties:\n        owner: {$ref: '#/components/schemas/Owner'}\n    Owner:\n      type: object\n      nullable: true\n      properties:\n        name: {type: string}\n",
    );
    assert_eq!(fields(find(&program, "Holder")), [("owner", "owner", false, true)]);
}

#[test]
fn required_read_only_and_write_only_properties_are_optional() {
    let program = lower_schemas(
        "    Account:\n      type: object\n      required: [id, password, name]\n      properties:\n        id: {type: string, readOnly: true}\n        password: {type: string, writeOnly: true}\n        name: {type: string}\n",
    );
    assert_eq!(
        fields(find(&program, "Account")),
        [
            ("id", "id", false, false),
            ("password", "password", false, false),
            ("name", "name", true, false)
        ]
    );
}

#[test]
fn modules_never_take_a_name_the_crate_uses_for_itself() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n";
    let files: Vec<(&str, &str)> = ["webhooks.yml", "client.yml", "runtime.yml", "full.yml", "tracing.yaml"]
        .iter()
        .map(|name| (*name, spec))
        .collect();
    let program = lower_files(&files).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = program.modules.iter().map(|m| m.name.as_str()).collect();
    for taken in ["webhooks", "client", "runtime", "full", "tracing"] {
        assert!(!names.contains(&taken), "{taken} in {names:?}");
    }
}

fn additional(def: &TypeDef) -> Option<(&str, &TypeRef)> {
    match &def.kind {
        TypeKind::Struct(s) => s.additional.as_ref().map(|a| (a.name.as_str(), &a.value)),
        other => panic!("{} is not a struct: {other:?}", def.name),
    }
}

#[test]
fn objects_keep_unlisted_properties_unless_their_schema_forbids_them() {
    let program = lower_schemas(
        "    Open:\n      type: object\n      properties:\n        id: {type: string}\n    Closed:\n      type: object\n      properties:\n        id: {type: string}\n      additionalProperties: false\n    Typed:\n      type: object\n      properties:\n        id: {type: string}\n      additionalProperties: {type: integer}\n    Clash:\n      type: object\n      properties:\n        additional_properties: {type: string}\n",
    );
    assert_eq!(
        additional(find(&program, "Open")),
        Some(("additional_properties", &TypeRef::Json))
    );
    assert_eq!(additional(find(&program, "Closed")), None);
    let integer = TypeRef::Int(crate::ir::IntKind::I64);
    assert_eq!(
        additional(find(&program, "Typed")),
        Some(("additional_properties", &integer))
    );
    let clash = find(&program, "Clash");
    assert_eq!(additional(clash), Some(("additional_properties", &TypeRef::Json)));
    assert_eq!(
        fields(clash),
        vec![("additional_properties_2", "additional_properties", false, false)]
    );
}

#[test]
fn all_of_keeps_unlisted_properties_unless_a_flattened_part_receives_them() {
    let program = lower_schemas(
        "    Base:\n      type: object\n      properties:\n        id: {type: string}\n    Either:\n      oneOf:\n        - {type: object, required: [a], properties: {a: {type: string}}}\n        - {type: object, required: [b], properties: {b: {type: string}}}\n    Merged:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {type: object, properties: {note: {type: string}}}\n    WithUnion:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - $ref: '#/components/schemas/Either'\n",
    );
    assert_eq!(
        additional(find(&program, "Merged")),
        Some(("additional_properties", &TypeRef::Json))
    );
    assert_eq!(additional(find(&program, "WithUnion")), None);
}
