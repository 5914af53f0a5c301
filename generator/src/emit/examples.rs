//! A test per module that every example in its spec fits its generated type:
//! it deserialises and serialises back to an equal JSON value.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::CrateConfig;
use super::layout::{Lines, Part, string_literal, type_lines, type_text};
use super::type_refs::{Spelling, spelled};
use crate::error::{Error, Result, Warning, WarningKind};
use crate::ir::{Module, Program};

/// Examples known not to fit their schema, each with the reviewed reason.
///
/// Read from `specs/example-allowlist.txt`: one entry a line,
/// `where | reason`, where `where` is `file#pointer` for an example in a
/// spec, or the path of an example file that tests read themselves; a line
/// starting with `#` is a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList {
    pub entries: BTreeMap<String, String>,
}

impl AllowList {
    /// Entries that match no example, given where every example is.
    pub fn stale_entries<'a>(&self, origins: impl IntoIterator<Item = &'a String>) -> Vec<Warning> {
        let origins: std::collections::HashSet<&str> = origins.into_iter().map(String::as_str).collect();
        self.entries
            .keys()
            .filter(|o| o.contains('#') && !origins.contains(o.as_str()))
            .map(|origin| {
                let (file, pointer) = origin.split_once('#').unwrap_or((origin, ""));
                Warning {
                    kind: WarningKind::StaleAllowListEntry,
                    file: crate::ALLOW_LIST_FILE.into(),
                    pointer: String::new(),
                    message: format!("entry for {file}#{pointer} matches no example in the specs"),
                }
            })
            .collect()
    }

    /// The examples of `module` that contradict their schema without an entry.
    pub fn example_mismatches(&self, program: &Program, module: &Module) -> Vec<Warning> {
        module
            .examples
            .iter()
            .filter(|e| !self.entries.contains_key(&e.origin))
            .filter_map(|example| {
                let problem = crate::lower::example_mismatch(program, &example.ty, &example.value)?;
                let (file, pointer) = example.origin.split_once('#').unwrap_or((&example.origin, ""));
                Some(Warning {
                    kind: WarningKind::ExampleMismatch,
                    file: file.into(),
                    pointer: pointer.to_string(),
                    message: format!("example contradicts its schema {problem}"),
                })
            })
            .collect()
    }

    pub fn parse(path: &str, text: &str) -> Result<AllowList> {
        let mut entries = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((origin, reason)) = line.split_once('|') else {
                return Err(Error::new(
                    path,
                    "",
                    format!("line {}: expected `file#pointer | reason`", i + 1),
                ));
            };
            let (origin, reason) = (origin.trim(), reason.trim());
            if origin.is_empty() || reason.is_empty() {
                return Err(Error::new(
                    path,
                    "",
                    format!("line {}: expected `where | reason`", i + 1),
                ));
            }
            entries.insert(origin.to_string(), reason.to_string());
        }
        Ok(AllowList { entries })
    }
}

pub fn emit_examples(program: &Program, module: &Module, allow: &AllowList, config: &CrateConfig) -> Vec<Part> {
    let cases: Vec<Case> = module
        .examples
        .iter()
        .map(|example| Case {
            origin: config.spec_path(&example.origin),
            ty: spelled(program, Spelling::Beside(module.id), &example.ty),
            json: serde_json::to_string(&example.value).unwrap_or_default(),
            reason: allow.entries.get(&example.origin).cloned(),
        })
        .collect();
    let allow_deprecated = super::allow_deprecated(module);
    let types_import = super::type_refs::types_import(program, module.id, module.examples.iter().map(|e| &e.ty));
    let allow_list = format!(
        "{{origin}}: example is in {} ({{reason}}) but fits its type; remove the entry",
        config
            .spec_path(crate::ALLOW_LIST_FILE)
            .replace('{', "{{")
            .replace('}', "}}")
    );
    let header = quote! {
        //! Every example in the spec fits its generated type.
        #allow_deprecated

        #types_import

        /// (where the example is, the check, the example, why it may fail)
        type Case = (&'static str, fn(&str) -> Result<(), String>, &'static str, Option<&'static str>);
    };
    let table = match cases_text(&cases) {
        Some(text) => Part::Text(text),
        None => Part::Tokens(cases_tokens(&cases)),
    };
    let test = quote! {
        #[test]
        fn spec_examples_round_trip() {
            let mut problems = Vec::new();
            for (origin, check, json, allowed) in CASES {
                match (check(json), allowed) {
                    (Ok(()), None) | (Err(_), Some(_)) => {}
                    (Err(e), None) => problems.push(format!("{origin}: example does not fit its type: {e}")),
                    (Ok(()), Some(reason)) => problems.push(format!(#allow_list)),
                }
            }
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
    };
    vec![Part::Tokens(header), table, Part::Tokens(test)]
}

/// One example: where it is, the type it must fit, its JSON, and the
/// allow list's reason when it is known not to fit.
struct Case {
    origin: String,
    ty: TokenStream,
    json: String,
    reason: Option<String>,
}

fn cases_tokens(cases: &[Case]) -> TokenStream {
    let cases = cases.iter().map(|case| {
        let Case { origin, ty, json, .. } = case;
        let reason = match &case.reason {
            Some(reason) => quote! { Some(#reason) },
            None => quote! { None },
        };
        quote! { (#origin, crate::support::round_trip::<#ty>, #json, #reason), }
    });
    quote! {
        const CASES: &[Case] = &[ #(#cases)* ];
    }
}

/// The table as `prettyplease` prints it, or `None` where its layout is
/// not one of those written here. The examples are the bulk of the file,
/// and each is the same four-element tuple.
fn cases_text(cases: &[Case]) -> Option<String> {
    let elements: Vec<[String; 4]> = cases
        .iter()
        .map(|case| {
            let reason = match &case.reason {
                Some(reason) => format!("Some({})", string_literal(reason)),
                None => "None".to_string(),
            };
            [
                string_literal(&case.origin),
                format!("crate::support::round_trip::<{}>", type_text(&case.ty)),
                string_literal(&case.json),
                reason,
            ]
        })
        .collect();
    // Widths are counted in bytes, as `prettyplease` counts them. The
    // elements are written in parts, not joined: a large API's examples
    // are megabytes, and each copy of them cost as much as writing them.
    const OPEN: &str = "const CASES: &[Case] = &[";
    let mut whole = vec![OPEN];
    for (i, element) in elements.iter().enumerate() {
        if i > 0 {
            whole.push(", ");
        }
        whole.extend(inline(element));
    }
    whole.push("];");
    let mut out = Lines::default();
    if Lines::fits_parts(0, &whole) {
        out.push_long_parts(0, &whole);
        return Some(out.0);
    }
    out.push_long(0, OPEN);
    let count = elements.len();
    for (i, element) in elements.iter().enumerate() {
        // The comma after the last element of a broken list does not count.
        let counted = if i + 1 == count { "" } else { "," };
        let parts = inline(element);
        if Lines::fits_parts(4, &[&parts[..], &[counted]].concat()) {
            out.push_long_parts(4, &[&parts[..], &[","]].concat());
            continue;
        }
        let [origin, check, json, reason] = element;
        out.push_long(4, "(");
        out.push_long_parts(8, &[origin, ","]);
        type_lines(&mut out, 8, "", check, ",");
        out.push_long_parts(8, &[json, ","]);
        // A reason too long for its line would be broken inside `Some(…)`.
        Lines::fits(8, reason).then_some(())?;
        out.push_long_parts(8, &[reason, ","]);
        out.push_long(4, "),");
    }
    out.push_long(0, "];");
    Some(out.0)
}

/// An element of the list on one line, in parts.
fn inline([origin, check, json, reason]: &[String; 4]) -> [&str; 9] {
    ["(", origin, ", ", check, ", ", json, ", ", reason, ")"]
}

#[cfg(test)]
mod tests;
