//! Parsing into [`serde_json::Value`] while refusing mappings that repeat a
//! key: a plain `Value` keeps only the last of two `Thing:` entries, and a
//! definition would vanish without a word.
//!
//! The check runs inside the one parsing pass. A repeated key is caught when
//! it is read, before its value, so that nothing below the second occurrence
//! is parsed; the path to it is collected only on the way out of the error.
//!
//! A large JSON document is read on two threads: one builds its
//! `components`, skipping the rest of the text, while the other builds
//! everything else, skipping `components`. Every byte is read in full by
//! one of the two. Where either fails, the document is read again on one
//! thread, so errors and their positions are always the single pass's.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A key that a mapping repeats, and the JSON pointer segments of the
/// mapping's entry, root first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    pub path: Vec<String>,
}

/// Why parsing stopped: the parser's own error, or a repeated key (which the
/// parser also reports, as a custom error carrying no detail).
pub enum ParseFailure<E> {
    Syntax(E),
    Duplicate(DuplicateKey),
}

/// Parses JSON text as [`serde_json::from_str`] does.
pub fn from_json(text: &str) -> Result<Value, ParseFailure<serde_json::Error>> {
    if text.len() >= SPLIT_FROM_BYTES
        && let Some(value) = from_json_split(text)
    {
        return Ok(value);
    }
    from_json_skipping(text, None).0
}

/// From this size on a document is worth a second thread: below it, the
/// thread costs more than it saves.
const SPLIT_FROM_BYTES: usize = 1 << 20;

/// The member read on a thread of its own; in a large spec it holds most
/// of the text.
const SPLIT_MEMBER: &str = "components";

/// The document read on two threads, or `None` where it is not a mapping
/// with [`SPLIT_MEMBER`] or either part fails: the caller reads it again
/// in one pass, for the error that pass gives.
fn from_json_split(text: &str) -> Option<Value> {
    let (rest, member) = std::thread::scope(|scope| {
        let member = scope.spawn(|| member_only(text, SPLIT_MEMBER));
        let rest = from_json_skipping(text, Some(SPLIT_MEMBER));
        (rest, member.join())
    });
    let (rest, skipped) = rest;
    let mut rest = rest.ok()?;
    let member = member.ok()??;
    if !skipped {
        return None;
    }
    *rest.as_object_mut()?.get_mut(SPLIT_MEMBER)? = member;
    Some(rest)
}

/// The document, with the top-level `skip` member's value read past and
/// left `null`; `true` with it when there was one to skip.
fn from_json_skipping(text: &str, skip: Option<&str>) -> (Result<Value, ParseFailure<serde_json::Error>>, bool) {
    let found = RefCell::new(None);
    let skipped = std::cell::Cell::new(false);
    let pending = RefCell::new(Vec::new());
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let top = ValueSeed {
        found: &found,
        skip: skip.map(|name| (name, &skipped)),
        pending: &pending,
    };
    let parsed = top
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    (finish(parsed, found), skipped.get())
}

/// The value of the top-level member `name`, reading past every other;
/// `None` when the document has no such member or does not parse.
fn member_only(text: &str, name: &str) -> Option<Value> {
    struct Member<'a> {
        name: &'a str,
        found: &'a RefCell<Option<DuplicateKey>>,
        pending: &'a RefCell<Vec<(String, Value)>>,
    }
    impl<'de> Visitor<'de> for Member<'_> {
        type Value = Option<Value>;
        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("a mapping")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Option<Value>, A::Error> {
            let mut member = None;
            while let Some(key) = access.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == self.name && member.is_none() {
                    let seed = ValueSeed {
                        found: self.found,
                        skip: None,
                        pending: self.pending,
                    };
                    member = Some(access.next_value_seed(seed)?);
                } else {
                    access.next_value::<serde::de::IgnoredAny>()?;
                }
            }
            Ok(member)
        }
    }
    let found = RefCell::new(None);
    let pending = RefCell::new(Vec::new());
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer
        .deserialize_map(Member {
            name,
            found: &found,
            pending: &pending,
        })
        .ok()
        .flatten()
}

/// Parses YAML text as `serde_yaml::from_str::<Value>` does: same scalars,
/// keys as their text (`200:` is `"200"`), aliases expanded, `<<` an
/// ordinary key.
pub fn from_yaml(text: &str) -> Result<Value, ParseFailure<serde_yaml::Error>> {
    let found = RefCell::new(None);
    let pending = RefCell::new(Vec::new());
    let parsed = ValueSeed {
        found: &found,
        skip: None,
        pending: &pending,
    }
    .deserialize(serde_yaml::Deserializer::from_str(text));
    finish(parsed, found)
}

fn finish<E>(parsed: Result<Value, E>, found: RefCell<Option<DuplicateKey>>) -> Result<Value, ParseFailure<E>> {
    match (parsed, found.into_inner()) {
        (Ok(value), _) => Ok(value),
        (Err(_), Some(mut duplicate)) => {
            duplicate.path.reverse();
            Err(ParseFailure::Duplicate(duplicate))
        }
        (Err(e), None) => Err(ParseFailure::Syntax(e)),
    }
}

#[derive(Clone, Copy)]
struct ValueSeed<'a> {
    /// Set when a repeated key is found; its path grows, leaf first, as the
    /// error travels back up through the enclosing mappings and sequences.
    found: &'a RefCell<Option<DuplicateKey>>,
    /// A member of the top-level mapping to read past, and where to note
    /// that it was there.
    skip: Option<(&'a str, &'a std::cell::Cell<bool>)>,
    /// The entries of the small mappings being read, innermost last: each
    /// becomes a `Map` of its exact size once it ends. A `Map` grown entry
    /// by entry holds room for at least three, and most mappings of a spec
    /// have one or two.
    pending: &'a RefCell<Vec<(String, Value)>>,
}

impl ValueSeed<'_> {
    /// The seed for what a value holds: only the top level skips.
    fn nested(self) -> Self {
        ValueSeed { skip: None, ..self }
    }

    fn on_error(&self, segment: impl FnOnce() -> String) {
        if let Some(duplicate) = self.found.borrow_mut().as_mut() {
            duplicate.path.push(segment());
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E: serde::de::Error>(self, value: i128) -> Result<Value, E> {
        serde::Deserialize::deserialize(serde::de::value::I128Deserializer::<E>::new(value)).map(Value::Number)
    }

    fn visit_u128<E: serde::de::Error>(self, value: u128) -> Result<Value, E> {
        serde::Deserialize::deserialize(serde::de::value::U128Deserializer::<E>::new(value)).map(Value::Number)
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(access.size_hint().unwrap_or(0).min(4096));
        loop {
            match access.next_element_seed(self.nested()) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Value::Array(items)),
                Err(e) => {
                    let index = items.len();
                    self.on_error(|| index.to_string());
                    return Err(e);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let start = self.pending.borrow().len();
        let read = self.read_entries(&mut access, start);
        let mut pending = self.pending.borrow_mut();
        match read {
            Ok(Some(large)) => Ok(Value::Object(large)),
            Ok(None) => {
                let mut map = Map::with_capacity(pending.len() - start);
                map.extend(pending.drain(start..));
                Ok(Value::Object(map))
            }
            Err(e) => {
                pending.truncate(start);
                Err(e)
            }
        }
    }
}

/// Past this many entries a mapping is gathered in a `Map` as it is read:
/// looking for a repeated key among the pending ones would take as many
/// comparisons as there are.
const SMALL_MAPPING: usize = 16;

impl ValueSeed<'_> {
    /// Reads a mapping's entries: onto `pending` from `start` while it is
    /// small, and then into the `Map` it returns.
    fn read_entries<'de, A: MapAccess<'de>>(
        self,
        access: &mut A,
        start: usize,
    ) -> Result<Option<Map<String, Value>>, A::Error> {
        let mut large: Option<Map<String, Value>> = None;
        while let Some(key) = access.next_key::<String>()? {
            let repeated = match &large {
                Some(map) => map.contains_key(&key),
                None => self.pending.borrow()[start..].iter().any(|(seen, _)| *seen == key),
            };
            if repeated {
                *self.found.borrow_mut() = Some(DuplicateKey {
                    key: key.clone(),
                    path: vec![key.clone()],
                });
                return Err(A::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let value = match self.skip {
                Some((name, skipped)) if name == key => {
                    skipped.set(true);
                    access.next_value::<serde::de::IgnoredAny>()?;
                    Value::Null
                }
                _ => match access.next_value_seed(self.nested()) {
                    Ok(value) => value,
                    Err(e) => {
                        self.on_error(|| key);
                        return Err(e);
                    }
                },
            };
            match &mut large {
                Some(map) => {
                    map.insert(key, value);
                }
                None => {
                    let mut pending = self.pending.borrow_mut();
                    pending.push((key, value));
                    if pending.len() - start > SMALL_MAPPING {
                        let mut map = Map::with_capacity(2 * SMALL_MAPPING);
                        map.extend(pending.drain(start..));
                        large = Some(map);
                    }
                }
            }
        }
        Ok(large)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicate<E>(result: Result<Value, ParseFailure<E>>) -> Option<DuplicateKey> {
        match result {
            Err(ParseFailure::Duplicate(d)) => Some(d),
            _ => None,
        }
    }

    #[test]
    fn yaml_reads_as_before() {
        let text = "a: &x {p: 1, q: 2}\nb:\n  <<: *x\n  q: 3\nc:\n  200: {d: 1}\n  true: 2\n  1.5: 3\n  ~: 4\ne: [1, -2, 2.5, null, ~, 'x', 18446744073709551615]\nz: 1\ny: 2\n";
        let ours = from_yaml(text).ok();
        let theirs: Option<Value> = serde_yaml::from_str(text).ok();
        assert!(ours.is_some());
        assert_eq!(ours, theirs);
        let keys: Vec<&String> = ours
            .as_ref()
            .and_then(Value::as_object)
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["a", "b", "c", "e", "z", "y"]);
    }

    #[test]
    fn json_reads_as_before() {
        let text = r#"{"z": [1, -2, 2.5e3, null, true, "\u00e9"], "a": {"b": {}}, "n": 12345678901234567890}"#;
        let ours = from_json(text).ok();
        let theirs: Option<Value> = serde_json::from_str(text).ok();
        assert!(ours.is_some());
        assert_eq!(ours, theirs);
    }

    #[test]
    fn repeated_keys_are_found_with_their_path() {
        let yaml = "a:\n  - x: 1\n  - y: 1\n    b:\n      k: 1\n      k: 2\n";
        assert_eq!(
            duplicate(from_yaml(yaml)),
            Some(DuplicateKey {
                key: "k".into(),
                path: vec!["a".into(), "1".into(), "b".into(), "k".into()]
            })
        );
        assert_eq!(
            duplicate(from_json(r#"{"a": 1, "a": {"b": {"b": 1}}}"#)),
            Some(DuplicateKey {
                key: "a".into(),
                path: vec!["a".into()]
            })
        );
        // `200` and `'200'` are one key once read as text.
        assert_eq!(
            duplicate(from_yaml("r:\n  200: a\n  '200': b\n")).map(|d| d.path.join("/")),
            Some("r/200".into())
        );
    }

    /// The text of a value, keys in order: `Value`'s `==` ignores the order.
    fn written(value: &Value) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }

    fn one_pass(text: &str) -> Result<Value, ParseFailure<serde_json::Error>> {
        from_json_skipping(text, None).0
    }

    #[test]
    fn split_reads_as_one_pass() {
        let documents = [
            r#"{"openapi": "3.0.3", "paths": {"/a": {"components": 1}}, "components": {"schemas": {"A": {"type": "string"}}}}"#,
            r#"{"components": {"schemas": {}}, "openapi": "3.0.3", "paths": {}}"#,
            r#"{"a": [1, {"components": [2]}], "components": null, "z": {"components": {"x": 1}}}"#,
            r#"{"compo\u006eents": {"escaped": "\u00e9\n"}, "paths": {"/p": {"get": {}}}, "x-n": 12345678901234567890}"#,
            r#"{"openapi": "3.1.0", "components": [1, 2.5, -3, true, "s"]}"#,
        ];
        for text in documents {
            let split = from_json_split(text);
            assert!(split.is_some(), "not split: {text}");
            let one = one_pass(text).ok();
            assert_eq!(split.as_ref().map(written), one.as_ref().map(written), "{text}");
        }
    }

    #[test]
    fn split_reads_real_specs_as_one_pass() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let mut read = 0;
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let Ok(yaml) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let Ok(value) = from_yaml(&yaml) else { continue };
            let Ok(text) = serde_json::to_string_pretty(&value) else {
                continue;
            };
            let split = from_json_split(&text);
            assert_eq!(
                split.as_ref().map(written),
                Some(written(&value)),
                "{}",
                entry.path().display()
            );
            read += 1;
        }
        assert!(read > 0, "no specs read in {}", dir.display());
    }

    #[test]
    fn split_gives_up_where_one_pass_fails_or_has_nothing_to_split() {
        let documents = [
            // A key repeated inside the member, in the rest, and the member itself repeated.
            r#"{"paths": {}, "components": {"schemas": {"A": {}, "A": {}}}}"#,
            r#"{"paths": {"/a": {}, "/a": {}}, "components": {}}"#,
            r#"{"components": {}, "paths": {}, "components": {}}"#,
            // Syntax errors on either side, and after the document.
            r#"{"paths": {}, "components": {"schemas": {"A": }}}"#,
            r#"{"paths": {"/a": [1,]}, "components": {}}"#,
            r#"{"components": {}} {"#,
            r#"{"components": {"s": "\q"}}"#,
            // Nothing to split.
            r#"{"paths": {}}"#,
            r#"[{"components": {}}]"#,
            r#""components""#,
        ];
        for text in documents {
            assert!(from_json_split(text).is_none(), "split: {text}");
            // So `from_json` reads it in one pass, with that pass's error.
            match (from_json(text), one_pass(text)) {
                (Ok(a), Ok(b)) => assert_eq!(written(&a), written(&b)),
                (Err(ParseFailure::Duplicate(a)), Err(ParseFailure::Duplicate(b))) => assert_eq!(a, b),
                (Err(ParseFailure::Syntax(a)), Err(ParseFailure::Syntax(b))) => {
                    assert_eq!(a.to_string(), b.to_string())
                }
                _ => panic!("{text} reads differently"),
            }
        }
    }

    #[test]
    fn other_errors_stay_the_parsers_own() {
        assert!(matches!(from_json("{\"a\": }"), Err(ParseFailure::Syntax(_))));
        assert!(matches!(from_yaml("a: [1\n"), Err(ParseFailure::Syntax(_))));
        assert!(matches!(from_yaml("[1, 2]: x\n"), Err(ParseFailure::Syntax(_))));
    }

    /// Mappings of every size on both sides of the point where their
    /// entries move from the pending list to a `Map`, nested in one another:
    /// read as `serde_json` and `serde_yaml` read them, in order; and a key
    /// repeated anywhere in one is found, with its path.
    #[test]
    fn mappings_of_every_size_read_in_order_and_repeats_are_found_anywhere() {
        for size in 0..=2 * SMALL_MAPPING + 2 {
            let keys: Vec<String> = (0..size).map(|i| format!("k{}", (i * 7919) % 1000)).collect();
            let inner: Vec<String> = keys
                .iter()
                .map(|k| format!("\"{k}\": {{\"x\": [1, {{\"y\": 2}}]}}"))
                .collect();
            let text = format!("{{\"outer\": {{{}}}, \"last\": true}}", inner.join(", "));
            let ours = from_json(&text).ok();
            let theirs: Option<Value> = serde_json::from_str(&text).ok();
            assert!(ours.is_some(), "{text}");
            assert_eq!(ours, theirs, "{text}");
            let order: Vec<&String> = ours
                .as_ref()
                .and_then(|v| v.get("outer"))
                .and_then(Value::as_object)
                .map(|m| m.keys().collect())
                .unwrap_or_default();
            assert_eq!(order, keys.iter().collect::<Vec<_>>());
            let yaml: String = keys.iter().map(|k| format!("  {k}: {{x: [1, {{y: 2}}]}}\n")).collect();
            let yaml = format!("outer:\n{yaml}last: true\n");
            let yaml = if size == 0 {
                "outer: {}\nlast: true\n".to_string()
            } else {
                yaml
            };
            assert_eq!(
                from_yaml(&yaml).ok(),
                serde_yaml::from_str::<Value>(&yaml).ok(),
                "{yaml}"
            );
            for at in 1..keys.len() {
                let mut entries = inner.clone();
                entries.insert(at, format!("\"{}\": 0", keys[at - 1]));
                let text = format!("{{\"outer\": {{{}}}}}", entries.join(", "));
                assert_eq!(
                    duplicate(from_json(&text)),
                    Some(DuplicateKey {
                        key: keys[at - 1].clone(),
                        path: vec!["outer".into(), keys[at - 1].clone()]
                    }),
                    "{text}"
                );
            }
        }
    }
}
