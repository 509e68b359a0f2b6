//! Rescales byte-offset GEPs to 32-bit cells for the `words` memory layout.
//!
//! ```llvm
//! ; before                                         ; after
//! %i4 = shl i32 %i, 2                              ;
//! %p = getelementptr i8, ptr %a, i32 %i4           %p = getelementptr i32, ptr %a, i32 %i
//! %q = getelementptr i8, ptr @g, i32 8             %q = getelementptr i32, ptr @g, i32 2
//! ```
//!
//! In `words` memory one address contains one 32-bit cell and a pointer counts
//! cells, so a GEP may only step in whole cells. The backend divides the
//! DataLayout byte offsets of a GEP by 4. This pass rewrites every GEP (an
//! instruction or a constant expression) whose source element size or one of
//! whose steps is not a multiple of 4 bytes into `getelementptr i32, ptr
//! %base, <bytes / 4>`, after proving that the byte offset is a multiple of 4:
//! constants, `shl x, k` with k >= 2, `mul` by a multiple of 4, `add`, `sub`,
//! `or`, `xor` and `select` or `phi` of such values, `and` with such a value,
//! and integer casts of them.
//!
//! It rejects, as compile errors: a GEP whose byte offset it cannot prove to
//! be a multiple of 4, and any load, store or atomic access of a type other
//! than i32, i64, ptr, float or double (so i1, i8 and i16 memory is an error).

use std::collections::{HashMap, HashSet};

use inkwell::module::Module;
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::target::*;
use llvm_sys::{LLVMOpcode, LLVMTypeKind};

use crate::diagnostics::PassError;
use crate::ir::{self, Builder};

/// Bytes in one `words` memory cell.
const CELL_BYTES: u64 = 4;

/// The explanation that every memory-layout error adds: the reason, and what to change in the C.
const WORDS_HINT: &str = "the words memory layout has one 32-bit cell per address, so char, short and bool \
                          values cannot be stored in memory: use int for them in arrays, structs and pointers, \
                          or compile with `--layout bytes`";

pub fn run(module: &Module) -> Result<(), Vec<PassError>> {
    let module = module.as_mut_ptr();
    let mut errors = Vec::new();

    rescale_constant_geps(module, &mut errors);
    for function in ir::defined_functions(module) {
        // Collect first: rescaling erases index arithmetic that became dead.
        let geps: Vec<LLVMValueRef> = ir::function_instructions(function)
            .into_iter()
            .filter(|&instruction| ir::opcode(instruction) == LLVMOpcode::LLVMGetElementPtr)
            .collect();
        for gep in geps {
            if let Err(error) = rescale_gep_instruction(module, gep) {
                errors.push(error);
            }
        }
        for instruction in ir::function_instructions(function) {
            if let Err(error) = check_memory_access(instruction) {
                errors.push(error);
            }
        }
    }

    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// One step of a GEP: a variable index and the bytes it steps by.
struct VariableStep {
    index: LLVMValueRef,
    bytes: u64,
}

/// A GEP's byte offset: a constant part plus variable steps.
struct ByteOffset {
    constant: i64,
    steps: Vec<VariableStep>,
    /// Whether some step or the source element size is not a whole number of
    /// cells, so the backend could not divide the DataLayout offsets by 4.
    needs_rescaling: bool,
}

/// Splits the byte offset of a GEP (instruction or constant expression) into
/// its constant part and variable steps, following the source element type.
fn byte_offset(module: LLVMModuleRef, gep: LLVMValueRef) -> Result<ByteOffset, String> {
    let layout = unsafe { LLVMGetModuleDataLayout(module) };
    let mut ty = unsafe { LLVMGetGEPSourceElementType(gep) };
    let mut offset = ByteOffset {
        constant: 0,
        steps: Vec::new(),
        needs_rescaling: false,
    };

    let count = ir::operand_count(gep);
    if (1..count).any(|i| !ir::is_int_type(ir::type_of(ir::operand(gep, i)))) {
        return Err("GEP with vector operands is not supported".to_string());
    }

    let size = unsafe { LLVMABISizeOfType(layout, ty) };
    offset.needs_rescaling |= size % CELL_BYTES != 0;
    add_step(&mut offset, ir::operand(gep, 1), size);

    for position in 2..count {
        let index = ir::operand(gep, position);
        match unsafe { LLVMGetTypeKind(ty) } {
            LLVMTypeKind::LLVMStructTypeKind => {
                let field =
                    ir::constant_int(index).ok_or("struct field index is not a constant")? as u32;
                let field_offset = unsafe { LLVMOffsetOfElement(layout, ty, field) };
                offset.needs_rescaling |= field_offset % CELL_BYTES != 0;
                offset.constant = offset.constant.wrapping_add(field_offset as i64);
                ty = unsafe { LLVMStructGetTypeAtIndex(ty, field) };
            }
            LLVMTypeKind::LLVMArrayTypeKind => {
                ty = unsafe { LLVMGetElementType(ty) };
                let size = unsafe { LLVMABISizeOfType(layout, ty) };
                offset.needs_rescaling |= size % CELL_BYTES != 0;
                add_step(&mut offset, index, size);
            }
            _ => {
                return Err(format!(
                    "GEP into type {} is not supported",
                    ir::print_type(ty)
                ))
            }
        }
    }
    Ok(offset)
}

fn add_step(offset: &mut ByteOffset, index: LLVMValueRef, bytes: u64) {
    match ir::constant_int(index) {
        Some(value) => {
            offset.constant = offset
                .constant
                .wrapping_add(value.wrapping_mul(bytes as i64))
        }
        None => offset.steps.push(VariableStep { index, bytes }),
    }
}

/// Rewrites one GEP instruction into `getelementptr i32` when its steps are
/// not whole cells.
fn rescale_gep_instruction(module: LLVMModuleRef, gep: LLVMValueRef) -> Result<(), PassError> {
    let offset =
        byte_offset(module, gep).map_err(|problem| PassError::at_instruction(gep, problem))?;
    if !offset.needs_rescaling {
        return Ok(());
    }
    if offset.constant % CELL_BYTES as i64 != 0 {
        return Err(PassError::at_instruction(
            gep,
            format!("byte offset {} is not a multiple of 4 ({WORDS_HINT})", offset.constant),
        ));
    }

    let context = unsafe { LLVMGetModuleContext(module) };
    let index_type = unsafe {
        LLVMIntTypeInContext(
            context,
            LLVMPointerSize(LLVMGetModuleDataLayout(module)) * 8,
        )
    };
    let builder = Builder::new(context);
    builder.position_before(gep);

    // Sum the cells of every step, then the constant cells.
    let mut cells = ir::const_int(index_type, (offset.constant / CELL_BYTES as i64) as u64);
    for step in &offset.steps {
        let index = builder.sext_or_trunc(step.index, index_type);
        let step_cells = if step.bytes % CELL_BYTES == 0 {
            scale(&builder, index, step.bytes / CELL_BYTES)
        } else if step.bytes == 1 && is_multiple_of_four(index, &mut HashSet::new()) {
            quarter(&builder, index)
        } else {
            return Err(PassError::at_instruction(
                gep,
                format!("byte offset is not provably a multiple of 4 ({WORDS_HINT})"),
            ));
        };
        cells = if ir::constant_int(cells) == Some(0) {
            step_cells
        } else {
            builder.add(cells, step_cells)
        };
    }

    let inbounds = unsafe { LLVMIsInBounds(gep) } != 0;
    let cell_type = unsafe { LLVMInt32TypeInContext(context) };
    let rescaled = builder.gep(cell_type, ir::operand(gep, 0), cells, inbounds);
    unsafe { LLVMReplaceAllUsesWith(gep, rescaled) };
    ir::erase_with_dead_operands(gep);
    Ok(())
}

fn scale(builder: &Builder, index: LLVMValueRef, factor: u64) -> LLVMValueRef {
    if factor == 1 {
        index
    } else {
        builder.mul(index, ir::const_int(ir::type_of(index), factor))
    }
}

/// Decides whether an integer value is a multiple of 4 (its two low bits are
/// zero) in every execution. `visiting` contains the phis under proof: assuming
/// them is sound, because a phi whose incoming values are multiples of 4
/// whenever the phi is stays a multiple of 4 by induction over executions.
pub(crate) fn is_multiple_of_four(
    value: LLVMValueRef,
    visiting: &mut HashSet<LLVMValueRef>,
) -> bool {
    if let Some(constant) = ir::constant_int(value) {
        return constant % 4 == 0;
    }
    if unsafe { LLVMIsAInstruction(value).is_null() } {
        return false;
    }

    let lhs = || ir::operand(value, 0);
    let rhs = || ir::operand(value, 1);
    match ir::opcode(value) {
        LLVMOpcode::LLVMShl => {
            ir::constant_int(rhs()).is_some_and(|k| k >= 2) || is_multiple_of_four(lhs(), visiting)
        }
        LLVMOpcode::LLVMMul | LLVMOpcode::LLVMAnd => {
            is_multiple_of_four(lhs(), visiting) || is_multiple_of_four(rhs(), visiting)
        }
        LLVMOpcode::LLVMAdd | LLVMOpcode::LLVMSub | LLVMOpcode::LLVMOr | LLVMOpcode::LLVMXor => {
            is_multiple_of_four(lhs(), visiting) && is_multiple_of_four(rhs(), visiting)
        }
        LLVMOpcode::LLVMSelect => {
            is_multiple_of_four(ir::operand(value, 1), visiting)
                && is_multiple_of_four(ir::operand(value, 2), visiting)
        }
        LLVMOpcode::LLVMSExt | LLVMOpcode::LLVMZExt => is_multiple_of_four(lhs(), visiting),
        LLVMOpcode::LLVMTrunc => {
            ir::int_width(ir::type_of(value)) >= 2 && is_multiple_of_four(lhs(), visiting)
        }
        LLVMOpcode::LLVMPHI => {
            if !visiting.insert(value) {
                return true;
            }
            let count = unsafe { LLVMCountIncoming(value) };
            (0..count)
                .all(|i| is_multiple_of_four(unsafe { LLVMGetIncomingValue(value, i) }, visiting))
        }
        _ => false,
    }
}

/// Builds `value / 4` for a value that `is_multiple_of_four` accepted, so that
/// `4 * result == value` modulo 2^width. Simple shapes get a simple quotient
/// (`shl x, 2` gives `x`); everything else gets `ashr exact value, 2`.
///
/// The quotient keeps `nsw` where it still holds, because the backend drops
/// the wrap of an `nsw` operation. A shift or product that did not wrap does
/// not wrap with a quarter of the factor. A sum or difference of two quarters
/// is below 2^(width-1) in magnitude, so it never wraps.
pub(crate) fn quarter(builder: &Builder, value: LLVMValueRef) -> LLVMValueRef {
    let ty = ir::type_of(value);
    if let Some(constant) = ir::constant_int(value) {
        return ir::const_int(ty, (constant / 4) as u64);
    }

    let proven = |v| is_multiple_of_four(v, &mut HashSet::new());
    if unsafe { !LLVMIsAInstruction(value).is_null() } {
        let lhs = ir::operand(value, 0);
        let rhs = if ir::operand_count(value) > 1 {
            ir::operand(value, 1)
        } else {
            lhs
        };
        match ir::opcode(value) {
            LLVMOpcode::LLVMShl => {
                if let Some(k) = ir::constant_int(rhs).filter(|&k| k >= 2) {
                    if k == 2 {
                        return lhs;
                    }
                    let shifted = builder.shl(lhs, ir::const_int(ty, (k - 2) as u64));
                    return keep_no_signed_wrap(builder, value, shifted);
                }
            }
            // 4 * ((a / 4) * b) == a * b, and the same with a and b swapped.
            LLVMOpcode::LLVMMul => {
                if proven(rhs) {
                    return multiply_quarter(builder, value, lhs, rhs);
                }
                if proven(lhs) {
                    return multiply_quarter(builder, value, rhs, lhs);
                }
            }
            LLVMOpcode::LLVMAdd => {
                return builder.no_signed_wrap(builder.add(quarter(builder, lhs), quarter(builder, rhs)));
            }
            LLVMOpcode::LLVMSub => {
                return builder.no_signed_wrap(builder.sub(quarter(builder, lhs), quarter(builder, rhs)));
            }
            // Disjoint bits add without carries, so the quotients add too.
            LLVMOpcode::LLVMOr if unsafe { LLVMGetIsDisjoint(value) } != 0 => {
                return builder.no_signed_wrap(builder.add(quarter(builder, lhs), quarter(builder, rhs)));
            }
            _ => {}
        }
    }
    builder.ashr_exact(value, ir::const_int(ty, 2))
}

/// Marks `quotient`, an operation just built to quarter `original`, `nsw`
/// when `original` is.
fn keep_no_signed_wrap(builder: &Builder, original: LLVMValueRef, quotient: LLVMValueRef) -> LLVMValueRef {
    if unsafe { LLVMGetNSW(original) } != 0 {
        builder.no_signed_wrap(quotient);
    }
    quotient
}

/// Builds `other * (multiple / 4)`, the quarter of `product`.
fn multiply_quarter(
    builder: &Builder,
    product: LLVMValueRef,
    other: LLVMValueRef,
    multiple: LLVMValueRef,
) -> LLVMValueRef {
    if ir::constant_int(multiple) == Some(4) {
        return other;
    }
    keep_no_signed_wrap(builder, product, builder.mul(other, quarter(builder, multiple)))
}

/// Rewrites GEP constant expressions (in instruction operands and global
/// initializers) that need rescaling, innermost first. Replacing a constant
/// re-creates every constant that uses it, so each round collects only GEPs
/// that contain no other GEP needing work, then scans again.
fn rescale_constant_geps(module: LLVMModuleRef, errors: &mut Vec<PassError>) {
    let mut rejected = HashSet::new();
    loop {
        let mut found = Vec::new();
        let mut seen = HashMap::new();
        for (owner, root) in constant_roots(module) {
            collect_innermost_geps(module, root, owner, &mut seen, &mut found);
        }
        found.retain(|(gep, _)| !rejected.contains(gep));
        if found.is_empty() {
            return;
        }

        for (gep, owner) in found {
            match rescaled_constant_gep(module, gep) {
                Ok(replacement) => unsafe { LLVMReplaceAllUsesWith(gep, replacement) },
                Err(problem) => {
                    rejected.insert(gep);
                    errors.push(constant_error(owner, gep, &problem));
                }
            }
        }
    }
}

/// Returns every constant operand of an instruction and every global
/// initializer, each with the instruction or global that contains it.
pub(crate) fn constant_roots(module: LLVMModuleRef) -> Vec<(LLVMValueRef, LLVMValueRef)> {
    let mut roots = Vec::new();
    unsafe {
        let mut global = LLVMGetFirstGlobal(module);
        while !global.is_null() {
            let initializer = LLVMGetInitializer(global);
            if !initializer.is_null() {
                roots.push((global, initializer));
            }
            global = LLVMGetNextGlobal(global);
        }
    }
    for function in ir::defined_functions(module) {
        for instruction in ir::function_instructions(function) {
            for position in 0..ir::operand_count(instruction) {
                let value = ir::operand(instruction, position);
                if !value.is_null() && unsafe { !LLVMIsAConstant(value).is_null() } {
                    roots.push((instruction, value));
                }
            }
        }
    }
    roots
}

/// Collects the GEP constant expressions under `constant` that need
/// rescaling and contain none that does. Returns whether `constant` contains
/// a GEP that needs rescaling.
fn collect_innermost_geps(
    module: LLVMModuleRef,
    constant: LLVMValueRef,
    owner: LLVMValueRef,
    seen: &mut HashMap<LLVMValueRef, bool>,
    found: &mut Vec<(LLVMValueRef, LLVMValueRef)>,
) -> bool {
    let is_expression = unsafe { !LLVMIsAConstantExpr(constant).is_null() };
    let is_aggregate = unsafe {
        !LLVMIsAConstantStruct(constant).is_null()
            || !LLVMIsAConstantArray(constant).is_null()
            || !LLVMIsAConstantVector(constant).is_null()
    };
    if !is_expression && !is_aggregate {
        return false;
    }
    if let Some(&contains_work) = seen.get(&constant) {
        return contains_work;
    }

    let mut inner = false;
    for position in 0..ir::operand_count(constant) {
        inner |=
            collect_innermost_geps(module, ir::operand(constant, position), owner, seen, found);
    }
    let is_gep =
        is_expression && unsafe { LLVMGetConstOpcode(constant) } == LLVMOpcode::LLVMGetElementPtr;
    let needs_work =
        is_gep && byte_offset(module, constant).map_or(true, |offset| offset.needs_rescaling);
    if needs_work && !inner {
        found.push((constant, owner));
    }
    seen.insert(constant, inner || needs_work);
    inner || needs_work
}

fn rescaled_constant_gep(module: LLVMModuleRef, gep: LLVMValueRef) -> Result<LLVMValueRef, String> {
    let offset = byte_offset(module, gep)?;
    if !offset.steps.is_empty() {
        return Err("constant GEP with a non-constant index is not supported".to_string());
    }
    if offset.constant % CELL_BYTES as i64 != 0 {
        return Err(format!(
            "byte offset {} is not a multiple of 4 ({WORDS_HINT})",
            offset.constant
        ));
    }
    unsafe {
        let context = LLVMGetModuleContext(module);
        let index_type = LLVMIntTypeInContext(
            context,
            LLVMPointerSize(LLVMGetModuleDataLayout(module)) * 8,
        );
        let mut indices = [ir::const_int(
            index_type,
            (offset.constant / CELL_BYTES as i64) as u64,
        )];
        let cell_type = LLVMInt32TypeInContext(context);
        let base = ir::operand(gep, 0);
        Ok(if LLVMIsInBounds(gep) != 0 {
            LLVMConstInBoundsGEP2(cell_type, base, indices.as_mut_ptr(), 1)
        } else {
            LLVMConstGEP2(cell_type, base, indices.as_mut_ptr(), 1)
        })
    }
}

fn constant_error(owner: LLVMValueRef, gep: LLVMValueRef, problem: &str) -> PassError {
    let problem = format!("{problem} in constant {}", ir::print_value(gep));
    if unsafe { LLVMIsAInstruction(owner).is_null() } {
        PassError::in_global(owner, problem)
    } else {
        PassError::at_instruction(owner, problem)
    }
}

/// Rejects memory accesses that are not whole 32-bit or 64-bit values.
fn check_memory_access(instruction: LLVMValueRef) -> Result<(), PassError> {
    let (kind, ty) = match ir::opcode(instruction) {
        LLVMOpcode::LLVMLoad => ("load", ir::type_of(instruction)),
        LLVMOpcode::LLVMStore => ("store", ir::type_of(ir::operand(instruction, 0))),
        LLVMOpcode::LLVMAtomicRMW => ("atomicrmw", ir::type_of(instruction)),
        LLVMOpcode::LLVMAtomicCmpXchg => ("cmpxchg", ir::type_of(ir::operand(instruction, 1))),
        _ => return Ok(()),
    };
    let allowed = match unsafe { LLVMGetTypeKind(ty) } {
        LLVMTypeKind::LLVMIntegerTypeKind => matches!(ir::int_width(ty), 32 | 64),
        LLVMTypeKind::LLVMPointerTypeKind
        | LLVMTypeKind::LLVMFloatTypeKind
        | LLVMTypeKind::LLVMDoubleTypeKind => true,
        _ => false,
    };
    if allowed {
        return Ok(());
    }
    Err(PassError::at_instruction(
        instruction,
        format!(
            "{kind} of {} is not supported ({WORDS_HINT}. Memory holds int, pointer, float and double \
             values, and 64-bit values only as copies)",
            ir::print_type(ty)
        ),
    ))
}
