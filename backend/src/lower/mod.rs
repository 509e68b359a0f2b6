//! Lowers a normalized module to one Scratch sprite.
//!
//! Every defined function becomes a custom block; `main` and the functions
//! marked SCRATCH_WHEN_* get hat scripts that call them. Memory is the list
//! `!stack`: the globals' preseeded image, then the call stack, sized from
//! the call graph so every item a store may replace already exists.

mod arithmetic;
mod bitwise;
mod builtins;
mod calls;
mod callgraph;
pub mod cfg;
mod counted;
mod function;
mod induction;
mod integer;
mod memory;
mod ranges;
mod structure;

use std::collections::{HashMap, HashSet};

use anyhow::Result;

use crate::diagnostics::bad_input;
use crate::ir::{GlobalPlace, Hat, Module, MonitorRequest, Type};
use crate::scratch::{
    ArithmeticOp as Op, Expr, HatBlock, ListId, ListMonitor, MathFunction, Monitor, Procedure, ProcedureId, Script, Sprite, Stmt,
    Value, VariableId,
};
use function::FunctionLowering;

/// The error for a 64-bit integer value, which the plugin splits into two
/// 32-bit halves, so it reaches the backend only in IR the plugin did not
/// fully normalize.
pub const UNSPLIT_I64: &str = "a 64-bit integer value reached the backend, but the scratchc plugin \
                               splits each into two 32-bit halves; normalize the IR with this \
                               scratchc's plugin (scratch-normalize)";

/// Variables and lists every program uses.
pub struct Runtime {
    pub stack: ListId,
    pub stdout: ListId,
    /// Whether the program adds lines to `stdout`, which the stage then shows.
    pub prints: bool,
    /// Stack pointer: the first free cell of the call stack.
    pub sp: VariableId,
    /// Return value of the last custom block called.
    pub ret: VariableId,
    pub exit: VariableId,
    /// The standard output line being built.
    pub line: VariableId,
    pow2: Option<ListId>,
    and32: Option<ProcedureId>,
    strip_first_letter: Option<ProcedureId>,
}

pub struct ModuleLowering<'m> {
    pub module: &'m Module,
    pub sprite: Sprite,
    pub runtime: Runtime,
    pub procedure_of: Vec<ProcedureId>,
    global_variables: HashMap<usize, VariableId>,
    variable_names: HashMap<String, usize>,
}

/// Counts for `-v`.
#[derive(Debug, Default)]
pub struct Stats {
    pub procedures: usize,
    pub scripts: usize,
    pub memory_cells: usize,
    pub stack_cells: usize,
}

impl<'m> ModuleLowering<'m> {
    /// Creates a sprite variable for a value, with a unique name.
    pub fn new_variable(&mut self, name: &str) -> VariableId {
        let count = self.variable_names.entry(name.to_string()).or_insert(0);
        *count += 1;
        let unique = if *count == 1 { name.to_string() } else { format!("{name}.{count}") };
        self.sprite.add_variable(unique, Value::Number(0.0))
    }

    /// Returns the Scratch variable of a SCRATCH_VARIABLE global.
    pub fn global_variable(&mut self, global: usize) -> VariableId {
        if let Some(&variable) = self.global_variables.get(&global) {
            return variable;
        }
        let GlobalPlace::Variable { name, initial, .. } = &self.module.globals[global].place else {
            panic!("global {global} is not a Scratch variable");
        };
        let variable = self.sprite.variable_named(name);
        self.sprite.variables[variable].value = Value::Number(*initial);
        self.global_variables.insert(global, variable);
        variable
    }

    /// 2^k for a run-time shift amount k in 0..=63, from the list `!pow2`.
    pub fn power_of_two(&mut self, amount: Expr) -> Expr {
        let list = match self.runtime.pow2 {
            Some(list) => list,
            None => {
                let list = self.sprite.list_named("!pow2");
                self.sprite.lists[list].items = (0..64).map(|k| Value::Number(integer::pow2(k))).collect();
                self.runtime.pow2 = Some(list);
                list
            }
        };
        Expr::ItemOfList(list, Box::new(function::add_constant(amount, 1.0)))
    }

    /// Returns the list `!locals`, where recursive functions save their
    /// variables around calls that can re-enter them.
    pub fn locals_list(&mut self) -> ListId {
        self.sprite.list_named("!locals")
    }

    /// Returns the runtime procedure `!and32 a b`, creating it once. It sets `!ret` to a & b for
    /// a, b in [0, 2^32): eight rounds of `result += place · (a₄ & b₄)`, with
    /// a₄ = a mod 16 looked up in the table `!and4` at a₄·16 + b₄ + 1.
    pub fn and_procedure(&mut self) -> ProcedureId {
        if let Some(procedure) = self.runtime.and32 {
            return procedure;
        }
        let table = self.sprite.list_named("!and4");
        self.sprite.lists[table].items = (0..256).map(|i| Value::Number(((i / 16) & (i % 16)) as f64)).collect();
        let a = self.new_variable("!and32.a");
        let b = self.new_variable("!and32.b");
        let result = self.new_variable("!and32.result");
        let place = self.new_variable("!and32.place");
        let var = Expr::Variable;
        let num = Expr::Number;
        let nibble = |value: VariableId| Expr::arithmetic(Op::Mod, var(value), num(16.0));
        let index = Expr::arithmetic(
            Op::Add,
            Expr::arithmetic(Op::Add, Expr::arithmetic(Op::Multiply, nibble(a), num(16.0)), nibble(b)),
            num(1.0),
        );
        let shift_down = |value: VariableId| {
            Stmt::SetVariable(value, Expr::math(MathFunction::Floor, Expr::arithmetic(Op::Divide, var(value), num(16.0))))
        };
        let body = vec![
            Stmt::SetVariable(a, Expr::Argument("a".into())),
            Stmt::SetVariable(b, Expr::Argument("b".into())),
            Stmt::SetVariable(result, num(0.0)),
            Stmt::SetVariable(place, num(1.0)),
            Stmt::Repeat(
                num(8.0),
                vec![
                    Stmt::ChangeVariable(
                        result,
                        Expr::arithmetic(Op::Multiply, var(place), Expr::ItemOfList(table, Box::new(index))),
                    ),
                    shift_down(a),
                    shift_down(b),
                    Stmt::SetVariable(place, Expr::arithmetic(Op::Multiply, var(place), num(16.0))),
                ],
            ),
            Stmt::SetVariable(self.runtime.ret, var(result)),
        ];
        self.sprite.procedures.push(Procedure {
            name: "!and32".into(),
            params: vec!["a".into(), "b".into()],
            warp: true,
            body,
        });
        let id = self.sprite.procedures.len() - 1;
        self.runtime.and32 = Some(id);
        id
    }

    /// Returns the runtime procedure `!strip_first_letter`, creating it once.
    /// It drops the first letter of the variable `piece` by copying the
    /// others one at a time, because Scratch has no block for part of a text.
    /// It runs without screen refresh, because in a script with screen
    /// refresh a `repeat` hands control back to Scratch after every pass,
    /// which would hold the piece back for at least a frame.
    pub fn strip_first_letter_procedure(&mut self, piece: VariableId) -> ProcedureId {
        if let Some(procedure) = self.runtime.strip_first_letter {
            return procedure;
        }
        let stripped = self.new_variable("!piece.stripped");
        let letter = self.new_variable("!piece.letter");
        let next_letter = Expr::LetterOf(Box::new(Expr::Variable(letter)), Box::new(Expr::Variable(piece)));
        let body = vec![
            Stmt::SetVariable(stripped, Expr::Text(String::new())),
            Stmt::SetVariable(letter, Expr::Number(2.0)),
            Stmt::Repeat(
                Expr::arithmetic(Op::Subtract, Expr::LengthOfText(Box::new(Expr::Variable(piece))), Expr::Number(1.0)),
                vec![
                    Stmt::SetVariable(stripped, Expr::Join(Box::new(Expr::Variable(stripped)), Box::new(next_letter))),
                    Stmt::ChangeVariable(letter, Expr::Number(1.0)),
                ],
            ),
            Stmt::SetVariable(piece, Expr::Variable(stripped)),
        ];
        self.sprite.procedures.push(Procedure {
            name: "!strip_first_letter".into(),
            params: Vec::new(),
            warp: true,
            body,
        });
        let id = self.sprite.procedures.len() - 1;
        self.runtime.strip_first_letter = Some(id);
        id
    }
}

/// Places the requested monitors: sliders down the left edge of the stage,
/// readouts down the right edge, so the middle stays free for the sprite and
/// its speech bubble. Sizes are those the Scratch editor draws at 100% stage
/// size, measured on screenshots: about 26 px high for a readout and 44 px
/// for a slider; a readout with a sprite name and a short text value is
/// about 210 px wide.
fn place_monitors(sprite: &mut Sprite, requests: &[MonitorRequest]) {
    let mut slider_y = 5.0;
    let mut readout_y = 5.0;
    for request in requests {
        let variable = sprite.variable_named(&request.variable);
        if sprite.monitors.iter().any(|monitor| monitor.variable == variable) {
            continue;
        }
        let (x, y) = match request.slider {
            Some(_) => {
                slider_y += 44.0;
                (5.0, slider_y - 44.0)
            }
            None => {
                readout_y += 27.0;
                (265.0, readout_y - 27.0)
            }
        };
        sprite.monitors.push(Monitor { variable, slider: request.slider, x, y });
    }
}

/// Lowers the module to a sprite named `name`.
pub fn lower_module(module: &Module, name: &str) -> Result<(Sprite, Stats)> {
    let mut sprite = Sprite { name: name.to_string(), ..Sprite::default() };
    let stack = sprite.list_named("!stack");
    let stdout = sprite.list_named("stdout");
    let sp = sprite.add_variable("!sp", Value::Number(0.0));
    let ret = sprite.add_variable("!ret", Value::Number(0.0));
    let exit = sprite.add_variable("!!exit", Value::Number(0.0));
    let line = sprite.add_variable("!!line", Value::Text(String::new()));
    let runtime = Runtime { stack, stdout, prints: false, sp, ret, exit, line, pow2: None, and32: None, strip_first_letter: None };

    let mut lowering = ModuleLowering {
        module,
        sprite,
        runtime,
        procedure_of: Vec::new(),
        global_variables: HashMap::new(),
        variable_names: HashMap::new(),
    };
    for variable in &lowering.sprite.variables {
        lowering.variable_names.insert(variable.name.clone(), 1);
    }

    // SCRATCH_VARIABLE globals exist with their saved values even when unused.
    for (global, entry) in module.globals.iter().enumerate() {
        if matches!(entry.place, GlobalPlace::Variable { .. }) {
            lowering.global_variable(global);
        }
    }

    // Procedures are numbered in function order, so calls can refer forward.
    for function in &module.functions {
        lowering.procedure_of.push(lowering.sprite.procedures.len());
        lowering.sprite.procedures.push(Procedure {
            name: function.name.clone(),
            params: function.params.iter().map(|param| param.name.clone()).collect(),
            warp: !function.screen_refresh,
            body: Vec::new(),
        });
    }
    let call_graph = callgraph::CallGraph::build(module);
    let mut frames = Vec::new();
    for (index, function) in module.functions.iter().enumerate() {
        let recursive_callees: HashSet<usize> = (0..module.functions.len())
            .filter(|&callee| call_graph.may_return_to(index, callee))
            .collect();
        let mut function_lowering = FunctionLowering::new(&mut lowering, function)?;
        let mut body = function_lowering.body()?;
        if !recursive_callees.is_empty() {
            // The first pass created every variable the function uses; the
            // second saves them all around the calls that can come back.
            function_lowering.save_around_calls(recursive_callees);
            body = function_lowering.body()?;
        }
        frames.push(function_lowering.frame.map_or(0, |(_, cells)| cells));
        let procedure = lowering.procedure_of[index];
        lowering.sprite.procedures[procedure].body = body;
    }

    let stack_cells = call_graph.stack_cells(&frames, module.layout.cell_bytes());
    let stack_base = module.memory.len() as f64 + 1.0;
    let mut items: Vec<Value> = module.memory.iter().map(|&cell| Value::Number(cell)).collect();
    items.extend((0..stack_cells).map(|_| Value::Number(0.0)));
    lowering.sprite.lists[stack].items = items;
    lowering.sprite.variables[sp].value = Value::Number(stack_base);

    for (index, function) in module.functions.iter().enumerate() {
        let mut hats: Vec<HatBlock> = function
            .hats
            .iter()
            .map(|hat| match hat {
                Hat::FlagClicked => HatBlock::WhenFlagClicked,
                Hat::KeyPressed(key) => HatBlock::WhenKeyPressed(key.clone()),
                Hat::ThisSpriteClicked => HatBlock::WhenThisSpriteClicked,
            })
            .collect();
        let is_main = function.name == "main";
        if is_main && !hats.contains(&HatBlock::WhenFlagClicked) {
            hats.insert(0, HatBlock::WhenFlagClicked);
        }
        if !hats.is_empty() && !function.params.is_empty() {
            return Err(bad_input(format!(
                "function `{}` is started by Scratch, so it cannot take parameters",
                function.name
            )));
        }
        for hat in hats {
            let mut body = vec![Stmt::SetVariable(sp, Expr::Number(stack_base))];
            if is_main {
                body.push(Stmt::SetVariable(exit, Expr::Number(0.0)));
                body.push(Stmt::DeleteAllOfList(stdout));
                body.push(Stmt::SetVariable(line, Expr::Text(String::new())));
            }
            body.push(Stmt::CallProcedure(lowering.procedure_of[index], Vec::new()));
            if is_main && function.return_type == Type::Int(32) {
                body.push(Stmt::SetVariable(exit, Expr::Variable(ret)));
            }
            lowering.sprite.scripts.push(Script { hat, body });
        }
    }

    if lowering.sprite.scripts.is_empty() {
        return Err(bad_input(
            "the program has no `main` and no function marked SCRATCH_WHEN_FLAG_CLICKED, \
             SCRATCH_WHEN_KEY_PRESSED or SCRATCH_WHEN_THIS_SPRITE_CLICKED, so the project would never run anything",
        ));
    }

    place_monitors(&mut lowering.sprite, &module.monitors);
    if lowering.runtime.prints {
        // Standard output fills the stage above the sprite.
        let list = lowering.runtime.stdout;
        lowering.sprite.list_monitor = Some(ListMonitor { list, x: 5.0, y: 5.0, width: 470.0, height: 220.0 });
    }

    let stats = Stats {
        procedures: lowering.sprite.procedures.len(),
        scripts: lowering.sprite.scripts.len(),
        memory_cells: module.memory.len(),
        stack_cells: stack_cells as usize,
    };
    Ok((lowering.sprite, stats))
}
