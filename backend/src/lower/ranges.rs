//! Value ranges of integers, to drop wrapping code that cannot matter.
//!
//! Each integer instruction gets an interval [lo, hi] of its signed view,
//! computed in one pass over the blocks in reverse postorder, so every
//! operand except a loop-carried phi input is known when it is needed.
//! A loop-header phi is an interval only when it is an induction variable
//! whose loop test bounds it (see `induction_range`); other such phis get the
//! whole range of their type. An operation whose exact result interval fits
//! its type cannot wrap, so the lowering may skip the `mod 2^N`; and values
//! known to be non-negative need no unsigned view. A loop counter's step
//! needs no wrap either when the only value that could overflow is never
//! used (see `unused_overflow_steps`).

use std::collections::{HashMap, HashSet};

use crate::ir::{BinaryOp, BlockId, CastOp, Constant, Function, InstId, InstKind, IntPredicate, Operand, Type};

use super::cfg::Loops;
use super::counted::ordered_signed;
use super::function::operands;
use super::induction::latch_induction;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub lo: f64,
    pub hi: f64,
}

impl Range {
    pub fn of_type(bits: u32) -> Range {
        if bits == 1 {
            return Range { lo: 0.0, hi: 1.0 };
        }
        let half = ((bits - 1) as f64).exp2();
        Range { lo: -half, hi: half - 1.0 }
    }

    fn exact(value: f64) -> Range {
        Range { lo: value, hi: value }
    }

    fn union(self, other: Range) -> Range {
        Range { lo: self.lo.min(other.lo), hi: self.hi.max(other.hi) }
    }

    pub fn fits(self, bits: u32) -> bool {
        let full = Range::of_type(bits);
        self.lo >= full.lo && self.hi <= full.hi
    }

    pub fn is_non_negative(self) -> bool {
        self.lo >= 0.0
    }

    /// Returns the range itself when it fits the type, else the whole type.
    fn or_full(self, bits: u32) -> Range {
        if self.fits(bits) {
            self
        } else {
            Range::of_type(bits)
        }
    }
}

/// Ranges of a function's integer instructions, and the exact (unwrapped)
/// intervals of the operations that may overflow.
pub struct Ranges {
    values: HashMap<InstId, Range>,
    /// Exact result intervals of add, sub, mul and shl before any wrap.
    exact: HashMap<InstId, Range>,
    /// Loop counter steps whose overflowing result is never used.
    unused_overflow: HashSet<InstId>,
}

impl Ranges {
    pub fn of_operand(&self, function: &Function, operand: &Operand) -> Range {
        match operand {
            Operand::Const(Constant::Int { bits: 1, value }) => Range::exact((value & 1) as f64),
            Operand::Const(Constant::Int { value, .. }) => Range::exact(*value as f64),
            Operand::Const(_) => Range::of_type(32),
            Operand::Param(index) => Range::of_type(bits_of(function.params[*index].ty)),
            Operand::Inst(id) => self
                .values
                .get(id)
                .copied()
                .unwrap_or_else(|| Range::of_type(bits_of(function.instructions[*id].ty))),
        }
    }

    /// Returns whether the exact result of an add, sub, mul or shl fits its
    /// type, so that no wrap is needed.
    pub fn cannot_wrap(&self, id: InstId, bits: u32) -> bool {
        self.exact.get(&id).is_some_and(|range| range.fits(bits)) || self.unused_overflow.contains(&id)
    }
}

fn bits_of(ty: Type) -> u32 {
    match ty {
        Type::Int(bits) => bits,
        _ => 32,
    }
}

fn reverse_postorder(function: &Function) -> Vec<BlockId> {
    let mut order = Vec::new();
    let mut visited = vec![false; function.blocks.len()];
    let mut stack = vec![(0usize, 0usize)];
    visited[0] = true;
    while let Some((block, next)) = stack.pop() {
        let successors = function.successors(block);
        if next < successors.len() {
            stack.push((block, next + 1));
            let successor = successors[next];
            if !visited[successor] {
                visited[successor] = true;
                stack.push((successor, 0));
            }
        } else {
            order.push(block);
        }
    }
    order.reverse();
    order
}

pub fn analyze(function: &Function, loops: &Loops) -> Ranges {
    let mut ranges = Ranges {
        values: HashMap::new(),
        exact: HashMap::new(),
        unused_overflow: unused_overflow_steps(function, loops),
    };
    for block in reverse_postorder(function) {
        for &id in &function.blocks[block].instructions {
            let inst = &function.instructions[id];
            let Type::Int(bits) = inst.ty else { continue };
            if bits > 32 {
                continue;
            }
            let range = match &inst.kind {
                InstKind::Phi { incoming } => phi_range(function, loops, &ranges, id, incoming, bits),
                kind => instruction_range(function, &mut ranges, id, kind, bits),
            };
            ranges.values.insert(id, range);
        }
    }
    ranges
}

/// Finds the steps `%i.next = %i ± 1` of loops that go on while `%i` is not
/// the bound, tested before the step, where the header phi is the step's
/// only user. The step reaches the phi only when `%i` was not the bound, so
/// that value lies between the start and the bound and fits the type. Only
/// the last step, which the loop computes and drops, can overflow. Like
/// `induction_range`, this assumes that the loop reaches its bound without
/// counting through all 2^N values.
fn unused_overflow_steps(function: &Function, loops: &Loops) -> HashSet<InstId> {
    let mut users: HashMap<InstId, usize> = HashMap::new();
    for block in &function.blocks {
        for &id in &block.instructions {
            for operand in operands(&function.instructions[id].kind) {
                if let Operand::Inst(used) = operand {
                    *users.entry(*used).or_default() += 1;
                }
            }
        }
    }
    let mut steps = HashSet::new();
    for lp in 0..loops.loops.len() {
        let Some(induction) = latch_induction(function, loops, lp) else { continue };
        if induction.predicate != IntPredicate::Ne || !induction.tests_phi || induction.step.abs() != 1 {
            continue;
        }
        let InstKind::Phi { incoming } = &function.instructions[induction.phi].kind else { continue };
        let Some((Operand::Inst(next), _)) = incoming.iter().find(|(_, block)| *block == induction.latch) else {
            continue;
        };
        if users.get(next) == Some(&1) {
            steps.insert(*next);
        }
    }
    steps
}

fn phi_range(
    function: &Function,
    loops: &Loops,
    ranges: &Ranges,
    id: InstId,
    incoming: &[(Operand, BlockId)],
    bits: u32,
) -> Range {
    let block = function.instructions[id].block;
    if let Some(&lp) = loops.header_of.get(&block) {
        return induction_range(function, loops, ranges, lp, id, bits).unwrap_or_else(|| Range::of_type(bits));
    }
    let mut result: Option<Range> = None;
    for (value, _) in incoming {
        let range = ranges.of_operand(function, value);
        result = Some(result.map_or(range, |so_far| so_far.union(range)));
    }
    result.unwrap_or_else(|| Range::of_type(bits))
}

/// The range of a header phi that is the induction variable its loop test
/// bounds (see `induction`). The phi takes the start value and every value
/// that passed the test: counting up while below the bound, all lie in
/// [start, bound - 1], or [start, bound - 1 + step] when the test reads the
/// phi before the step; counting down mirrors that. With `ne` and a step of
/// ±1 the phi stays between start and bound.
fn induction_range(function: &Function, loops: &Loops, ranges: &Ranges, lp: usize, phi: InstId, bits: u32) -> Option<Range> {
    let induction = latch_induction(function, loops, lp)?;
    if induction.phi != phi {
        return None;
    }
    let start = ranges.of_operand(function, &induction.start);
    let bound = ranges.of_operand(function, &induction.bound);
    let predicate = ordered_signed(induction.predicate, start.is_non_negative() && bound.is_non_negative());
    let step = induction.step as f64;
    let overshoot = if induction.tests_phi { step } else { 0.0 };
    let range = match predicate {
        IntPredicate::Slt if step > 0.0 => Range { lo: start.lo, hi: start.hi.max(bound.hi - 1.0 + overshoot) },
        IntPredicate::Sgt if step < 0.0 => Range { lo: start.lo.min(bound.lo + 1.0 + overshoot), hi: start.hi },
        // NOTE: assumes the loop reaches its bound without counting through
        // all 2^32 values, as `counted` does.
        IntPredicate::Ne if step.abs() == 1.0 => Range { lo: start.lo.min(bound.lo), hi: start.hi.max(bound.hi) },
        _ => return None,
    };
    // The next value, phi + step, must not wrap either.
    let next = Range { lo: range.lo + step.min(0.0), hi: range.hi + step.max(0.0) };
    (range.fits(bits) && next.fits(bits)).then_some(range)
}

fn instruction_range(function: &Function, ranges: &mut Ranges, id: InstId, kind: &InstKind, bits: u32) -> Range {
    let full = Range::of_type(bits);
    let of = |ranges: &Ranges, operand: &Operand| ranges.of_operand(function, operand);
    match kind {
        InstKind::Binary { op, lhs, rhs, .. } => {
            let (a, b) = (of(ranges, lhs), of(ranges, rhs));
            let constant = match rhs {
                Operand::Const(Constant::Int { value, .. }) => Some(*value),
                _ => None,
            };
            let exact = match op {
                BinaryOp::Add => Some(Range { lo: a.lo + b.lo, hi: a.hi + b.hi }),
                BinaryOp::Sub => Some(Range { lo: a.lo - b.hi, hi: a.hi - b.lo }),
                BinaryOp::Mul => {
                    let products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
                    Some(Range {
                        lo: products.iter().copied().fold(f64::INFINITY, f64::min),
                        hi: products.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    })
                }
                BinaryOp::Shl => constant.filter(|k| (0..bits as i64).contains(k)).map(|k| {
                    let scale = (k as f64).exp2();
                    Range { lo: a.lo * scale, hi: a.hi * scale }
                }),
                _ => None,
            };
            if let Some(exact) = exact {
                ranges.exact.insert(id, exact);
                return exact.or_full(bits);
            }
            match (op, constant) {
                (BinaryOp::AShr, Some(k)) if (0..bits as i64).contains(&k) => {
                    let scale = (k as f64).exp2();
                    Range { lo: (a.lo / scale).floor(), hi: (a.hi / scale).floor() }
                }
                (BinaryOp::LShr, Some(k)) if (1..bits as i64).contains(&k) => {
                    let scale = (k as f64).exp2();
                    if a.is_non_negative() {
                        Range { lo: (a.lo / scale).floor(), hi: (a.hi / scale).floor() }
                    } else {
                        Range { lo: 0.0, hi: ((bits as i64 - k) as f64).exp2() - 1.0 }
                    }
                }
                (BinaryOp::And, Some(mask)) if mask >= 0 => {
                    let hi = if a.is_non_negative() { a.hi.min(mask as f64) } else { mask as f64 };
                    Range { lo: 0.0, hi }
                }
                (BinaryOp::SRem, Some(divisor)) if divisor != 0 => {
                    let limit = (divisor.unsigned_abs() - 1) as f64;
                    if a.is_non_negative() {
                        Range { lo: 0.0, hi: limit.min(a.hi) }
                    } else {
                        Range { lo: -limit, hi: limit }
                    }
                }
                (BinaryOp::URem, Some(divisor)) if divisor > 0 => Range { lo: 0.0, hi: (divisor - 1) as f64 },
                (BinaryOp::SDiv, Some(divisor)) if divisor > 0 => {
                    let divisor = divisor as f64;
                    Range { lo: (a.lo / divisor).floor().min(0.0), hi: (a.hi / divisor).ceil().max(0.0) }.or_full(bits)
                }
                _ => full,
            }
        }
        InstKind::Cast { op, value, from } => {
            let source = of(ranges, value);
            let from_bits = bits_of(*from);
            match op {
                CastOp::ZExt if from_bits == 1 => Range { lo: 0.0, hi: 1.0 },
                CastOp::ZExt if source.is_non_negative() => source,
                CastOp::ZExt => Range { lo: 0.0, hi: (from_bits as f64).exp2() - 1.0 },
                CastOp::SExt if from_bits == 1 => Range { lo: -1.0, hi: 0.0 },
                CastOp::SExt => source,
                CastOp::Trunc => source.or_full(bits),
                _ => full,
            }
        }
        InstKind::Select { if_true, if_false, .. } => of(ranges, if_true).union(of(ranges, if_false)),
        InstKind::Freeze(value) => of(ranges, value),
        InstKind::ICmp { .. } | InstKind::FCmp { .. } => Range { lo: 0.0, hi: 1.0 },
        _ => full,
    }
}
