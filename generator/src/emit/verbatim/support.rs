//! Helpers the generated types share.

use std::marker::PhantomData;

/// A value of a string enum that its spec does not list, kept as received
/// so that it goes back to the server unchanged: the payload of each enum's
/// `Other(..)`.
///
/// Only deserialisation and the enum's `From<&str>` make one, so a listed
/// value always arrives as its own variant and `==` on enum values compares
/// what is on the wire: `HttpMethod::from("PATCH")` is an `Other(..)`,
/// `HttpMethod::from("GET")` is `HttpMethod::Get`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
// One pointer rather than the three words of a `String` (or two of a
// `Box<str>`): enums that hold it are 16 bytes instead of 24, and known
// values, the common case, do not pay for the rare unknown one's extra
// allocation.
#[allow(clippy::box_collection)]
pub struct UnknownValue(Box<String>);

impl UnknownValue {
    pub(crate) fn new(value: &str) -> Self {
        UnknownValue(Box::new(value.to_owned()))
    }

    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for UnknownValue {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for UnknownValue {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for UnknownValue {
    fn eq(&self, other: &str) -> bool {
        *self.0 == other
    }
}

impl PartialEq<&str> for UnknownValue {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == *other
    }
}

impl std::fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The properties of an object that its spec does not list, by name, kept
/// as received so that a value read and sent back loses none of them.
///
/// Reads and writes like the `BTreeMap` it derefs to. Until an object has
/// such a property it holds only a null pointer, so the structs that carry
/// one stay small and a body without unlisted properties allocates nothing
/// for them.
#[allow(clippy::box_collection)]
pub struct UnlistedProperties<V>(Option<Box<std::collections::BTreeMap<String, V>>>);

impl<V> UnlistedProperties<V> {
    /// No properties; allocates nothing.
    pub const fn new() -> Self {
        UnlistedProperties(None)
    }

    /// The properties as a map, allocated on first use.
    pub fn map_mut(&mut self) -> &mut std::collections::BTreeMap<String, V> {
        self.0.get_or_insert_with(Default::default)
    }

    /// The properties as an owned map (an empty one allocates nothing).
    pub fn into_map(self) -> std::collections::BTreeMap<String, V> {
        self.0.map(|map| *map).unwrap_or_default()
    }
}

/// The map an empty `UnlistedProperties` derefs to, made at compile time
/// for each value type.
struct NoProperties<V>(PhantomData<V>);

impl<V: 'static> NoProperties<V> {
    const MAP: &'static std::collections::BTreeMap<String, V> = &std::collections::BTreeMap::new();
}

impl<V: 'static> std::ops::Deref for UnlistedProperties<V> {
    type Target = std::collections::BTreeMap<String, V>;
    fn deref(&self) -> &Self::Target {
        match &self.0 {
            Some(map) => map,
            None => NoProperties::<V>::MAP,
        }
    }
}

impl<V: 'static> std::ops::DerefMut for UnlistedProperties<V> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.map_mut()
    }
}

impl<V> Default for UnlistedProperties<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: Clone> Clone for UnlistedProperties<V> {
    fn clone(&self) -> Self {
        UnlistedProperties(self.0.clone())
    }
}

/// Equal when they hold the same properties, however they were made.
impl<V: PartialEq + 'static> PartialEq for UnlistedProperties<V> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<V: PartialEq + 'static> PartialEq<std::collections::BTreeMap<String, V>> for UnlistedProperties<V> {
    fn eq(&self, other: &std::collections::BTreeMap<String, V>) -> bool {
        **self == *other
    }
}

impl<V: std::fmt::Debug + 'static> std::fmt::Debug for UnlistedProperties<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl<V> From<std::collections::BTreeMap<String, V>> for UnlistedProperties<V> {
    fn from(map: std::collections::BTreeMap<String, V>) -> Self {
        UnlistedProperties((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl<V, K: Into<String>> FromIterator<(K, V)> for UnlistedProperties<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut properties = UnlistedProperties::new();
        properties.extend(entries);
        properties
    }
}

impl<V, K: Into<String>> Extend<(K, V)> for UnlistedProperties<V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        let map = self.map_mut();
        for (name, value) in entries {
            map.insert(name.into(), value);
        }
    }
}

impl<'a, V: 'static> IntoIterator for &'a UnlistedProperties<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, String, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<V> IntoIterator for UnlistedProperties<V> {
    type Item = (String, V);
    type IntoIter = std::collections::btree_map::IntoIter<String, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_map().into_iter()
    }
}

impl<V: serde::Serialize + 'static> serde::Serialize for UnlistedProperties<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for UnlistedProperties<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        std::collections::BTreeMap::deserialize(deserializer).map(Self::from)
    }
}

/// Reads a string into an enum with a catch-all variant without
/// allocating for the values the enum lists.
pub(crate) struct StrEnumVisitor<T>(PhantomData<T>);

impl<T> StrEnumVisitor<T> {
    pub(crate) fn new() -> Self {
        StrEnumVisitor(PhantomData)
    }
}

impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for StrEnumVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}

/// `FromStr`, `Display` and serde for a string enum with a catch-all
/// variant, from its `as_str` and `From<&str>`.
macro_rules! string_enum {
    ($name:ident) => {
        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(crate::support::StrEnumVisitor::<Self>::new())
            }
        }
    };
}

pub(crate) use string_enum;

/// `Display` and serde for an integer enum with a catch-all variant,
/// from its `as_i64` and `From<i64>`.
macro_rules! integer_enum {
    ($name:ident) => {
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.as_i64())
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

pub(crate) use integer_enum;

/// The variant of a union without a discriminator that reads a body with
/// the fewest properties left over (the first of equals); one with none
/// ends the search.
pub(crate) struct Closest<'v, U> {
    value: &'v serde_json::Value,
    best: Option<(usize, U)>,
}

impl<'v, U> Closest<'v, U> {
    pub(crate) fn new(value: &'v serde_json::Value) -> Self {
        Closest { value, best: None }
    }

    /// Tries an object variant; `Some` when it leaves nothing over.
    pub(crate) fn object<T: serde::Deserialize<'v>>(&mut self, wrap: fn(T) -> U, left_over: fn(&T) -> usize) -> Option<U> {
        let found = T::deserialize(self.value).ok()?;
        let count = left_over(&found);
        if count == 0 {
            return Some(wrap(found));
        }
        if self.best.as_ref().is_none_or(|(fewest, _)| count < *fewest) {
            self.best = Some((count, wrap(found)));
        }
        None
    }

    /// Tries a variant that keeps nothing over: `Some` when it reads the body.
    pub(crate) fn exact<T: serde::Deserialize<'v>>(&mut self, wrap: fn(T) -> U) -> Option<U> {
        T::deserialize(self.value).ok().map(wrap)
    }

    pub(crate) fn finish<E: serde::de::Error>(self, name: &str) -> Result<U, E> {
        match self.best {
            Some((_, found)) => Ok(found),
            None => Err(E::custom(format_args!("data did not match any variant of untagged enum {name}"))),
        }
    }
}

/// `Deserialize` for a struct that keeps the properties its spec does not
/// list, from its [`ReadObject`]: one pass over the object, listed keys to
/// their fields and the rest straight into the map. serde's `flatten`, the
/// derived way, would buffer the whole object before reading any of it.
macro_rules! open_object {
    ($name:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(crate::support::ObjectVisitor::<Self>::new(stringify!($name)))
            }
        }
    };
}

pub(crate) use open_object;

/// A struct read from the entries of a JSON object.
pub(crate) trait ReadObject: Sized {
    fn read<'de, A: serde::de::MapAccess<'de>>(object: Entries<A>) -> Result<Self, A::Error>;
}

pub(crate) struct ObjectVisitor<T> {
    name: &'static str,
    object: PhantomData<T>,
}

impl<T> ObjectVisitor<T> {
    pub(crate) fn new(name: &'static str) -> Self {
        ObjectVisitor { name, object: PhantomData }
    }
}

impl<'de, T: ReadObject> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "struct {}", self.name)
    }

    #[inline]
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(Entries(map))
    }
}

/// The entries of an object being read, read the way serde's derive reads
/// the same fields: a key given twice is an error, and so is a required
/// field's absence. Its steps are forced inline: a reader takes them once
/// per key, and a call costs a fair part of reading a short value.
pub(crate) struct Entries<A>(A);

impl<'de, A: serde::de::MapAccess<'de>> Entries<A> {
    #[inline(always)]
    pub(crate) fn key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.0.next_key()
    }

    /// The value of a listed field; `Option` fields read `null` as `None`.
    #[inline(always)]
    pub(crate) fn value<T: serde::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        wire: &'static str,
    ) -> Result<(), A::Error> {
        let value = self.0.next_value()?;
        set::<A::Error, T>(slot, wire, value)
    }

    /// The value of an optional nullable field: a present `null` is
    /// `Some(None)`, apart from an absent field's `None`.
    #[inline(always)]
    pub(crate) fn nullable<T: serde::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<Option<Option<T>>>,
        wire: &'static str,
    ) -> Result<(), A::Error> {
        let value: Option<T> = self.0.next_value()?;
        set::<A::Error, _>(slot, wire, Some(value))
    }

    /// The value of a key the struct does not list, kept as received.
    #[inline(always)]
    pub(crate) fn unlisted<V: serde::Deserialize<'de>>(
        &mut self,
        properties: &mut UnlistedProperties<V>,
        key: Key<'de>,
    ) -> Result<(), A::Error> {
        let value = self.0.next_value()?;
        properties.map_mut().insert(key.0.into_owned(), value);
        Ok(())
    }

    /// A required field's value, once every entry is read.
    #[inline(always)]
    pub(crate) fn required<T>(&self, slot: Option<T>, wire: &'static str) -> Result<T, A::Error> {
        slot.ok_or_else(|| serde::de::Error::missing_field(wire))
    }
}

#[inline(always)]
fn set<E: serde::de::Error, T>(slot: &mut Option<T>, wire: &'static str, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(wire));
    }
    *slot = Some(value);
    Ok(())
}

/// An object's key, borrowed from the input when it can be, so that a
/// listed key costs no allocation.
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(key)))
            }
            fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key.to_owned())))
            }
            fn visit_string<E>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// For optional nullable fields: a present `null` becomes `Some(None)`,
/// while an absent field stays `None` through `#[serde(default)]`.
pub(crate) fn deserialize_present<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// Deserialises `json` into `T` and back, and compares the two JSON
/// values; numbers compare by value, so `5` and `5.0` are equal.
#[cfg(test)]
pub(crate) fn round_trip<T>(json: &str) -> Result<(), String>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let original: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let typed: T = serde_json::from_value(original.clone())
        .map_err(|e| format!("does not deserialise: {e}"))?;
    let back = serde_json::to_value(&typed).map_err(|e| format!("does not serialise: {e}"))?;
    if json_equal(&original, &back) {
        Ok(())
    } else {
        Err(format!("serialises back to a different value: {back}"))
    }
}

#[cfg(test)]
pub(crate) fn json_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}
