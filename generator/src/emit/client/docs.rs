//! The rustdoc of an operation method: the spec's words, the request line,
//! the parameters, and a doctest that calls it.

use super::super::ident_text;
use super::super::type_refs::Spelling;
use super::bodies;
use crate::ir::{Encoding, Module, Operation, ParameterLocation, Program, SecurityKind, TypeRef};

/// The method's rustdoc as markdown, one `///` line per line of it.
pub(super) fn method_docs(program: &Program, module: &Module, op: &Operation, krate: &str) -> String {
    let mut text = String::new();
    let mut docs = op.docs.clone();
    docs.deprecated = false;
    let rendered = super::super::docs::render(&docs);
    if !rendered.is_empty() {
        text.push_str(&rendered);
        text.push_str("\n\n");
    }
    text.push_str(&format!("`{} {}`", op.method, op.path));
    let params: Vec<String> = op
        .parameters
        .iter()
        .map(|p| {
            let place = match p.location {
                ParameterLocation::Path => "path",
                ParameterLocation::Query => "query",
                ParameterLocation::Header => "header",
                ParameterLocation::Cookie => "cookie",
            };
            let required = if p.required { ", required" } else { "" };
            let about = p
                .docs
                .description
                .as_deref()
                .map(|d| format!(": {}", d.lines().next().unwrap_or("")))
                .unwrap_or_default();
            format!("- `{}` ({place}{required}){about}", ident_text(&p.name))
        })
        .collect();
    if !params.is_empty() {
        text.push_str("\n\n# Parameters\n\n");
        text.push_str(&params.join("\n"));
    }
    text.push_str("\n\n# Example\n\n");
    text.push_str(&doc_example(program, module, op, krate));
    text
}

/// Longest request example that goes into a method's doctest.
const MAX_DOC_EXAMPLE: usize = 1200;

/// The spec's example of a request body of type `ty`, as compact JSON that
/// fits in a raw string and stays readable.
fn request_example(module: &Module, ty: &TypeRef) -> Option<String> {
    let example = module
        .examples
        .iter()
        .find(|e| e.ty == *ty && e.origin.contains("/requestBody/"))?;
    let json = serde_json::to_string(&example.value).ok()?;
    (json.len() <= MAX_DOC_EXAMPLE && !json.contains("\"##") && !json.contains('\n')).then_some(json)
}

/// `Client::new()` with the credentials of the operation's first requirement.
fn client_example(module: &Module, op: &Operation) -> String {
    let mut text = "Client::new()".to_string();
    for name in op.requirement.first().into_iter().flatten() {
        let Some(scheme) = module.security_schemes.iter().find(|s| s.name == *name) else {
            continue;
        };
        let args = match &scheme.kind {
            SecurityKind::Basic => "\"USERNAME\", \"PASSWORD\"",
            SecurityKind::Signature => "\"SIGNATURE_SECRET\", SignatureMethod::Md5Hash",
            SecurityKind::ApiKey { .. } => "\"KEY\"",
            SecurityKind::Http { .. } => "\"CREDENTIALS\"",
            SecurityKind::Bearer { .. } | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => "\"TOKEN\"",
        };
        text.push_str(&format!(".{}({args})", ident_text(&scheme.setter)));
    }
    text
}

/// A `no_run` doctest that calls the method; it compiles with the crate.
fn doc_example(program: &Program, module: &Module, op: &Operation, krate: &str) -> String {
    let module_name = ident_text(&module.name);
    let constructor = client_example(module, op);
    let mut lines = vec![
        "```no_run".to_string(),
        format!("# use {krate}::{module_name}::client::*;"),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!("let client = {constructor};"),
    ];
    let mut args = Vec::new();
    for p in op.path_parameters() {
        args.push(match &p.ty {
            TypeRef::String => "\"ID\"".to_string(),
            TypeRef::Int(_) => "1".to_string(),
            TypeRef::Float(_) => "1.0".to_string(),
            TypeRef::Bool => "true".to_string(),
            _ => "&\"VALUE\".parse()?".to_string(),
        });
    }
    if let Some(params_name) = &op.items.params {
        let all_optional = op
            .parameters
            .iter()
            .filter(|p| p.location != ParameterLocation::Path)
            .all(|p| !p.required);
        if all_optional {
            lines.push(format!("let params = {params_name}::default();"));
        } else {
            lines.push(format!(
                "let params: {params_name} = todo!(\"fill in the required parameters\");"
            ));
        }
        args.push("&params".to_string());
    }
    if let Some(b) = &op.request_body {
        let (ty, borrowed) = bodies::argument_type(program, Spelling::Extern(krate), b);
        let ty = ty.to_string().replace(' ', "");
        let json = match (&b.encoding, &b.ty) {
            (Encoding::Json, Some(ty)) => request_example(module, ty),
            _ => None,
        };
        match json {
            Some(json) => lines.push(format!("let body: {ty} = serde_json::from_str(r##\"{json}\"##)?;")),
            None => lines.push(format!("let body: {ty} = todo!(\"build the request body\");")),
        }
        args.push(match (b.required, borrowed) {
            (true, true) => "&body".into(),
            (false, true) => "Some(&body)".into(),
            (true, false) => "body".into(),
            (false, false) => "Some(body)".into(),
        });
    }
    lines.push(format!(
        "let response = client.{}({}).await?;",
        ident_text(&op.name),
        args.join(", ")
    ));
    lines.push("println!(\"{} {:?}\", response.status, response.body);".to_string());
    lines.push("# Ok(())".to_string());
    lines.push("# }".to_string());
    lines.push("```".to_string());
    lines.join("\n")
}
