//! The `Client` struct of an API module: its base URL, and a method per
//! security scheme that sets that scheme's secret; and the constants that
//! tell the runtime which schemes each operation sends.

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
        format!(" The spec's first server, used unless [`Client::with_base_url`] says otherwise: <{default_url}>.")
    };
    let setters = module.security_schemes.iter().map(emit_setter);
    let schemes = module.security_schemes.iter().map(emit_scheme_constant);
    let struct_doc = format!(" Client for the {title}.");
    let settings = settings();
    quote! {
        #(#schemes)*

        #[doc = #struct_doc]
        ///
        /// Cloning is cheap: clones share one connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: crate::runtime::Transport,
        }

        impl Default for Client {
            fn default() -> Self {
                Self::new()
            }
        }

        impl Client {
            #[doc = #url_doc]
            pub const DEFAULT_BASE_URL: &'static str = #default_url;

            /// A client for [`Client::DEFAULT_BASE_URL`] without credentials;
            /// add them with the `with_…` methods below.
            pub fn new() -> Self {
                Client { transport: crate::runtime::Transport::new(Self::DEFAULT_BASE_URL, Credentials::none()) }
            }

            #(#setters)*

            /// Sends every request to a test double instead of the network.
            #[cfg(feature = "mock")]
            #[doc(hidden)]
            pub fn with_mock(mut self, mock: crate::runtime::mock::MockServer) -> Self {
                self.transport.set_mock(mock);
                self
            }

            #settings
        }
    }
}

/// The methods every client has, whatever its spec: where requests go,
/// over which connections, with which retries and timeouts.
fn settings() -> TokenStream {
    quote! {
    /// Sends the given `Authorization` header value, as it is, with
    /// every operation that needs credentials.
    pub fn with_authorization(mut self, value: impl Into<String>) -> Self {
        self.transport.credentials_mut().set_authorization(value.into());
        self
    }

    /// Sends requests to `base_url` instead. Plain `http` is accepted,
    /// for a local mock server; real credentials belong on `https`.
    pub fn with_base_url(mut self, base_url: impl AsRef<str>) -> Self {
        self.transport.set_base_url(base_url.as_ref());
        self
    }

    /// Uses a configured `reqwest::Client` (timeouts, proxies, TLS settings).
    pub fn with_http_client(mut self, http: crate::runtime::reqwest::Client) -> Self {
        self.transport.set_http_client(http);
        self
    }

    /// Replaces all credentials.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.transport.set_credentials(credentials);
        self
    }

    /// Retries failed requests as `policy` says; [`RetryPolicy::none()`]
    /// sends each request once. The default is [`RetryPolicy::default()`].
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.transport.set_retry(policy);
        self
    }

    /// How long each attempt may take, connecting included; then it
    /// fails with [`Error::Timeout`]. 30 seconds unless set.
    pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.transport.set_timeout(timeout);
        self
    }

    /// How long opening a connection may take; 10 seconds unless set.
    /// Starts a new connection pool, replacing one given to
    /// [`Client::with_http_client`].
    pub fn with_connect_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.transport.set_connect_timeout(timeout);
        self
    }

    /// Sends `user_agent` as `User-Agent` instead of `generated/<version>`.
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.transport.set_user_agent(user_agent.into());
        self
    }

    /// A clone of this client (cheap: same connections and credentials)
    /// whose calls use `options`, for one call or a few:
    /// `client.with_call_options(&CallOptions::new().timeout(d)).<operation>(…)`.
    pub fn with_call_options(&self, options: &CallOptions) -> Self {
        let mut client = self.clone();
        client.transport.apply(options);
        client
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }
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
        pub fn #setter(mut self, #args) -> Self {
            self.transport.credentials_mut().set(#constant.name, #secret);
            self
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

/// The `security` of a request: the operation's requirement as scheme constants.
pub(crate) fn security_tokens(module: &Module, op: &Operation) -> TokenStream {
    let alternatives = op.requirement.iter().map(|alternative| {
        let schemes = alternative.iter().filter_map(|name| {
            let scheme = module.security_schemes.iter().find(|s| s.name == *name)?;
            Some(ident(&scheme.constant))
        });
        quote! { &[#(#schemes),*] }
    });
    quote! { &[#(#alternatives),*] }
}
