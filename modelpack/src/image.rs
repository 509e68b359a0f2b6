//! The memory image: the quantized model laid out as C arrays, written as
//! `generated_layout.h` (shapes and sizes) and `model_image.h` (initializers).

use std::fmt::Write as _;

use anyhow::{ensure, Result};

use crate::checkpoint::{Checkpoint, Config};
use crate::quantize::{self, Quantized, RowQuantized, GROUP_SIZE, ROW_WEIGHT_MAX};
use crate::rope;
use crate::tokenizer::{Tokenizer, BOS, EOS};

/// The text that `ui_prompt_preset` 1 forces at the start of a story.
pub const PROMPT_PRESET_TEXT: &str = "Once upon a time,";

/// In the paired layout, the input of a matrix product becomes integers within
/// ±ACTIVATION_MAX_DIM when it has `dim` elements, and within
/// ±ACTIVATION_MAX_HIDDEN when it has `hidden_dim`. Twelve and eleven bits
/// keep stories260K's 256-step greedy story equal to float activations, and
/// keep every product sum exact in a double (see `Lanes`).
pub const ACTIVATION_MAX_DIM: i64 = 2047;
pub const ACTIVATION_MAX_HIDDEN: i64 = 1023;

/// One quantized weight matrix (all layers stacked), emitted as
/// `{name}_cells` and `{name}_scales`.
pub struct Matrix {
    pub name: &'static str,
    /// Shape in the notation of the C kernels' comments, e.g. `(layer, dim, dim)`.
    pub shape: &'static str,
    pub quantized: MatrixWeights,
    /// Largest |w - q * scale| over the matrix.
    pub max_error: f32,
}

/// A matrix's quantized weights.
pub enum MatrixWeights {
    /// Q8_0: groups of 4 along a row, one scale per group.
    Groups(Quantized),
    /// One scale per row (the paired layout).
    Rows(RowQuantized),
}

impl MatrixWeights {
    pub fn scales(&self) -> &[f32] {
        match self {
            MatrixWeights::Groups(quantized) => &quantized.scales,
            MatrixWeights::Rows(quantized) => &quantized.scales,
        }
    }

    /// Returns the number of weights.
    pub fn len(&self) -> usize {
        match self {
            MatrixWeights::Groups(quantized) => quantized.cells.len() * GROUP_SIZE,
            MatrixWeights::Rows(quantized) => quantized.weights.len(),
        }
    }
}

/// The sharing of a cell between two rows in the paired layout: the cell is
/// `w(2p, j) + base * w(2p + 1, j)`, and the product sum of the two rows
/// with an integer input is `low + base * high`. Every row's sum is within
/// ±`bound`. Because `bound * (base + 1) < 2^53`, the double sum is exact,
/// and because `base > 2 * bound`, rounding it divided by `base` gives `high`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lanes {
    pub base: i64,
    pub bound: i64,
}

/// The placement of a matrix's weights in Scratch's memory cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WeightLayout {
    /// Four int8 per cell, as signed base-256 digits with the group's first
    /// weight lowest: a quarter of the list items, but Scratch spends blocks
    /// to separate them.
    Packed,
    /// One int8 per cell: four times the list items, read with no unpacking.
    Unpacked,
    /// Not Q8_0, but faster in both runtimes. Each row is quantized to
    /// integers within ±511 with one scale, and two rows share a double cell
    /// `w(2p, j) + base * w(2p + 1, j)`, where base is a power of two (2^27
    /// for stories260K). The input of each product is made integers first,
    /// so one multiply-add serves two rows.
    Paired,
}

impl WeightLayout {
    /// Weights per cell: a 32-bit cell of Q8_0, or a double of the paired
    /// layout, which takes two items of Scratch's memory list.
    pub fn weights_per_cell(self) -> usize {
        match self {
            WeightLayout::Packed => GROUP_SIZE,
            WeightLayout::Unpacked => 1,
            WeightLayout::Paired => 2,
        }
    }
}

/// Everything that goes into the two headers.
pub struct ModelImage {
    pub config: Config,
    pub weights: WeightLayout,
    /// Set for the paired layout.
    pub lanes: Option<Lanes>,
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

    let paired = weights == WeightLayout::Paired;
    if paired {
        ensure!(
            [config.dim, config.kv_dim(), config.hidden_dim, config.vocab_size]
                .iter()
                .all(|rows| rows.is_multiple_of(2)),
            "--weights paired needs an even number of rows in every matrix, so that no pair of rows crosses a layer"
        );
    }
    let matrix = |name, shape, weights: &[f32], cols: usize| {
        let (quantized, restored) = if paired {
            let rows = quantize::quantize_rows(weights, cols);
            let restored = rows.dequantize();
            (MatrixWeights::Rows(rows), restored)
        } else {
            let groups = quantize::quantize(weights);
            let restored = quantize::dequantize(&groups);
            (MatrixWeights::Groups(groups), restored)
        };
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
            config.dim,
        ),
        matrix("wq", "(layer, dim, dim)", &checkpoint.wq, config.dim),
        matrix("wk", "(layer, kv_dim, dim)", &checkpoint.wk, config.dim),
        matrix("wv", "(layer, kv_dim, dim)", &checkpoint.wv, config.dim),
        matrix("wo", "(layer, dim, dim)", &checkpoint.wo, config.dim),
        matrix("w1", "(layer, hidden_dim, dim)", &checkpoint.w1, config.dim),
        matrix("w2", "(layer, dim, hidden_dim)", &checkpoint.w2, config.hidden_dim),
        matrix("w3", "(layer, hidden_dim, dim)", &checkpoint.w3, config.dim),
    ];
    let lanes = if paired { Some(lanes(&matrices, &config)?) } else { None };
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
        lanes,
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

/// Returns the paired layout's input bound for a matrix with `cols` columns.
pub fn activation_max(config: &Config, cols: usize) -> i64 {
    if cols == config.hidden_dim {
        ACTIVATION_MAX_HIDDEN
    } else {
        ACTIVATION_MAX_DIM
    }
}

/// Picks the paired layout's lane base: the smallest power of two above twice
/// the largest row sum any input can give, checked to keep sums exact.
fn lanes(matrices: &[Matrix], config: &Config) -> Result<Lanes> {
    let mut bound = 0;
    for matrix in matrices {
        let MatrixWeights::Rows(rows) = &matrix.quantized else {
            unreachable!("the paired layout quantizes by rows");
        };
        bound = bound.max(activation_max(config, rows.cols) * rows.largest_row_l1());
    }
    let base = ((2 * bound + 1) as u64).next_power_of_two() as i64;
    ensure!(
        bound.checked_mul(base + 1).is_some_and(|largest| largest < 1 << 53),
        "--weights paired cannot keep this model's sums exact: a row's product sum can reach {bound}, \
         and two rows of it need more than the 53 bits of a double; use --weights packed"
    );
    Ok(Lanes { base, bound })
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

        match self.lanes {
            None => self.write_q8_layout(&mut out),
            Some(lanes) => self.write_paired_layout(&mut out, lanes),
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
            let element = if self.lanes.is_some() { "double" } else { "int" };
            writeln!(
                out,
                "static const {element} {}_cells[{upper}_CELLS] = {{",
                matrix.name
            )
            .unwrap();
            match (&matrix.quantized, self.lanes) {
                (MatrixWeights::Rows(rows), Some(lanes)) => {
                    write_rows(&mut out, &rows.paired_cells(lanes.base), 8, |cell| format!("{cell}.0"));
                }
                (MatrixWeights::Groups(groups), _) if self.weights == WeightLayout::Packed => {
                    write_rows(&mut out, &groups.cells, 8, |&cell| {
                        quantize::signed_digit_cell(cell).to_string()
                    });
                }
                (MatrixWeights::Groups(groups), _) => {
                    let weights: Vec<i8> = groups
                        .cells
                        .iter()
                        .flat_map(|&cell| quantize::unpack(cell))
                        .collect();
                    write_rows(&mut out, &weights, 16, i8::to_string);
                }
                (MatrixWeights::Rows(_), None) => unreachable!("row quantization comes with lanes"),
            }
            writeln!(
                out,
                "static const float {}_scales[{upper}_GROUPS] = {{",
                matrix.name
            )
            .unwrap();
            write_float_rows(&mut out, matrix.quantized.scales())?;
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

    fn write_q8_layout(&self, out: &mut String) {
        let per_cell = self.weights.weights_per_cell();
        let description = match self.weights {
            WeightLayout::Packed => "one packed\n * cell w0 + 256 w1 + 65536 w2 + 16777216 w3 (four int8 as signed base-256 digits)",
            _ => "four cells\n * (one int8 each)",
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
            let groups = matrix.quantized.scales().len();
            writeln!(
                out,
                "#define {upper}_CELLS {} /* {} */",
                groups * GROUP_SIZE / per_cell,
                matrix.shape
            )
            .unwrap();
            writeln!(out, "#define {upper}_GROUPS {groups}").unwrap();
        }
    }

    fn write_paired_layout(&self, out: &mut String, lanes: Lanes) {
        writeln!(
            out,
            "\n/* Paired weights (not Q8_0): each row is integers within +-{ROW_WEIGHT_MAX} and one float\n \
             * scale, and rows 2p and 2p + 1 share the double cells p * cols + j, each\n \
             * w(2p, j) + PAIRED_LANE_BASE * w(2p + 1, j). NAME_CELLS counts the cells, NAME_GROUPS\n \
             * the scales (one per row). */"
        )
        .unwrap();
        writeln!(out, "#define PAIRED_LANE_BASE {}.0", lanes.base).unwrap();
        writeln!(
            out,
            "/* The input of a product becomes integers within +-ACTIVATION_MAX_DIM (dim elements) or\n \
             * +-ACTIVATION_MAX_HIDDEN (hidden_dim elements). A row's product sum is then within\n \
             * +-{}, under half of PAIRED_LANE_BASE, and the sum of a pair stays exact in a double. */",
            lanes.bound
        )
        .unwrap();
        writeln!(out, "#define ACTIVATION_MAX_DIM {ACTIVATION_MAX_DIM}").unwrap();
        writeln!(out, "#define ACTIVATION_MAX_HIDDEN {ACTIVATION_MAX_HIDDEN}").unwrap();
        for matrix in &self.matrices {
            let upper = matrix.name.to_uppercase();
            writeln!(
                out,
                "#define {upper}_CELLS {} /* {} */",
                matrix.quantized.len() / 2,
                matrix.shape
            )
            .unwrap();
            writeln!(out, "#define {upper}_GROUPS {}", matrix.quantized.scales().len()).unwrap();
        }
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

    /// Returns the lanes of a one-matrix model whose rows are `row` repeated, with inputs of `dim` elements.
    fn paired_lanes(dim: usize, row: &[i32], rows: usize) -> Result<Lanes> {
        let config = Config {
            dim,
            hidden_dim: 2 * dim,
            n_layers: 1,
            n_heads: 1,
            n_kv_heads: 1,
            vocab_size: 2,
            seq_len: 1,
            shared_classifier: true,
        };
        let weights: Vec<i32> = (0..rows).flat_map(|_| row.iter().copied()).collect();
        let matrix = Matrix {
            name: "wq",
            shape: "(dim, dim)",
            quantized: MatrixWeights::Rows(RowQuantized { cols: row.len(), weights, scales: vec![1.0; rows] }),
            max_error: 0.0,
        };
        lanes(&[matrix], &config)
    }

    #[test]
    fn lanes_base_above_twice_bound() {
        // 2 * 2047 * 1024 + 1 is just under 2^22, and one more step of
        // weight would pass it.
        let lanes = paired_lanes(4, &[511, -511, 0, 2], 2).unwrap();
        assert_eq!(lanes.bound, ACTIVATION_MAX_DIM * 1024);
        assert_eq!(lanes.base, 1 << 22);
        let lanes = paired_lanes(4, &[511, -511, 0, 3], 2).unwrap();
        assert_eq!(lanes.base, 1 << 23);
    }

    #[test]
    fn lanes_fit_any_64_wide_rows() {
        let lanes = paired_lanes(64, &[ROW_WEIGHT_MAX; 64], 2).unwrap();
        assert_eq!(lanes.base, 1 << 27);
    }

    #[test]
    fn lanes_reject_sums_past_53_bits() {
        let error = paired_lanes(65, &[ROW_WEIGHT_MAX; 65], 2).unwrap_err().to_string();
        assert!(error.contains("--weights paired cannot keep this model's sums exact"), "{error}");
        assert!(error.contains("use --weights packed"), "{error}");
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
