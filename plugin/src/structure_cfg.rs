//! Checks that control flow has the structured shape the backend writes as
//! Scratch `repeat until` and `if`/`if else` blocks.
//!
//! ```llvm
//! ; before                                         ; after
//! switch i32 %x, label %d [ i32 0, label %a ]      %c = icmp eq i32 %x, 0
//!                                                  br i1 %c, label %a, label %d
//! ```
//!
//! LLVM's own transforms do the restructuring (`cpp/registration.cpp` runs
//! them in this order): `scalarizer` (no vector values), `lower-switch`,
//! `fix-irreducible` (every loop gets one header), `unify-loop-exits` (every
//! loop leaves through one block), `loop-simplify` (a preheader, one latch,
//! dedicated exits) and `lcssa`.
//!
//! This pass proves the result on every defined function. There is no
//! `switch`, `indirectbr`, `invoke`, `callbr`, `landingpad` or `resume`, and
//! no vector value. The CFG is reducible: every retreating edge of a
//! depth-first search goes to a block that dominates its source. Every
//! natural loop has a preheader, exactly one latch, and at most one exit
//! block, whose predecessors are all in the loop. A function that breaks any
//! of these is rejected with an error naming it. LCSSA form is not
//! re-checked.

use std::collections::{HashMap, HashSet};

use inkwell::module::Module;
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMOpcode, LLVMTypeKind};

use crate::diagnostics::PassError;
use crate::ir;

pub fn check(module: &Module) -> Result<(), Vec<PassError>> {
    let mut errors = Vec::new();
    for function in ir::defined_functions(module.as_mut_ptr()) {
        check_instructions(function, &mut errors);
        if let Err(error) = check_loops(function) {
            errors.push(error);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_instructions(function: LLVMValueRef, errors: &mut Vec<PassError>) {
    for instruction in ir::function_instructions(function) {
        let rejected = match ir::opcode(instruction) {
            LLVMOpcode::LLVMSwitch => Some("switch was not lowered"),
            LLVMOpcode::LLVMIndirectBr => {
                Some("indirect branches (computed goto) are not supported")
            }
            LLVMOpcode::LLVMInvoke
            | LLVMOpcode::LLVMLandingPad
            | LLVMOpcode::LLVMResume
            | LLVMOpcode::LLVMCatchSwitch
            | LLVMOpcode::LLVMCatchPad
            | LLVMOpcode::LLVMCleanupPad => Some("exception handling is not supported"),
            LLVMOpcode::LLVMCallBr => Some("asm goto is not supported"),
            _ if has_vector_value(instruction) => Some("vector values are not supported"),
            _ => None,
        };
        if let Some(problem) = rejected {
            errors.push(PassError::at_instruction(instruction, problem));
        }
    }
}

fn has_vector_value(instruction: LLVMValueRef) -> bool {
    let is_vector = |value: LLVMValueRef| {
        let kind = unsafe { LLVMGetTypeKind(LLVMTypeOf(value)) };
        matches!(
            kind,
            LLVMTypeKind::LLVMVectorTypeKind | LLVMTypeKind::LLVMScalableVectorTypeKind
        )
    };
    is_vector(instruction)
        || (0..ir::operand_count(instruction)).any(|i| is_vector(ir::operand(instruction, i)))
}

/// The CFG of one function, with blocks numbered in reverse postorder from
/// the entry. Unreachable blocks are left out.
struct Cfg {
    blocks: Vec<LLVMBasicBlockRef>,
    successors: Vec<Vec<usize>>,
    predecessors: Vec<Vec<usize>>,
    /// Edges (source, target) whose target is on the depth-first search stack.
    retreating_edges: Vec<(usize, usize)>,
}

impl Cfg {
    fn new(function: LLVMValueRef) -> Cfg {
        let entry = unsafe { LLVMGetEntryBasicBlock(function) };

        // Iterative depth-first search that records postorder and the edges
        // to blocks still on the stack.
        let mut postorder = Vec::new();
        let mut retreating = Vec::new();
        let mut on_stack = HashSet::new();
        let mut visited = HashSet::from([entry]);
        let mut stack = vec![(entry, ir::successors(entry), 0)];
        on_stack.insert(entry);
        while let Some((block, successors, next)) = stack.last_mut() {
            if let Some(&successor) = successors.get(*next) {
                *next += 1;
                let source = *block;
                if on_stack.contains(&successor) {
                    retreating.push((source, successor));
                } else if visited.insert(successor) {
                    on_stack.insert(successor);
                    stack.push((successor, ir::successors(successor), 0));
                }
            } else {
                on_stack.remove(block);
                postorder.push(*block);
                stack.pop();
            }
        }

        let blocks: Vec<LLVMBasicBlockRef> = postorder.into_iter().rev().collect();
        let number: HashMap<LLVMBasicBlockRef, usize> =
            blocks.iter().enumerate().map(|(i, &b)| (b, i)).collect();
        let mut successors = vec![Vec::new(); blocks.len()];
        let mut predecessors = vec![Vec::new(); blocks.len()];
        for (i, &block) in blocks.iter().enumerate() {
            for successor in ir::successors(block) {
                let j = number[&successor];
                if !successors[i].contains(&j) {
                    successors[i].push(j);
                    predecessors[j].push(i);
                }
            }
        }
        let retreating_edges = retreating
            .into_iter()
            .map(|(s, t)| (number[&s], number[&t]))
            .collect();
        Cfg {
            blocks,
            successors,
            predecessors,
            retreating_edges,
        }
    }

    /// Computes immediate dominators with the iterative algorithm of Cooper,
    /// Harvey and Kennedy ("A Simple, Fast Dominance Algorithm", 2001) over
    /// the reverse postorder numbering.
    fn immediate_dominators(&self) -> Vec<usize> {
        const UNDEFINED: usize = usize::MAX;
        let mut idom = vec![UNDEFINED; self.blocks.len()];
        idom[0] = 0;
        let intersect = |idom: &[usize], mut a: usize, mut b: usize| {
            while a != b {
                while a > b {
                    a = idom[a];
                }
                while b > a {
                    b = idom[b];
                }
            }
            a
        };
        let mut changed = true;
        while changed {
            changed = false;
            for block in 1..self.blocks.len() {
                let mut new_idom = UNDEFINED;
                for &predecessor in &self.predecessors[block] {
                    if idom[predecessor] == UNDEFINED {
                        continue;
                    }
                    new_idom = if new_idom == UNDEFINED {
                        predecessor
                    } else {
                        intersect(&idom, predecessor, new_idom)
                    };
                }
                if idom[block] != new_idom {
                    idom[block] = new_idom;
                    changed = true;
                }
            }
        }
        idom
    }
}

fn dominates(idom: &[usize], dominator: usize, mut block: usize) -> bool {
    loop {
        if block == dominator {
            return true;
        }
        if block == 0 {
            return false;
        }
        block = idom[block];
    }
}

fn check_loops(function: LLVMValueRef) -> Result<(), PassError> {
    if unsafe { LLVMCountBasicBlocks(function) } == 0 {
        return Ok(());
    }
    let cfg = Cfg::new(function);
    let idom = cfg.immediate_dominators();
    let name = |block: usize| ir::describe_block(cfg.blocks[block]);

    // Reducible: every retreating edge is a back edge to a dominator.
    let mut latches: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(source, header) in &cfg.retreating_edges {
        if !dominates(&idom, header, source) {
            return Err(PassError::in_function(
                function,
                format!(
                    "irreducible control flow: the cycle through {} and {} has more than one entry",
                    name(header),
                    name(source)
                ),
            ));
        }
        let header_latches = latches.entry(header).or_default();
        if !header_latches.contains(&source) {
            header_latches.push(source);
        }
    }

    let mut headers: Vec<usize> = latches.keys().copied().collect();
    headers.sort_unstable();
    for header in headers {
        let loop_latches = &latches[&header];
        if loop_latches.len() != 1 {
            return Err(PassError::in_function(
                function,
                format!(
                    "loop with header {} has {} latches instead of one",
                    name(header),
                    loop_latches.len()
                ),
            ));
        }

        // The natural loop: the header and every block reaching the latch
        // backwards without passing the header.
        let mut body = HashSet::from([header]);
        let mut work = loop_latches.clone();
        while let Some(block) = work.pop() {
            if body.insert(block) {
                work.extend(cfg.predecessors[block].iter().copied());
            }
        }

        let outside_predecessors: Vec<usize> = cfg.predecessors[header]
            .iter()
            .copied()
            .filter(|p| !body.contains(p))
            .collect();
        let has_preheader = matches!(outside_predecessors.as_slice(), [preheader] if cfg.successors[*preheader] == [header]);
        if !has_preheader {
            return Err(PassError::in_function(
                function,
                format!("loop with header {} has no preheader", name(header)),
            ));
        }

        let mut exits: Vec<usize> = body
            .iter()
            .flat_map(|&block| cfg.successors[block].iter().copied())
            .filter(|successor| !body.contains(successor))
            .collect();
        exits.sort_unstable();
        exits.dedup();
        if exits.len() > 1 {
            return Err(PassError::in_function(
                function,
                format!(
                    "loop with header {} has {} exit blocks instead of one",
                    name(header),
                    exits.len()
                ),
            ));
        }
        if let Some(&exit) = exits.first() {
            if cfg.predecessors[exit].iter().any(|p| !body.contains(p)) {
                return Err(PassError::in_function(
                    function,
                    format!(
                        "exit block {} of the loop with header {} is not dedicated to the loop",
                        name(exit),
                        name(header)
                    ),
                ));
            }
        }
    }
    Ok(())
}
