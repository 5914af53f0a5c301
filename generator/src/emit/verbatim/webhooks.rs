//! Checking the webhooks Vonage signs.
//!
//! With signed webhooks on, each callback carries
//! `Authorization: Bearer <jwt>`: a JWT signed with HS256 and the account's
//! signature secret, whose `iat` says when it was sent and whose
//! `payload_hash` is the hex SHA-256 of the body. A handler passes the
//! header and the body's bytes, exactly as received, to
//! [`verify_signed_callback`] before it trusts either.
//!
//! The classic APIs' callbacks (SMS) are signed with `sig` and `timestamp`
//! parameters instead: [`verify_signed_params`] checks those.

use std::fmt;
use std::time::{Duration, SystemTime};

use sha2::Digest;

pub use signed_params::verify_signed_params;

mod signed_params;

/// The oldest callback accepted unless [`Verifier::max_age`] says otherwise.
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(5 * 60);
/// How far a callback's `iat` or `timestamp` may be ahead of this
/// machine's clock.
const CLOCK_LEEWAY: u64 = 30;

/// A callback whose signature, age and body checked out.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedCallback {
    /// The `iat` claim: when Vonage sent it, in seconds since the Unix epoch.
    pub issued_at: u64,
    /// The `api_key` claim, when present: the account that sent it.
    pub api_key: Option<String>,
    /// The `application_id` claim, when present.
    pub application_id: Option<String>,
    /// Every claim of the token, those above included.
    pub claims: serde_json::Map<String, serde_json::Value>,
}

/// Which check a callback failed. Never holds the secret or the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookError {
    /// The signature secret given to check with is empty.
    EmptySecret,
    /// The `Authorization` header is empty or not `Bearer <jwt>`.
    MissingToken,
    /// The token is not a JWT this module can read.
    Malformed(String),
    /// The token is signed with another algorithm than HS256, or with none.
    UnsupportedAlgorithm(String),
    /// The signature does not match: another secret or method, or a
    /// changed token or parameter.
    BadSignature,
    /// The token has no `iat` claim, so its age is unknown.
    MissingIssuedAt,
    /// The parameters hold no `sig`.
    MissingSignature,
    /// The parameters hold no `timestamp`, so their age is unknown.
    MissingTimestamp,
    /// `sig` or `timestamp` appears twice, or `timestamp` is not a number
    /// of seconds.
    InvalidParameter(String),
    /// `iat` (or `timestamp`) is later than now, beyond the leeway for
    /// clock differences.
    IssuedInFuture { issued_at: u64, now: u64 },
    /// `iat` (or `timestamp`) is older than the maximum age: possibly a
    /// replay.
    Expired { age: Duration, max_age: Duration },
    /// The body's SHA-256 is not the token's `payload_hash`: the body was
    /// changed after signing.
    PayloadMismatch,
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::EmptySecret => f.write_str("the signature secret to check with is empty"),
            WebhookError::MissingToken => f.write_str("the Authorization header holds no bearer token"),
            WebhookError::Malformed(reason) => write!(f, "the token is not a readable JWT: {reason}"),
            WebhookError::UnsupportedAlgorithm(alg) => {
                write!(f, "the token is signed with `{alg}`; only HS256 is accepted")
            }
            WebhookError::BadSignature => f.write_str("the signature does not match the signature secret"),
            WebhookError::MissingIssuedAt => f.write_str("the token has no `iat` claim"),
            WebhookError::MissingSignature => f.write_str("the parameters hold no `sig`"),
            WebhookError::MissingTimestamp => f.write_str("the parameters hold no `timestamp`"),
            WebhookError::InvalidParameter(reason) => write!(f, "the signed parameters are not readable: {reason}"),
            WebhookError::IssuedInFuture { issued_at, now } => {
                write!(f, "the callback was signed in the future (at {issued_at}, now {now})")
            }
            WebhookError::Expired { age, max_age } => write!(
                f,
                "the callback was signed {}s ago, more than the {}s accepted",
                age.as_secs(),
                max_age.as_secs()
            ),
            WebhookError::PayloadMismatch => f.write_str("the body does not match the token's `payload_hash`"),
        }
    }
}

impl std::error::Error for WebhookError {}

/// Checks a signed callback with the default maximum age of 5 minutes:
/// `authorization` is the `Authorization` header as received, `raw_body`
/// the body's bytes before any parsing, `signature_secret` the account's
/// signature secret.
pub fn verify_signed_callback(
    authorization: &str,
    raw_body: &[u8],
    signature_secret: &str,
) -> Result<SignedCallback, WebhookError> {
    Verifier::new(signature_secret).verify(authorization, raw_body)
}

/// [`verify_signed_callback`] with settings. `Debug` hides the secret.
#[derive(Clone)]
pub struct Verifier {
    secret: String,
    max_age: Duration,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &"[redacted]")
            .field("max_age", &self.max_age)
            .finish()
    }
}

impl Verifier {
    pub fn new(signature_secret: &str) -> Self {
        Verifier {
            secret: signature_secret.to_string(),
            max_age: DEFAULT_MAX_AGE,
        }
    }

    /// The oldest `iat` accepted, counted back from now.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    pub fn verify(&self, authorization: &str, raw_body: &[u8]) -> Result<SignedCallback, WebhookError> {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        self.verify_at(authorization, raw_body, now)
    }

    fn verify_at(&self, authorization: &str, raw_body: &[u8], now: u64) -> Result<SignedCallback, WebhookError> {
        let token = bearer_token(authorization).ok_or(WebhookError::MissingToken)?;
        // The algorithm is checked before the signature, and from the
        // header alone: a token must never choose how it is verified.
        let header = jsonwebtoken::decode_header(token).map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::Json(_) if names_another_algorithm(token) => {
                WebhookError::UnsupportedAlgorithm(header_algorithm(token).unwrap_or_default())
            }
            _ => WebhookError::Malformed(e.to_string()),
        })?;
        if header.alg != jsonwebtoken::Algorithm::HS256 {
            return Err(WebhookError::UnsupportedAlgorithm(format!("{:?}", header.alg)));
        }
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        // Vonage's tokens carry `iat` but no `exp`; age is checked below.
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        validation.leeway = CLOCK_LEEWAY;
        let key = jsonwebtoken::DecodingKey::from_secret(self.secret.as_bytes()).map_err(|_| WebhookError::EmptySecret)?;
        crate::runtime::jwt::ensure_backend();
        let claims = jsonwebtoken::decode::<serde_json::Map<String, serde_json::Value>>(token, &key, &validation)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::InvalidSignature => WebhookError::BadSignature,
                jsonwebtoken::errors::ErrorKind::InvalidAlgorithm => {
                    WebhookError::UnsupportedAlgorithm(format!("{:?}", header.alg))
                }
                _ => WebhookError::Malformed(e.to_string()),
            })?
            .claims;
        let issued_at = claims
            .get("iat")
            .and_then(serde_json::Value::as_u64)
            .ok_or(WebhookError::MissingIssuedAt)?;
        if issued_at > now.saturating_add(CLOCK_LEEWAY) {
            return Err(WebhookError::IssuedInFuture { issued_at, now });
        }
        let age = Duration::from_secs(now.saturating_sub(issued_at));
        if age > self.max_age {
            return Err(WebhookError::Expired {
                age,
                max_age: self.max_age,
            });
        }
        if let Some(expected) = claims.get("payload_hash") {
            let actual = hex(&sha2::Sha256::digest(raw_body));
            let matches = expected
                .as_str()
                .is_some_and(|expected| expected.eq_ignore_ascii_case(&actual));
            if !matches {
                return Err(WebhookError::PayloadMismatch);
            }
        }
        let text = |name: &str| claims.get(name).and_then(serde_json::Value::as_str).map(str::to_string);
        Ok(SignedCallback {
            issued_at,
            api_key: text("api_key"),
            application_id: text("application_id"),
            claims,
        })
    }
}

/// The token of `Bearer <token>`, the scheme in any case.
fn bearer_token(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The `alg` of a token's header, read without trusting anything else in it.
fn header_algorithm(token: &str) -> Option<String> {
    let encoded = token.split('.').next()?;
    let decoded = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, encoded).ok()?;
    let header: serde_json::Value = serde_json::from_slice(&decoded).ok()?;
    header.get("alg")?.as_str().map(str::to_string)
}

/// Whether the header names an algorithm that the JWT library does not
/// even know, such as `none`.
fn names_another_algorithm(token: &str) -> bool {
    header_algorithm(token).is_some_and(|alg| alg != "HS256")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
