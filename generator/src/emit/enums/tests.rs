use serde_json::{Value, json};

use super::*;
use crate::emit::layout::testing::{pretty, repeated};
use crate::ir::EnumVariant;

/// The text, when written, is what `prettyplease` makes of the tokens;
/// says whether it was written.
fn check(name: &str, docs: &Docs, e: &Enum) -> bool {
    let name = ident(name);
    let Some(text) = enum_text(&name, docs, e) else {
        return false;
    };
    let tokens = match e.repr {
        EnumRepr::String => emit_string_enum(&name, doc_attrs(docs), e),
        EnumRepr::Integer => emit_integer_enum(&name, doc_attrs(docs), e),
    };
    assert_eq!(text, pretty(tokens), "enum `{name}` laid out differently");
    true
}

fn enumeration(repr: EnumRepr, catch_all: &str, variants: Vec<(String, Value)>) -> Enum {
    Enum {
        repr,
        variants: variants
            .into_iter()
            .map(|(name, value)| EnumVariant { name, value })
            .collect(),
        catch_all: catch_all.to_string(),
    }
}

#[test]
fn string_enums_match_prettyplease_across_line_widths() {
    let docs = Docs::default();
    for name_len in 1..=70 {
        for value_len in 1..=70 {
            let variants = vec![(repeated('V', name_len), json!(repeated('v', value_len)))];
            let e = enumeration(EnumRepr::String, "Other", variants);
            assert!(
                check("Thing", &docs, &e),
                "a variant of {name_len} and a value of {value_len} bytes fell back"
            );
        }
    }
}

#[test]
fn integer_enums_and_unusual_values_match_prettyplease() {
    let docs = Docs {
        description: Some("An enum.\n\nWith two paragraphs.".into()),
        deprecated: true,
        ..Docs::default()
    };
    let integers = vec![
        ("Zero".to_string(), json!(0)),
        ("Minus".to_string(), json!(-12)),
        ("Big".to_string(), json!(i64::MAX)),
        (repeated('L', 70), json!(i64::MIN)),
    ];
    assert!(check("Code", &docs, &enumeration(EnumRepr::Integer, "Other", integers)));
    let strings = vec![
        ("Quoted".to_string(), json!("a \"b\" \\ c\n\t")),
        ("Accented".to_string(), json!("ünïcödé — 🦀")),
        ("Empty".to_string(), json!("")),
        ("r#Self_".to_string(), json!("self")),
        ("Slash".to_string(), json!("/path/*")),
    ];
    check("Odd", &docs, &enumeration(EnumRepr::String, "Other", strings.clone()));
    check(
        "Odd",
        &docs,
        &enumeration(EnumRepr::String, &repeated('O', 60), strings),
    );
    assert!(check(
        "Empty",
        &Docs::default(),
        &enumeration(EnumRepr::String, "Other", vec![])
    ));
    for len in 1..=100 {
        let e = enumeration(EnumRepr::String, "Other", vec![("A".into(), json!("a"))]);
        let written = check(&repeated('T', len), &Docs::default(), &e);
        assert!(written, "a name of {len} bytes fell back");
    }
}
