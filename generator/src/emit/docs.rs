//! Rustdoc from the spec's words.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Docs, Module, Program, TypeRef};

/// Longest example (compact JSON) that still goes into rustdoc; larger ones
/// would drown the description.
const MAX_EXAMPLE_CHARS: usize = 600;

/// `#[doc]` attributes for an item, plus `#[deprecated]` when it is.
pub fn doc_attrs(docs: &Docs) -> TokenStream {
    let mut out = doc_lines(&render(docs));
    if docs.deprecated {
        out.extend(quote! { #[deprecated] });
    }
    out
}

/// `#[doc]` attributes for the given markdown text.
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// The markdown for one item: title, description, notes, example.
pub fn render(docs: &Docs) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let description = docs.description.as_deref().map(sanitize).filter(|d| !d.is_empty());
    if let Some(title) = docs.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let repeated = description.as_deref().is_some_and(|d| d.starts_with(title));
        if !repeated {
            blocks.push(sanitize(title));
        }
    }
    blocks.extend(description);
    if !docs.notes.is_empty() {
        blocks.push(docs.notes.iter().map(|n| sanitize(n)).collect::<Vec<_>>().join(" "));
    }
    if let Some(example) = &docs.example {
        let compact = serde_json::to_string(example).unwrap_or_default();
        if compact.len() <= MAX_EXAMPLE_CHARS {
            if example.is_object() || example.is_array() {
                let pretty = serde_json::to_string_pretty(example).unwrap_or(compact);
                blocks.push(format!("Example:\n```json\n{pretty}\n```"));
            } else {
                blocks.push(format!("Example: `{}`", compact.replace('`', "'")));
            }
        }
    }
    blocks.join("\n\n")
}

/// Makes spec markdown safe for rustdoc: code blocks never run as doctests,
/// and stray carriage returns and trailing spaces go.
pub fn sanitize(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence: Option<String> = None;
    let mut in_indented = false;
    let mut previous_blank = true;
    for raw in text.replace("\r\n", "\n").replace('\r', "\n").lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(fence) = &in_fence {
            if trimmed.starts_with(fence.as_str()) {
                in_fence = None;
            }
            out.push(line.to_string());
            continue;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if in_indented && !indented && !line.is_empty() {
            close_indented(&mut out);
            in_indented = false;
        }
        if !in_indented && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let marker: String = trimmed.chars().take_while(|&c| c == '`' || c == '~').collect();
            let lang = trimmed[marker.len()..].trim();
            in_fence = Some(marker.clone());
            // Rustdoc compiles unlabelled and `rust` blocks; spec snippets are not Rust.
            let rust_like = [
                "rust",
                "ignore",
                "no_run",
                "should_panic",
                "compile_fail",
                "edition",
                "test_harness",
            ];
            let lang = if lang.is_empty() || rust_like.iter().any(|r| lang.starts_with(r)) {
                "text"
            } else {
                lang
            };
            let indent = &line[..line.len() - trimmed.len()];
            out.push(format!("{indent}{marker}{lang}"));
            previous_blank = false;
            continue;
        }
        if indented && previous_blank && !in_indented {
            out.push("```text".to_string());
            in_indented = true;
        }
        previous_blank = line.is_empty();
        out.push(line.to_string());
    }
    if in_indented {
        close_indented(&mut out);
    }
    if let Some(fence) = in_fence {
        out.push(fence);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out.join("\n")
}

/// Ends an indented block, keeping trailing blank lines outside the fence.
fn close_indented(out: &mut Vec<String>) {
    let mut blanks = 0;
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
        blanks += 1;
    }
    out.push("```".to_string());
    out.extend(std::iter::repeat_n(String::new(), blanks));
}

/// The module docs' list of the webhooks and callbacks the API sends, with
/// the type each body deserializes into; empty when there are none.
pub fn webhooks_section(program: &Program, module: &Module) -> String {
    if module.webhooks.is_empty() {
        return String::new();
    }
    let mut text = String::from("Webhooks the API sends, with the type of each body:\n");
    for webhook in &module.webhooks {
        let method = webhook.method.as_str();
        let what = match &webhook.callback {
            Some((operation, expression)) => format!(
                "callback `{}` of `{}` (`{method} {}`)",
                webhook.name,
                crate::lower::names::unraw(operation),
                expression.replace('`', "'")
            ),
            None => format!("`{}` (`{method}`)", webhook.name),
        };
        let body = match webhook.body.as_ref().map(|b| (&b.ty, &b.content_type)) {
            Some((Some(TypeRef::Named(id)), _)) => {
                let def = program.type_def(*id);
                if def.module == module.id {
                    format!("[`{0}`](types::{0})", def.name)
                } else {
                    format!("`{}::types::{}`", program.module(def.module).name, def.name)
                }
            }
            Some((Some(_), content_type)) | Some((None, content_type)) if !content_type.is_empty() => {
                format!("a `{content_type}` body")
            }
            _ => "no body".to_string(),
        };
        let title = webhook
            .docs
            .title
            .as_deref()
            .and_then(|t| t.lines().next())
            .map(|t| format!(" — {}", sanitize(t)))
            .unwrap_or_default();
        text.push_str(&format!("- {what}: {body}{title}\n"));
    }
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_are_never_doctests() {
        assert_eq!(sanitize("a\n```\nlet x;\n```"), "a\n```text\nlet x;\n```");
        assert_eq!(sanitize("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(sanitize("a\n\n    code\n\nb"), "a\n\n```text\n    code\n```\n\nb");
        assert_eq!(sanitize("open\n```"), "open\n```text\n```");
        assert_eq!(
            sanitize("a\n\n    code\n\n~~~\nx\n~~~"),
            "a\n\n```text\n    code\n```\n\n~~~text\nx\n~~~"
        );
    }
}
