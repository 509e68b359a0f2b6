//! Expands LLVM intrinsics that have no Scratch block into plain IR.
//!
//! ```llvm
//! ; before                                         ; after
//! %m = call i32 @llvm.umin.i32(i32 %a, i32 %b)     %c = icmp ult i32 %a, %b
//!                                                  %m = select i1 %c, i32 %a, i32 %b
//! call void @llvm.memset.p0.i32(ptr %p, i8 0, i32 8, i1 false)
//!                                                  store i32 0, ptr %p, align 1
//!                                                  %p1 = getelementptr i32, ptr %p, i32 1
//!                                                  store i32 0, ptr %p1, align 1
//! ```
//!
//! Expanded: `umin umax smin smax abs`, `fmuladd fma` (an fmul, then an fadd:
//! `fma` loses its single rounding), `minnum maxnum trunc`, `ctpop ctlz cttz
//! bswap bitreverse fshl fshr` on integers of up to 64 bits, `vector.reduce.*` (from the
//! vectorizers, when the target has SSE), `expect`, `is.constant`, `va_copy`,
//! and `memcpy memmove memset`. A memory intrinsic becomes straight-line
//! loads and stores when the length is a small constant, a loop otherwise:
//! - in `words` memory one address is one 32-bit cell, so it moves whole
//!   cells with i32 loads and stores, and a memset byte b becomes the cell
//!   b * 0x01010101;
//! - in `bytes` memory it moves one byte per address with i8 loads and
//!   stores.
//!
//! Deleted: `lifetime`, `assume`, `dbg`, `experimental.noalias.scope.decl`,
//! `invariant`, `sideeffect`, `donothing`, `var.annotation`, `va_end` and the
//! like, which have no effect on the result.
//!
//! Kept for the backend: `sqrt fabs floor ceil exp log pow sin cos` on float
//! and double, and `va_start`.
//!
//! Rejected, as compile errors: element-wise atomic memory intrinsics, every
//! other intrinsic not named above, and, in `words` memory, a memory
//! intrinsic whose length is not provably a multiple of 4 bytes.

use std::collections::HashSet;

use inkwell::module::Module;
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMIntPredicate, LLVMOpcode, LLVMRealPredicate};

use crate::diagnostics::PassError;
use crate::ir::{self, Builder};
use crate::rescale_gep::{is_multiple_of_four, quarter};
use crate::Layout;

/// Intrinsics the backend lowers itself, on float and double.
const KEPT_FLOAT_INTRINSICS: [&str; 9] = [
    "sqrt", "fabs", "floor", "ceil", "exp", "log", "pow", "sin", "cos",
];

/// Intrinsics without any effect on the program's result.
const NO_OP_INTRINSICS: [&str; 12] = [
    "lifetime.start",
    "lifetime.end",
    "assume",
    "dbg.",
    "experimental.noalias.scope.decl",
    "invariant.end",
    "invariant.start",
    "sideeffect",
    "donothing",
    "var.annotation",
    "codeview.annotation",
    "pseudoprobe",
];

/// Intrinsics that return their first argument.
const IDENTITY_INTRINSICS: [&str; 6] = [
    "expect.with.probability",
    "expect",
    "ptr.annotation",
    "launder.invariant.group",
    "strip.invariant.group",
    "ssa.copy",
];

/// Memory intrinsics of at most this many cells (addresses of the layout)
/// with a constant length become straight-line loads and stores; longer ones
/// become loops.
const STRAIGHT_LINE_MAX_CELLS: u64 = 8;

pub fn run(module: &Module, layout: Layout) -> Result<(), Vec<PassError>> {
    let module = module.as_mut_ptr();
    let mut errors = Vec::new();

    for function in ir::defined_functions(module) {
        let calls: Vec<LLVMValueRef> = ir::function_instructions(function)
            .into_iter()
            .filter(|&instruction| ir::opcode(instruction) == LLVMOpcode::LLVMCall)
            .collect();
        for call in calls {
            let Some(name) = ir::called_function_name(call) else {
                continue;
            };
            let Some(intrinsic) = name.strip_prefix("llvm.") else {
                continue;
            };
            if let Err(error) = expand_call(module, call, intrinsic, layout) {
                errors.push(error);
            }
        }
    }

    delete_unused_intrinsic_declarations(module);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Expands one call of `llvm.<intrinsic>` as `run` does for every intrinsic
/// call. The call is replaced, deleted, or kept for the backend.
pub(crate) fn expand_call(
    module: LLVMModuleRef,
    call: LLVMValueRef,
    intrinsic: &str,
    layout: Layout,
) -> Result<(), PassError> {
    let expansion = expand(module, call, intrinsic, layout)?;
    apply(call, expansion);
    Ok(())
}

/// Deletes the declarations of intrinsics that no call uses any more, so the
/// module declares only intrinsics that the backend must lower.
pub(crate) fn delete_unused_intrinsic_declarations(module: LLVMModuleRef) {
    let mut unused = Vec::new();
    unsafe {
        let mut function = LLVMGetFirstFunction(module);
        while !function.is_null() {
            if LLVMGetIntrinsicID(function) != 0 && LLVMGetFirstUse(function).is_null() {
                unused.push(function);
            }
            function = LLVMGetNextFunction(function);
        }
        for function in unused {
            LLVMDeleteFunction(function);
        }
    }
}

/// Returns whether `name` (without `llvm.`) is `base` followed by nothing or
/// by type suffixes such as `.i32` or `.p0.p0.i32`.
fn is_intrinsic(name: &str, base: &str) -> bool {
    name == base
        || name
            .strip_prefix(base)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Builds the expansion of a one-operand bit intrinsic.
type BitOperation = fn(&Builder, LLVMValueRef) -> LLVMValueRef;

/// What `expand` did with an intrinsic call, or wants its caller to do.
enum Expansion {
    /// The backend lowers the call itself.
    Keep,
    /// The call has no effect: delete it.
    Delete,
    /// Replace the call's uses with this value and delete it.
    Replace(LLVMValueRef),
    /// The call has been replaced already.
    Done,
}

fn apply(call: LLVMValueRef, expansion: Expansion) {
    match expansion {
        Expansion::Keep | Expansion::Done => {}
        Expansion::Delete => delete_call(call),
        Expansion::Replace(value) => replace_call(call, value),
    }
}

fn expand(
    module: LLVMModuleRef,
    call: LLVMValueRef,
    name: &str,
    layout: Layout,
) -> Result<Expansion, PassError> {
    let context = unsafe { LLVMGetModuleContext(module) };
    let builder = Builder::new(context);
    builder.position_before(call);
    let arg = |i| ir::operand(call, i);

    if KEPT_FLOAT_INTRINSICS
        .iter()
        .any(|base| is_intrinsic(name, base))
        && (name.ends_with(".f32") || name.ends_with(".f64"))
    {
        return Ok(Expansion::Keep);
    }
    if NO_OP_INTRINSICS.iter().any(|base| name.starts_with(base)) {
        return Ok(Expansion::Delete);
    }
    if IDENTITY_INTRINSICS
        .iter()
        .any(|base| is_intrinsic(name, base))
    {
        return Ok(Expansion::Replace(arg(0)));
    }
    if is_intrinsic(name, "is.constant") {
        return Ok(Expansion::Replace(ir::const_int(ir::type_of(call), 0)));
    }

    let integer_min_max = [
        ("umin", LLVMIntPredicate::LLVMIntULT),
        ("umax", LLVMIntPredicate::LLVMIntUGT),
        ("smin", LLVMIntPredicate::LLVMIntSLT),
        ("smax", LLVMIntPredicate::LLVMIntSGT),
    ];
    for (base, predicate) in integer_min_max {
        if is_intrinsic(name, base) {
            let pick_first = builder.icmp(predicate, arg(0), arg(1));
            return Ok(Expansion::Replace(builder.select(
                pick_first,
                arg(0),
                arg(1),
            )));
        }
    }
    if is_intrinsic(name, "abs") {
        let zero = ir::const_int(ir::type_of(arg(0)), 0);
        let negative = builder.icmp(LLVMIntPredicate::LLVMIntSLT, arg(0), zero);
        let negated = builder.sub(zero, arg(0));
        return Ok(Expansion::Replace(builder.select(
            negative,
            negated,
            arg(0),
        )));
    }

    // NOTE: `fma` rounds twice here, so a result can differ from C's fma() in
    // the last bit.
    if is_intrinsic(name, "fmuladd") || is_intrinsic(name, "fma") {
        let product = builder.binary(LLVMOpcode::LLVMFMul, arg(0), arg(1));
        return Ok(Expansion::Replace(builder.binary(
            LLVMOpcode::LLVMFAdd,
            product,
            arg(2),
        )));
    }
    if is_intrinsic(name, "minnum") || is_intrinsic(name, "maxnum") {
        return Ok(Expansion::Replace(min_max_num(
            &builder,
            arg(0),
            arg(1),
            name.starts_with("min"),
        )));
    }
    if is_intrinsic(name, "trunc") {
        return Ok(Expansion::Replace(truncate_float(module, &builder, arg(0))));
    }

    let bit_operations: [(&str, BitOperation); 5] = [
        ("ctpop", ctpop),
        ("ctlz", ctlz),
        ("cttz", cttz),
        ("bswap", bswap),
        ("bitreverse", bitreverse),
    ];
    for (base, expansion) in bit_operations {
        if is_intrinsic(name, base) {
            check_width(call, arg(0))?;
            return Ok(Expansion::Replace(expansion(&builder, arg(0))));
        }
    }
    if is_intrinsic(name, "fshl") || is_intrinsic(name, "fshr") {
        check_width(call, arg(0))?;
        return Ok(Expansion::Replace(funnel_shift(
            &builder,
            arg(0),
            arg(1),
            arg(2),
            name.starts_with("fshl"),
        )));
    }

    if let Some(reduction) = name.strip_prefix("vector.reduce.") {
        let value = reduce_vector(&builder, call, reduction.split('.').next().unwrap_or(""))?;
        return Ok(Expansion::Replace(value));
    }

    if name.contains("element.unordered.atomic") {
        return Err(PassError::at_instruction(
            call,
            "element-wise atomic memory intrinsics are not supported",
        ));
    }
    if is_intrinsic(name, "memcpy") || is_intrinsic(name, "memcpy.inline") {
        return expand_memory_copy(context, call, false, layout).map(|()| Expansion::Done);
    }
    if is_intrinsic(name, "memmove") {
        return expand_memory_copy(context, call, true, layout).map(|()| Expansion::Done);
    }
    if is_intrinsic(name, "memset") || is_intrinsic(name, "memset.inline") {
        return expand_memset(context, call, layout).map(|()| Expansion::Done);
    }
    // The backend gives `va_start` the address of the variadic arguments;
    // a va_list is one pointer, so copying it copies that pointer.
    if is_intrinsic(name, "va_start") {
        return Ok(Expansion::Keep);
    }
    if is_intrinsic(name, "va_end") {
        return Ok(Expansion::Delete);
    }
    if is_intrinsic(name, "va_copy") {
        let builder = Builder::new(context);
        builder.position_before(call);
        let pointer_type = unsafe { LLVMPointerTypeInContext(context, 0) };
        let list = builder.load(pointer_type, ir::operand(call, 1), false);
        builder.store(list, ir::operand(call, 0), false);
        return Ok(Expansion::Delete);
    }

    Err(PassError::at_instruction(
        call,
        format!("intrinsic llvm.{name} is not supported (it has no Scratch equivalent)"),
    ))
}

fn delete_call(call: LLVMValueRef) {
    unsafe {
        if LLVMGetTypeKind(LLVMTypeOf(call)) != llvm_sys::LLVMTypeKind::LLVMVoidTypeKind {
            LLVMReplaceAllUsesWith(call, LLVMGetPoison(LLVMTypeOf(call)));
        }
        LLVMInstructionEraseFromParent(call);
    }
}

fn replace_call(call: LLVMValueRef, value: LLVMValueRef) {
    unsafe {
        LLVMReplaceAllUsesWith(call, value);
        LLVMInstructionEraseFromParent(call);
    }
}

fn check_width(call: LLVMValueRef, value: LLVMValueRef) -> Result<(), PassError> {
    let width = ir::int_width(ir::type_of(value));
    if ir::is_int_type(ir::type_of(value)) && width <= 64 {
        Ok(())
    } else {
        Err(PassError::at_instruction(
            call,
            "bit operations are supported on integers of up to 64 bits only",
        ))
    }
}

/// Expands `llvm.vector.reduce.<operation>` into a chain over the extracted
/// elements, from element 0 up. The chain keeps the order that the ordered
/// `fadd` and `fmul` reductions require; the scalarizer, which runs later,
/// replaces the extracts with the scalarized elements.
fn reduce_vector(
    builder: &Builder,
    call: LLVMValueRef,
    operation: &str,
) -> Result<LLVMValueRef, PassError> {
    let has_start_value = matches!(operation, "fadd" | "fmul");
    let vector = ir::operand(call, if has_start_value { 1 } else { 0 });
    let vector_type = ir::type_of(vector);
    if unsafe { LLVMGetTypeKind(vector_type) } != llvm_sys::LLVMTypeKind::LLVMVectorTypeKind {
        return Err(PassError::at_instruction(
            call,
            "reductions of scalable vectors are not supported",
        ));
    }
    let length = unsafe { LLVMGetVectorSize(vector_type) } as u64;

    let combine: Box<dyn Fn(LLVMValueRef, LLVMValueRef) -> LLVMValueRef + '_> = match operation {
        "add" => Box::new(|a, b| builder.add(a, b)),
        "mul" => Box::new(|a, b| builder.mul(a, b)),
        "and" => Box::new(|a, b| builder.and(a, b)),
        "or" => Box::new(|a, b| builder.or(a, b)),
        "xor" => Box::new(|a, b| builder.xor(a, b)),
        "fadd" => Box::new(|a, b| builder.binary(LLVMOpcode::LLVMFAdd, a, b)),
        "fmul" => Box::new(|a, b| builder.binary(LLVMOpcode::LLVMFMul, a, b)),
        "fmin" => Box::new(|a, b| min_max_num(builder, a, b, true)),
        "fmax" => Box::new(|a, b| min_max_num(builder, a, b, false)),
        "smin" | "smax" | "umin" | "umax" => {
            let predicate = match operation {
                "smin" => LLVMIntPredicate::LLVMIntSLT,
                "smax" => LLVMIntPredicate::LLVMIntSGT,
                "umin" => LLVMIntPredicate::LLVMIntULT,
                _ => LLVMIntPredicate::LLVMIntUGT,
            };
            Box::new(move |a, b| builder.select(builder.icmp(predicate, a, b), a, b))
        }
        _ => {
            return Err(PassError::at_instruction(
                call,
                format!("vector reduction '{operation}' is not supported"),
            ))
        }
    };

    let mut result = if has_start_value {
        ir::operand(call, 0)
    } else {
        builder.extract_element(vector, 0)
    };
    let first = if has_start_value { 0 } else { 1 };
    for index in first..length {
        result = combine(result, builder.extract_element(vector, index));
    }
    Ok(result)
}

/// Builds `minnum`/`maxnum`: when one operand is NaN the result is the other.
/// `a < b ? a : b` already returns b when a is NaN; only b being NaN needs
/// its own select.
fn min_max_num(builder: &Builder, a: LLVMValueRef, b: LLVMValueRef, minimum: bool) -> LLVMValueRef {
    let predicate = if minimum {
        LLVMRealPredicate::LLVMRealOLT
    } else {
        LLVMRealPredicate::LLVMRealOGT
    };
    let pick_a = builder.fcmp(predicate, a, b);
    let ordered = builder.select(pick_a, a, b);
    let b_is_nan = builder.fcmp(LLVMRealPredicate::LLVMRealUNO, b, b);
    builder.select(b_is_nan, a, ordered)
}

/// Builds `trunc(x)` as `x < 0 ? ceil(x) : floor(x)` from the kept intrinsics.
fn truncate_float(module: LLVMModuleRef, builder: &Builder, x: LLVMValueRef) -> LLVMValueRef {
    let ty = ir::type_of(x);
    let call_rounding = |name: &str| unsafe {
        let id = LLVMLookupIntrinsicID(name.as_ptr() as *const _, name.len());
        let mut overloads = [ty];
        let declaration = LLVMGetIntrinsicDeclaration(module, id, overloads.as_mut_ptr(), 1);
        let function_type =
            LLVMIntrinsicGetType(LLVMGetModuleContext(module), id, overloads.as_mut_ptr(), 1);
        builder.call(function_type, declaration, &mut [x])
    };
    let ceiling = call_rounding("llvm.ceil");
    let floor = call_rounding("llvm.floor");
    let negative = builder.fcmp(LLVMRealPredicate::LLVMRealOLT, x, unsafe {
        LLVMConstReal(ty, 0.0)
    });
    builder.select(negative, ceiling, floor)
}

/// Builds the constant whose every byte is `byte`, in `ty`.
fn repeated_byte(ty: LLVMTypeRef, byte: u8) -> LLVMValueRef {
    ir::const_int(ty, u64::from_le_bytes([byte; 8]))
}

/// Counts set bits by summing neighbouring fields of doubling width (2, 4,
/// then 8 bits): after the third step each byte contains its own count, and
/// multiplying by 0x0101... sums all bytes into the top byte.
fn ctpop(builder: &Builder, x: LLVMValueRef) -> LLVMValueRef {
    let ty = ir::type_of(x);
    let width = ir::int_width(ty);
    let c = |bits| ir::const_int(ty, bits);

    // A width below 8 bits counts in an i8 instead, where the zero-extended
    // value has the same number of set bits.
    if width < 8 {
        let byte_type = unsafe { LLVMInt8TypeInContext(LLVMGetTypeContext(ty)) };
        let widened = builder.cast(LLVMOpcode::LLVMZExt, x, byte_type);
        return builder.cast(LLVMOpcode::LLVMTrunc, ctpop(builder, widened), ty);
    }

    let pairs = builder.sub(
        x,
        builder.and(builder.lshr(x, c(1)), repeated_byte(ty, 0x55)),
    );
    let nibbles = builder.add(
        builder.and(pairs, repeated_byte(ty, 0x33)),
        builder.and(builder.lshr(pairs, c(2)), repeated_byte(ty, 0x33)),
    );
    let bytes = builder.and(
        builder.add(nibbles, builder.lshr(nibbles, c(4))),
        repeated_byte(ty, 0x0f),
    );
    let total = builder.mul(bytes, repeated_byte(ty, 0x01));
    if width == 8 {
        total
    } else {
        builder.lshr(total, c(width as u64 - 8))
    }
}

/// Counts leading zeros as `width - ctpop(smeared)`, where `smeared` has every
/// bit below the highest set bit of x set too. Returns `width` for zero,
/// which is right for both values of the is-zero-poison flag.
fn ctlz(builder: &Builder, x: LLVMValueRef) -> LLVMValueRef {
    let ty = ir::type_of(x);
    let width = ir::int_width(ty) as u64;
    let mut smeared = x;
    let mut shift = 1;
    while shift < width {
        smeared = builder.or(smeared, builder.lshr(smeared, ir::const_int(ty, shift)));
        shift *= 2;
    }
    builder.sub(ir::const_int(ty, width), ctpop(builder, smeared))
}

/// Counts trailing zeros as `ctpop(!x & (x - 1))`: the mask of the bits below
/// the lowest set bit. Returns `width` for zero.
fn cttz(builder: &Builder, x: LLVMValueRef) -> LLVMValueRef {
    let ty = ir::type_of(x);
    let below_lowest = builder.and(
        builder.xor(x, ir::const_int(ty, u64::MAX)),
        builder.sub(x, ir::const_int(ty, 1)),
    );
    ctpop(builder, below_lowest)
}

/// Swaps bytes by moving byte k to position n-1-k and or-ing the bytes.
fn bswap(builder: &Builder, x: LLVMValueRef) -> LLVMValueRef {
    let ty = ir::type_of(x);
    let byte_count = ir::int_width(ty) as u64 / 8;
    let mut result = ir::const_int(ty, 0);
    for k in 0..byte_count {
        let byte = builder.and(
            builder.lshr(x, ir::const_int(ty, 8 * k)),
            ir::const_int(ty, 0xff),
        );
        let moved = builder.shl(byte, ir::const_int(ty, 8 * (byte_count - 1 - k)));
        result = builder.or(result, moved);
    }
    result
}

/// Builds `bitreverse(x)` = Σ ((x >> k) & 1) << (width - 1 - k). The bits
/// are disjoint, so they are added rather than or-ed: the backend writes an
/// add as one block and a general `or` as a call.
fn bitreverse(builder: &Builder, x: LLVMValueRef) -> LLVMValueRef {
    let ty = ir::type_of(x);
    let width = ir::int_width(ty) as u64;
    let mut result = ir::const_int(ty, 0);
    for k in 0..width {
        let bit = builder.and(builder.lshr(x, ir::const_int(ty, k)), ir::const_int(ty, 1));
        let moved = builder.shl(bit, ir::const_int(ty, width - 1 - k));
        result = builder.add(result, moved);
    }
    result
}

/// Builds a funnel shift with s = amount mod width:
/// `fshl(a, b, s) = (a << s) | ((b >> 1) >> (width - 1 - s))` and
/// `fshr(a, b, s) = ((a << 1) << (width - 1 - s)) | (b >> s)`.
/// Splitting the complementary shift in two keeps every shift amount below
/// the width, so s = 0 yields a (fshl) or b (fshr) instead of poison.
fn funnel_shift(
    builder: &Builder,
    a: LLVMValueRef,
    b: LLVMValueRef,
    amount: LLVMValueRef,
    left: bool,
) -> LLVMValueRef {
    let ty = ir::type_of(a);
    let width = ir::int_width(ty) as u64;
    let one = ir::const_int(ty, 1);
    let s = builder.and(amount, ir::const_int(ty, width - 1));
    let complement = builder.sub(ir::const_int(ty, width - 1), s);
    if left {
        builder.or(
            builder.shl(a, s),
            builder.lshr(builder.lshr(b, one), complement),
        )
    } else {
        builder.or(
            builder.shl(builder.shl(a, one), complement),
            builder.lshr(b, s),
        )
    }
}

/// Number of 32-bit cells a memory intrinsic covers: a constant, or a value
/// built from the byte length.
enum CellCount {
    Constant(u64),
    Variable(LLVMValueRef),
}

fn cell_count(
    builder: &Builder,
    call: LLVMValueRef,
    length: LLVMValueRef,
    layout: Layout,
) -> Result<CellCount, PassError> {
    if layout == Layout::Bytes {
        return Ok(match ir::constant_int(length) {
            Some(bytes) => CellCount::Constant(bytes.max(0) as u64),
            None => CellCount::Variable(length),
        });
    }
    if let Some(bytes) = ir::constant_int(length) {
        if bytes % 4 != 0 || bytes < 0 {
            return Err(PassError::at_instruction(
                call,
                format!(
                    "length of {bytes} bytes is not a whole number of 32-bit cells (words memory has one \
                     32-bit cell per address); compile with `--layout bytes`"
                ),
            ));
        }
        return Ok(CellCount::Constant(bytes as u64 / 4));
    }
    if !is_multiple_of_four(length, &mut HashSet::new()) {
        return Err(PassError::at_instruction(
            call,
            "length is not provably a multiple of 4 bytes (words memory has one 32-bit cell per \
             address); compile with `--layout bytes`",
        ));
    }
    Ok(CellCount::Variable(quarter(builder, length)))
}

fn is_volatile(call: LLVMValueRef) -> bool {
    ir::constant_int(ir::operand(call, 3)).is_some_and(|flag| flag != 0)
}

/// Returns the integer type of one memory cell of the layout.
fn cell_type(context: LLVMContextRef, layout: Layout) -> LLVMTypeRef {
    unsafe {
        match layout {
            Layout::Words => LLVMInt32TypeInContext(context),
            Layout::Bytes => LLVMInt8TypeInContext(context),
        }
    }
}

/// Expands `memcpy` and `memmove` (`may_overlap`) into cell copies.
fn expand_memory_copy(
    context: LLVMContextRef,
    call: LLVMValueRef,
    may_overlap: bool,
    layout: Layout,
) -> Result<(), PassError> {
    let builder = Builder::new(context);
    builder.position_before(call);
    let (destination, source, length) = (
        ir::operand(call, 0),
        ir::operand(call, 1),
        ir::operand(call, 2),
    );
    let volatile = is_volatile(call);
    let cell_type = cell_type(context, layout);

    match cell_count(&builder, call, length, layout)? {
        // Loading every cell before storing any is right even for overlap.
        CellCount::Constant(cells) if cells <= STRAIGHT_LINE_MAX_CELLS => {
            let index_type = ir::type_of(length);
            let values: Vec<LLVMValueRef> = (0..cells)
                .map(|i| {
                    let address = cell_address(&builder, source, cell_type, index_type, i);
                    builder.load(cell_type, address, volatile)
                })
                .collect();
            for (i, value) in values.into_iter().enumerate() {
                let address =
                    cell_address(&builder, destination, cell_type, index_type, i as u64);
                builder.store(value, address, volatile);
            }
        }
        count => {
            let cells = match count {
                CellCount::Constant(cells) => ir::const_int(ir::type_of(length), cells),
                CellCount::Variable(cells) => cells,
            };
            let copy_cell = |builder: &Builder, index: LLVMValueRef| {
                let from = builder.gep(cell_type, source, index, false);
                let value = builder.load(cell_type, from, volatile);
                let to = builder.gep(cell_type, destination, index, false);
                builder.store(value, to, volatile);
            };
            if may_overlap {
                // Copy upwards when the destination is below the source, so
                // no cell is overwritten before it is read; else downwards.
                let upwards = builder.icmp(LLVMIntPredicate::LLVMIntULE, destination, source);
                build_cell_loops(context, &builder, call, cells, Some(upwards), &copy_cell);
            } else {
                build_cell_loops(context, &builder, call, cells, None, &copy_cell);
            }
        }
    }
    ir::erase_with_dead_operands(call);
    Ok(())
}

/// Returns the address of cell `index` after `base`: `base` itself for cell 0.
fn cell_address(
    builder: &Builder,
    base: LLVMValueRef,
    cell_type: LLVMTypeRef,
    index_type: LLVMTypeRef,
    index: u64,
) -> LLVMValueRef {
    if index == 0 {
        return base;
    }
    builder.gep(cell_type, base, ir::const_int(index_type, index), false)
}

/// Expands `memset` into cell stores: of the byte itself in `bytes` memory,
/// of the byte repeated four times in `words` memory.
fn expand_memset(
    context: LLVMContextRef,
    call: LLVMValueRef,
    layout: Layout,
) -> Result<(), PassError> {
    let builder = Builder::new(context);
    builder.position_before(call);
    let (destination, byte, length) = (
        ir::operand(call, 0),
        ir::operand(call, 1),
        ir::operand(call, 2),
    );
    let volatile = is_volatile(call);
    let cell_type = cell_type(context, layout);

    let cell_value = match (layout, ir::constant_int(byte)) {
        (Layout::Bytes, _) => byte,
        (Layout::Words, Some(b)) => repeated_byte(cell_type, b as u8),
        (Layout::Words, None) => {
            let widened = builder.cast(LLVMOpcode::LLVMZExt, byte, cell_type);
            builder.mul(widened, repeated_byte(cell_type, 0x01))
        }
    };

    match cell_count(&builder, call, length, layout)? {
        CellCount::Constant(cells) if cells <= STRAIGHT_LINE_MAX_CELLS => {
            for i in 0..cells {
                let address =
                    cell_address(&builder, destination, cell_type, ir::type_of(length), i);
                builder.store(cell_value, address, volatile);
            }
        }
        count => {
            let cells = match count {
                CellCount::Constant(cells) => ir::const_int(ir::type_of(length), cells),
                CellCount::Variable(cells) => cells,
            };
            let set_cell = |builder: &Builder, index: LLVMValueRef| {
                let address = builder.gep(cell_type, destination, index, false);
                builder.store(cell_value, address, volatile);
            };
            build_cell_loops(context, &builder, call, cells, None, &set_cell);
        }
    }
    ir::erase_with_dead_operands(call);
    Ok(())
}

/// Replaces the code at `call` with a loop that runs `body` for every cell
/// index below `cells`, skipped when `cells` is zero:
///
/// ```llvm
/// head:    br (cells == 0), tail, up            ; or: br upwards, up, down
/// up:      %i = phi [0, head], [%i1, up]
///          body(%i); %i1 = add %i, 1; br (%i1 == cells), tail, up
/// down:    %j = phi [cells, head], [%j1, down]
///          %j1 = sub %j, 1; body(%j1); br (%j1 == 0), tail, down
/// tail:    call ...                             ; erased by the caller
/// ```
///
/// With `upwards` (memmove), both loops are built and `upwards` picks one;
/// without it only the upward loop is built.
fn build_cell_loops(
    context: LLVMContextRef,
    builder: &Builder,
    call: LLVMValueRef,
    cells: LLVMValueRef,
    upwards: Option<LLVMValueRef>,
    body: &dyn Fn(&Builder, LLVMValueRef),
) {
    let ty = ir::type_of(cells);
    let zero = ir::const_int(ty, 0);
    let one = ir::const_int(ty, 1);

    // `split_block_before` leaves the head ending in `br tail`; replace it.
    let head = unsafe { LLVMGetInstructionParent(call) };
    let tail = crate::split_block_before(call);
    unsafe { LLVMInstructionEraseFromParent(LLVMGetBasicBlockTerminator(head)) };
    let up = unsafe { LLVMInsertBasicBlockInContext(context, tail, c"cells.up".as_ptr()) };
    let down = upwards
        .map(|_| unsafe { LLVMInsertBasicBlockInContext(context, tail, c"cells.down".as_ptr()) });

    builder.position_at_end(head);
    let empty = builder.icmp(LLVMIntPredicate::LLVMIntEQ, cells, zero);
    let first_loop = match (upwards, down) {
        (Some(upwards), Some(down)) => {
            let choose =
                unsafe { LLVMInsertBasicBlockInContext(context, up, c"cells.choose".as_ptr()) };
            builder.cond_br(empty, tail, choose);
            builder.position_at_end(choose);
            builder.cond_br(upwards, up, down);
            choose
        }
        _ => {
            builder.cond_br(empty, tail, up);
            head
        }
    };

    builder.position_at_end(up);
    let index = builder.phi(ty);
    body(builder, index);
    let next = builder.add(index, one);
    let done = builder.icmp(LLVMIntPredicate::LLVMIntEQ, next, cells);
    builder.cond_br(done, tail, up);
    ir::add_incoming(index, &[(zero, first_loop), (next, up)]);

    if let Some(down) = down {
        builder.position_at_end(down);
        let remaining = builder.phi(ty);
        let index = builder.sub(remaining, one);
        body(builder, index);
        let done = builder.icmp(LLVMIntPredicate::LLVMIntEQ, index, zero);
        builder.cond_br(done, tail, down);
        ir::add_incoming(remaining, &[(cells, first_loop), (index, down)]);
    }
}
