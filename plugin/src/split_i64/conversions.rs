//! Casts to and from i64: integer extensions and truncations, conversions
//! between i64 and float or double, and the bitcasts that are rejected.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::target::{LLVMGetModuleDataLayout, LLVMPointerSize};
use llvm_sys::{LLVMIntPredicate, LLVMOpcode, LLVMRealPredicate, LLVMTypeKind};

use super::arithmetic;
use super::{Pair, Splitter};
use crate::diagnostics::PassError;
use crate::ir;

const TWO_TO_32: f64 = 4294967296.0;

/// Accepts float and double, the floating types the backend computes with.
pub(super) fn check_float_type(instruction: LLVMValueRef, ty: LLVMTypeRef) -> Result<(), PassError> {
    match unsafe { LLVMGetTypeKind(ty) } {
        LLVMTypeKind::LLVMFloatTypeKind | LLVMTypeKind::LLVMDoubleTypeKind => Ok(()),
        _ => Err(PassError::at_instruction(
            instruction,
            format!(
                "conversions between 64-bit integers and {} are not supported (only float and double)",
                ir::print_type(ty)
            ),
        )),
    }
}

/// Accepts `ptrtoint` and `inttoptr` when pointers have 32 bits, as on the
/// Scratch target, so that a pointer is exactly one low half.
pub(super) fn check_pointer_size(
    module: LLVMModuleRef,
    instruction: LLVMValueRef,
) -> Result<(), PassError> {
    let bytes = unsafe { LLVMPointerSize(LLVMGetModuleDataLayout(module)) };
    if bytes == 4 {
        Ok(())
    } else {
        Err(PassError::at_instruction(
            instruction,
            format!("pointers have {} bits in this module, but splitting a 64-bit pointer value needs 32-bit pointers (target i386)", bytes * 8),
        ))
    }
}

/// Builds the error for a `bitcast` to or from i64.
pub(super) fn bitcast_error(instruction: LLVMValueRef) -> PassError {
    let from = ir::type_of(ir::operand(instruction, 0));
    let to = ir::type_of(instruction);
    let is_double = |ty| unsafe { LLVMGetTypeKind(ty) == LLVMTypeKind::LLVMDoubleTypeKind };
    let problem = if is_double(from) || is_double(to) {
        "reinterpreting a double as a 64-bit integer, or back, is not supported \
         (Scratch numbers are doubles and give no access to their bits)"
            .to_string()
    } else {
        format!(
            "bitcast from {} to {} is not supported (64-bit integers are split into 32-bit halves)",
            ir::print_type(from),
            ir::print_type(to)
        )
    };
    PassError::at_instruction(instruction, problem)
}

impl Splitter {
    /// Splits `zext`/`sext` from at most 32 bits. The source widened to i32
    /// is the low half, and the high half is 0 or copies the sign bit.
    pub(super) fn split_extend(&self, instruction: LLVMValueRef) -> Pair {
        let source = ir::operand(instruction, 0);
        let signed = ir::opcode(instruction) == LLVMOpcode::LLVMSExt;
        let low = if ir::int_width(ir::type_of(source)) == 32 {
            source
        } else {
            let opcode = if signed { LLVMOpcode::LLVMSExt } else { LLVMOpcode::LLVMZExt };
            self.builder.cast(opcode, source, self.int32)
        };
        let high = if signed {
            self.builder.ashr(low, self.const_u32(31))
        } else {
            self.const_u32(0)
        };
        Pair { low, high }
    }

    /// Returns the result of `trunc`: the low half, truncated further below
    /// 32 bits.
    pub(super) fn split_truncate(&self, instruction: LLVMValueRef) -> LLVMValueRef {
        let low = self.halves_of(ir::operand(instruction, 0)).low;
        let to = ir::type_of(instruction);
        if ir::int_width(to) == 32 {
            low
        } else {
            self.builder.cast(LLVMOpcode::LLVMTrunc, low, to)
        }
    }

    /// Converts with `sitofp`/`uitofp` as `hi * 2^32 + unsigned(lo)` in
    /// double. The product and `unsigned(lo)` are exact, so the sum rounds
    /// once. For float, the low half is first made sticky (`sticky_low`),
    /// which makes the double exact, so the conversion to float is the only
    /// rounding.
    pub(super) fn split_int_to_float(&self, instruction: LLVMValueRef) -> LLVMValueRef {
        let value = self.halves_of(ir::operand(instruction, 0));
        let signed = ir::opcode(instruction) == LLVMOpcode::LLVMSIToFP;
        let to = ir::type_of(instruction);
        let double = unsafe { LLVMDoubleTypeInContext(self.context) };
        let to_float = unsafe { LLVMGetTypeKind(to) } == LLVMTypeKind::LLVMFloatTypeKind;

        let low = if to_float {
            self.sticky_low(value, signed)
        } else {
            value.low
        };
        let high_opcode = if signed { LLVMOpcode::LLVMSIToFP } else { LLVMOpcode::LLVMUIToFP };
        let high = self.builder.binary(
            LLVMOpcode::LLVMFMul,
            self.builder.cast(high_opcode, value.high, double),
            unsafe { LLVMConstReal(double, TWO_TO_32) },
        );
        let sum = self.builder.binary(
            LLVMOpcode::LLVMFAdd,
            high,
            self.builder.cast(LLVMOpcode::LLVMUIToFP, low, double),
        );
        if to_float {
            self.builder.cast(LLVMOpcode::LLVMFPTrunc, sum, to)
        } else {
            sum
        }
    }

    /// Returns the low half with bits 0..11 replaced by their OR in bit 11,
    /// when |v| >= 2^53. Then v has at most 53 significant bits, so it is an
    /// exact double. Its top bit t is 53 or more, so a float keeps bits
    /// t-23..t and rounds on bit t-24 (29 or more) and on the OR of the bits
    /// below it, which the collapse does not change. For negative v the same
    /// bit operation collapses the low bits of |v|. Smaller values are exact
    /// doubles already and keep their low half.
    fn sticky_low(&self, value: Pair, signed: bool) -> LLVMValueRef {
        let builder = &self.builder;
        let c = |bits| self.const_u32(bits);
        // |v| >= 2^53 unless hi is in [-2^21, 2^21) (signed) or below 2^21.
        let wide = if signed {
            let shifted = builder.add(value.high, c(1 << 21));
            builder.icmp(LLVMIntPredicate::LLVMIntUGT, shifted, c((1 << 22) - 1))
        } else {
            builder.icmp(LLVMIntPredicate::LLVMIntUGT, value.high, c((1 << 21) - 1))
        };
        let low_bits = builder.and(value.low, c(0xfff));
        let any_low_bit = builder.icmp(LLVMIntPredicate::LLVMIntNE, low_bits, c(0));
        let sticky = builder.select(any_low_bit, c(0x800), c(0));
        let collapsed = builder.or(builder.and(value.low, c(!0xfff)), sticky);
        builder.select(wide, collapsed, value.low)
    }

    /// Splits `fptoui` and `fptosi`. `fptoui` splits x (as a double) at
    /// 2^32: `hi = fptoui(x * 2^-32)` truncates, `x - hi * 2^32` is exact and
    /// below 2^32, and its `fptoui` is `lo`. `fptosi` does that for |x| and
    /// negates the pair when x < 0. Out-of-range values give poison in LLVM,
    /// so any result will do.
    pub(super) fn split_float_to_int(&self, instruction: LLVMValueRef) -> Pair {
        let builder = &self.builder;
        let source = ir::operand(instruction, 0);
        let double = unsafe { LLVMDoubleTypeInContext(self.context) };
        let x = if ir::type_of(source) == double {
            source
        } else {
            builder.cast(LLVMOpcode::LLVMFPExt, source, double)
        };

        if ir::opcode(instruction) == LLVMOpcode::LLVMFPToUI {
            return self.split_at_two_to_32(x);
        }
        let zero = unsafe { LLVMConstReal(double, 0.0) };
        let negative = builder.fcmp(LLVMRealPredicate::LLVMRealOLT, x, zero);
        let magnitude = builder.select(negative, builder.fneg(x), x);
        let pair = self.split_at_two_to_32(magnitude);
        arithmetic::select(builder, negative, arithmetic::negate(builder, pair), pair)
    }

    fn split_at_two_to_32(&self, x: LLVMValueRef) -> Pair {
        let builder = &self.builder;
        let double = ir::type_of(x);
        let scale = |factor| unsafe { LLVMConstReal(double, factor) };
        let high = builder.cast(
            LLVMOpcode::LLVMFPToUI,
            builder.binary(LLVMOpcode::LLVMFMul, x, scale(1.0 / TWO_TO_32)),
            self.int32,
        );
        let high_part = builder.binary(
            LLVMOpcode::LLVMFMul,
            builder.cast(LLVMOpcode::LLVMUIToFP, high, double),
            scale(TWO_TO_32),
        );
        let rest = builder.binary(LLVMOpcode::LLVMFSub, x, high_part);
        let low = builder.cast(LLVMOpcode::LLVMFPToUI, rest, self.int32);
        Pair { low, high }
    }
}
