//! Rewrites that make a sprite faster in one runtime without changing what
//! it computes.
//!
//! TurboWarp compiles `a mod m` to JavaScript's `%` plus a sign fix, and V8
//! runs `%` on non-int32 doubles as a slow floating-point remainder. For a
//! power of two m, `a - floor(a / m) * m` is the same floored modulo and
//! exact for |a| < 2^53 (dividing and multiplying by a power of two only
//! changes the exponent), and TurboWarp runs it about 2.5 times faster in the
//! Q8_0 matvec kernel (measured in Chromium 156). scratch-vm runs one block
//! per operator, so there the rewrite is slower and is not applied.

use super::*;

/// Applies the TurboWarp rewrites to every script and custom block.
pub fn for_turbowarp(sprite: &mut Sprite) {
    for script in &mut sprite.scripts {
        rewrite_body(&mut script.body);
    }
    for procedure in &mut sprite.procedures {
        rewrite_body(&mut procedure.body);
    }
}

fn rewrite_body(body: &mut [Stmt]) {
    for stmt in body {
        match stmt {
            Stmt::SetVariable(_, value)
            | Stmt::ChangeVariable(_, value)
            | Stmt::AddToList(_, value)
            | Stmt::DeleteOfList(_, value)
            | Stmt::Say(value) => rewrite(value),
            Stmt::ReplaceItemOfList(_, index, value) => {
                rewrite(index);
                rewrite(value);
            }
            Stmt::If(condition, then_body) => {
                rewrite(condition);
                rewrite_body(then_body);
            }
            Stmt::IfElse(condition, then_body, else_body) => {
                rewrite(condition);
                rewrite_body(then_body);
                rewrite_body(else_body);
            }
            Stmt::RepeatUntil(condition, loop_body) | Stmt::Repeat(condition, loop_body) => {
                rewrite(condition);
                rewrite_body(loop_body);
            }
            Stmt::CallProcedure(_, args) => args.iter_mut().for_each(rewrite),
            Stmt::DeleteAllOfList(_) | Stmt::Stop(_) => {}
        }
    }
}

/// Counts the reporters in a tree, to keep duplicated operands small.
fn size(expr: &Expr) -> usize {
    1 + expr.children().into_iter().map(size).sum::<usize>()
}

/// Largest operand duplicated by the rewrite: `x + 128` is, a whole list
/// lookup is not, because it would then be evaluated twice.
const MAX_DUPLICATED_SIZE: usize = 3;

fn rewrite(expr: &mut Expr) {
    for child in expr.children_mut() {
        rewrite(child);
    }
    let Expr::Arithmetic(ArithmeticOp::Mod, a, b) = expr else { return };
    let power_of_two = matches!(**b, Expr::Number(m) if (2.0..=4294967296.0).contains(&m) && m.log2().fract() == 0.0);
    if power_of_two && size(a) <= MAX_DUPLICATED_SIZE {
        let dividend = (**a).clone();
        let modulus = (**b).clone();
        let quotient = Expr::math(MathFunction::Floor, Expr::arithmetic(ArithmeticOp::Divide, dividend.clone(), modulus.clone()));
        *expr = Expr::arithmetic(ArithmeticOp::Subtract, dividend, Expr::arithmetic(ArithmeticOp::Multiply, quotient, modulus));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn power_of_two_mod_becomes_floor() {
        let mut expr = Expr::arithmetic(ArithmeticOp::Mod, Expr::Variable(0), Expr::Number(256.0));
        rewrite(&mut expr);
        let quotient = Expr::math(MathFunction::Floor, Expr::arithmetic(ArithmeticOp::Divide, Expr::Variable(0), Expr::Number(256.0)));
        let expected = Expr::arithmetic(
            ArithmeticOp::Subtract,
            Expr::Variable(0),
            Expr::arithmetic(ArithmeticOp::Multiply, quotient, Expr::Number(256.0)),
        );
        assert_eq!(expr, expected);
    }

    #[test]
    fn other_mods_are_kept() {
        let mut by_ten = Expr::arithmetic(ArithmeticOp::Mod, Expr::Variable(0), Expr::Number(10.0));
        let original = by_ten.clone();
        rewrite(&mut by_ten);
        assert_eq!(by_ten, original);
        let big = Expr::ItemOfList(0, Box::new(Expr::arithmetic(ArithmeticOp::Add, Expr::Variable(1), Expr::Variable(2))));
        let mut of_lookup = Expr::arithmetic(ArithmeticOp::Mod, big, Expr::Number(256.0));
        let original = of_lookup.clone();
        rewrite(&mut of_lookup);
        assert_eq!(of_lookup, original);
    }
}
