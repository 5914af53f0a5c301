//! A string that matches a schema's `pattern`, for a request a validating
//! server accepts: the regex parsed by `regex-syntax` and walked once,
//! taking the first alternative and a readable character of each class.
//! Repetitions take their minimum, plus `extra` where the length
//! constraints ask for a longer string.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Longest sample tried; a pattern that needs more is left unmatched.
const MAX_SAMPLE: usize = 4096;

/// A string matching `pattern` whose length, in characters, is within the
/// bounds; `None` when the pattern does not parse or no length tried fits.
pub(super) fn sample(pattern: &str, min_length: Option<usize>, max_length: Option<usize>) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    for extra in [0, 1, 2, 4, 8, 16, 32, 64, 128, 256] {
        let mut out = String::new();
        write(&hir, extra, &mut out)?;
        let length = out.chars().count();
        if max_length.is_some_and(|max| length > max) {
            return None;
        }
        if min_length.is_none_or(|min| length >= min) {
            return Some(out);
        }
    }
    None
}

fn write(hir: &Hir, extra: u32, out: &mut String) -> Option<()> {
    if out.len() > MAX_SAMPLE {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            out.push(pick(class.ranges().iter().map(|r| (r.start(), r.end())))?);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges = class
                .ranges()
                .iter()
                .map(|r| (char::from(r.start()), char::from(r.end())));
            out.push(pick(ranges)?);
        }
        HirKind::Repetition(repetition) => {
            let wanted = repetition.min.saturating_add(extra);
            let count = repetition.max.map_or(wanted, |max| wanted.min(max));
            for _ in 0..count {
                write(&repetition.sub, extra, out)?;
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, extra, out)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write(part, extra, out)?;
            }
        }
        HirKind::Alternation(alternatives) => write(alternatives.first()?, extra, out)?,
    }
    Some(())
}

/// A character of the class, readable where the class allows it.
fn pick(ranges: impl Iterator<Item = (char, char)> + Clone) -> Option<char> {
    let contains = |c: char| ranges.clone().any(|(start, end)| start <= c && c <= end);
    if let Some(c) = ['a', 'A', '1', '0', 'x', '-', '_', '.', ' ']
        .into_iter()
        .find(|&c| contains(c))
    {
        return Some(c);
    }
    let printable = ranges
        .clone()
        .find_map(|(start, end)| (start..=end).take(256).find(|c| !c.is_control()));
    printable.or_else(|| ranges.clone().next().map(|(start, _)| start))
}

#[cfg(test)]
mod tests {
    use super::sample;

    fn matches(pattern: &str, text: &str) -> bool {
        regex::Regex::new(pattern).is_ok_and(|re| re.is_match(text))
    }

    #[test]
    fn samples_match_their_pattern() {
        for pattern in [
            r"^\+?[1-9]\d{1,14}$",
            r"^[A-Z]{2}$",
            r"^(USR|CON)-[0-9a-f]{8}-[0-9a-f]{4}$",
            r"^[^\s@]+@[^\s@]+\.[a-z]{2,}$",
            r"^\d{4}-\d{2}-\d{2}$",
            r"[a-z0-9]+",
            r"^.{3,}$",
        ] {
            let text = sample(pattern, None, None).unwrap_or_else(|| panic!("no sample for {pattern}"));
            assert!(matches(pattern, &text), "{text:?} does not match {pattern}");
        }
    }

    #[test]
    fn lengths_are_respected_where_the_pattern_allows() {
        let text = sample(r"^[a-z]+$", Some(5), Some(10)).unwrap();
        assert!((5..=10).contains(&text.len()), "{text:?}");
        assert!(matches(r"^[a-z]+$", &text));
        assert_eq!(sample(r"^[a-z]{4}$", Some(5), None), None);
        assert_eq!(sample(r"^[a-z]{4}$", None, Some(3)), None);
    }

    #[test]
    fn patterns_the_parser_cannot_read_have_no_sample() {
        assert_eq!(sample(r"^(?=a)a$", None, None), None);
        assert_eq!(sample(r"(", None, None), None);
    }
}
