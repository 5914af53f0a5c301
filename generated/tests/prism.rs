//! Every operation of every API, called through the generated clients
//! against Stoplight Prism serving `specs/` in mock mode. Prism checks each
//! request against the spec: a request it flags fails the test.
//!
//! The harness installs Prism from `tests/prism/package-lock.json` with
//! `npm ci` when it is missing, starts one server per spec on a free
//! 127.0.0.1 port, and stops them when the test ends. It needs Node.js.
// A feature named here leaves the crate's manifest when its spec leaves
// `specs/`; this file then compiles to nothing, which cargo's check of `cfg`
// names would otherwise report as a warning.
#![allow(unexpected_cfgs)]
#![cfg(all(feature = "client", feature = "application_v2", feature = "users", feature = "vis"))]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use generated::runtime::{ApiResponse, Error, reqwest};
use generated::{application_v2, users, vis};
use serde::de::DeserializeOwned;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Installs Prism once per test run.
fn prism_binary() -> PathBuf {
    static INSTALL: Mutex<()> = Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = crate_dir().join("tests/prism");
    let binary = dir.join("node_modules/@stoplight/prism-cli/dist/index.js");
    if !binary.exists() {
        let npm = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(&dir)
            .status()
            .unwrap_or_else(|e| panic!("the Prism tests need Node.js and npm on PATH (npm could not start: {e})"));
        assert!(npm.success(), "`npm ci` in {} failed", dir.display());
    }
    binary
}

/// A Prism mock server for one spec, stopped on drop.
struct Prism {
    child: Child,
    url: String,
}

impl Prism {
    fn start(spec: &str) -> Prism {
        // One start at a time: a free port is found by binding and releasing
        // it, so two tests starting at once could both pick it and talk to
        // each other's Prism. Once Prism serves, the port is its own.
        static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _one_at_a_time = STARTING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let binary = prism_binary();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let spec_path = crate_dir().join("../specs").join(spec);
        let child = Command::new("node")
            .arg(&binary)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(&spec_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("the Prism tests need Node.js on PATH (node could not start: {e})"));
        let mut prism = Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let address: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let deadline = Instant::now() + Duration::from_secs(90);
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = prism.child.try_wait() {
                panic!("Prism exited with {status} before serving {spec}");
            }
            assert!(
                Instant::now() < deadline,
                "Prism did not start serving {spec} within 90 s"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        prism
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A seed example request body, as the generated type.
fn fixture<T: DeserializeOwned>(path: &str) -> T {
    let text = std::fs::read_to_string(crate_dir().join("tests/seed_examples").join(path)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Prism answered with a success status and found nothing wrong with the request.
fn accepted<T: std::fmt::Debug, E: std::fmt::Debug>(operation: &str, result: Result<ApiResponse<T>, Error<E>>) {
    match result {
        Ok(response) => {
            assert!(response.status.is_success(), "{operation}: {}", response.status);
            assert!(
                !response.headers.contains_key("sl-violations"),
                "{operation}: Prism reports {:?}",
                response.headers.get("sl-violations")
            );
        }
        Err(error) => panic!("{operation}: {error}"),
    }
}

/// A client whose requests ask Prism for a response generated from the
/// schema, for operations whose documented example contradicts its schema.
fn dynamic_http() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("prefer", reqwest::header::HeaderValue::from_static("dynamic=true"));
    reqwest::Client::builder().default_headers(headers).build().unwrap()
}

#[tokio::test]
async fn every_application_api_operation_passes_prism() {
    use application_v2::client::{Client, ListApplicationParams};
    use application_v2::types::{CreateApplicationRequest, UpdateApplicationRequest};
    let prism = Prism::start("application.v2.yml");
    let client = Client::new()
        .with_basic_auth("abcd1234", "secret")
        .with_base_url(&prism.url);
    let id = "78d335fa-323d-0114-9c3d-d6f0d48968cf";
    let params = ListApplicationParams {
        page_size: Some(10),
        page: Some(1),
    };
    accepted("listApplication", client.list_application(&params).await);
    let create: CreateApplicationRequest = fixture("application_v2/createApplication_request_body.json");
    accepted("createApplication", client.create_application(&create).await);
    accepted("getApplication", client.get_application(id).await);
    let update: UpdateApplicationRequest = fixture("application_v2/updateApplication_request_body_seed001.json");
    accepted("updateApplication", client.update_application(id, &update).await);
    accepted("deleteApplication", client.delete_application(id).await);
}

#[tokio::test]
async fn every_users_api_operation_passes_prism() {
    use users::client::{Client, ListUsersParams};
    use users::types::{CreateUserRequest, ListUsersOrder, UpdateUserRequest};
    let prism = Prism::start("users.yml");
    let client = Client::new()
        .with_bearer_auth("eyJhbGciOi.test.token")
        .with_base_url(&prism.url);
    let id = "USR-82e028d9-5201-4f1e-8188-604b2d3471ec";
    let params = ListUsersParams {
        page_size: Some(10),
        order: Some(ListUsersOrder::Asc),
        ..Default::default()
    };
    accepted("listUsers", client.list_users(&params).await);
    let create: CreateUserRequest = fixture("users/create_user_request_body.json");
    accepted("createUser", client.create_user(&create).await);
    accepted("getUser", client.get_user(id).await);
    let update: UpdateUserRequest = fixture("users/update_user_request_body.json");
    accepted("updateUser", client.update_user(id, &update).await);
    accepted("deleteUser", client.delete_user(id).await);
}

#[tokio::test]
async fn every_integration_suite_operation_passes_prism() {
    use vis::client::{Client, GetCallsCountParams, GetEventsCountParams, ListCallsParams, ListEventsParams};
    use vis::types::{CallCreate, CallDirection, CallTransfer, WebhookCreate};
    let prism = Prism::start("vis.yml");
    let client = Client::new().with_bearer_auth("vis-token").with_base_url(&prism.url);
    // Their examples contradict the schema (numbers for string ids), so
    // Prism is asked for a response generated from the schema instead.
    let dynamic = client.clone().with_http_client(dynamic_http());
    let id = "2a1b3c";

    accepted("getUser", dynamic.get_user().await);
    accepted("getAccount", client.get_account().await);
    let calls = ListCallsParams {
        direction: Some(vec![CallDirection::Inbound, CallDirection::Outbound]),
        size: Some(20),
        ..Default::default()
    };
    accepted("listCalls", client.list_calls(&calls).await);
    let call: CallCreate = fixture("vis/create_call_request_body.json");
    accepted("createCall", client.create_call(&call).await);
    accepted(
        "getCallsCount",
        client.get_calls_count(&GetCallsCountParams::default()).await,
    );
    accepted("getCall", client.get_call(id).await);
    accepted("destroyCall", client.destroy_call(id).await);
    accepted("callAnswer", client.call_answer(id).await);
    accepted("callHold", client.call_hold(id).await);
    accepted("callUnhold", client.call_unhold(id).await);
    accepted("callVMTransfer", client.call_vm_transfer(id).await);
    let transfer: CallTransfer = fixture("vis/call_transfer_request_body.json");
    accepted("callTransfer", client.call_transfer(id, &transfer).await);
    accepted("listEvents", client.list_events(&ListEventsParams::default()).await);
    accepted(
        "getEventsCount",
        client.get_events_count(&GetEventsCountParams::default()).await,
    );
    accepted("getEvent", client.get_event(id).await);
    accepted("listWebhooks", dynamic.list_webhooks().await);
    let webhook: WebhookCreate = fixture("vis/create_webhook_request_body.json");
    accepted("createWebhook", dynamic.create_webhook(&webhook).await);
    accepted("viewWebhook", dynamic.view_webhook(id).await);
    accepted("destroyWebhook", client.destroy_webhook(id).await);
    accepted("renewWebhook", dynamic.renew_webhook(id).await);
}

#[tokio::test]
async fn prism_rejects_what_the_spec_forbids() {
    // The harness must be able to fail: a page size over the spec's maximum
    // of 100, sent without the client's validation, is flagged by Prism.
    let prism = Prism::start("users.yml");
    let response = reqwest::Client::new()
        .get(format!("{}/users?page_size=1000", prism.url))
        .bearer_auth("token")
        .send()
        .await
        .unwrap();
    assert!(response.headers().contains_key("sl-violations"));
    assert!(!response.status().is_success());
}
