//! RoPE rotation tables, computed as llama2.c's `forward` computes them.

/// Returns the cos and sin tables, each (seq_len, head_size / 2): entry
/// `[pos][i]` rotates the pair of dimensions (2i, 2i + 1) of every head at
/// position `pos` by `pos * 10000^(-2i / head_size)` radians. The arithmetic is
/// float32 throughout, like llama2.c's `powf`, `cosf` and `sinf`.
pub fn tables(seq_len: usize, head_size: usize) -> (Vec<f32>, Vec<f32>) {
    let pairs = head_size / 2;
    let mut cos = Vec::with_capacity(seq_len * pairs);
    let mut sin = Vec::with_capacity(seq_len * pairs);
    for pos in 0..seq_len {
        for pair in 0..pairs {
            let head_dim = (2 * pair) as f32;
            let frequency = 1.0f32 / 10000.0f32.powf(head_dim / head_size as f32);
            let angle = pos as f32 * frequency;
            cos.push(angle.cos());
            sin.push(angle.sin());
        }
    }
    (cos, sin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_zero_is_identity() {
        let (cos, sin) = tables(4, 8);
        assert_eq!(&cos[..4], &[1.0; 4]);
        assert_eq!(&sin[..4], &[0.0; 4]);
    }

    #[test]
    fn first_pair_turns_one_radian_per_position() {
        let (cos, sin) = tables(4, 8);
        assert_eq!(cos[3 * 4], 3.0f32.cos());
        assert_eq!(sin[3 * 4], 3.0f32.sin());
    }

    #[test]
    fn last_pair_uses_lowest_frequency() {
        let (_, sin) = tables(2, 8);
        let frequency = 1.0f32 / 10000.0f32.powf(6.0 / 8.0);
        assert_eq!(sin[4 + 3], frequency.sin());
    }

    #[test]
    fn tables_have_one_row_per_position() {
        let (cos, sin) = tables(32, 8);
        assert_eq!(cos.len(), 32 * 4);
        assert_eq!(sin.len(), 32 * 4);
    }
}
