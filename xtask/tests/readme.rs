//! README's client example is the one the downstream crate compiles.

use std::path::Path;

#[test]
fn readme_example_matches_the_compiled_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme
        .find("<!-- readme-example -->\n```rust\n")
        .expect("README has the example marker");
    let body = &readme[start..];
    let code = &body["<!-- readme-example -->\n```rust\n".len()..body.find("```\n<!-- /readme-example -->").unwrap()];
    let compiled = std::fs::read_to_string(root.join("xtask/tests/downstream/src/readme.rs")).unwrap();
    assert_eq!(
        code, compiled,
        "copy xtask/tests/downstream/src/readme.rs into README.md"
    );
}
