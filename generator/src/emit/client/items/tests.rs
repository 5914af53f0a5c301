use quote::ToTokens;

use super::*;
use crate::emit::layout::testing::{pretty, repeated};

fn ty(text: &str) -> TokenStream {
    syn::parse_str::<syn::Type>(text)
        .expect("the type under test parses")
        .to_token_stream()
}

fn response_enum(name: &str, variants: Vec<Variant>) -> ResponseEnum {
    ResponseEnum {
        doc: " The error responses `get` documents.".to_string(),
        derives: "Debug, Clone, PartialEq",
        name: name.to_string(),
        variants,
    }
}

/// The text, when written, is what `prettyplease` makes of the tokens;
/// says whether it was written.
fn check_enum(e: &ResponseEnum) -> bool {
    let Some(text) = e.text() else {
        return false;
    };
    assert_eq!(text, pretty(e.tokens()), "`{}` laid out differently", e.name);
    true
}

#[test]
fn response_enums_match_prettyplease_across_line_widths() {
    for len in 1..=90 {
        let name = repeated('E', len);
        let variants = vec![
            Variant {
                doc: format!(" 404: {}", repeated('d', len)),
                name: repeated('V', len),
                ty: Some(ty(&format!("types::{}", repeated('T', len)))),
            },
            Variant {
                doc: " 304: Not modified  ".to_string(),
                name: "NotModified".to_string(),
                ty: None,
            },
            Variant {
                doc: " 500: ".to_string(),
                name: "r#Type".to_string(),
                ty: Some(ty("Vec<u8>")),
            },
        ];
        let written = check_enum(&response_enum(&name, variants));
        // Only a variant too long for its line falls back to tokens.
        assert!(written || len > 37, "fell back at {len}");
        assert!(check_enum(&response_enum(&name, Vec::new())) || len > 75);
    }
}

#[test]
fn docs_prettyplease_prints_as_attributes_are_left_to_it() {
    let variants = vec![Variant {
        doc: " 404: a\rb".to_string(),
        name: "NotFound".to_string(),
        ty: None,
    }];
    assert!(!check_enum(&response_enum("E", variants)));
}

#[test]
fn params_structs_match_prettyplease_across_line_widths() {
    for len in (1..=90).step_by(2) {
        let docs = Docs {
            description: Some(format!("A parameter  \n\nwith {} words.", repeated('w', len))),
            deprecated: len % 3 == 0,
            ..Docs::default()
        };
        let fields = vec![
            (repeated('f', len), docs.clone(), ty("Option<String>")),
            (
                "r#type".to_string(),
                Docs::default(),
                ty(&format!("Option<Vec<types::{}>>", repeated('T', len))),
            ),
        ];
        let doc = " Query, header and cookie parameters of `get`.";
        let name = repeated('P', len);
        let text = params_text(doc, "Debug, Clone, PartialEq, Default", &name, &fields).expect("written");
        let field_tokens = fields.iter().map(|(field, docs, ty)| {
            let field = ident(field);
            let docs = param_docs(docs);
            quote! { #docs pub #field: #ty, }
        });
        let name = ident(&name);
        let expected = pretty(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, Default,)]
            pub struct #name { #(#field_tokens)* }
        });
        assert_eq!(text, expected, "params struct at {len} laid out differently");
    }
}

/// `query_pairs` written as text against `prettyplease`'s layout of the
/// tokens, on every operation of the specs the repository holds.
#[test]
fn query_pairs_written_as_text_match_prettyplease_on_every_spec_here() {
    let (mut written, mut all) = (0, 0);
    for (dir, program) in crate::emit::layout::testing::repository_programs() {
        for module in &program.modules {
            for op in &module.operations {
                let Some(name) = &op.items.params else { continue };
                let Some(tokens) = query_pairs_tokens(&program, op, &ident(name)) else {
                    assert!(query_pairs_text(&program, op, name).is_none());
                    continue;
                };
                all += 1;
                if let Some(text) = query_pairs_text(&program, op, name) {
                    assert_eq!(
                        text,
                        pretty(tokens),
                        "{}: `{}` laid out differently",
                        dir.display(),
                        op.name
                    );
                    written += 1;
                }
            }
        }
    }
    assert!(written * 2 > all, "only {written} of {all} written as text");
}
