use super::*;
use crate::emit::layout::testing::{pretty, repeated};
use crate::ir::TypeRef;

fn field(name: &str, wire: &str, required: bool, nullable: bool) -> Field {
    Field::plain(name, wire, TypeRef::Json, required, nullable)
}

fn open(fields: Vec<Field>) -> (Struct, Additional) {
    let additional = Additional {
        name: crate::lower::names::ADDITIONAL_FIELD.to_string(),
        value: TypeRef::Json,
    };
    let s = Struct {
        fields,
        additional: Some(additional.clone()),
    };
    (s, additional)
}

/// The text, when written, is what `prettyplease` makes of the tokens;
/// says whether it was written.
fn check(name: &str, s: &Struct, additional: &Additional) -> bool {
    let name = ident(name);
    let locals = Locals::new(s, additional);
    let Some(text) = reader_text(&name, s, &locals) else {
        return false;
    };
    let expected = pretty(reader_tokens(&name, s, &locals));
    assert_eq!(text, expected, "reader of `{name}` laid out differently");
    true
}

#[test]
fn the_text_matches_prettyplease_across_line_widths() {
    // Slot and key lengths on both sides of every break: the arm, the
    // block, the call before the `.`, the arguments one per line.
    for slot_len in 1..=64 {
        for wire_len in 1..=64 {
            let fields = [(false, false), (false, true), (true, false), (true, true)]
                .iter()
                .zip(['a', 'b', 'c', 'd'])
                .map(|(&(required, nullable), first)| {
                    field(
                        &repeated(first, slot_len),
                        &repeated(first, wire_len),
                        required,
                        nullable,
                    )
                })
                .collect();
            let (s, additional) = open(fields);
            let text = check("Thing", &s, &additional);
            // Only a line too long even when broken falls back to tokens.
            if slot_len + wire_len <= 60 {
                assert!(
                    text,
                    "a slot of {slot_len} and a key of {wire_len} bytes fell back to tokens"
                );
            }
        }
    }
}

#[test]
fn the_text_matches_prettyplease_for_long_type_names() {
    // Across the header's break before `for` and the macro's argument on
    // a line of its own, and past the margin where neither can break.
    for len in 1..=100 {
        let (s, additional) = open(vec![field("id", "id", true, false)]);
        let text = check(&repeated('T', len), &s, &additional);
        assert!(text, "a name of {len} bytes fell back to tokens");
    }
}

#[test]
fn the_text_matches_prettyplease_for_unusual_names() {
    let cases = vec![
        vec![],
        vec![field("a", "a", false, false)],
        vec![field("a", "a", true, false)],
        vec![
            field("r#type", "type", true, false),
            field("r#ref", "$ref", false, true),
        ],
        vec![
            field("object", "object", true, false),
            field("key", "key", false, false),
        ],
        vec![field("object_", "o", true, false), field("object", "p", true, false)],
        vec![field("quote", "a \"quoted\" \\ key\n\t", true, false)],
        vec![field("plus", "+1", false, false), field("minus", "-1", false, true)],
        vec![field("unicode", "ünïcödé", true, false)],
    ];
    for fields in cases {
        let (s, additional) = open(fields);
        check("Thing", &s, &additional);
    }
}
