//! Thin helpers over the LLVM C API that every pass uses: walking functions,
//! blocks and instructions, reading constants and names, and an IR builder
//! that disposes of itself.

use std::ffi::CStr;

use llvm_sys::core::*;
use llvm_sys::debuginfo::LLVMInstructionGetDebugLoc;
use llvm_sys::prelude::*;
use llvm_sys::LLVMOpcode;

/// Returns the functions of `module` that have a body.
pub fn defined_functions(module: LLVMModuleRef) -> Vec<LLVMValueRef> {
    let mut functions = Vec::new();
    unsafe {
        let mut function = LLVMGetFirstFunction(module);
        while !function.is_null() {
            if LLVMIsDeclaration(function) == 0 {
                functions.push(function);
            }
            function = LLVMGetNextFunction(function);
        }
    }
    functions
}

pub fn blocks(function: LLVMValueRef) -> Vec<LLVMBasicBlockRef> {
    let mut blocks = Vec::new();
    unsafe {
        let mut block = LLVMGetFirstBasicBlock(function);
        while !block.is_null() {
            blocks.push(block);
            block = LLVMGetNextBasicBlock(block);
        }
    }
    blocks
}

pub fn instructions(block: LLVMBasicBlockRef) -> Vec<LLVMValueRef> {
    let mut instructions = Vec::new();
    unsafe {
        let mut instruction = LLVMGetFirstInstruction(block);
        while !instruction.is_null() {
            instructions.push(instruction);
            instruction = LLVMGetNextInstruction(instruction);
        }
    }
    instructions
}

/// Returns every instruction of `function`, block by block.
pub fn function_instructions(function: LLVMValueRef) -> Vec<LLVMValueRef> {
    blocks(function)
        .into_iter()
        .flat_map(instructions)
        .collect()
}

/// Returns the blocks of `function` that the entry block reaches, in reverse
/// postorder, so every block comes after its dominators.
pub fn reverse_postorder(function: LLVMValueRef) -> Vec<LLVMBasicBlockRef> {
    let mut postorder = Vec::new();
    if unsafe { LLVMCountBasicBlocks(function) } == 0 {
        return postorder;
    }
    let entry = unsafe { LLVMGetEntryBasicBlock(function) };
    let mut visited = std::collections::HashSet::from([entry]);
    let mut stack = vec![(entry, successors(entry), 0)];
    while let Some((block, block_successors, next)) = stack.last_mut() {
        if let Some(&successor) = block_successors.get(*next) {
            *next += 1;
            if visited.insert(successor) {
                stack.push((successor, successors(successor), 0));
            }
        } else {
            postorder.push(*block);
            stack.pop();
        }
    }
    postorder.reverse();
    postorder
}

pub fn opcode(instruction: LLVMValueRef) -> LLVMOpcode {
    unsafe { LLVMGetInstructionOpcode(instruction) }
}

pub fn operand(value: LLVMValueRef, index: u32) -> LLVMValueRef {
    unsafe { LLVMGetOperand(value, index) }
}

pub fn operand_count(value: LLVMValueRef) -> u32 {
    unsafe { LLVMGetNumOperands(value) as u32 }
}

pub fn successors(block: LLVMBasicBlockRef) -> Vec<LLVMBasicBlockRef> {
    unsafe {
        let terminator = LLVMGetBasicBlockTerminator(block);
        if terminator.is_null() {
            return Vec::new();
        }
        (0..LLVMGetNumSuccessors(terminator))
            .map(|i| LLVMGetSuccessor(terminator, i))
            .collect()
    }
}

/// Returns the name of a value without its sigil, or "" when it has none.
pub fn value_name(value: LLVMValueRef) -> String {
    unsafe {
        let mut length = 0;
        let data = LLVMGetValueName2(value, &mut length);
        if data.is_null() || length == 0 {
            return String::new();
        }
        let bytes = std::slice::from_raw_parts(data as *const u8, length);
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// Names a block for an error message: `%name`, or for an unnamed block its
/// position in the function (LLVM's own numbers for unnamed blocks are not
/// available through the C API).
pub fn describe_block(block: LLVMBasicBlockRef) -> String {
    let name = unsafe { value_name(LLVMBasicBlockAsValue(block)) };
    if !name.is_empty() {
        return format!("%{name}");
    }
    let function = unsafe { LLVMGetBasicBlockParent(block) };
    let position = blocks(function)
        .iter()
        .position(|&b| b == block)
        .unwrap_or(0);
    format!("unnamed block {position} (counting the entry block as 0)")
}

/// Prints a value as LLVM IR on one line, without its metadata attachments
/// (`, !dbg !12`), which mean nothing to a reader of the error. A `switch`
/// spans several lines in LLVM's output; its lines are joined.
pub fn print_value(value: LLVMValueRef) -> String {
    let text = unsafe {
        let raw = LLVMPrintValueToString(value);
        let text = CStr::from_ptr(raw).to_string_lossy().into_owned();
        LLVMDisposeMessage(raw);
        text
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(", !") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}

pub fn print_type(ty: LLVMTypeRef) -> String {
    unsafe {
        let raw = LLVMPrintTypeToString(ty);
        let text = CStr::from_ptr(raw).to_string_lossy().into_owned();
        LLVMDisposeMessage(raw);
        text
    }
}

/// Returns the name of the function a call instruction calls directly.
pub fn called_function_name(call: LLVMValueRef) -> Option<String> {
    unsafe {
        let callee = LLVMGetCalledValue(call);
        if callee.is_null() || LLVMIsAFunction(callee).is_null() {
            return None;
        }
        Some(value_name(callee))
    }
}

/// Returns the sign-extended value of an integer constant of at most 64 bits.
pub fn constant_int(value: LLVMValueRef) -> Option<i64> {
    unsafe {
        if LLVMIsAConstantInt(value).is_null() || int_width(LLVMTypeOf(value)) > 64 {
            return None;
        }
        Some(LLVMConstIntGetSExtValue(value))
    }
}

pub fn int_width(ty: LLVMTypeRef) -> u32 {
    unsafe { LLVMGetIntTypeWidth(ty) }
}

pub fn is_int_type(ty: LLVMTypeRef) -> bool {
    unsafe { LLVMGetTypeKind(ty) == llvm_sys::LLVMTypeKind::LLVMIntegerTypeKind }
}

/// Builds an integer constant of type `ty` from the low bits of `bits`.
pub fn const_int(ty: LLVMTypeRef, bits: u64) -> LLVMValueRef {
    let width = int_width(ty);
    let masked = if width >= 64 {
        bits
    } else {
        bits & ((1u64 << width) - 1)
    };
    unsafe { LLVMConstInt(ty, masked, 0) }
}

pub fn type_of(value: LLVMValueRef) -> LLVMTypeRef {
    unsafe { LLVMTypeOf(value) }
}

/// Erases `instruction` and then, recursively, the operands that became
/// unused and compute nothing but a value (arithmetic, casts, selects).
pub fn erase_with_dead_operands(instruction: LLVMValueRef) {
    let operands: Vec<LLVMValueRef> = (0..operand_count(instruction))
        .map(|i| operand(instruction, i))
        .collect();
    unsafe { LLVMInstructionEraseFromParent(instruction) };
    for value in operands {
        let is_pure_instruction = unsafe { !LLVMIsAInstruction(value).is_null() }
            && unsafe { LLVMGetFirstUse(value).is_null() }
            && matches!(
                opcode(value),
                LLVMOpcode::LLVMAdd
                    | LLVMOpcode::LLVMSub
                    | LLVMOpcode::LLVMMul
                    | LLVMOpcode::LLVMShl
                    | LLVMOpcode::LLVMOr
                    | LLVMOpcode::LLVMAnd
                    | LLVMOpcode::LLVMXor
                    | LLVMOpcode::LLVMSExt
                    | LLVMOpcode::LLVMZExt
                    | LLVMOpcode::LLVMTrunc
                    | LLVMOpcode::LLVMSelect
            );
        if is_pure_instruction {
            erase_with_dead_operands(value);
        }
    }
}

/// An IR builder that is disposed of when dropped. Every value it builds is
/// unnamed: names are for readers of IR, and LLVM numbers the values.
pub struct Builder {
    raw: LLVMBuilderRef,
}

const NO_NAME: &CStr = c"";

impl Builder {
    pub fn new(context: LLVMContextRef) -> Builder {
        Builder {
            raw: unsafe { LLVMCreateBuilderInContext(context) },
        }
    }

    /// Positions the builder before `instruction` and gives the values it
    /// builds the source location of `instruction`.
    pub fn position_before(&self, instruction: LLVMValueRef) {
        unsafe {
            LLVMPositionBuilderBefore(self.raw, instruction);
            LLVMSetCurrentDebugLocation2(self.raw, LLVMInstructionGetDebugLoc(instruction));
        }
    }

    /// Positions the builder at the end of `block`, keeping the current
    /// source location.
    pub fn position_at_end(&self, block: LLVMBasicBlockRef) {
        unsafe { LLVMPositionBuilderAtEnd(self.raw, block) }
    }

    pub fn binary(&self, op: LLVMOpcode, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        unsafe { LLVMBuildBinOp(self.raw, op, lhs, rhs, NO_NAME.as_ptr()) }
    }

    pub fn add(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        self.binary(LLVMOpcode::LLVMAdd, lhs, rhs)
    }

    /// Marks `value`, when the builder made an instruction of it rather than
    /// folding it to a constant, as one whose signed result cannot wrap
    /// (`nsw`). The caller guarantees that. Returns `value`.
    pub fn no_signed_wrap(&self, value: LLVMValueRef) -> LLVMValueRef {
        unsafe {
            if !LLVMIsAInstruction(value).is_null() {
                LLVMSetNSW(value, 1);
            }
        }
        value
    }

    pub fn sub(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        self.binary(LLVMOpcode::LLVMSub, lhs, rhs)
    }

    pub fn mul(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        self.binary(LLVMOpcode::LLVMMul, lhs, rhs)
    }

    pub fn and(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        self.binary(LLVMOpcode::LLVMAnd, lhs, rhs)
    }

    pub fn or(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        self.binary(LLVMOpcode::LLVMOr, lhs, rhs)
    }

    pub fn xor(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        self.binary(LLVMOpcode::LLVMXor, lhs, rhs)
    }

    pub fn shl(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        self.binary(LLVMOpcode::LLVMShl, lhs, rhs)
    }

    pub fn lshr(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        self.binary(LLVMOpcode::LLVMLShr, lhs, rhs)
    }

    pub fn ashr(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        self.binary(LLVMOpcode::LLVMAShr, lhs, rhs)
    }

    pub fn udiv(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        self.binary(LLVMOpcode::LLVMUDiv, lhs, rhs)
    }

    pub fn urem(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        self.binary(LLVMOpcode::LLVMURem, lhs, rhs)
    }

    pub fn fneg(&self, value: LLVMValueRef) -> LLVMValueRef {
        unsafe { LLVMBuildFNeg(self.raw, value, NO_NAME.as_ptr()) }
    }

    pub fn freeze(&self, value: LLVMValueRef) -> LLVMValueRef {
        unsafe { LLVMBuildFreeze(self.raw, value, NO_NAME.as_ptr()) }
    }

    /// Builds `ashr exact`: the caller guarantees the shifted-out bits are zero.
    pub fn ashr_exact(&self, lhs: LLVMValueRef, rhs: LLVMValueRef) -> LLVMValueRef {
        unsafe {
            let shift = LLVMBuildAShr(self.raw, lhs, rhs, NO_NAME.as_ptr());
            if !LLVMIsAInstruction(shift).is_null() {
                LLVMSetExact(shift, 1);
            }
            shift
        }
    }

    pub fn icmp(
        &self,
        predicate: llvm_sys::LLVMIntPredicate,
        lhs: LLVMValueRef,
        rhs: LLVMValueRef,
    ) -> LLVMValueRef {
        unsafe { LLVMBuildICmp(self.raw, predicate, lhs, rhs, NO_NAME.as_ptr()) }
    }

    pub fn fcmp(
        &self,
        predicate: llvm_sys::LLVMRealPredicate,
        lhs: LLVMValueRef,
        rhs: LLVMValueRef,
    ) -> LLVMValueRef {
        unsafe { LLVMBuildFCmp(self.raw, predicate, lhs, rhs, NO_NAME.as_ptr()) }
    }

    pub fn select(
        &self,
        condition: LLVMValueRef,
        then: LLVMValueRef,
        otherwise: LLVMValueRef,
    ) -> LLVMValueRef {
        unsafe { LLVMBuildSelect(self.raw, condition, then, otherwise, NO_NAME.as_ptr()) }
    }

    pub fn cast(&self, op: LLVMOpcode, value: LLVMValueRef, ty: LLVMTypeRef) -> LLVMValueRef {
        unsafe { LLVMBuildCast(self.raw, op, value, ty, NO_NAME.as_ptr()) }
    }

    /// Sign-extends or truncates an integer to `ty`.
    pub fn sext_or_trunc(&self, value: LLVMValueRef, ty: LLVMTypeRef) -> LLVMValueRef {
        let from = int_width(type_of(value));
        let to = int_width(ty);
        if from < to {
            self.cast(LLVMOpcode::LLVMSExt, value, ty)
        } else if from > to {
            self.cast(LLVMOpcode::LLVMTrunc, value, ty)
        } else {
            value
        }
    }

    pub fn gep(
        &self,
        element: LLVMTypeRef,
        base: LLVMValueRef,
        index: LLVMValueRef,
        inbounds: bool,
    ) -> LLVMValueRef {
        let mut indices = [index];
        unsafe {
            if inbounds {
                LLVMBuildInBoundsGEP2(
                    self.raw,
                    element,
                    base,
                    indices.as_mut_ptr(),
                    1,
                    NO_NAME.as_ptr(),
                )
            } else {
                LLVMBuildGEP2(
                    self.raw,
                    element,
                    base,
                    indices.as_mut_ptr(),
                    1,
                    NO_NAME.as_ptr(),
                )
            }
        }
    }

    /// Builds a load with alignment 1, which is right for any address.
    pub fn load(&self, ty: LLVMTypeRef, pointer: LLVMValueRef, volatile: bool) -> LLVMValueRef {
        unsafe {
            let load = LLVMBuildLoad2(self.raw, ty, pointer, NO_NAME.as_ptr());
            LLVMSetAlignment(load, 1);
            LLVMSetVolatile(load, volatile as LLVMBool);
            load
        }
    }

    /// Builds a store with alignment 1, which is right for any address.
    pub fn store(
        &self,
        value: LLVMValueRef,
        pointer: LLVMValueRef,
        volatile: bool,
    ) -> LLVMValueRef {
        unsafe {
            let store = LLVMBuildStore(self.raw, value, pointer);
            LLVMSetAlignment(store, 1);
            LLVMSetVolatile(store, volatile as LLVMBool);
            store
        }
    }

    pub fn extract_element(&self, vector: LLVMValueRef, index: u64) -> LLVMValueRef {
        unsafe {
            let index = LLVMConstInt(
                LLVMInt32TypeInContext(LLVMGetTypeContext(LLVMTypeOf(vector))),
                index,
                0,
            );
            LLVMBuildExtractElement(self.raw, vector, index, NO_NAME.as_ptr())
        }
    }

    pub fn phi(&self, ty: LLVMTypeRef) -> LLVMValueRef {
        unsafe { LLVMBuildPhi(self.raw, ty, NO_NAME.as_ptr()) }
    }

    pub fn br(&self, target: LLVMBasicBlockRef) -> LLVMValueRef {
        unsafe { LLVMBuildBr(self.raw, target) }
    }

    pub fn ret(&self, value: LLVMValueRef) -> LLVMValueRef {
        unsafe { LLVMBuildRet(self.raw, value) }
    }

    pub fn cond_br(
        &self,
        condition: LLVMValueRef,
        then: LLVMBasicBlockRef,
        otherwise: LLVMBasicBlockRef,
    ) -> LLVMValueRef {
        unsafe { LLVMBuildCondBr(self.raw, condition, then, otherwise) }
    }

    pub fn call(
        &self,
        function_type: LLVMTypeRef,
        function: LLVMValueRef,
        args: &mut [LLVMValueRef],
    ) -> LLVMValueRef {
        unsafe {
            LLVMBuildCall2(
                self.raw,
                function_type,
                function,
                args.as_mut_ptr(),
                args.len() as u32,
                NO_NAME.as_ptr(),
            )
        }
    }
}

impl Drop for Builder {
    fn drop(&mut self) {
        unsafe { LLVMDisposeBuilder(self.raw) }
    }
}

/// Adds `incoming` edges to a phi node.
pub fn add_incoming(phi: LLVMValueRef, incoming: &[(LLVMValueRef, LLVMBasicBlockRef)]) {
    let mut values: Vec<LLVMValueRef> = incoming.iter().map(|(value, _)| *value).collect();
    let mut blocks: Vec<LLVMBasicBlockRef> = incoming.iter().map(|(_, block)| *block).collect();
    unsafe {
        LLVMAddIncoming(
            phi,
            values.as_mut_ptr(),
            blocks.as_mut_ptr(),
            incoming.len() as u32,
        )
    }
}
