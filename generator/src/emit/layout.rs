//! Code written straight as text, in the layout `prettyplease` gives the
//! same tokens: for the shapes a file repeats most, so that they need not
//! be parsed and pretty-printed. Each writer returns `None` for a case its
//! rules do not cover, and the caller builds tokens instead.

use proc_macro2::TokenStream;

use crate::ir::Docs;

/// A part of a file: items still to be formatted, or text laid out already.
pub(super) enum Part {
    Tokens(TokenStream),
    /// An associated item of the `impl` block whose first and last lines
    /// are written as text around it: formatted inside an `impl` of its own
    /// and taken out of it, indentation and all.
    Associated(TokenStream),
    Text(String),
}

/// `prettyplease`'s line width, counted in bytes from the line's start.
const MARGIN: usize = 89;
const INDENT: usize = 4;

/// Lines of text, each refused when it would pass the margin.
#[derive(Default)]
pub(super) struct Lines(pub(super) String);

impl Lines {
    pub(super) fn fits(indent: usize, text: &str) -> bool {
        indent + text.len() <= MARGIN
    }

    pub(super) fn push(&mut self, indent: usize, text: &str) -> Option<()> {
        Self::fits(indent, text).then(|| self.push_long(indent, text))
    }

    /// A line with no break left in it, which passes the margin as it must.
    pub(super) fn push_long(&mut self, indent: usize, text: &str) {
        self.push_long_parts(indent, &[text]);
    }

    /// Whether the line `parts` make, joined, fits at `indent`.
    pub(super) fn fits_parts(indent: usize, parts: &[&str]) -> bool {
        indent + parts.iter().map(|part| part.len()).sum::<usize>() <= MARGIN
    }

    /// [`Lines::push`] of `parts` joined, written straight into the text:
    /// the writers' lines are mostly a few pieces, and joining them first
    /// with `format!` cost a fifth of emission.
    pub(super) fn push_parts(&mut self, indent: usize, parts: &[&str]) -> Option<()> {
        Self::fits_parts(indent, parts).then(|| self.push_long_parts(indent, parts))
    }

    /// [`Lines::push_long`] of `parts` joined.
    pub(super) fn push_long_parts(&mut self, indent: usize, parts: &[&str]) {
        // Indentation copied from one run of spaces, not pushed a char at a time.
        const SPACES: &str = "                                                                ";
        match SPACES.get(..indent) {
            Some(spaces) => self.0.push_str(spaces),
            None => self.0.extend(std::iter::repeat_n(' ', indent)),
        }
        for part in parts {
            self.0.push_str(part);
        }
        self.0.push('\n');
    }

    /// `impl {trait_} for {ty} {`, broken before `for` where it does not
    /// fit, as `prettyplease` breaks an impl's header; a path and a name
    /// have nowhere else to break.
    pub(super) fn impl_header(&mut self, trait_: &str, ty: &str) {
        let whole = ["impl ", trait_, " for ", ty, " {"];
        if Self::fits_parts(0, &whole) {
            self.push_long_parts(0, &whole);
        } else {
            self.push_long_parts(0, &["impl ", trait_]);
            self.push_long_parts(0, &["for ", ty, " {"]);
        }
    }

    /// The item `{path}!({name});`, its argument on a line of its own where
    /// it does not fit.
    pub(super) fn macro_item(&mut self, path: &str, name: &str) {
        let whole = [path, "!(", name, ");"];
        if Self::fits_parts(0, &whole) {
            self.push_long_parts(0, &whole);
        } else {
            self.push_long_parts(0, &[path, "!("]);
            self.push_long(INDENT, name);
            self.push_long(0, ");");
        }
    }

    /// `{lead}{receiver}.{method}({args})?{ending}`, broken as `prettyplease`
    /// breaks a method call that does not fit: first before the `.`, then
    /// between the arguments.
    pub(super) fn call(
        &mut self,
        indent: usize,
        lead: &str,
        receiver: &str,
        method: &str,
        args: &[&str],
        ending: &str,
    ) -> Option<()> {
        let args_inline = args.join(", ");
        let call = [".", method, "(", &args_inline, ")?", ending];
        let whole = [lead, receiver, call[0], call[1], call[2], call[3], call[4], call[5]];
        if Self::fits_parts(indent, &whole) {
            return self.push_parts(indent, &whole);
        }
        self.push_long_parts(indent, &[lead, receiver]);
        let inner = indent + INDENT;
        if Self::fits_parts(inner, &call) {
            return self.push_parts(inner, &call);
        }
        self.push_parts(inner, &[".", method, "("])?;
        for arg in args {
            self.push_long_parts(inner + INDENT, &[arg, ","]);
        }
        self.push_parts(inner, &[")?", ending])
    }
}

/// Whether `prettyplease` keeps a struct literal (`Self { a, b }`) on one
/// line: while it is at most 34 columns wide, not counting its `}`.
pub(super) fn literal_stays_inline(literal: &str) -> bool {
    literal.len() <= 34 + 1
}

/// The lines `prettyplease` prints for [`super::docs::doc_attrs`], at
/// `indent`: no doc line holds a newline or starts with `/`, so each is a
/// `///` comment.
pub(super) fn doc_comments(out: &mut Lines, indent: usize, docs: &Docs) {
    doc_text(out, indent, &super::docs::render(docs));
    if docs.deprecated {
        out.push_long(indent, "#[deprecated]");
    }
}

/// The lines `prettyplease` prints for [`super::docs::doc_lines`] of `text`.
pub(super) fn doc_text(out: &mut Lines, indent: usize, text: &str) {
    for line in text.lines() {
        let line = line.trim_end_matches(' ');
        if line.is_empty() {
            out.push_long(indent, "///");
        } else {
            out.push_long_parts(indent, &["/// ", line]);
        }
    }
}

/// `{lead}{ty}{tail}` where `ty` is [`type_text`], its generic arguments
/// broken one per line, outermost first, where it does not fit.
pub(super) fn type_lines(out: &mut Lines, indent: usize, lead: &str, ty: &str, tail: &str) {
    type_lines_within(out, indent, lead, ty, tail, true);
}

/// [`type_lines`] for an argument of a list broken one per line: the comma
/// after the last one is only there because the list is broken, and does
/// not count towards the width.
pub(super) fn argument_type_lines(out: &mut Lines, indent: usize, lead: &str, ty: &str, last: bool) {
    type_lines_within(out, indent, lead, ty, ",", !last);
}

fn type_lines_within(out: &mut Lines, indent: usize, lead: &str, ty: &str, tail: &str, tail_counts: bool) {
    let counted = if tail_counts { tail } else { "" };
    let generic = ty.find('<').filter(|_| ty.ends_with('>'));
    let Some(open) = generic.filter(|_| !Lines::fits_parts(indent, &[lead, ty, counted])) else {
        out.push_long_parts(indent, &[lead, ty, tail]);
        return;
    };
    out.push_long_parts(indent, &[lead, &ty[..=open]]);
    let arguments = top_level_arguments(&ty[open + 1..ty.len() - 1]);
    let count = arguments.len();
    for (i, argument) in arguments.into_iter().enumerate() {
        argument_type_lines(out, indent + INDENT, "", argument, i + 1 == count);
    }
    out.push_long_parts(indent, &[">", tail]);
}

/// The arguments of a generic type, split at the commas outside any `<>`.
fn top_level_arguments(arguments: &str) -> Vec<&str> {
    let mut depth = 0usize;
    let mut start = 0;
    let mut found = Vec::new();
    for (i, c) in arguments.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                found.push(arguments[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    found.push(arguments[start..].trim());
    found
}

/// A string literal as `proc_macro2::Literal::string` spells it, and so as
/// `prettyplease` prints it. The examples' JSON is megabytes of it on a big
/// spec: runs that need no escape are copied whole, and every other
/// character is escaped as `proc_macro2` escapes it.
pub(super) fn string_literal(text: &str) -> String {
    let plain = |b: u8| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\';
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut rest = text;
    while !rest.is_empty() {
        let run = rest.bytes().position(|b| !plain(b)).unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        rest = &rest[run..];
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        match c {
            // `\0` before a digit would read as an octal escape.
            '\0' if rest.starts_with(|next: char| ('0'..='7').contains(&next)) => out.push_str("\\x00"),
            '\0' => out.push_str("\\0"),
            '\'' => out.push(c),
            c => out.extend(c.escape_debug()),
        }
    }
    out.push('"');
    out
}

/// A type as `prettyplease` prints it: the tokens of a type path, without
/// the spaces between them but after each comma.
pub(super) fn type_text(ty: &TokenStream) -> String {
    let spaced = ty.to_string();
    let mut out = String::with_capacity(spaced.len());
    for piece in spaced.split(' ') {
        out.push_str(piece);
        if piece.ends_with(',') {
            out.push(' ');
        }
    }
    out
}

/// What the tests of the text writers share.
#[cfg(test)]
pub(super) mod testing {
    use proc_macro2::TokenStream;

    /// What `prettyplease` makes of the tokens, the output the text must equal.
    pub fn pretty(tokens: TokenStream) -> String {
        let file = syn::parse2::<syn::File>(tokens).expect("the tokens under test parse");
        prettyplease::unparse(&file)
    }

    #[test]
    fn string_literals_are_spelled_as_proc_macro2_spells_them() {
        let mut texts: Vec<String> = (0u32..0x800).filter_map(char::from_u32).map(String::from).collect();
        texts.extend(
            [
                "",
                "plain text",
                "\0",
                "\x007",
                "\x008",
                "a\0",
                "'\"\\",
                "\u{301}e\u{301}",
                "tab\tnew\nline\r",
                "😀 ü \u{200b} \u{feff} \u{10ffff}",
                "{\"a\":[1,\"b\\\"c\"]}",
            ]
            .map(String::from),
        );
        for text in texts {
            let expected = proc_macro2::Literal::string(&text).to_string();
            assert_eq!(super::string_literal(&text), expected, "{text:?}");
        }
    }

    /// What `prettyplease` prints for `item` inside an `impl` block: the
    /// lines a writer of associated items must give.
    pub fn pretty_associated(item: TokenStream) -> String {
        let formatted = pretty(quote::quote! { impl Associated { #item } });
        crate::emit::associated_lines(&formatted).to_string()
    }

    /// The programs of the spec folders the repository holds, with their
    /// folders: ours, the wire specs and the edge cases, which between them
    /// have every shape the writers cover.
    pub fn repository_programs() -> Vec<(std::path::PathBuf, crate::ir::Program)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let workspace = root.parent().expect("the generator is in the workspace");
        [
            workspace.join("specs"),
            root.join("tests/wire/specs"),
            root.join("tests/corpus/edge_cases"),
        ]
        .into_iter()
        .map(|dir| {
            let set = crate::load::SpecSet::load_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            let program = crate::lower::lower(&set).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            (dir, program)
        })
        .collect()
    }

    /// A name of `len` bytes starting with `first`.
    pub fn repeated(first: char, len: usize) -> String {
        let mut text = first.to_string();
        text.extend(std::iter::repeat_n('x', len.saturating_sub(1)));
        text
    }
}
