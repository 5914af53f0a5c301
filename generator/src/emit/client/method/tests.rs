//! The methods written as text against `prettyplease`, on every operation
//! of the specs the repository holds: ours, the edge cases and the wire
//! specs, which between them have every shape the writer covers (paths
//! long and short, streamed bodies, security, every kind of response).

use std::path::Path;

use super::*;
use crate::emit::layout::testing::pretty_associated;
use crate::load::SpecSet;

fn check_specs(dir: &Path) -> (usize, usize) {
    let set = SpecSet::load_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let program = crate::lower::lower(&set).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let validated = Validated::new(&program);
    let (mut written, mut all) = (0, 0);
    for module in &program.modules {
        for op in &module.operations {
            all += 1;
            let Part::Text(text) = method_tokens(&program, module, op, &validated, true) else {
                continue;
            };
            let Part::Associated(tokens) = method_tokens(&program, module, op, &validated, false) else {
                panic!("tokens were asked for");
            };
            assert_eq!(
                text,
                pretty_associated(tokens),
                "{}: `{}` laid out differently",
                dir.display(),
                op.name
            );
            written += 1;
        }
    }
    (written, all)
}

#[test]
fn methods_written_as_text_match_prettyplease_on_every_spec_here() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = root.parent().expect("the generator is in the workspace");
    let (mut written, mut all) = (0, 0);
    let mut count = |(w, a): (usize, usize)| {
        written += w;
        all += a;
    };
    count(check_specs(&workspace.join("specs")));
    count(check_specs(&root.join("tests/wire/specs")));
    count(check_specs(&root.join("tests/corpus/edge_cases")));
    // Enough are written that the comparison means something.
    assert!(written * 3 > all, "only {written} of {all} methods written as text");
    eprintln!("{written} of {all} methods written as text");
}
