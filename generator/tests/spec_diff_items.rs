//! spec-diff's "Generated Rust items" against the generated source: every
//! item it says appeared, went or changed is in the code on that side and
//! not on the other, and every item that appeared or went in the code is
//! in its list. Run on every spec-diff fixture, among them one whose new
//! operation's names collide with an existing one's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use generator::AllowList;
use generator::diff::{self, RustItemKind, Version};
use generator::load::SpecSet;

/// Item paths by module, as spec-diff writes them: `types::User`,
/// `types::User::name`, `client::Client::get_user`, `client::GetUserError`.
type Items = BTreeMap<String, BTreeSet<String>>;

/// The signatures of the operation methods by module and item path, with
/// whitespace and the paths of types taken out (see [`normalized`]).
type Signatures = BTreeMap<String, BTreeMap<String, String>>;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec_diff")
}

fn load(folder: &Path, side: &str) -> SpecSet {
    let single = folder.join(format!("{side}.yml"));
    let set = if single.exists() {
        SpecSet::from_sources(vec![(PathBuf::from("api.yml"), std::fs::read(&single).unwrap())])
    } else {
        SpecSet::load_dir(&folder.join(side))
    };
    set.unwrap_or_else(|e| panic!("{}/{side}: {e}", folder.display()))
}

/// The public items of every module's `types.rs` and `client.rs`.
fn source_items(set: &SpecSet) -> Items {
    source(set).0
}

/// The items, and the signatures of the client's methods.
fn source(set: &SpecSet) -> (Items, Signatures) {
    let generated = generator::generate(set, &AllowList::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut items = Items::new();
    let mut signatures = Signatures::new();
    for file in &generated.files {
        let Some(rest) = file.path.strip_prefix("src/") else {
            continue;
        };
        let Some((module, file_name)) = rest.split_once('/') else {
            continue;
        };
        let prefix = match file_name {
            "types.rs" => "types",
            "client.rs" => "client",
            _ => continue,
        };
        let parsed = syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.path));
        let out = items.entry(module.to_string()).or_default();
        let signed = signatures.entry(module.to_string()).or_default();
        for item in parsed.items {
            collect(&item, prefix, out, signed);
        }
    }
    (items, signatures)
}

/// A signature as text without whitespace, `async`, trailing commas and
/// the module paths of types, so the code's and spec-diff's can be compared.
fn normalized(signature: &str) -> String {
    let mut text: String = signature.split_whitespace().collect();
    text = text.replace("asyncfn", "fn").replace(",)", ")").replace(",>", ">");
    // `crate::<module>::types::` of a type from another module.
    while let Some(start) = text.find("crate::") {
        let Some(end) = text[start..].find("::types::") else {
            break;
        };
        text.replace_range(start..start + end + "::types::".len(), "");
    }
    // `types::` of a type of the module itself.
    text.replace("types::", "")
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn collect(item: &syn::Item, prefix: &str, out: &mut BTreeSet<String>, signatures: &mut BTreeMap<String, String>) {
    match item {
        syn::Item::Struct(s) if is_pub(&s.vis) => {
            let path = format!("{prefix}::{}", s.ident);
            for field in s.fields.iter().filter(|f| is_pub(&f.vis)) {
                if let Some(name) = &field.ident {
                    out.insert(format!("{path}::{name}"));
                }
            }
            out.insert(path);
        }
        syn::Item::Enum(e) if is_pub(&e.vis) => {
            let path = format!("{prefix}::{}", e.ident);
            for variant in &e.variants {
                out.insert(format!("{path}::{}", variant.ident));
            }
            out.insert(path);
        }
        syn::Item::Type(t) if is_pub(&t.vis) => {
            out.insert(format!("{prefix}::{}", t.ident));
        }
        // The runtime's `Client::DEFAULT_BASE_URL` is the module's `Api`'s.
        syn::Item::Impl(block)
            if block.trait_.is_some() && matches!(&*block.self_ty, syn::Type::Path(ty) if ty.path.is_ident("Api")) =>
        {
            for member in &block.items {
                if let syn::ImplItem::Const(c) = member {
                    out.insert(format!("{prefix}::Client::{}", c.ident));
                }
            }
        }
        syn::Item::Impl(block) if block.trait_.is_none() => {
            let syn::Type::Path(ty) = &*block.self_ty else { return };
            if !ty.path.is_ident("Client") {
                return;
            }
            for member in &block.items {
                match member {
                    syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                        let path = format!("{prefix}::Client::{}", f.sig.ident);
                        let sig = &f.sig;
                        signatures.insert(path.clone(), normalized(&quote::quote!(#sig).to_string()));
                        out.insert(path);
                    }
                    syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                        out.insert(format!("{prefix}::Client::{}", c.ident));
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// The item an item path is a member of: `types::User` for `types::User::name`.
fn parent(item: &str) -> Option<&str> {
    let (parent, _) = item.rsplit_once("::")?;
    parent.contains("::").then_some(parent)
}

/// What spec-diff's item list gets wrong for one fixture; empty when it
/// agrees with the code.
fn disagreements(folder: &Path) -> Vec<String> {
    let (old_set, new_set) = (load(folder, "old"), load(folder, "new"));
    let old_program = generator::lower::lower(&old_set).unwrap_or_else(|e| panic!("{e}"));
    let new_program = generator::lower::lower(&new_set).unwrap_or_else(|e| panic!("{e}"));
    let report = diff::diff(
        Version {
            specs: &old_set,
            program: &old_program,
        },
        Version {
            specs: &new_set,
            program: &new_program,
        },
    );
    let ((before, _), (after, signatures)) = (source(&old_set), source(&new_set));
    let empty = BTreeSet::new();
    let mut wrong = Vec::new();
    let mut reported: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for change in report.rust_items.iter().filter(|c| c.kind != RustItemKind::Module) {
        let (was, is) = (
            before.get(&change.module).unwrap_or(&empty).contains(&change.item),
            after.get(&change.module).unwrap_or(&empty).contains(&change.item),
        );
        if change.old.is_some() != was || change.new.is_some() != is {
            wrong.push(format!(
                "{}::{}: spec-diff says {:?} → {:?}; the code has it before: {was}, after: {is}",
                change.module, change.item, change.old, change.new
            ));
        }
        reported.entry(&change.module).or_default().insert(&change.item);
        // An operation method's signature is the code's, to the character.
        if let (RustItemKind::Method, Some(new)) = (change.kind, &change.new)
            && new.starts_with("fn ")
            && new.contains(" -> ")
            && let Some(code) = signatures.get(&change.module).and_then(|s| s.get(&change.item))
            && normalized(new) != *code
        {
            wrong.push(format!(
                "{}::{}: spec-diff shows `{new}`, the code has `{code}`",
                change.module, change.item
            ));
        }
    }
    // A module that came or went is listed as one.
    for (module, items) in after.iter().filter(|(module, _)| before.contains_key(*module)) {
        let old_items = &before[module];
        let changed = items.symmetric_difference(old_items).collect::<BTreeSet<_>>();
        // A member of an item that came or went as a whole is that item's
        // change; spec-diff lists the members the spec gives, the code also
        // has the catch-all variant of an enum.
        for item in changed
            .iter()
            .filter(|item| parent(item).is_none_or(|p| !changed.contains(&p.to_string())))
        {
            let listed = reported.get(module.as_str()).is_some_and(|r| r.contains(item.as_str()));
            if !listed {
                wrong.push(format!(
                    "{module}::{item} changed in the code but spec-diff does not list it"
                ));
            }
        }
    }
    wrong
}

#[test]
fn every_fixture_lists_exactly_the_items_that_change_in_the_code() {
    let mut wrong = Vec::new();
    let mut fixtures_seen = 0;
    let mut entries: Vec<_> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for folder in entries
        .iter()
        .filter(|p| p.join("old.yml").exists() || p.join("old").is_dir())
    {
        fixtures_seen += 1;
        for problem in disagreements(folder) {
            wrong.push(format!("{}: {problem}", folder.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(fixtures_seen >= 50, "{fixtures_seen} fixtures");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn colliding_operation_names_are_listed_as_the_code_numbers_them() {
    let folder = fixtures().join("operation-names-collide");
    assert_eq!(disagreements(&folder), Vec::<String>::new());
    let new_set = load(&folder, "new");
    let after = source_items(&new_set);
    let api = &after["api"];
    // Both operations are in the code under distinct names.
    let methods: Vec<&String> = api
        .iter()
        .filter(|i| i.starts_with("client::Client::get_user"))
        .collect();
    assert_eq!(methods.len(), 2, "{methods:?}");
    let top_level = |prefix: &str| -> Vec<&String> {
        api.iter()
            .filter(|i| i.starts_with(prefix) && i.matches("::").count() == 1)
            .collect()
    };
    let errors = top_level("client::GetUser1Error");
    let params = top_level("client::GetUser1Params");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(params.len(), 2, "{params:?}");
}
