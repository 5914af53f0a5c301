//! `cargo xtask spec-diff` end to end, in a temporary git repository: two
//! revisions, the working tree, two explicit files, and the errors a
//! maintainer can run into.

use std::path::Path;
use std::process::{Command, Output};

const PETS: &str = "openapi: 3.0.3
info:
  title: Pets
  version: '1'
servers:
  - url: https://pets.example.com/v1
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/NewPet'
      responses:
        '204':
          description: created
        '400':
          $ref: 'common/errors.yml#/components/responses/BadRequest'
components:
  schemas:
    NewPet:
      type: object
      required:
        - name
      properties:
        name:
          type: string
        tag:
          type: string
";

const ERRORS: &str = "openapi: 3.0.3
info:
  title: Errors
  version: '1'
paths: {}
components:
  responses:
    BadRequest:
      description: the request is not valid
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Problem'
  schemas:
    Problem:
      type: object
      properties:
        title:
          type: string
        detail:
          type: string
";

/// `tag` becomes required in requests; `detail` leaves every error body.
fn edited_pets() -> String {
    let edited = PETS.replace(
        "      required:\n        - name\n",
        "      required:\n        - name\n        - tag\n",
    );
    assert_ne!(edited, PETS);
    edited
}

fn edited_errors() -> String {
    let edited = ERRORS.replace("        detail:\n          type: string\n", "");
    assert_ne!(edited, ERRORS);
    edited
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("XTASK_WORKSPACE_ROOT", root)
        .output()
        .unwrap()
}

fn git(root: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "user.name=Spec Diff",
            "-c",
            "user.email=spec-diff@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn commit_all(root: &Path, message: &str) {
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", message]);
}

/// A repository whose first commit has the two specs as written above.
fn repository() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    git(root.path(), &["init", "-q"]);
    write(root.path(), "specs/pets.yml", PETS);
    write(root.path(), "specs/common/errors.yml", ERRORS);
    commit_all(root.path(), "specs");
    root
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn reports_what_changed_between_two_commits() {
    let root = repository();
    write(root.path(), "specs/pets.yml", &edited_pets());
    write(root.path(), "specs/common/errors.yml", &edited_errors());
    commit_all(root.path(), "edit");

    let out = xtask(root.path(), &["spec-diff", "--base", "HEAD~1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.starts_with("## API changes: `HEAD~1` → working tree"),
        "{report}"
    );
    assert!(report.contains("| `pets.yml` |"), "{report}");
    assert!(report.contains("#### `POST /pets` · `create_pet`"), "{report}");
    assert!(
        report.contains("- **`request-property-became-required`** request body `/tag` → `NewPet::tag`"),
        "{report}"
    );
    // The shared error body's change is attributed to the operation using it.
    assert!(
        report.contains("- **`response-optional-property-removed`** response 400 `/detail` → `Problem::detail`"),
        "{report}"
    );
    assert!(report.contains("#### type `Problem`"), "{report}");
    assert!(
        report.contains("| `pets` | field `types::NewPet::tag` | `Option<String>` | `String` |"),
        "{report}"
    );

    let json = stdout(&xtask(root.path(), &["spec-diff", "--base=HEAD~1", "--format", "json"]));
    assert!(json.contains("\"id\": \"request-property-became-required\""), "{json}");
    assert!(json.contains("\"verdict\": \"breaking\""), "{json}");

    let gate = xtask(root.path(), &["spec-diff", "--base", "HEAD~1", "--fail-on", "breaking"]);
    assert!(!gate.status.success());
    assert!(stdout(&gate).contains("request-property-became-required"));
    assert!(
        stderr(&gate).contains("breaking change(s) between the specs (--fail-on breaking)"),
        "{}",
        stderr(&gate)
    );
}

#[test]
fn compares_the_working_tree_with_head_by_default() {
    let root = repository();
    let clean = xtask(root.path(), &["spec-diff", "--fail-on", "breaking"]);
    assert!(clean.status.success(), "{}", stderr(&clean));
    assert!(stdout(&clean).contains("No changes to the APIs"), "{}", stdout(&clean));

    write(root.path(), "specs/pets.yml", &edited_pets());
    let out = xtask(root.path(), &["spec-diff"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("## API changes: `HEAD` → working tree"));
    assert!(stdout(&out).contains("request-property-became-required"));
}

#[test]
fn a_spec_on_one_side_only_is_an_api_added_or_removed() {
    let root = repository();
    let owners = PETS.replace("/pets", "/owners").replace("createPet", "createOwner");
    write(root.path(), "specs/owners.yml", &owners);
    std::fs::remove_file(root.path().join("specs/pets.yml")).unwrap();
    std::fs::remove_file(root.path().join("specs/common/errors.yml")).unwrap();
    write(root.path(), "specs/common/errors.yml", ERRORS);
    let out = xtask(root.path(), &["spec-diff"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("- **`api-spec-added`**: spec `owners.yml` added"),
        "{report}"
    );
    assert!(
        report.contains("- **`api-spec-removed`**: spec `pets.yml` removed"),
        "{report}"
    );
    assert!(report.contains("| `owners` | module `owners` | — |"), "{report}");
}

#[test]
fn a_base_revision_that_does_not_exist_is_named() {
    let root = repository();
    let out = xtask(root.path(), &["spec-diff", "--base", "no-such-branch"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("error: base revision `no-such-branch` does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_spec_that_fails_to_load_is_named_with_its_side_file_and_pointer() {
    let root = repository();
    let broken = PETS.replace("#/components/responses/BadRequest", "#/components/responses/Gone");
    write(root.path(), "specs/pets.yml", &broken);
    commit_all(root.path(), "broken");
    write(root.path(), "specs/pets.yml", PETS);

    let out = xtask(root.path(), &["spec-diff"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("error: cannot load the old side (`HEAD`): specs/pets.yml#/paths/~1pets/post/responses/400: `$ref` target not found"),
        "{err}"
    );
    assert!(err.contains("--> specs/pets.yml:"), "{err}");

    write(root.path(), "specs/pets.yml", &broken);
    let out = xtask(root.path(), &["spec-diff", "--base", "HEAD~1"]);
    let err = stderr(&out);
    assert!(
        err.contains("error: cannot load the new side (working tree): specs/pets.yml#/paths/~1pets/post/responses/400"),
        "{err}"
    );
}

#[test]
fn compares_two_files_with_the_files_they_refer_to() {
    let root = tempfile::tempdir().unwrap();
    write(root.path(), "before/pets.yml", PETS);
    write(root.path(), "before/common/errors.yml", ERRORS);
    write(root.path(), "after/pets.yml", &edited_pets());
    write(root.path(), "after/common/errors.yml", &edited_errors());
    // Not referenced: a broken file beside the spec is not read.
    write(root.path(), "after/notes.yml", "not: [an openapi document");
    let old = root.path().join("before/pets.yml");
    let new = root.path().join("after/pets.yml");
    let out = xtask(
        root.path(),
        &[
            "spec-diff",
            "--old",
            old.to_str().unwrap(),
            "--new",
            new.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("request-property-became-required"), "{report}");
    assert!(report.contains("response-optional-property-removed"), "{report}");

    let missing = root.path().join("after/missing.yml");
    let out = xtask(
        root.path(),
        &[
            "spec-diff",
            "--old",
            old.to_str().unwrap(),
            "--new",
            missing.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("cannot load the new side:"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("missing.yml#: cannot read file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn flags_that_do_not_fit_together_are_refused() {
    let root = repository();
    for (args, expected) in [
        (&["spec-diff", "--old", "a.yml"][..], "`--old` and `--new` go together"),
        (
            &["spec-diff", "--base", "HEAD", "--new", "b.yml"][..],
            "does not go with `--old`/`--new`",
        ),
        (&["spec-diff", "--format", "html"][..], "expected `markdown` or `json`"),
        (
            &["spec-diff", "--fail-on", "warnings"][..],
            "expected `--fail-on breaking`",
        ),
        (&["spec-diff", "--base"][..], "`--base` needs a value"),
        (
            &["spec-diff", "--verbose"][..],
            "unexpected argument to spec-diff: `--verbose`",
        ),
    ] {
        let out = xtask(root.path(), args);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains(expected), "{args:?}: {}", stderr(&out));
    }
}

/// README shows the report for Vonage adding the voice region `apac-tokyo`;
/// it must be what the command prints for that edit of our specs.
#[test]
fn readme_report_is_what_the_command_prints() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    if !workspace.join("specs/application.v2.yml").exists() {
        eprintln!("skipped: README's report is for specs/application.v2.yml, which is not there");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    git(root.path(), &["init", "-q"]);
    copy_dir(&workspace.join("specs"), &root.path().join("specs"));
    commit_all(root.path(), "specs");
    let spec = root.path().join("specs/application.v2.yml");
    let original = std::fs::read_to_string(&spec).unwrap();
    let edited = original.replacen(
        "            - apac-australia\n",
        "            - apac-australia\n            - apac-tokyo\n",
        1,
    );
    assert_ne!(
        edited, original,
        "the voice regions of specs/application.v2.yml moved; update this test"
    );
    std::fs::write(&spec, edited).unwrap();
    let out = xtask(root.path(), &["spec-diff"]);
    assert!(out.status.success(), "{}", stderr(&out));

    let readme = std::fs::read_to_string(workspace.join("README.md")).unwrap();
    let (start, end) = (
        "<!-- spec-diff-report -->\n```markdown\n",
        "```\n<!-- /spec-diff-report -->",
    );
    let shown = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(report, _)| report)
        .expect("README has the spec-diff report between its markers");
    assert_eq!(
        shown,
        stdout(&out),
        "README's spec-diff report is stale; replace it with this output"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
