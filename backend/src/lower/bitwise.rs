//! `and`, `or` and `xor` on 32-bit values.
//!
//! Masks with a constant of the form 2^k - 1 or -2^k are a single `mod`, and
//! other masks of one run of set bits are two (see `integer`). `xor -1` is
//! `-1 - a`. Everything else calls the runtime
//! procedure `!and32`, which combines the operands four bits at a time through
//! a 256-item table, and derives `or` and `xor` from `and`.

use super::function::FunctionLowering;
use super::integer;
use crate::ir::{BinaryOp, Constant, InstKind, Operand};
use crate::scratch::{ArithmeticOp as Op, Expr, Stmt};

fn mask_constant(operand: &Operand) -> Option<i64> {
    match operand {
        Operand::Const(Constant::Int { value, .. }) => Some(*value),
        _ => None,
    }
}

/// Returns whether the instruction has a reporter form without a procedure call.
pub fn is_inline(kind: &InstKind) -> bool {
    let InstKind::Binary { op, rhs, .. } = kind else { return false };
    let bits = 32;
    match (op, mask_constant(rhs)) {
        (BinaryOp::And, Some(mask)) => {
            integer::low_mask_width(mask, bits).is_some()
                || integer::clear_low_width(mask, bits).is_some()
                || integer::bit_range(mask, bits).is_some()
        }
        (BinaryOp::Xor, Some(-1)) => true,
        _ => false,
    }
}

/// Returns the reporter form of a bitwise operation, when `is_inline` is true.
pub fn inline(op: BinaryOp, lhs: Expr, rhs: &Operand, bits: u32) -> Option<Expr> {
    let mask = mask_constant(rhs)?;
    match op {
        BinaryOp::And => {
            if let Some(width) = integer::low_mask_width(mask, bits) {
                return Some(integer::and_low_mask(lhs, width, bits));
            }
            if let Some(width) = integer::clear_low_width(mask, bits) {
                return Some(integer::and_clear_low(lhs, width));
            }
            integer::bit_range(mask, bits).map(|(low, high)| integer::and_bit_range(lhs, low, high))
        }
        // ~a = -1 - a in the signed view, which stays in range.
        BinaryOp::Xor if mask == -1 => Some(Expr::arithmetic(Op::Subtract, Expr::Number(-1.0), lhs)),
        _ => None,
    }
}

/// Calls `!and32` on the unsigned views and returns the result's reporter.
pub fn general(lowering: &mut FunctionLowering, op: BinaryOp, lhs: Expr, rhs: Expr, bits: u32, out: &mut Vec<Stmt>) -> Expr {
    let a = integer::unsigned_view(lhs, bits);
    let b = integer::unsigned_view(rhs, bits);
    let procedure = lowering.module.and_procedure();
    out.push(Stmt::CallProcedure(procedure, vec![a.clone(), b.clone()]));
    let and = Expr::Variable(lowering.module.runtime.ret);
    match op {
        BinaryOp::And => integer::wrap_signed(and, bits),
        BinaryOp::Or => integer::or_from_and(a, b, and, bits),
        _ => integer::xor_from_and(a, b, and, bits),
    }
}
