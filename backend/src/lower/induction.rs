//! The induction variable a loop's latch tests.
//!
//! ```text
//! header:  %i = phi i32 [ %start, %preheader ], [ %i.next, %latch ]
//! latch:   %i.next = add i32 %i, <step>
//!          %go = icmp slt i32 %i.next, %bound       ; or tests %i itself
//!          br i1 %go, label %header, label %exit
//! ```
//! `ranges` uses it to bound `%i`, and `counted` to run the loop as
//! `repeat (n)`. Recognized loops have one latch, which is also the only
//! exiting block, a constant nonzero step and a loop-invariant bound. The
//! condition to continue is `ne`, `slt`/`ult` counting up, or `sgt`/`ugt`
//! counting down, on the phi or on its next value. `ult`/`ugt` count only
//! where the ranges show both sides non-negative, so that they order like
//! the signed compares.

use crate::ir::{BinaryOp, BlockId, Constant, Function, InstId, InstKind, IntPredicate, Operand};

use super::cfg::Loops;

pub struct Induction {
    pub phi: InstId,
    pub step: i64,
    pub start: Operand,
    pub bound: Operand,
    /// The condition to continue, with the tested value on the left.
    pub predicate: IntPredicate,
    /// Whether the latch tests the phi (the value before the step) rather
    /// than the next value.
    pub tests_phi: bool,
    pub latch: BlockId,
    pub exit: BlockId,
}

/// Finds the induction variable that decides when loop `lp` ends.
pub fn latch_induction(function: &Function, loops: &Loops, lp: usize) -> Option<Induction> {
    let info = &loops.loops[lp];
    let header = info.header;
    let [exit] = info.exits[..] else { return None };
    let latches: Vec<BlockId> =
        info.blocks.iter().copied().filter(|&block| function.successors(block).contains(&header)).collect();
    let [latch] = latches[..] else { return None };
    let exiting = info
        .blocks
        .iter()
        .filter(|&&block| function.successors(block).iter().any(|successor| !info.blocks.contains(successor)))
        .count();
    if exiting != 1 {
        return None;
    }

    let InstKind::CondBr { condition: Operand::Inst(compare), if_true, if_false } =
        &function.instructions[function.blocks[latch].terminator()].kind
    else {
        return None;
    };
    let continue_on_true = match (*if_true == header, *if_false == header) {
        (true, false) if *if_false == exit => true,
        (false, true) if *if_true == exit => false,
        _ => return None,
    };
    let InstKind::ICmp { predicate, lhs, rhs } = &function.instructions[*compare].kind else { return None };
    let invariant = |operand: &Operand| match operand {
        Operand::Inst(id) => !info.blocks.contains(&function.instructions[*id].block),
        _ => true,
    };
    let (predicate, tested, bound) = if invariant(rhs) {
        (*predicate, lhs, rhs)
    } else if invariant(lhs) {
        (predicate.swapped(), rhs, lhs)
    } else {
        return None;
    };
    let predicate = if continue_on_true { predicate } else { predicate.negated() };
    let Operand::Inst(tested) = tested else { return None };

    // The tested value is the phi or its next value `phi + step`.
    let (phi, next, tests_phi) = match &function.instructions[*tested].kind {
        InstKind::Phi { .. } => {
            let InstKind::Phi { incoming } = &function.instructions[*tested].kind else { unreachable!() };
            let (Operand::Inst(next), _) = incoming.iter().find(|(_, block)| *block == latch)? else { return None };
            (*tested, *next, true)
        }
        InstKind::Binary { op: BinaryOp::Add, lhs: Operand::Inst(phi), .. } => (*phi, *tested, false),
        _ => return None,
    };
    let InstKind::Binary { op: BinaryOp::Add, lhs: Operand::Inst(base), rhs: Operand::Const(Constant::Int { value: step, .. }), .. } =
        &function.instructions[next].kind
    else {
        return None;
    };
    let InstKind::Phi { incoming } = &function.instructions[phi].kind else { return None };
    if *base != phi || *step == 0 || function.instructions[phi].block != header || incoming.len() != 2 {
        return None;
    }
    if !incoming.iter().any(|(value, block)| *block == latch && *value == Operand::Inst(next)) {
        return None;
    }
    let (start, _) = incoming.iter().find(|(_, block)| *block != latch)?;
    Some(Induction {
        phi,
        step: *step,
        start: start.clone(),
        bound: bound.clone(),
        predicate,
        tests_phi,
        latch,
        exit,
    })
}
