//! Test doubles of the APIs: expectations matched against the requests a
//! client really builds, answered in process or by a local HTTP server.
//! Each API module's `mock` wraps this in typed methods per operation.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::credentials::{Scheme, SchemeKind};

/// One request as the double received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The path, percent-encoded as it was sent.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `GET /path?query`, with credentials left out.
    fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// What the double answers.
#[derive(Debug, Clone)]
pub enum Reply {
    Response {
        status: u16,
        content_type: Option<String>,
        body: Vec<u8>,
    },
    /// No response: the connection fails.
    Fail,
}

impl Reply {
    pub fn json<T: serde::Serialize + ?Sized>(status: u16, body: &T) -> Reply {
        Reply::Response {
            status,
            content_type: Some("application/json".into()),
            // Serialising a generated model cannot fail: its maps have string keys.
            body: serde_json::to_vec(body).unwrap_or_default(),
        }
    }

    pub fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply::Response {
            status,
            content_type: Some(content_type.into()),
            body,
        }
    }

    pub fn empty(status: u16) -> Reply {
        Reply::Response {
            status,
            content_type: None,
            body: Vec::new(),
        }
    }
}

type BodyCheck = Box<dyn Fn(&[u8]) -> Result<(), String> + Send + Sync>;

/// An expected request and its answer, registered on a [`MockServer`].
struct Expectation {
    operation: &'static str,
    method: &'static str,
    /// Path template segments: `None` for a parameter.
    template: Vec<Option<String>>,
    parameters: Vec<&'static str>,
    path_values: BTreeMap<&'static str, String>,
    query: Option<Vec<(String, String)>>,
    body: Option<BodyCheck>,
    security: &'static [&'static [Scheme]],
    reply: Reply,
    delay: Option<Duration>,
    times: Option<usize>,
    matched: usize,
}

/// The requests and expectations one double holds; clients and servers
/// made from it share them.
#[derive(Clone, Default)]
pub struct MockServer {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    expectations: Vec<Expectation>,
    /// Requests no expectation matched, with why the nearest one did not.
    unmatched: Vec<String>,
    received: Vec<Received>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MockServer")
    }
}

impl MockServer {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves usable state.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every request received, in order.
    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    /// What went wrong so far: expectations met too few or too many times
    /// and requests that matched none; empty when all is as expected.
    pub fn failures(&self) -> Vec<String> {
        let state = self.lock();
        let mut failures = state.unmatched.clone();
        for e in &state.expectations {
            if let Some(times) = e.times
                && times != e.matched
            {
                let received: Vec<String> = state.received.iter().map(Received::line).collect();
                let received = if received.is_empty() {
                    "no requests".to_string()
                } else {
                    received.join(", ")
                };
                failures.push(format!(
                    "`{}` ({} {}) was expected {times} time(s) and matched {}; received: {received}",
                    e.operation,
                    e.method,
                    template_text(&e.template),
                    e.matched
                ));
            }
        }
        failures
    }

    /// Panics with every failure, naming the operations.
    pub fn verify(&self) {
        let failures = self.failures();
        if !failures.is_empty() {
            panic!("the mock was not used as expected:\n- {}", failures.join("\n- "));
        }
    }

    /// The answer to one request: the first expectation that matches and
    /// is not used up.
    pub(crate) fn answer(&self, request: Received) -> (Reply, Option<Duration>) {
        let mut state = self.lock();
        state.received.push(request.clone());
        let mut nearest: Option<String> = None;
        let mut chosen = None;
        for (index, e) in state.expectations.iter().enumerate() {
            if e.times.is_some_and(|times| e.matched >= times) {
                continue;
            }
            match e.check(&request) {
                Ok(()) => {
                    chosen = Some(index);
                    break;
                }
                Err(Mismatch::Route) => {}
                Err(Mismatch::Other(why)) => {
                    nearest.get_or_insert(format!("`{}`: {why}", e.operation));
                }
            }
        }
        match chosen {
            Some(index) => {
                let e = &mut state.expectations[index];
                e.matched += 1;
                (e.reply.clone(), e.delay)
            }
            None => {
                let why = nearest.unwrap_or_else(|| "no expectation for this operation".to_string());
                let message = format!("{} matched no expectation ({why})", request.line());
                state.unmatched.push(message.clone());
                (Reply::bytes(501, "text/plain", message.into_bytes()), None)
            }
        }
    }
}

enum Mismatch {
    /// Another operation.
    Route,
    Other(String),
}

impl Expectation {
    fn check(&self, request: &Received) -> Result<(), Mismatch> {
        if !request.method.eq_ignore_ascii_case(self.method) {
            return Err(Mismatch::Route);
        }
        let values = route(&self.template, &self.parameters, &request.path).ok_or(Mismatch::Route)?;
        for (name, expected) in &self.path_values {
            let got = values.get(name).map(String::as_str).unwrap_or_default();
            if got != expected {
                return Err(Mismatch::Other(format!("path parameter `{name}` is `{got}`, expected `{expected}`")));
            }
        }
        if !self.security.is_empty() && !self.security.iter().any(|all| all.iter().all(|s| carries(request, s))) {
            let names: Vec<String> = self
                .security
                .iter()
                .map(|all| all.iter().map(|s| s.name).collect::<Vec<_>>().join(" + "))
                .collect();
            return Err(Mismatch::Other(format!(
                "sent without the credentials the spec asks for ({})",
                names.join(" or ")
            )));
        }
        if let Some(expected) = &self.query {
            let sent: Vec<(String, String)> = request
                .query
                .iter()
                .filter(|(name, _)| !is_credential(self.security, name))
                .cloned()
                .collect();
            if &sent != expected {
                return Err(Mismatch::Other(format!("query is {sent:?}, expected {expected:?}")));
            }
        }
        if let Some(check) = &self.body {
            check(&request.body).map_err(Mismatch::Other)?;
        }
        Ok(())
    }
}

/// Whether a request carries the secret of `scheme`, where it goes.
fn carries(request: &Received, scheme: &Scheme) -> bool {
    let authorization = request.header("authorization").unwrap_or_default();
    match scheme.kind {
        SchemeKind::Query(name) => request.query.iter().any(|(n, _)| n == name),
        SchemeKind::Header(name) => request.header(name).is_some(),
        SchemeKind::Cookie(name) => request
            .header("cookie")
            .is_some_and(|cookies| cookies.split(';').any(|c| c.trim().starts_with(&format!("{name}=")))),
        SchemeKind::Basic => authorization.starts_with("Basic "),
        SchemeKind::Bearer => authorization.starts_with("Bearer "),
        SchemeKind::Http(name) => authorization
            .get(..name.len())
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(name)),
        SchemeKind::Signature => request.query.iter().any(|(n, _)| n == "sig"),
    }
}

fn is_credential(security: &[&[Scheme]], name: &str) -> bool {
    security
        .iter()
        .flat_map(|all| all.iter())
        .any(|s| match s.kind {
            SchemeKind::Query(key) => key == name,
            SchemeKind::Signature => name == "sig" || name == "timestamp",
            _ => false,
        })
}

/// `/v2/applications/{id}` → `[Some("v2"), Some("applications"), None]`.
fn template_segments(template: &str) -> Vec<Option<String>> {
    template
        .trim_start_matches('/')
        .split('/')
        // A segment with a parameter in it (`{name}.json`) takes any value.
        .map(|s| (!s.contains('{')).then(|| s.to_string()))
        .collect()
}

fn template_text(template: &[Option<String>]) -> String {
    let segments: Vec<&str> = template.iter().map(|s| s.as_deref().unwrap_or("{…}")).collect();
    format!("/{}", segments.join("/"))
}

/// The path parameters of `path` when it fits the template.
fn route(template: &[Option<String>], parameters: &[&'static str], path: &str) -> Option<BTreeMap<&'static str, String>> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if segments.len() != template.len() {
        return None;
    }
    let mut values = BTreeMap::new();
    let mut names = parameters.iter();
    for (expected, got) in template.iter().zip(segments) {
        match expected {
            Some(literal) if literal == got => {}
            Some(_) => return None,
            None => {
                let name = names.next()?;
                values.insert(*name, percent_encoding::percent_decode_str(got).decode_utf8_lossy().into_owned());
            }
        }
    }
    Some(values)
}

/// An expectation being written: what to match, then what to answer.
/// `B` is the operation's request body, `P` its params, `S` its success
/// body and `E` its error enum.
pub struct Expect<B, P, S, E> {
    server: MockServer,
    expectation: Expectation,
    success: fn(S) -> Reply,
    error: fn(E) -> Reply,
    marker: std::marker::PhantomData<fn(B, P)>,
}

/// What the typed layer knows of one operation.
#[doc(hidden)]
pub struct Operation<S, E> {
    pub name: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    /// Path parameter names in path order.
    pub parameters: &'static [&'static str],
    pub security: &'static [&'static [Scheme]],
    pub success: fn(S) -> Reply,
    pub error: fn(E) -> Reply,
}

impl<B, P, S, E> Expect<B, P, S, E> {
    #[doc(hidden)]
    pub fn new(server: &MockServer, operation: Operation<S, E>) -> Self {
        let template = template_segments(operation.path);
        Expect {
            server: server.clone(),
            expectation: Expectation {
                operation: operation.name,
                method: operation.method,
                template,
                parameters: operation.parameters.to_vec(),
                path_values: BTreeMap::new(),
                query: None,
                body: None,
                security: operation.security,
                reply: Reply::empty(200),
                delay: None,
                times: None,
                matched: 0,
            },
            success: operation.success,
            error: operation.error,
            marker: std::marker::PhantomData,
        }
    }

    /// Only requests whose path parameter `name` has this value.
    pub fn path(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.expectation.path_values.insert(name, value.to_string());
        self
    }

    /// Exactly `n` requests; checked by `verify` and when the mock drops.
    pub fn times(mut self, n: usize) -> Self {
        self.expectation.times = Some(n);
        self
    }

    /// Answers after a delay.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.expectation.delay = Some(delay);
        self
    }

    /// Answers with a documented success body.
    pub fn respond(self, body: S) {
        let reply = (self.success)(body);
        self.register(reply);
    }

    /// Answers with a documented error.
    pub fn respond_error(self, error: E) {
        let reply = (self.error)(error);
        self.register(reply);
    }

    /// Answers with a status the spec may not document, and no body.
    pub fn respond_status(self, status: u16) {
        self.register(Reply::empty(status));
    }

    /// Answers with any status and body.
    pub fn respond_raw(self, status: u16, content_type: &str, body: impl Into<Vec<u8>>) {
        self.register(Reply::bytes(status, content_type, body.into()));
    }

    /// Fails the connection instead of answering.
    pub fn fail(self) {
        self.register(Reply::Fail);
    }

    fn register(mut self, reply: Reply) {
        self.expectation.reply = reply;
        self.server.lock().expectations.push(self.expectation);
    }
}

impl<B, P: QueryParams, S, E> Expect<B, P, S, E> {
    /// Only requests sending exactly these query parameters (credentials aside).
    pub fn params(mut self, params: &P) -> Self {
        self.expectation.query = Some(params.query_pairs());
        self
    }
}

impl<B, P, S, E> Expect<B, P, S, E>
where
    B: serde::de::DeserializeOwned + PartialEq + fmt::Debug + Send + Sync + 'static,
{
    /// Only requests whose body equals this one.
    pub fn body(self, expected: B) -> Self {
        self.body_matching(move |got: &B| got == &expected)
    }

    /// Only requests whose body satisfies `predicate`.
    pub fn body_matching(mut self, predicate: impl Fn(&B) -> bool + Send + Sync + 'static) -> Self {
        self.expectation.body = Some(Box::new(move |bytes: &[u8]| {
            let body: B = serde_json::from_slice(bytes).map_err(|e| format!("body does not parse: {e}"))?;
            if predicate(&body) {
                Ok(())
            } else {
                Err(format!("body is {body:?}"))
            }
        }));
        self
    }
}

/// Params structs, written as the query pairs the client sends.
#[doc(hidden)]
pub trait QueryParams {
    fn query_pairs(&self) -> Vec<(String, String)>;
}

/// The params of an operation without any.
impl QueryParams for () {
    fn query_pairs(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

// ---- Both ways in ----

impl Received {
    /// A request as it arrived, in process or over HTTP.
    fn from_parts(parts: &http::request::Parts, body: Vec<u8>) -> Received {
        Received {
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            query: parts
                .uri
                .query()
                .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
                .unwrap_or_default(),
            headers: parts
                .headers
                .iter()
                .map(|(name, value)| (name.to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
                .collect(),
            body,
        }
    }
}

impl MockServer {
    /// The reply to a request, once the delay its expectation asks for is over.
    async fn reply_to(&self, received: Received) -> Reply {
        let (reply, delay) = self.answer(received);
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        reply
    }
}

impl Reply {
    /// The response it stands for; `None` for [`Reply::Fail`], which each
    /// transport fails in its own way.
    fn into_response(self) -> Option<http::Response<Vec<u8>>> {
        let Reply::Response {
            status,
            content_type,
            body,
        } = self
        else {
            return None;
        };
        let mut builder = http::Response::builder().status(status);
        if let Some(content_type) = content_type {
            builder = builder.header("content-type", content_type);
        }
        // Only a status outside 100–999 fails to build; it answers an empty 200.
        Some(builder.body(body).unwrap_or_default())
    }
}

// ---- In process ----

impl MockServer {
    /// Answers a request the client built, without a socket.
    pub(crate) async fn handle(&self, request: reqwest::Request) -> reqwest::Response {
        use http_body_util::BodyExt;
        let Ok(request) = http::Request::<reqwest::Body>::try_from(request) else {
            return reqwest::Response::from(http::Response::new(reqwest::Body::from(Vec::new())));
        };
        let (parts, body) = request.into_parts();
        let body = body.collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default();
        let response = match self.reply_to(Received::from_parts(&parts, body)).await.into_response() {
            Some(response) => response.map(reqwest::Body::from),
            // A body that fails as it is read, as a dropped connection does.
            None => http::Response::new(reqwest::Body::wrap_stream(futures_util::stream::once(async {
                Err::<bytes::Bytes, std::io::Error>(std::io::Error::other("connection closed by the mock"))
            }))),
        };
        reqwest::Response::from(response)
    }
}

// ---- Over HTTP ----

impl MockServer {
    /// Serves the expectations over HTTP on `127.0.0.1`, for code that only
    /// takes a base URL; returns that URL. The server runs until the runtime
    /// it was started on stops.
    pub async fn serve(&self) -> std::io::Result<String> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let server = self.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let server = server.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let server = server.clone();
                        async move { server.serve_one(request).await }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    // A failed connection is what `fail` asks for.
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
                });
            }
        });
        Ok(format!("http://{address}"))
    }

    async fn serve_one(
        &self,
        request: hyper::Request<hyper::body::Incoming>,
    ) -> Result<hyper::Response<http_body_util::Full<bytes::Bytes>>, std::io::Error> {
        use http_body_util::BodyExt;
        let (parts, body) = request.into_parts();
        let body = body.collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default();
        match self.reply_to(Received::from_parts(&parts, body)).await.into_response() {
            Some(response) => Ok(response.map(|body| http_body_util::Full::new(bytes::Bytes::from(body)))),
            None => Err(std::io::Error::other("connection closed by the mock")),
        }
    }
}
