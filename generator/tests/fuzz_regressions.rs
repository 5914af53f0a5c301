//! Inputs that once broke the pipeline, or that probe its edges, run
//! through the same entry point as the fuzz target: each may fail with an
//! error, none may panic. New crash inputs from `cargo fuzz` go into
//! `tests/fuzz_regressions/`.

use std::path::Path;

#[test]
fn no_input_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| generator::fuzz_one(&data));
        assert!(outcome.is_ok(), "{} panics", path.display());
        count += 1;
    }
    assert!(count >= 3, "the regression inputs are missing");
}
