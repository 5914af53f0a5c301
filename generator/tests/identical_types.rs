//! One type per concept: after lowering, no module holds two types of the
//! same shape unless both are component schemas the spec names.

use std::collections::BTreeMap;
use std::path::Path;

use generator::ir::{Program, TypeKind};

fn lowered(dir: &Path) -> Program {
    let set = generator::load::SpecSet::load_dir(dir).unwrap_or_else(|e| panic!("{e}"));
    generator::lower::lower(&set).unwrap_or_else(|e| panic!("{e}"))
}

/// Groups of types with one shape that the rules should have made one.
fn mergeable(program: &Program) -> Vec<Vec<String>> {
    let mut by_shape: BTreeMap<(usize, String), Vec<(String, bool)>> = BTreeMap::new();
    for def in &program.types {
        let mut kind = def.kind.clone();
        if let TypeKind::Struct(s) = &mut kind {
            for field in &mut s.fields {
                field.docs = Default::default();
                field.boxed = false;
            }
        }
        if let TypeKind::Union(u) = &mut kind {
            for variant in &mut u.variants {
                variant.boxed = false;
            }
        }
        let pointer = def.origin.split_once('#').map(|(_, p)| p).unwrap_or_default();
        let component = pointer
            .strip_prefix("/components/schemas/")
            .is_some_and(|name| !name.contains('/'));
        let key = format!("{kind:?}{:?}", def.constraints);
        by_shape
            .entry((def.module.0, key))
            .or_default()
            .push((def.name.clone(), component));
    }
    by_shape
        .into_values()
        .filter(|group| group.len() > 1 && group.iter().any(|(_, component)| !component))
        .map(|group| group.into_iter().map(|(name, _)| name).collect())
        .collect()
}

#[test]
fn no_two_types_of_one_shape_remain() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [root.join("../specs"), root.join("tests/corpus/edge_cases")] {
        let groups = mergeable(&lowered(&dir));
        assert!(groups.is_empty(), "{}: identical types left: {groups:?}", dir.display());
    }
}

#[test]
fn identical_inline_enums_become_one_type() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let program = lowered(&root);
    let vis = program.modules.iter().find(|m| m.name == "vis").expect("vis module");
    let names: Vec<&str> = program.types_of(vis.id).map(|t| t.name.as_str()).collect();
    // `Call.state`, `Event.state` and the `states` filter of `listEvents` are one enum.
    assert!(names.contains(&"CallState"), "{names:?}");
    for gone in ["EventState", "ListEventsStatesItem", "ListCallsDirectionItem"] {
        assert!(!names.contains(&gone), "{gone} in {names:?}");
    }
    let merged: Vec<_> = program
        .warnings
        .iter()
        .filter(|w| w.kind == generator::WarningKind::Merged && w.message.contains("one type `CallState`"))
        .collect();
    assert_eq!(merged.len(), 1, "{:#?}", program.warnings);
}
