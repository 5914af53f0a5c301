//! Emit: the representation into the files of the generated crate, built as
//! tokens with `quote` and formatted by `prettyplease`; the most repeated
//! shapes are written straight as text in the same layout (see [`readers`]).

pub(crate) mod client;
mod client_struct;
mod config;
pub mod contract;
mod docs;
mod enums;
mod examples;
mod layout;
mod manifest;
mod mock;
mod readers;
mod structs;
pub(crate) mod type_refs;
mod types;
mod unions;
mod validate;

use std::time::{Duration, Instant};

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::ir::{Module, Program, TypeDef};
use crate::outline::ModuleOutline;
use layout::Part;

pub use config::CrateConfig;
pub use examples::AllowList;
pub(crate) use manifest::dependencies;

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the generated crate's root, with `/` separators.
    pub path: String,
    pub contents: String,
}

/// What emission produced and where its time went.
#[derive(Debug)]
pub struct Emitted {
    pub files: Vec<GeneratedFile>,
    /// Building token streams, summed over files (CPU time across threads).
    pub tokens: Duration,
    /// Parsing and pretty-printing them, summed over files.
    pub format: Duration,
    /// The parsing part of `format`.
    pub parse: Duration,
    /// Tokens and formatting of each module's files, by module index.
    pub module_times: Vec<Duration>,
}

/// Types and operations per piece of a large file: pieces are built and
/// formatted in parallel, then joined, so that one huge spec does not
/// serialise on one core nor hold all its tokens at once.
const TYPES_PER_PIECE: usize = 256;
const OPERATIONS_PER_PIECE: usize = 64;

/// One piece of one file to emit.
#[derive(Clone)]
enum Job<'a> {
    Manifest,
    Lib,
    /// A file copied as it is: `(path, contents)`.
    Verbatim(&'static str, &'static str),
    ModuleRoot(&'a Module),
    /// The module's types in this slice; the first piece carries the file's header.
    Types(&'a Module, &'a [&'a TypeDef], bool),
    /// The operations in this range; the first piece carries the client itself.
    Client(&'a Module, std::ops::Range<usize>),
    /// `Validate` impls of the module's request types in this slice; the
    /// first piece carries the file's header.
    Validate(&'a Module, &'a [&'a TypeDef], bool),
    /// The module's test doubles.
    Mock(&'a Module),
    Examples(&'a Module),
}

/// A formatted piece, and the time building its tokens and formatting them.
struct Piece {
    path: String,
    source: String,
    /// The piece's text in the parts it was made in: a file's parts are
    /// copied once, into its final text, rather than joined first.
    texts: Vec<String>,
    tokens: Duration,
    format: Duration,
    parse: Duration,
}

/// The files of the modules of `program`, but those marked in `skip` (by
/// module index), and the files made from every module of the crate, which
/// `outlines` lists (the program's and those not lowered again). Pieces are
/// independent, so they are built and formatted on all cores; the output
/// does not depend on it.
pub fn emit(
    program: &Program,
    outlines: &[ModuleOutline],
    allow: &AllowList,
    config: &CrateConfig,
    skip: &[bool],
) -> Result<Emitted> {
    let validated = validate::Validated::new(program);
    let defs: Vec<Vec<&TypeDef>> = program
        .modules
        .iter()
        .map(|m| program.types_of(m.id).collect())
        .collect();
    let jobs = jobs(program, &defs, &validated, skip);
    let inputs = Inputs {
        program,
        outlines,
        allow,
        config,
        validated: &validated,
    };
    let lost = || Error::new(config.name.as_str(), "", "internal error: a file could not be emitted");
    let weights: Vec<usize> = jobs.iter().map(job_weight).collect();
    let results = in_parallel(&jobs, &weights, |job| run_job(&inputs, job.clone()));
    if results.len() != jobs.len() {
        return Err(lost());
    }
    let mut emitted = Emitted {
        files: Vec::new(),
        tokens: Duration::ZERO,
        format: Duration::ZERO,
        parse: Duration::ZERO,
        module_times: vec![Duration::ZERO; program.modules.len()],
    };
    // Gather the pieces of each file, in job order.
    let mut joined: Vec<(String, String, Vec<String>)> = Vec::new();
    for (index, result) in results {
        let piece = result?;
        emitted.tokens += piece.tokens;
        emitted.format += piece.format;
        emitted.parse += piece.parse;
        if let Some(module) = job_module(&jobs[index]) {
            emitted.module_times[module.id.0] += piece.tokens + piece.format;
        }
        match joined.last_mut() {
            Some((path, _, texts)) if *path == piece.path => texts.extend(piece.texts),
            _ => joined.push((piece.path, piece.source, piece.texts)),
        }
    }
    // Spacing the items of a large API's files takes a pass over each.
    let sizes: Vec<usize> = joined.iter().map(|(_, _, texts)| total_len(texts)).collect();
    let contents = in_parallel(&joined, &sizes, |(path, source, texts)| {
        file_contents(path, source, texts, config)
    });
    if contents.len() != joined.len() {
        return Err(lost());
    }
    for ((path, _, _), (_, contents)) in joined.into_iter().zip(contents) {
        emitted.files.push(GeneratedFile { path, contents });
    }
    Ok(emitted)
}

/// `work` done on every item on all cores, the heaviest first by `weights`
/// so that the long ones do not start last. The results are in the items'
/// order, each with its index; an item whose worker panicked (a bug) is
/// missing.
fn in_parallel<T: Sync, R: Send>(items: &[T], weights: &[usize], work: impl Fn(&T) -> R + Sync) -> Vec<(usize, R)> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weights.get(i).copied().unwrap_or(0)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    let work = &work;
    let run = || {
        let mut done = Vec::new();
        loop {
            let slot = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&index) = order.get(slot) else { break };
            done.push((index, work(&items[index])));
        }
        done
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(run)).collect();
        let mut all = run();
        for worker in workers {
            all.extend(worker.join().unwrap_or_default());
        }
        all
    });
    results.sort_by_key(|(index, _)| *index);
    results
}

/// A file's text under its header; formatted Rust gets its items spaced,
/// verbatim files are laid out by hand already.
fn file_contents(path: &str, source: &str, texts: &[String], config: &CrateConfig) -> String {
    if !path.ends_with(".rs") {
        return texts.concat();
    }
    let mut out = format!("// {}\n\n", config.generated_by(source));
    let len = total_len(texts);
    // Room for the blank lines between items too: a large API's file
    // grown by doubling would touch twice its size in fresh memory.
    out.reserve(len + len / 16);
    if VERBATIM.iter().any(|&(verbatim, _)| verbatim == path) {
        texts.iter().for_each(|text| out.push_str(text));
    } else {
        separate_items_into(texts, &mut out);
    }
    out
}

fn total_len(texts: &[String]) -> usize {
    texts.iter().map(String::len).sum()
}

/// Every piece to emit, the modules marked in `skip` left out.
fn jobs<'a>(
    program: &'a Program,
    defs: &'a [Vec<&'a TypeDef>],
    validated: &validate::Validated,
    skip: &[bool],
) -> Vec<Job<'a>> {
    let mut jobs = vec![Job::Manifest, Job::Lib];
    jobs.extend(VERBATIM.iter().map(|&(path, text)| Job::Verbatim(path, text)));
    for module in program
        .modules
        .iter()
        .filter(|m| !skip.get(m.id.0).copied().unwrap_or(false))
    {
        jobs.push(Job::ModuleRoot(module));
        let module_defs = &defs[module.id.0];
        if module_defs.is_empty() {
            jobs.push(Job::Types(module, &[], true));
        }
        for (i, chunk) in module_defs.chunks(TYPES_PER_PIECE).enumerate() {
            jobs.push(Job::Types(module, chunk, i == 0));
        }
        if validate::any_validated(module_defs, validated) {
            for (i, chunk) in module_defs.chunks(TYPES_PER_PIECE).enumerate() {
                jobs.push(Job::Validate(module, chunk, i == 0));
            }
        }
        if module.is_api {
            let count = module.operations.len();
            let mut start = 0;
            loop {
                let end = (start + OPERATIONS_PER_PIECE).min(count);
                jobs.push(Job::Client(module, start..end));
                start = end;
                if start >= count {
                    break;
                }
            }
            jobs.push(Job::Mock(module));
        }
        jobs.push(Job::Examples(module));
    }
    jobs
}

fn job_module<'a>(job: &Job<'a>) -> Option<&'a Module> {
    match job {
        Job::ModuleRoot(m)
        | Job::Types(m, ..)
        | Job::Validate(m, ..)
        | Job::Client(m, _)
        | Job::Mock(m)
        | Job::Examples(m) => Some(m),
        Job::Manifest | Job::Lib | Job::Verbatim(..) => None,
    }
}

/// A rough size of a job's output, for scheduling.
fn job_weight(job: &Job<'_>) -> usize {
    match job {
        Job::Types(_, defs, _) => defs.len() * 4,
        Job::Validate(_, defs, _) => defs.len(),
        Job::Client(_, range) => range.len() * 8,
        Job::Examples(m) => m.examples.len(),
        Job::Mock(m) => m.operations.len() * 2,
        _ => 0,
    }
}

/// What every job reads.
#[derive(Clone, Copy)]
struct Inputs<'a> {
    program: &'a Program,
    outlines: &'a [ModuleOutline],
    allow: &'a AllowList,
    config: &'a CrateConfig,
    validated: &'a validate::Validated,
}

/// Builds and formats one piece.
fn run_job(inputs: &Inputs, job: Job<'_>) -> Result<Piece> {
    let Inputs {
        program,
        outlines,
        allow,
        config,
        validated,
    } = *inputs;
    let started = Instant::now();
    // What the file is generated from, as its header and docs name it.
    let source = match job_module(&job) {
        Some(m) => config.spec_path(&m.source),
        None => "the specs folder".to_string(),
    };
    let origin = source.as_str();
    let (path, parts) = match job {
        Job::Manifest => {
            return Ok(Piece {
                path: "Cargo.toml".into(),
                source: String::new(),
                texts: vec![manifest::cargo_toml(outlines, config)],
                tokens: started.elapsed(),
                format: Duration::ZERO,
                parse: Duration::ZERO,
            });
        }
        Job::Lib => ("src/lib.rs".to_string(), formatted(manifest::lib_rs(outlines, config))),
        Job::Verbatim(path, text) => return Ok(verbatim(path, text)),
        Job::ModuleRoot(m) => (
            format!("src/{}/mod.rs", m.name),
            formatted(module_root(program, m, validated, origin)),
        ),
        Job::Types(m, defs, first) => (
            format!("src/{}/types.rs", m.name),
            types_file(program, m, defs, first, origin),
        ),
        Job::Validate(m, defs, first) => (
            format!("src/{}/validate.rs", m.name),
            formatted(validate::emit_validate_impls(
                program, m, defs, validated, first, origin,
            )),
        ),
        Job::Client(m, range) => (
            format!("src/{}/client.rs", m.name),
            client::emit_client(program, m, range, validated, config),
        ),
        Job::Mock(m) => (format!("src/{}/mock.rs", m.name), mock::emit_mock(program, m, origin)?),
        Job::Examples(m) => (
            format!("src/{}/examples.rs", m.name),
            examples::emit_examples(program, m, allow, config),
        ),
    };
    let built = started.elapsed();
    let mut texts = Vec::with_capacity(parts.len());
    let mut parse = Duration::ZERO;
    for part in parts {
        match part {
            Part::Tokens(tokens) => {
                let (formatted, parsed) = format_tokens(&path, tokens)?;
                texts.push(formatted);
                parse += parsed;
            }
            Part::Associated(item) => {
                let (formatted, parsed) = format_tokens(&path, quote! { impl Associated { #item } })?;
                texts.push(associated_lines(&formatted).to_string());
                parse += parsed;
            }
            Part::Text(written) => texts.push(written),
        }
    }
    Ok(Piece {
        path,
        source,
        texts,
        tokens: built,
        format: started.elapsed() - built,
        parse,
    })
}

/// Code every generated crate carries unchanged: the helpers its types
/// share, and what its clients share. Written as plain Rust, copied as is.
const VERBATIM: &[(&str, &str)] = &[
    ("src/support.rs", include_str!("verbatim/support.rs")),
    ("src/runtime.rs", include_str!("verbatim/runtime.rs")),
    (
        "src/runtime/credentials.rs",
        include_str!("verbatim/runtime/credentials.rs"),
    ),
    ("src/runtime/bodies.rs", include_str!("verbatim/runtime/bodies.rs")),
    ("src/runtime/jwt.rs", include_str!("verbatim/runtime/jwt.rs")),
    ("src/runtime/client.rs", include_str!("verbatim/runtime/client.rs")),
    ("src/runtime/mock.rs", include_str!("verbatim/runtime/mock.rs")),
    ("src/runtime/response.rs", include_str!("verbatim/runtime/response.rs")),
    ("src/runtime/retry.rs", include_str!("verbatim/runtime/retry.rs")),
    (
        "src/runtime/signature.rs",
        include_str!("verbatim/runtime/signature.rs"),
    ),
    ("src/runtime/token.rs", include_str!("verbatim/runtime/token.rs")),
    (
        "src/runtime/transport.rs",
        include_str!("verbatim/runtime/transport.rs"),
    ),
    ("src/runtime/validate.rs", include_str!("verbatim/runtime/validate.rs")),
    ("src/webhooks.rs", include_str!("verbatim/webhooks.rs")),
    (
        "src/webhooks/signed_params.rs",
        include_str!("verbatim/webhooks/signed_params.rs"),
    ),
];

fn verbatim(path: &str, text: &str) -> Piece {
    Piece {
        path: path.to_string(),
        source: "the generator".to_string(),
        texts: vec![text.to_string()],
        tokens: Duration::ZERO,
        format: Duration::ZERO,
        parse: Duration::ZERO,
    }
}

fn module_root(program: &Program, module: &Module, validated: &validate::Validated, origin: &str) -> TokenStream {
    let mut text = String::new();
    if let Some(title) = &module.title {
        text.push_str(title);
        if let Some(version) = &module.version {
            text.push_str(&format!(" (version {version})"));
        }
        text.push_str("\n\n");
    }
    if let Some(description) = &module.description {
        text.push_str(&docs::sanitize(description));
        text.push_str("\n\n");
    }
    if !module.servers.is_empty() {
        text.push_str("Servers:\n");
        for server in &module.servers {
            text.push_str(&format!("- <{server}>\n"));
        }
        text.push('\n');
    }
    text.push_str(&docs::webhooks_section(program, module));
    text.push_str(&format!("Generated from `{origin}`."));
    let lines = text
        .lines()
        .map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    let client = module.is_api.then(|| {
        quote! {
            #[cfg(feature = "client")]
            pub mod client;

            #[cfg(feature = "mock")]
            pub mod mock;
        }
    });
    let defs: Vec<&TypeDef> = program.types_of(module.id).collect();
    let validate = validate::any_validated(&defs, validated).then(|| {
        quote! {
            #[cfg(feature = "validate")]
            mod validate;
        }
    });
    quote! {
        #( #![doc = #lines] )*

        pub mod types;

        #validate

        #client

        #[cfg(test)]
        mod examples;
    }
}

fn types_file(program: &Program, module: &Module, defs: &[&TypeDef], first: bool, origin: &str) -> Vec<Part> {
    let mut parts = types::emit_types(program, defs);
    if !first {
        return parts;
    }
    // The file's inner attributes must come first, before any item.
    let doc = format!(" Models of `{origin}`.");
    let allow_deprecated = allow_deprecated(module);
    let header = quote! {
        #![doc = #doc]
        #allow_deprecated
    };
    match parts.first_mut() {
        Some(Part::Tokens(first)) => *first = quote! { #header #first },
        _ => parts.insert(0, Part::Tokens(header)),
    }
    parts.push(Part::Tokens(types::emit_conversions(program, module)));
    parts
}

/// The lines of a formatted `impl Associated { … }` between its first and
/// last: the item at the indentation it has in any `impl` block.
fn associated_lines(formatted: &str) -> &str {
    let inner = formatted.strip_prefix("impl Associated {\n").unwrap_or(formatted);
    inner.strip_suffix("}\n").unwrap_or(inner)
}

/// A file built as tokens only.
fn formatted(tokens: TokenStream) -> Vec<Part> {
    vec![Part::Tokens(tokens)]
}

/// Parses tokens as a Rust file and pretty-prints them; also says how long
/// the parsing took.
fn format_tokens(path: &str, tokens: TokenStream) -> Result<(String, Duration)> {
    let started = Instant::now();
    // Parsing the tokens as they are: printing them to a string and
    // parsing that was measured at 1.5–1.8× the time on GitHub's spec.
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| {
        Error::new(
            path,
            "",
            format!("internal error: generated code for this file does not parse: {e}"),
        )
    })?;
    let parse = started.elapsed();
    Ok((prettyplease::unparse(&file), parse))
}

/// [`separate_items_into`] a new string.
fn separate_items(code: &str) -> String {
    let mut out = String::new();
    separate_items_into(&[code], &mut out);
    out
}

/// Appends the text that `texts` make one after the other to `out`, with
/// a blank line between items, which
/// `prettyplease` packs together, so the files read like hand-formatted
/// ones: after a line that closes a block, the next line at the same
/// indentation starts a new item.
/// Comments close nothing, whatever they end with; imports stay together;
/// the file's own docs stand apart.
fn separate_items_into(texts: &[impl AsRef<str>], out: &mut String) {
    let mut closed_at: Option<usize> = None;
    let mut after_import = false;
    let mut open_import = false;
    let mut after_file_docs = false;
    each_line(texts, |line| {
        let rest = trim_indent(line);
        let indent = line.len() - rest.len();
        let starts_item =
            !rest.is_empty() && !rest.starts_with('}') && !rest.starts_with(')') && !rest.starts_with(']');
        let import = rest.starts_with("use ") || rest.starts_with("pub use ");
        let separated = closed_at == Some(indent) && indent <= 4 && starts_item && !(after_import && import);
        let file_docs = line.starts_with("//!");
        if separated || (after_file_docs && !file_docs && !rest.is_empty()) {
            out.push('\n');
        }
        after_file_docs = file_docs;
        // An import spans lines when its list is long; it ends at `};`.
        if import || (open_import && indent == 0) {
            open_import = !rest.ends_with(';');
            after_import = !open_import;
        } else if !open_import {
            after_import = false;
        }
        let comment = rest.starts_with("//");
        closed_at = if !comment
            && (rest == "}"
                || rest == "};"
                || (indent <= 4 && rest.ends_with(" {}"))
                || (indent == 0 && (rest.ends_with(';') || rest.starts_with("#!["))))
        {
            Some(indent)
        } else {
            None
        };
        out.push_str(line);
        out.push('\n');
    });
}

/// Calls `each` on every line of the text that `texts` make one after the
/// other, as `str::lines` splits it, without joining them: a line cut
/// between two texts is put together first.
fn each_line(texts: &[impl AsRef<str>], mut each: impl FnMut(&str)) {
    let mut cut = String::new();
    for text in texts {
        let mut rest = text.as_ref();
        if !cut.is_empty() {
            let Some(end) = memchr::memchr(b'\n', rest.as_bytes()) else {
                cut.push_str(rest);
                continue;
            };
            cut.push_str(&rest[..=end]);
            lines(&cut, &mut each);
            cut.clear();
            rest = &rest[end + 1..];
        }
        let whole = memchr::memrchr(b'\n', rest.as_bytes()).map_or(0, |end| end + 1);
        lines(&rest[..whole], &mut each);
        cut.push_str(&rest[whole..]);
    }
    lines(&cut, &mut each);
}

/// `text.lines().for_each(each)`, the line ends found by `memchr`: the
/// output of a large API is hundreds of thousands of short lines, and
/// `str::lines` searched for each end one word at a time.
fn lines(text: &str, each: &mut impl FnMut(&str)) {
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let line = &text[start..end];
        each(line.strip_suffix('\r').unwrap_or(line));
        start = end + 1;
    }
    if start < text.len() {
        each(&text[start..]);
    }
}

/// `line.trim_start()`, with the usual indentation of spaces found without
/// decoding characters: a file of a large API has hundreds of thousands of lines.
fn trim_indent(line: &str) -> &str {
    let spaces = line.bytes().take_while(|&b| b == b' ').count();
    match line.as_bytes().get(spaces) {
        Some(b) if b.is_ascii_graphic() => &line[spaces..],
        // Tabs, control characters and what `char::is_whitespace` counts
        // beyond ASCII: left to `trim_start`.
        _ => line.trim_start(),
    }
}

/// `#![allow(deprecated)]` for a file of `module` when its code names
/// something the spec deprecates; users of the items still get the warnings.
fn allow_deprecated(module: &Module) -> Option<TokenStream> {
    module.names_deprecated.then(|| quote! { #![allow(deprecated)] })
}

/// An identifier token, raw where the name is a keyword.
///
/// Names come from [`crate::lower::names`], which only makes valid
/// identifiers; anything else is replaced rather than allowed to panic.
pub(crate) fn ident(name: &str) -> syn::Ident {
    let span = proc_macro2::Span::call_site();
    let (text, raw) = match name.strip_prefix("r#") {
        Some(rest) => (rest, true),
        None => (name, false),
    };
    if !is_identifier(text) {
        return syn::Ident::new(INVALID_NAME, span);
    }
    if raw {
        syn::Ident::new_raw(text, span)
    } else {
        syn::Ident::new(text, span)
    }
}

/// What [`ident`] of `name` prints, without building it.
pub(crate) fn ident_spelling(name: &str) -> &str {
    if is_identifier(name.strip_prefix("r#").unwrap_or(name)) {
        name
    } else {
        INVALID_NAME
    }
}

/// The identifier [`ident`] stands in for a name that is none, which
/// lowering never hands it.
const INVALID_NAME: &str = "invalid_name";

fn is_identifier(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && text != "_"
}

/// The identifier as it reads, without `r#`.
pub(crate) fn ident_text(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::separate_items;

    /// A method's docs written as text and its body formatted on its own
    /// read exactly as the whole `impl` block formatted at once.
    #[test]
    fn associated_items_format_as_inside_their_impl() {
        let docs = "Lists things.\n\nWith `code`, a trailing space \n\n```text\nGET /x\n```";
        let method = quote::quote! {
            #[deprecated]
            pub async fn list(&self, a_rather_long_argument_name: &str, another_one: Option<Vec<String>>) -> Result<Vec<String>, Error> {
                let request = runtime::Request { method: runtime::Method::GET, path: String::from("/things"), ..Default::default() };
                match self.send(request).await?.status.as_u16() { 200 => Ok(Vec::new()), _ => Err(Error::Unexpected) }
            }
        };
        let doc_attrs = super::docs::doc_lines(docs);
        let whole = quote::quote! { impl Client { #doc_attrs #method } };
        let (expected, _) = super::format_tokens("t.rs", whole).expect("formats");
        let mut lines = super::layout::Lines::default();
        super::layout::doc_text(&mut lines, 4, docs);
        let (alone, _) = super::format_tokens("t.rs", quote::quote! { impl Associated { #method } }).expect("formats");
        let joined = format!("impl Client {{\n{}{}}}\n", lines.0, super::associated_lines(&alone));
        assert_eq!(joined, expected);
    }

    #[test]
    fn items_are_separated_after_what_closes_them() {
        let packed = "use a::b;\nuse c;\npub use d::{\n    e,\n};\nuse f;\nstruct A;\nimpl A {\n    fn f() {}\n    fn g() {}\n}\nenum B {}\nenum C {}\n";
        assert_eq!(
            separate_items(packed),
            "use a::b;\nuse c;\npub use d::{\n    e,\n};\nuse f;\n\nstruct A;\n\nimpl A {\n    fn f() {}\n\n    fn g() {}\n}\n\nenum B {}\n\nenum C {}\n"
        );
    }

    #[test]
    fn indentation_is_trimmed_as_trim_start_trims_it() {
        let lines = [
            "",
            "    ",
            "x",
            "    x",
            "  \tx",
            "\t x",
            "   \u{b}x",
            "  \u{a0}x",
            "  \u{3000}x",
            "  é",
            "  \u{7f}x",
            " }",
        ];
        for line in lines {
            assert_eq!(super::trim_indent(line), line.trim_start(), "{line:?}");
        }
    }

    #[test]
    fn a_comment_ending_like_an_item_closes_nothing() {
        assert_eq!(
            separate_items("//! A file.\n//! More.\nuse a;\n"),
            "//! A file.\n//! More.\n\nuse a;\n"
        );
        let packed = "/// Reads the page;\n/// then the next }\n// ends;\npub struct A;\n";
        assert_eq!(separate_items(packed), packed);
    }

    /// However a text is cut into pieces, its lines are those of the
    /// whole, cuts inside a line and inside `\r\n` included.
    #[test]
    fn lines_are_those_of_the_joined_text_wherever_it_is_cut() {
        let texts = [
            "",
            "a",
            "\n",
            "a\nb",
            "a\n\nb\n",
            "a\r\nb\r\n",
            "a\rb\r",
            "\n\n",
            "}\nstruct A;\n",
            "\r",
            "\r\n\r",
            "é\nü\r\n€\r",
        ];
        for text in texts {
            let whole: Vec<&str> = text.lines().collect();
            let cuts: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for &first in &cuts {
                for &second in cuts.iter().filter(|&&c| c >= first) {
                    let pieces = [&text[..first], &text[first..second], &text[second..]];
                    let mut lines = Vec::new();
                    super::each_line(&pieces, |line| lines.push(line.to_string()));
                    assert_eq!(lines, whole, "{pieces:?}");
                }
            }
        }
    }
}
