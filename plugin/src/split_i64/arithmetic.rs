//! Integer arithmetic, bitwise operations, shifts and compares on pairs of
//! 32-bit halves. Every function builds i32 instructions only, at the
//! builder's position, and returns the halves or the i1 result.

use llvm_sys::prelude::*;
use llvm_sys::{LLVMIntPredicate, LLVMOpcode};

use super::{constant_u32, Pair};
use crate::ir::{self, Builder};

/// Splits `add sub mul and or xor shl lshr ashr` on i64.
pub(super) fn split(builder: &Builder, opcode: LLVMOpcode, a: Pair, b: Pair) -> Pair {
    match opcode {
        LLVMOpcode::LLVMAdd => add(builder, a, b),
        LLVMOpcode::LLVMSub => sub(builder, a, b),
        LLVMOpcode::LLVMMul => multiply(builder, a, b),
        LLVMOpcode::LLVMAnd | LLVMOpcode::LLVMOr | LLVMOpcode::LLVMXor => Pair {
            low: builder.binary(opcode, a.low, b.low),
            high: builder.binary(opcode, a.high, b.high),
        },
        LLVMOpcode::LLVMShl | LLVMOpcode::LLVMLShr | LLVMOpcode::LLVMAShr => {
            shift(builder, opcode, a, b)
        }
        _ => unreachable!("{opcode:?} is not an arithmetic opcode"),
    }
}

fn int32_constant(like: LLVMValueRef, value: u32) -> LLVMValueRef {
    ir::const_int(ir::type_of(like), value as u64)
}

fn zext_bit(builder: &Builder, bit: LLVMValueRef, like: LLVMValueRef) -> LLVMValueRef {
    builder.cast(LLVMOpcode::LLVMZExt, bit, ir::type_of(like))
}

/// Adds pairs: `lo = a.lo + b.lo`. The low sum wrapped exactly when it is
/// below an addend, which carries 1 into `hi = a.hi + b.hi + carry`.
pub(super) fn add(builder: &Builder, a: Pair, b: Pair) -> Pair {
    let low = builder.add(a.low, b.low);
    let carry = builder.icmp(LLVMIntPredicate::LLVMIntULT, low, a.low);
    let high = builder.add(
        builder.add(a.high, b.high),
        zext_bit(builder, carry, low),
    );
    Pair { low, high }
}

/// Subtracts pairs: `lo = a.lo - b.lo`, borrowing 1 from
/// `hi = a.hi - b.hi - borrow` when `a.lo <u b.lo`.
pub(super) fn sub(builder: &Builder, a: Pair, b: Pair) -> Pair {
    let low = builder.sub(a.low, b.low);
    let borrow = builder.icmp(LLVMIntPredicate::LLVMIntULT, a.low, b.low);
    let high = builder.sub(
        builder.sub(a.high, b.high),
        zext_bit(builder, borrow, low),
    );
    Pair { low, high }
}

/// Negates a pair: `lo = -a.lo`, and `hi = -a.hi - 1` unless `a.lo` is 0.
pub(super) fn negate(builder: &Builder, a: Pair) -> Pair {
    let zero = int32_constant(a.low, 0);
    let low = builder.sub(zero, a.low);
    let borrow = builder.icmp(LLVMIntPredicate::LLVMIntNE, a.low, zero);
    let high = builder.sub(
        builder.sub(zero, a.high),
        zext_bit(builder, borrow, low),
    );
    Pair { low, high }
}

/// Selects between two pairs.
pub(super) fn select(builder: &Builder, condition: LLVMValueRef, then: Pair, otherwise: Pair) -> Pair {
    Pair {
        low: builder.select(condition, then.low, otherwise.low),
        high: builder.select(condition, then.high, otherwise.high),
    }
}

/// Multiplies pairs, keeping the low 64 bits. With `a = a.hi * 2^32 + a.lo`
/// and the same for b, the term `a.hi * b.hi * 2^64` and the high words of
/// the cross products fall outside 64 bits, so modulo 2^32
/// `hi = mulhu(a.lo, b.lo) + a.lo * b.hi + a.hi * b.lo` and
/// `lo = a.lo * b.lo`.
pub(super) fn multiply(builder: &Builder, a: Pair, b: Pair) -> Pair {
    let low = builder.mul(a.low, b.low);
    let cross = builder.add(builder.mul(a.low, b.high), builder.mul(a.high, b.low));
    let high = builder.add(multiply_high(builder, a.low, b.low), cross);
    Pair { low, high }
}

/// Returns the high word of the 64-bit product of two unsigned 32-bit
/// values, from 16-bit pieces `x = x1 * 2^16 + x0` and
/// `y = y1 * 2^16 + y0`, whose products are below 2^32:
///
/// `x * y = p11 * 2^32 + (p01 + p10) * 2^16 + p00`, so with
/// `middle = (p00 >> 16) + (p01 & 0xffff) + (p10 & 0xffff)` (below 2^18),
/// the high word is `p11 + (p01 >> 16) + (p10 >> 16) + (middle >> 16)`.
fn multiply_high(builder: &Builder, x: LLVMValueRef, y: LLVMValueRef) -> LLVMValueRef {
    let c = |value| int32_constant(x, value);
    let low_piece = |value| builder.and(value, c(0xffff));
    let high_piece = |value| builder.lshr(value, c(16));

    let (x0, x1) = (low_piece(x), high_piece(x));
    let (y0, y1) = (low_piece(y), high_piece(y));
    let p00 = builder.mul(x0, y0);
    let p01 = builder.mul(x0, y1);
    let p10 = builder.mul(x1, y0);
    let p11 = builder.mul(x1, y1);

    let middle = builder.add(
        builder.add(high_piece(p00), low_piece(p01)),
        low_piece(p10),
    );
    builder.add(
        builder.add(p11, high_piece(p01)),
        builder.add(high_piece(p10), high_piece(middle)),
    )
}

/// Shifts a pair left or right. Only the low half of the amount matters:
/// an amount of 64 or more makes the result poison.
fn shift(builder: &Builder, opcode: LLVMOpcode, a: Pair, amount: Pair) -> Pair {
    let constant_amount = constant_u32(amount.low).zip(constant_u32(amount.high));
    match constant_amount {
        Some((0, 0)) => a,
        Some((bits, 0)) if bits < 64 => shift_by_constant(builder, opcode, a, bits),
        Some(_) => {
            let poison = unsafe { llvm_sys::core::LLVMGetPoison(ir::type_of(a.low)) };
            Pair { low: poison, high: poison }
        }
        None => shift_by_variable(builder, opcode, a, amount.low),
    }
}

/// Shifts by k in 1..=63. Below 32 the halves exchange `32 - k` bits. From
/// 32 on, one half moves into the other, shifted by `k - 32`.
fn shift_by_constant(builder: &Builder, opcode: LLVMOpcode, a: Pair, k: u32) -> Pair {
    let c = |value| int32_constant(a.low, value);
    let sign = || builder.ashr(a.high, c(31));
    match (opcode, k) {
        (LLVMOpcode::LLVMShl, 1..=31) => Pair {
            low: builder.shl(a.low, c(k)),
            high: builder.or(builder.shl(a.high, c(k)), builder.lshr(a.low, c(32 - k))),
        },
        (LLVMOpcode::LLVMShl, _) => Pair {
            low: c(0),
            high: shift_half(builder, LLVMOpcode::LLVMShl, a.low, k - 32),
        },
        (_, 1..=31) => Pair {
            low: builder.or(builder.lshr(a.low, c(k)), builder.shl(a.high, c(32 - k))),
            high: builder.binary(opcode, a.high, c(k)),
        },
        (LLVMOpcode::LLVMLShr, _) => Pair {
            low: shift_half(builder, opcode, a.high, k - 32),
            high: c(0),
        },
        (_, _) => Pair {
            low: shift_half(builder, opcode, a.high, k - 32),
            high: sign(),
        },
    }
}

/// Shifts one half by a constant, building nothing for 0.
fn shift_half(builder: &Builder, opcode: LLVMOpcode, half: LLVMValueRef, k: u32) -> LLVMValueRef {
    if k == 0 {
        half
    } else {
        builder.binary(opcode, half, int32_constant(half, k))
    }
}

/// Shifts by a variable amount n, read as below 64. With `k = n & 31`, both
/// cases are built and `n >u 31` selects. The bits that cross between the
/// halves for n < 32 are shifted by `1` and then by `31 - k`, which is below
/// 32 and gives 0 for k = 0, where a single shift by `32 - k` would be poison.
///
/// - `shl`:  n < 32: `lo = a.lo << k`, `hi = (a.hi << k) | ((a.lo >> 1) >> (31 - k))`;
///   otherwise `lo = 0`, `hi = a.lo << k`.
/// - `lshr`: n < 32: `hi = a.hi >> k`, `lo = (a.lo >> k) | ((a.hi << 1) << (31 - k))`;
///   otherwise `lo = a.hi >> k`, `hi = 0`.
/// - `ashr`: as `lshr` with `a.hi >>s k`, and `hi = a.hi >>s 31` from 32 on.
fn shift_by_variable(builder: &Builder, opcode: LLVMOpcode, a: Pair, n: LLVMValueRef) -> Pair {
    let c = |value| int32_constant(a.low, value);
    let k = builder.and(n, c(31));
    let complement = builder.sub(c(31), k);
    let beyond_half = builder.icmp(LLVMIntPredicate::LLVMIntUGT, n, c(31));

    let (near, far) = if opcode == LLVMOpcode::LLVMShl {
        let low = builder.shl(a.low, k);
        let crossing = builder.lshr(builder.lshr(a.low, c(1)), complement);
        let near = Pair {
            low,
            high: builder.or(builder.shl(a.high, k), crossing),
        };
        (near, Pair { low: c(0), high: low })
    } else {
        let high = builder.binary(opcode, a.high, k);
        let crossing = builder.shl(builder.shl(a.high, c(1)), complement);
        let near = Pair {
            low: builder.or(builder.lshr(a.low, k), crossing),
            high,
        };
        let fill = if opcode == LLVMOpcode::LLVMAShr {
            builder.ashr(a.high, c(31))
        } else {
            c(0)
        };
        (near, Pair { low: high, high: fill })
    };
    select(builder, beyond_half, far, near)
}

/// Compares two pairs. `eq` and `ne` compare both halves. Otherwise the high
/// halves decide, with the predicate's own signedness, unless they are
/// equal: then the low halves decide, compared unsigned.
pub(super) fn compare(
    builder: &Builder,
    predicate: LLVMIntPredicate,
    a: Pair,
    b: Pair,
) -> LLVMValueRef {
    use LLVMIntPredicate::*;
    match predicate {
        LLVMIntEQ => builder.and(
            builder.icmp(LLVMIntEQ, a.low, b.low),
            builder.icmp(LLVMIntEQ, a.high, b.high),
        ),
        LLVMIntNE => builder.or(
            builder.icmp(LLVMIntNE, a.low, b.low),
            builder.icmp(LLVMIntNE, a.high, b.high),
        ),
        _ if low_compare_is_decided(predicate, b.low) => builder.icmp(predicate, a.high, b.high),
        _ => {
            let high_equal = builder.icmp(LLVMIntEQ, a.high, b.high);
            let low_result = builder.icmp(unsigned(predicate), a.low, b.low);
            let high_result = builder.icmp(predicate, a.high, b.high);
            builder.select(high_equal, low_result, high_result)
        }
    }
}

/// Returns whether comparing low halves against the constant `low` gives a
/// result that the high compare alone also gives when the high halves are
/// equal: `x < 0` and `x >= 0` against a low half of 0, `x > max` and
/// `x <= max` against a low half of 0xffffffff. Sign tests such as
/// `x <s 0` then need one compare.
fn low_compare_is_decided(predicate: LLVMIntPredicate, low: LLVMValueRef) -> bool {
    use LLVMIntPredicate::*;
    matches!(
        (unsigned(predicate), constant_u32(low)),
        (LLVMIntULT | LLVMIntUGE, Some(0)) | (LLVMIntUGT | LLVMIntULE, Some(u32::MAX))
    )
}

fn unsigned(predicate: LLVMIntPredicate) -> LLVMIntPredicate {
    use LLVMIntPredicate::*;
    match predicate {
        LLVMIntSLT => LLVMIntULT,
        LLVMIntSLE => LLVMIntULE,
        LLVMIntSGT => LLVMIntUGT,
        LLVMIntSGE => LLVMIntUGE,
        other => other,
    }
}
