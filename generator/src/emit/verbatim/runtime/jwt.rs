//! The backend the crate signs and checks JWTs with.
//!
//! `jsonwebtoken` takes its cryptography from one of two cargo features, and
//! when a build turns on both (another crate of the build only has to ask
//! for the other one) it picks neither and panics on the first token. This
//! crate asks for `aws_lc_rs`, the library rustls already brings, and
//! installs it for the process whenever nothing else has been chosen.

/// Makes sure `jsonwebtoken` has a backend before a token is signed or checked.
pub(crate) fn ensure_backend() {
    if jsonwebtoken::crypto::CryptoProvider::try_get_default().is_none() {
        // Another thread may install one first: any backend will do.
        let _ = jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER.install_default();
    }
}
