//! What generated clients put on the wire, checked against a recording
//! server: the specs in `tests/wire/specs/` are generated into a crate
//! under `target/corpus/wire/`, the tests in `tests/wire/tests/` are copied
//! into it, and `cargo test` runs them there.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn generated_clients_send_what_the_specs_say() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wire");
    let generated = generator::generate_dir(&here.join("specs")).unwrap_or_else(|e| panic!("{e}"));
    let corpus = workspace().join("target/corpus");
    let crate_dir = corpus.join("wire");
    let _ = std::fs::remove_dir_all(&crate_dir);
    let workspace_manifest = std::fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    for file in &generated.files {
        let path = crate_dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let contents = if file.path == "Cargo.toml" {
            generator::emit::standalone_manifest(&file.contents, &workspace_manifest)
        } else {
            file.contents.clone()
        };
        std::fs::write(path, contents).unwrap();
    }
    std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
    for entry in std::fs::read_dir(here.join("tests")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), crate_dir.join("tests").join(entry.file_name())).unwrap();
    }
    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", corpus.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo test failed\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
