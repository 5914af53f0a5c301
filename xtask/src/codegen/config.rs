//! How this repository wants its `generated` crate: a workspace member that
//! inherits the workspace's package keys, with the dev-dependencies and the
//! bench of its hand-written tests; or a copy that builds on its own.

use generator::CrateConfig;

/// The workspace member `generated/`.
pub fn workspace() -> CrateConfig {
    CrateConfig {
        name: "generated".into(),
        regenerate: Some("cargo xtask codegen".into()),
        specs: "specs".into(),
        package: "version = \"0.1.0\"\n\
                  description = \"Typed Rust models of the APIs in the specs folder\"\n\
                  edition.workspace = true\n\
                  rust-version.workspace = true\n\
                  license.workspace = true\n\
                  publish.workspace = true\n"
            .into(),
        sections: "# What the crate's own tests and benches use.\n\
                   [dev-dependencies]\n\
                   tokio = { workspace = true, features = [\"macros\", \"rt-multi-thread\", \"time\"] }\n\
                   wiremock.workspace = true\n\
                   multer.workspace = true\n\
                   criterion.workspace = true\n\
                   \n\
                   # Serde throughput of the models against hand-written structs, with\n\
                   # criterion's own `main`.\n\
                   [[bench]]\n\
                   name = \"serde\"\n\
                   harness = false\n"
            .into(),
    }
}

/// A crate of its own under `target/`, outside the workspace, whose tests
/// run on tokio.
pub fn standalone_with_tokio() -> CrateConfig {
    CrateConfig {
        sections: "[dev-dependencies]\n\
                   tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"time\"] }\n\
                   \n\
                   [workspace]\n"
            .into(),
        ..standalone()
    }
}

/// A crate of its own under `target/`, outside the workspace.
pub fn standalone() -> CrateConfig {
    CrateConfig {
        regenerate: Some("cargo xtask codegen".into()),
        sections: "[workspace]\n".into(),
        ..CrateConfig::default()
    }
}
