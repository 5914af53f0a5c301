//! The codegen cache, `generated/.codegen-cache`: for each module, the key
//! it was last emitted for, its outline (what `lib.rs`, `Cargo.toml` and the
//! warnings need of it) and a hash of each file that run wrote. A module
//! whose key is unchanged and whose files on disk still hash as written is
//! not emitted again; its files are taken from disk as they are. Where that
//! holds for a whole group of specs, the group is not loaded or lowered
//! either: its outlines stand in for it.
//!
//! The file is not committed (each checkout writes its own) and may be
//! deleted at any time: without it every module is emitted. Check mode never
//! reads it, so `cargo xtask codegen --check` compares against a run from
//! scratch.
//!
//! ```text
//! module users 5f0c…
//! outline {"name":"users","source":"users.yml",…}
//! file src/users/mod.rs 9a41…
//! file src/users/types.rs 03be…
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use generator::{GeneratedFile, ModuleOutline, ModuleSummary};

pub const FILE: &str = ".codegen-cache";
const HEADER: &str = "# cargo xtask codegen: what each module was last emitted for; safe to delete";

/// One module's record.
#[derive(Debug, Default, PartialEq, Eq)]
struct Entry {
    key: String,
    outline: Option<ModuleOutline>,
    /// Path under `generated/` and the hash of what was written there.
    files: Vec<(String, String)>,
}

/// A module whose files on disk are still those written for its key.
#[derive(Debug)]
struct Intact {
    key: String,
    outline: ModuleOutline,
    files: Vec<GeneratedFile>,
}

/// The modules whose files on disk are still those written for their key.
#[derive(Debug, Default)]
pub struct Reusable {
    modules: BTreeMap<String, Intact>,
}

impl Reusable {
    /// Reads the cache under `out` and keeps the modules whose every file
    /// is on disk with the contents it was written with. A missing or
    /// unreadable cache keeps none.
    pub fn read(out: &Path) -> Reusable {
        let Ok(text) = std::fs::read_to_string(out.join(FILE)) else {
            return Reusable::default();
        };
        let modules = parse(&text)
            .into_iter()
            .filter_map(|(module, entry)| {
                let dir = format!("src/{module}/");
                if !entry.files.iter().all(|(path, _)| path.starts_with(&dir)) {
                    return None;
                }
                let outline = entry.outline.filter(|o| o.name == module)?;
                let files = intact_files(out, &entry.files)?;
                Some((
                    module,
                    Intact {
                        key: entry.key,
                        outline,
                        files,
                    },
                ))
            })
            .collect();
        Reusable { modules }
    }

    /// The outline of `module`, if its files on disk were written for `key`.
    pub fn outline(&self, module: &str, key: &str) -> Option<ModuleOutline> {
        self.modules
            .get(module)
            .filter(|intact| intact.key == key)
            .map(|intact| intact.outline.clone())
    }

    /// The files on disk of a module that has an [`Reusable::outline`],
    /// handed over once.
    pub fn take_files(&mut self, module: &str) -> Vec<GeneratedFile> {
        self.modules
            .get_mut(module)
            .map(|intact| std::mem::take(&mut intact.files))
            .unwrap_or_default()
    }
}

/// The files of `recorded`, read from disk, if each hashes as recorded.
fn intact_files(out: &Path, recorded: &[(String, String)]) -> Option<Vec<GeneratedFile>> {
    if recorded.is_empty() {
        return None;
    }
    recorded
        .iter()
        .map(|(path, hash)| {
            let contents = std::fs::read_to_string(out.join(path)).ok()?;
            (hash_of(&contents) == *hash).then(|| GeneratedFile {
                path: path.clone(),
                contents,
            })
        })
        .collect()
}

fn hash_of(contents: &str) -> String {
    blake3::hash(contents.as_bytes()).to_hex().to_string()
}

/// Entries by module; lines that do not fit are skipped, which can only
/// make fewer modules reusable.
fn parse(text: &str) -> BTreeMap<String, Entry> {
    let mut modules: BTreeMap<String, Entry> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(json) = line.strip_prefix("outline ") {
            if let Some(entry) = current.as_ref().and_then(|m| modules.get_mut(m)) {
                entry.outline = serde_json::from_str(json).ok();
            }
            continue;
        }
        match line.split(' ').collect::<Vec<_>>()[..] {
            ["module", name, key] => {
                modules.insert(
                    name.to_string(),
                    Entry {
                        key: key.to_string(),
                        ..Entry::default()
                    },
                );
                current = Some(name.to_string());
            }
            ["file", path, hash] => {
                if let Some(entry) = current.as_ref().and_then(|m| modules.get_mut(m)) {
                    entry.files.push((path.to_string(), hash.to_string()));
                }
            }
            _ => {}
        }
    }
    modules
}

/// The cache for a run that leaves `files` on disk.
pub fn render(summary: &[ModuleSummary], files: &[GeneratedFile]) -> String {
    let mut text = format!("{HEADER}\n");
    for module in summary {
        let Some(key) = &module.key else { continue };
        let Ok(outline) = serde_json::to_string(&module.outline) else {
            continue;
        };
        let dir = module.dir();
        text.push_str(&format!("module {} {key}\noutline {outline}\n", module.outline.name));
        for file in files.iter().filter(|f| f.path.starts_with(&dir)) {
            text.push_str(&format!("file {} {}\n", file.path, hash_of(&file.contents)));
        }
    }
    text
}

/// Writes the cache beside the output, replacing it by a rename. A cache
/// that cannot be written only costs the next run its reuse.
pub fn write(out: &Path, text: &str) {
    let path = out.join(FILE);
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return;
    }
    let temp = out.join(format!("{FILE}.new"));
    let written = std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        let _ = std::fs::remove_file(&path);
        eprintln!("warning: cannot write generated/{FILE} ({e}); the next run emits every module");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_cache_parses_back_and_lines_that_do_not_fit_are_skipped() {
        let outline = ModuleOutline {
            name: "users".into(),
            source: "users.yml".into(),
            title: Some("Users".into()),
            is_api: true,
            types: 0,
            operations: 0,
            dependencies: vec!["common_errors".into()],
            example_origins: Vec::new(),
            warnings: Vec::new(),
            example_warnings: Vec::new(),
        };
        let summary = vec![ModuleSummary {
            outline: outline.clone(),
            emit_time: Default::default(),
            key: Some("k1".into()),
            lowered: true,
            reused: false,
        }];
        let files = vec![
            GeneratedFile {
                path: "src/users/mod.rs".into(),
                contents: "a".into(),
            },
            GeneratedFile {
                path: "src/lib.rs".into(),
                contents: "b".into(),
            },
        ];
        let text =
            render(&summary, &files) + "nonsense\nfile src/users/gone.rs 00\nmodule vis 00\noutline {\"name\":\n";
        let parsed = parse(&text);
        assert_eq!(parsed.len(), 2);
        // An outline that does not parse leaves the module with none, so not reusable.
        assert_eq!(parsed["vis"].outline, None);
        assert_eq!(
            parsed["users"],
            Entry {
                key: "k1".into(),
                outline: Some(outline),
                files: vec![
                    ("src/users/mod.rs".into(), hash_of("a")),
                    ("src/users/gone.rs".into(), "00".into())
                ],
            }
        );
    }
}
