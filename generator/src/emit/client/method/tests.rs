//! The methods written as text against `prettyplease`, on every operation
//! of the specs the repository holds: ours, the edge cases and the wire
//! specs, which between them have every shape the writer covers (paths
//! long and short, streamed bodies, security, every kind of response).

use super::*;
use crate::emit::layout::testing::{pretty_associated, repository_programs};
use crate::load::SpecSet;

#[test]
fn methods_written_as_text_match_prettyplease_on_every_spec_here() {
    let (mut written, mut all) = (0, 0);
    for (dir, program) in repository_programs() {
        let (w, a) = compare_methods(&program, &dir.display().to_string(), |_| true);
        written += w;
        all += a;
    }
    // Enough are written that the comparison means something.
    assert!(written * 3 > all, "only {written} of {all} methods written as text");
    eprintln!("{written} of {all} methods written as text");
}

/// Compares every method of `program` written as text with `prettyplease`'s
/// layout of its tokens; a method not written must be one `may_be_tokens`
/// allows by its name. Returns how many were written, of how many.
fn compare_methods(program: &Program, context: &str, may_be_tokens: impl Fn(&str) -> bool) -> (usize, usize) {
    let validated = Validated::new(program);
    let (mut written, mut all) = (0, 0);
    for module in &program.modules {
        for op in &module.operations {
            all += 1;
            let Part::Text(text) = method_tokens(program, module, op, &validated, true) else {
                assert!(
                    may_be_tokens(&op.name),
                    "{context}: `{}` is a shape the text writer covers",
                    op.name
                );
                continue;
            };
            let Part::Associated(tokens) = method_tokens(program, module, op, &validated, false) else {
                panic!("tokens were asked for");
            };
            assert_eq!(
                text,
                pretty_associated(tokens),
                "{context}: `{}` laid out differently",
                op.name
            );
            written += 1;
        }
    }
    (written, all)
}

/// Paths of every length around the margin, with a parameter of each kind
/// and a literal after it or not: every way `path:` is broken.
#[test]
fn paths_of_every_length_are_laid_out_as_prettyplease_lays_them_out() {
    let mut paths = serde_json::Map::new();
    for length in 1..=90 {
        let prefix = "p".repeat(length);
        for (kind, ty) in [("text", "string"), ("number", "integer")] {
            for suffix in ["", "/tail"] {
                let operation = serde_json::json!({
                    "get": {
                        "operationId": format!("get_{kind}_{length}{}", suffix.replace('/', "_")),
                        "parameters": [{
                            "name": format!("{kind}_id"),
                            "in": "path",
                            "required": true,
                            "schema": {"type": ty}
                        }],
                        "responses": {"204": {"description": "done"}}
                    }
                });
                paths.insert(format!("/{prefix}/{{{kind}_id}}{suffix}"), operation);
            }
        }
        let plain = serde_json::json!({
            "get": {
                "operationId": format!("get_plain_{length}"),
                "responses": {"204": {"description": "done"}}
            }
        });
        paths.insert(format!("/{prefix}"), plain);
    }
    // Parameters named at every length, after a literal of 40 bytes, up to
    // where the argument would pass the margin; the segment last in the
    // path or not, since only a last piece's comma goes past the margin.
    for length in 1..=45 {
        for (kind, ty) in [("text", "string"), ("number", "integer")] {
            for suffix in ["", "/tail"] {
                let name = format!("{kind}_{}", "x".repeat(length));
                let operation = serde_json::json!({
                    "get": {
                        "operationId": format!("get_{kind}{}_named_{length}", suffix.replace('/', "_")),
                        "parameters": [{"name": name, "in": "path", "required": true, "schema": {"type": ty}}],
                        "responses": {"204": {"description": "done"}}
                    }
                });
                paths.insert(format!("/{}/{{{name}}}{suffix}", "q".repeat(38)), operation);
            }
        }
    }
    let (written, _) = check_generated(paths);
    assert!(written >= 60 * 5 + 45 * 4, "only {written} methods written as text");
}

/// Operation names of every length, so that the error enum each arm names
/// crosses the margin: a status without a body binds a bare path, one
/// with a body calls `json_error` on it.
#[test]
fn responses_of_operations_named_at_every_length_are_laid_out_as_prettyplease_lays_them_out() {
    let mut paths = serde_json::Map::new();
    for length in 1..=90 {
        let operation = serde_json::json!({
            "get": {
                "operationId": format!("get_{}", "n".repeat(length)),
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}},
                    "304": {"description": "not modified"},
                    "404": {"description": "missing", "content": {"application/json": {"schema": {"type": "string"}}}},
                    "default": {"description": "other", "content": {"text/plain": {"schema": {"type": "string"}}}}
                }
            }
        });
        paths.insert(format!("/things{length}"), operation);
    }
    let (written, all) = check_generated(paths);
    assert_eq!(written, all, "every arm here is a shape the text writer covers");
}

/// Bodies whose type checks itself, required and optional, beside
/// parameters with and without checks of their own.
#[test]
fn methods_that_check_their_body_are_laid_out_as_prettyplease_lays_them_out() {
    let mut paths = serde_json::Map::new();
    for length in 1..=30 {
        for required in [true, false] {
            for limit in [None, Some(100)] {
                let mut schema = serde_json::json!({"type": "integer"});
                if let Some(limit) = limit {
                    schema["maximum"] = limit.into();
                }
                let operation = serde_json::json!({
                    "post": {
                        "operationId": format!("post_{required}_{}_{}", limit.is_some(), "n".repeat(length)),
                        "parameters": [{"name": "page", "in": "query", "schema": schema}],
                        "requestBody": {
                            "required": required,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Named"}}}
                        },
                        "responses": {"204": {"description": "done"}}
                    }
                });
                paths.insert(format!("/things/{length}/{required}/{}", limit.is_some()), operation);
            }
        }
    }
    let components = serde_json::json!({
        "schemas": {"Named": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 10}}}}
    });
    let checks_a_parameter = |name: &str| name.split('_').nth(2) == Some("true");
    let (written, all) = check_generated_with(paths, components, checks_a_parameter);
    // Those whose parameter has a check of its own are left to tokens.
    assert_eq!(written * 2, all, "{written} of {all} written as text");
}

/// Lowers a spec of `paths` and compares every method written as text with
/// `prettyplease`; a method not written must have a literal too long for
/// any line (its operation id ends in the literal's length, over 60).
/// Returns how many were written, of how many.
fn check_generated(paths: serde_json::Map<String, serde_json::Value>) -> (usize, usize) {
    let literal_too_long = |name: &str| name.rsplit('_').find_map(|n| n.parse::<usize>().ok()).unwrap_or(0) > 60;
    check_generated_with(paths, serde_json::json!({}), literal_too_long)
}

/// [`check_generated`] with `components`, where a method may be left to
/// tokens when `may_be_tokens` says so of its name.
fn check_generated_with(
    paths: serde_json::Map<String, serde_json::Value>,
    components: serde_json::Value,
    may_be_tokens: impl Fn(&str) -> bool,
) -> (usize, usize) {
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Paths", "version": "1"},
        "paths": paths,
        "components": components
    });
    let text = serde_json::to_vec(&spec).expect("serialises");
    let set = SpecSet::from_sources(vec![("paths.json".into(), text)]).expect("loads");
    let program = crate::lower::lower(&set).expect("lowers");
    compare_methods(&program, "paths.json", may_be_tokens)
}
