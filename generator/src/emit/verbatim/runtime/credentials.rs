//! What a client authenticates with, and which of it an operation sends.
//!
//! A spec declares security schemes (an API key in a query parameter, HTTP
//! Basic, a bearer token, …) and each operation names the ones it accepts:
//! any one of several alternatives, each a set of schemes sent together,
//! such as an API key and an API secret. A client holds a secret per scheme
//! and sends, for each operation, the first alternative it holds in full.

use std::fmt;
use std::sync::Arc;

use super::signature::SignatureMethod;
use super::token::{CredentialsError, TokenProvider, VonageApplicationJwt};

/// A security scheme of the spec, as an operation names it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The scheme's name in the spec's `securitySchemes`.
    pub name: &'static str,
    pub kind: SchemeKind,
}

/// Where a scheme's secret goes in a request.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// An API key in the named query parameter.
    Query(&'static str),
    /// An API key in the named header.
    Header(&'static str),
    /// An API key in the named cookie.
    Cookie(&'static str),
    /// HTTP Basic.
    Basic,
    /// `Authorization: Bearer <token>`: bearer tokens, and the access tokens
    /// of OAuth 2 and OpenID Connect.
    Bearer,
    /// `Authorization: <scheme> <credentials>`, for another HTTP scheme.
    Http(&'static str),
    /// `timestamp` and `sig` in the query: the request signed with a
    /// signature secret (see [`super::signature`]).
    Signature,
}

/// The secret of one scheme. `Debug` never shows it.
#[derive(Clone)]
pub enum Secret {
    /// An API key, a token, or the credentials of another HTTP scheme.
    Value(String),
    /// A user name (for Vonage, the API key) and a password (the API secret).
    Basic { username: String, password: String },
    /// Bearer tokens asked for before each attempt.
    Provider(Arc<dyn TokenProvider>),
    /// A signature secret, which signs each request and is never sent.
    Signature { secret: String, method: SignatureMethod },
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Secret::Value(a), Secret::Value(b)) => a == b,
            (
                Secret::Basic { username, password },
                Secret::Basic {
                    username: other_username,
                    password: other_password,
                },
            ) => username == other_username && password == other_password,
            (
                Secret::Signature { secret, method },
                Secret::Signature {
                    secret: other_secret,
                    method: other_method,
                },
            ) => secret == other_secret && method == other_method,
            // A provider holds state (a cached token), so only itself is equal.
            (Secret::Provider(a), Secret::Provider(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Secret {}

impl Secret {
    fn fits(&self, kind: SchemeKind) -> bool {
        match self {
            Secret::Basic { .. } => kind == SchemeKind::Basic,
            Secret::Value(_) => !matches!(kind, SchemeKind::Basic | SchemeKind::Signature),
            Secret::Provider(_) => kind == SchemeKind::Bearer,
            Secret::Signature { .. } => kind == SchemeKind::Signature,
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Secret::Value(_) => f.write_str("Value([redacted])"),
            Secret::Provider(_) => f.write_str("Provider([redacted])"),
            Secret::Signature { method, .. } => f
                .debug_struct("Signature")
                .field("secret", &"[redacted]")
                .field("method", method)
                .finish(),
            Secret::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", &redact(username))
                .field("password", &"[redacted]")
                .finish(),
        }
    }
}

/// Keeps the first characters of an identifier such as an API key, enough
/// to tell keys apart.
fn redact(value: &str) -> String {
    let shown: String = value.chars().take(4).collect();
    if value.chars().count() > 8 {
        format!("{shown}…")
    } else {
        "[redacted]".to_string()
    }
}

/// What a client authenticates with: a secret per security scheme, set with
/// the client's `with_<scheme>` methods, or one raw `Authorization` header
/// value sent by every operation that needs credentials, or a source of
/// bearer tokens, such as a Vonage application's JWTs, for every bearer
/// scheme the client holds no token of its own for. `Debug` shows which
/// schemes are set, never their secrets.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    secrets: Vec<(&'static str, Secret)>,
    authorization: Option<String>,
    /// Always a [`Secret::Provider`].
    bearer: Option<Secret>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Credentials");
        for (scheme, secret) in &self.secrets {
            out.field(scheme, secret);
        }
        if self.authorization.is_some() {
            out.field("authorization", &"[redacted]");
        }
        if let Some(bearer) = &self.bearer {
            out.field("bearer", bearer);
        }
        out.finish()
    }
}

impl Credentials {
    /// No credentials: operations that need some are not sent.
    pub fn none() -> Self {
        Credentials::default()
    }

    /// A complete `Authorization` header value, sent as it is by every
    /// operation that needs credentials, whatever schemes it names.
    pub fn authorization(value: impl Into<String>) -> Self {
        Credentials {
            authorization: Some(value.into()),
            ..Credentials::default()
        }
    }

    /// Authenticates as the Vonage application `application_id` with its
    /// private key (PEM): every bearer scheme (also OAuth 2 and OpenID
    /// Connect) sends `Authorization: Bearer <jwt>`, a JWT minted with the
    /// defaults of [`VonageApplicationJwt`] and renewed before it expires.
    /// A key that is not a usable RSA private key is an error here.
    pub fn vonage_application(application_id: &str, private_key_pem: &str) -> Result<Credentials, CredentialsError> {
        Ok(Credentials::bearer_provider(VonageApplicationJwt::new(application_id, private_key_pem)?))
    }

    /// Sends the tokens of `provider` for every bearer scheme, asking it
    /// before each attempt: for JWTs with custom claims
    /// ([`VonageApplicationJwt`]) or tokens fetched from elsewhere.
    pub fn bearer_provider(provider: impl TokenProvider + 'static) -> Credentials {
        let mut credentials = Credentials::default();
        credentials.set_bearer_provider(Arc::new(provider));
        credentials
    }

    /// Sets the source of bearer tokens, keeping every other secret.
    pub fn set_bearer_provider(&mut self, provider: Arc<dyn TokenProvider>) {
        self.bearer = Some(Secret::Provider(provider));
    }

    /// Sets the secret of the scheme named `scheme`, replacing any before.
    #[doc(hidden)]
    pub fn set(&mut self, scheme: &'static str, secret: Secret) {
        self.secrets.retain(|(name, _)| *name != scheme);
        self.secrets.push((scheme, secret));
    }

    #[doc(hidden)]
    pub fn set_authorization(&mut self, value: String) {
        self.authorization = Some(value);
    }

    fn secret(&self, scheme: &Scheme) -> Option<&Secret> {
        self.secrets
            .iter()
            .find(|(name, secret)| *name == scheme.name && secret.fits(scheme.kind))
            .map(|(_, secret)| secret)
            .or(self.bearer.as_ref().filter(|_| scheme.kind == SchemeKind::Bearer))
    }

    /// The signature secret held for `scheme`, if any.
    pub(crate) fn signature(&self, scheme: &str) -> Option<(&str, SignatureMethod)> {
        self.secrets.iter().find_map(|(name, secret)| match secret {
            Secret::Signature { secret, method } if *name == scheme => Some((secret.as_str(), *method)),
            _ => None,
        })
    }

    /// What an operation accepting `security` sends: the first alternative
    /// whose every scheme has a secret; none when an alternative is empty
    /// (credentials are optional) or the operation names no scheme.
    pub(crate) fn choose(&self, security: &[&[Scheme]]) -> Result<Chosen<'_>, String> {
        if security.is_empty() {
            return Ok(Chosen::Nothing);
        }
        if let Some(value) = &self.authorization {
            return Ok(Chosen::Authorization(value));
        }
        for alternative in security.iter().filter(|a| !a.is_empty()) {
            let secrets: Option<Vec<(Scheme, &Secret)>> = alternative
                .iter()
                .map(|scheme| self.secret(scheme).map(|secret| (*scheme, secret)))
                .collect();
            if let Some(secrets) = secrets {
                return Ok(Chosen::Schemes(secrets));
            }
        }
        if security.iter().any(|a| a.is_empty()) {
            return Ok(Chosen::Nothing);
        }
        let wanted: Vec<String> = security
            .iter()
            .map(|alternative| {
                let names: Vec<String> = alternative.iter().map(|s| format!("`{}`", s.name)).collect();
                names.join(" and ")
            })
            .collect();
        Err(format!(
            "the operation needs credentials for {}; set them on the client",
            wanted.join(", or ")
        ))
    }
}

/// The credentials one request carries.
pub(crate) enum Chosen<'a> {
    Nothing,
    Authorization(&'a str),
    Schemes(Vec<(Scheme, &'a Secret)>),
}

impl Chosen<'_> {
    /// Whether a secret or a signature travels in the URL, which errors
    /// must then not show (a signature could be replayed while fresh).
    pub(crate) fn in_query(&self) -> bool {
        match self {
            Chosen::Schemes(secrets) => secrets
                .iter()
                .any(|(s, _)| matches!(s.kind, SchemeKind::Query(_) | SchemeKind::Signature)),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: Scheme = Scheme { name: "apiKey", kind: SchemeKind::Query("api_key") };
    const SECRET: Scheme = Scheme { name: "apiSecret", kind: SchemeKind::Query("api_secret") };
    const SIG: Scheme = Scheme { name: "apiSig", kind: SchemeKind::Signature };
    const BASIC: Scheme = Scheme { name: "basicAuth", kind: SchemeKind::Basic };

    fn names(chosen: Chosen<'_>) -> Vec<&'static str> {
        match chosen {
            Chosen::Schemes(secrets) => secrets.iter().map(|(s, _)| s.name).collect(),
            Chosen::Nothing => vec![],
            Chosen::Authorization(_) => vec!["Authorization"],
        }
    }

    #[test]
    fn the_first_alternative_held_in_full_is_sent() {
        let mut credentials = Credentials::none();
        credentials.set("apiKey", Secret::Value("k".into()));
        credentials.set("apiSig", Secret::Signature { secret: "s".into(), method: SignatureMethod::Sha256Hmac });
        let security: &[&[Scheme]] = &[&[KEY, SECRET], &[KEY, SIG]];
        assert_eq!(names(credentials.choose(security).unwrap()), ["apiKey", "apiSig"]);
        credentials.set("apiSecret", Secret::Value("x".into()));
        assert_eq!(names(credentials.choose(security).unwrap()), ["apiKey", "apiSecret"]);
    }

    #[test]
    fn missing_credentials_name_what_is_needed_and_optional_ones_send_nothing() {
        let credentials = Credentials::none();
        let error = credentials.choose(&[&[KEY, SECRET], &[BASIC]]).err().unwrap();
        assert!(error.contains("`apiKey` and `apiSecret`, or `basicAuth`"), "{error}");
        assert!(names(credentials.choose(&[&[BASIC], &[]]).unwrap()).is_empty());
        assert!(names(credentials.choose(&[]).unwrap()).is_empty());
    }

    #[test]
    fn a_secret_of_the_wrong_shape_does_not_count() {
        let mut credentials = Credentials::none();
        credentials.set("basicAuth", Secret::Value("token".into()));
        assert!(credentials.choose(&[&[BASIC]]).is_err());
        // A raw value is never sent where a signature belongs.
        credentials.set("apiKey", Secret::Value("k".into()));
        credentials.set("apiSig", Secret::Value("not a signature secret".into()));
        assert!(credentials.choose(&[&[KEY, SIG]]).is_err());
    }

    #[test]
    fn debug_shows_schemes_not_secrets() {
        let mut credentials = Credentials::authorization("Bearer very-secret");
        credentials.set("apiSecret", Secret::Value("hunter2-hunter2".into()));
        credentials.set("basicAuth", Secret::Basic { username: "abcd1234ef".into(), password: "pw-secret".into() });
        credentials.set("apiSig", Secret::Signature { secret: "sig-secret".into(), method: SignatureMethod::Md5Hash });
        let shown = format!("{credentials:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("very-secret") && !shown.contains("pw-secret"), "{shown}");
        assert!(!shown.contains("sig-secret") && shown.contains("Md5Hash"), "{shown}");
        assert!(shown.contains("apiSecret") && shown.contains("abcd…"), "{shown}");
    }
}
