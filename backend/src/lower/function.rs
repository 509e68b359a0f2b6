//! Lowers one function to the body of its custom block.
//!
//! Values: an instruction used once, in its own block, by a user that reads
//! it once, is folded into that user's reporter tree; every other value gets
//! a sprite variable named `function.value`. Loads fold only when no store or
//! call lies between the load and the point where the tree is evaluated.
//!
//! Control flow: see `structure`, which walks the CFG and calls back here
//! for straight-line code and phi moves.

use std::collections::{HashMap, HashSet};

use anyhow::Result;

use super::cfg::{self, Loops, Region};
use super::ranges::{Range, Ranges};
use super::ModuleLowering;
use crate::diagnostics::bad_input_at;
use crate::ir::*;
use crate::scratch::{ArithmeticOp, CompareOp, Expr, Stmt, VariableId};

pub struct FunctionLowering<'a, 'm> {
    pub module: &'a mut ModuleLowering<'m>,
    pub function: &'m Function,
    pub loops: Loops,
    regions: HashMap<Option<usize>, Region>,
    /// Instructions whose reporter tree is built at their single use.
    folded: Vec<bool>,
    /// `or` instructions whose only use is a test against zero, directly or
    /// through other such `or`s: `(a | b) == 0` is `a == 0 and b == 0`, so
    /// no bitwise `or` is computed.
    zero_tested: Vec<bool>,
    pub(super) values: HashMap<InstId, VariableId>,
    /// Per-loop flag set to 1 when the loop is left, and the variable that
    /// records which exit was taken when there are several.
    pub(super) loop_flags: HashMap<usize, VariableId>,
    pub(super) loop_exit_choice: HashMap<usize, VariableId>,
    pub(super) swap_variables: Vec<VariableId>,
    /// Cells of each alloca above the frame base, and the frame base variable.
    alloca_offsets: HashMap<InstId, i64>,
    /// Cells above the frame base of each `byval` parameter's copy.
    pub byval_offsets: HashMap<usize, i64>,
    pub frame: Option<(VariableId, i64)>,
    /// Latches of loops emitted as `repeat (n)`, whose exit test is dropped.
    pub counted_latches: HashSet<BlockId>,
    pub ranges: Ranges,
    /// Callees that can lead back to this function, and the variables saved
    /// on `!locals` around calls to them.
    pub(super) recursion: Option<(HashSet<usize>, Vec<VariableId>)>,
}

/// Returns whether an instruction's reporter tree has no side effects and
/// reads no memory, so it may be evaluated anywhere in its block.
fn is_pure(kind: &InstKind, ty: Type) -> bool {
    match kind {
        InstKind::Binary { op: BinaryOp::And | BinaryOp::Or | BinaryOp::Xor, .. } => {
            // General 32-bit bitwise operations call a runtime procedure.
            ty == Type::Int(1) || super::bitwise::is_inline(kind)
        }
        InstKind::Select { .. } => matches!(ty, Type::Int(bits) if bits > 1) || ty == Type::Ptr,
        InstKind::Binary { .. }
        | InstKind::FNeg(_)
        | InstKind::ICmp { .. }
        | InstKind::FCmp { .. }
        | InstKind::Cast { .. }
        | InstKind::Gep { .. }
        | InstKind::Freeze(_) => true,
        InstKind::Call { callee: Callee::Math(_), .. } => true,
        _ => false,
    }
}

/// Returns whether lowering the instruction evaluates each operand exactly
/// once. `plan_folding` folds nothing into a user that reads an operand twice.
fn reads_operands_once(kind: &InstKind) -> bool {
    match kind {
        InstKind::Binary { op, nsw, rhs, .. } => match op {
            BinaryOp::SDiv | BinaryOp::SRem | BinaryOp::FRem => false,
            BinaryOp::Mul => *nsw || matches!(rhs, Operand::Const(_)),
            BinaryOp::Shl => matches!(rhs, Operand::Const(_)),
            BinaryOp::And => !matches!(rhs, Operand::Const(Constant::Int { value, .. }) if *value < 0),
            _ => true,
        },
        InstKind::Cast { op: CastOp::FPToSI | CastOp::FPToUI, .. } => false,
        InstKind::Select { .. } | InstKind::Phi { .. } => false,
        InstKind::Call { callee: Callee::External(_) | Callee::Indirect(_), .. } => false,
        _ => true,
    }
}

fn writes_memory(kind: &InstKind) -> bool {
    matches!(
        kind,
        InstKind::Store { .. } | InstKind::Call { callee: Callee::Defined(_) | Callee::External(_) | Callee::Indirect(_), .. }
    )
}

impl<'a, 'm> FunctionLowering<'a, 'm> {
    pub fn new(module: &'a mut ModuleLowering<'m>, function: &'m Function) -> Result<Self> {
        let loops = cfg::find_loops(function)?;
        let ranges = super::ranges::analyze(function, &loops);
        let mut lowering = FunctionLowering {
            module,
            function,
            loops,
            regions: HashMap::new(),
            folded: vec![false; function.instructions.len()],
            zero_tested: vec![false; function.instructions.len()],
            values: HashMap::new(),
            loop_flags: HashMap::new(),
            loop_exit_choice: HashMap::new(),
            swap_variables: Vec::new(),
            alloca_offsets: HashMap::new(),
            byval_offsets: HashMap::new(),
            frame: None,
            counted_latches: HashSet::new(),
            ranges,
            recursion: None,
        };
        lowering.plan_frame();
        let evaluated_at = lowering.plan_folding();
        lowering.coalesce_loop_phis(&evaluated_at);
        Ok(lowering)
    }

    pub fn error(&self, inst: InstId, message: impl Into<String>) -> anyhow::Error {
        bad_input_at(
            format!("in function `{}`: {}", self.function.name, message.into()),
            self.function.instructions[inst].location.clone(),
        )
    }

    fn plan_frame(&mut self) {
        let mut cells = 0;
        for (id, inst) in self.function.instructions.iter().enumerate() {
            if let InstKind::Alloca { cells: size } = inst.kind {
                self.alloca_offsets.insert(id, cells);
                cells += size.max(1);
            }
        }
        for (index, param) in self.function.params.iter().enumerate() {
            if let Some(size) = param.byval_cells {
                self.byval_offsets.insert(index, cells);
                cells += size.max(1);
            }
        }
        if cells > 0 {
            let name = format!("{}.frame", self.function.name);
            let variable = self.module.new_variable(&name);
            self.frame = Some((variable, cells));
        }
    }

    /// Decides which instructions fold into their user, and returns where
    /// each instruction's reporter is evaluated (itself, unless folded).
    fn plan_folding(&mut self) -> Vec<InstId> {
        let function = self.function;
        let mut uses: Vec<Vec<InstId>> = vec![Vec::new(); function.instructions.len()];
        for (user, inst) in function.instructions.iter().enumerate() {
            for operand in operands(&inst.kind) {
                if let Operand::Inst(id) = operand {
                    uses[*id].push(user);
                }
            }
        }
        // Where each folded tree is finally evaluated: its user's evaluation
        // point, decided first by walking each block backwards.
        let mut evaluated_at: Vec<InstId> = (0..function.instructions.len()).collect();
        for block in &function.blocks {
            let position: HashMap<InstId, usize> =
                block.instructions.iter().enumerate().map(|(index, &id)| (id, index)).collect();
            for &id in block.instructions.iter().rev() {
                let inst = &function.instructions[id];
                if uses[id].len() != 1 {
                    continue;
                }
                let user = uses[id][0];
                let user_inst = &function.instructions[user];
                if user_inst.block != inst.block || matches!(user_inst.kind, InstKind::Phi { .. }) {
                    continue;
                }
                if !reads_operands_once(&user_inst.kind) {
                    continue;
                }
                let foldable = match &inst.kind {
                    InstKind::Binary { op: BinaryOp::Or, .. } if self.tests_against_zero(user, id) => {
                        self.zero_tested[id] = true;
                        true
                    }
                    InstKind::Load { .. } => {
                        let end = position[&evaluated_at[user]];
                        !block.instructions[position[&id] + 1..end]
                            .iter()
                            .any(|&between| writes_memory(&function.instructions[between].kind))
                    }
                    kind => is_pure(kind, inst.ty),
                };
                if foldable {
                    self.folded[id] = true;
                    evaluated_at[id] = evaluated_at[user];
                }
            }
        }
        evaluated_at
    }

    /// Returns whether `user` only compares `value` with zero: an `icmp eq`
    /// or `ne` with 0, or an `or` that is itself only tested against zero.
    fn tests_against_zero(&self, user: InstId, value: InstId) -> bool {
        match &self.function.instructions[user].kind {
            InstKind::ICmp { predicate: IntPredicate::Eq | IntPredicate::Ne, lhs, rhs } => {
                *lhs == Operand::Inst(value) && matches!(rhs, Operand::Const(Constant::Int { value: 0, .. }))
            }
            InstKind::Binary { op: BinaryOp::Or, .. } => self.zero_tested[user],
            _ => false,
        }
    }

    /// Returns `a == 0 and b == 0 and ...` for the operands of a zero-tested
    /// `or` tree.
    fn all_zero(&mut self, operand: &Operand) -> Result<Expr> {
        if let Operand::Inst(id) = operand {
            if self.zero_tested[*id] {
                let InstKind::Binary { lhs, rhs, .. } = &self.function.instructions[*id].kind else {
                    unreachable!("only `or` instructions are zero-tested")
                };
                let (left, right) = (self.all_zero(lhs)?, self.all_zero(rhs)?);
                return Ok(Expr::And(Box::new(left), Box::new(right)));
            }
        }
        Ok(equals(self.operand(operand)?, Expr::number(0.0)))
    }

    /// Gives a loop-header phi and its value from the latch one variable, so
    /// the back-edge move `phi = next` disappears. That is safe when `next`
    /// is computed in the latch and every read of the phi happens earlier in
    /// the iteration: then nothing reads the old value after `next` replaces it.
    fn coalesce_loop_phis(&mut self, evaluated_at: &[InstId]) {
        let function = self.function;
        let mut readers: Vec<Vec<InstId>> = vec![Vec::new(); function.instructions.len()];
        for (user, inst) in function.instructions.iter().enumerate() {
            for operand in operands(&inst.kind) {
                if let Operand::Inst(id) = operand {
                    readers[*id].push(user);
                }
            }
        }
        for lp in 0..self.loops.loops.len() {
            let info = self.loops.loops[lp].clone();
            let latches: Vec<BlockId> =
                info.blocks.iter().copied().filter(|&block| function.successors(block).contains(&info.header)).collect();
            let [latch] = latches[..] else { continue };
            let position: HashMap<InstId, usize> =
                function.blocks[latch].instructions.iter().enumerate().map(|(index, &id)| (id, index)).collect();

            for &phi in &function.blocks[info.header].instructions {
                let InstKind::Phi { incoming } = &function.instructions[phi].kind else { break };
                let Some((Operand::Inst(next), _)) = incoming.iter().find(|(_, block)| *block == latch) else {
                    continue;
                };
                let next = *next;
                let next_inst = &function.instructions[next];
                if next_inst.block != latch
                    || matches!(next_inst.kind, InstKind::Phi { .. })
                    || self.folded[next]
                    || self.values.contains_key(&next)
                    || self.alloca_offsets.contains_key(&next)
                {
                    continue;
                }
                let read_before_next = readers[phi].iter().all(|&reader| {
                    let at = evaluated_at[reader];
                    let block = function.instructions[at].block;
                    if matches!(function.instructions[reader].kind, InstKind::Phi { .. }) {
                        false
                    } else if block == latch {
                        position[&at] <= position[&next]
                    } else {
                        info.blocks.contains(&block)
                    }
                });
                if read_before_next {
                    let variable = self.value_variable(phi);
                    self.values.insert(next, variable);
                }
            }
        }
    }

    pub fn region(&mut self, context: Option<usize>) -> &Region {
        if !self.regions.contains_key(&context) {
            let region = cfg::region(self.function, &self.loops, context);
            self.regions.insert(context, region);
        }
        &self.regions[&context]
    }

    pub fn loop_flag(&mut self, lp: usize) -> VariableId {
        if let Some(&flag) = self.loop_flags.get(&lp) {
            return flag;
        }
        let header = &self.function.blocks[self.loops.loops[lp].header].name;
        let name = format!("{}.{}.done", self.function.name, header);
        let flag = self.module.new_variable(&name);
        self.loop_flags.insert(lp, flag);
        flag
    }

    pub fn loop_exit_choice(&mut self, lp: usize) -> VariableId {
        if let Some(&choice) = self.loop_exit_choice.get(&lp) {
            return choice;
        }
        let header = &self.function.blocks[self.loops.loops[lp].header].name;
        let name = format!("{}.{}.exit", self.function.name, header);
        let choice = self.module.new_variable(&name);
        self.loop_exit_choice.insert(lp, choice);
        choice
    }

    /// Returns the variable that contains an instruction's value.
    pub fn value_variable(&mut self, id: InstId) -> VariableId {
        if let Some(&variable) = self.values.get(&id) {
            return variable;
        }
        let inst = &self.function.instructions[id];
        let name = match &inst.name {
            Some(name) => format!("{}.{}", self.function.name, name),
            None => format!("{}.t{}", self.function.name, id),
        };
        let variable = self.module.new_variable(&name);
        self.values.insert(id, variable);
        variable
    }

    /// Returns the value a phi stands for when all its incoming values are the
    /// same one. That value dominates every predecessor, so its variable still
    /// contains it.
    fn phi_alias(&self, id: InstId) -> Option<&'m Operand> {
        let InstKind::Phi { incoming } = &self.function.instructions[id].kind else { return None };
        let first = &incoming.first()?.0;
        if *first == Operand::Inst(id) {
            return None;
        }
        incoming.iter().all(|(value, _)| value == first).then_some(first)
    }

    pub fn operand(&mut self, operand: &Operand) -> Result<Expr> {
        Ok(match operand {
            Operand::Const(constant) => match constant {
                Constant::Int { bits: 1, value } => Expr::Number((value & 1) as f64),
                Constant::Int { bits, value } if *bits <= 32 => Expr::Number(*value as f64),
                Constant::Int { .. } => {
                    return Err(crate::diagnostics::bad_input(format!(
                        "in function `{}`: {}",
                        self.function.name,
                        super::UNSPLIT_I64
                    )))
                }
                Constant::Float(value) => Expr::Number(*value),
                Constant::Address(address) => Expr::Number(*address as f64),
                Constant::Undefined => Expr::Number(0.0),
                Constant::Global(global) => {
                    let name = &self.module.module.globals[*global].name;
                    return Err(crate::diagnostics::bad_input(format!(
                        "in function `{}`: `{name}` is used as a value, but it is a Scratch name or \
                         list and has no address in memory",
                        self.function.name
                    )));
                }
                Constant::FunctionAddress(index) => Expr::Number(function_address(*index)),
                Constant::Function(name) => {
                    return Err(crate::diagnostics::bad_input(format!(
                        "in function `{}`: the address of `{name}` is taken, but {}",
                        self.function.name,
                        crate::diagnostics::why_no_address(name)
                    )))
                }
            },
            Operand::Param(index) => match self.byval_offsets.get(index) {
                // A struct passed by value: the callee's own copy in its frame.
                Some(&offset) => {
                    let (frame, _) = self.frame.expect("a function with byval parameters has a frame");
                    Expr::arithmetic(ArithmeticOp::Add, Expr::Variable(frame), Expr::number(offset as f64))
                }
                None => Expr::Argument(self.function.params[*index].name.clone()),
            },
            Operand::Inst(id) => self.value(*id)?,
        })
    }

    /// Returns the reporter for an instruction's value.
    pub fn value(&mut self, id: InstId) -> Result<Expr> {
        if let Some(&offset) = self.alloca_offsets.get(&id) {
            let (frame, _) = self.frame.expect("a function with allocas has a frame");
            return Ok(Expr::arithmetic(ArithmeticOp::Add, Expr::Variable(frame), Expr::number(offset as f64)));
        }
        if let Some(alias) = self.phi_alias(id) {
            return self.operand(alias);
        }
        if self.folded[id] {
            return self.expression(id);
        }
        Ok(Expr::Variable(self.value_variable(id)))
    }

    /// Builds the reporter tree of a pure instruction.
    pub fn expression(&mut self, id: InstId) -> Result<Expr> {
        let inst = &self.function.instructions[id];
        match &inst.kind {
            InstKind::Binary { op, lhs, rhs, nsw } => {
                if let Some(expr) = self.sign_extended_field(*op, lhs, rhs)? {
                    return Ok(expr);
                }
                let (lhs_expr, rhs_expr) = (self.operand(lhs)?, self.operand(rhs)?);
                super::arithmetic::binary(self, id, *op, (lhs_expr, lhs), (rhs_expr, rhs), *nsw)
            }
            InstKind::FNeg(value) => {
                // `x * -1`, not `0 - x`, so that -0.0 keeps its sign.
                let value = self.operand(value)?;
                Ok(Expr::arithmetic(ArithmeticOp::Multiply, value, Expr::number(-1.0)))
            }
            InstKind::ICmp { predicate, lhs: lhs @ Operand::Inst(or), .. } if self.zero_tested[*or] => {
                let all_zero = self.all_zero(lhs)?;
                Ok(if *predicate == IntPredicate::Eq { all_zero } else { Expr::not(all_zero) })
            }
            InstKind::ICmp { predicate, lhs, rhs } => {
                let bits = self.operand_bits(lhs);
                let non_negative = self.range(lhs).is_non_negative() && self.range(rhs).is_non_negative();
                let (lhs, rhs) = (self.operand(lhs)?, self.operand(rhs)?);
                Ok(super::arithmetic::icmp(*predicate, lhs, rhs, bits, non_negative))
            }
            InstKind::FCmp { predicate, lhs, rhs } => {
                let (lhs, rhs) = (self.operand(lhs)?, self.operand(rhs)?);
                Ok(super::arithmetic::fcmp(*predicate, lhs, rhs))
            }
            InstKind::Cast { op, value, from } => {
                let source = self.range(value);
                let value = self.operand(value)?;
                super::arithmetic::cast(self, id, *op, (value, source), *from, inst.ty)
            }
            InstKind::Select { condition, if_true, if_false } => {
                // Integers and pointers: b + (a - b)·c, exact because
                // |a - b| < 2^33 and c reads as 0 or 1.
                let condition = self.operand(condition)?;
                let (a, b) = (self.operand(if_true)?, self.operand(if_false)?);
                let difference = Expr::arithmetic(ArithmeticOp::Subtract, a, b.clone());
                let chosen = Expr::arithmetic(ArithmeticOp::Multiply, difference, condition);
                Ok(Expr::arithmetic(ArithmeticOp::Add, b, chosen))
            }
            InstKind::Gep { base, indices, offset } => {
                let mut address = self.operand(base)?;
                if *offset != 0 {
                    address = add_constant(address, *offset as f64);
                }
                for (index, scale) in indices {
                    let mut term = self.operand(index)?;
                    if *scale != 1 {
                        term = Expr::arithmetic(ArithmeticOp::Multiply, term, Expr::number(*scale as f64));
                    }
                    address = Expr::arithmetic(ArithmeticOp::Add, address, term);
                }
                Ok(address)
            }
            InstKind::Freeze(value) => self.operand(value),
            InstKind::Load { pointer } => super::memory::load(self, id, pointer),
            InstKind::Call { callee: Callee::Math(intrinsic), args } => {
                let mut values = Vec::new();
                for arg in args {
                    values.push(self.operand(arg)?);
                }
                Ok(super::arithmetic::math(*intrinsic, values))
            }
            _ => Err(self.error(id, "internal: instruction has no reporter form")),
        }
    }

    /// Lowers `ashr (shl x, s), k` with s ≤ k, clang's way to sign-extend a
    /// bit field such as `(signed char)(x >> 8)`. Shifting left by s and back
    /// sign-extends x's low 32 - s bits, which is their signed view. So the
    /// result is `floor(wrap_signed(x, 32 - s) / 2^(k - s))`.
    fn sign_extended_field(&mut self, op: BinaryOp, lhs: &Operand, rhs: &Operand) -> Result<Option<Expr>> {
        let (BinaryOp::AShr, Operand::Inst(shl), Operand::Const(Constant::Int { value: k, .. })) = (op, lhs, rhs) else {
            return Ok(None);
        };
        let InstKind::Binary { op: BinaryOp::Shl, lhs: field, rhs: Operand::Const(Constant::Int { value: s, .. }), .. } =
            &self.function.instructions[*shl].kind
        else {
            return Ok(None);
        };
        if !self.folded[*shl] || self.function.instructions[*shl].ty != Type::Int(32) || !(1..=*k).contains(s) || *k > 31 {
            return Ok(None);
        }
        let field = super::integer::wrap_signed(self.operand(field)?, 32 - *s as u32);
        if k == s {
            return Ok(Some(field));
        }
        let power = Expr::number(super::integer::pow2((k - s) as u32));
        Ok(Some(super::integer::ashr(field, power)))
    }

    /// Returns whether an instruction's reporter is built at its single use.
    pub fn is_folded(&self, id: InstId) -> bool {
        self.folded[id]
    }

    /// Returns the known range of an integer operand's signed view.
    pub fn range(&self, operand: &Operand) -> Range {
        self.ranges.of_operand(self.function, operand)
    }

    pub fn operand_bits(&self, operand: &Operand) -> u32 {
        match operand {
            Operand::Const(Constant::Int { bits, .. }) => *bits,
            Operand::Param(index) => type_bits(self.function.params[*index].ty),
            Operand::Inst(id) => type_bits(self.function.instructions[*id].ty),
            _ => 32,
        }
    }

    /// Lowers the non-phi, non-terminator instructions of a block.
    pub fn straight_line(&mut self, block: BlockId, out: &mut Vec<Stmt>) -> Result<()> {
        let function = self.function;
        let instructions = &function.blocks[block].instructions;
        for &id in &instructions[..instructions.len() - 1] {
            if self.folded[id] || self.alloca_offsets.contains_key(&id) {
                continue;
            }
            let inst = &function.instructions[id];
            match &inst.kind {
                InstKind::Phi { .. } => {}
                InstKind::Store { value, pointer } => super::memory::store(self, id, value, pointer, out)?,
                InstKind::Call { callee: callee @ (Callee::Defined(_) | Callee::Indirect(_)), args } => {
                    self.call(id, callee, args, out)?;
                }
                InstKind::Call { callee: Callee::External(name), args } => {
                    super::builtins::call(self, id, name, args, out)?;
                }
                InstKind::Select { condition, if_true, if_false } if !is_pure(&inst.kind, inst.ty) => {
                    let condition = self.operand(condition)?;
                    let (a, b) = (self.operand(if_true)?, self.operand(if_false)?);
                    let variable = self.value_variable(id);
                    out.push(Stmt::IfElse(
                        condition,
                        vec![Stmt::SetVariable(variable, a)],
                        vec![Stmt::SetVariable(variable, b)],
                    ));
                }
                InstKind::Binary { op, lhs, rhs, .. } if !is_pure(&inst.kind, inst.ty) => {
                    let bits = type_bits(inst.ty);
                    let (lhs, rhs) = (self.operand(lhs)?, self.operand(rhs)?);
                    let result = super::bitwise::general(self, *op, lhs, rhs, bits, out);
                    let variable = self.value_variable(id);
                    out.push(Stmt::SetVariable(variable, result));
                }
                _ => {
                    let value = self.expression(id)?;
                    let variable = self.value_variable(id);
                    out.push(Stmt::SetVariable(variable, value));
                }
            }
        }
        Ok(())
    }

    /// Assigns the phis of `to` for the edge `from -> to`, as a parallel copy:
    /// when one move reads a variable another move writes, the values that
    /// are read go through swap variables first.
    pub fn phi_moves(&mut self, from: BlockId, to: BlockId, out: &mut Vec<Stmt>) -> Result<()> {
        let function = self.function;
        let mut moves = Vec::new();
        for &id in &function.blocks[to].instructions {
            let InstKind::Phi { incoming } = &function.instructions[id].kind else { break };
            if self.phi_alias(id).is_some() {
                continue;
            }
            let Some((value, _)) = incoming.iter().find(|(_, block)| *block == from) else { continue };
            let expr = self.operand(value)?;
            let target = self.value_variable(id);
            if expr != Expr::Variable(target) {
                moves.push((target, expr));
            }
        }
        let targets: Vec<VariableId> = moves.iter().map(|(target, _)| *target).collect();
        let mut swaps = 0;
        for (position, (_, expr)) in moves.iter_mut().enumerate() {
            let mut conflicts = false;
            expr.for_each_variable(&mut |variable| {
                conflicts |= targets[..position].contains(&variable);
            });
            if conflicts {
                // Read the value before any move of this edge writes.
                let swap = self.swap_variable(swaps);
                swaps += 1;
                out.push(Stmt::SetVariable(swap, std::mem::replace(expr, Expr::Variable(swap))));
            }
        }
        for (target, expr) in moves {
            out.push(Stmt::SetVariable(target, expr));
        }
        Ok(())
    }

    fn swap_variable(&mut self, index: usize) -> VariableId {
        while self.swap_variables.len() <= index {
            let name = format!("{}.swap{}", self.function.name, self.swap_variables.len());
            let variable = self.module.new_variable(&name);
            self.swap_variables.push(variable);
        }
        self.swap_variables[index]
    }
}

pub fn type_bits(ty: Type) -> u32 {
    match ty {
        Type::Int(bits) => bits,
        _ => 32,
    }
}

pub fn add_constant(expr: Expr, constant: f64) -> Expr {
    match expr {
        Expr::Number(value) => Expr::Number(value + constant),
        expr => Expr::arithmetic(ArithmeticOp::Add, expr, Expr::Number(constant)),
    }
}

pub fn equals(lhs: Expr, rhs: Expr) -> Expr {
    Expr::compare(CompareOp::Equals, lhs, rhs)
}

/// Returns the operands an instruction reads.
pub fn operands(kind: &InstKind) -> Vec<&Operand> {
    match kind {
        InstKind::Binary { lhs, rhs, .. } | InstKind::ICmp { lhs, rhs, .. } | InstKind::FCmp { lhs, rhs, .. } => {
            vec![lhs, rhs]
        }
        InstKind::FNeg(value) | InstKind::Freeze(value) | InstKind::Cast { value, .. } => vec![value],
        InstKind::Select { condition, if_true, if_false } => vec![condition, if_true, if_false],
        InstKind::Load { pointer } => vec![pointer],
        InstKind::Store { value, pointer } => vec![value, pointer],
        InstKind::Gep { base, indices, .. } => {
            let mut list = vec![base];
            list.extend(indices.iter().map(|(index, _)| index));
            list
        }
        InstKind::Call { callee: Callee::Indirect(target), args } => {
            let mut list = vec![target];
            list.extend(args.iter());
            list
        }
        InstKind::Call { args, .. } => args.iter().collect(),
        InstKind::Phi { incoming } => incoming.iter().map(|(value, _)| value).collect(),
        InstKind::CondBr { condition, .. } => vec![condition],
        InstKind::Ret(Some(value)) => vec![value],
        InstKind::Alloca { .. } | InstKind::Br(_) | InstKind::Ret(None) | InstKind::Unreachable => Vec::new(),
    }
}
