//! Module keys: one hash per module of everything its files are made from,
//! so that a module whose key is unchanged need not be emitted again.
//!
//! A module's files depend on more than its own spec: on the files it
//! `$ref`s, and on the files that `$ref` it (which of its types requests
//! carry decides where `Validate` is implemented). So modules are grouped
//! into the connected parts of the graph whose edges are file references,
//! and each module's key covers every file of its group, besides the
//! generator's own build and the allow-list:
//!
//! ```text
//! application.v2.yml ──$ref──▶ common/common_errors.yml     users.yml     vis.yml
//! └──────────── one group, one key each ──────────────┘      alone         alone
//! ```
//!
//! A file reference is found in the raw text, over-approximated: a file
//! refers to another when its text, or its text percent-decoded, contains
//! the other's file name. That also sees `$ref`s that loading has already
//! replaced by copies, and discriminator mappings. References between the
//! lowered types join groups too, should one ever arise without a `$ref`.

use crate::emit::{AllowList, CrateConfig};
use crate::ir::{Program, TypeRef};
use crate::load::SpecSet;

/// Fingerprint of the generator build, from `build.rs`.
pub const GENERATOR_FINGERPRINT: &str = env!("GENERATOR_FINGERPRINT");

/// Bumped when the key's recipe changes.
const RECIPE: &str = "module-key-v1";

/// The key of every module, indexed by module id, as lowercase hex; `None`
/// for a module whose inputs cannot all be named, which is never reused.
pub fn module_keys(set: &SpecSet, program: &Program, allow: &AllowList, config: &CrateConfig) -> Vec<Option<String>> {
    let count = program.modules.len();
    let mut groups = Groups::new(count);
    let files: Vec<_> = set.files().map(|(_, f)| f).collect();
    let module_of_file: Vec<Option<usize>> = files
        .iter()
        .map(|f| {
            let source = f.path.display().to_string();
            program.modules.iter().position(|m| m.source == source)
        })
        .collect();
    // Modules are made one per file; a file of no module would be an input no key covers.
    if module_of_file.iter().any(Option::is_none) {
        return vec![None; count];
    }
    for (a, file) in files.iter().enumerate() {
        // Decoded only when a name is not in the text as written: a spec
        // alone in its set, like most large ones, is never copied.
        let mut decoded: Option<Option<String>> = None;
        for (b, other) in files.iter().enumerate().filter(|&(b, _)| b != a) {
            let Some(name) = other.path.file_name().map(|n| n.to_string_lossy()) else {
                continue;
            };
            let mentions = file.text.contains(name.as_ref())
                || decoded
                    .get_or_insert_with(|| percent_decoded(&file.text))
                    .as_deref()
                    .is_some_and(|d| d.contains(name.as_ref()));
            if let (true, Some(a), Some(b)) = (mentions, module_of_file[a], module_of_file[b]) {
                groups.join(a, b);
            }
        }
    }
    for module in &program.modules {
        let own = program
            .types_of(module.id)
            .map(|t| TypeRef::Named(t.id))
            .collect::<Vec<_>>();
        let operations = module.operations.iter().flat_map(|op| {
            let parameters = op.parameters.iter().map(|p| &p.ty);
            let request = op.request_body.iter().flat_map(|b| b.type_refs());
            let responses = op
                .responses
                .iter()
                .filter_map(|r| r.body.as_ref())
                .flat_map(|b| b.type_refs());
            parameters.chain(request).chain(responses)
        });
        for id in program.reachable(own.iter().chain(operations)) {
            groups.join(module.id.0, program.type_def(id).module.0);
        }
    }
    let mut file_hashes: Vec<Option<blake3::Hash>> = vec![None; count];
    for (file, module) in files.iter().zip(&module_of_file) {
        if let Some(module) = module {
            file_hashes[*module] = Some(blake3::hash(file.text.as_bytes()));
        }
    }
    let mut common = blake3::Hasher::new();
    field(&mut common, RECIPE.as_bytes());
    field(&mut common, GENERATOR_FINGERPRINT.as_bytes());
    field(&mut common, format!("{allow:?}").as_bytes());
    field(&mut common, format!("{config:?}").as_bytes());
    program
        .modules
        .iter()
        .map(|module| {
            let mut hasher = common.clone();
            field(&mut hasher, module.name.as_bytes());
            let group = groups.find(module.id.0);
            for member in (0..count).filter(|&m| groups.find(m) == group) {
                let m = &program.modules[member];
                field(&mut hasher, m.name.as_bytes());
                field(&mut hasher, m.source.as_bytes());
                field(&mut hasher, file_hashes[member]?.as_bytes());
            }
            Some(hasher.finalize().to_hex().to_string())
        })
        .collect()
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

/// Union-find over module indices.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(count: usize) -> Groups {
        Groups {
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
