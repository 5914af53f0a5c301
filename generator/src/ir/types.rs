//! Named types and the references between them.

use serde_json::Value;

use super::{Docs, ModuleId, TypeId};

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub id: TypeId,
    pub module: ModuleId,
    pub name: String,
    /// `file#pointer` of the schema it comes from.
    pub origin: String,
    pub docs: Docs,
    /// The schema's own constraints, checked where an alias is used.
    pub constraints: BoxedConstraints,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// `pub type Name = Target;` for a component schema that is not an
    /// object, enum or union.
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Where properties the schema does not list are kept, so that they go
    /// back to the server unchanged; `None` when the schema forbids them
    /// (`additionalProperties: false`, and they are dropped) or when a
    /// flattened part receives them.
    pub additional: Option<Additional>,
}

impl Struct {
    /// Read by a hand-written `Deserialize` that sends unlisted keys
    /// straight into the map: only a struct that keeps them and has no
    /// flattened part, which needs serde's buffering `flatten` anyway.
    pub fn reads_in_one_pass(&self) -> bool {
        self.additional.is_some() && !self.fields.iter().any(|f| f.flatten)
    }
}

/// The map field of a struct that holds the properties its schema does not list.
#[derive(Debug, Clone, PartialEq)]
pub struct Additional {
    /// Rust field name, distinct from every property's.
    pub name: String,
    /// The type of each value: the `additionalProperties` schema, or any
    /// JSON value when the schema does not say.
    pub value: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name, escaped.
    pub name: String,
    /// Property name on the wire.
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Boxed to break a cycle of types containing each other.
    pub boxed: bool,
    /// Merged into this struct from another object (`allOf` with a non-object part).
    pub flatten: bool,
    pub access: Access,
    pub constraints: BoxedConstraints,
    /// Boxed, as [`BoxedConstraints`]: most fields have none.
    pub default: Option<Box<Value>>,
    pub docs: Docs,
}

#[cfg(test)]
mod boxed_constraints {
    use super::{BoxedConstraints, Constraints};

    /// An empty set takes no box, and equality does not see whether one
    /// is boxed: a field given a constraint and then none equals one never given any.
    #[test]
    fn empty_constraints_are_not_boxed_and_compare_as_values() {
        let none = BoxedConstraints::from(Constraints::default());
        assert!(none.0.is_none());
        let mut emptied = BoxedConstraints::from(Constraints {
            max_length: Some(3),
            ..Constraints::default()
        });
        assert!(emptied.0.is_some());
        assert_ne!(emptied, none);
        emptied.max_length = None;
        assert_eq!(emptied, none);
        assert_eq!(none.min_items, None);
    }
}

#[cfg(test)]
impl Field {
    /// A field with nothing but its names, type and presence, for tests.
    pub fn plain(name: &str, wire_name: &str, ty: TypeRef, required: bool, nullable: bool) -> Field {
        Field {
            name: name.into(),
            wire_name: wire_name.into(),
            ty,
            required,
            nullable,
            boxed: false,
            flatten: false,
            access: Access::ReadWrite,
            constraints: BoxedConstraints::default(),
            default: None,
            docs: super::Docs::default(),
        }
    }
}

/// Which direction a property travels in (`readOnly`, `writeOnly`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Access {
    #[default]
    ReadWrite,
    ReadOnly,
    WriteOnly,
}

/// What a schema says a value must satisfy beyond its type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    /// Constraints on each item of an array.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    /// No constraint at all.
    pub const NONE: Constraints = Constraints {
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        multiple_of: None,
        min_length: None,
        max_length: None,
        pattern: None,
        min_items: None,
        max_items: None,
        unique_items: false,
        items: None,
    };

    pub fn is_empty(&self) -> bool {
        *self == Constraints::NONE
    }
}

/// [`Constraints`] boxed where there are any: few schemas have them, and a
/// large API has tens of thousands of fields, each of which would carry
/// the whole empty set inline.
#[derive(Debug, Clone, Default)]
pub struct BoxedConstraints(Option<Box<Constraints>>);

impl std::ops::Deref for BoxedConstraints {
    type Target = Constraints;

    fn deref(&self) -> &Constraints {
        self.0.as_deref().unwrap_or(&Constraints::NONE)
    }
}

impl std::ops::DerefMut for BoxedConstraints {
    fn deref_mut(&mut self) -> &mut Constraints {
        self.0.get_or_insert_with(Box::default)
    }
}

/// Equal when the constraints are, boxed or not.
impl PartialEq for BoxedConstraints {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl From<Constraints> for BoxedConstraints {
    fn from(constraints: Constraints) -> Self {
        BoxedConstraints((!constraints.is_empty()).then(|| Box::new(constraints)))
    }
}

/// A closed set of string or integer values, plus a variant that keeps any
/// other value so that new server values do not break deserialisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<EnumVariant>,
    /// The variant that keeps any other value, named apart from the others.
    pub catch_all: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub value: Value,
}

/// `oneOf`/`anyOf`: one of several shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Property whose value names the variant, when the spec says so.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
    /// The variant that keeps a value no other variant fits, when the union
    /// has one, named apart from the others.
    pub catch_all: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tag_values: Vec<String>,
    pub boxed: bool,
}

/// A reference to a type in field, item, parameter or body position.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Named(TypeId),
    String,
    Bool,
    Int(IntKind),
    Float(FloatKind),
    /// Any JSON value (`{}` or a schema with no constraints).
    Json,
    /// A JSON object with any properties.
    JsonObject,
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// `nullable` at a place that is not a struct field (items, map values).
    Nullable(Box<TypeRef>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntKind {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FloatKind {
    F32,
    F64,
}
