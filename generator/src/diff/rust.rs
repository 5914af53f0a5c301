//! How the generator writes things in Rust, as text: the type of a field,
//! parameter or body, and whether a struct derives `Default`. The Rust API
//! verdicts compare these texts.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use crate::emit::type_refs::{Spelling, spelled};
use crate::ir::{ModuleId, Program, Struct, TypeDef, TypeKind, TypeRef};

/// How deep aliases of aliases are followed; lowering never makes chains
/// this long, the limit only keeps a malformed program from looping.
const MAX_ALIAS_DEPTH: usize = 32;

pub(crate) fn type_def<'p>(program: &'p Program, ty: &TypeRef) -> Option<&'p TypeDef> {
    match ty {
        TypeRef::Named(id) => program.types.get(id.0),
        _ => None,
    }
}

/// The Rust type of a reference as the emitter writes it inside `from`'s
/// `types` module; a type of another module by its path. The emitter's
/// own renderer writes it, so the report cannot disagree with the code.
pub(crate) fn type_text(program: &Program, from: ModuleId, ty: &TypeRef) -> String {
    tidy(spelled(program, Spelling::Review(from), ty))
}

/// Like [`type_text`] with aliases replaced by what they stand for: two
/// texts that are equal here are the same Rust type.
pub(crate) fn resolved_text(program: &Program, from: ModuleId, ty: &TypeRef) -> String {
    type_text(program, from, &without_aliases(program, ty))
}

/// `ty` with every alias it names replaced by the alias's target.
pub(crate) fn without_aliases(program: &Program, ty: &TypeRef) -> TypeRef {
    without_aliases_below(program, ty, 0)
}

fn without_aliases_below(program: &Program, ty: &TypeRef, depth: usize) -> TypeRef {
    let inner = |inner: &TypeRef| Box::new(without_aliases_below(program, inner, depth));
    match ty {
        TypeRef::Named(id) => match program.types.get(id.0) {
            Some(TypeDef {
                kind: TypeKind::Alias(target),
                ..
            }) if depth < MAX_ALIAS_DEPTH => without_aliases_below(program, target, depth + 1),
            _ => ty.clone(),
        },
        TypeRef::Vec(item) => TypeRef::Vec(inner(item)),
        TypeRef::Map(value) => TypeRef::Map(inner(value)),
        TypeRef::Nullable(value) => TypeRef::Nullable(inner(value)),
        _ => ty.clone(),
    }
}

/// Tokens as a reviewer writes them: `body: Option<&Vec<String>>`, with a
/// space only after each comma and each lone colon.
pub(crate) fn tidy(tokens: TokenStream) -> String {
    let mut out = String::new();
    for tree in tokens {
        match tree {
            TokenTree::Punct(punct) => {
                let lone_colon = punct.as_char() == ':' && punct.spacing() == Spacing::Alone && !out.ends_with(':');
                out.push(punct.as_char());
                if punct.as_char() == ',' || lone_colon {
                    out.push(' ');
                }
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                out.push_str(&tidy(group.stream()));
                out.push_str(close);
            }
            other => out.push_str(&other.to_string()),
        }
    }
    out
}

/// A struct field's type, wrapped the way the emitter wraps it: `Box` on a
/// cycle, `Option` when optional or nullable, `Option<Option<_>>` when both.
pub(crate) fn field_text(inner: String, required: bool, nullable: bool, boxed: bool) -> String {
    let inner = if boxed { format!("Box<{inner}>") } else { inner };
    match (required, nullable) {
        (true, false) => inner,
        (true, true) | (false, false) => format!("Option<{inner}>"),
        (false, true) => format!("Option<Option<{inner}>>"),
    }
}

/// The emitter derives `Default` when every field is optional.
pub(crate) fn derives_default(s: &Struct) -> bool {
    derives_default_when(s.fields.iter().map(|f| f.required || f.flatten))
}

/// `Default` is derived for a struct of fields none of which is required.
pub(crate) fn derives_default_when(mut required: impl Iterator<Item = bool>) -> bool {
    !required.any(|r| r)
}
