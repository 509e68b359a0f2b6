//! Calls between C functions: direct calls, calls through function
//! pointers, and the saving of locals around calls that can re-enter the
//! caller. Calls to scratch.h functions are in `builtins`.

use std::collections::HashSet;

use anyhow::Result;

use super::function::{equals, FunctionLowering};
use crate::ir::{function_address, Callee, InstId, Module, Operand, Type};
use crate::scratch::{Expr, Stmt, VariableId};

impl<'a, 'm> FunctionLowering<'a, 'm> {
    /// Lowers a call to a defined function, directly or through a pointer,
    /// and copies its result from `!ret`.
    pub fn call(&mut self, id: InstId, callee: &Callee, args: &[Operand], out: &mut Vec<Stmt>) -> Result<()> {
        let mut values = Vec::new();
        for arg in args {
            values.push(self.operand(arg)?);
        }
        match callee {
            Callee::Defined(callee) => {
                let call = self.call_statements(*callee, values);
                out.extend(call);
            }
            Callee::Indirect(target) => {
                let target = self.operand(target)?;
                // Compare the pointer with each function it may hold; a
                // call through any other value is undefined in C.
                let candidates = indirect_candidates(self.module.module, args.len());
                let mut chain = Vec::new();
                for &candidate in candidates.iter().rev() {
                    let test = equals(target.clone(), Expr::Number(function_address(candidate)));
                    let call = self.call_statements(candidate, values.clone());
                    chain = vec![if chain.is_empty() { Stmt::If(test, call) } else { Stmt::IfElse(test, call, chain) }];
                }
                out.extend(chain);
            }
            _ => return Err(self.error(id, "internal: not a call to a defined function")),
        }
        if self.function.instructions[id].ty != Type::Void {
            let variable = self.value_variable(id);
            out.push(Stmt::SetVariable(variable, Expr::Variable(self.module.runtime.ret)));
        }
        Ok(())
    }

    /// Returns the statements that call function `callee`: the call, and
    /// around it the saves and restores of this function's variables when the
    /// callee can lead back here.
    fn call_statements(&mut self, callee: usize, values: Vec<Expr>) -> Vec<Stmt> {
        let procedure = self.module.procedure_of[callee];
        let saved = match &self.recursion {
            Some((callees, saved)) if callees.contains(&callee) => saved.clone(),
            _ => Vec::new(),
        };
        if saved.is_empty() {
            return vec![Stmt::CallProcedure(procedure, values)];
        }
        let locals = self.module.locals_list();
        let mut out = Vec::new();
        for &variable in &saved {
            out.push(Stmt::AddToList(locals, Expr::Variable(variable)));
        }
        out.push(Stmt::CallProcedure(procedure, values));
        for &variable in saved.iter().rev() {
            let last = Expr::LengthOfList(locals);
            out.push(Stmt::SetVariable(variable, Expr::ItemOfList(locals, Box::new(last.clone()))));
            out.push(Stmt::DeleteOfList(locals, last));
        }
        out
    }

    /// Makes calls to `callees` save every variable this function has
    /// created so far on `!locals`, and restore them after the call, because
    /// another activation of this function may run inside the call.
    pub fn save_around_calls(&mut self, callees: HashSet<usize>) {
        let mut saved: Vec<VariableId> = self
            .values
            .values()
            .chain(self.loop_flags.values())
            .chain(self.loop_exit_choice.values())
            .chain(self.swap_variables.iter())
            .copied()
            .chain(self.frame.map(|(frame, _)| frame))
            .collect();
        saved.sort_unstable();
        saved.dedup();
        self.recursion = Some((callees, saved));
    }
}

/// Returns the functions an indirect call with `arity` arguments may reach:
/// those whose address is taken and that take that many parameters.
pub fn indirect_candidates(module: &Module, arity: usize) -> Vec<usize> {
    (0..module.functions.len())
        .filter(|&index| module.address_taken[index] && module.functions[index].params.len() == arity)
        .collect()
}
