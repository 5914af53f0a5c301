//! When a failed attempt is tried again, and after how long.
//!
//! A [`RetryPolicy`] is a small value a client holds: how many attempts,
//! how the backoff grows, whether requests that are not idempotent may be
//! repeated. What one attempt's outcome means is decided apart from the
//! loop that sends the attempts, by the classifiers below, asked in order
//! until one of them has an answer.

use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode, header::HeaderMap};

/// How a client retries failed requests.
///
/// The default makes 3 attempts in all. Connection failures, timeouts and
/// the statuses 408, 429, 500, 502, 503 and 504 are retried for the
/// idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`); `POST`
/// and `PATCH` are sent once unless [`RetryPolicy::retry_non_idempotent`]
/// says otherwise, since repeating them could, say, create two
/// applications. Between attempts the client waits a random time between
/// zero and `base × 2^(retry − 1)`, never more than `max_backoff` ("full
/// jitter", so that many clients failing together do not come back
/// together). A `Retry-After` header on a 429 or 503 replaces that wait,
/// up to `max_retry_after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(30),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Every request is sent once.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Attempts in all, the first included; `1` turns retries off, `0`
    /// counts as `1`.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry, doubled for each one after.
    pub fn base_delay(mut self, base: Duration) -> Self {
        self.base = base;
        self
    }

    /// The longest wait between two attempts, before jitter.
    pub fn max_backoff(mut self, max: Duration) -> Self {
        self.max_backoff = max;
        self
    }

    /// The longest wait a server's `Retry-After` can ask for; a longer one
    /// is cut to this.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Retries `POST` and `PATCH` too. Only for operations the caller
    /// knows are safe to repeat.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// Attempts in all, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The randomised wait before retry number `retry` (1 for the first).
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let ceiling = self.base.saturating_mul(factor).min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// What one attempt ended with, as the classifiers see it.
pub(crate) enum Outcome<'a> {
    Response {
        status: StatusCode,
        headers: &'a HeaderMap,
    },
    Failed(&'a reqwest::Error),
}

/// What a classifier says about an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryAction {
    /// A transient failure: retry after the policy's backoff.
    Retry,
    /// The server said when to come back.
    RetryAfter(Duration),
    /// Retrying would not help, or is not safe.
    Never,
}

/// A classifier has an opinion about some outcomes and passes on the rest.
type Classifier = fn(&Method, &RetryPolicy, &Outcome<'_>) -> Option<RetryAction>;

/// Asked in order; the first answer counts, and no answer means no retry.
const CLASSIFIERS: [Classifier; 4] = [
    never_repeat_unsafe_methods,
    retry_after_header,
    transient_status,
    transient_failure,
];

/// How long to wait before the next attempt, or `None` to stop after
/// attempt number `attempt` (1 for the first).
pub(crate) fn next_delay(
    policy: &RetryPolicy,
    method: &Method,
    outcome: &Outcome<'_>,
    attempt: u32,
) -> Option<Duration> {
    if attempt >= policy.max_attempts {
        return None;
    }
    let action = CLASSIFIERS
        .iter()
        .find_map(|classify| classify(method, policy, outcome))
        .unwrap_or(RetryAction::Never);
    match action {
        RetryAction::Retry => Some(policy.backoff(attempt)),
        RetryAction::RetryAfter(delay) => Some(delay.min(policy.max_retry_after)),
        RetryAction::Never => None,
    }
}

fn never_repeat_unsafe_methods(
    method: &Method,
    policy: &RetryPolicy,
    _: &Outcome<'_>,
) -> Option<RetryAction> {
    let idempotent = [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
    ]
    .contains(method);
    (!idempotent && !policy.non_idempotent).then_some(RetryAction::Never)
}

fn retry_after_header(_: &Method, _: &RetryPolicy, outcome: &Outcome<'_>) -> Option<RetryAction> {
    let Outcome::Response { status, headers } = outcome else {
        return None;
    };
    if !matches!(status.as_u16(), 429 | 503) {
        return None;
    }
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    retry_after(value, SystemTime::now()).map(RetryAction::RetryAfter)
}

fn transient_status(_: &Method, _: &RetryPolicy, outcome: &Outcome<'_>) -> Option<RetryAction> {
    let Outcome::Response { status, .. } = outcome else {
        return None;
    };
    Some(match status.as_u16() {
        408 | 429 | 500 | 502 | 503 | 504 => RetryAction::Retry,
        _ => RetryAction::Never,
    })
}

fn transient_failure(_: &Method, _: &RetryPolicy, outcome: &Outcome<'_>) -> Option<RetryAction> {
    let Outcome::Failed(error) = outcome else {
        return None;
    };
    Some(
        if error.is_connect() || error.is_timeout() || error.is_request() {
            RetryAction::Retry
        } else {
            RetryAction::Never
        },
    )
}

/// A `Retry-After` value: a number of seconds or an HTTP date. A date in
/// the past means now; anything else unreadable is ignored.
fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, retry_after: Option<&str>) -> (StatusCode, HeaderMap) {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert(reqwest::header::RETRY_AFTER, value.parse().unwrap());
        }
        (StatusCode::from_u16(status).unwrap(), headers)
    }

    fn delay(policy: &RetryPolicy, method: Method, status: u16, header: Option<&str>, attempt: u32) -> Option<Duration> {
        let (status, headers) = response(status, header);
        next_delay(policy, &method, &Outcome::Response { status, headers: &headers }, attempt)
    }

    #[test]
    fn transient_statuses_are_retried_for_idempotent_methods_only() {
        let policy = RetryPolicy::default();
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(delay(&policy, Method::GET, status, None, 1).is_some(), "{status}");
            assert!(delay(&policy, Method::POST, status, None, 1).is_none(), "{status}");
        }
        for status in [400, 401, 404, 409, 501] {
            assert!(delay(&policy, Method::GET, status, None, 1).is_none(), "{status}");
        }
        let opted_in = RetryPolicy::default().retry_non_idempotent(true);
        assert!(delay(&opted_in, Method::PATCH, 503, None, 1).is_some());
    }

    #[test]
    fn the_last_attempt_is_not_retried() {
        let policy = RetryPolicy::default();
        assert!(delay(&policy, Method::GET, 503, None, 2).is_some());
        assert!(delay(&policy, Method::GET, 503, None, 3).is_none());
        assert!(delay(&RetryPolicy::none(), Method::GET, 503, None, 1).is_none());
    }

    #[test]
    fn backoff_is_jittered_below_a_doubling_ceiling_and_the_cap() {
        let policy = RetryPolicy::default().max_attempts(20);
        for _ in 0..100 {
            assert!(policy.backoff(1) <= Duration::from_millis(500));
            assert!(policy.backoff(2) <= Duration::from_secs(1));
            assert!(policy.backoff(12) <= Duration::from_secs(30));
            assert!(policy.backoff(u32::MAX) <= Duration::from_secs(30));
        }
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date_and_is_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(delay(&policy, Method::GET, 429, Some("2"), 1), Some(Duration::from_secs(2)));
        assert_eq!(delay(&policy, Method::GET, 503, Some("3600"), 1), Some(Duration::from_secs(30)));
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), Some(Duration::from_secs(10)));
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:49:27 GMT", now), Some(Duration::ZERO));
        assert_eq!(retry_after("soon", now), None);
        // Not a 429 or 503: the header is not the server's instruction.
        assert!(delay(&policy, Method::GET, 500, Some("3600"), 1).unwrap() <= Duration::from_millis(500));
    }
}
