//! The intermediate representation: plain data between lowering and emission.
//!
//! Everything here is already decided: Rust names are final, every type
//! reference points at a [`TypeId`], recursion is broken. Emitters only
//! translate it into tokens.

mod bodies;
mod operations;
mod security;
mod types;

pub use bodies::*;
pub use operations::*;
pub use security::*;
pub use types::*;

use serde_json::Value;

/// Everything one run produces: the modules and the types they own.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub modules: Vec<Module>,
    /// Every named type of every module, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    pub warnings: Vec<crate::Warning>,
}

impl Program {
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    pub fn module(&self, id: ModuleId) -> &Module {
        &self.modules[id.0]
    }

    /// Every named type reachable from `roots` through fields, items, map
    /// values, union variants and aliases.
    pub fn reachable<'a>(&'a self, roots: impl IntoIterator<Item = &'a TypeRef>) -> std::collections::BTreeSet<TypeId> {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack: Vec<&TypeRef> = roots.into_iter().collect();
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(id) if seen.insert(*id) => match &self.type_def(*id).kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.iter().map(|a| &a.value));
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(target) => stack.push(target),
                    TypeKind::Enum(_) => {}
                },
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => stack.push(inner),
                _ => {}
            }
        }
        seen
    }

    /// The types a module owns, in definition order.
    pub fn types_of(&self, module: ModuleId) -> impl Iterator<Item = &TypeDef> {
        self.types.iter().filter(move |t| t.module == module)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleId(pub usize);

/// One spec file turned into one Rust module.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub id: ModuleId,
    /// Rust module name, also the cargo feature name.
    pub name: String,
    /// Spec file path relative to the specs folder.
    pub source: String,
    /// `true` for a file with `paths`; `false` for a library of components.
    pub is_api: bool,
    pub title: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    pub servers: Vec<String>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Security requirements that apply to every operation without its own:
    /// any one of the alternatives, each naming schemes used together.
    pub security: Vec<Vec<String>>,
    pub operations: Vec<Operation>,
    /// Requests the API sends to its users' servers.
    pub webhooks: Vec<Webhook>,
    pub examples: Vec<Example>,
    /// Request types that can be filled from a response type of the same
    /// resource, for GET → modify → PUT.
    pub conversions: Vec<Conversion>,
    /// Its code names something the spec deprecates, which its files
    /// must then allow: derives and constructors name deprecated fields.
    pub names_deprecated: bool,
}

/// `impl From<&from> for to`: every field of `to` comes from the field of
/// `from` with the same wire name, or is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub from: TypeId,
    pub to: TypeId,
    pub fields: Vec<FieldSource>,
    /// Whether `to`'s unlisted properties come from `from`'s.
    pub additional: bool,
}

/// Where one field of a conversion's target comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldSource {
    /// The source field of this Rust name, cloned as it is.
    Same(String),
    /// The source field of this Rust name, wrapped in `Some`.
    Wrapped(String),
    /// Not in the source: `None`.
    Absent,
}

/// What rustdoc shows for an item: the spec's words and constraints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Notes such as the string format, `default`, constraints, `readOnly`.
    pub notes: Vec<String>,
    /// Boxed: a large API has tens of thousands of docs, few with an example.
    pub example: Option<Box<Value>>,
    pub deprecated: bool,
    /// The string `format` (`date-time`, `email`), which the type does not
    /// carry: values stay `String` and round-trip as they are.
    pub format: Option<String>,
}

/// An example value from the spec and the type it must fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// `file#pointer` of the example.
    pub origin: String,
    pub ty: TypeRef,
    pub value: Value,
}
