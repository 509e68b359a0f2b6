//! Loads and stores. A pointer is an item number of `!stack`.
//!
//! In the `words` layout one item is a 32-bit cell, so `load p` is `item p
//! of !stack`. A double occupies two cells and is kept whole in the first.
//!
//! In the `bytes` layout one item is a byte. An integer or pointer of n
//! bytes is stored as n items, little-endian, so that an access of any width
//! to any byte reads what C would read. A load reduces each item modulo 256
//! and adds them up, `Σ (item k mod 256)·256^k`, then wraps to the signed
//! view. So any number congruent to the byte modulo 256 will do as an item,
//! and a store writes the value itself to the first item and
//! floor(v / 256^k) to item k. A float or double is one number in its first item, like `words`
//! stores it. Reading its bytes as an integer is a known deviation.
//!
//! A load that only feeds a store of the same type is a copy of items, with
//! no arithmetic: that keeps any content exact, floats included.
//!
//! There are no i64 values here: the plugin splits each into two 32-bit
//! halves, low half first in memory. Globals marked SCRATCH_VARIABLE are
//! read and set as Scratch variables instead.

use anyhow::Result;

use super::function::FunctionLowering;
use super::integer;
use super::UNSPLIT_I64;
use crate::ir::{Constant, GlobalPlace, InstId, InstKind, Layout, Operand, Type};
use crate::scratch::{ArithmeticOp, Expr, MathFunction, Stmt};

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
    let layout = lowering.module.module.layout;
    match ty {
        Type::Int(32) | Type::Float | Type::Double | Type::Ptr => Ok(()),
        Type::Int(1 | 8 | 16) if layout == Layout::Bytes => Ok(()),
        Type::Int(64) => Err(lowering.error(id, UNSPLIT_I64)),
        other => Err(lowering.error(
            id,
            format!(
                "{other} load or store: the words layout holds only 32- and 64-bit values in memory \
                 (avoid char, short and bool in memory, or compile with `--layout bytes`)"
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
    let stack = lowering.module.runtime.stack;
    let bytes = integer_bytes(ty);
    if lowering.module.module.layout == Layout::Words || bytes == 0 {
        return Ok(Expr::ItemOfList(stack, Box::new(address)));
    }
    // Σ (item k mod 256)·256^k, wrapped to the signed view. The top item's
    // wrap happens in the final wrap, so it needs no `mod` of its own.
    let bits = match ty {
        Type::Int(bits) => bits,
        _ => 32,
    };
    let mut sum = None;
    for k in (0..bytes).rev() {
        let item = Expr::ItemOfList(stack, Box::new(offset_address(address.clone(), k as f64)));
        let byte = if k + 1 == bytes { item } else { Expr::arithmetic(ArithmeticOp::Mod, item, Expr::Number(256.0)) };
        sum = Some(match sum {
            None => byte,
            Some(higher) => Expr::arithmetic(
                ArithmeticOp::Add,
                Expr::arithmetic(ArithmeticOp::Multiply, higher, Expr::Number(256.0)),
                byte,
            ),
        });
    }
    Ok(integer::wrap_signed(sum.expect("an integer has at least one byte"), bits))
}

/// Returns the bytes of an integer or pointer in `bytes` memory, or 0 for a
/// float or double, which is one number in its first item.
fn integer_bytes(ty: Type) -> usize {
    match ty {
        Type::Int(bits) => bits.div_ceil(8) as usize,
        Type::Ptr => 4,
        _ => 0,
    }
}

/// Returns `address + k`, folding k into a constant term when there is one.
fn offset_address(address: Expr, k: f64) -> Expr {
    if k == 0.0 {
        return address;
    }
    match address {
        Expr::Number(value) => Expr::Number(value + k),
        Expr::Arithmetic(ArithmeticOp::Add, base, offset) if matches!(*offset, Expr::Number(_)) => {
            let Expr::Number(value) = *offset else { unreachable!("matched above") };
            Expr::arithmetic(ArithmeticOp::Add, *base, Expr::Number(value + k))
        }
        address => Expr::arithmetic(ArithmeticOp::Add, address, Expr::Number(k)),
    }
}

/// Returns whether an expression is cheap enough to repeat: a number, a
/// variable, an argument, or one of those plus a number.
fn is_simple(expr: &Expr) -> bool {
    match expr {
        Expr::Number(_) | Expr::Variable(_) | Expr::Argument(_) => true,
        Expr::Arithmetic(ArithmeticOp::Add, base, offset) => {
            matches!(**offset, Expr::Number(_)) && matches!(**base, Expr::Variable(_) | Expr::Argument(_))
        }
        _ => false,
    }
}

/// Returns `expr` when it is cheap to repeat, else a variable set to it.
fn reusable(lowering: &mut FunctionLowering, name: &str, expr: Expr, out: &mut Vec<Stmt>) -> Expr {
    if is_simple(&expr) {
        return expr;
    }
    let variable = lowering.module.sprite.variable_named(name);
    out.push(Stmt::SetVariable(variable, expr));
    Expr::Variable(variable)
}

/// In `bytes` memory, stores a folded load of the same type as a copy of
/// its items. Returns whether it did.
fn store_copy(lowering: &mut FunctionLowering, value: &Operand, pointer: &Operand, out: &mut Vec<Stmt>) -> Result<bool> {
    let Operand::Inst(load) = value else { return Ok(false) };
    let InstKind::Load { pointer: source } = &lowering.function.instructions[*load].kind else { return Ok(false) };
    if !lowering.is_folded(*load) || scratch_variable(lowering, source).is_some() || scratch_variable(lowering, pointer).is_some() {
        return Ok(false);
    }
    let items = integer_bytes(lowering.function.instructions[*load].ty).max(1);
    let stack = lowering.module.runtime.stack;
    let source = lowering.operand(source)?;
    let source = reusable(lowering, "!copy.from", source, out);
    let destination = lowering.operand(pointer)?;
    let destination = reusable(lowering, "!copy.to", destination, out);
    for k in 0..items {
        let item = Expr::ItemOfList(stack, Box::new(offset_address(source.clone(), k as f64)));
        out.push(Stmt::ReplaceItemOfList(stack, offset_address(destination.clone(), k as f64), item));
    }
    Ok(true)
}

/// In `bytes` memory, stores an integer or pointer as its bytes.
fn store_bytes(lowering: &mut FunctionLowering, value: Expr, bytes: usize, pointer: &Operand, out: &mut Vec<Stmt>) -> Result<()> {
    let stack = lowering.module.runtime.stack;
    let address = lowering.operand(pointer)?;
    if bytes == 1 {
        out.push(Stmt::ReplaceItemOfList(stack, address, value));
        return Ok(());
    }
    let address = reusable(lowering, "!store.address", address, out);
    let value = match value {
        // A constant's bytes are known: write them as 0..255.
        Expr::Number(number) => {
            let bits = number as i64;
            for k in 0..bytes {
                let byte = ((bits >> (8 * k)) & 0xff) as f64;
                out.push(Stmt::ReplaceItemOfList(stack, offset_address(address.clone(), k as f64), Expr::Number(byte)));
            }
            return Ok(());
        }
        value => reusable(lowering, "!store.value", value, out),
    };
    for k in 0..bytes {
        let item = if k == 0 {
            value.clone()
        } else {
            let power = Expr::Number(integer::pow2(8 * k as u32));
            Expr::math(MathFunction::Floor, Expr::arithmetic(ArithmeticOp::Divide, value.clone(), power))
        };
        out.push(Stmt::ReplaceItemOfList(stack, offset_address(address.clone(), k as f64), item));
    }
    Ok(())
}

pub fn store(lowering: &mut FunctionLowering, id: InstId, value: &Operand, pointer: &Operand, out: &mut Vec<Stmt>) -> Result<()> {
    let layout = lowering.module.module.layout;
    if layout == Layout::Bytes && store_copy(lowering, value, pointer, out)? {
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
    let bytes = integer_bytes(ty);
    if layout == Layout::Bytes && bytes > 0 {
        return store_bytes(lowering, value_expr, bytes, pointer, out);
    }
    let address = lowering.operand(pointer)?;
    out.push(Stmt::ReplaceItemOfList(lowering.module.runtime.stack, address, value_expr));
    Ok(())
}
