//! The `Client` of an API module: the runtime's client for the module's
//! `Api` (its default base URL), a method per security scheme that sets
//! that scheme's secret, and the constants that tell the runtime which
//! schemes each operation sends.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, sanitize};
use super::ident;
use crate::ir::{Module, Operation, ParameterLocation, SecurityKind, SecurityScheme};

pub(crate) fn emit_client_struct(module: &Module) -> TokenStream {
    let title = module.title.clone().unwrap_or_else(|| module.name.clone());
    let default_url = module.servers.first().cloned().unwrap_or_default();
    let url_doc = if default_url.is_empty() {
        " The spec names no server: set one with [`Client::with_base_url`].".to_string()
    } else {
        format!(" The spec's first server: <{default_url}>.")
    };
    let setters = module.security_schemes.iter().map(emit_setter);
    let schemes = module.security_schemes.iter().map(emit_scheme_constant);
    let api_doc = format!(" The {title}, as the type parameter of its [`Client`].");
    let client_doc = format!(" Client for the {title}.");
    let setters = (!module.security_schemes.is_empty()).then(|| quote! { impl Client { #(#setters)* } });
    quote! {
        #(#schemes)*

        #[doc = #api_doc]
        #[derive(Debug, Clone, Copy)]
        pub enum Api {}

        impl runtime::Api for Api {
            #[doc = #url_doc]
            const DEFAULT_BASE_URL: &'static str = #default_url;
        }

        #[doc = #client_doc]
        ///
        /// Its settings (base URL, retries, timeouts, credentials) are
        /// [`runtime::Client`]'s. Cloning is cheap: clones share one
        /// connection pool.
        pub type Client = runtime::Client<Api>;

        #setters
    }
}

/// The `Client` method that sets one scheme's secret.
fn emit_setter(scheme: &SecurityScheme) -> TokenStream {
    let setter = ident(&scheme.setter);
    let constant = ident(&scheme.constant);
    let mut doc = format!("Authenticates with `{}`", scheme.name);
    doc.push_str(&match &scheme.kind {
        SecurityKind::Basic => ": HTTP Basic.".to_string(),
        SecurityKind::Bearer { .. } => ": `Authorization: Bearer <token>`.".to_string(),
        SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => {
            ": an access token, sent as `Authorization: Bearer <token>`.".to_string()
        }
        SecurityKind::Http { scheme } => format!(": `Authorization: {scheme} <credentials>`."),
        SecurityKind::ApiKey { location, name } => {
            let place = match location {
                ParameterLocation::Query => "query parameter",
                ParameterLocation::Header => "header",
                ParameterLocation::Cookie | ParameterLocation::Path => "cookie",
            };
            format!(": an API key, sent as {place} `{name}`.")
        }
        SecurityKind::Signature => ": each request is signed with the account's signature secret and \
            the method chosen for it in the Vonage dashboard, and sends `timestamp` and `sig` in the query; \
            the secret itself is never sent."
            .to_string(),
    });
    if let Some(description) = &scheme.description {
        doc.push_str("\n\n");
        doc.push_str(&sanitize(description));
    }
    doc.push_str("\n\nOperations send the credentials their security requirement names; set every scheme you hold.");
    let docs = doc_lines(&doc);
    let names: Vec<proc_macro2::Ident> = scheme.kind.secret_arguments().iter().map(|n| ident(n)).collect();
    let args = match (&scheme.kind, names.as_slice()) {
        (SecurityKind::Signature, [secret, method]) => quote! { #secret: impl Into<String>, #method: SignatureMethod },
        _ => quote! { #(#names: impl Into<String>),* },
    };
    let secret = match (&scheme.kind, names.as_slice()) {
        (SecurityKind::Basic, [username, password]) => {
            quote! { Secret::Basic { username: #username.into(), password: #password.into() } }
        }
        (SecurityKind::Signature, [secret, method]) => {
            quote! { Secret::Signature { secret: #secret.into(), method: #method } }
        }
        (_, [value, ..]) => quote! { Secret::Value(#value.into()) },
        (_, []) => quote! { Secret::Value(String::new()) },
    };
    quote! {
        #docs
        pub fn #setter(self, #args) -> Self {
            self.with_secret(#constant.name, #secret)
        }
    }
}

/// The constant that tells the runtime where a scheme's secret goes.
fn emit_scheme_constant(scheme: &SecurityScheme) -> TokenStream {
    let constant = ident(&scheme.constant);
    let name = &scheme.name;
    let kind = match &scheme.kind {
        SecurityKind::Basic => quote! { SchemeKind::Basic },
        SecurityKind::Bearer { .. } | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => {
            quote! { SchemeKind::Bearer }
        }
        SecurityKind::Http { scheme } => quote! { SchemeKind::Http(#scheme) },
        SecurityKind::Signature => quote! { SchemeKind::Signature },
        SecurityKind::ApiKey { location, name } => match location {
            ParameterLocation::Query => quote! { SchemeKind::Query(#name) },
            ParameterLocation::Header => quote! { SchemeKind::Header(#name) },
            ParameterLocation::Cookie | ParameterLocation::Path => quote! { SchemeKind::Cookie(#name) },
        },
    };
    let doc = format!(" The security scheme `{name}`.");
    quote! {
        #[doc = #doc]
        pub(crate) const #constant: Scheme = Scheme { name: #name, kind: #kind };
    }
}

/// The operation's requirement as the constants of its schemes, one list
/// per alternative.
fn security_constants(module: &Module, op: &Operation) -> Vec<Vec<syn::Ident>> {
    op.requirement
        .iter()
        .map(|alternative| {
            alternative
                .iter()
                .filter_map(|name| {
                    let scheme = module.security_schemes.iter().find(|s| s.name == *name)?;
                    Some(ident(&scheme.constant))
                })
                .collect()
        })
        .collect()
}

/// The `security` of a request: the operation's requirement as scheme constants.
pub(crate) fn security_tokens(module: &Module, op: &Operation) -> TokenStream {
    let alternatives = security_constants(module, op)
        .into_iter()
        .map(|schemes| quote! { &[#(#schemes),*] });
    quote! { &[#(#alternatives),*] }
}

/// [`security_tokens`] as text: `&[&[A, B], &[C]]`.
pub(crate) fn security_text(module: &Module, op: &Operation) -> String {
    let alternatives: Vec<String> = security_constants(module, op)
        .iter()
        .map(|schemes| {
            let schemes: Vec<String> = schemes.iter().map(ToString::to_string).collect();
            format!("&[{}]", schemes.join(", "))
        })
        .collect();
    format!("&[{}]", alternatives.join(", "))
}
