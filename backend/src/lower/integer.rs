//! Integer arithmetic on Scratch's doubles, exact modulo 2^N.
//!
//! Representation: an `iN` value (N ≤ 32) is held in its signed view, an
//! integer in [-2^(N-1), 2^(N-1)). An `i1` is 0/1 (or a Scratch boolean,
//! which reads as 1/0 in arithmetic). Doubles hold every integer below 2^53
//! exactly, which is what every identity below relies on.
//!
//! Scratch's `mod` is floored: `a mod m` lies in [0, m) for m > 0 whatever
//! the sign of `a`. That makes it the reduction modulo 2^N.

use crate::scratch::{ArithmeticOp as Op, CompareOp, Expr, MathFunction};

fn op(op: Op, lhs: Expr, rhs: Expr) -> Expr {
    Expr::arithmetic(op, lhs, rhs)
}

fn num(value: f64) -> Expr {
    Expr::Number(value)
}

pub fn pow2(bits: u32) -> f64 {
    (bits as f64).exp2()
}

/// Wraps any integer `x` with |x| < 2^53 to the signed view of `iN`:
/// `((x + 2^(N-1)) mod 2^N) - 2^(N-1)`, which is x mod 2^N shifted into
/// [-2^(N-1), 2^(N-1)).
pub fn wrap_signed(x: Expr, bits: u32) -> Expr {
    if bits == 1 {
        return op(Op::Mod, x, num(2.0));
    }
    let half = pow2(bits - 1);
    op(Op::Subtract, op(Op::Mod, op(Op::Add, x, num(half)), num(pow2(bits))), num(half))
}

/// Returns the unsigned view of a signed `iN` value: `x mod 2^N`, in [0, 2^N).
pub fn unsigned_view(x: Expr, bits: u32) -> Expr {
    if bits == 1 {
        return x;
    }
    match x {
        Expr::Number(value) => num(value.rem_euclid(pow2(bits))),
        x => op(Op::Mod, x, num(pow2(bits))),
    }
}

/// Truncates toward zero, as C does: `floor(|q|)` with the sign of q,
/// written `floor(|q|) * (1 - 2·(q < 0))` because Scratch has no sign block.
pub fn truncate(q: Expr) -> Expr {
    let magnitude = Expr::math(MathFunction::Floor, Expr::math(MathFunction::Abs, q.clone()));
    let negative = Expr::compare(CompareOp::Lt, q, num(0.0));
    op(Op::Multiply, magnitude, op(Op::Subtract, num(1.0), op(Op::Multiply, num(2.0), negative)))
}

/// `a + b` or `a - b`. Both lie in [-2^31, 2^31), so the exact sum is below
/// 2^33 and one wrap makes it the i32 result. With `nsw` the sum cannot
/// leave the range (overflow would be poison), so no wrap is needed.
pub fn add_sub(kind: Op, a: Expr, b: Expr, bits: u32, nsw: bool) -> Expr {
    let sum = op(kind, a, b);
    if nsw {
        sum
    } else {
        wrap_signed(sum, bits)
    }
}

/// `a * b` modulo 2^N. With `nsw` the product is in range and exact. For
/// N ≤ 21, |a·b| < 2^42 and one wrap is exact. Otherwise split b:
/// with b = b_lo + 2^16·b_hi (b_lo = b mod 2^16 ≥ 0, b_hi = floor(b/2^16)),
/// a·b ≡ a·b_lo + 2^16·((a·b_hi) mod 2^16)  (mod 2^32),
/// where |a·b_lo| < 2^47, |a·b_hi| < 2^46, and the sum stays below 2^48.
pub fn multiply(a: Expr, b: Expr, bits: u32, nsw: bool) -> Expr {
    if nsw {
        return op(Op::Multiply, a, b);
    }
    if let Expr::Number(constant) = b {
        if constant.abs() * pow2(bits) < pow2(53) {
            return wrap_signed(op(Op::Multiply, a, b), bits);
        }
    }
    if bits <= 21 {
        return wrap_signed(op(Op::Multiply, a, b), bits);
    }
    let b_lo = op(Op::Mod, b.clone(), num(65536.0));
    let b_hi = Expr::math(MathFunction::Floor, op(Op::Divide, b, num(65536.0)));
    let low = op(Op::Multiply, a.clone(), b_lo);
    let high = op(Op::Multiply, op(Op::Mod, op(Op::Multiply, a, b_hi), num(65536.0)), num(65536.0));
    wrap_signed(op(Op::Add, low, high), bits)
}

/// Signed division, truncating toward zero: `floor(|a| / |b|)` with a minus
/// sign when exactly one operand is negative. Division by zero is undefined
/// behavior in C; Scratch then yields Infinity or NaN.
pub fn sdiv(a: Expr, b: Expr) -> Expr {
    truncate(op(Op::Divide, a, b))
}

/// Signed remainder, which has the sign of the dividend: `(|a| mod |b|)`
/// with a minus sign when a < 0. No quotient is formed, so nothing rounds.
pub fn srem(a: Expr, b: Expr) -> Expr {
    let magnitude = op(
        Op::Mod,
        Expr::math(MathFunction::Abs, a.clone()),
        Expr::math(MathFunction::Abs, b),
    );
    let negative = Expr::compare(CompareOp::Lt, a, num(0.0));
    op(Op::Multiply, magnitude, op(Op::Subtract, num(1.0), op(Op::Multiply, num(2.0), negative)))
}

/// Unsigned division on the unsigned views, then back to the signed view.
pub fn udiv(a: Expr, b: Expr, bits: u32) -> Expr {
    let quotient = Expr::math(
        MathFunction::Floor,
        op(Op::Divide, unsigned_view(a, bits), unsigned_view(b, bits)),
    );
    wrap_signed(quotient, bits)
}

/// Unsigned remainder on the unsigned views, then back to the signed view.
pub fn urem(a: Expr, b: Expr, bits: u32) -> Expr {
    wrap_signed(op(Op::Mod, unsigned_view(a, bits), unsigned_view(b, bits)), bits)
}

/// `a << k` for a constant k < N: keep the low N-k bits of a, then scale,
/// `((a mod 2^(N-k)) · 2^k)`, which is below 2^N; wrap to the signed view.
/// With `nsw` the shifted value is in range, so `a · 2^k` is exact.
pub fn shl_constant(a: Expr, k: u32, bits: u32, nsw: bool) -> Expr {
    if nsw {
        return op(Op::Multiply, a, num(pow2(k)));
    }
    let kept = op(Op::Mod, a, num(pow2(bits - k)));
    wrap_signed(op(Op::Multiply, kept, num(pow2(k))), bits)
}

/// `a << k` with k read at run time, where `power` is 2^k from a table:
/// `((a mod (2^N / 2^k)) · 2^k)` wrapped, the same identity as above.
pub fn shl_variable(a: Expr, power: Expr, bits: u32) -> Expr {
    let kept = op(Op::Mod, a, op(Op::Divide, num(pow2(bits)), power.clone()));
    wrap_signed(op(Op::Multiply, kept, power), bits)
}

/// Logical right shift: `floor(unsigned(a) / 2^k)`. For k ≥ 1 the result is
/// below 2^(N-1) and needs no wrap; for k = 0 (or a run-time k) it may.
pub fn lshr(a: Expr, power: Expr, bits: u32, known_positive_shift: bool) -> Expr {
    let shifted = Expr::math(MathFunction::Floor, op(Op::Divide, unsigned_view(a, bits), power));
    if known_positive_shift {
        shifted
    } else {
        wrap_signed(shifted, bits)
    }
}

/// Arithmetic right shift: floored division of the signed view,
/// `floor(a / 2^k)`, which rounds toward -infinity exactly as `ashr` does.
pub fn ashr(a: Expr, power: Expr) -> Expr {
    Expr::math(MathFunction::Floor, op(Op::Divide, a, power))
}

/// `a & m` where m = 2^k - 1 is a low-bit mask: `unsigned(a) mod 2^k`.
pub fn and_low_mask(a: Expr, k: u32, bits: u32) -> Expr {
    let masked = op(Op::Mod, a, num(pow2(k)));
    if k < bits {
        masked
    } else {
        wrap_signed(masked, bits)
    }
}

/// `a & m` where m = -2^k clears the k low bits: `a - (a mod 2^k)`. Floored
/// `mod` makes this right for negative a too, and the result stays in range.
pub fn and_clear_low(a: Expr, k: u32) -> Expr {
    op(Op::Subtract, a.clone(), op(Op::Mod, a, num(pow2(k))))
}

/// `a & m` where m keeps bits low..high-1 (1 <= low < high < N): the bits
/// below `high` less the bits below `low`, `(a mod 2^high) - (a mod 2^low)`.
/// The result is below 2^(N-1), so it needs no wrap.
pub fn and_bit_range(a: Expr, low: u32, high: u32) -> Expr {
    op(Op::Subtract, op(Op::Mod, a.clone(), num(pow2(high))), op(Op::Mod, a, num(pow2(low))))
}

/// Returns (low, high) when `mask`, viewed as unsigned, is one run of set
/// bits low..high-1 with 1 <= low and high < N: a mask that neither
/// `low_mask_width` nor `clear_low_width` covers, such as the 0x7ffffffc
/// that clang uses to round a loop's trip count down to a multiple of 4.
pub fn bit_range(mask: i64, bits: u32) -> Option<(u32, u32)> {
    let unsigned = (mask as u64) & (u64::MAX >> (64 - bits));
    if unsigned == 0 {
        return None;
    }
    let low = unsigned.trailing_zeros();
    let high = 64 - unsigned.leading_zeros();
    let run = (unsigned >> low).checked_add(1)?;
    (low >= 1 && high < bits && run.is_power_of_two()).then_some((low, high))
}

/// Returns k when `mask` is 2^k - 1 (k in 1..=32), viewed as unsigned.
pub fn low_mask_width(mask: i64, bits: u32) -> Option<u32> {
    let unsigned = (mask as u64) & (u64::MAX >> (64 - bits));
    let plus_one = unsigned.checked_add(1)?;
    (plus_one.is_power_of_two() && plus_one > 1).then(|| plus_one.trailing_zeros())
}

/// Returns k when `mask` is -2^k in the signed view (k in 1..N).
pub fn clear_low_width(mask: i64, bits: u32) -> Option<u32> {
    let negated = mask.checked_neg()?;
    (negated > 1 && (negated as u64).is_power_of_two() && negated.trailing_zeros() < bits)
        .then(|| negated.trailing_zeros())
}

/// `or` from `and`: a | b = a + b - (a & b) on unsigned views, because each
/// bit set in both is counted twice by the sum.
pub fn or_from_and(a_unsigned: Expr, b_unsigned: Expr, and: Expr, bits: u32) -> Expr {
    wrap_signed(op(Op::Subtract, op(Op::Add, a_unsigned, b_unsigned), and), bits)
}

/// `xor` from `and`: a ^ b = a + b - 2(a & b) on unsigned views, because xor
/// is the sum without the bits set in both.
pub fn xor_from_and(a_unsigned: Expr, b_unsigned: Expr, and: Expr, bits: u32) -> Expr {
    let twice = op(Op::Multiply, num(2.0), and);
    wrap_signed(op(Op::Subtract, op(Op::Add, a_unsigned, b_unsigned), twice), bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn low_mask_width_recognizes_masks() {
        assert_eq!(low_mask_width(255, 32), Some(8));
        assert_eq!(low_mask_width(-1, 32), Some(32));
        assert_eq!(low_mask_width(1, 32), Some(1));
        assert_eq!(low_mask_width(254, 32), None);
        assert_eq!(low_mask_width(0, 32), None);
    }

    #[test]
    fn clear_low_width_recognizes_masks() {
        assert_eq!(clear_low_width(-4, 32), Some(2));
        assert_eq!(clear_low_width(-256, 32), Some(8));
        assert_eq!(clear_low_width(-3, 32), None);
        assert_eq!(clear_low_width(-1, 32), None);
    }

    #[test]
    fn bit_range_recognizes_inner_runs() {
        assert_eq!(bit_range(0x7fff_fffc, 32), Some((2, 31)));
        assert_eq!(bit_range(0xff0, 32), Some((4, 12)));
        // The other two mask kinds, and masks of two runs, are not ranges.
        assert_eq!(bit_range(255, 32), None);
        assert_eq!(bit_range(-4, 32), None);
        assert_eq!(bit_range(0b1010, 32), None);
        assert_eq!(bit_range(0, 32), None);
    }
}
