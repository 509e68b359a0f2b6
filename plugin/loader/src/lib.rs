//! The library that opt and clang load as scratchc's pass plugin,
//! `libscratchc_plugin.so`. It links no LLVM, so a program of any LLVM
//! version can load it. It queries the host's LLVM version. For LLVM 19 it
//! loads the passes (`libscratchc_passes.so`, in the same folder) and
//! returns their registration. For any other version it prints one line
//! naming both versions and returns an API version that no LLVM accepts, so
//! the host reports the plugin as not loaded instead of running code built
//! for another LLVM.

use std::ffi::{c_char, c_uint, c_void, CStr, CString};
use std::path::PathBuf;

/// `llvm::PassPluginLibraryInfo`, whose layout every LLVM since 10 shares.
#[repr(C)]
pub struct PassPluginLibraryInfo {
    api_version: u32,
    plugin_name: *const c_char,
    plugin_version: *const c_char,
    register_pass_builder_callbacks: Option<unsafe extern "C" fn(*mut c_void)>,
}

/// The LLVM major version the passes are built for.
const LLVM_MAJOR: c_uint = 19;

/// The library with the passes, in the folder of this one.
const PASSES_LIBRARY: &str = "libscratchc_passes.so";

/// `LLVMGetVersion` of LLVM's C API, which LLVM 16 and later export.
type GetVersion = unsafe extern "C" fn(*mut c_uint, *mut c_uint, *mut c_uint);

/// Entry point that `opt -load-pass-plugin` and `clang -fpass-plugin` look up.
#[no_mangle]
pub extern "C" fn llvmGetPassPluginInfo() -> PassPluginLibraryInfo {
    match load_passes() {
        Ok(info) => info,
        Err(message) => {
            eprintln!("scratchc: {message}");
            not_loaded()
        }
    }
}

/// Returns plugin information that every host rejects: API version 0
/// exists in no LLVM.
fn not_loaded() -> PassPluginLibraryInfo {
    PassPluginLibraryInfo {
        api_version: 0,
        plugin_name: c"scratchc".as_ptr(),
        plugin_version: c"0.1.0".as_ptr(),
        register_pass_builder_callbacks: None,
    }
}

/// Returns the host's LLVM version, or `None` when the host exports no
/// `LLVMGetVersion` (LLVM 15 or older, or an LLVM without its C API).
fn host_llvm_version() -> Option<(c_uint, c_uint, c_uint)> {
    // SAFETY: dlsym with RTLD_DEFAULT only looks the name up.
    let symbol = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c"LLVMGetVersion".as_ptr()) };
    if symbol.is_null() {
        return None;
    }
    // SAFETY: LLVM declares LLVMGetVersion with exactly this signature.
    let get_version: GetVersion = unsafe { std::mem::transmute::<*mut c_void, GetVersion>(symbol) };
    let (mut major, mut minor, mut patch) = (0, 0, 0);
    // SAFETY: the three pointers are valid for writes.
    unsafe { get_version(&mut major, &mut minor, &mut patch) };
    Some((major, minor, patch))
}

/// Returns the folder this library was loaded from.
fn own_folder() -> Option<PathBuf> {
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    let address = llvmGetPassPluginInfo as *const c_void;
    // SAFETY: dladdr fills `info` for an address inside a loaded object.
    if unsafe { libc::dladdr(address, &mut info) } == 0 || info.dli_fname.is_null() {
        return None;
    }
    // SAFETY: dladdr returned a NUL-terminated path.
    let path = unsafe { CStr::from_ptr(info.dli_fname) }.to_string_lossy().into_owned();
    PathBuf::from(path).parent().map(PathBuf::from)
}

/// Returns the last dynamic-loader error, for a message.
fn loader_error() -> String {
    // SAFETY: dlerror returns null or a NUL-terminated message.
    let message = unsafe { libc::dlerror() };
    if message.is_null() {
        return String::from("unknown error");
    }
    unsafe { CStr::from_ptr(message) }.to_string_lossy().into_owned()
}

/// Checks the host's LLVM version, then loads the passes and returns
/// their registration.
fn load_passes() -> Result<PassPluginLibraryInfo, String> {
    match host_llvm_version() {
        Some((LLVM_MAJOR, _, _)) => {}
        Some((major, minor, patch)) => {
            return Err(format!(
                "this pass plugin is built for LLVM {LLVM_MAJOR}, but the program loading it uses LLVM \
                 {major}.{minor}.{patch}; load it with opt-{LLVM_MAJOR} or clang-{LLVM_MAJOR}"
            ))
        }
        None => {
            return Err(format!(
                "this pass plugin is built for LLVM {LLVM_MAJOR}, but the program loading it uses an \
                 LLVM older than 16 (it has no LLVMGetVersion); load it with opt-{LLVM_MAJOR} or \
                 clang-{LLVM_MAJOR}"
            ))
        }
    }
    let folder = own_folder().ok_or("cannot find the folder of the pass plugin library")?;
    let path = folder.join(PASSES_LIBRARY);
    let path_text = CString::new(path.to_string_lossy().into_owned()).map_err(|_| "the plugin path contains NUL")?;
    // SAFETY: the path is NUL-terminated; the library stays loaded for the
    // life of the process, as a pass plugin must.
    let passes = unsafe { libc::dlopen(path_text.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    if passes.is_null() {
        return Err(format!("cannot load the passes from {}: {}", path.display(), loader_error()));
    }
    let entry = unsafe { libc::dlsym(passes, c"llvmGetPassPluginInfo".as_ptr()) };
    if entry.is_null() {
        return Err(format!("{} has no llvmGetPassPluginInfo", path.display()));
    }
    // SAFETY: the passes library exports this entry point with this signature.
    let entry: extern "C" fn() -> PassPluginLibraryInfo =
        unsafe { std::mem::transmute::<*mut c_void, extern "C" fn() -> PassPluginLibraryInfo>(entry) };
    Ok(entry())
}
