//! scratchc's LLVM 19 pass plugin. It normalizes IR for the scratchc backend:
//! intrinsics without a Scratch block become plain IR (`expand_intrinsics`),
//! 64-bit integers become pairs of 32-bit halves (`split_i64`), byte-offset
//! GEPs become 32-bit-cell GEPs in the `words` layout (`rescale_gep`), and
//! control flow takes the structured shape the backend writes as `repeat
//! until` and `if` (`structure_cfg`). The pass manager registration is C++
//! (`cpp/registration.cpp`), with a few IR helpers that the C API lacks
//! (`cpp/ir_helpers.cpp`). Every pass it forwards a module to lives here.
//!
//! This library is `libscratchc_passes.so`. Hosts load it through
//! `libscratchc_plugin.so` (`loader/`), which links no LLVM and first checks
//! that the host uses LLVM 19.
//!
//! Pipeline names for `opt -passes=...`: `scratch-normalize` (all of it, in
//! order, then the `!scratchc.normalized` mark), `scratch-expand-intrinsics`,
//! `scratch-split-i64`, `scratch-rescale-gep` and `scratch-structure-cfg`. Loaded with
//! `clang -fpass-plugin=...`, the plugin runs `scratch-normalize` at the end
//! of the optimization pipeline, for `i386-none-elf` modules only.
//!
//! The memory layout comes from the environment variable `SCRATCHC_LAYOUT`:
//! `words`, `bytes`, or `auto` (the default, also when it is unset), which
//! picks `words` when the module qualifies and `bytes` otherwise. The first
//! pass that needs it records the choice in the module (`!scratchc.layout`),
//! so every later pass of the pipeline uses the same layout.

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

/// Name of the module-level named metadata that records the chosen layout.
const LAYOUT_METADATA: &str = "scratchc.layout";

/// The environment variable that selects the memory layout.
pub const LAYOUT_VARIABLE: &str = "SCRATCHC_LAYOUT";

/// The memory layouts of the normalized IR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One 32-bit cell per address: fast, for programs without char, short
    /// or bool memory.
    Words,
    /// One byte per address: for every C program.
    Bytes,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Words => "words",
            Layout::Bytes => "bytes",
        }
    }

    fn from_name(name: &str) -> Option<Layout> {
        match name {
            "words" => Some(Layout::Words),
            "bytes" => Some(Layout::Bytes),
            _ => None,
        }
    }
}

/// Version of the normalized IR contract, stored next to the layout name as
/// `!scratchc.normalized = !{!N}` with `!N = !{!"words", i32 2}`. Raise it
/// whenever the backend must reject IR from an older plugin.
pub const NORMALIZED_FORMAT_VERSION: u32 = 2;

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
        if let RustPass::CheckStructure = self {
            return structure_cfg::check(module);
        }
        let layout = layout_of(module).map_err(|error| vec![error])?;
        match self {
            RustPass::ExpandIntrinsics => expand_intrinsics::run(module, layout),
            RustPass::SplitI64 => split_i64::run(module, layout),
            RustPass::RescaleGep if layout == Layout::Words => rescale_gep::run(module),
            RustPass::RescaleGep => Ok(()),
            RustPass::CheckStructure => unreachable!("handled above"),
            RustPass::MarkNormalized => {
                mark_normalized(module, layout);
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

/// Returns the module's memory layout: the one recorded in it, else the one
/// `SCRATCHC_LAYOUT` requests, which is then recorded.
fn layout_of(module: &Module) -> Result<Layout, PassError> {
    if let Some(name) = first_metadata_string(module, LAYOUT_METADATA) {
        return Layout::from_name(&name)
            .ok_or_else(|| PassError::new(format!("unknown memory layout `{name}` recorded in the module")));
    }
    let requested = std::env::var(LAYOUT_VARIABLE).unwrap_or_default();
    let layout = match requested.as_str() {
        "words" => Layout::Words,
        "bytes" => Layout::Bytes,
        "auto" | "" => {
            if qualifies_for_words(module) {
                Layout::Words
            } else {
                Layout::Bytes
            }
        }
        other => {
            return Err(PassError::new(format!(
                "{LAYOUT_VARIABLE} is `{other}`; set it to words, bytes or auto"
            )))
        }
    };
    add_metadata_strings(module, LAYOUT_METADATA, &[layout.name()], None);
    Ok(layout)
}

/// Returns whether the `words` passes accept a copy of the module: no char,
/// short or bool memory, and every byte offset a multiple of 4.
fn qualifies_for_words(module: &Module) -> bool {
    let copy = unsafe { Module::new(LLVMCloneModule(module.as_mut_ptr())) };
    expand_intrinsics::run(&copy, Layout::Words).is_ok() && rescale_gep::run(&copy).is_ok()
}

/// Returns the first string of the first node of a named metadata, if any.
fn first_metadata_string(module: &Module, name: &str) -> Option<String> {
    let raw = module.as_mut_ptr();
    let name = CString::new(name).expect("constant has no NUL");
    unsafe {
        if LLVMGetNamedMetadataNumOperands(raw, name.as_ptr()) == 0 {
            return None;
        }
        let mut nodes = [std::ptr::null_mut()];
        LLVMGetNamedMetadataOperands(raw, name.as_ptr(), nodes.as_mut_ptr());
        if LLVMGetMDNodeNumOperands(nodes[0]) == 0 {
            return None;
        }
        let mut fields = vec![std::ptr::null_mut(); LLVMGetMDNodeNumOperands(nodes[0]) as usize];
        LLVMGetMDNodeOperands(nodes[0], fields.as_mut_ptr());
        let mut length = 0;
        let text = LLVMGetMDString(fields[0], &mut length);
        (!text.is_null()).then(|| {
            String::from_utf8_lossy(std::slice::from_raw_parts(text as *const u8, length as usize)).into_owned()
        })
    }
}

/// Adds `!name = !{!{!"text", ..., i32 number}}` to the module.
fn add_metadata_strings(module: &Module, name: &str, texts: &[&str], number: Option<u32>) {
    let raw = module.as_mut_ptr();
    let name = CString::new(name).expect("constant has no NUL");
    unsafe {
        let context = LLVMGetModuleContext(raw);
        let mut fields: Vec<LLVMMetadataRef> = texts
            .iter()
            .map(|text| LLVMMDStringInContext2(context, text.as_ptr() as *const c_char, text.len()))
            .collect();
        if let Some(number) = number {
            fields.push(LLVMValueAsMetadata(LLVMConstInt(
                LLVMInt32TypeInContext(context),
                number as u64,
                0,
            )));
        }
        let node = LLVMMetadataAsValue(context, LLVMMDNodeInContext2(context, fields.as_mut_ptr(), fields.len()));
        LLVMAddNamedMetadataOperand(raw, name.as_ptr(), node);
    }
}

/// Adds `!scratchc.normalized = !{!{!"<layout>", i32 <version>}}` unless the
/// module already has the mark.
fn mark_normalized(module: &Module, layout: Layout) {
    let name = CString::new(NORMALIZED_METADATA).expect("constant has no NUL");
    if unsafe { LLVMGetNamedMetadataNumOperands(module.as_mut_ptr(), name.as_ptr()) } > 0 {
        return;
    }
    add_metadata_strings(module, NORMALIZED_METADATA, &[layout.name()], Some(NORMALIZED_FORMAT_VERSION));
}
