use super::*;
use crate::emit::layout::testing::{pretty, repeated};

/// The text, when written, is what `prettyplease` makes of the tokens;
/// says whether it was written.
fn check(name: &str, docs: &Docs, derives: &[&str], fields: &[Declared<'_>]) -> bool {
    let name = ident(name);
    let Some(text) = definition_text(&name, docs, derives, fields) else {
        return false;
    };
    assert_eq!(
        text,
        pretty(definition_tokens(&name, docs, derives, fields)),
        "definition of `{name}` laid out differently"
    );
    true
}

fn declared<'a>(name: &'a str, docs: &'a Docs, serde: Vec<Arg>, ty: TokenStream) -> Declared<'a> {
    Declared {
        name: ident_spelling(name),
        docs,
        note: None,
        serde,
        ty: crate::emit::layout::type_text(&ty),
    }
}

const DERIVES: &[&str] = &["Debug", "Clone", "PartialEq", "serde::Serialize", "serde::Deserialize"];

#[test]
fn the_text_matches_prettyplease_across_line_widths() {
    let docs = Docs::default();
    for name_len in 1..=60 {
        for wire_len in 1..=70 {
            let type_name = ident(&repeated('T', wire_len));
            let names = ['a', 'b', 'c', 'd', 'e'].map(|first| repeated(first, name_len));
            let fields = vec![
                declared(
                    &names[0],
                    &docs,
                    vec![Arg::Value("rename", repeated('w', wire_len))],
                    quote! { Vec<crate::module::types::#type_name> },
                ),
                declared(
                    &names[1],
                    &docs,
                    vec![
                        Arg::Value("rename", repeated('v', wire_len)),
                        Arg::Flag("default"),
                        Arg::Value("skip_serializing_if", "Option::is_none".into()),
                        Arg::Value("deserialize_with", "crate::support::deserialize_present".into()),
                    ],
                    quote! { Option<Option<std::collections::BTreeMap<String, #type_name>>> },
                ),
                declared(
                    &names[2],
                    &docs,
                    vec![
                        Arg::Value("rename", repeated('u', wire_len)),
                        Arg::Value("skip_serializing_if", "Option::is_none".into()),
                    ],
                    quote! { Option<Box<#type_name>> },
                ),
                declared(
                    &names[3],
                    &docs,
                    vec![],
                    quote! { Vec<std::collections::BTreeMap<String, Vec<Option<#type_name>>>> },
                ),
                declared(
                    &names[4],
                    &docs,
                    vec![],
                    quote! { std::collections::BTreeMap<#type_name, Vec<#type_name>> },
                ),
            ];
            // Each on its own, so that one falling back leaves the others written.
            let written: Vec<bool> = fields
                .into_iter()
                .map(|field| check("Thing", &docs, DERIVES, &[field]))
                .collect();
            assert!(
                written.iter().all(|&w| w),
                "a field of {name_len} and a key of {wire_len} bytes fell back to tokens"
            );
        }
    }
}

#[test]
fn the_text_matches_prettyplease_for_docs() {
    let descriptions = [
        "One line.",
        "Two\nlines.",
        "A paragraph.\n\nAnother, with trailing spaces   \nand more.",
        "Code:\n```\nlet x = 1;\n```",
        "    indented code\n\nafter",
        "Quotes \" and \\ backslashes, `ticks`, */ and /* and //",
        "ünïcödé — and emoji 🦀",
        "A very long line of documentation that goes well past the margin of eighty-nine columns, which a comment may.",
    ];
    for (i, description) in descriptions.iter().enumerate() {
        let docs = Docs {
            title: (i % 2 == 0).then(|| "Title".to_string()),
            description: Some(description.to_string()),
            notes: vec!["Format: `uri`.".into()],
            example: (i % 3 == 0).then(|| Box::new(serde_json::json!({"a": [1, "two\nlines"], "b": null}))),
            deprecated: i % 4 == 0,
            format: None,
        };
        let fields = vec![
            declared(
                "r#type",
                &docs,
                vec![Arg::Value("rename", "type".into())],
                quote! { String },
            ),
            Declared {
                note: Some("A fixed note\nof two lines."),
                ..declared("extra", &docs, vec![Arg::Flag("flatten")], quote! { serde_json::Value })
            },
        ];
        assert!(check("Documented", &docs, DERIVES, &fields));
    }
}

#[test]
fn the_text_matches_prettyplease_for_unusual_fields() {
    let docs = Docs::default();
    let fields = vec![
        declared("plain", &docs, vec![], quote! { i64 }),
        declared(
            "quoted",
            &docs,
            vec![Arg::Value("rename", "a \"b\" \\ c\n".into())],
            quote! { bool },
        ),
        declared(
            "accented",
            &docs,
            vec![Arg::Value("rename", "ünï".into())],
            quote! { f64 },
        ),
    ];
    check("Unusual", &docs, &["Debug", "Default"], &fields);
    for len in 1..=70 {
        let fields = vec![declared("id", &docs, vec![], quote! { String })];
        let text = check(&repeated('T', len), &docs, DERIVES, &fields);
        assert!(text || len > 60, "a name of {len} bytes fell back to tokens");
    }
}

/// The constructor's text, when written, is what `prettyplease` makes of
/// its tokens; says whether it was written.
fn check_constructor(args: &[Param], inits: &[String]) -> bool {
    let name = ident("Thing");
    let Some(text) = constructor_text(&name, args, inits) else {
        return false;
    };
    assert_eq!(
        text,
        pretty(constructor_tokens(&name, args, inits)),
        "constructor laid out differently"
    );
    true
}

fn param(name: &str, ty: TokenStream) -> Param {
    let text = if ty.to_string() == "impl Into < String >" {
        "impl Into<String>".to_string()
    } else {
        crate::emit::layout::type_text(&ty)
    };
    (ident(name), text)
}

#[test]
fn the_constructor_text_matches_prettyplease() {
    for count in [0, 1, 2, 3, 7, 8] {
        for name_len in 1..=40 {
            for type_len in (1..=70).step_by(3) {
                let type_name = ident(&repeated('T', type_len));
                let kinds = [
                    quote! { impl Into<String> },
                    quote! { #type_name },
                    quote! { Vec<std::collections::BTreeMap<String, #type_name>> },
                ];
                let args: Vec<Param> = (0..count)
                    .map(|i| param(&format!("{}{i}", repeated('a', name_len)), kinds[i % 3].clone()))
                    .collect();
                let mut inits: Vec<String> = args
                    .iter()
                    .enumerate()
                    .map(|(i, (member, ..))| match i % 3 {
                        0 => format!("{member}: {member}.into()"),
                        1 => format!("{member}: Box::new({member})"),
                        _ => member.to_string(),
                    })
                    .collect();
                inits.push(format!("{}: None", repeated('z', name_len)));
                let written = check_constructor(&args, &inits);
                // Only an init line that would break falls back to tokens.
                if name_len <= 30 {
                    assert!(written, "{count} arguments of {name_len} bytes fell back to tokens");
                }
            }
        }
    }
    for inits in [
        vec!["a: None"],
        vec!["a", "b"],
        vec!["abcdefghij: None", "abc: None"],
        vec!["additional_properties: Default::default()"],
    ] {
        let inits: Vec<String> = inits.into_iter().map(String::from).collect();
        assert!(check_constructor(&[], &inits));
    }
}
