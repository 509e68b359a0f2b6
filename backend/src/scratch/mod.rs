//! The Scratch side: a typed tree of scripts, reporters and the sprite's
//! variables and lists, built by `lower` and written out by `serialize`.
//!
//! Each variant is one Scratch block (or a fixed pair of them), named after
//! its opcode, so the serializer cannot produce an input a block lacks.

pub mod package;
pub mod serialize;
pub mod tune;

pub type VariableId = usize;
pub type ListId = usize;
pub type ProcedureId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithmeticOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    /// Scratch's `mod`: floored, so the result has the sign of the divisor.
    Mod,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Lt,
    Gt,
    /// Scratch's `=`: numeric when both sides read as numbers, otherwise a
    /// case-insensitive text comparison.
    Equals,
}

/// The functions of Scratch's `operator_mathop` block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathFunction {
    Abs,
    Floor,
    Ceiling,
    Sqrt,
    /// Takes degrees and rounds its result to 10 decimals.
    Sin,
    /// Takes degrees and rounds its result to 10 decimals.
    Cos,
    Ln,
    /// `e ^`
    Exp,
}

impl MathFunction {
    pub fn field(self) -> &'static str {
        match self {
            MathFunction::Abs => "abs",
            MathFunction::Floor => "floor",
            MathFunction::Ceiling => "ceiling",
            MathFunction::Sqrt => "sqrt",
            MathFunction::Sin => "sin",
            MathFunction::Cos => "cos",
            MathFunction::Ln => "ln",
            MathFunction::Exp => "e ^",
        }
    }
}

/// The one match behind `Expr::children` and `Expr::children_mut`: the boxed
/// operands of a reporter, borrowed through `as_ref` or `as_mut`.
macro_rules! children_of {
    ($expr:expr, $borrow:ident) => {
        match $expr {
            Expr::Arithmetic(_, a, b)
            | Expr::Compare(_, a, b)
            | Expr::And(a, b)
            | Expr::Or(a, b)
            | Expr::Join(a, b)
            | Expr::LetterOf(a, b)
            | Expr::Random(a, b) => vec![a.$borrow(), b.$borrow()],
            Expr::Not(a) | Expr::Math(_, a) | Expr::Round(a) | Expr::ItemOfList(_, a) | Expr::LengthOfText(a) => {
                vec![a.$borrow()]
            }
            Expr::Number(_)
            | Expr::Text(_)
            | Expr::Variable(_)
            | Expr::Argument(_)
            | Expr::LengthOfList(_)
            | Expr::Timer => Vec::new(),
        }
    };
}

/// A reporter: a value Scratch computes.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Number(f64),
    Text(String),
    Variable(VariableId),
    /// `argument_reporter_string_number`: a custom block's parameter.
    Argument(String),
    Arithmetic(ArithmeticOp, Box<Expr>, Box<Expr>),
    Compare(CompareOp, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Math(MathFunction, Box<Expr>),
    /// `round`: the nearest whole number, halves toward +infinity
    /// (JavaScript's Math.round, so -0.4 gives -0).
    Round(Box<Expr>),
    ItemOfList(ListId, Box<Expr>),
    LengthOfList(ListId),
    Join(Box<Expr>, Box<Expr>),
    /// `letter (index) of (text)`, 1-based.
    LetterOf(Box<Expr>, Box<Expr>),
    LengthOfText(Box<Expr>),
    Timer,
    /// `pick random (from) to (to)`: whole numbers when both bounds are.
    Random(Box<Expr>, Box<Expr>),
}

impl Expr {
    pub fn is_boolean(&self) -> bool {
        matches!(self, Expr::Compare(..) | Expr::And(..) | Expr::Or(..) | Expr::Not(..))
    }

    pub fn number(value: impl Into<f64>) -> Expr {
        Expr::Number(value.into())
    }

    pub fn arithmetic(op: ArithmeticOp, lhs: Expr, rhs: Expr) -> Expr {
        Expr::Arithmetic(op, Box::new(lhs), Box::new(rhs))
    }

    pub fn compare(op: CompareOp, lhs: Expr, rhs: Expr) -> Expr {
        Expr::Compare(op, Box::new(lhs), Box::new(rhs))
    }

    pub fn math(function: MathFunction, value: Expr) -> Expr {
        Expr::Math(function, Box::new(value))
    }

    pub fn not(value: Expr) -> Expr {
        Expr::Not(Box::new(value))
    }

    /// Returns the reporters directly inside this one.
    pub fn children(&self) -> Vec<&Expr> {
        children_of!(self, as_ref)
    }

    /// Returns the reporters directly inside this one, for rewriting.
    pub fn children_mut(&mut self) -> Vec<&mut Expr> {
        children_of!(self, as_mut)
    }

    /// Calls `visit` on every variable the reporter reads.
    pub fn for_each_variable(&self, visit: &mut impl FnMut(VariableId)) {
        if let Expr::Variable(id) = self {
            visit(*id);
        }
        for child in self.children() {
            child.for_each_variable(visit);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopOption {
    All,
    ThisScript,
}

/// A stack block.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    SetVariable(VariableId, Expr),
    ChangeVariable(VariableId, Expr),
    AddToList(ListId, Expr),
    ReplaceItemOfList(ListId, Expr, Expr),
    /// `delete (index) of [list]`.
    DeleteOfList(ListId, Expr),
    DeleteAllOfList(ListId),
    If(Expr, Vec<Stmt>),
    IfElse(Expr, Vec<Stmt>, Vec<Stmt>),
    RepeatUntil(Expr, Vec<Stmt>),
    Repeat(Expr, Vec<Stmt>),
    CallProcedure(ProcedureId, Vec<Expr>),
    Say(Expr),
    Stop(StopOption),
}

#[derive(Clone, Debug, PartialEq)]
pub enum HatBlock {
    WhenFlagClicked,
    WhenKeyPressed(String),
    WhenThisSpriteClicked,
}

#[derive(Clone, Debug)]
pub struct Script {
    pub hat: HatBlock,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug)]
pub struct Procedure {
    /// The custom block's name, the first word of its proccode.
    pub name: String,
    pub params: Vec<String>,
    /// "Run without screen refresh".
    pub warp: bool,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    Text(String),
}

#[derive(Clone, Debug)]
pub struct Variable {
    pub name: String,
    pub value: Value,
}

#[derive(Clone, Debug)]
pub struct List {
    pub name: String,
    pub items: Vec<Value>,
}

/// A stage monitor showing a sprite variable.
#[derive(Clone, Debug)]
pub struct Monitor {
    pub variable: VariableId,
    pub slider: Option<(f64, f64)>,
    pub x: f64,
    pub y: f64,
}

/// A stage monitor showing a sprite list, at a place and size in stage pixels.
#[derive(Clone, Debug)]
pub struct ListMonitor {
    pub list: ListId,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// One sprite holding the whole program, and what the stage shows of it.
#[derive(Clone, Debug, Default)]
pub struct Sprite {
    pub name: String,
    pub variables: Vec<Variable>,
    pub lists: Vec<List>,
    pub procedures: Vec<Procedure>,
    pub scripts: Vec<Script>,
    pub monitors: Vec<Monitor>,
    /// A list shown on the stage, such as standard output.
    pub list_monitor: Option<ListMonitor>,
}

impl Sprite {
    pub fn add_variable(&mut self, name: impl Into<String>, value: Value) -> VariableId {
        self.variables.push(Variable { name: name.into(), value });
        self.variables.len() - 1
    }

    /// Returns the variable with this name, creating it with the value 0.
    pub fn variable_named(&mut self, name: &str) -> VariableId {
        match self.variables.iter().position(|variable| variable.name == name) {
            Some(id) => id,
            None => self.add_variable(name, Value::Number(0.0)),
        }
    }

    /// Returns the list with this name, creating it empty.
    pub fn list_named(&mut self, name: &str) -> ListId {
        match self.lists.iter().position(|list| list.name == name) {
            Some(id) => id,
            None => {
                self.lists.push(List { name: name.to_string(), items: Vec::new() });
                self.lists.len() - 1
            }
        }
    }

    /// Counts the blocks the sprite's scripts will serialize to.
    pub fn block_count(&self) -> usize {
        serialize::count_blocks(self)
    }
}
