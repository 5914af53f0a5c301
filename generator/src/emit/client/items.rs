//! The items each operation adds to its client module: its error enum,
//! params struct, success enum and multipart body.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::docs::doc_lines;
use super::super::layout::{Lines, Part, doc_comments, doc_text, string_literal, type_lines, type_text};
use super::super::type_refs::{Spelling, spelled};
use super::super::{ident, ident_spelling};
use super::arguments::optional_unless;
use super::{bodies, displayable, errors, operation_name, successes};
use crate::ir::{Docs, Encoding, Module, Operation, Parameter, ParameterLocation, Program, Response, TypeRef};

pub(super) fn emit_operation_items(program: &Program, module: &Module, op: &Operation) -> Vec<Part> {
    let spelling = Spelling::Beside(module.id);
    let error = ResponseEnum {
        doc: format!(" The error responses `{}` documents.", operation_name(op)),
        derives: "Debug, Clone, PartialEq",
        name: ident_spelling(&op.items.error).to_string(),
        variants: errors(op).map(|r| Variant::new(program, spelling, r, false)).collect(),
    };
    let mut parts = vec![error.part()];
    if let Some(name) = &op.items.params {
        parts.extend(emit_params(program, spelling, op, name));
    }
    if let Some(success_name) = &op.items.success {
        let success = ResponseEnum {
            doc: format!(" The success responses `{}` documents.", operation_name(op)),
            // A streamed body can be neither cloned nor compared.
            derives: if bodies::streams(op) {
                "Debug"
            } else {
                "Debug, Clone, PartialEq"
            },
            name: ident_spelling(success_name).to_string(),
            variants: successes(op)
                .map(|r| Variant::new(program, spelling, r, true))
                .collect(),
        };
        parts.push(success.part());
    }
    if let Some(Encoding::Multipart(multipart)) = op.request_body.as_ref().map(|b| &b.encoding) {
        parts.push(Part::Tokens(bodies::emit_multipart(program, spelling, op, multipart)));
    }
    parts
}

/// An operation's error or success enum: a variant per documented status.
struct ResponseEnum {
    doc: String,
    derives: &'static str,
    name: String,
    variants: Vec<Variant>,
}

/// The variant of one documented status, carrying its body if it has one.
struct Variant {
    doc: String,
    name: String,
    ty: Option<TokenStream>,
}

impl Variant {
    fn new(program: &Program, spelling: Spelling<'_>, r: &Response, success: bool) -> Self {
        Variant {
            doc: format!(" {}: {}", r.status, r.description.lines().next().unwrap_or("")),
            name: ident_spelling(&r.variant).to_string(),
            ty: r
                .body
                .as_ref()
                .map(|body| bodies::response_type(program, spelling, Some(body), success)),
        }
    }
}

impl ResponseEnum {
    /// The enum as text when its layout is one written here, else tokens.
    fn part(&self) -> Part {
        match self.text() {
            Some(text) => Part::Text(text),
            None => Part::Tokens(self.tokens()),
        }
    }

    fn tokens(&self) -> TokenStream {
        let doc = &self.doc;
        let derives: TokenStream = self.derives.parse().unwrap_or_default();
        let name = ident(&self.name);
        let variants = self.variants.iter().map(|v| {
            let doc = &v.doc;
            let variant = ident(&v.name);
            match &v.ty {
                Some(ty) => quote! { #[doc = #doc] #variant(#ty), },
                None => quote! { #[doc = #doc] #variant, },
            }
        });
        quote! {
            #[doc = #doc]
            #[derive(#derives)]
            #[non_exhaustive]
            pub enum #name { #(#variants)* }
        }
    }

    /// As `prettyplease` prints it, or `None`: a doc it would print as an
    /// attribute, or a variant too long for its line.
    fn text(&self) -> Option<String> {
        let docs = std::iter::once(&self.doc).chain(self.variants.iter().map(|v| &v.doc));
        if docs.clone().any(|doc| doc.contains(['\n', '\r'])) {
            return None;
        }
        let mut out = Lines::default();
        doc_text(&mut out, 0, &self.doc[1..]);
        out.push_long(0, &format!("#[derive({})]", self.derives));
        out.push_long(0, "#[non_exhaustive]");
        if self.variants.is_empty() {
            out.push(0, &format!("pub enum {} {{}}", self.name))?;
            return Some(out.0);
        }
        out.push(0, &format!("pub enum {} {{", self.name))?;
        for variant in &self.variants {
            doc_text(&mut out, 4, &variant.doc[1..]);
            match &variant.ty {
                Some(ty) => out.push(4, &format!("{}({}),", variant.name, type_text(ty)))?,
                None => out.push(4, &format!("{},", variant.name))?,
            }
        }
        out.push_long(0, "}");
        Some(out.0)
    }
}

/// A query, header or cookie parameter's field type: `Option` unless required.
pub(crate) fn params_field_type(program: &Program, spelling: Spelling<'_>, p: &Parameter) -> TokenStream {
    optional_unless(p.required, spelled(program, spelling, &p.ty))
}

fn emit_params(program: &Program, spelling: Spelling<'_>, op: &Operation, name: &str) -> Vec<Part> {
    let params_name = ident(name);
    let not_in_path = || op.parameters.iter().filter(|p| p.location != ParameterLocation::Path);
    let default = not_in_path().all(|p| !p.required);
    let doc = format!(" Query, header and cookie parameters of `{}`.", operation_name(op));
    let query_text = query_pairs_text(program, op, name);
    let query_pairs = match query_text {
        Some(_) => None,
        None => query_pairs_tokens(program, op, &params_name),
    };
    let fields: Vec<(String, Docs, TokenStream)> = not_in_path()
        .map(|p| {
            let mut docs = p.docs.clone();
            docs.example = None;
            (
                ident_spelling(&p.name).to_string(),
                docs,
                params_field_type(program, spelling, p),
            )
        })
        .collect();
    let derives = if default {
        "Debug, Clone, PartialEq, Default"
    } else {
        "Debug, Clone, PartialEq"
    };
    match params_text(&doc, derives, &params_name.to_string(), &fields) {
        Some(text) => {
            let mut parts = vec![Part::Text(text)];
            parts.extend(query_pairs.map(Part::Tokens));
            parts.extend(query_text.map(Part::Text));
            parts
        }
        None => {
            let default = default.then(|| quote! { Default, });
            let fields = fields.iter().map(|(name, docs, ty)| {
                let name = ident(name);
                let docs = param_docs(docs);
                quote! { #docs pub #name: #ty, }
            });
            let mut parts = vec![Part::Tokens(quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq, #default)]
                pub struct #params_name {
                    #(#fields)*
                }

                #query_pairs
            })];
            parts.extend(query_text.map(Part::Text));
            parts
        }
    }
}

/// `query_pairs` as tokens; `None` when there is no query.
fn query_pairs_tokens(program: &Program, op: &Operation, params_name: &syn::Ident) -> Option<TokenStream> {
    let pushes: Vec<TokenStream> = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query)
        .map(|p| {
            let name = ident(&p.name);
            let push = super::method::push_query(program, p, &p.ty, quote! { value });
            if p.required {
                quote! { let value = &self.#name; #push }
            } else {
                quote! { if let Some(value) = &self.#name { #push } }
            }
        })
        .collect();
    (!pushes.is_empty()).then(|| {
        quote! {
            impl #params_name {
                /// The query the parameters make, in the spec's order.
                #[doc(hidden)]
                pub fn query_pairs(&self) -> Vec<(String, String)> {
                    let mut query = Vec::new();
                    #(#pushes)*
                    query
                }
            }
        }
    })
}

/// `query_pairs` as `prettyplease` prints it, when every query parameter
/// is one value pushed on a line that fits; `None` otherwise, and when
/// there is no query.
fn query_pairs_text(program: &Program, op: &Operation, name: &str) -> Option<String> {
    let query: Vec<&Parameter> = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query)
        .collect();
    if query.is_empty() {
        return None;
    }
    let mut out = Lines::default();
    out.push(0, &format!("impl {} {{", ident_spelling(name)))?;
    out.push_long(4, "/// The query the parameters make, in the spec's order.");
    out.push_long(4, "#[doc(hidden)]");
    out.push_long(4, "pub fn query_pairs(&self) -> Vec<(String, String)> {");
    out.push_long(8, "let mut query = Vec::new();");
    for p in query {
        // Lists and nullable values push in loops and branches: tokens.
        if matches!(p.ty, TypeRef::Vec(_) | TypeRef::Nullable(_)) {
            return None;
        }
        let text = if displayable(program, &p.ty) {
            "value.to_string()"
        } else {
            "serde_json::to_string(value).unwrap_or_default()"
        };
        let push = format!("query.push(({}.to_string(), {text}));", string_literal(&p.wire_name));
        let field = ident(&p.name);
        if p.required {
            out.push(8, &format!("let value = &self.{field};"))?;
            out.push(8, &push)?;
        } else {
            out.push(8, &format!("if let Some(value) = &self.{field} {{"))?;
            out.push(12, &push)?;
            out.push_long(8, "}");
        }
    }
    out.push_long(8, "query");
    out.push_long(4, "}");
    out.push_long(0, "}");
    Some(out.0)
}

/// The params struct as `prettyplease` prints it, or `None`.
fn params_text(doc: &str, derives: &str, name: &str, fields: &[(String, Docs, TokenStream)]) -> Option<String> {
    if fields.is_empty() || doc.contains(['\n', '\r']) {
        return None;
    }
    let mut out = Lines::default();
    doc_text(&mut out, 0, &doc[1..]);
    out.push(0, &format!("#[derive({derives})]"))?;
    out.push_long(0, &format!("pub struct {name} {{"));
    for (field, docs, ty) in fields {
        doc_comments(&mut out, 4, docs);
        type_lines(&mut out, 4, &format!("pub {field}: "), &type_text(ty), ",");
    }
    out.push_long(0, "}");
    Some(out.0)
}

fn param_docs(docs: &Docs) -> TokenStream {
    let text = super::super::docs::render(docs);
    let mut out = doc_lines(&text);
    if docs.deprecated {
        out.extend(quote! { #[deprecated] });
    }
    out
}

#[cfg(test)]
mod tests;
