//! scratchc's LLVM 19 pass plugin. It normalizes IR for the scratchc backend:
//! intrinsics without a Scratch block become plain IR (`expand_intrinsics`),
//! 64-bit integers become pairs of 32-bit halves (`split_i64`), byte-offset
//! GEPs become 32-bit-cell GEPs (`rescale_gep`), and control flow takes the
//! structured shape the backend writes as `repeat until` and `if`
//! (`structure_cfg`). The pass manager registration is C++
//! (`cpp/registration.cpp`), with a few IR helpers that the C API lacks
//! (`cpp/ir_helpers.cpp`). Every pass it forwards a module to lives here.
//!
//! Pipeline names for `opt -passes=...`: `scratch-normalize` (all of it, in
//! order, then the `!scratchc.normalized` mark), `scratch-expand-intrinsics`,
//! `scratch-split-i64`, `scratch-rescale-gep` and `scratch-structure-cfg`. Loaded with
//! `clang -fpass-plugin=...`, the plugin runs `scratch-normalize` at the end
//! of the optimization pipeline, for `i386-none-elf` modules only.

mod diagnostics;
mod expand_intrinsics;
mod ir;
mod rescale_gep;
mod split_i64;
mod structure_cfg;

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{c_char, c_void, CString};
use std::mem::ManuallyDrop;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use inkwell::module::Module;
use llvm_sys::core::*;
use llvm_sys::prelude::*;

use diagnostics::PassError;

/// Name of the module-level named metadata that marks normalized IR.
pub const NORMALIZED_METADATA: &str = "scratchc.normalized";

/// Memory layout the normalized IR is written for: one 32-bit cell per address.
pub const MEMORY_LAYOUT: &str = "words";

/// Version of the normalized IR contract, stored next to the layout name as
/// `!scratchc.normalized = !{!N}` with `!N = !{!"words", i32 1}`. Raise it
/// whenever the backend must reject IR from an older plugin.
pub const NORMALIZED_FORMAT_VERSION: u32 = 1;

/// `llvm::PassPluginLibraryInfo` from `llvm/Passes/PassPlugin.h`.
#[repr(C)]
pub struct PassPluginLibraryInfo {
    api_version: u32,
    plugin_name: *const c_char,
    plugin_version: *const c_char,
    register_pass_builder_callbacks: Option<unsafe extern "C" fn(*mut c_void)>,
}

extern "C" {
    fn scratchc_plugin_library_info() -> PassPluginLibraryInfo;
    fn scratchc_normalize_in_process(module: LLVMModuleRef) -> *const c_char;
    fn scratchc_split_block_before(instruction: LLVMValueRef) -> LLVMBasicBlockRef;
}

/// Entry point that `opt -load-pass-plugin` and `clang -fpass-plugin` look up.
#[no_mangle]
pub extern "C" fn llvmGetPassPluginInfo() -> PassPluginLibraryInfo {
    unsafe { scratchc_plugin_library_info() }
}

/// Runs `scratch-normalize` on `module` in the calling process, for a host
/// such as the backend that loads this library with `dlopen` (its process
/// must already have libLLVM-19 loaded). The caller keeps ownership of the
/// module. Returns null on success, or the first error as one line, to be
/// released with `scratchc_free_message`; the module is then not marked.
///
/// # Safety
///
/// `module` must be a valid module that no other thread uses during the call.
#[no_mangle]
pub unsafe extern "C" fn scratchc_normalize_module(module: LLVMModuleRef) -> *mut c_char {
    let error = unsafe { scratchc_normalize_in_process(module) };
    if error.is_null() {
        return std::ptr::null_mut();
    }
    let text = unsafe { std::ffi::CStr::from_ptr(error) }
        .to_string_lossy()
        .into_owned();
    into_message(text)
}

/// Splits the block of `instruction` before it and returns the new block,
/// which starts with `instruction` (LLVM's `SplitBlock`).
pub(crate) fn split_block_before(instruction: LLVMValueRef) -> LLVMBasicBlockRef {
    unsafe { scratchc_split_block_before(instruction) }
}

/// The Rust passes, numbered as in `cpp/registration.cpp`.
#[derive(Clone, Copy, Debug)]
enum RustPass {
    ExpandIntrinsics,
    RescaleGep,
    CheckStructure,
    MarkNormalized,
    SplitI64,
}

impl RustPass {
    fn from_id(id: u32) -> Option<RustPass> {
        match id {
            0 => Some(RustPass::ExpandIntrinsics),
            1 => Some(RustPass::RescaleGep),
            2 => Some(RustPass::CheckStructure),
            3 => Some(RustPass::MarkNormalized),
            4 => Some(RustPass::SplitI64),
            _ => None,
        }
    }

    fn pipeline_name(self) -> &'static str {
        match self {
            RustPass::ExpandIntrinsics => "scratch-expand-intrinsics",
            RustPass::RescaleGep => "scratch-rescale-gep",
            RustPass::CheckStructure => "scratch-structure-cfg",
            RustPass::MarkNormalized => "scratch-normalize",
            RustPass::SplitI64 => "scratch-split-i64",
        }
    }

    fn run(self, module: &Module) -> Result<(), Vec<PassError>> {
        match self {
            RustPass::ExpandIntrinsics => expand_intrinsics::run(module),
            RustPass::RescaleGep => rescale_gep::run(module),
            RustPass::CheckStructure => structure_cfg::check(module),
            RustPass::SplitI64 => split_i64::run(module),
            RustPass::MarkNormalized => {
                mark_normalized(module);
                Ok(())
            }
        }
    }
}

/// Runs Rust pass `pass_id` on a module owned by the host. Returns null on
/// success, or an error message for the host to report, to be released with
/// `scratchc_free_message`. A panic is caught here and becomes an error
/// message, because unwinding into C++ is undefined behavior.
///
/// # Safety
///
/// `module` must be a valid module that no other thread uses during the call.
#[no_mangle]
pub unsafe extern "C" fn scratchc_run_rust_pass(
    pass_id: u32,
    module: LLVMModuleRef,
) -> *mut c_char {
    let Some(pass) = RustPass::from_id(pass_id) else {
        return into_message(format!("scratchc: unknown Rust pass number {pass_id}"));
    };

    install_quiet_panic_hook();
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        // The host owns the module, so it must never be disposed of here.
        let module = ManuallyDrop::new(unsafe { Module::new(module) });
        pass.run(&module)
    }));

    match outcome {
        Ok(Ok(())) => std::ptr::null_mut(),
        Ok(Err(errors)) => into_message(format!("scratchc: {}", diagnostics::summarize(&errors))),
        Err(payload) => into_message(format!(
            "scratchc: internal error in {}: {}; please report this with the input IR",
            pass.pipeline_name(),
            panic_message(payload)
        )),
    }
}

/// Releases a message returned by `scratchc_run_rust_pass` or
/// `scratchc_normalize_module`.
///
/// # Safety
///
/// `message` must be null or a message from those functions, released once.
#[no_mangle]
pub unsafe extern "C" fn scratchc_free_message(message: *mut c_char) {
    if !message.is_null() {
        drop(unsafe { CString::from_raw(message) });
    }
}

fn into_message(text: String) -> *mut c_char {
    CString::new(text.replace('\0', " "))
        .expect("NUL bytes were replaced")
        .into_raw()
}

thread_local! {
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default panic hook, which prints to stderr, with one that
/// records the location for the error message. The hook belongs to this
/// library's own copy of the Rust standard library, so it affects no other
/// Rust code in the host process.
fn install_quiet_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        panic::set_hook(Box::new(|info| {
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            PANIC_LOCATION.with(|slot| *slot.borrow_mut() = location);
        }));
    });
}

fn panic_message(payload: Box<dyn Any + Send>) -> String {
    let text = if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic with a non-string payload".to_string()
    };
    match PANIC_LOCATION.with(|slot| slot.borrow_mut().take()) {
        Some(location) => format!("{text} (at {location})"),
        None => text,
    }
}

/// Adds `!scratchc.normalized = !{!{!"words", i32 1}}` unless the module
/// already has the mark.
fn mark_normalized(module: &Module) {
    let raw = module.as_mut_ptr();
    let name = CString::new(NORMALIZED_METADATA).expect("constant has no NUL");
    unsafe {
        if LLVMGetNamedMetadataNumOperands(raw, name.as_ptr()) > 0 {
            return;
        }
        let context = LLVMGetModuleContext(raw);
        let layout = LLVMMDStringInContext2(
            context,
            MEMORY_LAYOUT.as_ptr() as *const c_char,
            MEMORY_LAYOUT.len(),
        );
        let version = LLVMValueAsMetadata(LLVMConstInt(
            LLVMInt32TypeInContext(context),
            NORMALIZED_FORMAT_VERSION as u64,
            0,
        ));
        let mut fields = [layout, version];
        let node = LLVMMetadataAsValue(
            context,
            LLVMMDNodeInContext2(context, fields.as_mut_ptr(), fields.len()),
        );
        LLVMAddNamedMetadataOperand(raw, name.as_ptr(), node);
    }
}
