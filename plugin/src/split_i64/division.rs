//! 64-bit `udiv urem sdiv srem`, as calls of helper functions that the pass
//! adds to the module when first needed. Each helper takes the dividend and
//! the divisor as halves `(n.lo, n.hi, d.lo, d.hi)` and returns like any
//! function that returns an i64: the low half, with the high half in
//! `@scratchc.i64_high`.
//!
//! ```llvm
//! %q = udiv i64 %n, %d     ->    %1 = call i32 @scratchc.udiv64(i32 %n.lo, i32 %n.hi, i32 %d.lo, i32 %d.hi)
//!                                %2 = load i32, ptr @scratchc.i64_high, align 4
//! ```
//!
//! The unsigned helpers divide with i32 `udiv`/`urem` when both operands
//! fit in 32 bits, and otherwise run 64 steps of restoring division. The
//! signed helpers call the unsigned ones on the magnitudes: the quotient is
//! negative when exactly one operand is, the remainder when the dividend is.

use std::ffi::CStr;

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMIntPredicate, LLVMLinkage, LLVMOpcode};

use super::arithmetic;
use super::{Pair, Splitter};
use crate::ir::{self, Builder};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Division {
    UnsignedQuotient,
    UnsignedRemainder,
    SignedQuotient,
    SignedRemainder,
}

impl Division {
    fn helper_name(self) -> &'static CStr {
        match self {
            Division::UnsignedQuotient => c"scratchc.udiv64",
            Division::UnsignedRemainder => c"scratchc.urem64",
            Division::SignedQuotient => c"scratchc.sdiv64",
            Division::SignedRemainder => c"scratchc.srem64",
        }
    }

    fn is_remainder(self) -> bool {
        matches!(self, Division::UnsignedRemainder | Division::SignedRemainder)
    }
}

impl Splitter {
    /// Replaces a 64-bit division or remainder with a call of its helper.
    pub(super) fn split_division(&mut self, instruction: LLVMValueRef, kind: Division) -> Pair {
        let dividend = self.halves_of(ir::operand(instruction, 0));
        let divisor = self.halves_of(ir::operand(instruction, 1));
        let helper = self.division_helper(kind);
        let low = self.builder.call(
            self.helper_type(),
            helper,
            &mut [dividend.low, dividend.high, divisor.low, divisor.high],
        );
        let high = self.load_high();
        Pair { low, high }
    }

    /// `i32 (i32 n.lo, i32 n.hi, i32 d.lo, i32 d.hi)`.
    fn helper_type(&self) -> LLVMTypeRef {
        let mut params = [self.int32; 4];
        unsafe { LLVMFunctionType(self.int32, params.as_mut_ptr(), 4, 0) }
    }

    /// Returns the helper for `kind`, adding it to the module on first use.
    fn division_helper(&mut self, kind: Division) -> LLVMValueRef {
        if let Some(&helper) = self.division_helpers.get(&kind) {
            return helper;
        }
        let helper = unsafe {
            let helper = LLVMAddFunction(self.module, kind.helper_name().as_ptr(), self.helper_type());
            LLVMSetLinkage(helper, LLVMLinkage::LLVMInternalLinkage);
            helper
        };
        match kind {
            Division::UnsignedQuotient | Division::UnsignedRemainder => {
                self.build_unsigned_division(helper, kind.is_remainder())
            }
            Division::SignedQuotient | Division::SignedRemainder => {
                self.build_signed_division(helper, kind.is_remainder())
            }
        }
        self.division_helpers.insert(kind, helper);
        helper
    }

    /// Builds the body of `scratchc.udiv64` or `scratchc.urem64`:
    ///
    /// ```text
    /// entry:  br (n.hi | d.hi) == 0, narrow, wide
    /// narrow: one i32 udiv or urem;                         br exit
    /// wide:                                                 br loop
    /// loop:   64 times: shift (r, q) left by one bit as one 128-bit number
    ///         (q starts as n, r as 0); when r >= d, or a bit left r's top,
    ///         r -= d and q's lowest bit is set
    /// exit:   q or r, the high half stored, the low half returned
    /// ```
    ///
    /// r < d before each step, so the shifted r is below 2d. When d >= 2^63
    /// that needs 65 bits: the bit shifted out of r's top then means r > d,
    /// and `r - d` modulo 2^64 is still the true difference.
    fn build_unsigned_division(&mut self, helper: LLVMValueRef, remainder: bool) {
        let builder = Builder::new(self.context);
        let c = |value| self.const_u32(value);
        let [n_low, n_high, d_low, d_high] = [0, 1, 2, 3].map(|i| unsafe { LLVMGetParam(helper, i) });
        let divisor = Pair { low: d_low, high: d_high };
        let block = |name: &CStr| unsafe { LLVMAppendBasicBlockInContext(self.context, helper, name.as_ptr()) };
        let (entry, narrow, wide, step_block, exit) =
            (block(c"entry"), block(c"narrow"), block(c"wide"), block(c"loop"), block(c"exit"));

        builder.position_at_end(entry);
        let both_narrow = builder.icmp(LLVMIntPredicate::LLVMIntEQ, builder.or(n_high, d_high), c(0));
        builder.cond_br(both_narrow, narrow, wide);

        builder.position_at_end(narrow);
        let narrow_result = if remainder {
            builder.urem(n_low, d_low)
        } else {
            builder.udiv(n_low, d_low)
        };
        builder.br(exit);

        builder.position_at_end(wide);
        builder.br(step_block);

        builder.position_at_end(step_block);
        let step = builder.phi(self.int32);
        let quotient = Pair { low: builder.phi(self.int32), high: builder.phi(self.int32) };
        let rest = Pair { low: builder.phi(self.int32), high: builder.phi(self.int32) };
        let top_bit = |half| builder.lshr(half, c(31));
        let carried_out = builder.icmp(LLVMIntPredicate::LLVMIntNE, top_bit(rest.high), c(0));
        let shifted_rest = Pair {
            low: builder.or(builder.shl(rest.low, c(1)), top_bit(quotient.high)),
            high: builder.or(builder.shl(rest.high, c(1)), top_bit(rest.low)),
        };
        let shifted_quotient = Pair {
            low: builder.shl(quotient.low, c(1)),
            high: builder.or(builder.shl(quotient.high, c(1)), top_bit(quotient.low)),
        };
        let fits = builder.or(
            carried_out,
            arithmetic::compare(&builder, LLVMIntPredicate::LLVMIntUGE, shifted_rest, divisor),
        );
        let next_rest = arithmetic::select(
            &builder,
            fits,
            arithmetic::sub(&builder, shifted_rest, divisor),
            shifted_rest,
        );
        let next_quotient = Pair {
            low: builder.or(shifted_quotient.low, builder.cast(LLVMOpcode::LLVMZExt, fits, self.int32)),
            high: shifted_quotient.high,
        };
        let next_step = builder.add(step, c(1));
        let done = builder.icmp(LLVMIntPredicate::LLVMIntEQ, next_step, c(64));
        builder.cond_br(done, exit, step_block);
        ir::add_incoming(step, &[(c(0), wide), (next_step, step_block)]);
        ir::add_incoming(quotient.low, &[(n_low, wide), (next_quotient.low, step_block)]);
        ir::add_incoming(quotient.high, &[(n_high, wide), (next_quotient.high, step_block)]);
        ir::add_incoming(rest.low, &[(c(0), wide), (next_rest.low, step_block)]);
        ir::add_incoming(rest.high, &[(c(0), wide), (next_rest.high, step_block)]);

        builder.position_at_end(exit);
        let wide_result = if remainder { next_rest } else { next_quotient };
        let low = builder.phi(self.int32);
        let high = builder.phi(self.int32);
        ir::add_incoming(low, &[(narrow_result, narrow), (wide_result.low, step_block)]);
        ir::add_incoming(high, &[(c(0), narrow), (wide_result.high, step_block)]);
        self.return_pair(&builder, Pair { low, high });
    }

    /// Builds the body of `scratchc.sdiv64` or `scratchc.srem64`, which
    /// divide the magnitudes with the unsigned helper and negate the result
    /// when it must be negative. INT64_MIN / -1 overflows, which C leaves
    /// undefined, and returns INT64_MIN.
    fn build_signed_division(&mut self, helper: LLVMValueRef, remainder: bool) {
        let unsigned_kind = if remainder {
            Division::UnsignedRemainder
        } else {
            Division::UnsignedQuotient
        };
        let unsigned_helper = self.division_helper(unsigned_kind);

        let builder = Builder::new(self.context);
        let [n_low, n_high, d_low, d_high] = [0, 1, 2, 3].map(|i| unsafe { LLVMGetParam(helper, i) });
        builder.position_at_end(unsafe { LLVMAppendBasicBlockInContext(self.context, helper, c"entry".as_ptr()) });
        let zero = self.const_u32(0);
        let negate_if = |negative, value: Pair| {
            arithmetic::select(&builder, negative, arithmetic::negate(&builder, value), value)
        };

        let dividend_negative = builder.icmp(LLVMIntPredicate::LLVMIntSLT, n_high, zero);
        let divisor_negative = builder.icmp(LLVMIntPredicate::LLVMIntSLT, d_high, zero);
        let dividend = negate_if(dividend_negative, Pair { low: n_low, high: n_high });
        let divisor = negate_if(divisor_negative, Pair { low: d_low, high: d_high });

        let low = builder.call(
            self.helper_type(),
            unsigned_helper,
            &mut [dividend.low, dividend.high, divisor.low, divisor.high],
        );
        let high_global = self.high_global();
        let high = builder.load(self.int32, high_global, false);
        unsafe { LLVMSetAlignment(high, 4) };

        let negative = if remainder {
            dividend_negative
        } else {
            builder.xor(dividend_negative, divisor_negative)
        };
        let result = negate_if(negative, Pair { low, high });
        self.return_pair(&builder, result);
    }

    /// Ends a helper: stores the high half in `@scratchc.i64_high` and
    /// returns the low half.
    fn return_pair(&mut self, builder: &Builder, value: Pair) {
        let store = builder.store(value.high, self.high_global(), false);
        unsafe { LLVMSetAlignment(store, 4) };
        builder.ret(value.low);
    }
}
