//! Loads, stores and indices of i64, and global initializers with i64
//! constants. Memory keeps the i386 layout, low half first.

use std::collections::HashMap;

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::target::{LLVMABISizeOfType, LLVMGetModuleDataLayout, LLVMOffsetOfElement};
use llvm_sys::{LLVMAtomicOrdering, LLVMOpcode, LLVMTypeKind};

use super::{constant_mentions_wide_integers, unsupported_type_problem, width_of, Pair, Splitter, Width};
use crate::diagnostics::PassError;
use crate::ir;

extern "C" {
    fn scratchc_replace_global(global: LLVMValueRef, initializer: LLVMValueRef) -> LLVMValueRef;
}

/// Rejects atomic 64-bit loads and stores: two 32-bit accesses would not be
/// atomic together.
pub(super) fn check_not_atomic(instruction: LLVMValueRef) -> Result<(), PassError> {
    if unsafe { LLVMGetOrdering(instruction) } == LLVMAtomicOrdering::LLVMAtomicOrderingNotAtomic {
        Ok(())
    } else {
        Err(PassError::at_instruction(
            instruction,
            "atomic 64-bit loads and stores are not supported",
        ))
    }
}

impl Splitter {
    /// Returns the address of the high half: 4 bytes, one i32, after
    /// `pointer`. An i64 access at `pointer` is defined only if all 8 bytes
    /// are in one object, so the GEP is `inbounds`.
    fn high_address(&self, pointer: LLVMValueRef) -> LLVMValueRef {
        self.builder.gep(self.int32, pointer, self.const_u32(1), true)
    }

    /// Loads the halves with the load's volatility. The low half keeps the
    /// alignment, and the high half, 4 bytes further, has at most 4.
    pub(super) fn split_load(&self, load: LLVMValueRef) -> Pair {
        let pointer = ir::operand(load, 0);
        let (alignment, volatile) = unsafe { (LLVMGetAlignment(load), LLVMGetVolatile(load) != 0) };
        let low = self.builder.load(self.int32, pointer, volatile);
        let high = self.builder.load(self.int32, self.high_address(pointer), volatile);
        unsafe {
            LLVMSetAlignment(low, alignment);
            LLVMSetAlignment(high, alignment.min(4));
        }
        Pair { low, high }
    }

    /// Stores the halves, low first, like `split_load`.
    pub(super) fn split_store(&self, store: LLVMValueRef) {
        let value = self.halves_of(ir::operand(store, 0));
        let pointer = ir::operand(store, 1);
        let (alignment, volatile) = unsafe { (LLVMGetAlignment(store), LLVMGetVolatile(store) != 0) };
        let low = self.builder.store(value.low, pointer, volatile);
        let high = self.builder.store(value.high, self.high_address(pointer), volatile);
        unsafe {
            LLVMSetAlignment(low, alignment);
            LLVMSetAlignment(high, alignment.min(4));
        }
    }

    /// Replaces each 64-bit index of a GEP, `extractelement` or
    /// `insertelement` with its low half. GEP truncates indices to the
    /// 32-bit pointer index width, and a vector index beyond the vector's
    /// length gives poison, so the high half never matters. Only indices
    /// can be i64 here: vectors of i64 are rejected.
    pub(super) fn split_indices(&self, instruction: LLVMValueRef) {
        for position in 0..ir::operand_count(instruction) {
            let index = ir::operand(instruction, position);
            if width_of(ir::type_of(index)) == Width::I64 {
                unsafe { LLVMSetOperand(instruction, position, self.halves_of(index).low) };
            }
        }
    }
}

/// Rebuilds every constant GEP that has a 64-bit constant index, such as
/// the `getelementptr (i8, ptr @nodes, i64 24)` that clang writes in global
/// initializers, with i32 indices. GEP truncates indices to the 32-bit
/// index width, so the address stays the same, and the GEP stays a
/// constant. Replacing a constant re-creates the constants that use it, so
/// each round replaces only GEPs with no such GEP inside, then scans again.
pub(super) fn narrow_constant_gep_indices(module: LLVMModuleRef) {
    loop {
        let mut found = Vec::new();
        let mut visited = HashMap::new();
        for (_, root) in crate::rescale_gep::constant_roots(module) {
            collect_wide_index_geps(root, &mut visited, &mut found);
        }
        if found.is_empty() {
            return;
        }
        for gep in found {
            unsafe { LLVMReplaceAllUsesWith(gep, narrowed_gep(gep)) };
        }
    }
}

/// Collects the innermost GEP expressions under `constant` whose wide
/// indices are all integer constants, and returns whether `constant`
/// contains one. `visited` records that result for every constant seen.
fn collect_wide_index_geps(
    constant: LLVMValueRef,
    visited: &mut HashMap<LLVMValueRef, bool>,
    found: &mut Vec<LLVMValueRef>,
) -> bool {
    let (is_expression, has_operands) = unsafe {
        let is_expression = !LLVMIsAConstantExpr(constant).is_null();
        let is_aggregate = !LLVMIsAConstantArray(constant).is_null()
            || !LLVMIsAConstantStruct(constant).is_null()
            || !LLVMIsAConstantVector(constant).is_null();
        (is_expression, is_expression || is_aggregate)
    };
    if !has_operands {
        return false;
    }
    if let Some(&contains) = visited.get(&constant) {
        return contains;
    }

    let mut inner = false;
    for position in 0..ir::operand_count(constant) {
        inner |= collect_wide_index_geps(ir::operand(constant, position), visited, found);
    }
    let is_gep = is_expression && unsafe { LLVMGetConstOpcode(constant) } == LLVMOpcode::LLVMGetElementPtr;
    let indices = || (1..ir::operand_count(constant)).map(|i| ir::operand(constant, i));
    let is_wide = |index: LLVMValueRef| width_of(ir::type_of(index)) != Width::Narrow;
    let narrowable = is_gep
        && indices().any(is_wide)
        && indices().all(|index| !is_wide(index) || unsafe { !LLVMIsAConstantInt(index).is_null() });
    if narrowable && !inner {
        found.push(constant);
    }
    visited.insert(constant, inner || narrowable);
    inner || narrowable
}

/// Returns `gep` rebuilt with each 64-bit constant index as an i32
/// constant, keeping its no-wrap flags (`inbounds`, `nuw`, `nusw`).
fn narrowed_gep(gep: LLVMValueRef) -> LLVMValueRef {
    unsafe {
        let int32 = LLVMInt32TypeInContext(LLVMGetTypeContext(ir::type_of(gep)));
        let mut indices: Vec<LLVMValueRef> = (1..ir::operand_count(gep))
            .map(|i| {
                let index = ir::operand(gep, i);
                if width_of(ir::type_of(index)) == Width::Narrow {
                    index
                } else {
                    ir::const_int(int32, LLVMConstIntGetZExtValue(index) & 0xffff_ffff)
                }
            })
            .collect();
        LLVMConstGEPWithNoWrapFlags(
            LLVMGetGEPSourceElementType(gep),
            ir::operand(gep, 0),
            indices.as_mut_ptr(),
            indices.len() as u32,
            LLVMGEPGetNoWrapFlags(gep),
        )
    }
}

pub(super) fn globals_with_initializers(module: LLVMModuleRef) -> Vec<LLVMValueRef> {
    let mut globals = Vec::new();
    unsafe {
        let mut global = LLVMGetFirstGlobal(module);
        while !global.is_null() {
            if !LLVMGetInitializer(global).is_null() {
                globals.push(global);
            }
            global = LLVMGetNextGlobal(global);
        }
    }
    globals
}

/// Returns each global whose initializer contains an i64 constant, with the
/// initializer that replaces it, of the same layout.
pub(super) fn plan_initializers(
    module: LLVMModuleRef,
) -> Result<Vec<(LLVMValueRef, LLVMValueRef)>, Vec<PassError>> {
    let mut replacements = Vec::new();
    let mut errors = Vec::new();
    for global in globals_with_initializers(module) {
        let initializer = unsafe { LLVMGetInitializer(global) };
        if !constant_mentions_wide_integers(initializer) {
            continue;
        }
        match split_constant(module, initializer) {
            Ok(split) => replacements.push((global, split)),
            Err(problem) => errors.push(PassError::in_global(global, problem)),
        }
    }
    if errors.is_empty() {
        Ok(replacements)
    } else {
        Err(errors)
    }
}

/// Replaces a global with one whose value type is that of its new
/// initializer.
pub(super) fn replace_global(global: LLVMValueRef, initializer: LLVMValueRef) {
    unsafe { scratchc_replace_global(global, initializer) };
}

/// Returns `constant` with every i64 in it written as `[2 x i32] [lo, hi]`,
/// and its arrays and structs rebuilt around the new elements.
fn split_constant(module: LLVMModuleRef, constant: LLVMValueRef) -> Result<LLVMValueRef, String> {
    if !constant_mentions_wide_integers(constant) {
        return Ok(constant);
    }
    let ty = ir::type_of(constant);
    let split_type = split_memory_type(module, ty)?;
    unsafe {
        if LLVMIsPoison(constant) != 0 {
            return Ok(LLVMGetPoison(split_type));
        }
        if LLVMIsUndef(constant) != 0 {
            return Ok(LLVMGetUndef(split_type));
        }
        if !LLVMIsAConstantAggregateZero(constant).is_null() {
            return Ok(LLVMConstNull(split_type));
        }
    }

    let element = |index| split_constant(module, unsafe { LLVMGetAggregateElement(constant, index) });
    match unsafe { LLVMGetTypeKind(ty) } {
        LLVMTypeKind::LLVMIntegerTypeKind if width_of(ty) == Width::I64 => {
            let is_int = unsafe { !LLVMIsAConstantInt(constant).is_null() };
            if !is_int {
                return Err(format!(
                    "the constant expression {} is not supported in a global initializer",
                    ir::print_value(constant)
                ));
            }
            let bits = unsafe { LLVMConstIntGetZExtValue(constant) };
            let int32 = unsafe { LLVMInt32TypeInContext(LLVMGetTypeContext(ty)) };
            let mut halves = [ir::const_int(int32, bits & 0xffff_ffff), ir::const_int(int32, bits >> 32)];
            Ok(unsafe { LLVMConstArray2(int32, halves.as_mut_ptr(), 2) })
        }
        LLVMTypeKind::LLVMArrayTypeKind => {
            let length = unsafe { LLVMGetArrayLength2(ty) };
            let mut elements = (0..length as u32).map(element).collect::<Result<Vec<_>, _>>()?;
            unsafe {
                let element_type = LLVMGetElementType(split_type);
                Ok(LLVMConstArray2(element_type, elements.as_mut_ptr(), length))
            }
        }
        LLVMTypeKind::LLVMStructTypeKind => {
            let count = unsafe { LLVMCountStructElementTypes(ty) };
            let mut elements = (0..count).map(element).collect::<Result<Vec<_>, _>>()?;
            unsafe {
                Ok(LLVMConstStructInContext(
                    LLVMGetTypeContext(ty),
                    elements.as_mut_ptr(),
                    count,
                    LLVMIsPackedStruct(ty),
                ))
            }
        }
        _ if width_of(ty) == Width::Unsupported => Err(unsupported_type_problem(ty)),
        _ => Err(format!(
            "the constant {} contains a 64-bit integer expression, which is not supported in a global initializer",
            ir::print_value(constant)
        )),
    }
}

/// Returns `ty` with every i64 replaced by `[2 x i32]`, inside arrays and
/// structs too. Rejects a struct whose field offsets would change, which
/// happens only where the data layout aligns i64 to more than 4 bytes.
fn split_memory_type(module: LLVMModuleRef, ty: LLVMTypeRef) -> Result<LLVMTypeRef, String> {
    unsafe {
        let context = LLVMGetTypeContext(ty);
        match LLVMGetTypeKind(ty) {
            LLVMTypeKind::LLVMIntegerTypeKind if width_of(ty) == Width::I64 => {
                Ok(LLVMArrayType2(LLVMInt32TypeInContext(context), 2))
            }
            LLVMTypeKind::LLVMArrayTypeKind => {
                let element = split_memory_type(module, LLVMGetElementType(ty))?;
                Ok(LLVMArrayType2(element, LLVMGetArrayLength2(ty)))
            }
            LLVMTypeKind::LLVMStructTypeKind if width_of(ty) != Width::Narrow => {
                let count = LLVMCountStructElementTypes(ty);
                let mut fields = (0..count)
                    .map(|i| split_memory_type(module, LLVMStructGetTypeAtIndex(ty, i)))
                    .collect::<Result<Vec<_>, _>>()?;
                let split = LLVMStructTypeInContext(context, fields.as_mut_ptr(), count, LLVMIsPackedStruct(ty));
                let layout = LLVMGetModuleDataLayout(module);
                let same_layout = LLVMABISizeOfType(layout, ty) == LLVMABISizeOfType(layout, split)
                    && (0..count).all(|i| LLVMOffsetOfElement(layout, ty, i) == LLVMOffsetOfElement(layout, split, i));
                if same_layout {
                    Ok(split)
                } else {
                    Err(format!(
                        "the layout of {} would change when its 64-bit fields become two 32-bit halves",
                        ir::print_type(ty)
                    ))
                }
            }
            _ if width_of(ty) == Width::Unsupported => Err(unsupported_type_problem(ty)),
            _ => Ok(ty),
        }
    }
}
