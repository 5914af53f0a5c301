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

/// Every Rust example in README stands, line for line, in the downstream
/// crate that the codegen tests compile.
#[test]
fn every_rust_example_in_readme_is_compiled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let src = root.join("xtask/tests/downstream");
    let compiled: Vec<String> = ["src/readme.rs", "src/snippets.rs", "tests/mock.rs"]
        .iter()
        .flat_map(|file| {
            std::fs::read_to_string(src.join(file))
                .unwrap()
                .lines()
                .map(str::trim)
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut blocks = 0;
    for block in readme.split("```rust\n").skip(1) {
        let mut code: Vec<&str> = block.split("```").next().unwrap().lines().map(str::trim).collect();
        // A block inside a list item ends with the indentation of its closing fence.
        if code.last() == Some(&"") {
            code.pop();
        }
        let found = compiled
            .windows(code.len())
            .any(|window| window.iter().map(String::as_str).eq(code.iter().copied()));
        assert!(
            found,
            "README example not in xtask/tests/downstream:\n{}",
            code.join("\n")
        );
        blocks += 1;
    }
    assert!(blocks >= 4, "{blocks} Rust examples in README");
}
