use quote::ToTokens;

use super::*;
use crate::emit::layout::testing::{pretty, repeated};

fn case(origin: &str, ty: &str, json: &str, reason: Option<&str>) -> Case {
    Case {
        origin: origin.to_string(),
        ty: syn::parse_str::<syn::Type>(ty)
            .expect("the type under test parses")
            .to_token_stream(),
        json: json.to_string(),
        reason: reason.map(str::to_string),
    }
}

/// The text, when written, is what `prettyplease` makes of the tokens;
/// says whether it was written.
fn check(cases: &[Case]) -> bool {
    let Some(text) = cases_text(cases) else {
        return false;
    };
    assert_eq!(text, pretty(cases_tokens(cases)), "the table laid out differently");
    true
}

/// Types as the examples spell them, short and long, nested and not.
fn types(len: usize) -> Vec<String> {
    let name = repeated('T', len);
    vec![
        "i64".to_string(),
        format!("types::{name}"),
        format!("Option<types::{name}>"),
        format!("Vec<Option<types::{name}>>"),
        format!("std::collections::BTreeMap<String, Vec<types::{name}>>"),
        format!("Option<std::collections::BTreeMap<String, Option<Vec<types::{name}>>>>"),
    ]
}

#[test]
fn the_text_matches_prettyplease_across_line_widths() {
    for len in (1..=90).step_by(3) {
        for ty in types(len) {
            for json in ["1", &format!("\"{}\"", repeated('j', len))] {
                let origin = format!("specs/a.json#/{}", repeated('p', len));
                let one = case(&origin, &ty, json, None);
                assert!(check(std::slice::from_ref(&one)), "fell back on {ty} and {json}");
                let short = case("s", "i64", "1", None);
                assert!(check(&[short, one]), "fell back on {ty} and {json}");
            }
        }
    }
}

#[test]
fn the_text_matches_prettyplease_for_short_tables() {
    assert!(check(&[]));
    for count in 1..=6 {
        let cases: Vec<Case> = (0..count).map(|_| case("o", "i64", "1", None)).collect();
        assert!(check(&cases), "{count} short cases fell back");
    }
}

#[test]
fn the_text_matches_prettyplease_with_reasons() {
    for len in 1..=90 {
        let reason = repeated('r', len);
        let written = check(&[case("specs/a.json#/x", "String", "\"a\"", Some(&reason))]);
        // Only a reason too long for its line falls back to tokens.
        assert!(written || len > 70, "a reason of {len} bytes fell back");
    }
}

#[test]
fn literals_are_escaped_as_tokens_escape_them() {
    let cases = [
        case("specs/a.json#/quote", "String", "\"a \\\"b\\\" \\\\ c\\n\"", None),
        case("specs/a.json#/tab", "String", "\"\t\"", Some("a \"quoted\" reason")),
    ];
    assert!(check(&cases));
}

#[test]
fn widths_outside_ascii_count_bytes_as_prettyplease_counts_them() {
    // 'ü' is two bytes, '😀' four: lines on both sides of the margin.
    for count in 1..=40 {
        for text in ["ü", "😀"] {
            let json = format!("\"{}\"", text.repeat(count));
            assert!(check(&[case("ö", "i64", &json, None), case("o", "i64", "1", None)]));
        }
    }
}
