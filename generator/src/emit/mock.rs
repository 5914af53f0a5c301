//! The test double of one API module (`<api>::mock`, feature `mock`): a
//! `Mock` with a method per operation that expects a call of it, typed
//! with the operation's own body, params, success and error types.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::client::success_type;
use super::layout::{Lines, Part, doc_text, string_literal, type_lines, type_text};
use super::type_refs::{Spelling, spelled};
use super::{client_struct, ident, ident_spelling, ident_text};
use crate::error::{Error, Result};
use crate::ir::{Body, Encoding, Module, Operation, ParameterLocation, Program, Response, Status};

pub fn emit_mock(program: &Program, module: &Module, origin: &str) -> Result<Vec<Part>> {
    let allow_deprecated = super::allow_deprecated(module);
    let types_import =
        super::type_refs::types_import(program, module.id, module.operations.iter().flat_map(mock_types));
    let doc =
        format!(" Test doubles of `{origin}`: expect calls of the client's operations and answer them in its types.");
    let header = quote! {
        #![doc = #doc]
        #allow_deprecated

        use super::client::*;
        #types_import
        use crate::runtime::{self, mock::{Expect, Operation, Reply}};
        pub use crate::runtime::mock::Received;

        /// A test double of every operation: expectations are written with
        /// the method of the operation and checked against the requests the
        /// client really builds, in process ([`Mock::client`]) or over HTTP
        /// ([`Mock::serve`]). Call [`Mock::verify`] at the end of a test.
        #[derive(Debug, Clone, Default)]
        pub struct Mock {
            server: runtime::mock::MockServer,
        }
    };
    let shared = quote! {
        pub fn new() -> Self {
            Self::default()
        }

        /// A client that sends every request to this mock, without a socket.
        pub fn client(&self) -> Client {
            Client::new().with_base_url("http://mock.invalid").with_mock(self.server.clone())
        }

        /// Serves the expectations on a local port; returns the base URL.
        pub async fn serve(&self) -> std::io::Result<String> {
            self.server.serve().await
        }

        /// Every request received so far.
        pub fn received(&self) -> Vec<Received> {
            self.server.received()
        }

        /// What went wrong so far, one message per expectation not met
        /// and per request that matched none.
        pub fn failures(&self) -> Vec<String> {
            self.server.failures()
        }

        /// Panics, naming each operation, unless every expectation was met
        /// as many times as it said and every request matched one.
        pub fn verify(&self) {
            self.server.verify()
        }
    };
    let mut parts = vec![
        Part::Tokens(header),
        Part::Text("impl Mock {\n".to_string()),
        Part::Associated(shared),
    ];
    for op in &module.operations {
        let expectation = Expectation::new(program, module, op);
        parts.push(match expectation.text() {
            Some(text) => Part::Text(text),
            None => Part::Associated(expectation.tokens()?),
        });
    }
    parts.push(Part::Text("}\n".to_string()));
    // The params' impls as text, but one whose layout is not written here.
    let mut impls = String::new();
    for op in &module.operations {
        let Some(params) = &op.items.params else { continue };
        let has_query = op.parameters.iter().any(|p| p.location == ParameterLocation::Query);
        match query_params_text(ident_spelling(params), has_query) {
            Some(text) => impls.push_str(&text),
            None => {
                parts.push(Part::Text(std::mem::take(&mut impls)));
                parts.push(Part::Tokens(query_params_tokens(&ident(params), has_query)));
            }
        }
    }
    parts.push(Part::Text(impls));
    Ok(parts)
}

/// How the mock reads the query of a request for an operation's params
/// struct: its pairs as the client sends them, or none.
fn query_params_tokens(params: &syn::Ident, has_query: bool) -> TokenStream {
    let pairs = if has_query {
        quote! { #params::query_pairs(self) }
    } else {
        quote! { Vec::new() }
    };
    quote! {
        impl runtime::mock::QueryParams for #params {
            fn query_pairs(&self) -> Vec<(String, String)> {
                #pairs
            }
        }
    }
}

/// [`query_params_tokens`] as `prettyplease` prints it, or `None` where
/// its layout is not one written here.
fn query_params_text(params: &str, has_query: bool) -> Option<String> {
    let mut out = Lines::default();
    out.impl_header("runtime::mock::QueryParams", params);
    out.push(4, "fn query_pairs(&self) -> Vec<(String, String)> {")?;
    if has_query {
        out.push_parts(8, &[params, "::query_pairs(self)"])?;
    } else {
        out.push(8, "Vec::new()")?;
    }
    out.push(4, "}")?;
    out.push(0, "}")?;
    Some(out.0)
}

/// One operation's expectation method, its pieces spelled as Rust: the
/// method is built from them as text, laid out as `prettyplease` lays it
/// out, or as tokens where the layout is not one written here. Both come
/// from the same pieces, so they cannot say different things.
struct Expectation {
    doc: String,
    method: String,
    /// The request body, params, success and error types.
    types: [String; 4],
    /// String literals: the operation's name, HTTP method and path.
    name: String,
    http_method: String,
    path: String,
    parameters: Vec<String>,
    security: String,
    success: Answer,
    error: Answer,
}

/// How a closure of the expectation turns what the test gives into a
/// `Reply`: one reply, or a `match` with an arm per variant.
enum Answer {
    Reply {
        input: &'static str,
        reply: String,
    },
    Match {
        input: &'static str,
        arms: Vec<(String, String)>,
    },
}

impl Expectation {
    fn new(program: &Program, module: &Module, op: &Operation) -> Self {
        let text = |tokens: TokenStream| type_text(&tokens);
        let body = match &op.request_body {
            Some(Body {
                encoding: Encoding::Json,
                ty: Some(ty),
                ..
            }) => text(spelled(program, Spelling::Beside(module.id), ty)),
            _ => "()".to_string(),
        };
        // As tokens print them: `r#` and all.
        let name = |name: &str| ident_spelling(name).to_string();
        let params = op.items.params.as_deref().map_or_else(|| "()".to_string(), name);
        let error = name(&op.items.error);
        let error_arms = op
            .responses
            .iter()
            .filter(|r| !r.is_success())
            .map(|r| arm(&error, r, r.status.example_code().unwrap_or(500)))
            .collect();
        Expectation {
            doc: format!(
                " Expects a call of [`Client::{}`]: `{} {}`.",
                ident_text(&op.name),
                op.method,
                op.path
            ),
            method: name(&op.items.mock),
            types: [body, params, text(mock_success_type(program, module, op)), error],
            name: string(op.operation_id.as_deref().unwrap_or(ident_text(&op.name))),
            http_method: string(op.method.as_str()),
            path: string(&op.path.text),
            parameters: op.path_parameters().into_iter().map(|p| string(&p.wire_name)).collect(),
            security: client_struct::security_text(module, op),
            success: encode_success(op),
            error: Answer::Match {
                input: "error",
                arms: error_arms,
            },
        }
    }

    fn signature_type(&self) -> String {
        format!("Expect<{}>", self.types.join(", "))
    }

    /// The method on one line, for tokens to be made of.
    fn tokens(&self) -> Result<TokenStream> {
        let fields = self.fields().map(|(field, value)| format!("{field}: {value}, "));
        let text = format!(
            "#[doc = {}] pub fn {}(&self) -> {} {{ Expect::new(&self.server, Operation {{ {}}}) }}",
            Literal::string(&self.doc),
            self.method,
            self.signature_type(),
            fields.collect::<String>(),
        );
        // Every piece is Rust spelled by this module, so it always parses.
        text.parse().map_err(|e| {
            Error::new(
                "mock.rs",
                "",
                format!("internal error: the expectation `{}` does not parse: {e}", self.method),
            )
        })
    }

    fn fields(&self) -> impl Iterator<Item = (&'static str, String)> + '_ {
        [
            ("name", self.name.clone()),
            ("method", self.http_method.clone()),
            ("path", self.path.clone()),
            ("parameters", format!("&[{}]", self.parameters.join(", "))),
            ("security", self.security.clone()),
            ("success", self.success.inline()),
            ("error", self.error.inline()),
        ]
        .into_iter()
    }

    /// The method as `prettyplease` prints it inside `impl Mock`, or `None`.
    fn text(&self) -> Option<String> {
        if self.doc.contains(['\n', '\r']) {
            return None;
        }
        let mut out = Lines::default();
        doc_text(&mut out, 4, &self.doc[1..]);
        let ty = self.signature_type();
        let inline = format!("pub fn {}(&self) -> {ty} {{", self.method);
        if Lines::fits(4, &inline) {
            out.push_long(4, &inline);
        } else {
            out.push_long(4, &format!("pub fn {}(", self.method));
            out.push_long(8, "&self,");
            type_lines(&mut out, 4, ") -> ", &ty, " {");
        }
        out.push_long(8, "Expect::new(");
        out.push_long(12, "&self.server,");
        out.push_long(12, "Operation {");
        out.push_long(16, &format!("name: {},", self.name));
        out.push_long(16, &format!("method: {},", self.http_method));
        out.push_long(16, &format!("path: {},", self.path));
        let parameters = format!("parameters: &[{}],", self.parameters.join(", "));
        if Lines::fits(16, &parameters) {
            out.push_long(16, &parameters);
        } else {
            out.push_long(16, "parameters: &[");
            for parameter in &self.parameters {
                out.push_long(20, &format!("{parameter},"));
            }
            out.push_long(16, "],");
        }
        out.push(16, &format!("security: {},", self.security))?;
        self.success.lines(&mut out, "success")?;
        self.error.lines(&mut out, "error")?;
        out.push_long(12, "},");
        out.push_long(8, ")");
        out.push_long(4, "}");
        Some(out.0)
    }
}

impl Answer {
    fn inline(&self) -> String {
        match self {
            Answer::Reply { input, reply } => format!("|{input}| {reply}"),
            Answer::Match { input, arms } => {
                let arms: String = arms
                    .iter()
                    .map(|(pattern, reply)| format!("{pattern} => {reply}, "))
                    .collect();
                format!("|{input}| match {input} {{ {arms}}}")
            }
        }
    }

    /// The field `{field}: …,` at the indentation of `Operation`'s fields.
    fn lines(&self, out: &mut Lines, field: &str) -> Option<()> {
        match self {
            Answer::Reply { .. } => out.push(16, &format!("{field}: {},", self.inline())),
            Answer::Match { input, arms } if arms.is_empty() => {
                out.push(16, &format!("{field}: |{input}| match {input} {{}},"))
            }
            Answer::Match { input, arms } => {
                out.push(16, &format!("{field}: |{input}| match {input} {{"))?;
                for (pattern, reply) in arms {
                    arm_lines(out, pattern, reply)?;
                }
                out.push(16, "},")
            }
        }
    }
}

/// An arm at the indentation of the `match`'s arms: on one line; or the
/// reply in a block, while the pattern and its ` => ` fit; or else the
/// pattern's binding on a line of its own.
fn arm_lines(out: &mut Lines, pattern: &str, reply: &str) -> Option<()> {
    // The comma ending the arm may pass the margin.
    let whole = format!("{pattern} => {reply}");
    if Lines::fits(20, &whole) {
        out.push_long(20, &format!("{whole},"));
        return Some(());
    }
    let binding = pattern.strip_suffix("(body)");
    match binding {
        Some(path) if !Lines::fits(20, &format!("{pattern} => ")) => {
            let last = format!(") => {reply}");
            Lines::fits(20, &last).then_some(())?;
            out.push_long(20, &format!("{path}("));
            out.push_long(24, "body,");
            out.push_long(20, &format!("{last},"));
        }
        // The `{` opening the block may pass the margin.
        _ => {
            out.push_long(20, &format!("{pattern} => {{"));
            out.push(24, reply)?;
            out.push_long(20, "}");
        }
    }
    Some(())
}

/// A string literal as tokens print it.
fn string(text: &str) -> String {
    string_literal(text)
}

/// The types an operation's expectation spells: its JSON request body, and
/// its success body when no success enum stands for it.
fn mock_types(op: &Operation) -> impl Iterator<Item = &crate::ir::TypeRef> {
    fn json(body: &Body) -> Option<&crate::ir::TypeRef> {
        (body.encoding == Encoding::Json).then_some(body.ty.as_ref()).flatten()
    }
    let request = op.request_body.as_ref().and_then(json);
    let success = match op.items.success {
        Some(_) => None,
        None => single_success(op).and_then(|r| r.body.as_ref()).and_then(json),
    };
    request.into_iter().chain(success)
}

/// What `respond` takes: the method's success type, with bytes for a
/// streamed body, which a test cannot make.
fn mock_success_type(program: &Program, module: &Module, op: &Operation) -> TokenStream {
    match (&op.items.success, single_success(op)) {
        (None, Some(r)) if r.body.as_ref().is_some_and(|b| b.encoding == Encoding::Binary) => quote! { Vec<u8> },
        _ => success_type(program, Spelling::Beside(module.id), op),
    }
}

fn single_success(op: &Operation) -> Option<&Response> {
    op.responses.iter().find(|r| r.is_success())
}

/// The `fn(S) -> Reply` of a success: each variant with its own status.
fn encode_success(op: &Operation) -> Answer {
    match &op.items.success {
        Some(success) => Answer::Match {
            input: "body",
            arms: op
                .responses
                .iter()
                .filter(|r| r.is_success())
                .map(|r| arm(ident_spelling(success), r, r.status.example_code().unwrap_or(200)))
                .collect(),
        },
        None => {
            // Only `default` documented: it answers success too.
            let response = single_success(op).or_else(|| op.responses.iter().find(|r| r.status == Status::Default));
            match response.and_then(|r| r.body.as_ref().map(|b| (r, b))) {
                Some((r, b)) => Answer::Reply {
                    input: "body",
                    reply: reply(b, r.status.example_code().unwrap_or(200)),
                },
                None => {
                    let status = response.map_or(200, |r| r.status.example_code().unwrap_or(200));
                    Answer::Reply {
                        input: "_",
                        reply: format!("Reply::empty({status}u16)"),
                    }
                }
            }
        }
    }
}

/// The arm of `response`'s variant of the enum `of`.
fn arm(of: &str, response: &Response, status: u16) -> (String, String) {
    let variant = ident(&response.variant);
    match &response.body {
        Some(b) => (format!("{of}::{variant}(body)"), reply(b, status)),
        None => (format!("{of}::{variant}"), format!("Reply::empty({status}u16)")),
    }
}

/// A `Reply` of `body` as the body's encoding writes it.
fn reply(body: &Body, status: u16) -> String {
    let content_type = string(&body.content_type);
    match (&body.encoding, &body.ty) {
        (Encoding::Json, Some(_)) => format!("Reply::json({status}u16, &body)"),
        (Encoding::Text, _) => format!("Reply::bytes({status}u16, {content_type}, body.into_bytes())"),
        _ => format!("Reply::bytes({status}u16, {content_type}, body)"),
    }
}

#[cfg(test)]
mod tests;
