//! Which modules name something their spec deprecates: their files then
//! allow the uses, which derives, checks and constructors cannot avoid.

use crate::ir::{Encoding, ModuleId, Program, TypeKind, TypeRef};

/// Sets [`crate::ir::Module::names_deprecated`] of every module.
pub fn mark_deprecated_uses(program: &mut Program) {
    let marks: Vec<bool> = (0..program.modules.len())
        .map(|i| names_deprecated(program, ModuleId(i)))
        .collect();
    for (module, mark) in program.modules.iter_mut().zip(marks) {
        module.names_deprecated = mark;
    }
}

/// An operation, parameter, webhook or multipart part of the module's own,
/// or a type or field of a type it declares or reaches.
fn names_deprecated(program: &Program, module: ModuleId) -> bool {
    let own = program.module(module);
    let bodies = || {
        let requests = own.operations.iter().filter_map(|op| op.request_body.as_ref());
        let responses = own
            .operations
            .iter()
            .flat_map(|op| &op.responses)
            .filter_map(|r| r.body.as_ref());
        let webhooks = own.webhooks.iter().filter_map(|w| w.body.as_ref());
        requests.chain(responses).chain(webhooks)
    };
    let parts = bodies().flat_map(|body| match &body.encoding {
        Encoding::Multipart(multipart) => multipart.parts.as_slice(),
        _ => &[],
    });
    let operations = own.operations.iter().map(|op| &op.docs);
    let parameters = own.operations.iter().flat_map(|op| &op.parameters).map(|p| &p.docs);
    let webhooks = own.webhooks.iter().map(|w| &w.docs);
    let declared = operations
        .chain(parameters)
        .chain(webhooks)
        .chain(parts.map(|part| &part.docs))
        .any(|docs| docs.deprecated);
    if declared {
        return true;
    }
    let named: Vec<TypeRef> = program.types_of(module).map(|def| TypeRef::Named(def.id)).collect();
    let parameter_types = own.operations.iter().flat_map(|op| &op.parameters).map(|p| &p.ty);
    let body_types = bodies().filter_map(|body| body.ty.as_ref());
    let roots = named.iter().chain(parameter_types).chain(body_types);
    program.reachable(roots).into_iter().any(|id| {
        let def = program.type_def(id);
        def.docs.deprecated || matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.docs.deprecated))
    })
}
