//! The generated source of every spec in `specs/`, kept stable by snapshots.
//!
//! A spec change shows up here as a snapshot diff; accept it with
//! `cargo insta review` once it reads right.

use std::path::Path;

#[test]
fn generated_sources_of_the_specs() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let generated = generator::generate_dir(&specs).unwrap_or_else(|e| panic!("{e}"));
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for file in &generated.files {
            let name = file.path.trim_start_matches("src/").replace(['/', '.'], "_");
            insta::assert_snapshot!(name, &file.contents);
        }
    });
}

#[test]
fn generation_is_deterministic() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let first = generator::generate_dir(&specs).unwrap_or_else(|e| panic!("{e}"));
    let second = generator::generate_dir(&specs).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.files, second.files);
}
