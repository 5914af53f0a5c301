//! Operation methods share `Client` with the settings every client has
//! (`new`, `with_retry`, `base_url`…): lowering numbers an operation that
//! would take one of those names, and says so.

use std::path::Path;

#[test]
fn operations_named_like_client_settings_are_numbered_with_a_warning() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/edge_cases");
    let generated = generator::generate_dir(&dir).expect("edge cases generate");
    let renamed: Vec<&str> = generated
        .warnings
        .iter()
        .filter(|w| w.message.contains("already used by every client's settings"))
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(renamed.len(), 5, "{renamed:#?}");
    let client = generated
        .files
        .iter()
        .find(|f| f.path == "src/operations/client.rs")
        .expect("the operations module's client");
    for method in ["new_2", "with_retry_2", "base_url_2", "clone_2", "send_2"] {
        assert!(
            client.contents.contains(&format!("pub async fn {method}(")),
            "{method} missing"
        );
    }
    for setting in ["new", "with_retry", "base_url", "clone", "send"] {
        assert!(
            !client.contents.contains(&format!("pub async fn {setting}(")),
            "{setting} kept"
        );
    }
}
