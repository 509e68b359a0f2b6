//! The call graph: which functions can re-enter themselves, and how much of
//! the call stack in `!stack` the deepest chain of calls needs.
//!
//! Functions on a cycle of calls (a strongly connected component with a
//! cycle) are recursive. Their values live in sprite variables shared by all
//! activations, so `function` saves them on the list `!locals` around every
//! call that can come back to the caller.

use crate::ir::{Callee, InstKind, Module};

/// Bytes of `!stack` set aside for the frames of recursive functions, whose
/// depth is not known at compile time: 16384 cells in the words layout.
// NOTE: a deeper recursion with stack-allocated locals writes past the
// preseeded items, where `replace item` does nothing; no check reports it.
pub const RECURSIVE_STACK_BYTES: i64 = 65536;

pub struct CallGraph {
    callees: Vec<Vec<usize>>,
    /// The strongly connected component of each function.
    component: Vec<usize>,
    /// Whether each function is on a cycle of calls.
    pub recursive: Vec<bool>,
}

impl CallGraph {
    pub fn build(module: &Module) -> CallGraph {
        let callees: Vec<Vec<usize>> = module
            .functions
            .iter()
            .map(|function| {
                let mut list: Vec<usize> = Vec::new();
                for inst in &function.instructions {
                    match &inst.kind {
                        InstKind::Call { callee: Callee::Defined(callee), .. } => list.push(*callee),
                        InstKind::Call { callee: Callee::Indirect(_), args } => {
                            list.extend(super::calls::indirect_candidates(module, args.len()))
                        }
                        _ => {}
                    }
                }
                list.sort_unstable();
                list.dedup();
                list
            })
            .collect();
        let component = strongly_connected_components(&callees);
        let recursive = (0..callees.len())
            .map(|node| {
                callees[node].contains(&node)
                    || (0..callees.len()).any(|other| other != node && component[other] == component[node])
            })
            .collect();
        CallGraph { callees, component, recursive }
    }

    /// Returns whether a call from `caller` to `callee` can lead back to `caller`.
    pub fn may_return_to(&self, caller: usize, callee: usize) -> bool {
        self.recursive[caller] && self.component[caller] == self.component[callee]
    }

    /// Returns the cells of call stack the deepest chain of frames needs:
    /// each function's frame, plus `RECURSIVE_STACK_BYTES` (in cells of
    /// `cell_bytes` bytes) for a recursive component in which some function
    /// has a frame.
    pub fn stack_cells(&self, frames: &[i64], cell_bytes: i64) -> i64 {
        let count = self.callees.len();
        let mut memo: Vec<Option<i64>> = vec![None; count];
        let reserve = RECURSIVE_STACK_BYTES / cell_bytes;
        (0..count).map(|node| self.depth(node, frames, reserve, &mut memo)).max().unwrap_or(0)
    }

    fn depth(&self, node: usize, frames: &[i64], reserve: i64, memo: &mut Vec<Option<i64>>) -> i64 {
        if let Some(depth) = memo[node] {
            return depth;
        }
        // Placeholder for calls back into this component while it is visited.
        memo[node] = Some(0);
        let own = if self.recursive[node] {
            let members = (0..frames.len()).filter(|&other| self.component[other] == self.component[node]);
            if members.clone().any(|member| frames[member] > 0) {
                reserve + members.map(|member| frames[member]).max().unwrap_or(0)
            } else {
                0
            }
        } else {
            frames[node]
        };
        let deepest = self.callees[node]
            .iter()
            .filter(|&&callee| self.component[callee] != self.component[node])
            .map(|&callee| self.depth(callee, frames, reserve, memo))
            .max()
            .unwrap_or(0);
        memo[node] = Some(own + deepest);
        own + deepest
    }
}

/// Tarjan's algorithm; returns a component number per node.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    struct State<'a> {
        edges: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next_index: usize,
        component: Vec<usize>,
        next_component: usize,
    }
    fn visit(state: &mut State, node: usize) {
        state.index[node] = Some(state.next_index);
        state.low[node] = state.next_index;
        state.next_index += 1;
        state.stack.push(node);
        state.on_stack[node] = true;
        for &next in &state.edges[node] {
            match state.index[next] {
                None => {
                    visit(state, next);
                    state.low[node] = state.low[node].min(state.low[next]);
                }
                Some(index) if state.on_stack[next] => state.low[node] = state.low[node].min(index),
                Some(_) => {}
            }
        }
        if Some(state.low[node]) == state.index[node] {
            loop {
                let member = state.stack.pop().expect("the node is on the stack");
                state.on_stack[member] = false;
                state.component[member] = state.next_component;
                if member == node {
                    break;
                }
            }
            state.next_component += 1;
        }
    }
    let count = edges.len();
    let mut state = State {
        edges,
        index: vec![None; count],
        low: vec![0; count],
        on_stack: vec![false; count],
        stack: Vec::new(),
        next_index: 0,
        component: vec![0; count],
        next_component: 0,
    };
    for node in 0..count {
        if state.index[node].is_none() {
            visit(&mut state, node);
        }
    }
    state.component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_cycles() {
        // 0 -> 1 -> 2 -> 1, 2 -> 3
        let component = strongly_connected_components(&[vec![1], vec![2], vec![1, 3], vec![]]);
        assert_eq!(component[1], component[2]);
        assert_ne!(component[0], component[1]);
        assert_ne!(component[3], component[1]);
    }
}
