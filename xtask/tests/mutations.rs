//! The single-change mutations of `tests/mutations/` (scored against Optic
//! and openapi-diff by `cargo xtask spec-diff-peers`): `cargo xtask
//! spec-diff` gives each the wire and Rust verdicts its comments expect,
//! as the worst verdict of each kind over the changes it reports.

use std::path::{Path, PathBuf};
use std::process::Command;

fn mutations() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mutations")
}

/// `# wire: breaking` → `breaking`, from the comments a mutation opens with.
fn expected(text: &str, kind: &str) -> String {
    text.lines()
        .map_while(|line| line.strip_prefix("# "))
        .find_map(|line| line.strip_prefix(&format!("{kind}: ")))
        .unwrap_or_else(|| panic!("no `# {kind}:` line"))
        .replace(' ', "-")
}

fn worst(report: &serde_json::Value, kind: &str) -> String {
    let rank = |v: &str| {
        ["breaking", "needs-review", "non-breaking"]
            .iter()
            .position(|r| *r == v)
    };
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| change[kind]["verdict"].as_str().unwrap().to_string())
        .min_by_key(|v| rank(v))
        .unwrap_or_else(|| "non-breaking".into())
}

#[test]
fn spec_diff_gives_every_mutation_its_expected_verdicts() {
    let base = mutations().join("base.yml");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(mutations())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &base)
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "only {} mutations", paths.len());
    let mut wrong = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["spec-diff", "--format", "json", "--old"])
            .arg(&base)
            .arg("--new")
            .arg(path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for kind in ["wire", "rust"] {
            let (want, got) = (expected(&text, kind), worst(&report, kind));
            if want != got {
                wrong.push(format!("{}: {kind} expected {want}, got {got}", path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `docs/spec-diff.md` is the output of `cargo xtask spec-diff-peers`; each
/// mutation has its row there.
#[test]
fn every_mutation_is_in_the_peer_table() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/spec-diff.md")).unwrap();
    for entry in std::fs::read_dir(mutations()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name != "base" {
            assert!(
                docs.contains(&format!("| `{name}` |")),
                "`{name}` is not in docs/spec-diff.md; run `cargo xtask spec-diff-peers`"
            );
        }
    }
}
