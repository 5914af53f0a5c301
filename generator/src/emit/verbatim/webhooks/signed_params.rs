//! Checking the callbacks Vonage signs with `sig`, such as the SMS API's
//! inbound messages and delivery receipts when signed callbacks are on.
//!
//! Such a callback carries `sig` and `timestamp` among its parameters, in
//! the query or the form body, and the signature covers all of them, as
//! [`crate::runtime::signature`] computes it. A handler passes every
//! parameter as received (decoded, in any order) to
//! [`verify_signed_params`] before it trusts any.

use std::time::{Duration, SystemTime};

use subtle::ConstantTimeEq;

use super::{CLOCK_LEEWAY, Verifier, WebhookError};
use crate::runtime::signature::{self, SIGNATURE_PARAMETER, SignatureMethod, TIMESTAMP_PARAMETER};

/// Checks the `sig` of a callback's parameters with the default maximum
/// age of 5 minutes: `params` are every query or form parameter as
/// received, `sig` and `timestamp` included; `signature_secret` and
/// `method` are the account's, as set in the Vonage dashboard.
pub fn verify_signed_params<K: AsRef<str>, V: AsRef<str>>(
    params: &[(K, V)],
    signature_secret: &str,
    method: SignatureMethod,
) -> Result<(), WebhookError> {
    Verifier::new(signature_secret).verify_params(params, method)
}

impl Verifier {
    /// [`verify_signed_params`] with this verifier's secret and maximum age.
    pub fn verify_params<K: AsRef<str>, V: AsRef<str>>(
        &self,
        params: &[(K, V)],
        method: SignatureMethod,
    ) -> Result<(), WebhookError> {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        self.verify_params_at(params, method, now)
    }

    fn verify_params_at<K: AsRef<str>, V: AsRef<str>>(
        &self,
        params: &[(K, V)],
        method: SignatureMethod,
        now: u64,
    ) -> Result<(), WebhookError> {
        if self.secret.is_empty() {
            return Err(WebhookError::EmptySecret);
        }
        let received = only(params, SIGNATURE_PARAMETER)?.ok_or(WebhookError::MissingSignature)?;
        let timestamp = only(params, TIMESTAMP_PARAMETER)?.ok_or(WebhookError::MissingTimestamp)?;
        let expected = signature::signature(params, &self.secret, method);
        // Senders differ in the case of their hex digits; the comparison
        // takes the same time wherever the two first differ.
        let received = received.to_ascii_lowercase();
        if expected.is_empty() || !bool::from(received.as_bytes().ct_eq(expected.as_bytes())) {
            return Err(WebhookError::BadSignature);
        }
        let issued_at: u64 = timestamp
            .parse()
            .map_err(|_| WebhookError::InvalidParameter(format!("`{TIMESTAMP_PARAMETER}` is not in Unix seconds")))?;
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
        Ok(())
    }
}

/// The value of the parameter `name`, which may appear at most once: a
/// second one would leave open which of them was signed.
fn only<'p, K: AsRef<str>, V: AsRef<str>>(params: &'p [(K, V)], name: &str) -> Result<Option<&'p str>, WebhookError> {
    let mut found = params.iter().filter(|(key, _)| key.as_ref() == name);
    let first = found.next().map(|(_, value)| value.as_ref());
    if found.next().is_some() {
        return Err(WebhookError::InvalidParameter(format!("`{name}` appears more than once")));
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "my-signature-secret";
    const NOW: u64 = 1_461_605_396;

    fn signed(timestamp: u64) -> Vec<(String, String)> {
        let mut params = vec![
            ("msisdn".to_string(), "447700900001".to_string()),
            ("text".to_string(), "Hi & bye".to_string()),
        ];
        signature::sign(&mut params, SECRET, SignatureMethod::Sha256Hmac, timestamp);
        params
    }

    fn verify(params: &[(String, String)], now: u64) -> Result<(), WebhookError> {
        Verifier::new(SECRET).verify_params_at(params, SignatureMethod::Sha256Hmac, now)
    }

    #[test]
    fn the_window_is_counted_from_the_signed_timestamp() {
        assert_eq!(verify(&signed(NOW), NOW), Ok(()));
        assert_eq!(verify(&signed(NOW - 300), NOW), Ok(()));
        assert_eq!(
            verify(&signed(NOW - 301), NOW),
            Err(WebhookError::Expired {
                age: Duration::from_secs(301),
                max_age: Duration::from_secs(300)
            })
        );
        assert_eq!(verify(&signed(NOW + 30), NOW), Ok(()));
        assert_eq!(
            verify(&signed(NOW + 31), NOW),
            Err(WebhookError::IssuedInFuture { issued_at: NOW + 31, now: NOW })
        );
    }

    #[test]
    fn repeated_or_unreadable_parameters_fail_closed() {
        let mut twice = signed(NOW);
        twice.push(("sig".into(), "0".into()));
        assert!(matches!(verify(&twice, NOW), Err(WebhookError::InvalidParameter(_))));
        let mut params = vec![("timestamp".to_string(), "soon".to_string())];
        params.push(("sig".into(), signature::signature(&params, SECRET, SignatureMethod::Sha256Hmac)));
        assert!(matches!(verify(&params, NOW), Err(WebhookError::InvalidParameter(_))));
        let empty = Verifier::new("").verify_params_at(&signed(NOW), SignatureMethod::Sha256Hmac, NOW);
        assert_eq!(empty, Err(WebhookError::EmptySecret));
    }
}
