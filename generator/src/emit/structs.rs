//! Structs: the definition with its serde attributes, the reader of an open
//! struct (see [`super::readers`]) and the constructor.
//!
//! The definition is written as text where [`super::layout`] can lay it
//! out, and as tokens otherwise.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::layout::{Lines, Part, argument_type_lines, doc_comments, literal_stays_inline, type_lines};
use super::readers::reader;
use super::type_refs::type_text_of;
use super::{ident, ident_spelling};
use crate::ir::{Docs, Field, ModuleId, Program, Struct, TypeDef, TypeRef};

/// A struct's definition, its reader when it reads in one pass, and its
/// constructor when it has required fields, in that order.
pub(super) fn emit_struct(program: &Program, def: &TypeDef, name: &syn::Ident, s: &Struct) -> Vec<Part> {
    let one_pass = s.reads_in_one_pass();
    let no_docs = Docs::default();
    let mut fields: Vec<Declared<'_>> = s
        .fields
        .iter()
        .map(|f| declare_field(program, def.module, f, one_pass))
        .collect();
    if let Some(additional) = &s.additional {
        let value = type_text_of(program, def.module, &additional.value);
        fields.push(Declared {
            name: ident_spelling(&additional.name),
            docs: &no_docs,
            note: Some("Properties the spec does not list, kept as received and sent\nback after the listed ones."),
            serde: vec![Arg::Flag("flatten")],
            ty: ["crate::UnlistedProperties<", &value, ">"].concat(),
        });
    }
    // Every field optional: `Default` gives an empty value to fill in.
    let all_optional = s.fields.iter().all(|f| !f.required && !f.flatten);
    let derives = [
        "Debug",
        "Clone",
        "PartialEq",
        if all_optional { "Default" } else { "" },
        "serde::Serialize",
        if one_pass { "" } else { "serde::Deserialize" },
    ];
    let derives: Vec<&str> = derives.into_iter().filter(|d| !d.is_empty()).collect();
    let definition = match definition_text(name, &def.docs, &derives, &fields) {
        Some(text) => Part::Text(text),
        None => Part::Tokens(definition_tokens(name, &def.docs, &derives, &fields)),
    };
    let mut parts = vec![definition];
    if let Some(additional) = s.additional.as_ref().filter(|_| one_pass) {
        parts.push(reader(name, s, additional));
    }
    if !all_optional {
        parts.push(emit_constructor(program, def.module, name, s));
    }
    parts
}

/// A field as declared: what both the tokens and the text print.
struct Declared<'a> {
    /// As [`ident`] prints it.
    name: &'a str,
    docs: &'a Docs,
    /// Fixed rustdoc of a field the generator adds, one line per `\n`.
    note: Option<&'static str>,
    serde: Vec<Arg>,
    /// The type as [`type_text`] prints it; its tokens are parsed from it
    /// where the definition is built as tokens.
    ty: String,
}

/// One argument of `#[serde(…)]`.
enum Arg {
    Flag(&'static str),
    Value(&'static str, String),
}

impl Arg {
    fn tokens(&self) -> TokenStream {
        match self {
            Arg::Flag(flag) => {
                let flag = ident(flag);
                quote! { #flag }
            }
            Arg::Value(key, value) => {
                let key = ident(key);
                quote! { #key = #value }
            }
        }
    }

    fn text(&self) -> String {
        match self {
            Arg::Flag(flag) => flag.to_string(),
            Arg::Value(key, value) => format!("{key} = {}", Literal::string(value)),
        }
    }
}

/// A struct field with its serde attributes; `one_pass` when the struct's
/// `Deserialize` is not derived, so only serialisation reads them.
fn declare_field<'a>(program: &Program, module: ModuleId, field: &'a Field, one_pass: bool) -> Declared<'a> {
    let mut ty = type_text_of(program, module, &field.ty);
    if field.boxed {
        ty = ["Box<", &ty, ">"].concat();
    }
    let mut serde = Vec::new();
    if field.flatten {
        serde.push(Arg::Flag("flatten"));
    } else if super::ident_text(&field.name) != field.wire_name {
        serde.push(Arg::Value("rename", field.wire_name.clone()));
    }
    let skip = || Arg::Value("skip_serializing_if", "Option::is_none".to_string());
    let ty = match (field.required || field.flatten, field.nullable) {
        (true, false) => ty,
        (true, true) => ["Option<", &ty, ">"].concat(),
        (false, nullable) => {
            match (one_pass, nullable) {
                (true, _) => serde.push(skip()),
                (false, false) => serde.extend([Arg::Flag("default"), skip()]),
                // Absent and `null` are different messages; keep both apart.
                (false, true) => serde.extend([
                    Arg::Flag("default"),
                    skip(),
                    Arg::Value("deserialize_with", "crate::support::deserialize_present".to_string()),
                ]),
            }
            if nullable {
                ["Option<Option<", &ty, ">>"].concat()
            } else {
                ["Option<", &ty, ">"].concat()
            }
        }
    };
    Declared {
        name: ident_spelling(&field.name),
        docs: &field.docs,
        note: None,
        serde,
        ty,
    }
}

fn definition_tokens(name: &syn::Ident, docs: &Docs, derives: &[&str], fields: &[Declared<'_>]) -> TokenStream {
    let docs = doc_attrs(docs);
    let derives = derives.iter().map(|d| d.parse::<TokenStream>().unwrap_or_default());
    let fields = fields.iter().map(|field| {
        let docs = doc_attrs(field.docs);
        let note = field.note.map(super::docs::doc_lines);
        let args = field.serde.iter().map(Arg::tokens);
        let serde = (!field.serde.is_empty()).then(|| quote! { #[serde(#(#args),*)] });
        let (name, ty) = (ident(field.name), type_tokens_of(&field.ty));
        quote! {
            #docs
            #note
            #serde
            pub #name: #ty,
        }
    });
    quote! {
        #docs
        #[derive(#(#derives),*)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The definition as `prettyplease` prints it, or `None` where its layout
/// is not one of those written here.
fn definition_text(name: &syn::Ident, docs: &Docs, derives: &[&str], fields: &[Declared<'_>]) -> Option<String> {
    if fields.is_empty() {
        return None;
    }
    let mut out = Lines::default();
    doc_comments(&mut out, 0, docs);
    out.push(0, &format!("#[derive({})]", derives.join(", ")))?;
    out.push_long(0, &format!("pub struct {name} {{"));
    for field in fields {
        doc_comments(&mut out, 4, field.docs);
        for line in field.note.unwrap_or_default().lines() {
            out.push_long_parts(4, &["/// ", line]);
        }
        if !field.serde.is_empty() {
            let args: Vec<String> = field.serde.iter().map(Arg::text).collect();
            if !args.iter().all(|a| a.is_ascii()) {
                return None;
            }
            let inline = args.join(", ");
            let inline = ["#[serde(", &inline, ")]"];
            if Lines::fits_parts(4, &inline) {
                out.push_parts(4, &inline)?;
            } else {
                out.push(4, "#[serde(")?;
                let last = args.len() - 1;
                for (i, arg) in args.iter().enumerate() {
                    out.push_long_parts(8, &[arg, if i == last { "" } else { "," }]);
                }
                out.push(4, ")]")?;
            }
        }
        type_lines(&mut out, 4, &["pub ", field.name, ": "].concat(), &field.ty, ",");
    }
    out.push(0, "}")?;
    Some(out.0)
}

/// The tokens of a type written as text: the same tokens `quote!` gives,
/// for the definitions and constructors built as tokens.
fn type_tokens_of(text: &str) -> TokenStream {
    text.parse().unwrap_or_default()
}

/// `new(required…)`: the fields a value must have as arguments, the rest
/// `None` (or empty), so that optional fields need not be spelled out.
fn emit_constructor(program: &Program, module: ModuleId, name: &syn::Ident, s: &Struct) -> Part {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for field in &s.fields {
        let member = ident(&field.name);
        if (field.required || field.flatten) && !field.nullable {
            let string = field.ty == TypeRef::String;
            let member_text = member.to_string();
            let value = if string {
                [&member_text, ".into()"].concat()
            } else {
                member_text.clone()
            };
            let init = match (field.boxed, string) {
                (true, _) => [&member_text, ": Box::new(", &value, ")"].concat(),
                (false, true) => [&member_text, ": ", &value].concat(),
                (false, false) => value,
            };
            let ty = if string {
                "impl Into<String>".to_string()
            } else {
                type_text_of(program, module, &field.ty)
            };
            args.push((member, ty));
            inits.push(init);
        } else {
            inits.push([&member.to_string(), ": None"].concat());
        }
    }
    if let Some(additional) = &s.additional {
        inits.push(format!("{}: Default::default()", ident_spelling(&additional.name)));
    }
    match constructor_text(name, &args, &inits) {
        Some(text) => Part::Text(text),
        None => Part::Tokens(constructor_tokens(name, &args, &inits)),
    }
}

/// An argument of `new`: its name and its type as text.
type Param = (syn::Ident, String);

/// Clippy's limit on a function's arguments, past which `new` allows more.
const MANY_ARGUMENTS: usize = 7;

fn constructor_tokens(name: &syn::Ident, args: &[Param], inits: &[String]) -> TokenStream {
    let args = args.iter().map(|(member, ty)| {
        let ty = type_tokens_of(ty);
        quote! { #member: #ty }
    });
    // Each init is a field and its value, all made of identifiers.
    let inits = inits.iter().map(|init| init.parse::<TokenStream>().unwrap_or_default());
    let allow = (args.len() > MANY_ARGUMENTS).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        impl #name {
            /// A value with the required fields; the optional ones are `None`.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// The constructor as `prettyplease` prints it, or `None` where its layout
/// is not one of those written here.
fn constructor_text(name: &syn::Ident, args: &[Param], inits: &[String]) -> Option<String> {
    let mut out = Lines::default();
    out.push_long_parts(0, &["impl ", &name.to_string(), " {"]);
    out.push(4, "/// A value with the required fields; the optional ones are `None`.")?;
    if args.len() > MANY_ARGUMENTS {
        out.push(4, "#[allow(clippy::too_many_arguments)]")?;
    }
    let inline: Vec<String> = args.iter().map(|(member, ty)| format!("{member}: {ty}")).collect();
    let signature = format!("pub fn new({}) -> Self {{", inline.join(", "));
    if Lines::fits(4, &signature) {
        out.push(4, &signature)?;
    } else {
        out.push(4, "pub fn new(")?;
        for (i, (member, ty)) in args.iter().enumerate() {
            argument_type_lines(&mut out, 8, &format!("{member}: "), ty, i + 1 == args.len());
        }
        out.push(4, ") -> Self {")?;
    }
    let literal = ["Self { ", &inits.join(", "), " }"].concat();
    if literal_stays_inline(&literal) {
        out.push(8, &literal)?;
    } else {
        out.push(8, "Self {")?;
        for init in inits {
            out.push_parts(12, &[init, ","])?;
        }
        out.push(8, "}")?;
    }
    out.push(4, "}")?;
    out.push(0, "}")?;
    Some(out.0)
}

#[cfg(test)]
mod tests;
