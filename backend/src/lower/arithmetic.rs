//! Binary operators, comparisons, casts and math intrinsics as reporters.
//! The identities that make integer results exact are in `integer`.

use anyhow::Result;

use super::function::{equals, FunctionLowering};
use super::ranges::Range;
use super::integer;
use crate::ir::{BinaryOp, CastOp, Constant, FloatPredicate, InstId, IntPredicate, MathIntrinsic, Operand, Type};
use crate::scratch::{ArithmeticOp as Op, CompareOp, Expr, MathFunction};

fn op(kind: Op, lhs: Expr, rhs: Expr) -> Expr {
    Expr::arithmetic(kind, lhs, rhs)
}

/// Returns the constant shift amount of an operand, if it is one.
fn constant_int(operand: &Operand) -> Option<i64> {
    match operand {
        Operand::Const(Constant::Int { value, .. }) => Some(*value),
        _ => None,
    }
}

/// Lowers a binary operator. Each operand comes as its reporter and its IR
/// operand, whose known range can make wrapping or unsigned views needless.
pub fn binary(
    lowering: &mut FunctionLowering,
    id: InstId,
    kind: BinaryOp,
    (lhs, lhs_operand): (Expr, &Operand),
    (rhs, rhs_operand): (Expr, &Operand),
    nsw: bool,
) -> Result<Expr> {
    let ty = lowering.function.instructions[id].ty;
    if matches!(kind, BinaryOp::FAdd | BinaryOp::FSub | BinaryOp::FMul | BinaryOp::FDiv | BinaryOp::FRem) {
        return Ok(match kind {
            BinaryOp::FAdd => op(Op::Add, lhs, rhs),
            BinaryOp::FSub => op(Op::Subtract, lhs, rhs),
            BinaryOp::FMul => op(Op::Multiply, lhs, rhs),
            BinaryOp::FDiv => op(Op::Divide, lhs, rhs),
            // C's fmod: a - b·trunc(a/b).
            _ => op(Op::Subtract, lhs.clone(), op(Op::Multiply, rhs.clone(), integer::truncate(op(Op::Divide, lhs, rhs)))),
        });
    }
    let bits = match ty {
        Type::Int(bits) if bits <= 32 => bits,
        Type::Int(64) => return Err(lowering.error(id, super::UNSPLIT_I64)),
        _ => return Err(lowering.error(id, format!("{ty} arithmetic is not supported yet"))),
    };
    // No wrap is needed when the exact result is known to fit.
    let nsw = nsw || lowering.ranges.cannot_wrap(id, bits);
    let non_negative = lowering.range(lhs_operand).is_non_negative() && lowering.range(rhs_operand).is_non_negative();
    let shift = constant_int(rhs_operand).map(|amount| amount.rem_euclid(bits as i64) as u32);
    let power = |lowering: &mut FunctionLowering, rhs: Expr| match shift {
        Some(amount) => Expr::Number(integer::pow2(amount)),
        None => lowering.module.power_of_two(rhs),
    };
    Ok(match kind {
        BinaryOp::Add if bits == 1 => integer::wrap_signed(op(Op::Add, lhs, rhs), 1),
        BinaryOp::Add => integer::add_sub(Op::Add, lhs, rhs, bits, nsw),
        BinaryOp::Sub => integer::add_sub(Op::Subtract, lhs, rhs, bits, nsw),
        BinaryOp::Mul => integer::multiply(lhs, rhs, bits, nsw),
        // On non-negative operands signed and unsigned division agree with
        // floored division, and the results stay in range.
        BinaryOp::SDiv | BinaryOp::UDiv if non_negative => {
            Expr::math(MathFunction::Floor, op(Op::Divide, lhs, rhs))
        }
        BinaryOp::SRem | BinaryOp::URem if non_negative => op(Op::Mod, lhs, rhs),
        BinaryOp::SDiv => integer::sdiv(lhs, rhs),
        BinaryOp::SRem => integer::srem(lhs, rhs),
        BinaryOp::UDiv => integer::udiv(lhs, rhs, bits),
        BinaryOp::URem => integer::urem(lhs, rhs, bits),
        BinaryOp::Shl => match shift {
            Some(0) => lhs,
            Some(amount) => integer::shl_constant(lhs, amount, bits, nsw),
            None => {
                let power = power(lowering, rhs);
                integer::shl_variable(lhs, power, bits)
            }
        },
        // A non-negative value shifts right the same way either way.
        BinaryOp::LShr if lowering.range(lhs_operand).is_non_negative() => {
            let power = power(lowering, rhs);
            integer::ashr(lhs, power)
        }
        BinaryOp::LShr => {
            let positive = matches!(shift, Some(amount) if amount > 0);
            let power = power(lowering, rhs);
            integer::lshr(lhs, power, bits, positive)
        }
        BinaryOp::AShr => {
            let power = power(lowering, rhs);
            integer::ashr(lhs, power)
        }
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor if bits == 1 => match kind {
            BinaryOp::And => Expr::And(Box::new(lhs), Box::new(rhs)),
            BinaryOp::Or => Expr::Or(Box::new(lhs), Box::new(rhs)),
            _ => Expr::not(equals(lhs, rhs)),
        },
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => match super::bitwise::inline(kind, lhs, rhs_operand, bits) {
            Some(expr) => expr,
            None => return Err(lowering.error(id, "internal: bitwise operation needs a statement")),
        },
        _ => unreachable!("float operators are handled above"),
    })
}

/// Lowers an integer compare. `non_negative` is true when both operands are
/// known to be at least 0, where unsigned and signed order agree.
pub fn icmp(predicate: IntPredicate, lhs: Expr, rhs: Expr, bits: u32, non_negative: bool) -> Expr {
    use IntPredicate::*;
    let (lhs, rhs) = match predicate {
        Ugt | Uge | Ult | Ule if !non_negative => {
            (integer::unsigned_view(lhs, bits), integer::unsigned_view(rhs, bits))
        }
        _ => (lhs, rhs),
    };
    match predicate {
        Eq => equals(lhs, rhs),
        Ne => Expr::not(equals(lhs, rhs)),
        Ugt | Sgt => Expr::compare(CompareOp::Gt, lhs, rhs),
        Ult | Slt => Expr::compare(CompareOp::Lt, lhs, rhs),
        Uge | Sge => Expr::not(Expr::compare(CompareOp::Lt, lhs, rhs)),
        Ule | Sle => Expr::not(Expr::compare(CompareOp::Gt, lhs, rhs)),
    }
}

pub fn fcmp(predicate: FloatPredicate, lhs: Expr, rhs: Expr) -> Expr {
    match predicate {
        FloatPredicate::False => Expr::Number(0.0),
        FloatPredicate::True => Expr::Number(1.0),
        FloatPredicate::Eq => equals(lhs, rhs),
        FloatPredicate::Ne => Expr::not(equals(lhs, rhs)),
        FloatPredicate::Gt => Expr::compare(CompareOp::Gt, lhs, rhs),
        FloatPredicate::Lt => Expr::compare(CompareOp::Lt, lhs, rhs),
        FloatPredicate::Ge => Expr::not(Expr::compare(CompareOp::Lt, lhs, rhs)),
        FloatPredicate::Le => Expr::not(Expr::compare(CompareOp::Gt, lhs, rhs)),
    }
}

/// Returns a boolean as the number 0 or 1: Scratch's `+` reads true as 1.
fn boolean_to_number(value: Expr) -> Expr {
    op(Op::Add, value, Expr::Number(0.0))
}

/// Lowers a cast of `value`, whose known range is `source`.
pub fn cast(
    lowering: &FunctionLowering,
    id: InstId,
    kind: CastOp,
    (value, source): (Expr, Range),
    from: Type,
    to: Type,
) -> Result<Expr> {
    let unsupported = || lowering.error(id, format!("the cast {kind:?} from {from} to {to} is not supported yet"));
    if from == Type::Int(64) || to == Type::Int(64) {
        return Err(lowering.error(id, super::UNSPLIT_I64));
    }
    let from_bits = super::function::type_bits(from);
    let to_bits = super::function::type_bits(to);
    let bytes_layout = lowering.module.module.layout == crate::ir::Layout::Bytes;
    Ok(match kind {
        CastOp::Trunc if source.fits(to_bits) => value,
        CastOp::Trunc => integer::wrap_signed(value, to_bits),
        CastOp::ZExt | CastOp::UIToFP if from_bits > 1 && source.is_non_negative() => value,
        CastOp::ZExt if from_bits == 1 => boolean_to_number(value),
        CastOp::ZExt => integer::unsigned_view(value, from_bits),
        CastOp::SExt if from_bits == 1 => op(Op::Subtract, Expr::Number(0.0), value),
        CastOp::SExt => value,
        CastOp::FPToSI => integer::truncate(value),
        CastOp::FPToUI => integer::wrap_signed(integer::truncate(value), to_bits),
        CastOp::SIToFP if from_bits == 1 => op(Op::Subtract, Expr::Number(0.0), value),
        CastOp::SIToFP => value,
        CastOp::UIToFP if from_bits == 1 => boolean_to_number(value),
        CastOp::UIToFP => integer::unsigned_view(value, from_bits),
        CastOp::FPTrunc | CastOp::FPExt => value,
        // Bytes memory counts bytes, as integer views of pointers do.
        CastOp::PtrToInt | CastOp::IntToPtr if bytes_layout && from_bits > to_bits => {
            integer::wrap_signed(value, to_bits)
        }
        CastOp::PtrToInt | CastOp::IntToPtr if bytes_layout => value,
        // Words memory counts cells; integer views of pointers count bytes.
        CastOp::PtrToInt => integer::wrap_signed(op(Op::Multiply, value, Expr::Number(4.0)), to_bits),
        CastOp::IntToPtr => op(Op::Divide, integer::unsigned_view(value, from_bits), Expr::Number(4.0)),
        CastOp::BitCast if from == to || (from == Type::Ptr && to == Type::Ptr) => value,
        CastOp::BitCast if matches!(from, Type::Float | Type::Double) || matches!(to, Type::Float | Type::Double) => {
            return Err(lowering.error(
                id,
                format!(
                    "reading the bits of a floating-point value (a bitcast from {from} to {to}) is not \
                     supported: Scratch holds a float as a number, not as its bits"
                ),
            ))
        }
        CastOp::BitCast => return Err(unsupported()),
    })
}

/// Math intrinsics. Scratch's `sin` and `cos` take degrees and round their
/// result to 10 decimals, and `pow` goes through `e ^ (b · ln a)`.
// NOTE: sin, cos and pow are therefore less precise than C's; exact versions are not written yet.
pub fn math(intrinsic: MathIntrinsic, mut args: Vec<Expr>) -> Expr {
    let first = args.remove(0);
    let degrees = |value: Expr| op(Op::Multiply, value, Expr::Number(180.0 / std::f64::consts::PI));
    match intrinsic {
        MathIntrinsic::Sqrt => Expr::math(MathFunction::Sqrt, first),
        MathIntrinsic::Fabs => Expr::math(MathFunction::Abs, first),
        MathIntrinsic::Floor => Expr::math(MathFunction::Floor, first),
        MathIntrinsic::Ceil => Expr::math(MathFunction::Ceiling, first),
        MathIntrinsic::Exp => Expr::math(MathFunction::Exp, first),
        MathIntrinsic::Log => Expr::math(MathFunction::Ln, first),
        MathIntrinsic::Pow => {
            let exponent = args.remove(0);
            Expr::math(MathFunction::Exp, op(Op::Multiply, exponent, Expr::math(MathFunction::Ln, first)))
        }
        MathIntrinsic::Sin => Expr::math(MathFunction::Sin, degrees(first)),
        MathIntrinsic::Cos => Expr::math(MathFunction::Cos, degrees(first)),
        MathIntrinsic::ScratchRound => Expr::Round(Box::new(first)),
    }
}
