//! Loads and stores in the `words` layout: one `!stack` item per 32-bit cell,
//! a pointer is the item number, so `load p` is `item p of !stack`.
//!
//! A double occupies two cells and is kept whole in the first. An i64 is two
//! cells, low half first; the backend has no i64 values yet, but copies
//! them from memory to memory (clang copies a two-int struct with one i64
//! load and store) and stores i64 constants. Globals marked SCRATCH_VARIABLE
//! are read and set as Scratch variables instead.

use anyhow::Result;

use super::function::FunctionLowering;
use super::integer;
use crate::ir::{Constant, GlobalPlace, InstId, Operand, Type};
use crate::scratch::{ArithmeticOp, Expr, Stmt};

/// Returns the Scratch variable behind a pointer operand, when it points
/// straight at a SCRATCH_VARIABLE global.
fn scratch_variable(lowering: &mut FunctionLowering, pointer: &Operand) -> Option<(usize, Type)> {
    let Operand::Const(Constant::Global(global)) = pointer else { return None };
    match &lowering.module.module.globals[*global].place {
        GlobalPlace::Variable { ty, .. } => Some((*global, *ty)),
        _ => None,
    }
}

fn check_access(lowering: &FunctionLowering, id: InstId, ty: Type) -> Result<()> {
    match ty {
        Type::Int(32) | Type::Float | Type::Double | Type::Ptr => Ok(()),
        Type::Int(64) => Err(lowering.error(
            id,
            "64-bit integer values (long long, int64_t) are not supported yet; only copies of them \
             from memory to memory are",
        )),
        other => Err(lowering.error(
            id,
            format!(
                "{other} load or store: the words layout holds only 32- and 64-bit values in memory \
                 (avoid char, short and bool in memory)"
            ),
        )),
    }
}

pub fn load(lowering: &mut FunctionLowering, id: InstId, pointer: &Operand) -> Result<Expr> {
    let ty = lowering.function.instructions[id].ty;
    if let Some((global, _)) = scratch_variable(lowering, pointer) {
        let variable = lowering.module.global_variable(global);
        let value = Expr::Variable(variable);
        // Users may type any number into a variable: an int reads it
        // truncated toward zero and wrapped to 32 bits.
        return Ok(match ty {
            Type::Int(bits) => integer::wrap_signed(integer::truncate(value), bits),
            _ => value,
        });
    }
    check_access(lowering, id, ty)?;
    let address = lowering.operand(pointer)?;
    Ok(Expr::ItemOfList(lowering.module.runtime.stack, Box::new(address)))
}

/// Stores an i64 without forming its value: a constant as its two halves,
/// or a folded i64 load as a copy of its two cells. Returns whether it did.
fn store_i64(lowering: &mut FunctionLowering, value: &Operand, pointer: &Operand, out: &mut Vec<Stmt>) -> Result<bool> {
    let halves = match value {
        Operand::Const(Constant::Int { bits: 64, value }) => {
            let low = *value as u32 as i32 as f64;
            let high = (*value >> 32) as i32 as f64;
            (Expr::Number(low), Expr::Number(high))
        }
        Operand::Inst(load) if lowering.is_folded(*load) => {
            let crate::ir::InstKind::Load { pointer: source } = &lowering.function.instructions[*load].kind else {
                return Ok(false);
            };
            if lowering.function.instructions[*load].ty != Type::Int(64) || scratch_variable(lowering, source).is_some() {
                return Ok(false);
            }
            let stack = lowering.module.runtime.stack;
            let source = lowering.operand(source)?;
            let next = Expr::arithmetic(ArithmeticOp::Add, source.clone(), Expr::Number(1.0));
            (Expr::ItemOfList(stack, Box::new(source)), Expr::ItemOfList(stack, Box::new(next)))
        }
        _ => return Ok(false),
    };
    let stack = lowering.module.runtime.stack;
    let address = lowering.operand(pointer)?;
    let next = Expr::arithmetic(ArithmeticOp::Add, address.clone(), Expr::Number(1.0));
    // Both halves are read before either is written, in case the areas overlap.
    let swap = lowering.module.sprite.variable_named("!i64.high");
    out.push(Stmt::SetVariable(swap, halves.1));
    out.push(Stmt::ReplaceItemOfList(stack, address, halves.0));
    out.push(Stmt::ReplaceItemOfList(stack, next, Expr::Variable(swap)));
    Ok(true)
}

pub fn store(lowering: &mut FunctionLowering, id: InstId, value: &Operand, pointer: &Operand, out: &mut Vec<Stmt>) -> Result<()> {
    if store_i64(lowering, value, pointer, out)? {
        return Ok(());
    }
    let value_expr = lowering.operand(value)?;
    if let Some((global, _)) = scratch_variable(lowering, pointer) {
        let variable = lowering.module.global_variable(global);
        out.push(Stmt::SetVariable(variable, value_expr));
        return Ok(());
    }
    let ty = match value {
        Operand::Const(Constant::Int { bits, .. }) => Type::Int(*bits),
        Operand::Const(Constant::Float(_)) => Type::Double,
        Operand::Const(_) => Type::Int(32),
        Operand::Param(index) => lowering.function.params[*index].ty,
        Operand::Inst(inst) => lowering.function.instructions[*inst].ty,
    };
    check_access(lowering, id, ty)?;
    let address = lowering.operand(pointer)?;
    out.push(Stmt::ReplaceItemOfList(lowering.module.runtime.stack, address, value_expr));
    Ok(())
}
