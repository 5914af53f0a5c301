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
        let names: Vec<Option<String>> = files
            .iter()
            .map(|(path, _)| path.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let reach = 3 * names.iter().flatten().map(String::len).max().unwrap_or(0);
        for (a, (_, text)) in files.iter().enumerate() {
            let text = match std::str::from_utf8(text) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(text),
            };
            // Found only when a name is not in the text as written: a spec
            // alone in its set, like most large ones, is never searched so.
            let mut escaped: Option<Vec<String>> = None;
            for (b, name) in names.iter().enumerate().filter(|&(b, _)| b != a) {
                let Some(name) = name else { continue };
                let mentions = text.contains(name.as_str())
                    || escaped
                        .get_or_insert_with(|| escaped_parts(&text, reach))
                        .iter()
                        .any(|part| part.contains(name.as_str()));
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

/// The stretches of `text` within `reach` bytes of a `%XX` escape, each
/// decoded. A name of at most `reach / 3` bytes that the text spells with
/// an escape lies in one of them, so the rest of the text, most of a large
/// spec, is neither copied nor searched twice.
fn escaped_parts(text: &str, reach: usize) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let mut stretch: Option<(usize, usize)> = None;
    for (at, _) in text.match_indices('%') {
        let escape = bytes
            .get(at + 1..at + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
        if !escape {
            continue;
        }
        let (start, end) = (at.saturating_sub(reach), (at + 3 + reach).min(bytes.len()));
        stretch = match stretch {
            Some((first, last)) if start <= last => Some((first, last.max(end))),
            Some((first, last)) => {
                parts.push(percent_decoded(&bytes[first..last]));
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    if let Some((first, last)) = stretch {
        parts.push(percent_decoded(&bytes[first..last]));
    }
    parts
}

/// `bytes` with their `%XX` escapes decoded.
fn percent_decoded(bytes: &[u8]) -> String {
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
    String::from_utf8_lossy(&out).into_owned()
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
        assert!(escaped_parts("no escapes, 100% sure", 60).is_empty());
        assert_eq!(
            escaped_parts("$ref: common%2Fcommon%5Ferrors.yml 100% %zz", 60),
            ["$ref: common/common_errors.yml 100% %zz"]
        );
    }

    /// On texts dense in escapes, partial ones and the name's characters,
    /// the escaped parts find a name the text does not hold as written
    /// exactly when the whole text, decoded, holds it.
    #[test]
    fn escaped_parts_find_what_decoding_the_whole_text_finds() {
        let alphabet: Vec<&str> = vec![
            "a",
            ".",
            "yml",
            "y",
            "%2E",
            "%2e",
            "%61",
            "%",
            "%2",
            "%%",
            "x",
            "%79%6D%6C",
            "/",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let name = "a.yml";
        let mut found = 0;
        for _ in 0..20_000 {
            let len = 1 + next(14);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let written = text.contains(name);
            let decoded = percent_decoded(text.as_bytes()).contains(name);
            let in_parts = escaped_parts(&text, 3 * name.len()).iter().any(|p| p.contains(name));
            assert_eq!(written || in_parts, written || decoded, "{text:?}");
            found += usize::from(decoded && !written);
        }
        assert!(found > 100, "only {found} texts spell the name with an escape");
    }
}
