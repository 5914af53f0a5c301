//! The `Deserialize` of open structs through `support::ReadObject`, which
//! reads an object in one pass: each listed key into its field's slot, the
//! rest into the map.
//!
//! These readers are the largest part of a big spec's types file, and their
//! shape never changes, so they are written straight as text, laid out as
//! `prettyplease` lays out the same tokens: that spares parsing and
//! pretty-printing them. A reader the layout below does not cover (a line
//! that would not fit even when broken, a name outside ASCII) is built as
//! tokens and formatted like the rest; the tests hold both to one output.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::{Lines, Part, literal_stays_inline, string_literal};
use super::{ident, ident_spelling};
use crate::ir::{Additional, Field, Struct};

/// `impl ReadObject` and `open_object!` for the struct `name`.
pub(super) fn reader(name: &syn::Ident, s: &Struct, additional: &Additional) -> Part {
    let locals = Locals::new(s, additional);
    match reader_text(name, s, &locals) {
        Some(text) => Part::Text(text),
        None => Part::Tokens(reader_tokens(name, s, &locals)),
    }
}

/// The names `read` uses: one slot per field, the map, and two locals
/// that must not be any field's slot.
/// Each spelled as [`ident`] prints it.
struct Locals {
    object: String,
    key: String,
    unlisted: String,
    slots: Vec<String>,
}

impl Locals {
    fn new(s: &Struct, additional: &Additional) -> Self {
        let taken = |candidate: &str| {
            candidate == additional.name || s.fields.iter().any(|f| super::ident_text(&f.name) == candidate)
        };
        let fresh = |base: &str| {
            let mut local = base.to_string();
            while taken(&local) {
                local.push('_');
            }
            ident_spelling(&local).to_string()
        };
        Locals {
            object: fresh("object"),
            key: fresh("key"),
            unlisted: ident_spelling(&additional.name).to_string(),
            slots: s.fields.iter().map(|f| ident_spelling(&f.name).to_string()).collect(),
        }
    }
}

/// How a key's value goes into its slot: `nullable` keeps an explicit
/// `null` apart from an absent key.
fn read_method(field: &Field) -> &'static str {
    if !field.required && field.nullable {
        "nullable"
    } else {
        "value"
    }
}

/// A missing key is an error only for a required field that cannot be `null`.
fn must_be_present(field: &Field) -> bool {
    field.required && !field.nullable
}

fn reader_tokens(name: &syn::Ident, s: &Struct, locals: &Locals) -> TokenStream {
    let (object, key, unlisted) = (ident(&locals.object), ident(&locals.key), ident(&locals.unlisted));
    let slots: Vec<syn::Ident> = locals.slots.iter().map(|slot| ident(slot)).collect();
    let arms = s.fields.iter().zip(&slots).map(|(field, slot)| {
        let wire = &field.wire_name;
        let read = ident(read_method(field));
        quote! { #wire => #object.#read(&mut #slot, #wire)?, }
    });
    let inits = s.fields.iter().zip(&slots).map(|(field, slot)| {
        let wire = &field.wire_name;
        if must_be_present(field) {
            quote! { #slot: #object.required(#slot, #wire)? }
        } else {
            quote! { #slot: #slot.flatten() }
        }
    });
    let read_entry = if s.fields.is_empty() {
        quote! { #object.unlisted(&mut #unlisted, #key)?; }
    } else {
        quote! {
            match #key.as_str() {
                #(#arms)*
                _ => #object.unlisted(&mut #unlisted, #key)?,
            }
        }
    };
    quote! {
        impl crate::support::ReadObject for #name {
            #[inline]
            fn read<'de, A: serde::de::MapAccess<'de>>(
                mut #object: crate::support::Entries<A>,
            ) -> Result<Self, A::Error> {
                #(let mut #slots = None;)*
                let mut #unlisted = crate::UnlistedProperties::new();
                while let Some(#key) = #object.key()? {
                    #read_entry
                }
                Ok(Self { #(#inits,)* #unlisted })
            }
        }

        crate::support::open_object!(#name);
    }
}

/// The reader as `prettyplease` prints it, or `None` where its layout is
/// not one of those written here.
fn reader_text(name: &syn::Ident, s: &Struct, locals: &Locals) -> Option<String> {
    let Locals {
        object,
        key,
        unlisted,
        slots,
    } = locals;
    let wires: Vec<String> = s.fields.iter().map(|f| string_literal(&f.wire_name)).collect();
    let all_ascii = wires.iter().all(|w| w.is_ascii());
    if !all_ascii {
        return None;
    }
    let mut out = Lines::default();
    out.impl_header("crate::support::ReadObject", &name.to_string());
    // Each reader has one caller, its type's `Deserialize`; inlined there,
    // the struct is built in place instead of returned and moved.
    out.push(4, "#[inline]")?;
    out.push(4, "fn read<'de, A: serde::de::MapAccess<'de>>(")?;
    out.push_parts(8, &["mut ", object, ": crate::support::Entries<A>,"])?;
    out.push(4, ") -> Result<Self, A::Error> {")?;
    for slot in slots {
        out.push_parts(8, &["let mut ", slot, " = None;"])?;
    }
    out.push_parts(8, &["let mut ", unlisted, " = crate::UnlistedProperties::new();"])?;
    out.push_parts(8, &["while let Some(", key, ") = ", object, ".key()? {"])?;
    let unlisted_args = [format!("&mut {unlisted}"), key.clone()];
    let unlisted_args: Vec<&str> = unlisted_args.iter().map(String::as_str).collect();
    if s.fields.is_empty() {
        out.call(12, "", object, "unlisted", &unlisted_args, ";")?;
    } else {
        out.push_parts(12, &["match ", key, ".as_str() {"])?;
        for ((field, slot), wire) in s.fields.iter().zip(slots).zip(&wires) {
            let target = ["&mut ", slot].concat();
            let args = [target.as_str(), wire.as_str()];
            arm(&mut out, wire, object, read_method(field), &args)?;
        }
        arm(&mut out, "_", object, "unlisted", &unlisted_args)?;
        out.push(12, "}")?;
    }
    out.push(8, "}")?;
    let inits: Vec<(&str, String)> = s
        .fields
        .iter()
        .zip(slots)
        .zip(&wires)
        .map(|((field, slot), wire)| {
            let value = if must_be_present(field) {
                [object, ".required(", slot, ", ", wire, ")?"].concat()
            } else {
                [slot, ".flatten()"].concat()
            };
            (slot.as_str(), value)
        })
        .collect();
    let mut inline = String::from("Self { ");
    for (slot, value) in &inits {
        inline.extend([*slot, ": ", value, ", "]);
    }
    inline.extend([unlisted.as_str(), " }"]);
    if literal_stays_inline(&inline) {
        out.push_parts(8, &["Ok(", &inline, ")"])?;
    } else {
        out.push(8, "Ok(Self {")?;
        for ((field, (slot, _)), wire) in s.fields.iter().zip(&inits).zip(&wires) {
            let lead = [slot, ": "].concat();
            if must_be_present(field) {
                out.call(12, &lead, object, "required", &[slot, wire], ",")?;
            } else {
                flatten(&mut out, &lead, slot)?;
            }
        }
        out.push_parts(12, &[unlisted, ","])?;
        out.push(8, "})")?;
    }
    out.push(4, "}")?;
    out.push(0, "}")?;
    out.macro_item("crate::support::open_object", &name.to_string());
    Some(out.0)
}

/// `{pattern} => {object}.{method}(args)?,`, or the call in a block when
/// the arm does not fit on its line.
fn arm(out: &mut Lines, pattern: &str, object: &str, method: &str, args: &[&str]) -> Option<()> {
    let inline = args.join(", ");
    let whole = [pattern, " => ", object, ".", method, "(", &inline, ")?"];
    // The comma ending the arm may pass the margin.
    if Lines::fits_parts(16, &whole) {
        out.push_long_parts(16, &[pattern, " => ", object, ".", method, "(", &inline, ")?,"]);
        return Some(());
    }
    out.push_parts(16, &[pattern, " => {"])?;
    out.call(20, "", object, method, args, "")?;
    out.push(16, "}")
}

/// `{slot}: {slot}.flatten(),`, broken before the `.` when it does not fit.
fn flatten(out: &mut Lines, lead: &str, slot: &str) -> Option<()> {
    let whole = [lead, slot, ".flatten(),"];
    if Lines::fits_parts(12, &whole) {
        return out.push_parts(12, &whole);
    }
    out.push_long_parts(12, &[lead, slot]);
    out.push(16, ".flatten(),")
}

#[cfg(test)]
mod tests;
