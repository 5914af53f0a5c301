//! The crate around the modules: `Cargo.toml` with one feature per module,
//! and `lib.rs` declaring them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{CrateConfig, ident};
use crate::ir::{Module, Program, TypeRef};
use crate::outline::ModuleOutline;

/// What generated code needs, as ordinary version requirements: a crate
/// that depends on the generated one must resolve alongside newer releases
/// of these, so nothing here is pinned with `=` (the workspace's lock file
/// keeps this repository reproducible).
const DEPENDENCIES: &str = "\
serde = { version = \"1.0.229\", features = [\"derive\"] }
serde_json = \"1.0.154\"
reqwest = { version = \"0.13.5\", default-features = false, features = [\"multipart\", \"stream\"], optional = true }
bytes = { version = \"1.12.2\", optional = true }
form_urlencoded = { version = \"1.2.2\", optional = true }
percent-encoding = { version = \"2.3.2\", optional = true }
futures-util = { version = \"0.3.34\", default-features = false, optional = true }
regex = { version = \"1.13.2\", optional = true }
tokio = { version = \"1.54.1\", default-features = false, features = [\"time\"], optional = true }
httpdate = { version = \"1.0.3\", optional = true }
fastrand = { version = \"2.5.0\", optional = true }
jsonwebtoken = { version = \"12.0.0\", default-features = false, features = [\"use_pem\", \"aws_lc_rs\"], optional = true }
uuid = { version = \"1.29.3\", default-features = false, features = [\"std\", \"v4\"], optional = true }
sha2 = { version = \"0.11.1\", default-features = false, optional = true }
md-5 = { version = \"0.11.0\", default-features = false, optional = true }
sha1 = { version = \"0.11.0\", default-features = false, optional = true }
hmac = { version = \"0.13.0\", optional = true }
subtle = { version = \"2.6.1\", default-features = false, optional = true }
base64 = { version = \"0.23.1\", default-features = false, features = [\"alloc\"], optional = true }
tracing = { version = \"0.1.44\", default-features = false, features = [\"std\"], optional = true }
http = { version = \"1.5.0\", optional = true }
http-body-util = { version = \"0.1.5\", optional = true }
hyper = { version = \"1.12.0\", features = [\"server\", \"http1\"], optional = true }
hyper-util = { version = \"0.1.21\", features = [\"tokio\"], optional = true }
";

pub fn cargo_toml(modules: &[ModuleOutline], config: &CrateConfig) -> String {
    let mut features = String::new();
    let all: Vec<String> = modules.iter().map(|m| format!("\"{}\"", m.name)).collect();
    features.push_str("default = [\"full\"]\n");
    features.push_str(&format!(
        "full = [{}, \"client\", \"rustls\", \"webhooks\"]\n",
        all.join(", ")
    ));
    features.push_str("# The async clients, on reqwest, with retries, application JWTs and signed requests.\n");
    features.push_str(
        "client = [\"validate\", \"dep:reqwest\", \"dep:bytes\", \"dep:form_urlencoded\", \"dep:percent-encoding\", \
         \"dep:futures-util\", \"dep:tokio\", \"dep:httpdate\", \"dep:fastrand\", \"dep:jsonwebtoken\", \"dep:uuid\", \
         \"dep:md-5\", \"dep:sha1\", \"dep:sha2\", \"dep:hmac\"]\n",
    );
    features.push_str("# Checking the signed JWTs and `sig` parameters that webhooks carry.\n");
    features.push_str(
        "webhooks = [\"dep:jsonwebtoken\", \"dep:sha2\", \"dep:base64\", \"dep:md-5\", \"dep:sha1\", \"dep:hmac\", \
         \"dep:subtle\"]\n",
    );
    features.push_str("# Test doubles of every operation, in process or on a local port (not in `full`).\n");
    features.push_str(
        "mock = [\"client\", \"dep:http\", \"dep:http-body-util\", \"dep:hyper\", \"dep:hyper-util\", \
         \"tokio/net\", \"tokio/rt\"]\n",
    );
    features.push_str("# A `tracing` span per operation call.\n");
    features.push_str("tracing = [\"dep:tracing\"]\n");
    features.push_str("# TLS for the clients, with rustls.\n");
    features.push_str("rustls = [\"reqwest?/rustls\"]\n");
    features.push_str("# `Validate` on request types, checking the specs' constraints.\n");
    features.push_str("validate = [\"dep:regex\"]\n");
    for module in modules {
        let deps: Vec<String> = module.dependencies.iter().map(|d| format!("\"{d}\"")).collect();
        features.push_str(&format!("{} = [{}]\n", module.name, deps.join(", ")));
    }
    let sections = if config.sections.is_empty() {
        String::new()
    } else {
        format!("{}\n\n", config.sections.trim_end())
    };
    format!(
        "# {}\n[package]\nname = \"{}\"\n{}\n[dependencies]\n{DEPENDENCIES}\n{sections}[features]\n{features}",
        config.generated_by("the specs folder"),
        config.name,
        config.package,
    )
}

pub fn lib_rs(modules: &[ModuleOutline], config: &CrateConfig) -> TokenStream {
    let modules = modules.iter().map(|m| {
        let name = ident(&m.name);
        let feature = &m.name;
        let doc = format!(
            " {} (`{}`, feature `{feature}`).",
            m.title
                .as_deref()
                .unwrap_or(if m.is_api { "API" } else { "Shared components" }),
            config.spec_path(&m.source)
        );
        quote! {
            #[doc = #doc]
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            pub mod #name;
        }
    });
    let crate_doc = format!(
        " Typed models of the APIs in `{}/`, one module per spec file.",
        config.specs
    );
    quote! {
        #![doc = #crate_doc]
        //!
        //! Each module sits behind a cargo feature of the same name; the
        //! default `full` feature turns all of them on.
        #![allow(
            rustdoc::bare_urls,
            rustdoc::broken_intra_doc_links,
            rustdoc::invalid_html_tags,
            rustdoc::invalid_rust_codeblocks,
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::large_enum_variant,
            clippy::empty_docs,
            clippy::tabs_in_doc_comments
        )]

        #(#modules)*

        #[cfg(any(feature = "client", feature = "validate", feature = "webhooks"))]
        #[rustfmt::skip]
        pub mod runtime;

        #[cfg(feature = "webhooks")]
        #[rustfmt::skip]
        pub mod webhooks;

        // Which helpers a crate uses depends on its specs.
        #[allow(dead_code, unused_macros, unused_imports)]
        #[rustfmt::skip]
        mod support;

        pub use support::{UnknownValue, UnlistedProperties};
    }
}

/// Modules whose types `module`'s types refer to, directly.
pub fn dependencies(program: &Program, module: &Module) -> Vec<crate::ir::ModuleId> {
    let mut deps = Vec::new();
    let mut visit = |ty: &TypeRef| collect_modules(program, ty, &mut deps);
    for def in program.types_of(module.id) {
        match &def.kind {
            crate::ir::TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| visit(&f.ty));
                if let Some(a) = &s.additional {
                    visit(&a.value);
                }
            }
            crate::ir::TypeKind::Union(u) => u.variants.iter().for_each(|v| visit(&v.ty)),
            crate::ir::TypeKind::Alias(t) => visit(t),
            crate::ir::TypeKind::Enum(_) => {}
        }
    }
    for op in &module.operations {
        op.parameters.iter().for_each(|p| visit(&p.ty));
        op.request_body.iter().flat_map(|b| b.type_refs()).for_each(&mut visit);
        op.responses
            .iter()
            .filter_map(|r| r.body.as_ref())
            .flat_map(|b| b.type_refs())
            .for_each(&mut visit);
    }
    module
        .webhooks
        .iter()
        .filter_map(|w| w.body.as_ref())
        .flat_map(|b| b.type_refs())
        .for_each(&mut visit);
    module.examples.iter().for_each(|e| visit(&e.ty));
    deps.retain(|d| *d != module.id);
    deps.sort();
    deps.dedup();
    deps
}

fn collect_modules(program: &Program, ty: &TypeRef, out: &mut Vec<crate::ir::ModuleId>) {
    match ty {
        TypeRef::Named(id) => out.push(program.type_def(*id).module),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => collect_modules(program, inner, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_are_ranges_other_crates_can_resolve_alongside() {
        let manifest = cargo_toml(&[], &CrateConfig::default());
        let dependencies = manifest
            .split("[dependencies]\n")
            .nth(1)
            .and_then(|rest| rest.split("\n\n").next())
            .unwrap_or_default();
        assert!(dependencies.lines().count() >= 5, "{manifest}");
        for line in dependencies.lines() {
            assert!(!line.contains("\"="), "pinned: {line}");
            assert!(
                !line.contains("workspace = true"),
                "inherits the workspace's pin: {line}"
            );
            assert!(
                !line.contains("preserve_order"),
                "forces a feature on every user: {line}"
            );
        }
    }
}
