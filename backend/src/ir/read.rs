//! Reads a normalized module with LLVM's own parser and mirrors it in `ir`.
//!
//! This is the only file that talks to LLVM. It lays out the globals in
//! `!stack` (cell 1 first), turns every GEP into cell arithmetic using the
//! module's DataLayout, and rejects what the plugin should have removed. A
//! cell is one address of the module's memory layout: 4 bytes in `words`,
//! 1 byte in `bytes`.

use std::collections::{HashMap, HashSet};
use std::ffi::{CStr, CString};
use std::path::Path;

use anyhow::{Context as _, Result};
use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::target::*;
use llvm_sys::{LLVMIntPredicate, LLVMOpcode, LLVMRealPredicate, LLVMTypeKind};

use super::*;
use crate::diagnostics::{bad_input, bad_input_at};

/// Name of the named metadata the plugin adds to every module it normalized.
pub const NORMALIZED_MARK: &str = "scratchc.normalized";
/// The plugin output format this backend reads.
pub const NORMALIZED_VERSION: i64 = 2;

const ANNOTATION_PREFIX: &str = "scratch.";

/// Parses a `.bc` or `.ll` file and mirrors it, refusing modules that the
/// scratchc plugin has not normalized.
pub fn read_module(path: &Path) -> Result<Module> {
    let buffer = MemoryBuffer::create_from_file(path)
        .map_err(|err| bad_input(format!("cannot read {}: {}", path.display(), err.to_string().trim())))?;
    if buffer.get_size() == 0 {
        return Err(bad_input(format!("{} is empty; expected LLVM IR (.ll or .bc)", path.display())));
    }
    let bytes = std::fs::read(path)
        .map_err(|err| bad_input(format!("cannot read {}: {err}", path.display())))?;
    let is_bitcode = bytes.starts_with(b"BC\xC0\xDE") || bytes.starts_with(&[0xDE, 0xC0, 0x17, 0x0B]);
    if !is_bitcode && (bytes.contains(&0) || std::str::from_utf8(&bytes).is_err()) {
        return Err(bad_input(format!(
            "{} is neither LLVM bitcode nor LLVM IR text; expected a .bc or .ll file from clang-19 or opt-19",
            path.display()
        )));
    }
    let context = Context::create();
    let module = context.create_module_from_ir(buffer).map_err(|err| {
        // LLVM's message quotes the offending line under it; the first line
        // has the file, line, column and reason.
        let message = err.to_string();
        let first_line = message.lines().next().unwrap_or("").trim().to_string();
        bad_input(format!("{} is not valid LLVM 19 IR: {first_line}", path.display()))
    })?;
    let source_name = path.display().to_string();
    // SAFETY: `module` outlives the reader, which only reads it.
    let mut reader = unsafe { Reader::new(module.as_mut_ptr(), source_name) };
    reader.layout = reader.check_normalized()?;
    unsafe { reader.read() }
}

struct Reader {
    module: LLVMModuleRef,
    data_layout: LLVMTargetDataRef,
    source_name: String,
    /// Index of each defined function in `Module::functions`.
    function_index: HashMap<LLVMValueRef, usize>,
    /// Defined functions whose address the module takes.
    address_taken: std::cell::RefCell<Vec<bool>>,
    layout: Layout,
}

fn value_name(value: LLVMValueRef) -> String {
    let mut length = 0;
    // SAFETY: LLVM returns a pointer to `length` bytes owned by the value.
    unsafe {
        let name = LLVMGetValueName2(value, &mut length);
        if name.is_null() {
            return String::new();
        }
        String::from_utf8_lossy(std::slice::from_raw_parts(name as *const u8, length)).into_owned()
    }
}

/// Returns the bytes of a constant data array (a C string literal), without
/// the trailing NUL.
unsafe fn constant_bytes(value: LLVMValueRef) -> Option<Vec<u8>> {
    if value.is_null() {
        return None;
    }
    // An all-zero string such as "\0" is a zeroinitializer: C reads it as "".
    if !LLVMIsAConstantAggregateZero(value).is_null() {
        return Some(Vec::new());
    }
    if LLVMIsAConstantDataSequential(value).is_null() {
        return None;
    }
    let mut length = 0;
    let data = LLVMGetAsString(value, &mut length);
    let mut bytes = std::slice::from_raw_parts(data as *const u8, length).to_vec();
    if bytes.last() == Some(&0) {
        bytes.pop();
    }
    Some(bytes)
}

/// Decodes the bytes of a string literal as Scratch text. Bytes that are not
/// UTF-8 become the character with that code (Latin-1), so none is lost.
pub fn bytes_to_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&byte| byte as char).collect(),
    }
}

unsafe fn strip_casts(mut value: LLVMValueRef) -> LLVMValueRef {
    while !LLVMIsAConstantExpr(value).is_null()
        && matches!(LLVMGetConstOpcode(value), LLVMOpcode::LLVMBitCast | LLVMOpcode::LLVMAddrSpaceCast)
    {
        value = LLVMGetOperand(value, 0);
    }
    value
}

fn source_location(value: LLVMValueRef) -> Option<SourceLocation> {
    // SAFETY: the debug-location getters accept any instruction.
    unsafe {
        if LLVMIsAInstruction(value).is_null() {
            return None;
        }
        let line = LLVMGetDebugLocLine(value);
        if line == 0 {
            return None;
        }
        let text = |data: *const std::ffi::c_char, length: u32| {
            (!data.is_null())
                .then(|| String::from_utf8_lossy(std::slice::from_raw_parts(data as *const u8, length as usize)).into_owned())
        };
        let mut length = 0;
        let file = text(LLVMGetDebugLocFilename(value, &mut length), length).unwrap_or_else(|| String::from("?"));
        let directory = text(LLVMGetDebugLocDirectory(value, &mut length), length).unwrap_or_default();
        Some(SourceLocation { file: readable_path(&directory, file), line, column: LLVMGetDebugLocColumn(value) })
    }
}

/// Returns the path of a source file as debug info names it: `file` when it
/// can be read from here, else `directory/file`. clang may record a file
/// outside the current folder as a folder plus a relative name.
fn readable_path(directory: &str, file: String) -> String {
    let path = std::path::Path::new(&file);
    if path.is_absolute() || path.exists() || directory.is_empty() {
        return file;
    }
    let joined = std::path::Path::new(directory).join(path);
    if joined.exists() {
        joined.to_string_lossy().into_owned()
    } else {
        file
    }
}

/// Prints an instruction as LLVM does, for error messages.
fn print_value(value: LLVMValueRef) -> String {
    // SAFETY: LLVMPrintValueToString returns a string we must dispose.
    unsafe {
        let text = LLVMPrintValueToString(value);
        let printed = CStr::from_ptr(text).to_string_lossy().trim().to_string();
        LLVMDisposeMessage(text);
        printed
    }
}

struct FunctionContext {
    instructions: HashMap<LLVMValueRef, InstId>,
    blocks: HashMap<LLVMBasicBlockRef, BlockId>,
    params: HashMap<LLVMValueRef, usize>,
    name: String,
    /// For a variadic function, its hidden last parameter: the address of
    /// the variadic arguments, which `va_start` stores into the va_list.
    varargs_param: Option<usize>,
}

impl Reader {
    unsafe fn new(module: LLVMModuleRef, source_name: String) -> Reader {
        let mut function_index = HashMap::new();
        let mut function = LLVMGetFirstFunction(module);
        while !function.is_null() {
            if LLVMCountBasicBlocks(function) > 0 {
                function_index.insert(function, function_index.len());
            }
            function = LLVMGetNextFunction(function);
        }
        let address_taken = std::cell::RefCell::new(vec![false; function_index.len()]);
        Reader {
            module,
            data_layout: LLVMGetModuleDataLayout(module),
            source_name,
            function_index,
            address_taken,
            layout: Layout::Words,
        }
    }

    /// Returns the memory layout named by the plugin's mark, or an error
    /// when the module has no mark or one this backend cannot read.
    fn check_normalized(&self) -> Result<Layout> {
        let not_normalized = || {
            bad_input(format!(
                "{} was not normalized by the scratchc plugin; compile C with `scratchc cc`, or run \
                 `opt-19 -load-pass-plugin=libscratchc_plugin.so -passes=scratch-normalize` first",
                self.source_name
            ))
        };
        let name = CString::new(NORMALIZED_MARK).unwrap();
        // SAFETY: the module is valid; the node array has the size LLVM reports.
        unsafe {
            let count = LLVMGetNamedMetadataNumOperands(self.module, name.as_ptr());
            if count == 0 {
                return Err(not_normalized());
            }
            let mut nodes = vec![std::ptr::null_mut(); count as usize];
            LLVMGetNamedMetadataOperands(self.module, name.as_ptr(), nodes.as_mut_ptr());
            let node = nodes[0];
            let fields = LLVMGetMDNodeNumOperands(node) as usize;
            let mut operands = vec![std::ptr::null_mut(); fields];
            LLVMGetMDNodeOperands(node, operands.as_mut_ptr());
            let layout = operands.first().and_then(|&field| {
                let mut length = 0;
                let text = LLVMGetMDString(field, &mut length);
                (!text.is_null()).then(|| {
                    String::from_utf8_lossy(std::slice::from_raw_parts(text as *const u8, length as usize))
                        .into_owned()
                })
            });
            let version = operands
                .get(1)
                .filter(|field| !LLVMIsAConstantInt(**field).is_null())
                .map(|&field| LLVMConstIntGetSExtValue(field));
            let known = match layout.as_deref() {
                Some("words") => Layout::Words,
                Some("bytes") => Layout::Bytes,
                Some(other) => {
                    return Err(bad_input(format!(
                        "{} uses the `{other}` memory layout, which this backend does not know; \
                         use `words` or `bytes`",
                        self.source_name
                    )))
                }
                None => return Err(not_normalized()),
            };
            match version {
                Some(NORMALIZED_VERSION) => Ok(known),
                Some(other) => Err(bad_input(format!(
                    "{} was normalized by plugin format {other}, but this scratchc reads format \
                     {NORMALIZED_VERSION}; rebuild it with this version's plugin",
                    self.source_name
                ))),
                None => Err(not_normalized()),
            }
        }
    }

    unsafe fn read(&self) -> Result<Module> {
        let annotations = self.read_annotations()?;
        let (globals, global_index, memory, monitors) = self.read_globals(&annotations)?;

        let function_index = &self.function_index;
        let mut defined = vec![std::ptr::null_mut(); function_index.len()];
        for (&function, &index) in function_index {
            defined[index] = function;
        }

        let mut functions = Vec::new();
        for &function in &defined {
            let mut mirrored = self.read_function(function, &globals, &global_index, function_index)?;
            for annotation in annotations.get(&function).into_iter().flatten() {
                match annotation.as_str() {
                    "when_flag_clicked" => mirrored.hats.push(Hat::FlagClicked),
                    "when_this_sprite_clicked" => mirrored.hats.push(Hat::ThisSpriteClicked),
                    "screen_refresh" => mirrored.screen_refresh = true,
                    other => match other.strip_prefix("when_key_pressed:") {
                        Some(key) => mirrored.hats.push(Hat::KeyPressed(key.to_string())),
                        None => {
                            return Err(bad_input(format!(
                                "unknown scratch.h mark `scratch.{other}` on function `{}`",
                                mirrored.name
                            )))
                        }
                    },
                }
            }
            functions.push(mirrored);
        }
        let address_taken = self.address_taken.borrow().clone();
        Ok(Module { layout: self.layout, globals, functions, memory, monitors, address_taken })
    }

    /// Collects the `scratch.*` annotations of functions and globals from
    /// `@llvm.global.annotations`, without the prefix.
    unsafe fn read_annotations(&self) -> Result<HashMap<LLVMValueRef, Vec<String>>> {
        let mut annotations: HashMap<LLVMValueRef, Vec<String>> = HashMap::new();
        let name = CString::new("llvm.global.annotations").unwrap();
        let global = LLVMGetNamedGlobal(self.module, name.as_ptr());
        if global.is_null() {
            return Ok(annotations);
        }
        let array = LLVMGetInitializer(global);
        if array.is_null() {
            return Ok(annotations);
        }
        for index in 0..LLVMGetNumOperands(array) as u32 {
            let entry = LLVMGetOperand(array, index);
            let target = strip_casts(LLVMGetOperand(entry, 0));
            let text_global = strip_casts(LLVMGetOperand(entry, 1));
            if LLVMIsAGlobalVariable(text_global).is_null() {
                continue;
            }
            let Some(bytes) = constant_bytes(LLVMGetInitializer(text_global)) else { continue };
            let text = bytes_to_text(&bytes);
            if let Some(mark) = text.strip_prefix(ANNOTATION_PREFIX) {
                annotations.entry(target).or_default().push(mark.to_string());
            }
        }
        Ok(annotations)
    }

    unsafe fn global_bytes(&self, global: LLVMValueRef) -> u64 {
        LLVMABISizeOfType(self.data_layout, LLVMGlobalGetValueType(global))
    }

    /// Classifies every global, assigns memory addresses, and writes the
    /// preseeded memory image.
    unsafe fn read_globals(
        &self,
        annotations: &HashMap<LLVMValueRef, Vec<String>>,
    ) -> Result<(Vec<Global>, HashMap<LLVMValueRef, usize>, Vec<f64>, Vec<MonitorRequest>)> {
        let mut globals = Vec::new();
        let mut monitors = Vec::new();
        let mut index = HashMap::new();
        let mut next_address = 1i64;
        let mut refs = Vec::new();

        // The initializers of SCRATCH_LIST arrays: strings in them are list
        // items, not data in memory.
        let list_arrays: HashSet<LLVMValueRef> = annotations
            .iter()
            .filter(|(_, marks)| marks.iter().any(|mark| mark.starts_with("list:")))
            .map(|(&target, _)| LLVMGetInitializer(target))
            .filter(|initializer| !initializer.is_null())
            .collect();
        let mut global = LLVMGetFirstGlobal(self.module);
        while !global.is_null() {
            let name = value_name(global);
            let section = LLVMGetSection(global);
            let in_metadata = !section.is_null() && CStr::from_ptr(section).to_bytes() == b"llvm.metadata";
            let marks = annotations.get(&global).cloned().unwrap_or_default();
            let initializer = LLVMGetInitializer(global);

            let place = if name.starts_with("llvm.") || in_metadata {
                GlobalPlace::Unused
            } else if let Some(variable) = marks.iter().find_map(|mark| mark.strip_prefix("monitor:")) {
                monitors.push(MonitorRequest { variable: variable.to_string(), slider: None });
                GlobalPlace::Unused
            } else if let Some(variable) = marks.iter().find_map(|mark| mark.strip_prefix("variable:")) {
                if let Some(bounds) = marks.iter().find_map(|mark| mark.strip_prefix("slider:")) {
                    let slider = parse_slider(bounds).ok_or_else(|| {
                        bad_input(format!(
                            "SCRATCH_SLIDER on `{name}` needs two numbers, min and max with min < max, \
                             got `{bounds}`"
                        ))
                    })?;
                    monitors.push(MonitorRequest { variable: variable.to_string(), slider: Some(slider) });
                }
                self.variable_place(&name, variable, global, initializer)?
            } else if let Some(list) = marks.iter().find_map(|mark| mark.strip_prefix("list:")) {
                self.list_place(&name, list, initializer)?
            } else if LLVMIsGlobalConstant(global) != 0 && self.used_only_as_name(global, &list_arrays) {
                match constant_bytes(initializer) {
                    Some(bytes) => GlobalPlace::Text(bytes_to_text(&bytes)),
                    None => GlobalPlace::Unused,
                }
            } else {
                if initializer.is_null() {
                    return Err(bad_input(format!(
                        "global `{name}` is declared but not defined; scratchc compiles one whole \
                         program, so define it in the C source"
                    )));
                }
                let cells = self.layout.cells_for_bytes(self.global_bytes(global) as i64);
                // In bytes memory an address is a C address: align it as
                // the ABI does, so code that checks alignment finds it aligned.
                let alignment = match self.layout {
                    Layout::Words => 1,
                    Layout::Bytes => {
                        let type_alignment = LLVMABIAlignmentOfType(self.data_layout, LLVMGlobalGetValueType(global));
                        i64::from(type_alignment.max(LLVMGetAlignment(global)).max(1))
                    }
                };
                let address = round_up(next_address, alignment);
                next_address = address + cells.max(1);
                GlobalPlace::Memory { address, cells }
            };
            index.insert(global, globals.len());
            globals.push(Global { name, place });
            refs.push(global);
            global = LLVMGetNextGlobal(global);
        }

        // The call stack starts after the globals, at an address aligned
        // for any type in bytes memory.
        let stack_alignment = match self.layout {
            Layout::Words => 1,
            Layout::Bytes => FRAME_ALIGNMENT,
        };
        next_address = round_up(next_address, stack_alignment);
        check_memory_size(next_address - 1, &globals, self.layout)?;
        let mut image = MemoryImage { bits: vec![0; (next_address - 1) as usize], numbers: HashMap::new() };
        let cell_bytes = self.layout.cell_bytes();
        for (position, &global) in refs.iter().enumerate() {
            if let GlobalPlace::Memory { address, .. } = globals[position].place {
                let initializer = LLVMGetInitializer(global);
                self.write_constant(&mut image, (address - 1) * cell_bytes, initializer, &globals, &index)
                    .with_context(|| format!("in the initializer of global `{}`", globals[position].name))?;
            }
        }
        let memory = (0..image.bits.len())
            .map(|cell| image.numbers.get(&cell).copied().unwrap_or(image.bits[cell] as i32 as f64))
            .collect();
        Ok((globals, index, memory, monitors))
    }

    unsafe fn variable_place(
        &self,
        name: &str,
        variable: &str,
        global: LLVMValueRef,
        initializer: LLVMValueRef,
    ) -> Result<GlobalPlace> {
        let ty = self.mirror_type(LLVMGlobalGetValueType(global)).ok();
        let initial = if initializer.is_null() {
            0.0
        } else if !LLVMIsAConstantInt(initializer).is_null() {
            LLVMConstIntGetSExtValue(initializer) as f64
        } else if !LLVMIsAConstantFP(initializer).is_null() {
            let mut loses_info = 0;
            LLVMConstRealGetDouble(initializer, &mut loses_info)
        } else {
            0.0
        };
        match ty {
            Some(ty @ (Type::Int(32) | Type::Float | Type::Double)) => {
                Ok(GlobalPlace::Variable { name: variable.to_string(), ty, initial })
            }
            _ => Err(bad_input(format!(
                "SCRATCH_VARIABLE(\"{variable}\") is on `{name}`, which is not an int, unsigned, \
                 float or double; only those fit a Scratch variable"
            ))),
        }
    }

    unsafe fn list_place(&self, name: &str, list: &str, initializer: LLVMValueRef) -> Result<GlobalPlace> {
        let wrong = || {
            bad_input(format!(
                "SCRATCH_LIST(\"{list}\") is on `{name}`, which is not a `const char *const` array \
                 of string literals"
            ))
        };
        if initializer.is_null() || LLVMIsAConstantArray(initializer).is_null() {
            return Err(wrong());
        }
        let mut items = Vec::new();
        for index in 0..LLVMGetNumOperands(initializer) as u32 {
            let element = strip_casts(LLVMGetOperand(initializer, index));
            if LLVMIsAGlobalVariable(element).is_null() {
                return Err(wrong());
            }
            let bytes = constant_bytes(LLVMGetInitializer(element)).ok_or_else(wrong)?;
            items.push(bytes_to_text(&bytes));
        }
        Ok(GlobalPlace::List { name: list.to_string(), items })
    }

    /// Returns whether every use of the global names a variable or list: an argument
    /// of a scratch.h builtin, or an element of a SCRATCH_LIST array.
    unsafe fn used_only_as_name(&self, value: LLVMValueRef, list_arrays: &HashSet<LLVMValueRef>) -> bool {
        let mut used = LLVMGetFirstUse(value);
        if used.is_null() {
            return true;
        }
        while !used.is_null() {
            let user = LLVMGetUser(used);
            let fine = if !LLVMIsACallInst(user).is_null() {
                let callee = LLVMGetCalledValue(user);
                !LLVMIsAFunction(callee).is_null()
                    && LLVMCountBasicBlocks(callee) == 0
                    && value_name(callee).starts_with("scratch_")
            } else if !LLVMIsAConstantExpr(user).is_null() {
                self.used_only_as_name(user, list_arrays)
            } else {
                list_arrays.contains(&user)
            };
            if !fine {
                return false;
            }
            used = LLVMGetNextUse(used);
        }
        true
    }

    /// Writes a constant at a byte offset of the image. Integers are stored
    /// little-endian: in `words` memory packed into 32-bit cells, in `bytes`
    /// memory one byte per cell. A float or double is one number in its
    /// first cell. So is a pointer in `words` memory, while in `bytes`
    /// memory it is four bytes like an int.
    unsafe fn write_constant(
        &self,
        image: &mut MemoryImage,
        byte_offset: i64,
        constant: LLVMValueRef,
        globals: &[Global],
        index: &HashMap<LLVMValueRef, usize>,
    ) -> Result<()> {
        if constant.is_null()
            || !LLVMIsAConstantAggregateZero(constant).is_null()
            || !LLVMIsAUndefValue(constant).is_null()
            || !LLVMIsAConstantPointerNull(constant).is_null()
        {
            return Ok(());
        }
        let ty = LLVMTypeOf(constant);
        let cell = (byte_offset / self.layout.cell_bytes()) as usize;
        match LLVMGetTypeKind(ty) {
            LLVMTypeKind::LLVMIntegerTypeKind if self.layout == Layout::Bytes => {
                let width = LLVMGetIntTypeWidth(ty);
                if width > 64 {
                    return Err(bad_input(format!("i{width} constants are not supported")));
                }
                let value = LLVMConstIntGetZExtValue(constant);
                for byte in 0..width.div_ceil(8) as usize {
                    image.bits[cell + byte] = ((value >> (8 * byte)) & 0xff) as u32;
                }
            }
            LLVMTypeKind::LLVMIntegerTypeKind => {
                let width = LLVMGetIntTypeWidth(ty);
                let value = LLVMConstIntGetZExtValue(constant);
                match width {
                    64 => {
                        image.bits[cell] = value as u32;
                        image.bits[cell + 1] = (value >> 32) as u32;
                    }
                    _ if width <= 32 => {
                        let shift = (byte_offset % 4) * 8;
                        image.bits[cell] |= ((value as u32) & mask(width)) << shift;
                    }
                    _ => return Err(bad_input(format!("i{width} constants are not supported"))),
                }
            }
            LLVMTypeKind::LLVMFloatTypeKind | LLVMTypeKind::LLVMDoubleTypeKind => {
                image.numbers.insert(cell, float_constant(constant));
            }
            LLVMTypeKind::LLVMPointerTypeKind => match self.constant_operand(constant, globals, index)? {
                Constant::Address(address) => image.write_address(cell, address as f64, self.layout),
                Constant::Global(global) => {
                    return Err(bad_input(format!(
                        "a pointer to `{}` is stored in memory, but that global is not placed in \
                         memory",
                        globals[global].name
                    )))
                }
                Constant::FunctionAddress(index) => image.write_address(cell, function_address(index), self.layout),
                Constant::Function(name) => {
                    return Err(bad_input(format!(
                        "a pointer to `{name}` is stored in memory, but {}",
                        crate::diagnostics::why_no_address(&name)
                    )))
                }
                _ => {}
            },
            LLVMTypeKind::LLVMArrayTypeKind => {
                let element_bytes = LLVMABISizeOfType(self.data_layout, LLVMGetElementType(ty)) as i64;
                let count = LLVMGetArrayLength2(ty);
                for element in 0..count as u32 {
                    let value = LLVMGetAggregateElement(constant, element);
                    self.write_constant(image, byte_offset + element as i64 * element_bytes, value, globals, index)?;
                }
            }
            LLVMTypeKind::LLVMStructTypeKind => {
                for field in 0..LLVMCountStructElementTypes(ty) {
                    let offset = LLVMOffsetOfElement(self.data_layout, ty, field) as i64;
                    let value = LLVMGetAggregateElement(constant, field);
                    self.write_constant(image, byte_offset + offset, value, globals, index)?;
                }
            }
            _ => return Err(bad_input(format!("unsupported constant `{}`", print_value(constant)))),
        }
        Ok(())
    }

    unsafe fn mirror_type(&self, ty: LLVMTypeRef) -> Result<Type> {
        Ok(match LLVMGetTypeKind(ty) {
            LLVMTypeKind::LLVMVoidTypeKind => Type::Void,
            LLVMTypeKind::LLVMIntegerTypeKind => match LLVMGetIntTypeWidth(ty) {
                width @ (1 | 8 | 16 | 32 | 64) => Type::Int(width),
                width => return Err(bad_input(format!("i{width} values are not supported"))),
            },
            LLVMTypeKind::LLVMFloatTypeKind => Type::Float,
            LLVMTypeKind::LLVMDoubleTypeKind => Type::Double,
            LLVMTypeKind::LLVMPointerTypeKind => Type::Ptr,
            LLVMTypeKind::LLVMX86_FP80TypeKind => {
                return Err(bad_input("`long double` values are not supported; use `double`"))
            }
            _ => {
                let text = LLVMPrintTypeToString(ty);
                let printed = CStr::from_ptr(text).to_string_lossy().into_owned();
                LLVMDisposeMessage(text);
                return Err(bad_input(format!("values of type `{printed}` are not supported")));
            }
        })
    }

    /// Returns the cells a stack slot of `bytes` bytes takes. In bytes
    /// memory every slot is a multiple of `FRAME_ALIGNMENT`, so that every
    /// slot of a frame that starts aligned is aligned too.
    fn frame_cells(&self, bytes: i64) -> i64 {
        match self.layout {
            Layout::Words => self.layout.cells_for_bytes(bytes),
            Layout::Bytes => round_up(bytes, FRAME_ALIGNMENT),
        }
    }

    /// Returns the size of a type in cells, or an error when it is not a
    /// whole number of cells.
    unsafe fn cells_of(&self, ty: LLVMTypeRef, instruction: &str) -> Result<i64> {
        let bytes = LLVMABISizeOfType(self.data_layout, ty) as i64;
        if self.layout == Layout::Bytes {
            return Ok(bytes);
        }
        if bytes % 4 != 0 {
            return Err(bad_input(format!(
                "{instruction} steps over {bytes}-byte elements, but the words layout addresses 4-byte \
                 cells; compile with the scratchc plugin, which rescales byte offsets"
            )));
        }
        Ok(bytes / 4)
    }

    /// Converts a GEP (instruction or constant expression) to cell arithmetic.
    unsafe fn gep_terms(&self, gep: LLVMValueRef) -> Result<(LLVMValueRef, Vec<(LLVMValueRef, i64)>, i64)> {
        let mut ty = LLVMGetGEPSourceElementType(gep);
        let base = LLVMGetOperand(gep, 0);
        let mut terms = Vec::new();
        let mut offset_bytes = 0i64;
        let describe = || format!("`{}`", print_value(gep));
        for position in 1..LLVMGetNumOperands(gep) as u32 {
            let index = LLVMGetOperand(gep, position);
            let constant = (!LLVMIsAConstantInt(index).is_null()).then(|| LLVMConstIntGetSExtValue(index));
            if position > 1 && LLVMGetTypeKind(ty) == LLVMTypeKind::LLVMStructTypeKind {
                let field = constant.ok_or_else(|| bad_input(format!("{}: struct index is not constant", describe())))?;
                offset_bytes += LLVMOffsetOfElement(self.data_layout, ty, field as u32) as i64;
                ty = LLVMStructGetTypeAtIndex(ty, field as u32);
                continue;
            }
            if position > 1 {
                match LLVMGetTypeKind(ty) {
                    LLVMTypeKind::LLVMArrayTypeKind => ty = LLVMGetElementType(ty),
                    _ => return Err(bad_input(format!("{}: cannot index into this type", describe()))),
                }
            }
            let element_bytes = LLVMABISizeOfType(self.data_layout, ty) as i64;
            match constant {
                Some(value) => offset_bytes += value * element_bytes,
                None => {
                    let cells = self.cells_of(ty, &describe())?;
                    terms.push((index, cells));
                }
            }
        }
        let cell_bytes = self.layout.cell_bytes();
        if offset_bytes % cell_bytes != 0 {
            return Err(bad_input(format!(
                "{}: byte offset {offset_bytes} is not a multiple of 4, so it does not fall on a \
                 32-bit cell of the words layout",
                describe()
            )));
        }
        Ok((base, terms, offset_bytes / cell_bytes))
    }

    unsafe fn constant_operand(
        &self,
        value: LLVMValueRef,
        globals: &[Global],
        index: &HashMap<LLVMValueRef, usize>,
    ) -> Result<Constant> {
        if !LLVMIsAConstantInt(value).is_null() {
            let bits = LLVMGetIntTypeWidth(LLVMTypeOf(value));
            if bits > 64 {
                return Err(bad_input(format!("i{bits} constants are not supported")));
            }
            return Ok(Constant::Int { bits, value: LLVMConstIntGetSExtValue(value) });
        }
        if !LLVMIsAConstantFP(value).is_null() {
            if LLVMGetTypeKind(LLVMTypeOf(value)) == LLVMTypeKind::LLVMX86_FP80TypeKind {
                return Err(bad_input("`long double` values are not supported; use `double`"));
            }
            return Ok(Constant::Float(float_constant(value)));
        }
        if !LLVMIsAConstantPointerNull(value).is_null() {
            return Ok(Constant::Address(0));
        }
        if !LLVMIsAUndefValue(value).is_null() || !LLVMIsAPoisonValue(value).is_null() {
            return Ok(Constant::Undefined);
        }
        if !LLVMIsAFunction(value).is_null() {
            return Ok(match self.function_index.get(&value) {
                Some(&index) => {
                    self.address_taken.borrow_mut()[index] = true;
                    Constant::FunctionAddress(index)
                }
                None => Constant::Function(value_name(value)),
            });
        }
        if !LLVMIsAGlobalVariable(value).is_null() {
            let global = index[&value];
            return Ok(match globals[global].place {
                GlobalPlace::Memory { address, .. } => Constant::Address(address),
                _ => Constant::Global(global),
            });
        }
        if !LLVMIsAConstantExpr(value).is_null() {
            match LLVMGetConstOpcode(value) {
                LLVMOpcode::LLVMBitCast | LLVMOpcode::LLVMAddrSpaceCast => {
                    return self.constant_operand(LLVMGetOperand(value, 0), globals, index)
                }
                LLVMOpcode::LLVMPtrToInt => {
                    let bits = LLVMGetIntTypeWidth(LLVMTypeOf(value));
                    let address = match self.constant_operand(LLVMGetOperand(value, 0), globals, index)? {
                        Constant::Address(address) => address * self.layout.cell_bytes(),
                        _ => return Err(bad_input(format!("unsupported constant `{}`", print_value(value)))),
                    };
                    return Ok(integer_constant(address, bits));
                }
                LLVMOpcode::LLVMIntToPtr => {
                    if let Constant::Int { value: bytes, .. } = self.constant_operand(LLVMGetOperand(value, 0), globals, index)? {
                        if bytes % self.layout.cell_bytes() == 0 {
                            return Ok(Constant::Address(bytes / self.layout.cell_bytes()));
                        }
                    }
                }
                opcode @ (LLVMOpcode::LLVMAdd | LLVMOpcode::LLVMSub | LLVMOpcode::LLVMMul | LLVMOpcode::LLVMXor) => {
                    let operands = (
                        self.constant_operand(LLVMGetOperand(value, 0), globals, index)?,
                        self.constant_operand(LLVMGetOperand(value, 1), globals, index)?,
                    );
                    if let (Constant::Int { bits, value: a }, Constant::Int { value: b, .. }) = operands {
                        let result = match opcode {
                            LLVMOpcode::LLVMAdd => a.wrapping_add(b),
                            LLVMOpcode::LLVMSub => a.wrapping_sub(b),
                            LLVMOpcode::LLVMMul => a.wrapping_mul(b),
                            _ => a ^ b,
                        };
                        return Ok(integer_constant(result, bits));
                    }
                }
                LLVMOpcode::LLVMGetElementPtr => {
                    let (base, terms, offset) = self.gep_terms(value)?;
                    if !terms.is_empty() {
                        return Err(bad_input(format!("unsupported constant `{}`", print_value(value))));
                    }
                    return match self.constant_operand(base, globals, index)? {
                        Constant::Address(address) => Ok(Constant::Address(address + offset)),
                        Constant::Global(global) if offset == 0 => Ok(Constant::Global(global)),
                        _ => Err(bad_input(format!("unsupported constant `{}`", print_value(value)))),
                    };
                }
                _ => {}
            }
        }
        if !LLVMIsAInlineAsm(value).is_null() {
            return Err(bad_input("inline assembly is not supported"));
        }
        Err(bad_input(format!("unsupported constant `{}`", print_value(value))))
    }

    unsafe fn operand(
        &self,
        value: LLVMValueRef,
        context: &FunctionContext,
        globals: &[Global],
        index: &HashMap<LLVMValueRef, usize>,
    ) -> Result<Operand> {
        if let Some(&id) = context.instructions.get(&value) {
            return Ok(Operand::Inst(id));
        }
        if let Some(&param) = context.params.get(&value) {
            return Ok(Operand::Param(param));
        }
        Ok(Operand::Const(self.constant_operand(value, globals, index)?))
    }

    unsafe fn read_function(
        &self,
        function: LLVMValueRef,
        globals: &[Global],
        global_index: &HashMap<LLVMValueRef, usize>,
        function_index: &HashMap<LLVMValueRef, usize>,
    ) -> Result<Function> {
        let name = value_name(function);
        let mut context = FunctionContext {
            instructions: HashMap::new(),
            blocks: HashMap::new(),
            params: HashMap::new(),
            name: name.clone(),
            varargs_param: None,
        };

        let mut params = Vec::new();
        for position in 0..LLVMCountParams(function) {
            let param = LLVMGetParam(function, position);
            context.params.insert(param, position as usize);
            let ty = self
                .mirror_type(LLVMTypeOf(param))
                .with_context(|| format!("in parameter {} of function `{name}`", position + 1))?;
            let mut param_name = value_name(param);
            if param_name.is_empty() {
                param_name = format!("arg{position}");
            }
            let byval_cells = self.byval_cells(function, position);
            params.push(Param { name: param_name, ty, byval_cells });
        }
        if LLVMIsFunctionVarArg(LLVMGlobalGetValueType(function)) != 0 {
            context.varargs_param = Some(params.len());
            params.push(Param { name: String::from("varargs"), ty: Type::Ptr, byval_cells: None });
        }
        let return_type = self
            .mirror_type(LLVMGetReturnType(LLVMGlobalGetValueType(function)))
            .with_context(|| format!("in the return type of function `{name}`"))?;

        // Number blocks and instructions first: operands may refer forward.
        let mut blocks = Vec::new();
        let mut refs = Vec::new();
        let mut block = LLVMGetFirstBasicBlock(function);
        while !block.is_null() {
            let block_id = blocks.len();
            context.blocks.insert(block, block_id);
            let mut block_name = value_name(LLVMBasicBlockAsValue(block));
            if block_name.is_empty() {
                block_name = format!("bb{block_id}");
            }
            let mut instructions = Vec::new();
            let mut instruction = LLVMGetFirstInstruction(block);
            while !instruction.is_null() {
                if !self.is_dropped(instruction) {
                    context.instructions.insert(instruction, refs.len());
                    instructions.push(refs.len());
                    refs.push((instruction, block_id));
                }
                instruction = LLVMGetNextInstruction(instruction);
            }
            blocks.push(Block { name: block_name, instructions });
            block = LLVMGetNextBasicBlock(block);
        }

        let mut instructions = Vec::new();
        for &(instruction, block_id) in &refs {
            let location = source_location(instruction);
            let kind = self
                .read_instruction(instruction, &context, globals, global_index, function_index)
                .map_err(|err| {
                    let message = format!("in function `{}`: {err:#}", context.name);
                    bad_input_at(message, location.clone())
                })?;
            let ty = self.mirror_type(LLVMTypeOf(instruction)).map_err(|err| {
                bad_input_at(
                    format!("in function `{}`: `{}`: {err:#}", context.name, print_value(instruction)),
                    location.clone(),
                )
            })?;
            let inst_name = value_name(instruction);
            instructions.push(Instruction {
                kind,
                ty,
                name: (!inst_name.is_empty()).then_some(inst_name),
                block: block_id,
                location,
            });
        }
        let mut mirrored =
            Function { name, params, return_type, blocks, instructions, hats: Vec::new(), screen_refresh: false };
        for (id, &(instruction, _)) in refs.iter().enumerate() {
            if !LLVMIsACallInst(instruction).is_null() && LLVMIsFunctionVarArg(LLVMGetCalledFunctionType(instruction)) != 0 {
                self.pass_variadic_arguments(&mut mirrored, id, instruction)?;
            }
        }
        Ok(mirrored)
    }

    /// Rewrites a call to a variadic function as the caller's side of the
    /// i386 convention. The arguments after the fixed ones are stored into a
    /// stack slot of the caller, each in a part of its size rounded up to 4
    /// bytes. The call passes that slot's address as the callee's hidden last
    /// parameter instead.
    unsafe fn pass_variadic_arguments(&self, function: &mut Function, call: InstId, instruction: LLVMValueRef) -> Result<()> {
        let fixed = LLVMCountParamTypes(LLVMGetCalledFunctionType(instruction)) as usize;
        let InstKind::Call { args, .. } = &function.instructions[call].kind else {
            unreachable!("only calls are rewritten")
        };
        let extra: Vec<Operand> = args[fixed..].to_vec();
        let (block, location) = (function.instructions[call].block, function.instructions[call].location.clone());
        let cell_bytes = self.layout.cell_bytes();
        let mut slots = Vec::new();
        let mut bytes = 0i64;
        for position in fixed..LLVMGetNumArgOperands(instruction) as usize {
            let ty = LLVMTypeOf(LLVMGetOperand(instruction, position as u32));
            slots.push(bytes);
            bytes += (LLVMABISizeOfType(self.data_layout, ty) as i64 + 3) / 4 * 4;
        }

        let mut inserted = Vec::new();
        let mut add = |function: &mut Function, kind: InstKind, ty: Type| {
            let id = function.instructions.len();
            function.instructions.push(Instruction { kind, ty, name: None, block, location: location.clone() });
            inserted.push(id);
            id
        };
        let area = add(function, InstKind::Alloca { cells: self.frame_cells(bytes.max(4)) }, Type::Ptr);
        for (value, offset) in extra.into_iter().zip(slots) {
            let pointer = if offset == 0 {
                area
            } else {
                let kind = InstKind::Gep { base: Operand::Inst(area), indices: Vec::new(), offset: offset / cell_bytes };
                add(function, kind, Type::Ptr)
            };
            add(function, InstKind::Store { value, pointer: Operand::Inst(pointer) }, Type::Void);
        }
        if let InstKind::Call { args, .. } = &mut function.instructions[call].kind {
            args.truncate(fixed);
            args.push(Operand::Inst(area));
        }
        let order = &mut function.blocks[block].instructions;
        let position = order.iter().position(|&id| id == call).expect("the call is in its block");
        order.splice(position..position, inserted);
        Ok(())
    }

    /// Returns the size in cells of the struct a `byval` parameter points
    /// to, or `None` for other parameters.
    unsafe fn byval_cells(&self, function: LLVMValueRef, position: u32) -> Option<i64> {
        let name = "byval";
        let kind = LLVMGetEnumAttributeKindForName(name.as_ptr() as *const _, name.len());
        let attribute = LLVMGetEnumAttributeAtIndex(function, position + 1, kind);
        if attribute.is_null() {
            return None;
        }
        let ty = LLVMGetTypeAttributeValue(attribute);
        Some(self.frame_cells(LLVMABISizeOfType(self.data_layout, ty) as i64))
    }

    /// Returns whether an instruction has no effect in Scratch: debug and lifetime
    /// intrinsics that survive when IR did not come through the plugin's
    /// intrinsic expansion.
    unsafe fn is_dropped(&self, instruction: LLVMValueRef) -> bool {
        if LLVMIsACallInst(instruction).is_null() {
            return false;
        }
        let callee = LLVMGetCalledValue(instruction);
        if LLVMIsAFunction(callee).is_null() {
            return false;
        }
        let name = value_name(callee);
        ["llvm.dbg.", "llvm.lifetime.", "llvm.assume", "llvm.experimental.noalias.scope.decl"]
            .iter()
            .any(|prefix| name.starts_with(prefix))
    }

    unsafe fn read_instruction(
        &self,
        instruction: LLVMValueRef,
        context: &FunctionContext,
        globals: &[Global],
        global_index: &HashMap<LLVMValueRef, usize>,
        function_index: &HashMap<LLVMValueRef, usize>,
    ) -> Result<InstKind> {
        let operand = |position: u32| self.operand(LLVMGetOperand(instruction, position), context, globals, global_index);
        let block = |position: u32| context.blocks[&LLVMValueAsBasicBlock(LLVMGetOperand(instruction, position))];
        let opcode = LLVMGetInstructionOpcode(instruction);
        use LLVMOpcode::*;
        let binary = |op: BinaryOp| -> Result<InstKind> {
            let nsw = matches!(op, BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Shl)
                && LLVMGetNSW(instruction) != 0;
            Ok(InstKind::Binary { op, lhs: operand(0)?, rhs: operand(1)?, nsw })
        };
        let cast = |op: CastOp| -> Result<InstKind> {
            let from = self.mirror_type(LLVMTypeOf(LLVMGetOperand(instruction, 0)))?;
            Ok(InstKind::Cast { op, value: operand(0)?, from })
        };
        Ok(match opcode {
            LLVMAdd => binary(BinaryOp::Add)?,
            LLVMSub => binary(BinaryOp::Sub)?,
            LLVMMul => binary(BinaryOp::Mul)?,
            LLVMSDiv => binary(BinaryOp::SDiv)?,
            LLVMUDiv => binary(BinaryOp::UDiv)?,
            LLVMSRem => binary(BinaryOp::SRem)?,
            LLVMURem => binary(BinaryOp::URem)?,
            LLVMShl => binary(BinaryOp::Shl)?,
            LLVMLShr => binary(BinaryOp::LShr)?,
            LLVMAShr => binary(BinaryOp::AShr)?,
            LLVMAnd => binary(BinaryOp::And)?,
            // A disjoint `or` shares no set bit between its operands, so it is
            // their sum; in signed views that sum never leaves the i32 range.
            LLVMOr if LLVMGetIsDisjoint(instruction) != 0 => {
                InstKind::Binary { op: BinaryOp::Add, lhs: operand(0)?, rhs: operand(1)?, nsw: true }
            }
            LLVMOr => binary(BinaryOp::Or)?,
            LLVMXor => binary(BinaryOp::Xor)?,
            LLVMFAdd => binary(BinaryOp::FAdd)?,
            LLVMFSub => binary(BinaryOp::FSub)?,
            LLVMFMul => binary(BinaryOp::FMul)?,
            LLVMFDiv => binary(BinaryOp::FDiv)?,
            LLVMFRem => binary(BinaryOp::FRem)?,
            LLVMFNeg => InstKind::FNeg(operand(0)?),
            LLVMICmp => {
                use LLVMIntPredicate::*;
                let predicate = match LLVMGetICmpPredicate(instruction) {
                    LLVMIntEQ => IntPredicate::Eq,
                    LLVMIntNE => IntPredicate::Ne,
                    LLVMIntUGT => IntPredicate::Ugt,
                    LLVMIntUGE => IntPredicate::Uge,
                    LLVMIntULT => IntPredicate::Ult,
                    LLVMIntULE => IntPredicate::Ule,
                    LLVMIntSGT => IntPredicate::Sgt,
                    LLVMIntSGE => IntPredicate::Sge,
                    LLVMIntSLT => IntPredicate::Slt,
                    LLVMIntSLE => IntPredicate::Sle,
                };
                InstKind::ICmp { predicate, lhs: operand(0)?, rhs: operand(1)? }
            }
            LLVMFCmp => {
                use LLVMRealPredicate::*;
                let predicate = match LLVMGetFCmpPredicate(instruction) {
                    LLVMRealPredicateFalse => FloatPredicate::False,
                    LLVMRealPredicateTrue => FloatPredicate::True,
                    LLVMRealOEQ | LLVMRealUEQ => FloatPredicate::Eq,
                    LLVMRealONE | LLVMRealUNE => FloatPredicate::Ne,
                    LLVMRealOGT | LLVMRealUGT => FloatPredicate::Gt,
                    LLVMRealOGE | LLVMRealUGE => FloatPredicate::Ge,
                    LLVMRealOLT | LLVMRealULT => FloatPredicate::Lt,
                    LLVMRealOLE | LLVMRealULE => FloatPredicate::Le,
                    // Scratch turns NaN into 0 wherever a block reads a number,
                    // so no value it holds is NaN: every pair is ordered.
                    LLVMRealORD => FloatPredicate::True,
                    LLVMRealUNO => FloatPredicate::False,
                };
                InstKind::FCmp { predicate, lhs: operand(0)?, rhs: operand(1)? }
            }
            LLVMSelect => InstKind::Select { condition: operand(0)?, if_true: operand(1)?, if_false: operand(2)? },
            LLVMTrunc => cast(CastOp::Trunc)?,
            LLVMZExt => cast(CastOp::ZExt)?,
            LLVMSExt => cast(CastOp::SExt)?,
            LLVMFPToSI => cast(CastOp::FPToSI)?,
            LLVMFPToUI => cast(CastOp::FPToUI)?,
            LLVMSIToFP => cast(CastOp::SIToFP)?,
            LLVMUIToFP => cast(CastOp::UIToFP)?,
            LLVMFPTrunc => cast(CastOp::FPTrunc)?,
            LLVMFPExt => cast(CastOp::FPExt)?,
            LLVMPtrToInt => cast(CastOp::PtrToInt)?,
            LLVMIntToPtr => cast(CastOp::IntToPtr)?,
            LLVMBitCast | LLVMAddrSpaceCast => cast(CastOp::BitCast)?,
            LLVMFreeze => InstKind::Freeze(operand(0)?),
            LLVMLoad => InstKind::Load { pointer: operand(0)? },
            LLVMStore => {
                // An undef or poison value carries no type of its own, but
                // the store's width depends on it: store a zero of its type.
                let value = match operand(0)? {
                    Operand::Const(Constant::Undefined) => {
                        Operand::Const(zero_of(LLVMTypeOf(LLVMGetOperand(instruction, 0)))?)
                    }
                    value => value,
                };
                InstKind::Store { value, pointer: operand(1)? }
            }
            LLVMGetElementPtr => {
                let (base, terms, offset) = self.gep_terms(instruction)?;
                let mut indices = Vec::new();
                for (index, scale) in terms {
                    indices.push((self.operand(index, context, globals, global_index)?, scale));
                }
                InstKind::Gep { base: self.operand(base, context, globals, global_index)?, indices, offset }
            }
            LLVMAlloca => {
                let count = LLVMGetOperand(instruction, 0);
                if LLVMIsAConstantInt(count).is_null() {
                    return Err(bad_input(format!(
                        "`{}`: variable-length arrays are not supported",
                        print_value(instruction)
                    )));
                }
                let bytes = LLVMABISizeOfType(self.data_layout, LLVMGetAllocatedType(instruction)) as i64
                    * LLVMConstIntGetSExtValue(count);
                InstKind::Alloca { cells: self.frame_cells(bytes) }
            }
            LLVMCall => {
                let callee = LLVMGetCalledValue(instruction);
                let callee_name = value_name(callee);
                let callee = if LLVMIsAFunction(callee).is_null() {
                    Callee::Indirect(self.operand(callee, context, globals, global_index)?)
                } else if let Some(&defined) = function_index.get(&callee) {
                    Callee::Defined(defined)
                } else if callee_name.starts_with("llvm.va_start") {
                    // The va_list is one pointer: to the variadic arguments.
                    let Some(varargs) = context.varargs_param else {
                        return Err(bad_input("`va_start` in a function that is not variadic"));
                    };
                    return Ok(InstKind::Store { value: Operand::Param(varargs), pointer: operand(0)? });
                } else if let Some(intrinsic) = callee_name.strip_prefix("llvm.") {
                    Callee::Math(math_intrinsic(intrinsic).ok_or_else(|| {
                        bad_input(format!(
                            "intrinsic `{callee_name}` has no Scratch lowering; the scratchc plugin \
                             expands the ones it can (compile with `scratchc cc`)"
                        ))
                    })?)
                } else if callee_name == "scratch_round" {
                    // A pure function of its argument, so it folds into
                    // reporter trees like the math intrinsics.
                    Callee::Math(MathIntrinsic::ScratchRound)
                } else {
                    Callee::External(callee_name)
                };
                let mut args = Vec::new();
                for position in 0..LLVMGetNumArgOperands(instruction) {
                    args.push(operand(position)?);
                }
                InstKind::Call { callee, args }
            }
            LLVMPHI => {
                let mut incoming = Vec::new();
                for position in 0..LLVMCountIncoming(instruction) {
                    let value = self.operand(LLVMGetIncomingValue(instruction, position), context, globals, global_index)?;
                    incoming.push((value, context.blocks[&LLVMGetIncomingBlock(instruction, position)]));
                }
                InstKind::Phi { incoming }
            }
            LLVMBr => {
                if LLVMIsConditional(instruction) != 0 {
                    // Operands of a conditional br: condition, false target, true target.
                    InstKind::CondBr { condition: operand(0)?, if_true: block(2), if_false: block(1) }
                } else {
                    InstKind::Br(block(0))
                }
            }
            LLVMRet => {
                if LLVMGetNumOperands(instruction) == 0 {
                    InstKind::Ret(None)
                } else {
                    InstKind::Ret(Some(operand(0)?))
                }
            }
            LLVMUnreachable => InstKind::Unreachable,
            LLVMSwitch | LLVMIndirectBr => {
                return Err(bad_input(format!(
                    "`{}` is left in the IR; the scratchc plugin's `scratch-normalize` lowers it",
                    print_value(instruction)
                )))
            }
            _ => {
                return Err(bad_input(format!(
                    "the instruction `{}` is not supported",
                    print_value(instruction)
                )))
            }
        })
    }
}

/// Parses SCRATCH_SLIDER's `min:max`, as the C preprocessor spelled them.
fn parse_slider(bounds: &str) -> Option<(f64, f64)> {
    let (min, max) = bounds.split_once(':')?;
    let parse = |text: &str| text.trim().trim_end_matches(['f', 'F']).parse::<f64>().ok();
    let (min, max) = (parse(min)?, parse(max)?);
    (min < max).then_some((min, max))
}

/// The maximum number of memory cells (list items of `!stack`) that a
/// program's globals may take: 2^24 cells, 64 MiB of C data in `words`
/// memory and 16 MiB in `bytes` memory. Every cell is at least two bytes of
/// project.json, so a larger image means a project.json of over 32 MB. That
/// a browser would not load such a project is an estimate.
const MAX_MEMORY_CELLS: i64 = 1 << 24;

/// Rejects a memory image of more than `MAX_MEMORY_CELLS` cells, naming the
/// largest global, before any memory is reserved for it.
fn check_memory_size(cells: i64, globals: &[Global], layout: Layout) -> Result<()> {
    if cells <= MAX_MEMORY_CELLS {
        return Ok(());
    }
    let largest = globals
        .iter()
        .filter_map(|global| match global.place {
            GlobalPlace::Memory { cells, .. } => Some((cells, global.name.as_str())),
            _ => None,
        })
        .max();
    let largest = largest.map_or(String::new(), |(cells, name)| format!(", {cells} of them for `{name}`"));
    let mebibytes = MAX_MEMORY_CELLS * layout.cell_bytes() >> 20;
    Err(bad_input(format!(
        "the program's globals need {cells} memory cells{largest}, more than the limit of {MAX_MEMORY_CELLS} \
         list items ({mebibytes} MiB of C data in the {} layout) that scratchc puts on a Scratch project; \
         make the global arrays smaller",
        layout.name()
    )))
}

/// The value of a `float` or `double` constant as Scratch will hold it.
///
/// Scratch computes in doubles, so a `float` is a double there. A `float`
/// constant becomes the shortest decimal that reads back as the same `float`
/// (0.1f is 0.1, not 0.100000001490116), which keeps model weights short in
/// project.json. The difference is below the rounding of one `float`
/// operation, which Scratch does not do either.
unsafe fn float_constant(constant: LLVMValueRef) -> f64 {
    let mut loses_info = 0;
    let value = LLVMConstRealGetDouble(constant, &mut loses_info);
    if LLVMGetTypeKind(LLVMTypeOf(constant)) == LLVMTypeKind::LLVMFloatTypeKind {
        let single = value as f32;
        if single.is_finite() {
            return single.to_string().parse().expect("a float's decimal parses as a double");
        }
    }
    value
}

/// The alignment, in bytes, of the call stack and of every stack slot in
/// bytes memory: enough for any C type on i386.
const FRAME_ALIGNMENT: i64 = 8;

/// Rounds `value` up to a multiple of `alignment`.
fn round_up(value: i64, alignment: i64) -> i64 {
    (value + alignment - 1) / alignment * alignment
}

/// Returns the zero of an integer, floating-point or pointer type.
unsafe fn zero_of(ty: LLVMTypeRef) -> Result<Constant> {
    Ok(match LLVMGetTypeKind(ty) {
        LLVMTypeKind::LLVMIntegerTypeKind => Constant::Int { bits: LLVMGetIntTypeWidth(ty), value: 0 },
        LLVMTypeKind::LLVMFloatTypeKind | LLVMTypeKind::LLVMDoubleTypeKind => Constant::Float(0.0),
        LLVMTypeKind::LLVMPointerTypeKind => Constant::Address(0),
        _ => return Err(bad_input("a store of an undefined value of an unsupported type")),
    })
}

/// Returns the `iN` constant of `value` modulo 2^N, in its signed view.
fn integer_constant(value: i64, bits: u32) -> Constant {
    let shift = 64 - bits.min(64);
    Constant::Int { bits, value: (value << shift) >> shift }
}

fn mask(width: u32) -> u32 {
    if width >= 32 {
        u32::MAX
    } else {
        (1u32 << width) - 1
    }
}

fn math_intrinsic(name: &str) -> Option<MathIntrinsic> {
    let base = name.split('.').next()?;
    Some(match base {
        "sqrt" => MathIntrinsic::Sqrt,
        "fabs" => MathIntrinsic::Fabs,
        "floor" => MathIntrinsic::Floor,
        "ceil" => MathIntrinsic::Ceil,
        "exp" => MathIntrinsic::Exp,
        "log" => MathIntrinsic::Log,
        "pow" => MathIntrinsic::Pow,
        "sin" => MathIntrinsic::Sin,
        "cos" => MathIntrinsic::Cos,
        _ => return None,
    })
}

/// The memory image while initializers are written: integer bits per cell,
/// and the cells that hold a number (a float, double or address) instead.
struct MemoryImage {
    bits: Vec<u32>,
    numbers: HashMap<usize, f64>,
}

impl MemoryImage {
    /// Writes an address (or a function's number) at a cell: one number in
    /// `words` memory, four little-endian bytes of its 32-bit two's
    /// complement in `bytes` memory, as a pointer store leaves it.
    fn write_address(&mut self, cell: usize, address: f64, layout: Layout) {
        match layout {
            Layout::Words => {
                self.numbers.insert(cell, address);
            }
            Layout::Bytes => {
                let bits = address as i64 as u32;
                for byte in 0..4 {
                    self.bits[cell + byte] = (bits >> (8 * byte)) & 0xff;
                }
            }
        }
    }
}
