//! The functions of scratch.h, lowered to the Scratch blocks they stand for.
//! Any other external function is a compile error that names it.

use anyhow::Result;

use super::function::{equals, FunctionLowering};
use super::integer;
use crate::ir::{Constant, GlobalPlace, InstId, Operand};
use crate::scratch::{ArithmeticOp as Op, Expr, ListId, Stmt, StopOption, Value};

/// The scratch.h functions and their parameter counts.
pub const BUILTINS: &[(&str, usize)] = &[
    ("scratch_set_text", 2),
    ("scratch_say", 1),
    ("scratch_list_clear", 1),
    ("scratch_list_append", 2),
    ("scratch_list_length", 1),
    ("scratch_list_item", 2),
    ("scratch_emit_piece", 5),
    ("scratch_timer", 0),
    ("scratch_random", 2),
    ("scratch_print_str", 1),
    ("scratch_print_int", 1),
    ("scratch_print_uint", 1),
    ("scratch_print_char", 1),
    ("scratch_print_newline", 0),
    ("scratch_exit", 1),
];

/// Returns the string literal an argument points to.
fn text_argument(lowering: &FunctionLowering, id: InstId, name: &str, operand: &Operand) -> Result<String> {
    if let Operand::Const(Constant::Global(global)) = operand {
        if let GlobalPlace::Text(text) = &lowering.module.module.globals[*global].place {
            return Ok(text.clone());
        }
    }
    Err(lowering.error(id, format!("the name or text passed to `{name}` must be a string literal")))
}

/// Returns the list a `pieces` argument names: a SCRATCH_LIST array.
fn list_argument(lowering: &mut FunctionLowering, id: InstId, name: &str, operand: &Operand) -> Result<ListId> {
    if let Operand::Const(Constant::Global(global)) = operand {
        if let GlobalPlace::List { name, items } = &lowering.module.module.globals[*global].place {
            let list = lowering.module.sprite.list_named(name);
            lowering.module.sprite.lists[list].items = items.iter().cloned().map(Value::Text).collect();
            return Ok(list);
        }
    }
    Err(lowering.error(id, format!("the pieces passed to `{name}` must be an array marked SCRATCH_LIST")))
}

pub fn call(lowering: &mut FunctionLowering, id: InstId, name: &str, args: &[Operand], out: &mut Vec<Stmt>) -> Result<()> {
    let Some(&(_, arity)) = BUILTINS.iter().find(|(builtin, _)| *builtin == name) else {
        return Err(lowering.error(
            id,
            format!(
                "call to unknown external function `{name}`; a Scratch program can call only its own \
                 functions, the scratch.h functions and those of scratchc's C library (listed in the README)"
            ),
        ));
    };
    if args.len() != arity {
        return Err(lowering.error(id, format!("`{name}` takes {arity} arguments, not {}", args.len())));
    }
    let runtime_line = lowering.module.runtime.line;
    let mut result = None;
    match name {
        "scratch_set_text" => {
            let variable = text_argument(lowering, id, name, &args[0])?;
            let text = text_argument(lowering, id, name, &args[1])?;
            let variable = lowering.module.sprite.variable_named(&variable);
            out.push(Stmt::SetVariable(variable, Expr::Text(text)));
        }
        "scratch_say" => {
            let variable = text_argument(lowering, id, name, &args[0])?;
            let variable = lowering.module.sprite.variable_named(&variable);
            out.push(Stmt::Say(Expr::Variable(variable)));
        }
        "scratch_list_clear" => {
            let list = text_argument(lowering, id, name, &args[0])?;
            out.push(Stmt::DeleteAllOfList(lowering.module.sprite.list_named(&list)));
        }
        "scratch_list_append" => {
            let list = text_argument(lowering, id, name, &args[0])?;
            let value = lowering.operand(&args[1])?;
            out.push(Stmt::AddToList(lowering.module.sprite.list_named(&list), value));
        }
        "scratch_list_length" => {
            let list = text_argument(lowering, id, name, &args[0])?;
            result = Some(Expr::LengthOfList(lowering.module.sprite.list_named(&list)));
        }
        "scratch_list_item" => {
            let list = text_argument(lowering, id, name, &args[0])?;
            let index = lowering.operand(&args[1])?;
            let list = lowering.module.sprite.list_named(&list);
            // `+ 0` turns an empty item (out of range) into the number 0.
            result = Some(Expr::arithmetic(Op::Add, Expr::ItemOfList(list, Box::new(index)), Expr::Number(0.0)));
        }
        "scratch_emit_piece" => emit_piece(lowering, id, args, out)?,
        "scratch_timer" => result = Some(Expr::Timer),
        "scratch_random" => {
            let (low, high) = (lowering.operand(&args[0])?, lowering.operand(&args[1])?);
            result = Some(Expr::Random(Box::new(low), Box::new(high)));
        }
        "scratch_print_str" => {
            let text = text_argument(lowering, id, name, &args[0])?;
            out.push(append_to_line(runtime_line, Expr::Text(text)));
        }
        "scratch_print_int" => {
            let value = lowering.operand(&args[0])?;
            out.push(append_to_line(runtime_line, value));
        }
        "scratch_print_uint" => {
            let value = integer::unsigned_view(lowering.operand(&args[0])?, 32);
            out.push(append_to_line(runtime_line, value));
        }
        "scratch_print_char" => {
            let code = integer::unsigned_view(lowering.operand(&args[0])?, 8);
            let characters = character_list(lowering);
            let character = Expr::ItemOfList(characters, Box::new(Expr::arithmetic(Op::Add, code, Expr::Number(1.0))));
            out.push(append_to_line(runtime_line, character));
        }
        "scratch_print_newline" => {
            let stdout = lowering.module.runtime.stdout;
            lowering.module.runtime.prints = true;
            out.push(Stmt::AddToList(stdout, Expr::Variable(runtime_line)));
            out.push(Stmt::SetVariable(runtime_line, Expr::Text(String::new())));
        }
        "scratch_exit" => {
            let status = lowering.operand(&args[0])?;
            out.push(Stmt::SetVariable(lowering.module.runtime.exit, status));
            out.push(Stmt::Stop(StopOption::All));
        }
        _ => unreachable!("every entry of BUILTINS has a lowering"),
    }
    if let Some(value) = result {
        let variable = lowering.value_variable(id);
        out.push(Stmt::SetVariable(variable, value));
    }
    Ok(())
}

/// Returns the list `!!chars`, whose item c + 1 is the character with code c
/// (Latin-1), creating it on first use: Scratch has no block that turns a
/// code into a character.
fn character_list(lowering: &mut FunctionLowering) -> ListId {
    let sprite = &mut lowering.module.sprite;
    let list = sprite.list_named("!!chars");
    if sprite.lists[list].items.is_empty() {
        sprite.lists[list].items = (0u8..=255).map(|code| Value::Text(char::from(code).to_string())).collect();
    }
    list
}

fn append_to_line(line: usize, value: Expr) -> Stmt {
    Stmt::SetVariable(line, Expr::Join(Box::new(Expr::Variable(line)), Box::new(value)))
}

/// `scratch_emit_piece(ids, pieces, text, token, strip_space)`:
///
/// ```text
/// add (token) to [ids]
/// set [piece] to (item (token + 1) of [pieces])
/// if <<not <(strip_space) = 0>> and <(letter 1 of (piece)) = " ">> then
///     !strip_first_letter
/// set [text] to (join (text) (piece))
/// ```
///
/// The caller calls `scratch_say` when it wants the bubble redrawn: in
/// TurboWarp a `say` of a long text takes about 2 ms, a third of a token's work.
fn emit_piece(lowering: &mut FunctionLowering, id: InstId, args: &[Operand], out: &mut Vec<Stmt>) -> Result<()> {
    let name = "scratch_emit_piece";
    let ids = text_argument(lowering, id, name, &args[0])?;
    let pieces = list_argument(lowering, id, name, &args[1])?;
    let text = text_argument(lowering, id, name, &args[2])?;
    let token = lowering.operand(&args[3])?;
    let strip_space = lowering.operand(&args[4])?;

    let sprite = &mut lowering.module.sprite;
    let ids = sprite.list_named(&ids);
    let text = sprite.variable_named(&text);
    let piece = sprite.variable_named("!piece");

    out.push(Stmt::AddToList(ids, token.clone()));
    let index = Expr::arithmetic(Op::Add, token, Expr::Number(1.0));
    out.push(Stmt::SetVariable(piece, Expr::ItemOfList(pieces, Box::new(index))));

    let first_letter = Expr::LetterOf(Box::new(Expr::Number(1.0)), Box::new(Expr::Variable(piece)));
    let starts_with_space = equals(first_letter, Expr::Text(" ".into()));
    let wants_strip = Expr::not(equals(strip_space, Expr::Number(0.0)));
    let strip = lowering.module.strip_first_letter_procedure(piece);
    out.push(Stmt::If(
        Expr::And(Box::new(wants_strip), Box::new(starts_with_space)),
        vec![Stmt::CallProcedure(strip, Vec::new())],
    ));
    let joined = Expr::Join(Box::new(Expr::Variable(text)), Box::new(Expr::Variable(piece)));
    out.push(Stmt::SetVariable(text, joined));
    Ok(())
}
