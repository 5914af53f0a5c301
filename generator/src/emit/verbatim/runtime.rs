//! What the API clients share: credentials, request signatures, retries,
//! responses, errors and request validation.

#[cfg(feature = "client")]
pub use bodies::*;
#[cfg(feature = "client")]
pub use client::*;
#[cfg(feature = "client")]
pub use response::*;
#[cfg(feature = "client")]
pub use credentials::*;
#[cfg(feature = "client")]
pub use retry::RetryPolicy;
#[cfg(feature = "client")]
pub use token::*;

#[cfg(feature = "client")]
mod bodies;
#[cfg(feature = "client")]
mod credentials;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "client")]
mod response;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "client")]
mod token;

#[cfg(any(feature = "client", feature = "webhooks"))]
pub(crate) mod jwt;
#[cfg(any(feature = "client", feature = "webhooks"))]
pub use signature::SignatureMethod;
#[cfg(any(feature = "client", feature = "webhooks"))]
pub mod signature;

#[cfg(feature = "validate")]
pub use validate::*;

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub use transport::*;
#[cfg(feature = "client")]
mod transport;

#[cfg(feature = "validate")]
mod validate;
