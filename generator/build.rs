//! Fingerprints what shapes the generator's output besides the specs: its
//! own sources (the verbatim runtime among them), its manifest and the
//! workspace's lock file, which pins `syn`, `prettyplease` and the rest. The
//! codegen cache keys every module on it, so a rebuilt generator never
//! reuses files an older one wrote.

use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut hasher = blake3::Hasher::new();
    hasher.update(std::env::var("CARGO_PKG_VERSION").unwrap_or_default().as_bytes());
    let mut files = Vec::new();
    collect(&manifest_dir.join("src"), &mut files);
    files.sort();
    files.push(manifest_dir.join("Cargo.toml"));
    files.push(manifest_dir.join("../Cargo.lock"));
    for file in &files {
        let relative = file.strip_prefix(&manifest_dir).unwrap_or(file);
        hasher.update(relative.to_string_lossy().as_bytes());
        hasher.update(&[0]);
        // A file that cannot be read still changes the fingerprint.
        let contents = std::fs::read(file).unwrap_or_else(|e| e.to_string().into_bytes());
        hasher.update(&(contents.len() as u64).to_le_bytes());
        hasher.update(&contents);
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=../Cargo.lock");
    println!("cargo:rustc-env=GENERATOR_FINGERPRINT={}", hasher.finalize().to_hex());
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
