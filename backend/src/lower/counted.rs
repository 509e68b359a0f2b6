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
//! Accepted: the loops `induction::latch_induction` recognizes. A rotated
//! loop runs its body at least once. When the latch tests the next value,
//! the count is `(n - start) / step` for `ne` and
//! `max(1, ceil((n - start) / step))` for the ordered compares. When it tests
//! the phi, the count is one more (with `max(0, ...)` for the ordered ones).
//! Rejected: everything else, which keeps the general loop form; also loops
//! whose exit-edge phi moves read a header phi, because in the counted form
//! those moves run after the last back-edge moves.
// NOTE: for `ne` the count assumes the loop reaches its bound without
// counting through all 2^32 values; a loop entered past its bound runs 0
// times here instead of about 4 billion.

use super::function::FunctionLowering;
use super::induction::latch_induction;
use crate::ir::{BlockId, InstKind, IntPredicate, Operand};
use crate::scratch::{ArithmeticOp as Op, CompareOp, Expr, MathFunction};

/// A loop `repeat` can run: its latch, exit block, and iteration count.
pub struct CountedLoop {
    pub latch: BlockId,
    pub exit: BlockId,
    pub trips: Expr,
}

impl<'a, 'm> FunctionLowering<'a, 'm> {
    /// Recognizes a counted loop; see the module documentation.
    pub fn counted_loop(&mut self, lp: usize) -> Option<CountedLoop> {
        let function = self.function;
        let induction = latch_induction(function, &self.loops, lp)?;
        let header = self.loops.loops[lp].header;

        // The exit moves must not read what the back-edge moves overwrite.
        let header_phis: Vec<usize> = function.blocks[header]
            .instructions
            .iter()
            .copied()
            .filter(|&id| matches!(function.instructions[id].kind, InstKind::Phi { .. }))
            .collect();
        for &id in &function.blocks[induction.exit].instructions {
            let InstKind::Phi { incoming } = &function.instructions[id].kind else { break };
            for (value, block) in incoming {
                if *block == induction.latch && matches!(value, Operand::Inst(read) if header_phis.contains(read)) {
                    return None;
                }
            }
        }

        let non_negative = self.range(&induction.start).is_non_negative() && self.range(&induction.bound).is_non_negative();
        let predicate = ordered_signed(induction.predicate, non_negative);
        let step = induction.step;

        // At loop entry the phi's variable contains the start value.
        let start = self.value(induction.phi).ok()?;
        let bound = self.operand(&induction.bound).ok()?;
        let distance = Expr::arithmetic(Op::Subtract, bound, start);
        let quotient = Expr::arithmetic(Op::Divide, distance, Expr::number(step as f64));
        let counts_up = step > 0;
        let trips = match (predicate, induction.tests_phi) {
            // Continue while next != bound: exactly (bound - start) / step.
            (IntPredicate::Ne, false) => quotient,
            (IntPredicate::Ne, true) => Expr::arithmetic(Op::Add, quotient, Expr::number(1.0)),
            // Continue while next < bound counting up, or next > bound
            // counting down: the body runs once more than the steps taken.
            (IntPredicate::Slt, false) if counts_up => at_least_one(Expr::math(MathFunction::Ceiling, quotient)),
            (IntPredicate::Sgt, false) if !counts_up => at_least_one(Expr::math(MathFunction::Ceiling, quotient)),
            (IntPredicate::Slt, true) if counts_up => one_more(Expr::math(MathFunction::Ceiling, quotient)),
            (IntPredicate::Sgt, true) if !counts_up => one_more(Expr::math(MathFunction::Ceiling, quotient)),
            _ => return None,
        };
        Some(CountedLoop { latch: induction.latch, exit: induction.exit, trips })
    }
}

/// `ult`/`ugt` as `slt`/`sgt` when both sides are known non-negative.
pub fn ordered_signed(predicate: IntPredicate, non_negative: bool) -> IntPredicate {
    match predicate {
        IntPredicate::Ult if non_negative => IntPredicate::Slt,
        IntPredicate::Ugt if non_negative => IntPredicate::Sgt,
        other => other,
    }
}

/// `max(1, n)`, written `1 + (n - 1) · (n > 1)` because Scratch has no max.
fn at_least_one(count: Expr) -> Expr {
    let excess = Expr::arithmetic(Op::Subtract, count, Expr::number(1.0));
    let positive = Expr::compare(CompareOp::Gt, excess.clone(), Expr::number(0.0));
    Expr::arithmetic(Op::Add, Expr::number(1.0), Expr::arithmetic(Op::Multiply, excess, positive))
}

/// `max(0, n) + 1`, written `n · (n > 0) + 1`.
fn one_more(count: Expr) -> Expr {
    let positive = Expr::compare(CompareOp::Gt, count.clone(), Expr::number(0.0));
    Expr::arithmetic(Op::Add, Expr::arithmetic(Op::Multiply, count, positive), Expr::number(1.0))
}
