//! Security schemes.

use super::ParameterLocation;

/// A way to authenticate that a spec declares in `securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The name the spec gives it in `securitySchemes`.
    pub name: String,
    pub kind: SecurityKind,
    pub description: Option<String>,
    /// The `Client` method that sets its secret: `with_api_key`.
    pub setter: String,
    /// The client module's constant that describes it: `API_KEY`.
    pub constant: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    Basic,
    Bearer {
        format: Option<String>,
    },
    ApiKey {
        location: ParameterLocation,
        name: String,
    },
    OAuth2,
    OpenIdConnect,
    /// An HTTP scheme other than basic and bearer.
    Http {
        scheme: String,
    },
    /// The API key scheme `in: query, name: sig` of Vonage's classic APIs:
    /// not a secret sent as it is, but a signature of the request's
    /// parameters and a `timestamp`, made with a signature secret.
    Signature,
}

impl SecurityKind {
    /// The arguments of the `Client` method that sets a secret of this kind.
    pub fn secret_arguments(&self) -> &'static [&'static str] {
        match self {
            SecurityKind::Basic => &["username", "password"],
            SecurityKind::Signature => &["secret", "method"],
            SecurityKind::ApiKey { .. } => &["key"],
            SecurityKind::Http { .. } => &["credentials"],
            SecurityKind::Bearer { .. } | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => &["token"],
        }
    }
}
