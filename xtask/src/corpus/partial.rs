//! Regeneration after one spec changed, on the compiled sample: its specs
//! in one folder, each group regenerated alone beside the others' outlines
//! (see [`generator::check_partial_runs`]).

use std::path::Path;

/// How many groups were checked, or what differed.
pub fn check_sample(api: &Path, sample: &[String]) -> Result<usize, Vec<String>> {
    let dir = tempfile::tempdir().map_err(|e| vec![format!("cannot make a specs folder: {e}")])?;
    for spec in sample {
        let target = dir.path().join(spec);
        let copied = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::copy(api.join(spec), &target));
        if let Err(e) = copied {
            return Err(vec![format!("cannot copy {spec}: {e}")]);
        }
    }
    generator::check_partial_runs(dir.path(), &crate::codegen::config::standalone())
}
