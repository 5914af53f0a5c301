//! Spec groups: the spec files that are generated together, and one key per
//! group of everything its modules' files are made from, so that a group
//! whose key is unchanged need not be loaded, lowered or emitted again.
//!
//! A module's files depend on more than its own spec: on the files it
//! `$ref`s, and on the files that `$ref` it (which of its types requests
//! carry decides where `Validate` is implemented). So spec files are grouped
//! into the connected parts of the graph whose edges are file references,
//! and the key of a group covers every file of it, besides the generator's
//! own build, the allow-list and the crate's configuration:
//!
//! ```text
//! application.v2.yml ──$ref──▶ common/common_errors.yml     users.yml     vis.yml
//! └─────────────────── one group, one key ────────────┘      alone         alone
//! ```
//!
//! Groups are found before anything is parsed, in the raw text, and
//! over-approximated: a file refers to another when its text, or its text
//! percent-decoded, contains the other's file name. That also sees `$ref`s
//! that loading replaces by copies, and discriminator mappings. A module's
//! name depends on the other files' paths (two files with one stem), so each
//! file's module name goes into the key too; the other files' contents never
//! do. Generation checks the lowered program against the groups (see
//! [`SpecGroups::holds`]) and trusts no key where they disagree.

use std::path::Path;

use crate::emit::{AllowList, CrateConfig};
use crate::outline::ModuleOutline;

/// Fingerprint of the generator build, from `build.rs`.
pub const GENERATOR_FINGERPRINT: &str = env!("GENERATOR_FINGERPRINT");

/// Bumped when the key's recipe changes.
const RECIPE: &str = "spec-group-key-v2";

/// The groups of one run's spec files.
#[derive(Debug, Clone)]
pub(crate) struct SpecGroups {
    /// Each file's path, as its module's `source` says it.
    pub paths: Vec<String>,
    /// Each file's module name.
    pub modules: Vec<String>,
    /// Each file's group, an index into `keys`.
    pub group_of: Vec<usize>,
    /// Each group's key, as lowercase hex.
    pub keys: Vec<String>,
}

impl SpecGroups {
    /// Groups `files`, given as (path relative to the specs folder, text),
    /// in the order their modules take.
    pub fn new(files: &[(&Path, &[u8])], allow: &AllowList, config: &CrateConfig) -> SpecGroups {
        let count = files.len();
        let mut union = Union::new(count);
        let texts: Vec<std::borrow::Cow<'_, str>> = files.iter().map(|(_, t)| String::from_utf8_lossy(t)).collect();
        for (a, text) in texts.iter().enumerate() {
            // Decoded only when a name is not in the text as written: a spec
            // alone in its set, like most large ones, is never copied.
            let mut decoded: Option<Option<String>> = None;
            for (b, (other, _)) in files.iter().enumerate().filter(|&(b, _)| b != a) {
                let Some(name) = other.file_name().map(|n| n.to_string_lossy()) else {
                    continue;
                };
                let mentions = text.contains(name.as_ref())
                    || decoded
                        .get_or_insert_with(|| percent_decoded(text))
                        .as_deref()
                        .is_some_and(|d| d.contains(name.as_ref()));
                if mentions {
                    union.join(a, b);
                }
            }
        }
        let paths: Vec<&Path> = files.iter().map(|(p, _)| *p).collect();
        let modules = crate::lower::module_names(&paths);
        let roots: Vec<usize> = (0..count).map(|i| union.find(i)).collect();
        let mut leaders: Vec<usize> = roots.clone();
        leaders.sort_unstable();
        leaders.dedup();
        let group_of: Vec<usize> = roots
            .iter()
            .map(|root| leaders.binary_search(root).unwrap_or(0))
            .collect();
        let mut common = blake3::Hasher::new();
        field(&mut common, RECIPE.as_bytes());
        field(&mut common, GENERATOR_FINGERPRINT.as_bytes());
        field(&mut common, format!("{allow:?}").as_bytes());
        field(&mut common, format!("{config:?}").as_bytes());
        let keys = (0..leaders.len())
            .map(|group| {
                let mut hasher = common.clone();
                for member in (0..count).filter(|&m| group_of[m] == group) {
                    field(&mut hasher, paths[member].display().to_string().as_bytes());
                    field(&mut hasher, modules[member].as_bytes());
                    field(&mut hasher, blake3::hash(files[member].1).as_bytes());
                }
                hasher.finalize().to_hex().to_string()
            })
            .collect();
        SpecGroups {
            paths: paths.iter().map(|p| p.display().to_string()).collect(),
            modules,
            group_of,
            keys,
        }
    }

    /// The file whose module is made from `source`.
    pub fn file_of(&self, source: &str) -> Option<usize> {
        self.paths.iter().position(|p| p == source)
    }

    /// The key of the group of the module made from `source`.
    pub fn key_of(&self, source: &str) -> Option<&str> {
        self.file_of(source).map(|file| self.keys[self.group_of[file]].as_str())
    }

    /// Whether the lowered modules bear the groups out: each is named as
    /// the groups name it, depends only on modules of its own group, and
    /// every warning is about one of their files. A program that does not is
    /// generated whole, and keeps no key.
    pub fn holds(&self, outlines: &[ModuleOutline], unattributed: &[crate::Warning]) -> bool {
        let group_of_module = |name: &str| self.modules.iter().position(|m| m == name).map(|f| self.group_of[f]);
        unattributed.is_empty()
            && outlines.iter().all(|outline| {
                let Some(file) = self.file_of(&outline.source) else {
                    return false;
                };
                let group = self.group_of[file];
                self.modules[file] == outline.name
                    && outline.dependencies.iter().all(|d| group_of_module(d) == Some(group))
            })
    }
}

/// Length-prefixed, so that no two sequences of fields hash alike.
fn field(hasher: &mut blake3::Hasher, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// The text with `%XX` escapes decoded, when it has any.
fn percent_decoded(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|&b| hex(b)),
            bytes.get(i + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Union-find over file indices.
struct Union {
    parent: Vec<usize>,
}

impl Union {
    fn new(count: usize) -> Union {
        Union {
            parent: (0..count).collect(),
        }
    }

    fn find(&mut self, mut at: usize) -> usize {
        while self.parent[at] != at {
            self.parent[at] = self.parent[self.parent[at]];
            at = self.parent[at];
        }
        at
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        // The smaller index leads, so groups do not depend on join order.
        self.parent[a.max(b)] = a.min(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_are_decoded_and_broken_ones_kept() {
        assert_eq!(percent_decoded("no escapes"), None);
        assert_eq!(
            percent_decoded("$ref: common%2Fcommon%5Ferrors.yml 100% %zz").as_deref(),
            Some("$ref: common/common_errors.yml 100% %zz")
        );
    }
}
