use generated::application_v2::client::{Client as Applications, ListApplicationParams};
use generated::application_v2::types::CreateApplicationRequest;
use generated::runtime::futures_util::StreamExt;
use generated::vis::client::{Client as IntegrationSuite, ListCallsParams};
use generated::vis::types::CallDirection;

async fn example() -> Result<(), Box<dyn std::error::Error>> {
    // The Application API authenticates with the account's API key and secret.
    let applications = Applications::new().with_basic_auth("API_KEY", "API_SECRET");
    let request = CreateApplicationRequest::new("My app");
    let created = applications.create_application(&request).await?;
    println!("created {:?} ({})", created.body.id, created.status);

    // Every application, page after page.
    let mut all = std::pin::pin!(applications.list_application_stream(&ListApplicationParams::default()));
    while let Some(application) = all.next().await {
        println!("{:?}", application?.name);
    }

    // The Integration Suite authenticates with a bearer token; these are the user's calls.
    let suite = IntegrationSuite::new().with_bearer_auth("TOKEN");
    let params = ListCallsParams { direction: Some(vec![CallDirection::Inbound]), ..Default::default() };
    for call in suite.list_calls(&params).await?.into_body() {
        println!("{} {} {}", call.id, call.phone_number, call.state);
    }
    Ok(())
}
