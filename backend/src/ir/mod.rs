//! A plain Rust mirror of the normalized LLVM module.
//!
//! `read` fills it from LLVM's own parser; everything after works on these
//! types alone. Addresses and GEP offsets are already in cells here: one cell
//! is one item of the `!stack` list, and a pointer is an item number. A cell
//! is 4 bytes in the `words` layout and 1 byte in the `bytes` layout.

pub mod read;

use std::fmt;

/// The memory layout the plugin normalized the module for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One 32-bit cell per address; a value fills its cell.
    Words,
    /// One byte per address. Integers and pointers are stored as their
    /// little-endian bytes, so any access to them, of any width, is exact.
    /// A float or double is one number in its first cell.
    Bytes,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Words => "words",
            Layout::Bytes => "bytes",
        }
    }

    /// Bytes in one cell.
    pub fn cell_bytes(self) -> i64 {
        match self {
            Layout::Words => 4,
            Layout::Bytes => 1,
        }
    }

    /// Cells that `bytes` bytes take, rounded up.
    pub fn cells_for_bytes(self, bytes: i64) -> i64 {
        (bytes + self.cell_bytes() - 1) / self.cell_bytes()
    }
}

/// Index of an instruction in `Function::instructions`.
pub type InstId = usize;
/// Index of a basic block in `Function::blocks`.
pub type BlockId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Void,
    /// An integer of the given bit width (1, 8, 16, 32 or 64).
    Int(u32),
    Float,
    Double,
    Ptr,
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Void => write!(f, "void"),
            Type::Int(bits) => write!(f, "i{bits}"),
            Type::Float => write!(f, "float"),
            Type::Double => write!(f, "double"),
            Type::Ptr => write!(f, "ptr"),
        }
    }
}

/// A C source position from debug info.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLocation {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    /// An integer in its signed view: an `iN` constant lies in [-2^(N-1), 2^(N-1)).
    Int { bits: u32, value: i64 },
    Float(f64),
    /// The address of a global plus an offset in cells; the null pointer is
    /// `Address(0)`, since the first item of `!stack` is cell 1.
    Address(i64),
    /// A global the backend does not place in memory (a string literal that
    /// names a variable or list, a SCRATCH_LIST array), by global index.
    Global(usize),
    /// A function declared but not defined here, by name.
    Function(String),
    /// The address of a defined function, by index in `Module::functions`;
    /// see `function_address`.
    FunctionAddress(usize),
    /// `undef` and `poison`: any value will do, the backend uses 0.
    Undefined,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Inst(InstId),
    Param(usize),
    Const(Constant),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    SDiv,
    UDiv,
    SRem,
    URem,
    Shl,
    LShr,
    AShr,
    And,
    Or,
    Xor,
    FAdd,
    FSub,
    FMul,
    FDiv,
    FRem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntPredicate {
    Eq,
    Ne,
    Ugt,
    Uge,
    Ult,
    Ule,
    Sgt,
    Sge,
    Slt,
    Sle,
}

impl IntPredicate {
    /// Returns the predicate with its operands swapped: `a < b` is `b > a`.
    pub fn swapped(self) -> IntPredicate {
        use IntPredicate::*;
        match self {
            Eq => Eq,
            Ne => Ne,
            Ugt => Ult,
            Uge => Ule,
            Ult => Ugt,
            Ule => Uge,
            Sgt => Slt,
            Sge => Sle,
            Slt => Sgt,
            Sle => Sge,
        }
    }

    /// Returns the predicate that is true exactly when this one is false.
    pub fn negated(self) -> IntPredicate {
        use IntPredicate::*;
        match self {
            Eq => Ne,
            Ne => Eq,
            Ugt => Ule,
            Uge => Ult,
            Ult => Uge,
            Ule => Ugt,
            Sgt => Sle,
            Sge => Slt,
            Slt => Sge,
            Sle => Sgt,
        }
    }
}

/// Ordered and unordered float predicates share a lowering: Scratch has no
/// NaN that survives a variable, so the distinction cannot be kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatPredicate {
    False,
    True,
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CastOp {
    Trunc,
    ZExt,
    SExt,
    FPToSI,
    FPToUI,
    SIToFP,
    UIToFP,
    FPTrunc,
    FPExt,
    PtrToInt,
    IntToPtr,
    BitCast,
}

/// The intrinsics the plugin leaves for the backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathIntrinsic {
    Sqrt,
    Fabs,
    Floor,
    Ceil,
    Exp,
    Log,
    Pow,
    Sin,
    Cos,
    /// scratch.h's `scratch_round`: Scratch's `round` block.
    ScratchRound,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Callee {
    /// A function defined in this module.
    Defined(usize),
    Math(MathIntrinsic),
    /// A function declared but not defined: a scratch.h builtin, or an error.
    External(String),
    /// A call through a function pointer.
    Indirect(Operand),
}

#[derive(Clone, Debug, PartialEq)]
pub enum InstKind {
    Binary { op: BinaryOp, lhs: Operand, rhs: Operand, nsw: bool },
    FNeg(Operand),
    ICmp { predicate: IntPredicate, lhs: Operand, rhs: Operand },
    FCmp { predicate: FloatPredicate, lhs: Operand, rhs: Operand },
    Select { condition: Operand, if_true: Operand, if_false: Operand },
    Cast { op: CastOp, value: Operand, from: Type },
    Load { pointer: Operand },
    Store { value: Operand, pointer: Operand },
    /// `base + Σ index·scale + offset`, all in cells.
    Gep { base: Operand, indices: Vec<(Operand, i64)>, offset: i64 },
    /// A fixed-size stack slot of the given number of cells.
    Alloca { cells: i64 },
    Call { callee: Callee, args: Vec<Operand> },
    Phi { incoming: Vec<(Operand, BlockId)> },
    Freeze(Operand),
    Br(BlockId),
    CondBr { condition: Operand, if_true: BlockId, if_false: BlockId },
    Ret(Option<Operand>),
    Unreachable,
}

#[derive(Clone, Debug)]
pub struct Instruction {
    pub kind: InstKind,
    pub ty: Type,
    /// The IR name without `%`, when it has one.
    pub name: Option<String>,
    pub block: BlockId,
    pub location: Option<SourceLocation>,
}

#[derive(Clone, Debug)]
pub struct Block {
    pub name: String,
    /// Instructions in order; the last one is the terminator.
    pub instructions: Vec<InstId>,
}

impl Block {
    pub fn terminator(&self) -> InstId {
        *self.instructions.last().expect("a basic block ends with a terminator")
    }
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub ty: Type,
    /// For a `byval` pointer (a struct passed by value), the cells the callee
    /// must copy into a frame of its own, since it may change its copy.
    pub byval_cells: Option<i64>,
}

/// The event that starts a function in Scratch, from scratch.h's SCRATCH_WHEN_* marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hat {
    FlagClicked,
    KeyPressed(String),
    ThisSpriteClicked,
}

#[derive(Clone, Debug)]
pub struct Function {
    pub name: String,
    pub params: Vec<Param>,
    pub return_type: Type,
    pub blocks: Vec<Block>,
    pub instructions: Vec<Instruction>,
    pub hats: Vec<Hat>,
    /// Whether the custom block runs with screen refresh (SCRATCH_SCREEN_REFRESH).
    pub screen_refresh: bool,
}

impl Function {
    pub fn successors(&self, block: BlockId) -> Vec<BlockId> {
        match &self.instructions[self.blocks[block].terminator()].kind {
            InstKind::Br(target) => vec![*target],
            InstKind::CondBr { if_true, if_false, .. } => vec![*if_true, *if_false],
            _ => Vec::new(),
        }
    }
}

/// The place of a global in the Scratch project.
#[derive(Clone, Debug, PartialEq)]
pub enum GlobalPlace {
    /// In `!stack`, from this cell on.
    Memory { address: i64, cells: i64 },
    /// In a Scratch variable (SCRATCH_VARIABLE), with its saved value.
    Variable { name: String, ty: Type, initial: f64 },
    /// The contents of a Scratch list (SCRATCH_LIST).
    List { name: String, items: Vec<String> },
    /// A constant string, usable only as a variable or list name.
    Text(String),
    /// Not used by the backend (llvm.* globals, annotation strings).
    Unused,
}

#[derive(Clone, Debug)]
pub struct Global {
    pub name: String,
    pub place: GlobalPlace,
}

/// A stage monitor that the C source requests (SCRATCH_MONITOR, SCRATCH_SLIDER).
#[derive(Clone, Debug, PartialEq)]
pub struct MonitorRequest {
    pub variable: String,
    /// Slider bounds; `None` for a plain readout.
    pub slider: Option<(f64, f64)>,
}

#[derive(Clone, Debug)]
pub struct Module {
    pub layout: Layout,
    pub globals: Vec<Global>,
    pub functions: Vec<Function>,
    /// The preseeded contents of `!stack`, cell 1 first.
    pub memory: Vec<f64>,
    pub monitors: Vec<MonitorRequest>,
    /// Whether each function's address is taken, so an indirect call may
    /// reach it.
    pub address_taken: Vec<bool>,
}

/// Returns the number that stands for a defined function's address. It is
/// negative, so it never equals a data address or the null pointer.
pub fn function_address(index: usize) -> f64 {
    -(index as f64) - 1.0
}
