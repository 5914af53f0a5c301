//! One operation method: validate the arguments, build the request,
//! send it, and read the documented response.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::layout::{Lines, Part, argument_type_lines, string_literal, type_lines, type_text};
use super::super::type_refs::Spelling;
use super::super::validate::{Validated, checked_by_impl, value_checks};
use super::super::{client_struct, ident, ident_spelling};
use super::arguments::{Argument, allow_many, arguments, by_reference, return_type, takes_text};
use super::{bodies, displayable, successes};
use crate::ir::{
    Constraints, Encoding, Module, Operation, Parameter, ParameterLocation, PathSegment, Program, Response, Status,
    TypeRef,
};

/// An operation's method: its rustdoc (markdown) and the method itself,
/// as text where [`method_text`] can write it, else as tokens.
pub(super) fn emit_method(
    program: &Program,
    module: &Module,
    op: &Operation,
    validated: &Validated,
    krate: &str,
) -> (String, Part) {
    let docs = super::docs::method_docs(program, module, op, krate);
    let method = method_tokens(program, module, op, validated, true);
    (docs, method)
}

/// The method as text when `text_if_written` and it is one [`method_text`]
/// writes, else as tokens.
fn method_tokens(
    program: &Program,
    module: &Module,
    op: &Operation,
    validated: &Validated,
    text_if_written: bool,
) -> Part {
    let method_name = ident(&op.name);
    let spelling = Spelling::Beside(module.id);
    let returns = return_type(super::success_type(program, spelling, op), &op.items.error);
    let args = arguments(program, spelling, op, None);
    let of_parameters = parameter_checks(program, op, validated);
    let of_body = body_checks(program, op, validated);
    // The checks `method_text` writes: none, or the body's own impl alone.
    let check = match (of_parameters.is_empty(), &of_body) {
        (true, None) => Some(None),
        (true, Some(_)) => body_check(program, op, validated).map(Some),
        (false, _) => None,
    };
    let validation = validation(of_parameters, of_body);
    let (query, headers) = parameter_pushes(program, op);
    let stream = bodies::streams(op);
    if text_if_written
        && headers.is_empty()
        && let Some(check) = check
        && let Some(text) = method_text(program, module, op, &args, &returns, stream, check)
    {
        return Part::Text(text);
    }
    let allow_many = allow_many(&args);
    let args = args.into_iter().map(|a| a.declaration);
    let raw_mut = stream.then(|| quote! { mut });
    let request = request(program, module, op, &query, &headers, stream);
    let responses = response_match(op);
    let deprecated = op.docs.deprecated.then(|| quote! { #[deprecated] });
    Part::Associated(quote! {
        #deprecated
        #allow_many
        pub async fn #method_name(&self, #(#args),*) -> #returns {
            #validation
            #query
            #headers
            let request = #request;
            let #raw_mut raw = self.send(request).await?;
            #responses
        }
    })
}

/// A method with no headers, a JSON body if any, and no validation but
/// `check`, as `prettyplease` prints it inside `impl Client`, or `None`
/// where its layout is not one written here: signature, request, send and
/// the `match` on the status are all it holds, and most methods of a large
/// API are such.
fn method_text(
    program: &Program,
    module: &Module,
    op: &Operation,
    args: &[Argument],
    returns: &TokenStream,
    stream: bool,
    check: Option<BodyCheck>,
) -> Option<String> {
    let args: Vec<(&str, String)> = args.iter().map(|a| (a.name.as_str(), type_text(&a.ty))).collect();
    let mut out = Lines::default();
    if op.docs.deprecated {
        out.push_long(4, "#[deprecated]");
    }
    // `&self` counts, as in `allow_many`.
    if args.len() + 1 > 7 {
        out.push_long(4, "#[allow(clippy::too_many_arguments)]");
    }
    let name = ident_spelling(&op.name);
    let returns = type_text(returns);
    let inline_args: String = args.iter().map(|(n, t)| format!(", {n}: {t}")).collect();
    let inline = format!("pub async fn {name}(&self{inline_args}) -> {returns} {{");
    if Lines::fits(4, &inline) {
        out.push_long(4, &inline);
    } else {
        out.push_long(4, &format!("pub async fn {name}("));
        out.push_long(8, "&self,");
        for (i, (arg, ty)) in args.iter().enumerate() {
            argument_type_lines(&mut out, 8, &format!("{arg}: "), ty, i + 1 == args.len());
        }
        type_lines(&mut out, 4, ") -> ", &returns, " {");
    }
    if let Some(check) = check {
        out.push_long(8, "let mut violations = runtime::ValidationErrors::default();");
        out.push_long(8, "let errors = &mut violations;");
        out.push_long(8, "let root = runtime::Path::Root;");
        match check {
            BodyCheck::Required => out.push_long(8, "runtime::Validate::validate_at(body, &root, errors);"),
            BodyCheck::Optional => {
                out.push_long(8, "if let Some(value) = body {");
                out.push_long(12, "runtime::Validate::validate_at(value, &root, errors);");
                out.push_long(8, "}");
            }
        }
        out.push_long(8, "if !violations.is_empty() {");
        out.push_long(12, "return Err(Error::Invalid(violations));");
        out.push_long(8, "}");
    }
    let query = op.parameters.iter().any(|p| p.location == ParameterLocation::Query);
    if query {
        out.push_long(8, "let query = params.query_pairs();");
    }
    out.push_long(8, "let request = runtime::Request {");
    out.push(
        12,
        &format!(
            "method: runtime::reqwest::Method::{},",
            ident_spelling(op.method.as_str())
        ),
    )?;
    path_lines(&mut out, program, op)?;
    if query {
        out.push_long(12, "query,");
    }
    if let Some(body) = &op.request_body {
        let encode = bodies::json_request_body_text(body)?;
        if body.required {
            out.push(12, &format!("body: Some({encode}),"))?;
        } else {
            // As in `arm_text`, the comma ending the arm may pass the margin.
            let arm = format!("Some(body) => Some({encode})");
            if !Lines::fits(16, &arm) {
                return None;
            }
            out.push_long(12, "body: match body {");
            out.push_long(16, &format!("{arm},"));
            out.push_long(16, "None => None,");
            out.push_long(12, "},");
        }
    }
    out.push_long(12, &format!("accept: {},", string_literal(&accept_header(op))));
    if stream {
        out.push_long(12, "stream: true,");
    }
    if !op.requirement.is_empty() {
        out.push(12, &format!("security: {},", client_struct::security_text(module, op)))?;
    }
    let operation_id = op.operation_id.as_deref().unwrap_or(&op.name);
    out.push_long(12, &format!("operation: {},", string_literal(operation_id)));
    out.push_long(12, &format!("path_template: {},", string_literal(&op.path.text)));
    // A simple method sends no headers, so some field is always defaulted.
    out.push_long(12, "..Default::default()");
    out.push_long(8, "};");
    let raw = if stream { "let mut raw" } else { "let raw" };
    out.push_long(8, &format!("{raw} = self.send(request).await?;"));
    out.push_long(8, "match raw.status.as_u16() {");
    for (pattern, value) in response_arms_text(op)? {
        arm_text(&mut out, &pattern, &value)?;
    }
    out.push_long(8, "}");
    out.push_long(4, "}");
    Some(out.0)
}

/// What an arm of the status `match` does: one call on `raw`, or a block
/// that binds the response's value and returns it.
enum ArmValue {
    Call(String),
    Block {
        binding: &'static str,
        value: String,
        then: &'static str,
    },
}

/// The arms of [`response_match`] as text.
fn response_arms_text(op: &Operation) -> Option<Vec<(String, ArmValue)>> {
    let mut arms = Vec::new();
    for (low, high, r) in status_arms(op) {
        let pattern = if low == high {
            low.to_string()
        } else {
            format!("{low}..={high}")
        };
        arms.push((pattern, response_arm_text(op, r)));
    }
    let documented_success = successes(op).next().is_some();
    let unexpected = || ArmValue::Call("raw.unexpected()".to_string());
    match op.responses.iter().find(|r| r.status == Status::Default) {
        Some(default) if documented_success => arms.push(("_".to_string(), response_arm_text(op, default))),
        Some(default) => {
            let read = ArmValue::Block {
                binding: "body",
                value: bodies::Read::of(default.body.as_ref(), false).text().to_string(),
                then: "Ok(raw.ok(body))",
            };
            arms.push(("200..=299".to_string(), read));
            arms.push(("_".to_string(), response_arm_text(op, default)));
        }
        None if !documented_success => {
            arms.push(("200..=299".to_string(), ArmValue::Call("Ok(raw.ok(()))".to_string())));
            arms.push(("_".to_string(), unexpected()));
        }
        None => arms.push(("_".to_string(), unexpected())),
    }
    Some(arms)
}

/// What the method does with one documented status, decided once for
/// its two spellings: [`response_arm`] as tokens, [`response_arm_text`].
struct ArmPlan {
    success: bool,
    /// The enum and variant that wrap the value (`Success::Created`,
    /// `Error::NotFound`); none for the success type itself.
    wrapper: Option<(String, String)>,
    /// How the body is read, unless it is JSON, which `raw` reads and
    /// wraps in one call.
    read: Option<bodies::Read>,
    has_body: bool,
}

impl ArmPlan {
    fn new(op: &Operation, r: &Response) -> Self {
        let success = r.is_success();
        let wrapper = match (&op.items.success, success) {
            (Some(name), true) => Some((name.clone(), r.variant.clone())),
            (None, true) => None,
            (_, false) => Some((op.items.error.clone(), r.variant.clone())),
        };
        let json = r
            .body
            .as_ref()
            .is_some_and(|b| b.encoding == Encoding::Json && b.ty.is_some());
        ArmPlan {
            success,
            wrapper,
            read: (!json).then(|| bodies::Read::of(r.body.as_ref(), success)),
            has_body: r.body.is_some(),
        }
    }

    /// The method of `raw` that reads a JSON body and wraps it.
    fn json_call(&self) -> &'static str {
        match (&self.wrapper, self.success) {
            (None, _) => "json_ok",
            (Some(_), true) => "json_ok_as",
            (Some(_), false) => "json_error",
        }
    }
}

/// [`response_arm`] as text.
fn response_arm_text(op: &Operation, r: &Response) -> ArmValue {
    let plan = ArmPlan::new(op, r);
    let wrapper = plan
        .wrapper
        .as_ref()
        .map(|(of, variant)| format!("{}::{}", ident_spelling(of), ident_spelling(variant)));
    let Some(read) = plan.read else {
        let argument = wrapper.unwrap_or_default();
        return ArmValue::Call(format!("raw.{}({argument})", plan.json_call()));
    };
    let value = match (wrapper, plan.has_body) {
        (None, _) => read.text().to_string(),
        (Some(wrap), true) => format!("{wrap}({})", read.text()),
        (Some(wrap), false) => wrap,
    };
    if plan.success {
        ArmValue::Block {
            binding: "body",
            value,
            then: "Ok(raw.ok(body))",
        }
    } else {
        ArmValue::Block {
            binding: "error",
            value,
            then: "raw.api_error(error)",
        }
    }
}

/// An arm of the status `match`: on one line; or its value in a block,
/// broken between the call's parentheses when even that does not fit.
fn arm_text(out: &mut Lines, pattern: &str, value: &ArmValue) -> Option<()> {
    let value = match value {
        ArmValue::Call(value) => value,
        ArmValue::Block { binding, value, then } => {
            out.push(12, &format!("{pattern} => {{"))?;
            let whole = format!("let {binding} = {value};");
            if Lines::fits(16, &whole) || !value.contains('(') {
                // A path has nowhere to break: it passes the margin as it must.
                out.push_long(16, &whole);
            } else {
                broken_call(out, 16, &format!("let {binding} = "), value, ";")?;
            }
            out.push(16, then)?;
            return out.push(12, "}");
        }
    };
    // The comma ending the arm may pass the margin.
    let whole = format!("{pattern} => {value}");
    if Lines::fits(12, &whole) {
        out.push_long(12, &format!("{whole},"));
        return Some(());
    }
    out.push(12, &format!("{pattern} => {{"))?;
    if out.push(16, value).is_none() {
        broken_call(out, 16, "", value, "")?;
    }
    out.push(12, "}")
}

/// `{lead}{call}({argument}){end}` broken between the parentheses, the
/// argument on a line of its own. Where the call or a bare path for an
/// argument passes the margin, it does so as it must: neither can break.
fn broken_call(out: &mut Lines, indent: usize, lead: &str, value: &str, end: &str) -> Option<()> {
    let (call, argument) = value.strip_suffix(')')?.split_once('(')?;
    out.push_long_parts(indent, &[lead, call, "("]);
    if argument.contains('(') {
        out.push_parts(indent + 4, &[argument, ","])?;
    } else {
        out.push_long_parts(indent + 4, &[argument, ","]);
    }
    out.push_parts(indent, &[")", end])
}

/// The request's `path:` field: on one line; or the array of its pieces
/// on one line and `.concat()` on the next; or the pieces one per line
/// and `.concat()` on a line of its own.
fn path_lines(out: &mut Lines, program: &Program, op: &Operation) -> Option<()> {
    let parts = path_pieces(program, op);
    let pieces: Vec<String> = parts.iter().map(PathPiece::text).collect();
    let path = path_text(op, &pieces);
    let inline = format!("path: {path},");
    if Lines::fits(12, &inline) {
        return out.push(12, &inline);
    }
    let concatenated = pieces.len() > 1 || op.path.has_parameters();
    if !concatenated {
        // `String::from` of one literal, broken between its parentheses.
        let [literal] = pieces.as_slice() else { return None };
        out.push(12, "path: String::from(")?;
        out.push_parts(16, &[literal, ","])?;
        return out.push(12, "),");
    }
    // The array on one line, and the call on the next.
    let array = ["path: [", &pieces.join(", "), "]"].concat();
    if Lines::fits(12, &array) {
        out.push(12, &array)?;
        return out.push(16, ".concat(),");
    }
    out.push(12, "path: [")?;
    for (i, (part, piece)) in parts.iter().zip(&pieces).enumerate() {
        // The comma after the last piece is only there because the list
        // broke: it does not count towards the width.
        let fits = if i + 1 == pieces.len() {
            Lines::fits(16, piece)
        } else {
            Lines::fits_parts(16, &[piece, ","])
        };
        if fits {
            out.push_long_parts(16, &[piece, ","]);
            continue;
        }
        // A segment too long for its line has its arguments one per line.
        let PathPiece::Segment { wire, name, text } = part else {
            return None;
        };
        out.push(16, "&runtime::path_segment(")?;
        out.push_parts(20, &[&string_literal(wire), ","])?;
        out.push_parts(20, &[&PathPiece::argument_text(name, *text), ","])?;
        out.push(16, ")?,")?;
    }
    out.push(12, "]")?;
    out.push(16, ".concat(),")
}

/// A piece of the request's path: literal text, or a parameter encoded
/// as one segment (`text` when the argument is a `&str` already).
enum PathPiece<'a> {
    Literal(&'a str),
    Segment {
        wire: &'a str,
        name: syn::Ident,
        text: bool,
    },
}

/// The pieces [`path_expression`] joins, in path order.
fn path_pieces<'a>(program: &Program, op: &'a Operation) -> Vec<PathPiece<'a>> {
    op.path
        .segments
        .iter()
        .filter_map(|segment| match segment {
            PathSegment::Literal(text) => Some(PathPiece::Literal(text)),
            PathSegment::Parameter(wire) => op.path_parameter(wire).map(|p| PathPiece::Segment {
                wire,
                name: ident(&p.name),
                text: takes_text(program, &p.ty),
            }),
        })
        .collect()
}

impl PathPiece<'_> {
    fn tokens(&self) -> TokenStream {
        match self {
            PathPiece::Literal(text) => quote! { #text },
            PathPiece::Segment { wire, name, text } => {
                // `&str` arguments are the text already; others have `Display`.
                let text = if *text {
                    quote! { #name }
                } else {
                    quote! { &#name.to_string() }
                };
                quote! { &runtime::path_segment(#wire, #text)? }
            }
        }
    }

    fn text(&self) -> String {
        match self {
            PathPiece::Literal(text) => string_literal(text),
            PathPiece::Segment { wire, name, text } => format!(
                "&runtime::path_segment({}, {})?",
                string_literal(wire),
                Self::argument_text(name, *text)
            ),
        }
    }

    /// The segment's argument: the name of a `&str`, else its text.
    fn argument_text(name: &syn::Ident, text: bool) -> String {
        if text {
            name.to_string()
        } else {
            format!("&{name}.to_string()")
        }
    }
}

/// [`path_expression`] as text.
fn path_text(op: &Operation, pieces: &[String]) -> String {
    match pieces {
        [] => "String::new()".to_string(),
        [literal] if !op.path.has_parameters() => format!("String::from({literal})"),
        _ => format!("[{}].concat()", pieces.join(", ")),
    }
}

/// The `Request` the method sends, with the fields that differ from its
/// defaults.
fn request(
    program: &Program,
    module: &Module,
    op: &Operation,
    query: &TokenStream,
    headers: &TokenStream,
    stream: bool,
) -> TokenStream {
    let method = ident(op.method.as_str());
    let path = path_expression(program, op);
    let mut fields = vec![
        quote! { method: runtime::reqwest::Method::#method },
        quote! { path: #path },
    ];
    let mut defaulted = false;
    let mut field = |present: bool, tokens: TokenStream| {
        if present {
            fields.push(tokens);
        } else {
            defaulted = true;
        }
    };
    field(!query.is_empty(), quote! { query });
    field(!headers.is_empty(), quote! { headers });
    let body = op.request_body.as_ref().map(bodies::request_body);
    field(body.is_some(), quote! { body: #body });
    let accept = accept_header(op);
    // Always sent: `*/*` when the spec lists no response body.
    field(true, quote! { accept: #accept });
    field(stream, quote! { stream: true });
    let security = client_struct::security_tokens(module, op);
    field(!op.requirement.is_empty(), quote! { security: #security });
    let operation_id = op.operation_id.as_deref().unwrap_or(&op.name);
    let path_template = &op.path.text;
    fields.push(quote! { operation: #operation_id });
    fields.push(quote! { path_template: #path_template });
    let rest = defaulted.then(|| quote! { ..Default::default() });
    quote! { runtime::Request { #(#fields,)* #rest } }
}

/// The checks of the arguments against the spec's constraints, returning
/// `Error::Invalid` with every violation found.
fn validation(mut checks: Vec<TokenStream>, body: Option<TokenStream>) -> Option<TokenStream> {
    checks.extend(body);
    (!checks.is_empty()).then(|| {
        quote! {
            let mut violations = runtime::ValidationErrors::default();
            let errors = &mut violations;
            let root = runtime::Path::Root;
            #(#checks)*
            if !violations.is_empty() {
                return Err(Error::Invalid(violations));
            }
        }
    })
}

/// How [`method_text`] checks a method whose one check is its body's own
/// `Validate` impl.
#[derive(Debug, Clone, Copy)]
enum BodyCheck {
    Required,
    Optional,
}

/// How the body is checked, where [`body_checks`] gives a check and it is
/// a call of its type's `Validate` impl, as most checked bodies are;
/// `None` otherwise.
fn body_check(program: &Program, op: &Operation, validated: &Validated) -> Option<BodyCheck> {
    let body = op.request_body.as_ref()?;
    if !checked_by_impl(program, body.ty.as_ref()?, validated) {
        return None;
    }
    Some(if body.required {
        BodyCheck::Required
    } else {
        BodyCheck::Optional
    })
}

/// The checks of the parameters, in their order.
fn parameter_checks(program: &Program, op: &Operation, validated: &Validated) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    for p in &op.parameters {
        // A path parameter of a type with no text form is taken as text:
        // there is no typed value to check.
        let taken_as_text =
            p.location == ParameterLocation::Path && p.ty != TypeRef::String && takes_text(program, &p.ty);
        if taken_as_text {
            continue;
        }
        let name = ident(&p.name);
        let arg = match p.location {
            ParameterLocation::Path if by_reference(&p.ty) => Checked::Name(quote! { #name }),
            ParameterLocation::Path => Checked::Bound(quote! { &#name }),
            _ if p.required => Checked::Bound(quote! { &params.#name }),
            _ => Checked::Optional(quote! { &params.#name }),
        };
        let wire = &p.wire_name;
        let path = quote! { &root.field(#wire) };
        checks.extend(checked(program, &p.ty, &p.constraints, arg, path, validated));
    }
    checks
}

/// The check of the body, where it has one.
fn body_checks(program: &Program, op: &Operation, validated: &Validated) -> Option<TokenStream> {
    if let Some(body) = &op.request_body
        && let (Some(ty), crate::ir::Encoding::Json | crate::ir::Encoding::Form(_)) = (&body.ty, &body.encoding)
    {
        let arg = if body.required {
            Checked::Name(quote! { body })
        } else {
            Checked::Optional(quote! { body })
        };
        let path = quote! { &root };
        return checked(program, ty, &Default::default(), arg, path, validated);
    }
    None
}

/// How a checked argument is reached.
enum Checked {
    /// By its name, a reference already: `body`.
    Name(TokenStream),
    /// By an expression of a reference to it, bound to `value` first.
    Bound(TokenStream),
    /// By an expression of an `Option` of a reference, checked when it holds one.
    Optional(TokenStream),
}

/// The checks of one argument; `None` when there is nothing to check.
fn checked(
    program: &Program,
    ty: &TypeRef,
    constraints: &Constraints,
    arg: Checked,
    path: TokenStream,
    validated: &Validated,
) -> Option<TokenStream> {
    let name = match &arg {
        Checked::Name(name) => name.clone(),
        Checked::Bound(_) | Checked::Optional(_) => quote! { value },
    };
    let check = value_checks(program, ty, constraints, name, path, validated);
    if check.is_empty() {
        return None;
    }
    Some(match arg {
        Checked::Name(_) => check,
        Checked::Bound(value) => quote! { { let value = #value; #check } },
        Checked::Optional(value) => quote! { if let Some(value) = #value { #check } },
    })
}

/// The path, each parameter encoded as one segment. Pieces are joined
/// without `format!`, whose arguments rustfmt leaves unformatted.
fn path_expression(program: &Program, op: &Operation) -> TokenStream {
    let pieces: Vec<TokenStream> = path_pieces(program, op).iter().map(PathPiece::tokens).collect();
    match pieces.as_slice() {
        [] => quote! { String::new() },
        [literal] if !op.path.has_parameters() => quote! { String::from(#literal) },
        _ => quote! { [#(#pieces),*].concat() },
    }
}

/// The statements that fill `query` and `headers` from the params struct: each
/// parameter pushed where the spec puts it, cookies joined in one header.
fn parameter_pushes(program: &Program, op: &Operation) -> (TokenStream, TokenStream) {
    let mut header_pushes = Vec::new();
    let mut cookies = Vec::new();
    for p in op.parameters.iter().filter(|p| p.location != ParameterLocation::Path) {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let push = match p.location {
            ParameterLocation::Query => continue,
            ParameterLocation::Header => {
                let text = header_text(program, &p.ty);
                quote! { headers.push((#wire, #text)); }
            }
            ParameterLocation::Cookie => {
                let text = header_text(program, &p.ty);
                quote! { cookies.push(format!("{}={}", #wire, #text)); }
            }
            ParameterLocation::Path => continue,
        };
        let push = if p.required {
            quote! { let value = &params.#name; #push }
        } else {
            quote! { if let Some(value) = &params.#name { #push } }
        };
        match p.location {
            ParameterLocation::Header => header_pushes.push(push),
            _ => cookies.push(push),
        }
    }
    let query = if op.parameters.iter().any(|p| p.location == ParameterLocation::Query) {
        quote! { let query = params.query_pairs(); }
    } else {
        quote! {}
    };
    let cookie_header = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#cookies)*
            if !cookies.is_empty() {
                headers.push(("cookie", cookies.join("; ")));
            }
        }
    });
    let headers = if header_pushes.is_empty() && cookie_header.is_none() {
        quote! {}
    } else {
        quote! {
            let mut headers: Vec<(&str, String)> = Vec::new();
            #(#header_pushes)*
            #cookie_header
        }
    };
    (query, headers)
}

/// The `match` over the response status: exact codes, then ranges, then
/// `default` or the undocumented rest.
fn response_match(op: &Operation) -> TokenStream {
    let mut arms = Vec::new();
    for (low, high, r) in status_arms(op) {
        let pattern = status_pattern(low, high);
        let arm = response_arm(op, r);
        arms.push(quote! { #pattern => #arm, });
    }
    let documented_success = successes(op).next().is_some();
    let fallback = match op.responses.iter().find(|r| r.status == Status::Default) {
        Some(default) if documented_success => {
            let arm = response_arm(op, default);
            quote! { _ => #arm, }
        }
        Some(default) => {
            // Only `default` is documented: it covers success too.
            let read = bodies::Read::of(default.body.as_ref(), false).tokens();
            let arm = response_arm(op, default);
            quote! { 200..=299 => { let body = #read; Ok(raw.ok(body)) } _ => #arm, }
        }
        None if !documented_success => quote! { 200..=299 => Ok(raw.ok(())), _ => raw.unexpected(), },
        None => quote! { _ => raw.unexpected(), },
    };
    quote! {
        match raw.status.as_u16() {
            #(#arms)*
            #fallback
        }
    }
}

fn header_text(program: &Program, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Vec(item) => {
            let text = scalar_text(program, item, quote! { item });
            quote! { value.iter().map(|item| #text).collect::<Vec<_>>().join(",") }
        }
        _ => scalar_text(program, ty, quote! { value }),
    }
}

/// What the method does with one documented status.
fn response_arm(op: &Operation, r: &Response) -> TokenStream {
    let plan = ArmPlan::new(op, r);
    let wrapper = plan.wrapper.as_ref().map(|(of, variant)| {
        let (of, variant) = (ident(of), ident(variant));
        quote! { #of::#variant }
    });
    let Some(read) = plan.read else {
        let call = ident(plan.json_call());
        return quote! { raw.#call(#wrapper) };
    };
    let read = read.tokens();
    let value = match (&wrapper, plan.has_body) {
        (None, _) => read,
        (Some(wrap), true) => quote! { #wrap(#read) },
        (Some(wrap), false) => wrap.clone(),
    };
    if plan.success {
        quote! { { let body = #value; Ok(raw.ok(body)) } }
    } else {
        quote! { { let error = #value; raw.api_error(error) } }
    }
}

/// The responses the status `match` has an arm of their own for: exact
/// codes first, then ranges, each with its lowest and highest code.
fn status_arms(op: &Operation) -> impl Iterator<Item = (u16, u16, &Response)> {
    let exact = op.responses.iter().filter(|r| matches!(r.status, Status::Code(_)));
    let ranges = op.responses.iter().filter(|r| matches!(r.status, Status::Range(_)));
    exact.chain(ranges).filter_map(|r| {
        let codes = r.status.codes()?;
        Some((*codes.start(), *codes.end(), r))
    })
}

fn status_pattern(low: u16, high: u16) -> TokenStream {
    let low_literal = proc_macro2::Literal::u16_unsuffixed(low);
    let high_literal = proc_macro2::Literal::u16_unsuffixed(high);
    if low == high {
        quote! { #low_literal }
    } else {
        quote! { #low_literal..=#high_literal }
    }
}

fn accept_header(op: &Operation) -> String {
    let mut types: Vec<String> = op
        .responses
        .iter()
        .filter_map(|r| r.body.as_ref())
        .map(|b| b.content_type.clone())
        .collect();
    types.sort();
    types.dedup();
    if types.is_empty() {
        "*/*".to_string()
    } else {
        types.join(", ")
    }
}

/// The text of one scalar parameter value (`value` is a reference).
pub(super) fn scalar_text(program: &Program, ty: &TypeRef, value: TokenStream) -> TokenStream {
    if displayable(program, ty) {
        quote! { #value.to_string() }
    } else {
        quote! { serde_json::to_string(#value).unwrap_or_default() }
    }
}

/// Statements that push a query parameter held in `value` (a reference).
pub(super) fn push_query(program: &Program, p: &Parameter, ty: &TypeRef, value: TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    match ty {
        TypeRef::Vec(item) if p.explode => {
            let text = scalar_text(program, item, quote! { item });
            quote! { for item in #value.iter() { query.push((#wire.to_string(), #text)); } }
        }
        TypeRef::Vec(item) => {
            let text = scalar_text(program, item, quote! { item });
            quote! { query.push((#wire.to_string(), #value.iter().map(|item| #text).collect::<Vec<_>>().join(","))); }
        }
        TypeRef::Nullable(inner) => {
            let push = push_query(program, p, inner, quote! { inner });
            quote! { if let Some(inner) = #value { #push } }
        }
        _ => {
            let text = scalar_text(program, ty, value);
            quote! { query.push((#wire.to_string(), #text)); }
        }
    }
}

#[cfg(test)]
mod tests;
