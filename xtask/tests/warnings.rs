//! How `cargo xtask codegen` reports warnings: one line per kind with its
//! count and first instances, unused components as a note unless asked.

use std::path::Path;
use std::process::Command;

fn codegen(root: &Path, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .args(extra)
        .env("XTASK_WORKSPACE_ROOT", root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const SPEC: &str = "openapi: 3.0.3
info: {title: Noisy, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {n: {type: integer}}}
              example: {n: not-a-number}
components:
  schemas:
    Unused1: {type: object, properties: {x: {type: string}}}
    Unused2: {type: object, properties: {x: {type: string}}}
    Unused3: {type: object, properties: {x: {type: string}}}
    Unused4: {type: object, properties: {x: {type: string}}}
    Unused5: {type: object, properties: {x: {type: string}}}
";

#[test]
fn one_line_per_kind_and_unused_components_are_a_note() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("specs")).unwrap();
    std::fs::write(root.path().join("specs/noisy.yml"), SPEC).unwrap();

    let stderr = codegen(root.path(), &[]);
    assert!(
        stderr.contains("warning: 1 example(s) contradict their schema"),
        "{stderr}"
    );
    assert!(
        stderr.contains("specs/noisy.yml#/paths/~1a/get/responses/200/content/application~1json/example"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: 5 component schema(s) not used by any operation"),
        "{stderr}"
    );
    assert!(!stderr.contains("`Unused1`"), "notes are counted, not listed: {stderr}");
    assert!(stderr.contains("--warn-unused"), "{stderr}");
    let listed = std::fs::read_to_string(root.path().join("generated/WARNINGS.md")).unwrap();
    assert!(
        listed.contains("## Note: 5 component schema(s) not used by any operation"),
        "{listed}"
    );
    assert!(listed.contains("`Unused5`"), "{listed}");

    let stderr = codegen(root.path(), &["--warn-unused"]);
    assert!(
        stderr.contains("warning: 5 component schema(s) not used by any operation"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`Unused1`") && !stderr.contains("`Unused4`"),
        "the first three are listed: {stderr}"
    );
    assert!(stderr.contains("… 2 more in generated/WARNINGS.md"), "{stderr}");
}
