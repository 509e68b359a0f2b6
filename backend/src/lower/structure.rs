//! Structured control flow: each natural loop becomes one `repeat until`,
//! each conditional branch one `if` or `if else`, and phis become moves on
//! the edges. No basic block becomes a procedure.
//!
//! Scratch has no `break`, so leaving a loop sets its `done` flag (and, when
//! the loop has several exit blocks, which one), and the rest of the body is
//! never reached because the exit sits in an `if` arm whose branch has no
//! join inside the loop. Code after an `if` is the arms' join, the branch's
//! immediate post-dominator in the loop's acyclic region; blocks reached by
//! both arms before the join are emitted in each arm.

use anyhow::Result;

use super::cfg::{self, Target};
use super::function::{equals, FunctionLowering};
use crate::ir::{BlockId, InstKind};
use crate::scratch::{ArithmeticOp, Expr, Stmt, StopOption};

impl<'a, 'm> FunctionLowering<'a, 'm> {
    /// Emits the function body from its entry block.
    pub fn body(&mut self) -> Result<Vec<Stmt>> {
        let mut out = Vec::new();
        if let Some((frame, cells)) = self.frame {
            let sp = self.module.runtime.sp;
            out.push(Stmt::SetVariable(frame, Expr::Variable(sp)));
            out.push(Stmt::ChangeVariable(sp, Expr::number(cells as f64)));
        }
        // Copy each struct passed by value into the frame, cell by cell.
        let stack = self.module.runtime.stack;
        let mut byval: Vec<(usize, i64)> = self.byval_offsets.iter().map(|(&index, &offset)| (index, offset)).collect();
        byval.sort_unstable();
        for (index, offset) in byval {
            let (frame, _) = self.frame.expect("a function with byval parameters has a frame");
            let source = Expr::Argument(self.function.params[index].name.clone());
            let cells = self.function.params[index].byval_cells.unwrap_or(0);
            for cell in 0..cells {
                let from = Expr::arithmetic(ArithmeticOp::Add, source.clone(), Expr::number(cell as f64));
                let to = Expr::arithmetic(ArithmeticOp::Add, Expr::Variable(frame), Expr::number((offset + cell) as f64));
                out.push(Stmt::ReplaceItemOfList(stack, to, Expr::ItemOfList(stack, Box::new(from))));
            }
        }
        self.sequence(0, None, None, &mut out)?;
        if out.last() == Some(&Stmt::Stop(StopOption::ThisScript)) {
            out.pop();
        }
        Ok(out)
    }

    /// Emits blocks from `block` on, in the region of loop `context`, until
    /// control reaches `stop` or leaves the region.
    fn sequence(&mut self, mut block: BlockId, stop: Option<BlockId>, context: Option<usize>, out: &mut Vec<Stmt>) -> Result<()> {
        loop {
            if Some(block) == stop {
                return Ok(());
            }
            if let Some(&lp) = self.loops.header_of.get(&block) {
                if Some(lp) != context {
                    match self.loop_statement(lp, stop, context, out)? {
                        Some(next) => {
                            block = next;
                            continue;
                        }
                        None => return Ok(()),
                    }
                }
            }

            self.straight_line(block, out)?;
            let terminator = self.function.blocks[block].terminator();
            match &self.function.instructions[terminator].kind {
                InstKind::Br(target) => match self.edge(block, *target, stop, context, out)? {
                    Some(next) => block = next,
                    None => return Ok(()),
                },
                InstKind::CondBr { .. } if self.counted_latches.contains(&block) => {
                    // `repeat` decides when to stop; only the back edge remains.
                    let header = self.loops.loops[context.expect("a latch is in its loop")].header;
                    self.phi_moves(block, header, out)?;
                    return Ok(());
                }
                InstKind::CondBr { if_true, if_false, .. } if if_true == if_false => {
                    match self.edge(block, *if_true, stop, context, out)? {
                        Some(next) => block = next,
                        None => return Ok(()),
                    }
                }
                InstKind::CondBr { condition, if_true, if_false } => {
                    let (if_true, if_false) = (*if_true, *if_false);
                    let condition = self.operand(condition)?;
                    let join = self.region(context).join(block);
                    let then_body = self.arm(block, if_true, join, context)?;
                    let else_body = self.arm(block, if_false, join, context)?;
                    out.push(branch(condition, then_body, else_body));
                    match join {
                        Some(next) => block = next,
                        None => return Ok(()),
                    }
                }
                InstKind::Ret(value) => {
                    if let Some(value) = value {
                        let value = self.operand(value)?;
                        out.push(Stmt::SetVariable(self.module.runtime.ret, value));
                    }
                    if let Some((frame, _)) = self.frame {
                        out.push(Stmt::SetVariable(self.module.runtime.sp, Expr::Variable(frame)));
                    }
                    out.push(Stmt::Stop(StopOption::ThisScript));
                    return Ok(());
                }
                InstKind::Unreachable => return Ok(()),
                _ => return Err(self.error(terminator, "internal: unexpected terminator")),
            }
        }
    }

    fn arm(&mut self, from: BlockId, to: BlockId, join: Option<BlockId>, context: Option<usize>) -> Result<Vec<Stmt>> {
        let mut body = Vec::new();
        if let Some(next) = self.edge(from, to, join, context, &mut body)? {
            self.sequence(next, join, context, &mut body)?;
        }
        Ok(body)
    }

    /// Follows the edge `from -> to`: phi moves, then the continuation. Returns
    /// the block to emit next, or `None` when this path ends here.
    fn edge(&mut self, from: BlockId, to: BlockId, stop: Option<BlockId>, context: Option<usize>, out: &mut Vec<Stmt>) -> Result<Option<BlockId>> {
        self.phi_moves(from, to, out)?;
        Ok(self.arrive(to, stop, context, out))
    }

    /// Emits what arriving at `to` means in the region of `context`: the
    /// next iteration, leaving the loop, the join, or a block to emit.
    fn arrive(&mut self, to: BlockId, stop: Option<BlockId>, context: Option<usize>, out: &mut Vec<Stmt>) -> Option<BlockId> {
        match cfg::classify(&self.loops, context, to) {
            Target::Continue => None,
            Target::Break => {
                let lp = context.expect("only a loop can be left");
                let exits = &self.loops.loops[lp].exits;
                if exits.len() > 1 {
                    let choice = exits.iter().position(|&exit| exit == to).expect("exit block of the loop");
                    let variable = self.loop_exit_choice(lp);
                    out.push(Stmt::SetVariable(variable, Expr::number(choice as f64)));
                }
                let flag = self.loop_flag(lp);
                out.push(Stmt::SetVariable(flag, Expr::number(1.0)));
                None
            }
            Target::Block(_) if Some(to) == stop => None,
            Target::Block(_) => Some(to),
            Target::Return => None,
        }
    }

    /// Emits loop `lp` as `repeat until <done = 1>`, then dispatches to the
    /// exit taken. Returns the block to emit next in the enclosing region.
    fn loop_statement(&mut self, lp: usize, stop: Option<BlockId>, context: Option<usize>, out: &mut Vec<Stmt>) -> Result<Option<BlockId>> {
        let header = self.loops.loops[lp].header;
        if let Some(counted) = self.counted_loop(lp) {
            self.counted_latches.insert(counted.latch);
            let mut body = Vec::new();
            self.sequence(header, None, Some(lp), &mut body)?;
            out.push(Stmt::Repeat(counted.trips, body));
            self.phi_moves(counted.latch, counted.exit, out)?;
            return Ok(self.arrive(counted.exit, stop, context, out));
        }

        let flag = self.loop_flag(lp);
        let mut body = Vec::new();
        self.sequence(header, None, Some(lp), &mut body)?;
        out.push(Stmt::SetVariable(flag, Expr::number(0.0)));
        out.push(Stmt::RepeatUntil(equals(Expr::Variable(flag), Expr::number(1.0)), body));

        let exits = self.loops.loops[lp].exits.clone();
        match exits.len() {
            0 => Ok(None),
            1 => Ok(self.arrive(exits[0], stop, context, out)),
            _ => {
                // Phi moves for the exits were made on the exit edges inside.
                let join = self.region(context).join(header);
                let choice = self.loop_exit_choice(lp);
                let mut arms = Vec::new();
                for &exit in &exits {
                    let mut arm = Vec::new();
                    if let Some(next) = self.arrive(exit, join, context, &mut arm) {
                        self.sequence(next, join, context, &mut arm)?;
                    }
                    arms.push(arm);
                }
                let mut chain = arms.pop().expect("at least two exits");
                for (index, arm) in arms.into_iter().enumerate().rev() {
                    let test = equals(Expr::Variable(choice), Expr::number(index as f64));
                    chain = vec![branch(test, arm, chain)];
                }
                out.extend(chain);
                Ok(join.filter(|&next| Some(next) != stop))
            }
        }
    }
}

/// `if`/`if else`, dropping empty arms.
fn branch(condition: Expr, then_body: Vec<Stmt>, else_body: Vec<Stmt>) -> Stmt {
    match (then_body.is_empty(), else_body.is_empty()) {
        (_, true) => Stmt::If(condition, then_body),
        (true, false) => Stmt::If(Expr::not(condition), else_body),
        (false, false) => Stmt::IfElse(condition, then_body, else_body),
    }
}
