//! Loads and stores in the `words` layout: one `!stack` item per 32-bit cell,
//! a pointer is the item number, so `load p` is `item p of !stack`.
//!
//! A double occupies two cells and is kept whole in the first. Globals marked
//! SCRATCH_VARIABLE are read and set as Scratch variables instead.

use anyhow::Result;

use super::function::FunctionLowering;
use super::integer;
use crate::ir::{Constant, GlobalPlace, InstId, Operand, Type};
use crate::scratch::{Expr, Stmt};

/// The Scratch variable behind a pointer operand, when it points straight
/// at a SCRATCH_VARIABLE global.
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
        Type::Int(64) => Err(lowering.error(id, "64-bit integer loads and stores are not supported yet")),
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

pub fn store(lowering: &mut FunctionLowering, id: InstId, value: &Operand, pointer: &Operand, out: &mut Vec<Stmt>) -> Result<()> {
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
