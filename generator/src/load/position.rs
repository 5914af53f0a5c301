//! Finds the line and column of a JSON pointer in the source text.
//!
//! Only used to decorate errors, so it is best effort: block-style YAML (what
//! specs are written in) and JSON are walked; anything it cannot follow gives
//! `None` and the message goes without a position.

use crate::error::{Position, unescape_pointer_segment};

pub fn locate(text: &str, pointer: &str) -> Option<Position> {
    locate_all(text, pointer).first().copied()
}

/// Every place where the key of `pointer`'s last segment is written in its
/// mapping, in text order: one, unless the mapping repeats the key.
pub fn locate_all(text: &str, pointer: &str) -> Vec<Position> {
    let segments: Vec<String> = match pointer.strip_prefix('/') {
        Some(rest) => rest.split('/').map(unescape_pointer_segment).collect(),
        None => return Vec::new(),
    };
    let found = if text.trim_start().starts_with('{') {
        json::locate(text, &segments)
    } else {
        yaml::locate(text, &segments)
    };
    found.unwrap_or_default()
}

/// The position of the node at `pointer` or, when it cannot be found in the
/// text (a node copied in from elsewhere, a flow-style mapping), of its
/// nearest ancestor that can.
pub fn locate_nearest(text: &str, pointer: &str) -> Option<Position> {
    let mut pointer = pointer;
    while !pointer.is_empty() {
        if let Some(position) = locate(text, pointer) {
            return Some(position);
        }
        pointer = pointer.rfind('/').map_or("", |i| &pointer[..i]);
    }
    None
}

mod yaml {
    use super::Position;

    /// A source line seen as content at an indentation, with leading `- `
    /// sequence markers counted as indentation.
    struct Line<'a> {
        number: usize,
        /// Column (0-based) where the line's first non-space character is.
        indent: usize,
        /// Column (0-based) where the content after any `- ` markers starts.
        content_col: usize,
        content: &'a str,
        is_item: bool,
    }

    fn lines(text: &str) -> Vec<Line<'_>> {
        let mut out = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let indent = raw.len() - raw.trim_start_matches(' ').len();
            let mut rest = &raw[indent..];
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            let mut content_col = indent;
            let mut is_item = false;
            while rest == "-" || rest.starts_with("- ") {
                is_item = true;
                let after = rest[1..].trim_start_matches(' ');
                content_col += rest.len() - after.len();
                rest = after;
            }
            out.push(Line {
                number: i + 1,
                indent,
                content_col,
                content: rest,
                is_item,
            });
        }
        out
    }

    fn key_of(content: &str) -> Option<&str> {
        let (key, rest) = if let Some(quoted) = content.strip_prefix('"') {
            let end = quoted.find('"')?;
            (&quoted[..end], &quoted[end + 1..])
        } else if let Some(quoted) = content.strip_prefix('\'') {
            let end = quoted.find('\'')?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = content.find(": ").or_else(|| content.strip_suffix(':').map(str::len))?;
            (&content[..end], &content[end..])
        };
        rest.trim_start().starts_with(':').then_some(key.trim_end())
    }

    pub fn locate(text: &str, segments: &[String]) -> Option<Vec<Position>> {
        let lines = lines(text);
        // The current node spans lines[start..end]; its children sit at an
        // indentation greater than `parent`.
        let (mut start, mut end, mut parent) = (0usize, lines.len(), None::<usize>);
        let mut found = Vec::new();
        for (depth, segment) in segments.iter().enumerate() {
            let within = |l: &Line| parent.is_none_or(|p| l.content_col > p);
            // Sequence items of this node, when the segment is an index.
            let index: Option<usize> = segment.parse().ok();
            let item_lines: Vec<usize> = (start..end)
                .filter(|&i| lines[i].is_item && parent.is_none_or(|p| lines[i].indent >= p))
                .collect();
            let (hit, col) = if let (Some(n), false) = (index, item_lines.is_empty()) {
                let min_indent = item_lines.iter().map(|&i| lines[i].indent).min()?;
                let items: Vec<usize> = item_lines
                    .into_iter()
                    .filter(|&i| lines[i].indent == min_indent)
                    .collect();
                let at = *items.get(n)?;
                (at, lines[at].content_col)
            } else {
                let candidates: Vec<usize> = (start..end)
                    .filter(|&i| within(&lines[i]) && key_of(lines[i].content) == Some(segment.as_str()))
                    .collect();
                let min_col = candidates.iter().map(|&i| lines[i].content_col).min()?;
                let mut at_min = candidates.iter().filter(|&&i| lines[i].content_col == min_col);
                let at = *at_min.next()?;
                if depth + 1 == segments.len() {
                    let every = std::iter::once(at).chain(at_min.copied());
                    return Some(
                        every
                            .map(|i| Position {
                                line: lines[i].number,
                                column: min_col + 1,
                            })
                            .collect(),
                    );
                }
                (at, min_col)
            };
            found = vec![Position {
                line: lines[hit].number,
                column: col + 1,
            }];
            // The node's block: following lines indented deeper than the key.
            let mut next = hit + 1;
            while next < end && lines[next].indent > lines[hit].indent {
                next += 1;
            }
            // Content on the key's own line after `- ` belongs to the item.
            start = if lines[hit].is_item && index.is_some() {
                hit
            } else {
                hit + 1
            };
            end = next;
            parent = Some(if lines[hit].is_item && index.is_some() {
                lines[hit].indent
            } else {
                col
            });
        }
        Some(found)
    }
}

mod json {
    use super::Position;

    struct Cursor<'a> {
        bytes: &'a [u8],
        at: usize,
    }

    impl Cursor<'_> {
        fn skip_ws(&mut self) {
            while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
                self.at += 1;
            }
        }

        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.at).copied()
        }

        fn string(&mut self) -> Option<String> {
            let start = self.at + 1;
            let mut i = start;
            while i < self.bytes.len() {
                match self.bytes[i] {
                    b'\\' => i += 2,
                    b'"' => {
                        self.at = i + 1;
                        let raw = std::str::from_utf8(self.bytes.get(start..i)?).ok()?;
                        return serde_json::from_str(&format!("\"{raw}\"")).ok();
                    }
                    _ => i += 1,
                }
            }
            None
        }

        /// Skips one value of any kind.
        fn skip_value(&mut self) -> Option<()> {
            self.skip_ws();
            match self.peek()? {
                b'"' => self.string().map(|_| ()),
                b'{' | b'[' => {
                    let mut depth = 0usize;
                    while let Some(b) = self.peek() {
                        match b {
                            b'"' => {
                                self.string()?;
                                continue;
                            }
                            b'{' | b'[' => depth += 1,
                            b'}' | b']' => {
                                depth -= 1;
                                if depth == 0 {
                                    self.at += 1;
                                    return Some(());
                                }
                            }
                            _ => {}
                        }
                        self.at += 1;
                    }
                    None
                }
                _ => {
                    while let Some(b) = self.peek() {
                        if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                            break;
                        }
                        self.at += 1;
                    }
                    Some(())
                }
            }
        }
    }

    pub fn locate(text: &str, segments: &[String]) -> Option<Vec<Position>> {
        let mut c = Cursor {
            bytes: text.as_bytes(),
            at: 0,
        };
        let mut key_at = 0;
        for (depth, segment) in segments.iter().enumerate() {
            let last = depth + 1 == segments.len();
            c.skip_ws();
            match c.peek()? {
                b'{' => {
                    c.at += 1;
                    let mut hits = Vec::new();
                    loop {
                        c.skip_ws();
                        if c.peek() != Some(b'"') {
                            break;
                        }
                        let here = c.at;
                        let key = c.string()?;
                        c.skip_ws();
                        c.at += 1; // ':'
                        if key == *segment {
                            hits.push(here);
                            if !last {
                                break;
                            }
                        }
                        c.skip_value()?;
                        c.skip_ws();
                        if c.peek() == Some(b',') {
                            c.at += 1;
                        }
                    }
                    if last && !hits.is_empty() {
                        return Some(hits.into_iter().filter_map(|at| position_of(text, at)).collect());
                    }
                    key_at = *hits.first()?;
                }
                b'[' => {
                    c.at += 1;
                    let n: usize = segment.parse().ok()?;
                    for _ in 0..n {
                        c.skip_value()?;
                        c.skip_ws();
                        if c.peek()? != b',' {
                            return None;
                        }
                        c.at += 1;
                    }
                    c.skip_ws();
                    key_at = c.at;
                }
                _ => return None,
            }
        }
        position_of(text, key_at).map(|p| vec![p])
    }

    fn position_of(text: &str, at: usize) -> Option<Position> {
        let before = text.get(..at)?;
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some(Position { line, column })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.0.3\npaths:\n  /{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n        - name: q\n          in: query\n      responses:\n        '404':\n          $ref: x.yml\n";

    #[test]
    fn finds_keys_and_items_in_block_yaml() {
        let at = |p| locate(YAML, p).map(|p| (p.line, p.column));
        assert_eq!(at("/paths/~1{id}/get/responses/404"), Some((11, 9)));
        assert_eq!(at("/paths/~1{id}/get/parameters/1"), Some((8, 11)));
        assert_eq!(at("/paths/~1{id}/get/parameters/1/in"), Some((9, 11)));
        assert_eq!(at("/paths/~1{id}/get/parameters/0/name"), Some((6, 11)));
        assert_eq!(at("/paths/~1{id}/post"), None);
    }

    #[test]
    fn finds_keys_and_items_in_json() {
        let text = "{\n  \"a\": {\"b\": [1, {\"c\": 2}]},\n  \"d\": 3\n}";
        let at = |p| locate(text, p).map(|p| (p.line, p.column));
        assert_eq!(at("/d"), Some((3, 3)));
        assert_eq!(at("/a/b/1/c"), Some((2, 19)));
        assert_eq!(at("/a/x"), None);
    }
}
