//! Rust names from spec names: case conversion, escaping, and deterministic
//! collision handling.

use rustc_hash::FxHashMap as HashMap;

/// Words Rust reserves, in every edition we target.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
    "union",
];

/// Whether `name` is a keyword; most names are longer than any, and are
/// told apart by their length alone (names are made tens of thousands of
/// times on a large spec).
fn is_keyword(name: &str) -> bool {
    name.len() <= longest(KEYWORDS) && KEYWORDS.contains(&name)
}

const fn longest(words: &[&str]) -> usize {
    let mut longest = 0;
    let mut i = 0;
    while i < words.len() {
        if words[i].len() > longest {
            longest = words[i].len();
        }
        i += 1;
    }
    longest
}

/// Keywords that cannot be raw identifiers (`r#self` is not valid Rust).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Type names the generated code uses unqualified; a spec type may not shadow them.
const PRELUDE_TYPES: &[&str] = &[
    "Option",
    "Result",
    "Vec",
    "String",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Send",
    "Sync",
    "Sized",
    "ToString",
    "From",
    "Into",
    "Iterator",
    "Drop",
    "Fn",
    "PartialEq",
    "Eq",
    "Ord",
    "PartialOrd",
    "Hash",
    "Self",
];

/// The words of a spec name, as ASCII letters and digits between spaces:
/// anything else is a word break, so that `x-rate-limit`, `ümlaut` and
/// `a.b` all yield usable words; signs become words, so that `+1` and `-1`
/// (GitHub's reactions, enum values) read `plus_1` and `minus_1`, or
/// `Plus1` and `Minus1`, instead of colliding.
fn value_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    let mut chars = raw.chars().peekable();
    let mut at_word_start = true;
    while let Some(c) = chars.next() {
        match c {
            '+' => out.push_str(" plus "),
            '-' if at_word_start && chars.peek().is_some_and(char::is_ascii_digit) => out.push_str(" minus "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
        at_word_start = !c.is_ascii_alphanumeric();
    }
    out
}

/// Calls `word` with each word of ASCII text, split as `heck` 0.5 splits
/// it: at anything but a letter or digit, between a lowercase letter (and
/// the digits after it) and a capital, and before the last capital of a run
/// that a lowercase letter follows (`HTTPServer` is `HTTP`, `Server`).
/// Names are converted tens of thousands of times on a large spec, and
/// `heck` writes every character through `fmt`; this does the same on bytes.
fn each_word<'a>(text: &'a str, mut word: impl FnMut(&'a str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Case {
        None,
        Lower,
        Upper,
    }
    for part in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = part.as_bytes();
        let mut start = 0;
        let mut case = Case::None;
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word(&part[start..]);
                break;
            };
            let with_c = if c.is_ascii_lowercase() {
                Case::Lower
            } else if c.is_ascii_uppercase() {
                Case::Upper
            } else {
                case
            };
            if with_c == Case::Lower && next.is_ascii_uppercase() {
                word(&part[start..=i]);
                start = i + 1;
                case = Case::None;
            } else if case == Case::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&part[start..i]);
                start = i;
                case = Case::None;
            } else {
                case = with_c;
            }
        }
    }
}

/// `UpperCamelCase` of ASCII text, as `heck`'s `to_upper_camel_case`.
fn upper_camel_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    each_word(text, |word| {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        // Words are ASCII, so the first byte is a whole character.
        if let Some(first) = out.get_mut(start..start + 1) {
            first.make_ascii_uppercase();
        }
    });
    out
}

/// `snake_case` of ASCII text, as `heck`'s `to_snake_case`.
fn snake_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    each_word(text, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    });
    out
}

/// `UpperCamelCase` variant name for an enum value.
pub fn variant_ident(value: &str) -> String {
    camel_ident(value, "V", "Empty")
}

/// `UpperCamelCase` identifier for a type or variant; `prefix` goes in front
/// of a name that would start with a digit, `fallback` stands in for a name
/// with no letters or digits at all.
pub fn camel_ident(raw: &str, prefix: &str, fallback: &str) -> String {
    let mut name = if is_upper_camel_case(raw) {
        raw.to_string()
    } else {
        upper_camel_case(&value_words(raw))
    };
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{prefix}{name}");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// Whether converting `text` to `UpperCamelCase` gives `text` back: ASCII
/// letters and digits, a capital first, and every later capital right after
/// a lowercase letter or after digits that follow one. The hints of inline
/// types are names already converted, joined, so most take this way out.
fn is_upper_camel_case(text: &str) -> bool {
    let Some((first, rest)) = text.as_bytes().split_first() else {
        return false;
    };
    let mut after_lowercase = false;
    first.is_ascii_uppercase()
        && rest.iter().all(|&b| {
            if b.is_ascii_lowercase() {
                after_lowercase = true;
            } else if b.is_ascii_uppercase() {
                if !after_lowercase {
                    return false;
                }
                after_lowercase = false;
            } else if !b.is_ascii_digit() {
                return false;
            }
            true
        })
}

/// A type name; never one of the prelude names generated code relies on.
pub fn type_name(raw: &str) -> String {
    let name = camel_ident(raw, "T", "Unnamed");
    if name.len() <= longest(PRELUDE_TYPES) && PRELUDE_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// A `snake_case` identifier for a field, parameter, method or module.
pub fn snake_ident(raw: &str, fallback: &str) -> String {
    let mut name = snake_case(&value_words(raw));
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("_{name}");
    }
    escape_keyword(name)
}

/// Makes a keyword usable as an identifier: `r#type`, or `self_` where a raw
/// identifier is not allowed.
pub fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if is_keyword(&name) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The bare identifier text, without `r#`, for comparisons and suffixes.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// The field of every struct that keeps the properties its schema does not
/// list; a property that wants this name is numbered instead.
pub const ADDITIONAL_FIELD: &str = "additional_properties";

/// Names already given in one scope, with who holds them.
#[derive(Debug, Default)]
pub struct Scope {
    taken: HashMap<String, String>,
}

impl Scope {
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string(), String::new());
    }

    /// Gives `wanted` to `owner`, or `wanted2`, `wanted3`… when another owner
    /// holds it. Returns the name and, when it changed, the previous holder.
    pub fn claim(&mut self, wanted: &str, owner: &str) -> (String, Option<String>) {
        if !self.taken.contains_key(wanted) {
            self.taken.insert(wanted.to_string(), owner.to_string());
            return (wanted.to_string(), None);
        }
        let holder = self.taken.get(wanted).cloned().unwrap_or_default();
        let (stem, raw) = match wanted.strip_prefix("r#") {
            Some(stem) => (stem, true),
            None => (wanted, false),
        };
        // `self_` and `Self_` were escaped already; the number escapes them too.
        let stem = stem.trim_end_matches('_');
        let snake = stem.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') || stem.contains('_');
        let separator = if snake || stem.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut n = 2;
        loop {
            let candidate = format!("{stem}{separator}{n}");
            let candidate = if raw { escape_keyword(candidate) } else { candidate };
            if !self.taken.contains_key(&candidate) {
                self.taken.insert(candidate.clone(), owner.to_string());
                return (candidate, Some(holder));
            }
            n += 1;
        }
    }
}

/// The reason phrase of an HTTP status as an UpperCamelCase word, for names
/// such as `GetUserNotFoundError`.
/// The name of the variant that keeps values an enum or union does not
/// list: `Other`, unless a listed value already took it.
pub fn catch_all<'a>(taken: impl Iterator<Item = &'a str> + Clone) -> String {
    ["Other", "Unknown", "UnlistedValue", "UnlistedValue_"]
        .into_iter()
        .find(|candidate| !taken.clone().any(|name| name == *candidate))
        .unwrap_or("UnlistedValue__")
        .to_string()
}

pub fn status_word(status: &str) -> String {
    let phrase = match status {
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "NonAuthoritativeInformation",
        "204" => "NoContent",
        "205" => "ResetContent",
        "206" => "PartialContent",
        "207" => "MultiStatus",
        "300" => "MultipleChoices",
        "301" => "MovedPermanently",
        "302" => "Found",
        "303" => "SeeOther",
        "304" => "NotModified",
        "307" => "TemporaryRedirect",
        "308" => "PermanentRedirect",
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "402" => "PaymentRequired",
        "403" => "Forbidden",
        "404" => "NotFound",
        "405" => "MethodNotAllowed",
        "406" => "NotAcceptable",
        "407" => "ProxyAuthenticationRequired",
        "408" => "RequestTimeout",
        "409" => "Conflict",
        "410" => "Gone",
        "411" => "LengthRequired",
        "412" => "PreconditionFailed",
        "413" => "PayloadTooLarge",
        "414" => "UriTooLong",
        "415" => "UnsupportedMediaType",
        "416" => "RangeNotSatisfiable",
        "417" => "ExpectationFailed",
        "421" => "MisdirectedRequest",
        "422" => "UnprocessableEntity",
        "423" => "Locked",
        "424" => "FailedDependency",
        "425" => "TooEarly",
        "426" => "UpgradeRequired",
        "428" => "PreconditionRequired",
        "429" => "TooManyRequests",
        "431" => "RequestHeaderFieldsTooLarge",
        "451" => "UnavailableForLegalReasons",
        "500" => "InternalServerError",
        "501" => "NotImplemented",
        "502" => "BadGateway",
        "503" => "ServiceUnavailable",
        "504" => "GatewayTimeout",
        "505" => "HttpVersionNotSupported",
        "1XX" | "1xx" => "Informational",
        "2XX" | "2xx" => "Success",
        "3XX" | "3xx" => "Redirection",
        "4XX" | "4xx" => "ClientError",
        "5XX" | "5xx" => "ServerError",
        "default" => "Default",
        other => return format!("Status{}", camel_ident(other, "", "Unknown")),
    };
    phrase.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of up to `longest` pieces of `alphabet`, shortest first.
    fn every_string<'a>(alphabet: &'a [&'a str], longest: u32) -> impl Iterator<Item = String> + 'a {
        (0..=longest).flat_map(move |len| {
            (0..alphabet.len().pow(len)).map(move |mut n| {
                let mut text = String::new();
                for _ in 0..len {
                    text.push_str(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                text
            })
        })
    }

    /// Every string of up to six characters over letters of both cases,
    /// digits and separators: the words come out as `heck` splits them.
    #[test]
    fn case_conversion_splits_words_as_heck_does() {
        use heck::{ToSnakeCase, ToUpperCamelCase};
        let mut compared = 0;
        for text in every_string(&["a", "Z", "B", "9", " ", "_", "x"], 6) {
            assert_eq!(upper_camel_case(&text), text.to_upper_camel_case(), "{text:?}");
            assert_eq!(snake_case(&text), text.to_snake_case(), "{text:?}");
            compared += 1;
        }
        assert_eq!(compared, 137_257);
        for text in [
            "HTTPServer",
            "getHTTPResponseCode",
            "v2Api",
            "ABC",
            "a1B2c3",
            "IPv6Address",
            "x509cert",
        ] {
            assert_eq!(upper_camel_case(text), text.to_upper_camel_case(), "{text:?}");
            assert_eq!(snake_case(text), text.to_snake_case(), "{text:?}");
        }
    }

    /// Words as they were found before [`value_words`] read them in one
    /// pass: signs replaced, then everything but ASCII letters and digits
    /// turned into spaces.
    fn value_words_in_two_passes(raw: &str) -> String {
        let mut signed = String::new();
        let mut chars = raw.chars().peekable();
        let mut at_word_start = true;
        while let Some(c) = chars.next() {
            let before_digit = chars.peek().is_some_and(|n| n.is_ascii_digit());
            match c {
                '+' => signed.push_str(" plus "),
                '-' if before_digit && at_word_start => signed.push_str(" minus "),
                c => signed.push(c),
            }
            at_word_start = !c.is_ascii_alphanumeric();
        }
        signed
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect()
    }

    #[test]
    fn value_words_are_the_two_passes_in_one() {
        for text in every_string(&["a", "Z", "9", "-", "+", " ", "ü", "_"], 5) {
            assert_eq!(value_words(&text), value_words_in_two_passes(&text), "{text:?}");
        }
    }

    #[test]
    fn names_taken_as_they_are_convert_to_themselves() {
        let mut taken = 0;
        for text in every_string(&["a", "b", "A", "B", "7", "-", "ü"], 6) {
            if is_upper_camel_case(&text) {
                assert_eq!(upper_camel_case(&value_words(&text)), text);
                taken += 1;
            }
        }
        // Thousands of these names take the short way, so the check above bites.
        assert!(taken > 1000, "{taken}");
        assert!(is_upper_camel_case("ReposOwnerRepoPulls2Item"));
        assert!(!is_upper_camel_case("HTTPServer"));
        assert!(!is_upper_camel_case("A1B"));
    }

    #[test]
    fn keywords_are_found_whatever_their_length() {
        for keyword in KEYWORDS {
            assert!(is_keyword(keyword), "{keyword}");
        }
        assert!(!is_keyword("continues"));
        assert_eq!(type_name("PartialOrd"), "PartialOrdModel");
    }

    #[test]
    fn fields_are_snake_case_and_escaped() {
        assert_eq!(snake_ident("_embedded", "f"), "embedded");
        assert_eq!(snake_ident("accountId", "f"), "account_id");
        assert_eq!(snake_ident("content-type", "f"), "content_type");
        assert_eq!(snake_ident("type", "f"), "r#type");
        assert_eq!(snake_ident("self", "f"), "self_");
        assert_eq!(snake_ident("2fa", "f"), "_2fa");
        assert_eq!(snake_ident("+", "field"), "plus");
        assert_eq!(snake_ident("$", "field"), "field");
        assert_eq!(snake_ident("+1", "f"), "plus_1");
        assert_eq!(snake_ident("-1", "f"), "minus_1");
        assert_eq!(snake_ident("x-rate-limit", "f"), "x_rate_limit");
        assert_eq!(snake_ident("größe", "f"), "gr_e");
    }

    #[test]
    fn types_are_upper_camel_case_and_never_shadow_the_prelude() {
        assert_eq!(type_name("capabilities"), "Capabilities");
        assert_eq!(type_name("voice_capability"), "VoiceCapability");
        assert_eq!(type_name("Result"), "ResultModel");
        assert_eq!(type_name("3ds"), "T3ds");
        assert_eq!(type_name("$$$"), "Unnamed");
        assert_eq!(type_name("+1"), "Plus1");
        assert_eq!(camel_ident("na-east", "V", "Empty"), "NaEast");
        assert_eq!(camel_ident("1", "V", "Empty"), "V1");
        assert_eq!(variant_ident("+1"), "Plus1");
        assert_eq!(variant_ident("-1"), "Minus1");
        assert_eq!(variant_ident("reactions-+1"), "ReactionsPlus1");
        assert_eq!(variant_ident("reactions--1"), "ReactionsMinus1");
        assert_eq!(variant_ident("na-east"), "NaEast");
        assert_eq!(variant_ident("x-1"), "X1");
    }

    #[test]
    fn collisions_get_numbered_deterministically() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("Order", "a").0, "Order");
        let (name, holder) = scope.claim("Order", "b");
        assert_eq!(name, "Order2");
        assert_eq!(holder.as_deref(), Some("a"));
        assert_eq!(scope.claim("page_size", "x").0, "page_size");
        assert_eq!(scope.claim("page_size", "y").0, "page_size_2");
        assert_eq!(scope.claim("r#type", "x").0, "r#type");
        assert_eq!(scope.claim("r#type", "y").0, "type_2");
        assert_eq!(scope.claim("Self_", "x").0, "Self_");
        assert_eq!(scope.claim("Self_", "y").0, "Self2");
        assert_eq!(scope.claim("self_", "x").0, "self_");
        assert_eq!(scope.claim("self_", "y").0, "self_2");
    }

    #[test]
    fn status_words() {
        assert_eq!(status_word("404"), "NotFound");
        assert_eq!(status_word("4XX"), "ClientError");
        assert_eq!(status_word("599"), "Status599");
    }
}
