//! The runtime and support files the generator copies reach the generated
//! crate as they are written, under the one-line header every file has:
//! the spacing pass that lays out formatted code must leave them alone.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn copied_files_arrive_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let verbatim = root.join("src/emit/verbatim");
    let generated = root.join("../generated/src");
    let mut files = Vec::new();
    rust_files(&verbatim, &mut files);
    let mut compared = 0;
    for file in files {
        let relative = file.strip_prefix(&verbatim).unwrap();
        let Ok(written) = std::fs::read_to_string(generated.join(relative)) else {
            continue;
        };
        let source = std::fs::read_to_string(&file).unwrap();
        let (header, body) = written.split_once("\n\n").unwrap();
        assert!(header.starts_with("// @generated"), "{}", relative.display());
        assert!(body == source, "{} was changed on its way out", relative.display());
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} copied files found");
}
