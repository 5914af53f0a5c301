//! Recursive types: a struct or enum that contains itself, directly or
//! through others, needs a `Box` somewhere on the cycle to have a size.
//!
//! Edges through `Vec` and maps already live on the heap, so only direct
//! containment counts. Every direct edge inside a strongly connected
//! component is boxed.

use crate::ir::{Program, TypeId, TypeKind, TypeRef};

pub fn box_cycles(program: &mut Program) {
    let graph: Vec<Vec<usize>> = program.types.iter().map(|t| direct_edges(&t.kind)).collect();
    let component = strongly_connected(&graph);
    let in_cycle = |from: usize, ty: &TypeRef| match direct_target(ty) {
        Some(to) => component[from] == component[to.0] && (from != to.0 || graph[from].contains(&from)),
        None => false,
    };
    for index in 0..program.types.len() {
        match &mut program.types[index].kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = in_cycle(index, &field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = in_cycle(index, &variant.ty);
                }
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

/// The named type a field holds inline, if any.
fn direct_target(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) => direct_target(inner),
        _ => None,
    }
}

fn direct_edges(kind: &TypeKind) -> Vec<usize> {
    let targets: Vec<Option<TypeId>> = match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| direct_target(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| direct_target(&v.ty)).collect(),
        TypeKind::Alias(ty) => vec![direct_target(ty)],
        TypeKind::Enum(_) => Vec::new(),
    };
    targets.into_iter().flatten().map(|id| id.0).collect()
}

/// Tarjan's algorithm, iterative so that deep specs cannot overflow the stack.
/// Returns the component index of every node.
fn strongly_connected(graph: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = graph.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNVISITED; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNVISITED {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&to) = graph[node].get(*edge) {
                *edge += 1;
                if index[to] == UNVISITED {
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_cycles_only() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 is not part of it; 4 -> 4 is a self-loop.
        let graph = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let c = strongly_connected(&graph);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[3]);
    }
}
