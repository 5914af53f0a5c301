//! Maintainer commands, run as `cargo xtask <command>`.

mod codegen;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check]   regenerate `generated/` from `specs/`; with --check,
                      write nothing and fail when `generated/` is stale

environment:
  XTASK_WORKSPACE_ROOT  run on another folder holding `specs/` and `generated/`
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => match &args[1..] {
            [] => codegen::run(&root, codegen::Mode::Write),
            [flag] if flag == "--check" => codegen::run(&root, codegen::Mode::Check),
            _ => Err(format!(
                "unexpected arguments to codegen: {}\n\n{USAGE}",
                args[1..].join(" ")
            )),
        },
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the xtask crate's parent folder, unless
/// `XTASK_WORKSPACE_ROOT` names another.
fn workspace_root() -> PathBuf {
    if let Some(root) = std::env::var_os("XTASK_WORKSPACE_ROOT") {
        return PathBuf::from(root);
    }
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}
