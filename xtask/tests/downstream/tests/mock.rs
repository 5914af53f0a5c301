//! The generated test doubles, used as a downstream crate would: only the
//! public `mock` API, typed expectations and answers, and the same test run
//! in process and against a local HTTP server.

use std::future::Future;

use generated::application_v2::client::{
    Client, CreateApplicationError, DeleteApplicationError, Error, GetApplicationError, ListApplicationParams,
};
use generated::application_v2::mock::Mock;
use generated::application_v2::types::{
    ApplicationResponse, ApplicationResponseCollection, ApplicationResponseCollectionEmbedded,
    CreateApplicationRequest, CreateApplicationResponse,
};
use generated::common_errors::types::{ProblemDetails, ValidationProblemDetails};
use generated::runtime::futures_util::StreamExt;

/// Runs `test` with a client sending in process, then with one that only
/// knows a base URL, served by the mock on a local port.
async fn in_process_and_over_http<F, Fut>(test: F)
where
    F: Fn(Mock, Client) -> Fut,
    Fut: Future<Output = ()>,
{
    let mock = Mock::new();
    let client = mock.client().with_basic_auth("key", "secret");
    test(mock, client).await;

    let mock = Mock::new();
    let url = mock.serve().await.unwrap();
    let client = Client::new().with_base_url(url).with_basic_auth("key", "secret");
    test(mock, client).await;
}

/// The code under test: creates an application and returns its id.
async fn provision(client: &Client, name: &str) -> Result<String, Error<CreateApplicationError>> {
    let request = CreateApplicationRequest::new(name);
    Ok(client.create_application(&request).await?.into_body().id)
}

#[tokio::test]
async fn creating_an_application_matches_the_typed_body() {
    in_process_and_over_http(|mock, client| async move {
        mock.create_application()
            .body(CreateApplicationRequest::new("My app"))
            .times(1)
            .respond(CreateApplicationResponse::new("app-1", "My app"));
        assert_eq!(provision(&client, "My app").await.unwrap(), "app-1");
        mock.verify();
    })
    .await;
}

#[tokio::test]
async fn a_body_predicate_and_a_typed_validation_error() {
    in_process_and_over_http(|mock, client| async move {
        mock.create_application()
            .body_matching(|request: &CreateApplicationRequest| request.name.is_empty())
            .respond_error(CreateApplicationError::BadRequest(ValidationProblemDetails {
                title: Some("Invalid name".into()),
                ..Default::default()
            }));
        match provision(&client, "").await {
            Err(Error::Api(response)) => {
                assert_eq!(response.status, 400);
                match response.body {
                    CreateApplicationError::BadRequest(problem) => {
                        assert_eq!(problem.title.as_deref(), Some("Invalid name"))
                    }
                    other => panic!("{other:?}"),
                }
            }
            other => panic!("{other:?}"),
        }
        mock.verify();
    })
    .await;
}

#[tokio::test]
async fn a_typed_404() {
    in_process_and_over_http(|mock, client| async move {
        mock.get_application()
            .path("id", "missing")
            .respond_error(GetApplicationError::NotFound(ProblemDetails {
                title: Some("Not found".into()),
                ..Default::default()
            }));
        match client.get_application("missing").await {
            Err(Error::Api(response)) => {
                assert_eq!(response.status, 404);
                assert!(matches!(response.body, GetApplicationError::NotFound(p) if p.title.as_deref() == Some("Not found")));
            }
            other => panic!("{other:?}"),
        }
        mock.verify();
    })
    .await;
}

#[tokio::test]
async fn an_unmet_expectation_names_the_operation_and_what_came_instead() {
    in_process_and_over_http(|mock, client| async move {
        mock.delete_application().path("id", "app-1").times(1).respond_status(204);
        // The code under test deletes the wrong application.
        let _ = client.delete_application("app-2").await;
        let failures = mock.failures();
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert!(
            failures[0].contains("DELETE /app-2 matched no expectation")
                && failures[0].contains("path parameter `id` is `app-2`, expected `app-1`"),
            "{}",
            failures[0]
        );
        assert!(
            failures[1].contains("`deleteApplication` (DELETE /{…}) was expected 1 time(s) and matched 0")
                && failures[1].contains("received: DELETE /app-2"),
            "{}",
            failures[1]
        );
    })
    .await;
}

#[test]
#[should_panic(expected = "`deleteApplication` (DELETE /{…}) was expected 1 time(s) and matched 0")]
fn verify_fails_the_test() {
    let mock = Mock::new();
    mock.delete_application().times(1).respond_status(204);
    mock.verify();
}

#[tokio::test]
async fn an_undocumented_status_is_an_unexpected_status() {
    in_process_and_over_http(|mock, client| async move {
        mock.delete_application().respond_status(418);
        assert!(matches!(
            client.delete_application("app-1").await,
            Err(Error::<DeleteApplicationError>::UnexpectedStatus { .. })
        ));
    })
    .await;
}

fn page(number: i64, id: &str) -> ApplicationResponseCollection {
    ApplicationResponseCollection {
        page: Some(number),
        total_pages: Some(3),
        embedded: Some(ApplicationResponseCollectionEmbedded {
            applications: Some(vec![ApplicationResponse::new(id, format!("App {number}"))]),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_paginated_list_over_three_pages() {
    in_process_and_over_http(|mock, client| async move {
        mock.list_application().params(&ListApplicationParams::default()).times(1).respond(page(1, "a"));
        for (number, id) in [(2, "b"), (3, "c")] {
            let params = ListApplicationParams {
                page: Some(number),
                ..Default::default()
            };
            mock.list_application().params(&params).times(1).respond(page(number, id));
        }
        let ids: Vec<String> = client
            .list_application_stream(&ListApplicationParams::default())
            .map(|application| application.unwrap().id)
            .collect()
            .await;
        assert_eq!(ids, ["a", "b", "c"]);
        mock.verify();
    })
    .await;
}

#[tokio::test]
async fn a_503_then_a_200_is_retried() {
    in_process_and_over_http(|mock, client| async move {
        mock.get_application().times(1).respond_status(503);
        mock.get_application().times(1).respond(ApplicationResponse::new("app-1", "My app"));
        let response = client.get_application("app-1").await.unwrap();
        assert_eq!(response.attempts, 2);
        assert_eq!(response.body.id, "app-1");
        mock.verify();
    })
    .await;
}

#[tokio::test]
async fn a_transport_failure_is_a_transport_error() {
    in_process_and_over_http(|mock, client| async move {
        mock.delete_application().fail();
        let client = client.with_retry(generated::runtime::RetryPolicy::none());
        assert!(matches!(
            client.delete_application("app-1").await,
            Err(Error::<DeleteApplicationError>::Transport { .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn requests_without_the_credentials_the_spec_asks_for_match_nothing() {
    use generated::vis::client::Client as Suite;
    use generated::vis::mock::Mock as SuiteMock;
    let mock = SuiteMock::new();
    mock.get_user().respond(generated::vis::types::User::default());
    // A raw `Authorization` that is not the bearer token the spec names.
    let client: Suite = mock.client().with_authorization("Token abc");
    assert!(client.get_user().await.is_err());
    let failures = mock.failures();
    assert!(
        failures[0].contains("sent without the credentials the spec asks for (bearerAuth)"),
        "{failures:?}"
    );
}

// README's example, as it stands there.
mod readme {
    use generated::application_v2::client::{Client, CreateApplicationError, Error};
    use generated::application_v2::mock::Mock;
    use generated::application_v2::types::{CreateApplicationRequest, CreateApplicationResponse};

    /// The code under test.
    async fn provision(client: &Client, name: &str) -> Result<String, Error<CreateApplicationError>> {
        let created = client.create_application(&CreateApplicationRequest::new(name)).await?;
        Ok(created.into_body().id)
    }

    #[tokio::test]
    async fn provisioning_creates_one_application() {
        let mock = Mock::new();
        mock.create_application()
            .body(CreateApplicationRequest::new("My app"))
            .times(1)
            .respond(CreateApplicationResponse::new("app-1", "My app"));
        let client = mock.client().with_basic_auth("API_KEY", "API_SECRET");
        assert_eq!(provision(&client, "My app").await.unwrap(), "app-1");
        mock.verify();
    }
}
