//! Function signatures, calls and returns with i64 values. An i64 parameter
//! or argument becomes two i32 values, low first. An i64 return value becomes
//! an i32 return of the low half, and the high half passes through the
//! module global `@scratchc.i64_high`: the callee stores it right before
//! `ret`, the caller loads it right after the call.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMAttributeFunctionIndex, LLVMLinkage, LLVMOpcode};

use super::{unsupported_type_problem, width_of, Pair, Split, Splitter, Width};
use crate::diagnostics::PassError;
use crate::ir;

extern "C" {
    fn scratchc_replace_function(
        old: LLVMValueRef,
        new_type: LLVMTypeRef,
        param_sources: *const i32,
        keep_return_attributes: LLVMBool,
    ) -> LLVMValueRef;
    fn scratchc_rebuild_call(
        old: LLVMValueRef,
        new_type: LLVMTypeRef,
        args: *mut LLVMValueRef,
        arg_count: u32,
        arg_sources: *const i32,
        keep_return_attributes: LLVMBool,
    ) -> LLVMValueRef;
}

/// Name of the global that carries the high half of a returned i64.
const HIGH_GLOBAL_NAME: &std::ffi::CStr = c"scratchc.i64_high";

/// Marks a new parameter or argument that is a half of an old one, and so
/// takes no attributes from it.
const HALF: i32 = -1;

/// Returns the return type and the parameter types of a function type.
pub(super) fn signature_types(function_type: LLVMTypeRef) -> Vec<LLVMTypeRef> {
    let mut types = param_types(function_type);
    types.push(unsafe { LLVMGetReturnType(function_type) });
    types
}

fn param_types(function_type: LLVMTypeRef) -> Vec<LLVMTypeRef> {
    let count = unsafe { LLVMCountParamTypes(function_type) } as usize;
    let mut types = vec![std::ptr::null_mut(); count];
    unsafe { LLVMGetParamTypes(function_type, types.as_mut_ptr()) };
    types
}

fn is_intrinsic(function: LLVMValueRef) -> bool {
    unsafe { LLVMGetIntrinsicID(function) != 0 }
}

/// Returns the functions of the module, declared or defined, whose signature
/// this pass rewrites when it has an i64: all but intrinsics, whose
/// signatures LLVM fixes.
pub(super) fn functions_with_signatures(module: LLVMModuleRef) -> Vec<LLVMValueRef> {
    let mut functions = Vec::new();
    unsafe {
        let mut function = LLVMGetFirstFunction(module);
        while !function.is_null() {
            if !is_intrinsic(function) {
                functions.push(function);
            }
            function = LLVMGetNextFunction(function);
        }
    }
    functions
}

/// Rejects a function with a parameter or return type that cannot be split.
pub(super) fn check_signature(function: LLVMValueRef) -> Result<(), PassError> {
    let function_type = unsafe { LLVMGlobalGetValueType(function) };
    for (index, ty) in param_types(function_type).into_iter().enumerate() {
        if width_of(ty) == Width::Unsupported {
            return Err(PassError::in_function(
                function,
                format!("parameter {}: {}", index + 1, unsupported_type_problem(ty)),
            ));
        }
    }
    let return_type = unsafe { LLVMGetReturnType(function_type) };
    if width_of(return_type) == Width::Unsupported {
        return Err(PassError::in_function(
            function,
            format!("return value: {}", unsupported_type_problem(return_type)),
        ));
    }
    Ok(())
}

/// Rejects calls with 64-bit values that cannot be split: intrinsics that
/// `expand_intrinsics` left, inline assembly, and operand bundles.
pub(super) fn check_call(call: LLVMValueRef) -> Result<(), PassError> {
    let callee = unsafe { LLVMGetCalledValue(call) };
    if unsafe { !LLVMIsAInlineAsm(callee).is_null() } {
        return Err(PassError::at_instruction(
            call,
            "inline assembly with 64-bit integer operands is not supported",
        ));
    }
    if let Some(name) = ir::called_function_name(call).filter(|name| name.starts_with("llvm.")) {
        return Err(PassError::at_instruction(
            call,
            format!("intrinsic {name} is not supported on 64-bit integers"),
        ));
    }
    // Operands are the arguments, then operand bundle inputs, then the callee.
    let arg_count = unsafe { LLVMGetNumArgOperands(call) };
    let bundle_inputs = arg_count..ir::operand_count(call) - 1;
    if bundle_inputs
        .into_iter()
        .any(|i| width_of(ir::type_of(ir::operand(call, i))) != Width::Narrow)
    {
        return Err(PassError::at_instruction(
            call,
            "operand bundles with 64-bit integers are not supported",
        ));
    }
    Ok(())
}

/// A function type with its i64 parameters and return split.
struct SplitSignature {
    function_type: LLVMTypeRef,
    /// For each new parameter, the old parameter it is (or `HALF`).
    param_sources: Vec<i32>,
    splits_return: bool,
}

impl Splitter {
    fn split_signature(&self, function_type: LLVMTypeRef) -> SplitSignature {
        let mut params = Vec::new();
        let mut param_sources = Vec::new();
        for (index, ty) in param_types(function_type).into_iter().enumerate() {
            if width_of(ty) == Width::I64 {
                params.extend([self.int32, self.int32]);
                param_sources.extend([HALF, HALF]);
            } else {
                params.push(ty);
                param_sources.push(index as i32);
            }
        }
        let old_return = unsafe { LLVMGetReturnType(function_type) };
        let splits_return = width_of(old_return) == Width::I64;
        let return_type = if splits_return { self.int32 } else { old_return };
        let function_type = unsafe {
            LLVMFunctionType(
                return_type,
                params.as_mut_ptr(),
                params.len() as u32,
                LLVMIsFunctionVarArg(function_type),
            )
        };
        SplitSignature {
            function_type,
            param_sources,
            splits_return,
        }
    }

    /// Gives every function with an i64 in its signature the split signature
    /// and records the halves of its old i64 parameters. Returns the old
    /// functions, to be deleted once their parameters have no uses left.
    pub(super) fn split_signatures(&mut self) -> Vec<LLVMValueRef> {
        let mut old_functions = Vec::new();
        for function in functions_with_signatures(self.module) {
            let function_type = unsafe { LLVMGlobalGetValueType(function) };
            let has_i64 = signature_types(function_type)
                .into_iter()
                .any(|ty| width_of(ty) == Width::I64);
            if !has_i64 {
                continue;
            }

            let signature = self.split_signature(function_type);
            let old_params: Vec<LLVMValueRef> = (0..unsafe { LLVMCountParams(function) })
                .map(|i| unsafe { LLVMGetParam(function, i) })
                .collect();
            let new_function = unsafe {
                scratchc_replace_function(
                    function,
                    signature.function_type,
                    signature.param_sources.as_ptr(),
                    (!signature.splits_return) as LLVMBool,
                )
            };

            let mut next = 0;
            for old in old_params {
                if width_of(ir::type_of(old)) != Width::I64 {
                    next += 1;
                    continue;
                }
                let (low, high) = unsafe { (LLVMGetParam(new_function, next), LLVMGetParam(new_function, next + 1)) };
                super::name_after(low, old, "lo");
                super::name_after(high, old, "hi");
                self.halves.insert(old, Pair { low, high });
                next += 2;
            }
            old_functions.push(function);
        }
        old_functions
    }

    /// Rebuilds a call with split arguments, fixed and variadic, and the
    /// split function type. The callee is the same value: a function that
    /// `split_signatures` replaced, or a pointer.
    pub(super) fn split_call(&mut self, call: LLVMValueRef) -> Split {
        let signature = self.split_signature(unsafe { LLVMGetCalledFunctionType(call) });
        let mut args = Vec::new();
        let mut arg_sources = Vec::new();
        for index in 0..unsafe { LLVMGetNumArgOperands(call) } {
            let arg = ir::operand(call, index);
            if width_of(ir::type_of(arg)) == Width::I64 {
                let pair = self.halves_of(arg);
                args.extend([pair.low, pair.high]);
                arg_sources.extend([HALF, HALF]);
            } else {
                args.push(arg);
                arg_sources.push(index as i32);
            }
        }

        let new_call = unsafe {
            scratchc_rebuild_call(
                call,
                signature.function_type,
                args.as_mut_ptr(),
                args.len() as u32,
                arg_sources.as_ptr(),
                (!signature.splits_return) as LLVMBool,
            )
        };
        if !signature.splits_return {
            return Split::Value(new_call);
        }
        let has_uses = unsafe { !LLVMGetFirstUse(call).is_null() };
        let high = if has_uses {
            self.load_high()
        } else {
            unsafe { LLVMGetPoison(self.int32) }
        };
        Split::Halves(Pair { low: new_call, high })
    }

    /// Replaces `ret i64 %v` with a store of the high half to the global and
    /// `ret i32` of the low half.
    pub(super) fn split_return(&mut self, ret: LLVMValueRef) {
        let value = self.halves_of(ir::operand(ret, 0));
        let global = self.high_global();
        let store = self.builder.store(value.high, global, false);
        unsafe { LLVMSetAlignment(store, 4) };
        self.builder.ret(value.low);
    }

    /// Loads the high half of the i64 that the call just before the
    /// builder's position returned.
    pub(super) fn load_high(&mut self) -> LLVMValueRef {
        let global = self.high_global();
        let load = self.builder.load(self.int32, global, false);
        unsafe { LLVMSetAlignment(load, 4) };
        load
    }

    /// Returns `@scratchc.i64_high`, adding it on first use. It is internal,
    /// because the convention applies within one module, which is what
    /// scratchc compiles.
    pub(super) fn high_global(&mut self) -> LLVMValueRef {
        if let Some(global) = self.high_global {
            return global;
        }
        let global = unsafe {
            let global = LLVMAddGlobal(self.module, self.int32, HIGH_GLOBAL_NAME.as_ptr());
            LLVMSetInitializer(global, self.const_u32(0));
            LLVMSetLinkage(global, LLVMLinkage::LLVMInternalLinkage);
            LLVMSetAlignment(global, 4);
            global
        };
        self.high_global = Some(global);
        global
    }
}

/// Drops the `memory` and `speculatable` attributes of every function and
/// call but intrinsics. A function that returns an i64 now writes
/// `@scratchc.i64_high`, and its callers, direct or through other functions
/// and pointers, read and write it too, so `memory(none)` and the like
/// would no longer be true.
pub(super) fn drop_memory_attributes(module: LLVMModuleRef) {
    let kinds = ["memory", "speculatable"]
        .map(|name| unsafe { LLVMGetEnumAttributeKindForName(name.as_ptr() as *const _, name.len()) });
    for function in functions_with_signatures(module) {
        for kind in kinds {
            unsafe { LLVMRemoveEnumAttributeAtIndex(function, LLVMAttributeFunctionIndex, kind) };
        }
    }
    for function in ir::defined_functions(module) {
        for call in ir::function_instructions(function) {
            if ir::opcode(call) != LLVMOpcode::LLVMCall {
                continue;
            }
            let callee = unsafe { LLVMGetCalledValue(call) };
            if unsafe { !LLVMIsAFunction(callee).is_null() } && is_intrinsic(callee) {
                continue;
            }
            for kind in kinds {
                unsafe { LLVMRemoveCallSiteEnumAttribute(call, LLVMAttributeFunctionIndex, kind) };
            }
        }
    }
}
