use super::*;
use crate::emit::layout::testing::{pretty_associated, repeated};

fn expectation(method: &str, types: [&str; 4], parameters: &[&str], success: Answer, error: Answer) -> Expectation {
    Expectation {
        doc: format!(" Expects a call of [`Client::{method}`]: `GET /a/{{b}}`."),
        method: method.to_string(),
        types: types.map(str::to_string),
        name: string("a/get"),
        http_method: string("GET"),
        path: string("/a/{b}"),
        parameters: parameters.iter().map(|p| string(p)).collect(),
        security: "&[&[BEARER_AUTH]]".to_string(),
        success,
        error,
    }
}

fn json(input: &'static str) -> Answer {
    Answer::Reply {
        input,
        reply: "Reply::json(200u16, &body)".to_string(),
    }
}

fn arms(of: &str, variants: &[&str]) -> Answer {
    Answer::Match {
        input: "error",
        arms: variants
            .iter()
            .enumerate()
            .map(|(i, variant)| {
                if i % 2 == 0 {
                    (
                        format!("{of}::{variant}(body)"),
                        format!("Reply::json({}u16, &body)", 400 + i),
                    )
                } else {
                    (format!("{of}::{variant}"), format!("Reply::empty({}u16)", 400 + i))
                }
            })
            .collect(),
    }
}

/// The text, when written, is what `prettyplease` makes of the tokens
/// inside `impl Mock`; says whether it was written.
fn check(expectation: &Expectation) -> bool {
    let Some(text) = expectation.text() else {
        return false;
    };
    let tokens = expectation.tokens().expect("the expectation parses");
    assert_eq!(
        text,
        pretty_associated(tokens),
        "`{}` laid out differently",
        expectation.method
    );
    true
}

#[test]
fn the_text_matches_prettyplease_across_name_lengths() {
    for len in 1..=90 {
        let method = repeated('m', len);
        let error = repeated('E', len);
        let types = ["()", "Params", "types::Thing", error.as_str()];
        let answer = arms(&error, &["NotFound", "Gone", "UnprocessableEntity"]);
        assert!(
            check(&expectation(&method, types, &[], json("body"), answer)),
            "fell back at {len}"
        );
    }
}

#[test]
fn the_text_matches_prettyplease_across_arm_widths() {
    for len in 1..=80 {
        let of = repeated('E', len);
        for variant in ["A", "NotFound", "UnprocessableEntity"] {
            let answer = arms(&of, &[variant, variant]);
            assert!(
                check(&expectation("get", ["()", "()", "()", &of], &[], json("body"), answer)),
                "an arm of {of}::{variant} fell back"
            );
        }
    }
}

#[test]
fn the_text_matches_prettyplease_for_long_types_and_parameters() {
    for len in (1..=80).step_by(3) {
        let name = repeated('T', len);
        let success = format!("Vec<std::collections::BTreeMap<String, Option<types::{name}>>>");
        let body = format!("types::{name}");
        let parameters: Vec<String> = (0..4).map(|i| format!("{}{i}", repeated('p', len / 4 + 1))).collect();
        let parameters: Vec<&str> = parameters.iter().map(String::as_str).collect();
        for count in 0..=parameters.len() {
            let types = [body.as_str(), "()", success.as_str(), "Error"];
            let answer = arms("Error", &["NotFound"]);
            assert!(check(&expectation(
                "get",
                types,
                &parameters[..count],
                json("body"),
                answer
            )));
        }
    }
}

#[test]
fn keywords_are_raw_as_tokens_print_them() {
    for method in ["r#move", "r#match", "r#type"] {
        let answer = arms("MoveError", &["NotFound"]);
        assert!(check(&expectation(
            method,
            ["()", "()", "()", "MoveError"],
            &[],
            json("body"),
            answer
        )));
    }
}

#[test]
fn the_text_matches_prettyplease_for_every_answer() {
    let answers = || {
        vec![
            json("body"),
            Answer::Reply {
                input: "_",
                reply: "Reply::empty(204u16)".to_string(),
            },
            Answer::Reply {
                input: "body",
                reply: "Reply::bytes(200u16, \"text/plain\", body.into_bytes())".to_string(),
            },
            Answer::Match {
                input: "body",
                arms: Vec::new(),
            },
            arms("SuccessOfALongOperationName", &["Ok", "Created", "Accepted"]),
        ]
    };
    for i in 0..answers().len() {
        for error in answers() {
            let success = answers().swap_remove(i);
            check(&expectation("get", ["()", "()", "()", "E"], &["b"], success, error));
        }
    }
}

/// The params' `QueryParams` impls, with and without a query, for params
/// named at every length: written as text, they are what `prettyplease`
/// makes of the tokens.
#[test]
fn query_params_impls_are_laid_out_as_prettyplease_lays_them_out() {
    let mut written = 0;
    for len in 1..=100 {
        let name = repeated('P', len);
        for has_query in [true, false] {
            let Some(text) = query_params_text(&name, has_query) else {
                continue;
            };
            let tokens = query_params_tokens(&ident(&name), has_query);
            assert_eq!(
                text,
                crate::emit::layout::testing::pretty(tokens),
                "`{name}` laid out differently"
            );
            written += 1;
        }
    }
    // All but the names too long for `{name}::query_pairs(self)` on a line.
    assert!(written >= 2 * 60 + 40, "only {written} written as text");
}
