//! Splits every 64-bit integer value into two 32-bit halves.
//!
//! ```llvm
//! ; before                                ; after
//! define i64 @f(i64 %a, i64 %b) {         define i32 @f(i32 %a.lo, i32 %a.hi, i32 %b.lo, i32 %b.hi) {
//!   %s = add i64 %a, %b                     %1 = add i32 %a.lo, %b.lo
//!   ret i64 %s                              %2 = icmp ult i32 %1, %a.lo
//! }                                         %3 = add i32 %a.hi, %b.hi
//!                                           %4 = zext i1 %2 to i32
//!                                           %5 = add i32 %3, %4
//!                                           store i32 %5, ptr @scratchc.i64_high, align 4
//!                                           ret i32 %1
//!                                         }
//! ```
//!
//! Scratch numbers are doubles, which hold a 32-bit integer exactly but not a
//! 64-bit one, so this pass leaves no value of type i64. Each i64 value `v`
//! becomes a pair of i32 values `(lo, hi)` with `v = hi * 2^32 + lo`, where
//! `lo` is read unsigned and `hi` has the sign of `v`. Memory keeps the i386
//! layout: an i64 in memory is `lo` at its address and `hi` 4 bytes later.
//! Memory types (allocas, GEP source element types, external globals) may
//! still name i64, because they describe layout, not values.
//!
//! The lowerings, with `c` a carry or borrow bit and `a`, `b` the operands:
//!
//! - Constants, `undef` and `poison` split into constant halves, `freeze`,
//!   `phi` and `select` act on each half, and so do `and`, `or`, `xor`.
//! - `add`: `lo = a.lo + b.lo`, `c = lo <u a.lo`, `hi = a.hi + b.hi + c`.
//!   `sub`: `lo = a.lo - b.lo`, `c = a.lo <u b.lo`, `hi = a.hi - b.hi - c`.
//! - `mul` keeps the low 64 bits of the product:
//!   `lo = a.lo * b.lo` and `hi = mulhu(a.lo, b.lo) + a.lo * b.hi + a.hi * b.lo`,
//!   where `mulhu` is the high word of a 32x32-bit product, computed from
//!   16-bit pieces whose products fit in 32 bits.
//! - `udiv urem sdiv srem` call one of four helper functions that the pass
//!   adds to the module when first needed (see `division`).
//! - Shifts by a constant k move bits across the halves, for example
//!   `shl`: `hi = (a.hi << k) | (a.lo >> (32 - k))`, `lo = a.lo << k` for
//!   k < 32 and `hi = a.lo << (k - 32)`, `lo = 0` from 32 on. A variable
//!   amount computes both cases and selects one. Only the low half of the
//!   amount is read, because an amount of 64 or more gives poison.
//! - `icmp eq/ne` compares both halves. Every other predicate is
//!   `a.hi == b.hi ? unsigned(a.lo, b.lo) : a.hi <pred> b.hi`.
//! - `zext`/`sext` from up to 32 bits set `hi` to 0 or to `lo >>s 31`, and
//!   `trunc` reads `lo`. Pointers have 32 bits, so `ptrtoint` gives
//!   `(ptrtoint p, 0)` and `inttoptr` reads `lo`.
//! - `sitofp`/`uitofp`: `hi * 2^32 + unsigned(lo)`, rounded once to double.
//!   For float, bits 0..11 of `lo` first collapse into bit 11 when |v| >=
//!   2^53, so the double is exact and the only rounding is the one to float.
//! - `fptoui` (through double): `hi = fptoui(x * 2^-32)` and
//!   `lo = fptoui(x - hi * 2^32)`, both exact. `fptosi` converts |x| and
//!   negates the pair when x < 0.
//! - `load`/`store` become two i32 accesses, at the address and at
//!   `getelementptr inbounds i32, ptr %p, i32 1`, with the original
//!   volatility. The high half's alignment is at most 4.
//! - A 64-bit index of a GEP becomes its low half, because GEP truncates
//!   indices to 32 bits. So does an index of `extractelement` or
//!   `insertelement`, where an index beyond the vector gives poison anyway.
//! - Functions: an i64 parameter becomes two i32 parameters (low, then
//!   high), and an i64 return becomes an i32 return of `lo` while `hi` goes
//!   through the module global `@scratchc.i64_high`: the callee stores it
//!   just before `ret`, the caller loads it right after the call. Calls
//!   change the same way, through function pointers too, and an i64 argument
//!   of a variadic call becomes two i32 arguments, low first, which is the
//!   i386 stack layout of a 64-bit argument. A function declared but defined
//!   elsewhere must follow the same convention. Because functions now write
//!   that global, `memory` and `speculatable` attributes are dropped in a
//!   module that returns an i64 anywhere.
//! - Global initializers with i64 constants get the same bytes as `[2 x i32]`.
//! - Intrinsic calls on i64 are first expanded by `expand_intrinsics` into
//!   plain IR, which is then split. `switch` on i64 is lowered to compares by
//!   LLVM's lower-switch before this pass (`cpp/registration.cpp`).
//!
//! Rejected, as compile errors naming the function, the instruction and (with
//! `-g`) the C line: `bitcast` between double and i64 (Scratch gives no access
//! to a double's bits), atomic 64-bit accesses, integers wider than 32 bits
//! other than i64, vectors and aggregates with i64 elements, conversions
//! between i64 and floating types other than float and double, and intrinsics
//! on i64 that `expand_intrinsics` does not expand (such as
//! `llvm.umul.with.overflow.i64`).

mod arithmetic;
mod calls;
mod conversions;
mod division;
mod memory;

use std::collections::HashMap;

use inkwell::module::Module;
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMOpcode, LLVMTypeKind};

use crate::diagnostics::PassError;
use crate::expand_intrinsics;
use crate::ir::{self, Builder};
use crate::Layout;

use division::Division;

extern "C" {
    fn scratchc_remove_unreachable_blocks(function: LLVMValueRef);
    fn scratchc_erase_wide_debug_values(function: LLVMValueRef);
    fn scratchc_expression_as_instruction(
        expression: LLVMValueRef,
        insert_before: LLVMValueRef,
    ) -> LLVMValueRef;
}

pub fn run(module: &Module, layout: Layout) -> Result<(), Vec<PassError>> {
    let module = module.as_mut_ptr();

    expand_wide_intrinsics(module, layout)?;
    memory::narrow_constant_gep_indices(module);
    for function in ir::defined_functions(module) {
        if function_mentions_wide_integers(function) {
            unsafe {
                scratchc_remove_unreachable_blocks(function);
                scratchc_erase_wide_debug_values(function);
            }
            materialize_wide_expressions(function);
        }
    }

    // Plan every instruction before splitting the first, so that all
    // problems are reported together and no function is left half-split.
    let plan = plan_module(module)?;

    let mut splitter = Splitter::new(module);
    for (global, initializer) in plan.initializers {
        memory::replace_global(global, initializer);
    }
    let old_functions = splitter.split_signatures();
    for instructions in plan.functions {
        splitter.split_function(&instructions);
    }
    for function in old_functions {
        unsafe { LLVMDeleteFunction(function) };
    }
    if splitter.high_global.is_some() {
        calls::drop_memory_attributes(module);
    }
    check_no_wide_values(module)
}

/// The two 32-bit halves of a 64-bit value `v = high * 2^32 + low`, with
/// `low` read unsigned.
#[derive(Clone, Copy, Debug)]
struct Pair {
    low: LLVMValueRef,
    high: LLVMValueRef,
}

/// The role of a type in the split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Width {
    /// No integer wider than 32 bits: left alone.
    Narrow,
    /// A scalar i64: split into a pair.
    I64,
    /// Another wide integer, or a vector or aggregate with one: rejected.
    Unsupported,
}

fn width_of(ty: LLVMTypeRef) -> Width {
    let element_width = |element: LLVMTypeRef| match width_of(element) {
        Width::Narrow => Width::Narrow,
        _ => Width::Unsupported,
    };
    unsafe {
        match LLVMGetTypeKind(ty) {
            LLVMTypeKind::LLVMIntegerTypeKind => match ir::int_width(ty) {
                0..=32 => Width::Narrow,
                64 => Width::I64,
                _ => Width::Unsupported,
            },
            LLVMTypeKind::LLVMVectorTypeKind
            | LLVMTypeKind::LLVMScalableVectorTypeKind
            | LLVMTypeKind::LLVMArrayTypeKind => element_width(LLVMGetElementType(ty)),
            LLVMTypeKind::LLVMStructTypeKind => {
                let fields = LLVMCountStructElementTypes(ty);
                if (0..fields).all(|i| element_width(LLVMStructGetTypeAtIndex(ty, i)) == Width::Narrow)
                {
                    Width::Narrow
                } else {
                    Width::Unsupported
                }
            }
            _ => Width::Narrow,
        }
    }
}

/// Explains why values of type `ty`, which `width_of` finds unsupported,
/// cannot be split.
fn unsupported_type_problem(ty: LLVMTypeRef) -> String {
    if ir::is_int_type(ty) {
        format!(
            "{}-bit integers are not supported (only 64-bit integers are split into 32-bit halves)",
            ir::int_width(ty)
        )
    } else {
        format!(
            "values of type {} are not supported (64-bit integers are split only as scalars, not in vectors or aggregates)",
            ir::print_type(ty)
        )
    }
}

/// Returns whether an instruction has a result or operand wider than 32 bits.
fn mentions_wide_integers(instruction: LLVMValueRef) -> bool {
    width_of(ir::type_of(instruction)) != Width::Narrow
        || (0..ir::operand_count(instruction)).any(|i| {
            let operand = ir::operand(instruction, i);
            width_of(ir::type_of(operand)) != Width::Narrow || constant_mentions_wide_integers(operand)
        })
}

/// Returns whether a constant is, or contains, a value wider than 32 bits:
/// an i64 constant, or a constant expression or aggregate with one inside.
fn constant_mentions_wide_integers(constant: LLVMValueRef) -> bool {
    unsafe {
        if LLVMIsAConstant(constant).is_null() || !LLVMIsAGlobalValue(constant).is_null() {
            return false;
        }
        if width_of(LLVMTypeOf(constant)) != Width::Narrow {
            return true;
        }
        let has_operands = !LLVMIsAConstantExpr(constant).is_null()
            || !LLVMIsAConstantArray(constant).is_null()
            || !LLVMIsAConstantStruct(constant).is_null()
            || !LLVMIsAConstantVector(constant).is_null();
        has_operands
            && (0..ir::operand_count(constant))
                .any(|i| constant_mentions_wide_integers(ir::operand(constant, i)))
    }
}

fn function_mentions_wide_integers(function: LLVMValueRef) -> bool {
    signature_mentions_wide_integers(function)
        || ir::function_instructions(function)
            .into_iter()
            .any(mentions_wide_integers)
}

fn signature_mentions_wide_integers(function: LLVMValueRef) -> bool {
    let function_type = unsafe { LLVMGlobalGetValueType(function) };
    calls::signature_types(function_type)
        .into_iter()
        .any(|ty| width_of(ty) != Width::Narrow)
}

/// Returns the value of an i32 constant read unsigned.
fn constant_u32(value: LLVMValueRef) -> Option<u32> {
    unsafe {
        (!LLVMIsAConstantInt(value).is_null()).then(|| LLVMConstIntGetZExtValue(value) as u32)
    }
}

/// Expands intrinsic calls that have a 64-bit operand or result, with the
/// code of `scratch-expand-intrinsics`, so that the pass also works alone.
/// This also deletes `llvm.lifetime.*` calls, whose size is an i64.
fn expand_wide_intrinsics(module: LLVMModuleRef, layout: Layout) -> Result<(), Vec<PassError>> {
    let mut errors = Vec::new();
    for function in ir::defined_functions(module) {
        for call in ir::function_instructions(function) {
            if ir::opcode(call) != LLVMOpcode::LLVMCall || !mentions_wide_integers(call) {
                continue;
            }
            let Some(name) = ir::called_function_name(call) else {
                continue;
            };
            if let Some(intrinsic) = name.strip_prefix("llvm.") {
                if let Err(error) = expand_intrinsics::expand_call(module, call, intrinsic, layout) {
                    errors.push(error);
                }
            }
        }
    }
    expand_intrinsics::delete_unused_intrinsic_declarations(module);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Turns every constant expression operand that contains a wide integer,
/// such as `ptrtoint (ptr @g to i64)`, into instructions, so that only
/// instructions and plain constants need splitting. A phi's operand is
/// computed at the end of its incoming block.
fn materialize_wide_expressions(function: LLVMValueRef) {
    let mut work = ir::function_instructions(function);
    while let Some(instruction) = work.pop() {
        for position in 0..ir::operand_count(instruction) {
            let operand = ir::operand(instruction, position);
            let is_expression = unsafe { !LLVMIsAConstantExpr(operand).is_null() };
            if !is_expression || !constant_mentions_wide_integers(operand) {
                continue;
            }
            let insert_before = if ir::opcode(instruction) == LLVMOpcode::LLVMPHI {
                unsafe { LLVMGetBasicBlockTerminator(LLVMGetIncomingBlock(instruction, position)) }
            } else {
                instruction
            };
            let computed = unsafe { scratchc_expression_as_instruction(operand, insert_before) };
            unsafe { LLVMSetOperand(instruction, position, computed) };
            work.push(computed);
        }
    }
}

/// The lowering of an instruction that has a 64-bit operand or result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lowering {
    /// Two phis, whose incoming values are filled in after the other
    /// instructions of the function are split.
    Phi,
    /// `add sub mul and or xor shl lshr ashr`.
    Arithmetic,
    Division(Division),
    Compare,
    Select,
    Freeze,
    /// `zext` or `sext` from at most 32 bits.
    Extend,
    Truncate,
    IntToFloat,
    FloatToInt,
    PtrToInt,
    IntToPtr,
    Load,
    Store,
    /// A GEP, `extractelement` or `insertelement` with a 64-bit index.
    Index,
    Call,
    Return,
}

/// The instructions and initializers to split, all checked before the
/// first is split.
struct Plan {
    /// Per function with 64-bit values, its instructions to split, with
    /// their lowering, in an order where every definition except a phi's
    /// incoming values comes before its uses.
    functions: Vec<Vec<(LLVMValueRef, Lowering)>>,
    /// Globals with a 64-bit constant in their initializer, and the
    /// initializer that replaces it.
    initializers: Vec<(LLVMValueRef, LLVMValueRef)>,
}

fn plan_module(module: LLVMModuleRef) -> Result<Plan, Vec<PassError>> {
    let mut errors = Vec::new();
    let mut plan = Plan {
        functions: Vec::new(),
        initializers: Vec::new(),
    };

    for function in calls::functions_with_signatures(module) {
        if let Err(error) = calls::check_signature(function) {
            errors.push(error);
        }
    }
    for function in ir::defined_functions(module) {
        let mut instructions = Vec::new();
        for block in ir::reverse_postorder(function) {
            for instruction in ir::instructions(block) {
                match plan_instruction(module, instruction) {
                    Ok(Some(lowering)) => instructions.push((instruction, lowering)),
                    Ok(None) => {}
                    Err(error) => errors.push(error),
                }
            }
        }
        if !instructions.is_empty() {
            plan.functions.push(instructions);
        }
    }
    match memory::plan_initializers(module) {
        Ok(initializers) => plan.initializers = initializers,
        Err(mut initializer_errors) => errors.append(&mut initializer_errors),
    }

    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

/// Decides how to split one instruction, or rejects it. Returns `None` for
/// an instruction without 64-bit values.
fn plan_instruction(
    module: LLVMModuleRef,
    instruction: LLVMValueRef,
) -> Result<Option<Lowering>, PassError> {
    if !mentions_wide_integers(instruction) {
        return Ok(None);
    }
    let unsupported = std::iter::once(ir::type_of(instruction))
        .chain((0..ir::operand_count(instruction)).map(|i| ir::type_of(ir::operand(instruction, i))))
        .find(|&ty| width_of(ty) == Width::Unsupported);
    if let Some(ty) = unsupported {
        return Err(PassError::at_instruction(instruction, unsupported_type_problem(ty)));
    }

    use LLVMOpcode::*;
    let lowering = match ir::opcode(instruction) {
        LLVMPHI => Lowering::Phi,
        LLVMAdd | LLVMSub | LLVMMul | LLVMAnd | LLVMOr | LLVMXor | LLVMShl | LLVMLShr
        | LLVMAShr => Lowering::Arithmetic,
        LLVMUDiv => Lowering::Division(Division::UnsignedQuotient),
        LLVMURem => Lowering::Division(Division::UnsignedRemainder),
        LLVMSDiv => Lowering::Division(Division::SignedQuotient),
        LLVMSRem => Lowering::Division(Division::SignedRemainder),
        LLVMICmp => Lowering::Compare,
        LLVMSelect => Lowering::Select,
        LLVMFreeze => Lowering::Freeze,
        LLVMZExt | LLVMSExt => Lowering::Extend,
        LLVMTrunc => Lowering::Truncate,
        LLVMSIToFP | LLVMUIToFP => {
            conversions::check_float_type(instruction, ir::type_of(instruction))?;
            Lowering::IntToFloat
        }
        LLVMFPToSI | LLVMFPToUI => {
            conversions::check_float_type(instruction, ir::type_of(ir::operand(instruction, 0)))?;
            Lowering::FloatToInt
        }
        LLVMPtrToInt | LLVMIntToPtr => {
            conversions::check_pointer_size(module, instruction)?;
            if ir::opcode(instruction) == LLVMPtrToInt {
                Lowering::PtrToInt
            } else {
                Lowering::IntToPtr
            }
        }
        LLVMBitCast => return Err(conversions::bitcast_error(instruction)),
        LLVMLoad | LLVMStore => {
            memory::check_not_atomic(instruction)?;
            if ir::opcode(instruction) == LLVMLoad {
                Lowering::Load
            } else {
                Lowering::Store
            }
        }
        LLVMGetElementPtr | LLVMExtractElement | LLVMInsertElement => Lowering::Index,
        LLVMCall => {
            calls::check_call(instruction)?;
            Lowering::Call
        }
        LLVMRet => Lowering::Return,
        _ => {
            return Err(PassError::at_instruction(
                instruction,
                "this instruction is not supported on 64-bit integers",
            ))
        }
    };
    Ok(Some(lowering))
}

/// The result of splitting one instruction.
enum Split {
    /// The instruction produced an i64, now these halves. It stays, unused
    /// in the end, until the whole function is split.
    Halves(Pair),
    /// The instruction is replaced by this value of its own type.
    Value(LLVMValueRef),
    /// The instruction was a store or a return, now rebuilt: erase it.
    Erase,
    /// The instruction was changed in place.
    Changed,
}

/// The state of the split over one module.
struct Splitter {
    module: LLVMModuleRef,
    context: LLVMContextRef,
    int32: LLVMTypeRef,
    builder: Builder,
    /// The halves of every i64 value split so far, old parameters included.
    halves: HashMap<LLVMValueRef, Pair>,
    /// `@scratchc.i64_high`, once a function returns an i64.
    high_global: Option<LLVMValueRef>,
    division_helpers: HashMap<Division, LLVMValueRef>,
}

impl Splitter {
    fn new(module: LLVMModuleRef) -> Splitter {
        let context = unsafe { LLVMGetModuleContext(module) };
        Splitter {
            module,
            context,
            int32: unsafe { LLVMInt32TypeInContext(context) },
            builder: Builder::new(context),
            halves: HashMap::new(),
            high_global: None,
            division_helpers: HashMap::new(),
        }
    }

    fn const_u32(&self, value: u32) -> LLVMValueRef {
        ir::const_int(self.int32, value as u64)
    }

    /// Returns the halves of an i64 operand: split before, or a constant.
    fn halves_of(&self, value: LLVMValueRef) -> Pair {
        if let Some(&pair) = self.halves.get(&value) {
            return pair;
        }
        unsafe {
            if !LLVMIsAConstantInt(value).is_null() {
                let bits = LLVMConstIntGetZExtValue(value);
                return Pair {
                    low: self.const_u32(bits as u32),
                    high: self.const_u32((bits >> 32) as u32),
                };
            }
            // Poison is also undef, so it is tested first.
            if LLVMIsPoison(value) != 0 {
                let poison = LLVMGetPoison(self.int32);
                return Pair { low: poison, high: poison };
            }
            if LLVMIsUndef(value) != 0 {
                let undef = LLVMGetUndef(self.int32);
                return Pair { low: undef, high: undef };
            }
        }
        panic!("no 32-bit halves for the i64 value {}", ir::print_value(value))
    }

    /// Splits the planned instructions of one function.
    fn split_function(&mut self, instructions: &[(LLVMValueRef, Lowering)]) {
        // Phis come first, because a phi's incoming value may be defined in a
        // block that comes later in the order.
        let mut replaced = Vec::new();
        for &(phi, lowering) in instructions {
            if lowering == Lowering::Phi {
                self.builder.position_before(phi);
                let low = self.builder.phi(self.int32);
                let high = self.builder.phi(self.int32);
                self.halves.insert(phi, Pair { low, high });
                replaced.push(phi);
            }
        }

        for &(instruction, lowering) in instructions {
            if lowering == Lowering::Phi {
                continue;
            }
            self.builder.position_before(instruction);
            match self.split_instruction(instruction, lowering) {
                Split::Halves(pair) => {
                    self.halves.insert(instruction, pair);
                    replaced.push(instruction);
                }
                Split::Value(value) => unsafe {
                    LLVMReplaceAllUsesWith(instruction, value);
                    LLVMInstructionEraseFromParent(instruction);
                },
                Split::Erase => unsafe { LLVMInstructionEraseFromParent(instruction) },
                Split::Changed => {}
            }
        }

        for &(phi, lowering) in instructions {
            if lowering == Lowering::Phi {
                self.fill_phis(phi);
            }
        }

        // The replaced instructions may still use each other (phis in a loop),
        // so every use is cut before any of them is erased.
        for &instruction in &replaced {
            unsafe { LLVMReplaceAllUsesWith(instruction, LLVMGetPoison(LLVMTypeOf(instruction))) };
        }
        for instruction in replaced {
            unsafe { LLVMInstructionEraseFromParent(instruction) };
        }
    }

    fn fill_phis(&self, phi: LLVMValueRef) {
        let pair = self.halves[&phi];
        for index in 0..unsafe { LLVMCountIncoming(phi) } {
            let (value, block) = unsafe { (LLVMGetIncomingValue(phi, index), LLVMGetIncomingBlock(phi, index)) };
            let incoming = self.halves_of(value);
            ir::add_incoming(pair.low, &[(incoming.low, block)]);
            ir::add_incoming(pair.high, &[(incoming.high, block)]);
        }
    }

    fn split_instruction(&mut self, instruction: LLVMValueRef, lowering: Lowering) -> Split {
        let operand_halves = |index| self.halves_of(ir::operand(instruction, index));
        match lowering {
            Lowering::Phi => unreachable!("phis are split by split_function"),
            Lowering::Arithmetic => Split::Halves(arithmetic::split(
                &self.builder,
                ir::opcode(instruction),
                operand_halves(0),
                operand_halves(1),
            )),
            Lowering::Division(kind) => Split::Halves(self.split_division(instruction, kind)),
            Lowering::Compare => {
                let predicate = unsafe { LLVMGetICmpPredicate(instruction) };
                Split::Value(arithmetic::compare(
                    &self.builder,
                    predicate,
                    operand_halves(0),
                    operand_halves(1),
                ))
            }
            Lowering::Select => {
                let condition = ir::operand(instruction, 0);
                let (then, otherwise) = (operand_halves(1), operand_halves(2));
                Split::Halves(Pair {
                    low: self.builder.select(condition, then.low, otherwise.low),
                    high: self.builder.select(condition, then.high, otherwise.high),
                })
            }
            Lowering::Freeze => {
                let value = operand_halves(0);
                Split::Halves(Pair {
                    low: self.builder.freeze(value.low),
                    high: self.builder.freeze(value.high),
                })
            }
            Lowering::Extend => Split::Halves(self.split_extend(instruction)),
            Lowering::Truncate => Split::Value(self.split_truncate(instruction)),
            Lowering::IntToFloat => Split::Value(self.split_int_to_float(instruction)),
            Lowering::FloatToInt => Split::Halves(self.split_float_to_int(instruction)),
            Lowering::PtrToInt => Split::Halves(Pair {
                low: self.builder.cast(LLVMOpcode::LLVMPtrToInt, ir::operand(instruction, 0), self.int32),
                high: self.const_u32(0),
            }),
            Lowering::IntToPtr => Split::Value(self.builder.cast(
                LLVMOpcode::LLVMIntToPtr,
                operand_halves(0).low,
                ir::type_of(instruction),
            )),
            Lowering::Load => Split::Halves(self.split_load(instruction)),
            Lowering::Store => {
                self.split_store(instruction);
                Split::Erase
            }
            Lowering::Index => {
                self.split_indices(instruction);
                Split::Changed
            }
            Lowering::Call => self.split_call(instruction),
            Lowering::Return => {
                self.split_return(instruction);
                Split::Erase
            }
        }
    }
}

/// Rejects whatever 64-bit value survived the split. Every construct the
/// plan accepts is split, so an error here is a bug in this pass.
fn check_no_wide_values(module: LLVMModuleRef) -> Result<(), Vec<PassError>> {
    const BUG: &str = "a 64-bit integer survived scratch-split-i64 (an internal error: please report it with the input IR)";
    let mut errors = Vec::new();
    for function in calls::functions_with_signatures(module) {
        if signature_mentions_wide_integers(function) {
            errors.push(PassError::in_function(function, BUG));
        }
    }
    for function in ir::defined_functions(module) {
        for instruction in ir::function_instructions(function) {
            if mentions_wide_integers(instruction) {
                errors.push(PassError::at_instruction(instruction, BUG));
            }
        }
    }
    for global in memory::globals_with_initializers(module) {
        if constant_mentions_wide_integers(unsafe { LLVMGetInitializer(global) }) {
            errors.push(PassError::in_global(global, BUG));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Names a new value after an old one with a suffix, as in `%a.lo`, when the
/// old value has a name.
fn name_after(value: LLVMValueRef, original: LLVMValueRef, suffix: &str) {
    let name = ir::value_name(original);
    if name.is_empty() {
        return;
    }
    let full = format!("{name}.{suffix}");
    unsafe { LLVMSetValueName2(value, full.as_ptr() as *const _, full.len()) };
}
