//! The memory image: the quantized model laid out as C arrays, written as
//! `generated_layout.h` (shapes and sizes) and `model_image.h` (initializers).

use std::fmt::Write as _;

use anyhow::{ensure, Result};

use crate::checkpoint::{Checkpoint, Config};
use crate::quantize::{self, Quantized, GROUP_SIZE};
use crate::rope;
use crate::tokenizer::{Tokenizer, BOS, EOS};

/// The text that `ui_prompt_preset` 1 forces at the start of a story.
pub const PROMPT_PRESET_TEXT: &str = "Once upon a time,";

/// One quantized weight matrix (all layers stacked), emitted as
/// `{name}_cells` and `{name}_scales`.
pub struct Matrix {
    pub name: &'static str,
    /// Shape in the notation of the C kernels' comments, e.g. `(layer, dim, dim)`.
    pub shape: &'static str,
    pub quantized: Quantized,
    /// Largest |w - q * scale| over the matrix.
    pub max_error: f32,
}

/// The placement of a matrix's int8 weights in 32-bit cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WeightLayout {
    /// Four int8 per cell, as signed base-256 digits with the group's first
    /// weight lowest: a quarter of the list items, but Scratch spends blocks
    /// to separate them.
    Packed,
    /// One int8 per cell: four times the list items, read with no unpacking.
    Unpacked,
}

impl WeightLayout {
    /// Weights per 32-bit cell.
    pub fn weights_per_cell(self) -> usize {
        match self {
            WeightLayout::Packed => GROUP_SIZE,
            WeightLayout::Unpacked => 1,
        }
    }
}

/// Everything that goes into the two headers.
pub struct ModelImage {
    pub config: Config,
    pub weights: WeightLayout,
    pub seq_len: usize,
    pub gen_steps: usize,
    pub checkpoint_sha256: String,
    pub matrices: Vec<Matrix>,
    /// RMSNorm weights, kept as float: (name, shape, values).
    pub norms: Vec<(&'static str, &'static str, Vec<f32>)>,
    pub rope_cos: Vec<f32>,
    pub rope_sin: Vec<f32>,
    /// Token pieces as the generated text shows them (byte-fallback pieces decoded).
    pub vocab: Vec<Vec<u8>>,
    pub prompt_tokens: Vec<u32>,
}

/// Quantizes the checkpoint and collects the tables for a context of `seq_len`.
pub fn build(
    checkpoint: &Checkpoint,
    tokenizer: &Tokenizer,
    checkpoint_sha256: &str,
    seq_len: usize,
    gen_steps: usize,
    weights: WeightLayout,
) -> Result<ModelImage> {
    let config = checkpoint.config;
    ensure!(
        checkpoint.classifier.is_none(),
        "the checkpoint has its own classifier; llama2_scratch.c only supports one shared with the token embedding"
    );
    ensure!(
        (1..=config.seq_len).contains(&seq_len),
        "invalid sequence length {seq_len}: the model was trained for 1 to {}",
        config.seq_len
    );
    ensure!(
        (1..=seq_len).contains(&gen_steps),
        "invalid default step count {gen_steps}: it must be between 1 and the sequence length {seq_len}"
    );
    ensure!(
        config.dim.is_multiple_of(GROUP_SIZE) && config.hidden_dim.is_multiple_of(GROUP_SIZE),
        "dim {} and hidden_dim {} must be multiples of the group size {GROUP_SIZE}, so that groups never cross rows",
        config.dim,
        config.hidden_dim
    );

    let matrix = |name, shape, weights: &[f32]| {
        let quantized = quantize::quantize(weights);
        let restored = quantize::dequantize(&quantized);
        let max_error = weights
            .iter()
            .zip(&restored)
            .fold(0.0f32, |max, (w, r)| max.max((w - r).abs()));
        Matrix {
            name,
            shape,
            quantized,
            max_error,
        }
    };
    let matrices = vec![
        matrix(
            "token_embedding",
            "(vocab, dim)",
            &checkpoint.token_embedding,
        ),
        matrix("wq", "(layer, dim, dim)", &checkpoint.wq),
        matrix("wk", "(layer, kv_dim, dim)", &checkpoint.wk),
        matrix("wv", "(layer, kv_dim, dim)", &checkpoint.wv),
        matrix("wo", "(layer, dim, dim)", &checkpoint.wo),
        matrix("w1", "(layer, hidden_dim, dim)", &checkpoint.w1),
        matrix("w2", "(layer, dim, hidden_dim)", &checkpoint.w2),
        matrix("w3", "(layer, hidden_dim, dim)", &checkpoint.w3),
    ];
    let norms = vec![
        ("rms_att_weight", "(layer, dim)", checkpoint.rms_att.clone()),
        ("rms_ffn_weight", "(layer, dim)", checkpoint.rms_ffn.clone()),
        ("rms_final_weight", "(dim,)", checkpoint.rms_final.clone()),
    ];
    let (rope_cos, rope_sin) = rope::tables(seq_len, config.head_size());
    let vocab = (0..config.vocab_size as u32)
        .map(|id| tokenizer.decoded_piece(id))
        .collect();

    let prompt_tokens = tokenizer.encode(PROMPT_PRESET_TEXT, true);
    ensure!(
        prompt_tokens.len() <= seq_len,
        "the preset prompt {PROMPT_PRESET_TEXT:?} takes {} tokens, more than the sequence length {seq_len}",
        prompt_tokens.len()
    );

    Ok(ModelImage {
        config,
        weights,
        seq_len,
        gen_steps,
        checkpoint_sha256: checkpoint_sha256.to_string(),
        matrices,
        norms,
        rope_cos,
        rope_sin,
        vocab,
        prompt_tokens,
    })
}

impl ModelImage {
    /// Renders `generated_layout.h`: dimensions, build knobs and array sizes.
    pub fn layout_header(&self) -> String {
        let c = &self.config;
        let mut out = String::new();
        out.push_str(&self.banner(
            "generated_layout.h",
            "Shapes and sizes of the model image in model_image.h.",
        ));
        out.push_str("#ifndef GENERATED_LAYOUT_H\n#define GENERATED_LAYOUT_H\n\n");

        out.push_str("/* Model dimensions, from the checkpoint header. */\n");
        for (name, value) in [
            ("DIM", c.dim),
            ("HIDDEN_DIM", c.hidden_dim),
            ("N_LAYERS", c.n_layers),
            ("N_HEADS", c.n_heads),
            ("N_KV_HEADS", c.n_kv_heads),
            ("HEAD_SIZE", c.head_size()),
            ("KV_DIM", c.kv_dim()),
            ("VOCAB_SIZE", c.vocab_size),
        ] {
            writeln!(out, "#define {name} {value}").unwrap();
        }
        writeln!(out, "#define BOS_TOKEN {BOS}\n#define EOS_TOKEN {EOS}").unwrap();

        out.push_str("\n/* Context length the RoPE tables and the KV cache are sized for. */\n");
        writeln!(out, "#define SEQ_LEN {}", self.seq_len).unwrap();
        out.push_str("/* Default number of tokens to generate; override with -DGEN_STEPS=N. */\n");
        writeln!(
            out,
            "#ifndef GEN_STEPS\n#define GEN_STEPS {}\n#endif",
            self.gen_steps
        )
        .unwrap();
        out.push_str("#if GEN_STEPS < 1 || GEN_STEPS > SEQ_LEN\n#error \"GEN_STEPS must be between 1 and SEQ_LEN\"\n#endif\n");

        let per_cell = self.weights.weights_per_cell();
        let description = match self.weights {
            WeightLayout::Packed => "one packed\n * cell w0 + 256 w1 + 65536 w2 + 16777216 w3 (four int8 as signed base-256 digits)",
            WeightLayout::Unpacked => "four cells\n * (one int8 each)",
        };
        writeln!(
            out,
            "\n/* Q8_0 weights: each group of {GROUP_SIZE} consecutive weights along a row is {description}\n \
             * and one float scale. NAME_CELLS counts the cells of the weights, NAME_GROUPS the scales. */"
        )
        .unwrap();
        writeln!(out, "#define Q8_GROUP_SIZE {GROUP_SIZE}").unwrap();
        writeln!(out, "#define Q8_WEIGHTS_PER_CELL {per_cell}").unwrap();
        for matrix in &self.matrices {
            let upper = matrix.name.to_uppercase();
            let groups = matrix.quantized.cells.len();
            writeln!(
                out,
                "#define {upper}_CELLS {} /* {} */",
                groups * GROUP_SIZE / per_cell,
                matrix.shape
            )
            .unwrap();
            writeln!(out, "#define {upper}_GROUPS {groups}").unwrap();
        }

        out.push_str("\n/* Float arrays. */\n");
        for (name, shape, values) in &self.norms {
            writeln!(
                out,
                "#define {}_SIZE {} /* {shape} */",
                name.to_uppercase(),
                values.len()
            )
            .unwrap();
        }
        writeln!(
            out,
            "#define ROPE_TABLE_SIZE {} /* (SEQ_LEN, HEAD_SIZE / 2) */",
            self.rope_cos.len()
        )
        .unwrap();

        writeln!(
            out,
            "\n/* Token ids of \"{PROMPT_PRESET_TEXT}\", BOS first, as llama2.c encodes it. */"
        )
        .unwrap();
        writeln!(
            out,
            "#define PROMPT_PRESET_LENGTH {}",
            self.prompt_tokens.len()
        )
        .unwrap();

        out.push_str("\n#endif /* GENERATED_LAYOUT_H */\n");
        out
    }

    /// Renders `model_image.h`: the initializers of every array.
    pub fn model_header(&self) -> Result<String> {
        let mut out = String::new();
        out.push_str(&self.banner(
            "model_image.h",
            "The quantized model as C initializers. Include it once, after scratch.h.",
        ));
        out.push_str("#ifndef MODEL_IMAGE_H\n#define MODEL_IMAGE_H\n\n");
        out.push_str("#include \"generated_layout.h\"\n#include \"scratch.h\"\n");

        for matrix in &self.matrices {
            let upper = matrix.name.to_uppercase();
            writeln!(out, "\n/* {} {} */", matrix.name, matrix.shape).unwrap();
            match self.weights {
                WeightLayout::Packed => {
                    writeln!(
                        out,
                        "static const int {}_cells[{upper}_CELLS] = {{",
                        matrix.name
                    )
                    .unwrap();
                    write_rows(&mut out, &matrix.quantized.cells, 8, |&cell| {
                        quantize::signed_digit_cell(cell).to_string()
                    });
                }
                WeightLayout::Unpacked => {
                    writeln!(
                        out,
                        "static const int {}_cells[{upper}_CELLS] = {{",
                        matrix.name
                    )
                    .unwrap();
                    let weights: Vec<i8> = matrix
                        .quantized
                        .cells
                        .iter()
                        .flat_map(|&cell| quantize::unpack(cell))
                        .collect();
                    write_rows(&mut out, &weights, 16, i8::to_string);
                }
            }
            writeln!(
                out,
                "static const float {}_scales[{upper}_GROUPS] = {{",
                matrix.name
            )
            .unwrap();
            write_float_rows(&mut out, &matrix.quantized.scales)?;
        }

        for (name, shape, values) in &self.norms {
            writeln!(out, "\n/* {name} {shape} */").unwrap();
            writeln!(
                out,
                "static const float {name}[{}_SIZE] = {{",
                name.to_uppercase()
            )
            .unwrap();
            write_float_rows(&mut out, values)?;
        }

        out.push_str("\n/* RoPE rotation of dimension pair i at position pos: entry [pos * HEAD_SIZE / 2 + i]. */\n");
        out.push_str("static const float rope_cos[ROPE_TABLE_SIZE] = {\n");
        write_float_rows(&mut out, &self.rope_cos)?;
        out.push_str("static const float rope_sin[ROPE_TABLE_SIZE] = {\n");
        write_float_rows(&mut out, &self.rope_sin)?;

        writeln!(out, "\n/* \"{PROMPT_PRESET_TEXT}\" */").unwrap();
        out.push_str("static const int prompt_preset_tokens[PROMPT_PRESET_LENGTH] = {\n");
        write_rows(&mut out, &self.prompt_tokens, 16, |id| id.to_string());

        out.push_str(
            "\n/* Token pieces as they appear in generated text: a byte-fallback piece <0xNN>\n",
        );
        out.push_str(" * is the byte it names. */\n");
        out.push_str(
            "SCRATCH_LIST(\"!!vocab\") static const char *const vocab_pieces[VOCAB_SIZE] = {\n",
        );
        for (id, piece) in self.vocab.iter().enumerate() {
            writeln!(out, "    /* {id} */ \"{}\",", c_string_body(piece)).unwrap();
        }
        out.push_str("};\n");

        out.push_str("\n#endif /* MODEL_IMAGE_H */\n");
        Ok(out)
    }

    fn banner(&self, file_name: &str, summary: &str) -> String {
        format!(
            "/* {file_name}: written by scratchc-modelpack, do not edit.\n * {summary}\n * Checkpoint SHA-256 {}.\n */\n",
            self.checkpoint_sha256
        )
    }
}

/// Writes `values` as initializer rows of `per_row` items and closes the brace.
fn write_rows<T>(out: &mut String, values: &[T], per_row: usize, format: impl Fn(&T) -> String) {
    for row in values.chunks(per_row) {
        let items: Vec<String> = row.iter().map(&format).collect();
        writeln!(out, "    {},", items.join(", ")).unwrap();
    }
    out.push_str("};\n");
}

fn write_float_rows(out: &mut String, values: &[f32]) -> Result<()> {
    if let Some(bad) = values.iter().find(|value| !value.is_finite()) {
        anyhow::bail!("cannot write {bad} as a C float constant");
    }
    write_rows(out, values, 8, |&value| c_float(value));
    Ok(())
}

/// Formats a finite float as the shortest C literal that reads back to the same float.
pub fn c_float(value: f32) -> String {
    format!("{value:e}f")
}

/// Escapes bytes for use between the quotes of a C string literal. Printable
/// ASCII stays as it is except `\`, `"` and `?`, because `??` could start a
/// trigraph. Every other byte becomes a three-digit octal escape, which cannot
/// swallow a following digit the way a hex escape can.
pub fn c_string_body(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &byte in bytes {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            b'?' => out.push_str("\\?"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x20..=0x7e => out.push(byte as char),
            _ => write!(out, "\\{byte:03o}").unwrap(),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_string_body_escapes_specials() {
        assert_eq!(c_string_body(b"a\"b\\c"), "a\\\"b\\\\c");
        assert_eq!(c_string_body(b"??="), "\\?\\?=");
        assert_eq!(c_string_body(b"\n<s>\n"), "\\n<s>\\n");
    }

    #[test]
    fn c_string_body_writes_other_bytes_in_octal() {
        assert_eq!(c_string_body(&[0x00]), "\\000");
        assert_eq!(c_string_body(&[0xe2, b'1']), "\\3421");
        assert_eq!(c_string_body(&[0x7f]), "\\177");
    }

    #[test]
    fn c_float_reads_back_exactly() {
        for value in [0.1f32, -1.0, 1.0 / 127.0, 3.4e38, 1e-40, 0.0] {
            let literal = c_float(value);
            let parsed: f32 = literal.trim_end_matches('f').parse().unwrap();
            assert_eq!(parsed.to_bits(), value.to_bits(), "{literal}");
        }
    }
}
