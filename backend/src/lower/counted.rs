//! Counted loops: `repeat (n)` instead of `repeat until <done>`.
//!
//! ```text
//! header:  %i = phi i32 [ %start, %preheader ], [ %i.next, %latch ]
//!          ...
//! latch:   %i.next = add nsw i32 %i, 1
//!          %exit = icmp eq i32 %i.next, %n
//!          br i1 %exit, label %after, label %header
//! ```
//! becomes `repeat ((n - i) / 1) { ...; i = i.next }`: the trip count is known
//! when the loop is entered, so Scratch counts the iterations and no exit
//! test, `done` flag or `if` runs inside the loop.
//!
//! Accepted: the latch is the loop's only exiting block; it compares the
//! induction variable's next value `phi + step` (step a nonzero constant)
//! with a value defined outside the loop, by `eq`/`ne`, or by `slt`/`sgt` in
//! the direction of the step. A rotated loop runs its body at least once, so
//! the count is `(n - start) / step` for `eq`/`ne` and
//! `max(1, ceil((n - start) / step))` for the ordered compares.
//! Rejected: everything else, which keeps the general loop form; also loops
//! whose exit-edge phi moves read a header phi, because in the counted form
//! those moves run after the last back-edge moves.

use super::function::FunctionLowering;
use crate::ir::{BinaryOp, BlockId, Constant, InstKind, IntPredicate, Operand};
use crate::scratch::{ArithmeticOp as Op, CompareOp, Expr, MathFunction};

/// A loop `repeat` can run: its latch, exit block, and iteration count.
pub struct CountedLoop {
    pub latch: BlockId,
    pub exit: BlockId,
    pub trips: Expr,
}

fn constant(operand: &Operand) -> Option<i64> {
    match operand {
        Operand::Const(Constant::Int { value, .. }) => Some(*value),
        _ => None,
    }
}

impl<'a, 'm> FunctionLowering<'a, 'm> {
    /// Whether `operand` has the same value in every iteration of loop `lp`.
    fn is_invariant(&self, lp: usize, operand: &Operand) -> bool {
        match operand {
            Operand::Inst(id) => !self.loops.contains(lp, self.function.instructions[*id].block),
            _ => true,
        }
    }

    /// Recognizes a counted loop; see the module documentation.
    pub fn counted_loop(&mut self, lp: usize) -> Option<CountedLoop> {
        let function = self.function;
        let info = &self.loops.loops[lp];
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

        // Put the induction step on the left: `next <pred> bound`.
        let (mut predicate, next, bound) = if self.is_invariant(lp, rhs) {
            (*predicate, lhs, rhs)
        } else if self.is_invariant(lp, lhs) {
            (predicate.swapped(), rhs, lhs)
        } else {
            return None;
        };
        if !continue_on_true {
            predicate = predicate.negated();
        }
        let Operand::Inst(next) = next else { return None };
        let InstKind::Binary { op: BinaryOp::Add, lhs: Operand::Inst(phi), rhs: step, .. } =
            &function.instructions[*next].kind
        else {
            return None;
        };
        let step = constant(step)?;
        if step == 0 {
            return None;
        }
        let InstKind::Phi { incoming } = &function.instructions[*phi].kind else { return None };
        if function.instructions[*phi].block != header
            || !incoming.iter().any(|(value, block)| *block == latch && *value == Operand::Inst(*next))
        {
            return None;
        }

        // The exit moves must not read what the back-edge moves overwrite.
        let header_phis: Vec<usize> = function.blocks[header]
            .instructions
            .iter()
            .copied()
            .filter(|&id| matches!(function.instructions[id].kind, InstKind::Phi { .. }))
            .collect();
        for &id in &function.blocks[exit].instructions {
            let InstKind::Phi { incoming } = &function.instructions[id].kind else { break };
            for (value, block) in incoming {
                if *block == latch && matches!(value, Operand::Inst(read) if header_phis.contains(read)) {
                    return None;
                }
            }
        }

        // At loop entry the phi's variable holds the start value.
        let start = self.value(*phi).ok()?;
        let bound = self.operand(bound).ok()?;
        let distance = Expr::arithmetic(Op::Subtract, bound, start);
        let trips = match predicate {
            // Continue while next != bound: exactly (bound - start) / step.
            IntPredicate::Ne => Expr::arithmetic(Op::Divide, distance, Expr::number(step as f64)),
            // Continue while next < bound (step > 0) or next > bound (step < 0).
            IntPredicate::Slt if step > 0 => at_least_one(ceiling_divide(distance, step)),
            IntPredicate::Sgt if step < 0 => at_least_one(ceiling_divide(distance, step)),
            _ => return None,
        };
        Some(CountedLoop { latch, exit, trips })
    }
}

fn ceiling_divide(distance: Expr, step: i64) -> Expr {
    Expr::math(MathFunction::Ceiling, Expr::arithmetic(Op::Divide, distance, Expr::number(step as f64)))
}

/// `max(1, n)` for the count of a do-while loop: `n + (n < 1) · (1 - n)`.
fn at_least_one(count: Expr) -> Expr {
    let below = Expr::compare(CompareOp::Lt, count.clone(), Expr::number(1.0));
    let missing = Expr::arithmetic(Op::Subtract, Expr::number(1.0), count.clone());
    Expr::arithmetic(Op::Add, count, Expr::arithmetic(Op::Multiply, below, missing))
}
