//! Enums of strings and of integers, each with a catch-all variant that
//! keeps a value the spec does not list, so that a new server value never
//! fails a response.
//!
//! Written as text where [`super::layout`] can lay them out, and as tokens
//! otherwise.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::layout::{Lines, Part, doc_comments, string_literal};
use super::{ident, ident_spelling};
use crate::ir::{Docs, Enum, EnumRepr};

/// The enum `name`, its accessor, its `From` and its serde impls.
pub(super) fn emit_enum(name: &syn::Ident, docs: &Docs, e: &Enum) -> Part {
    if let Some(text) = enum_text(name, docs, e) {
        return Part::Text(text);
    }
    let docs = doc_attrs(docs);
    Part::Tokens(match e.repr {
        EnumRepr::String => emit_string_enum(name, docs, e),
        EnumRepr::Integer => emit_integer_enum(name, docs, e),
    })
}

/// What differs between an enum of strings and one of integers.
struct Repr {
    derives: &'static str,
    other_doc: &'static str,
    other_holds: &'static str,
    accessor: &'static str,
    other_value: &'static str,
    from: &'static str,
    from_other: &'static str,
    serde: &'static str,
}

const STRING: Repr = Repr {
    derives: "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]",
    other_doc: "/// A value not listed in the spec, kept as received.",
    other_holds: "crate::UnknownValue",
    accessor: "pub fn as_str(&self) -> &str {",
    other_value: "value.as_str()",
    from: "&str",
    from_other: "crate::UnknownValue::new(other)",
    serde: "string_enum",
};

const INTEGER: Repr = Repr {
    derives: "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]",
    other_doc: "/// A value not listed in the spec, kept as sent.",
    other_holds: "i64",
    accessor: "pub fn as_i64(&self) -> i64 {",
    other_value: "*value",
    from: "i64",
    from_other: "other",
    serde: "integer_enum",
};

/// The enum as `prettyplease` prints it, or `None` where its layout is not
/// one of those written here.
fn enum_text(name: &syn::Ident, docs: &Docs, e: &Enum) -> Option<String> {
    let (repr, values): (&Repr, Vec<String>) = match e.repr {
        EnumRepr::String => (
            &STRING,
            e.variants
                .iter()
                .map(|v| string_literal(v.value.as_str().unwrap_or_default()))
                .collect(),
        ),
        EnumRepr::Integer => (
            &INTEGER,
            e.variants
                .iter()
                .map(|v| Literal::i64_unsuffixed(v.value.as_i64().unwrap_or_default()).to_string())
                .collect(),
        ),
    };
    let other = ident(&e.catch_all);
    let variants: Vec<String> = e.variants.iter().map(|v| ident_spelling(&v.name).to_string()).collect();
    let mut out = Lines::default();
    doc_comments(&mut out, 0, docs);
    out.push(0, repr.derives)?;
    out.push(0, "#[non_exhaustive]")?;
    out.push_long(0, &format!("pub enum {name} {{"));
    for (variant, member) in e.variants.iter().zip(&variants) {
        out.push_long(4, &format!("/// `{}`", variant.value));
        out.push_long(4, &format!("{member},"));
    }
    out.push(4, repr.other_doc)?;
    out.push(4, &format!("{other}({}),", repr.other_holds))?;
    out.push(0, "}")?;
    out.push_long(0, &format!("impl {name} {{"));
    out.push(4, "/// The value as sent on the wire.")?;
    out.push(4, repr.accessor)?;
    out.push(8, "match self {")?;
    for (variant, value) in variants.iter().zip(&values) {
        arm(&mut out, &format!("Self::{variant}"), value)?;
    }
    arm(&mut out, &format!("Self::{other}(value)"), repr.other_value)?;
    out.push(8, "}")?;
    out.push(4, "}")?;
    out.push(0, "}")?;
    out.impl_header(&format!("From<{}>", repr.from), &name.to_string());
    out.push(4, &format!("fn from(value: {}) -> Self {{", repr.from))?;
    out.push(8, "match value {")?;
    for (variant, value) in variants.iter().zip(&values) {
        arm(&mut out, value, &format!("Self::{variant}"))?;
    }
    arm(&mut out, "other", &format!("Self::{other}({})", repr.from_other))?;
    out.push(8, "}")?;
    out.push(4, "}")?;
    out.push(0, "}")?;
    out.macro_item(&format!("crate::support::{}", repr.serde), &name.to_string());
    Some(out.0)
}

/// `{pattern} => {value},` in a `match`, or the value in a block when the
/// arm does not fit on its line; the comma may pass the margin.
fn arm(out: &mut Lines, pattern: &str, value: &str) -> Option<()> {
    let whole = format!("{pattern} => {value}");
    if Lines::fits(12, &whole) {
        out.push_long(12, &format!("{whole},"));
        return Some(());
    }
    out.push_long(12, &format!("{pattern} => {{"));
    // A path or a literal has nowhere to break; a call would break inside.
    if value.contains('(') {
        out.push(16, value)?;
    } else {
        out.push_long(16, value);
    }
    out.push(12, "}")
}

/// What both kinds of enum declare: the catch-all, and each variant with its doc.
fn enum_parts(e: &Enum) -> (syn::Ident, Vec<syn::Ident>, Vec<String>) {
    let other = ident(&e.catch_all);
    let variants = e.variants.iter().map(|v| ident(&v.name)).collect();
    let docs = e.variants.iter().map(|v| format!(" `{}`", v.value)).collect();
    (other, variants, docs)
}

/// An enum of strings, with a catch-all that keeps an unlisted value.
fn emit_string_enum(name: &syn::Ident, docs: TokenStream, e: &Enum) -> TokenStream {
    let (other, variants, variant_docs) = enum_parts(e);
    let values: Vec<String> = e
        .variants
        .iter()
        .map(|v| v.value.as_str().unwrap_or_default().to_string())
        .collect();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value not listed in the spec, kept as received.
            #other(crate::UnknownValue),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#other(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#other(crate::UnknownValue::new(other)),
                }
            }
        }

        crate::support::string_enum!(#name);
    }
}

/// An enum of integers, with a catch-all that keeps an unlisted value.
fn emit_integer_enum(name: &syn::Ident, docs: TokenStream, e: &Enum) -> TokenStream {
    let (other, variants, variant_docs) = enum_parts(e);
    let values: Vec<Literal> = e
        .variants
        .iter()
        .map(|v| Literal::i64_unsuffixed(v.value.as_i64().unwrap_or_default()))
        .collect();
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value not listed in the spec, kept as sent.
            #other(i64),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#other(value) => *value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#other(other),
                }
            }
        }

        crate::support::integer_enum!(#name);
    }
}

#[cfg(test)]
mod tests;
