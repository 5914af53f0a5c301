//! Bearer tokens that expire: a source the client asks before each
//! attempt, and the JWTs Vonage applications sign with their private key.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// Why credentials could not be made or used. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    /// An error a [`TokenProvider`] reports; the message must not hold the
    /// secret it failed with.
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError {
            message: message.into(),
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, CredentialsError>> + Send + 'a>>;

/// A source of bearer tokens, asked before every attempt of every request
/// that sends one; it decides when to reuse a token and when to fetch or
/// mint a new one. Set it with [`super::Credentials::bearer_provider`].
pub trait TokenProvider: Send + Sync {
    fn token(&self) -> TokenFuture<'_>;
}

/// Seconds since the Unix epoch, as the claims count them.
type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

fn system_clock() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// The longest lifetime Vonage accepts for an application JWT.
const MAX_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// Mints the JWTs a Vonage application authenticates with: RS256, signed
/// with the application's private key, with claims `application_id`,
/// `iat`, `jti` (a fresh UUID per token), `exp` and, when set, `sub`,
/// `acl` and `nbf`. As a [`TokenProvider`] it keeps one token and mints
/// the next shortly before it expires; concurrent calls share it.
///
/// `Debug` shows the application id, never the key.
pub struct VonageApplicationJwt {
    application_id: String,
    key: jsonwebtoken::EncodingKey,
    ttl: Duration,
    subject: Option<String>,
    acl: Option<serde_json::Value>,
    not_before: Option<u64>,
    clock: Clock,
    cached: Mutex<Option<(String, u64)>>,
}

impl fmt::Debug for VonageApplicationJwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VonageApplicationJwt")
            .field("application_id", &self.application_id)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

#[derive(serde::Serialize)]
struct Claims<'a> {
    application_id: &'a str,
    iat: u64,
    jti: String,
    exp: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acl: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nbf: Option<u64>,
}

impl VonageApplicationJwt {
    /// A minter for the application `application_id`, with its private key
    /// in PEM (the `private.key` file the dashboard downloads). The key is
    /// tried once here, so a bad one fails now rather than on a request.
    /// Tokens live 15 minutes unless [`VonageApplicationJwt::ttl`] says
    /// otherwise.
    pub fn new(application_id: &str, private_key_pem: &str) -> Result<Self, CredentialsError> {
        if application_id.trim().is_empty() {
            return Err(CredentialsError::new("the Vonage application id is empty"));
        }
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(private_key_pem.as_bytes()).map_err(|e| {
            CredentialsError::new(format!(
                "the private key of Vonage application `{application_id}` is not an RSA key in PEM: {e}"
            ))
        })?;
        let minter = VonageApplicationJwt {
            application_id: application_id.to_string(),
            key,
            ttl: Duration::from_secs(15 * 60),
            subject: None,
            acl: None,
            not_before: None,
            clock: Arc::new(system_clock),
            cached: Mutex::new(None),
        };
        minter.mint()?;
        Ok(minter)
    }

    /// How long each token is valid: more than zero, at most 24 hours.
    pub fn ttl(mut self, ttl: Duration) -> Result<Self, CredentialsError> {
        if ttl.as_secs() == 0 || ttl > MAX_TTL {
            return Err(CredentialsError::new(format!(
                "a Vonage application JWT lives between 1 second and 24 hours, not {ttl:?}"
            )));
        }
        self.ttl = ttl;
        Ok(self)
    }

    /// The `sub` claim: the user the token acts for (Client SDK logins).
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// The `acl` claim: the paths the token may use, as Vonage documents
    /// them (`{"paths": {"/*/users/**": {}}}`).
    pub fn acl(mut self, acl: serde_json::Value) -> Self {
        self.acl = Some(acl);
        self
    }

    /// The `nbf` claim: no token is valid before this time.
    pub fn not_before(mut self, time: SystemTime) -> Self {
        self.not_before = Some(
            time.duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs()),
        );
        self
    }

    /// Reads the time from `clock` (seconds since the Unix epoch) instead
    /// of the system clock.
    #[doc(hidden)]
    pub fn with_clock(mut self, clock: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// A new token, whatever is cached.
    pub fn mint(&self) -> Result<String, CredentialsError> {
        self.mint_at((self.clock)()).map(|(token, _)| token)
    }

    fn mint_at(&self, now: u64) -> Result<(String, u64), CredentialsError> {
        let expires = now.saturating_add(self.ttl.as_secs());
        let claims = Claims {
            application_id: &self.application_id,
            iat: now,
            jti: uuid::Uuid::new_v4().to_string(),
            exp: expires,
            sub: self.subject.as_deref(),
            acl: self.acl.as_ref(),
            nbf: self.not_before,
        };
        let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        super::jwt::ensure_backend();
        let token = jsonwebtoken::encode(&header, &claims, &self.key).map_err(|e| {
            CredentialsError::new(format!(
                "cannot sign a JWT for Vonage application `{}`: {e}",
                self.application_id
            ))
        })?;
        Ok((token, expires))
    }

    /// The cached token while it has more than a tenth of its life (at
    /// most 30 seconds) left, so that it cannot expire on its way to the
    /// server; a new one otherwise.
    fn current(&self) -> Result<String, CredentialsError> {
        let now = (self.clock)();
        let margin = (self.ttl.as_secs() / 10).min(30);
        // Minting under the lock makes concurrent callers wait for one
        // token instead of each minting their own; a panic elsewhere
        // cannot leave the cache in a state worse than empty.
        let mut cached = self.cached.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((token, expires)) = cached.as_ref()
            && now.saturating_add(margin) < *expires
        {
            return Ok(token.clone());
        }
        let (token, expires) = self.mint_at(now)?;
        *cached = Some((token.clone(), expires));
        Ok(token)
    }
}

impl TokenProvider for VonageApplicationJwt {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.current();
        Box::pin(async move { token })
    }
}
