//! The memory image as one JSON document, for tools outside C (the
//! JavaScript benchmark in tests/vm/bench/ reads it).
//!
//! The document has the keys `config` (dimensions, `seq_len`, `gen_steps`,
//! `bos`, `eos`, `group_size`, `weights`), `checkpoint_sha256`, `matrices`,
//! `norms`, `rope_cos`, `rope_sin`, `prompt_tokens` and `vocab`. Each
//! matrix's `shape` is the text of the C comments, such as
//! `"(layer, dim, dim)"`.
//!
//! For the Q8_0 layouts `config.weights` is `"q8_0"`, and each matrix is
//! `{shape, cells, scales}`: the same weights and scales as model_image.h,
//! each cell the group's four int8 as two's complement bytes of a u32, the
//! first weight in the low byte. (The packed model_image.h writes the same
//! four as signed base-256 digits.)
//!
//! For the paired layout `config.weights` is `"paired"`, `config` also has
//! `lane_base`, `activation_max_dim` and `activation_max_hidden`, and
//! `group_size` does not apply. Each matrix is `{shape, cols, weights,
//! scales}`: the integer weights row by row, unpaired, and one scale per
//! row.
//!
//! Each vocabulary piece is an array of byte values, because byte-fallback
//! pieces are not UTF-8.

use std::fmt::Write as _;

use anyhow::{bail, Result};

use crate::image::{c_float, MatrixWeights, ModelImage, ACTIVATION_MAX_DIM, ACTIVATION_MAX_HIDDEN};
use crate::quantize::GROUP_SIZE;
use crate::tokenizer::{BOS, EOS};

impl ModelImage {
    /// Renders the image as JSON. Floats are written as the shortest decimal
    /// that reads back to the same f32.
    pub fn json(&self) -> Result<String> {
        let c = &self.config;
        let mut out = String::from("{\n\"config\": {");
        let fields = [
            ("dim", c.dim),
            ("hidden_dim", c.hidden_dim),
            ("n_layers", c.n_layers),
            ("n_heads", c.n_heads),
            ("n_kv_heads", c.n_kv_heads),
            ("head_size", c.head_size()),
            ("kv_dim", c.kv_dim()),
            ("vocab_size", c.vocab_size),
            ("seq_len", self.seq_len),
            ("gen_steps", self.gen_steps),
            ("bos", BOS as usize),
            ("eos", EOS as usize),
            ("group_size", GROUP_SIZE),
        ];
        let fields: Vec<String> = fields
            .iter()
            .map(|(name, value)| format!("\"{name}\": {value}"))
            .collect();
        out.push_str(&fields.join(", "));
        match self.lanes {
            None => out.push_str(", \"weights\": \"q8_0\""),
            Some(lanes) => write!(
                out,
                ", \"weights\": \"paired\", \"lane_base\": {}, \"activation_max_dim\": {ACTIVATION_MAX_DIM}, \
                 \"activation_max_hidden\": {ACTIVATION_MAX_HIDDEN}",
                lanes.base
            )
            .unwrap(),
        }
        writeln!(
            out,
            "}},\n\"checkpoint_sha256\": \"{}\",",
            self.checkpoint_sha256
        )
        .unwrap();

        out.push_str("\"matrices\": {\n");
        for (index, matrix) in self.matrices.iter().enumerate() {
            let weights = match &matrix.quantized {
                MatrixWeights::Groups(groups) => {
                    let cells: Vec<String> = groups.cells.iter().map(u32::to_string).collect();
                    format!("\"cells\": [{}]", cells.join(","))
                }
                MatrixWeights::Rows(rows) => {
                    let weights: Vec<String> = rows.weights.iter().map(i32::to_string).collect();
                    format!("\"cols\": {},\n\"weights\": [{}]", rows.cols, weights.join(","))
                }
            };
            write!(
                out,
                "\"{}\": {{\"shape\": \"{}\",\n{weights},\n\"scales\": {}}}",
                matrix.name,
                matrix.shape,
                float_array(matrix.quantized.scales())?
            )
            .unwrap();
            out.push_str(if index + 1 < self.matrices.len() {
                ",\n"
            } else {
                "\n"
            });
        }

        out.push_str("},\n\"norms\": {\n");
        for (index, (name, _, values)) in self.norms.iter().enumerate() {
            write!(out, "\"{name}\": {}", float_array(values)?).unwrap();
            out.push_str(if index + 1 < self.norms.len() {
                ",\n"
            } else {
                "\n"
            });
        }

        writeln!(out, "}},\n\"rope_cos\": {},", float_array(&self.rope_cos)?).unwrap();
        writeln!(out, "\"rope_sin\": {},", float_array(&self.rope_sin)?).unwrap();
        let prompt: Vec<String> = self.prompt_tokens.iter().map(u32::to_string).collect();
        writeln!(out, "\"prompt_tokens\": [{}],", prompt.join(",")).unwrap();
        let pieces: Vec<String> = self
            .vocab
            .iter()
            .map(|piece| {
                let bytes: Vec<String> = piece.iter().map(u8::to_string).collect();
                format!("[{}]", bytes.join(","))
            })
            .collect();
        writeln!(out, "\"vocab\": [{}]\n}}", pieces.join(",")).unwrap();
        Ok(out)
    }
}

/// Writes finite floats as a JSON array. Each item is the C literal without
/// its `f` suffix (for example `1.5e-2`), which is valid JSON.
fn float_array(values: &[f32]) -> Result<String> {
    let mut items = Vec::with_capacity(values.len());
    for &value in values {
        if !value.is_finite() {
            bail!("cannot write {value} as a JSON number");
        }
        items.push(c_float(value).trim_end_matches('f').to_string());
    }
    Ok(format!("[{}]", items.join(",")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_array_reads_back_exactly() {
        let values = [0.1f32, -1.0, 1.0 / 127.0, 3.4e38, 1e-40, 0.0];
        let text = float_array(&values).unwrap();
        let body = text.strip_prefix('[').unwrap().strip_suffix(']').unwrap();
        let parsed: Vec<f32> = body.split(',').map(|item| item.parse().unwrap()).collect();
        assert_eq!(parsed.len(), values.len());
        for (value, read) in values.iter().zip(parsed) {
            assert_eq!(read.to_bits(), value.to_bits(), "{text}");
        }
    }

    #[test]
    fn float_array_rejects_infinity() {
        assert!(float_array(&[1.0, f32::INFINITY]).is_err());
    }
}
