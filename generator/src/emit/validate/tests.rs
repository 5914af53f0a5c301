//! The predicates that decide which types are checked against the tokens
//! they predict, on every spec the repository holds.

use super::*;
use crate::emit::layout::testing::repository_programs;

/// Every type reference a type's checks are built from, with its constraints.
fn checked_refs(def: &TypeDef) -> Vec<(&TypeRef, Constraints)> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (&f.ty, (*f.constraints).clone()))
            .chain(s.additional.iter().map(|a| (&a.value, Constraints::default())))
            .collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| (&v.ty, Constraints::default())).collect(),
        TypeKind::Enum(_) | TypeKind::Alias(_) => Vec::new(),
    }
}

#[test]
fn predicates_agree_with_the_checks_they_predict() {
    let (mut refs, mut checking) = (0, 0);
    for (dir, program) in repository_programs() {
        let validated = Validated::new(&program);
        for def in &program.types {
            for (ty, constraints) in checked_refs(def) {
                let tokens = value_checks(
                    &program,
                    ty,
                    &constraints,
                    quote! { value },
                    quote! { path },
                    &validated,
                );
                let predicted = checks_anything(&program, ty, &constraints, &validated);
                assert_eq!(
                    predicted,
                    !tokens.is_empty(),
                    "{}: a field of `{}`",
                    dir.display(),
                    def.name
                );
                refs += 1;
                checking += usize::from(predicted);
            }
            assert_eq!(
                impl_checks_anything(&program, def, &validated),
                !impl_body(&program, def, &validated).is_empty(),
                "{}: `{}`",
                dir.display(),
                def.name
            );
        }
    }
    // Both answers are common enough for the comparison to mean something.
    assert!(
        checking > 10 && refs - checking > 10,
        "{checking} of {refs} references check something"
    );
}

#[test]
fn checked_types_are_those_whose_checks_are_not_empty() {
    for (dir, program) in repository_programs() {
        let validated = Validated::new(&program);
        for id in &validated.impls {
            let def = program.type_def(*id);
            let body = impl_body(&program, def, &validated);
            assert_eq!(
                validated.checked.contains(id),
                !body.is_empty(),
                "{}: `{}`",
                dir.display(),
                def.name
            );
        }
    }
}
