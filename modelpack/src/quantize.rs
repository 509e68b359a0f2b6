//! Q8_0 quantization with groups of 4, packed four weights to a 32-bit cell,
//! and the per-row quantization of the paired layout.
//!
//! Each group of 4 consecutive weights along a row gets one float scale
//! `max|w| / 127` and the int8 values `round(w / scale)`, so every weight is
//! within `scale / 2` of `q * scale`. The four int8 of a group share one u32
//! cell, the group's first weight in the low byte, each as its two's
//! complement byte.

/// Weights per group, and per packed cell.
pub const GROUP_SIZE: usize = 4;

/// A quantized array: one packed cell and one scale per group of 4 weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantized {
    pub cells: Vec<u32>,
    pub scales: Vec<f32>,
}

/// Quantizes `weights`, whose length must be a multiple of `GROUP_SIZE`.
pub fn quantize(weights: &[f32]) -> Quantized {
    assert!(
        weights.len().is_multiple_of(GROUP_SIZE),
        "{} weights do not split into groups of {GROUP_SIZE}",
        weights.len()
    );
    let groups = weights.len() / GROUP_SIZE;
    let mut quantized = Quantized {
        cells: Vec::with_capacity(groups),
        scales: Vec::with_capacity(groups),
    };

    for group in weights.chunks_exact(GROUP_SIZE) {
        let max_abs = group.iter().fold(0.0f32, |max, w| max.max(w.abs()));
        let scale = max_abs / 127.0;
        let mut values = [0i8; GROUP_SIZE];
        if scale > 0.0 {
            for (value, &weight) in values.iter_mut().zip(group) {
                *value = (weight / scale).round().clamp(-127.0, 127.0) as i8;
            }
        }
        quantized.cells.push(pack(values));
        quantized.scales.push(scale);
    }
    quantized
}

/// Returns the weights that `quantized` stands for: `q * scale`.
pub fn dequantize(quantized: &Quantized) -> Vec<f32> {
    quantized
        .cells
        .iter()
        .zip(&quantized.scales)
        .flat_map(|(&cell, &scale)| unpack(cell).map(|q| q as f32 * scale))
        .collect()
}

/// Returns the packed cell of a group as the C image stores it: the weights as
/// signed base-256 digits, w0 + 256 w1 + 65536 w2 + 16777216 w3. Because
/// every digit is within ±127, round(cell / 256^k) is w_k + 256 w_(k+1) + ...,
/// so Scratch needs no byte unpacking (see llama2_scratch.c's matmul).
pub fn signed_digit_cell(cell: u32) -> i32 {
    unpack(cell)
        .iter()
        .rev()
        .fold(0i32, |value, &weight| value * 256 + weight as i32)
}

/// Packs four int8 into one cell, `values[0]` in the low byte.
pub fn pack(values: [i8; GROUP_SIZE]) -> u32 {
    u32::from_le_bytes(values.map(|value| value as u8))
}

/// Splits a cell into its four int8, low byte first.
pub fn unpack(cell: u32) -> [i8; GROUP_SIZE] {
    cell.to_le_bytes().map(|byte| byte as i8)
}

/// Largest magnitude of a weight in the paired layout: 10-bit signed integers.
pub const ROW_WEIGHT_MAX: i32 = 511;

/// A matrix quantized row by row: one scale per row, `max|w| / ROW_WEIGHT_MAX`,
/// and integer weights within `±ROW_WEIGHT_MAX`.
#[derive(Debug, Clone, PartialEq)]
pub struct RowQuantized {
    /// Weights per row.
    pub cols: usize,
    /// Row-major, `cols` to a row.
    pub weights: Vec<i32>,
    pub scales: Vec<f32>,
}

/// Quantizes `weights`, rows of `cols` each, with one scale per row.
pub fn quantize_rows(weights: &[f32], cols: usize) -> RowQuantized {
    assert!(
        cols > 0 && weights.len().is_multiple_of(cols),
        "{} weights do not split into rows of {cols}",
        weights.len()
    );
    let limit = ROW_WEIGHT_MAX as f32;
    let mut quantized = RowQuantized {
        cols,
        weights: Vec::with_capacity(weights.len()),
        scales: Vec::with_capacity(weights.len() / cols),
    };
    for row in weights.chunks_exact(cols) {
        let max_abs = row.iter().fold(0.0f32, |max, w| max.max(w.abs()));
        let scale = max_abs / limit;
        quantized.weights.extend(row.iter().map(|&weight| {
            if scale > 0.0 {
                (weight / scale).round().clamp(-limit, limit) as i32
            } else {
                0
            }
        }));
        quantized.scales.push(scale);
    }
    quantized
}

impl RowQuantized {
    /// Returns the weights that the matrix stands for: `q * scale`.
    pub fn dequantize(&self) -> Vec<f32> {
        self.weights
            .chunks_exact(self.cols)
            .zip(&self.scales)
            .flat_map(|(row, &scale)| row.iter().map(move |&q| q as f32 * scale))
            .collect()
    }

    /// Returns the largest sum of |weight| over one row. A row's dot product
    /// with integers within ±m is within ±m times this.
    pub fn largest_row_l1(&self) -> i64 {
        self.weights
            .chunks_exact(self.cols)
            .map(|row| row.iter().map(|&q| i64::from(q.abs())).sum())
            .max()
            .unwrap_or(0)
    }

    /// Returns the cells of the paired layout: rows 2p and 2p + 1 share the
    /// cells p * cols + j = w(2p, j) + lane_base * w(2p + 1, j). Every value
    /// is an integer below 2^53, so a double stores it exactly.
    pub fn paired_cells(&self, lane_base: i64) -> Vec<i64> {
        assert!(
            (self.weights.len() / self.cols).is_multiple_of(2),
            "an odd number of rows does not pair"
        );
        self.weights
            .chunks_exact(2 * self.cols)
            .flat_map(|pair| {
                let (low, high) = pair.split_at(self.cols);
                low.iter()
                    .zip(high)
                    .map(move |(&low, &high)| i64::from(low) + lane_base * i64::from(high))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_puts_first_weight_in_low_byte() {
        assert_eq!(pack([1, 2, 3, 4]), 0x0403_0201);
        assert_eq!(pack([-1, 0, 0, 0]), 0x0000_00ff);
        assert_eq!(pack([0, 0, 0, -127]), 0x8100_0000);
        assert_eq!(pack([127, -128, 0, -2]), 0xfe00_807f);
    }

    #[test]
    fn signed_digit_cell_reads_back_by_rounding() {
        for values in [[64, -127, 32, 0], [127, 127, 127, 127], [-127, -127, -127, -127], [1, -1, 1, -1]] {
            let cell = signed_digit_cell(pack(values)) as f64;
            let rounded = |k: i32| (cell / 256f64.powi(k) + 0.5).floor();
            let decoded: Vec<i8> = (0..4).map(|k| (rounded(k) - 256.0 * rounded(k + 1)) as i8).collect();
            assert_eq!(decoded, values);
        }
    }

    #[test]
    fn unpack_restores_signed_bytes() {
        for values in [[1, 2, 3, 4], [-1, -127, 127, 0], [-128, 127, -2, 5]] {
            assert_eq!(unpack(pack(values)), values);
        }
    }

    #[test]
    fn quantize_maps_group_maximum_to_127() {
        let quantized = quantize(&[0.5, -1.0, 0.25, 0.0]);
        assert_eq!(quantized.scales, vec![1.0 / 127.0]);
        assert_eq!(unpack(quantized.cells[0]), [64, -127, 32, 0]);
    }

    #[test]
    fn quantize_of_zero_group_is_zero() {
        let quantized = quantize(&[0.0; 4]);
        assert_eq!(quantized.cells, vec![0]);
        assert_eq!(quantized.scales, vec![0.0]);
    }

    #[test]
    fn quantize_keeps_groups_separate() {
        let quantized = quantize(&[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -100.0]);
        assert_eq!(quantized.scales, vec![1.0 / 127.0, 100.0 / 127.0]);
        assert_eq!(unpack(quantized.cells[0]), [127, 0, 0, 0]);
        assert_eq!(unpack(quantized.cells[1]), [0, 0, 0, -127]);
    }

    #[test]
    fn round_trip_error_within_half_a_step() {
        // A deterministic spread of magnitudes and signs (a linear congruential sequence).
        let mut state = 12345u32;
        let weights: Vec<f32> = (0..4096)
            .map(|i| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let unit = (state >> 8) as f32 / (1 << 24) as f32 - 0.5;
                unit * (1 + i % 7) as f32
            })
            .collect();

        let quantized = quantize(&weights);
        let restored = dequantize(&quantized);
        for (i, (&weight, &value)) in weights.iter().zip(&restored).enumerate() {
            let scale = quantized.scales[i / GROUP_SIZE];
            let bound = scale / 2.0 * (1.0 + 1e-5);
            assert!(
                (weight - value).abs() <= bound,
                "weight {i}: {weight} came back as {value}, more than half a step ({scale}) away"
            );
        }
    }

    #[test]
    fn quantize_rows_maps_row_maximum_to_511() {
        let quantized = quantize_rows(&[0.5, -1.0, 0.25, 0.0, 2.0, 0.0], 3);
        assert_eq!(quantized.scales, vec![1.0 / 511.0, 2.0 / 511.0]);
        assert_eq!(quantized.weights, vec![256, -511, 128, 0, 511, 0]);
        assert_eq!(quantized.largest_row_l1(), 895);
    }

    #[test]
    fn quantize_rows_of_zero_row_is_zero() {
        let quantized = quantize_rows(&[0.0; 4], 4);
        assert_eq!(quantized.weights, vec![0; 4]);
        assert_eq!(quantized.scales, vec![0.0]);
    }

    #[test]
    fn paired_cells_read_back_by_rounding() {
        let quantized = quantize_rows(&[1.0, -0.5, 0.25, -1.0, 0.125, 0.0], 3);
        let base = 1i64 << 27;
        let cells = quantized.paired_cells(base);
        assert_eq!(cells.len(), 3);
        for (j, &cell) in cells.iter().enumerate() {
            let high = (cell as f64 / base as f64).round() as i64;
            assert_eq!(high, i64::from(quantized.weights[3 + j]));
            assert_eq!(cell - high * base, i64::from(quantized.weights[j]));
        }
    }

    #[test]
    #[should_panic(expected = "groups of 4")]
    fn quantize_rejects_partial_group() {
        quantize(&[1.0, 2.0, 3.0]);
    }
}
