//! Reader for llama2.c's legacy checkpoint format (`run.c`'s `.bin`).
//!
//! The header is seven little-endian int32: `dim, hidden_dim, n_layers,
//! n_heads, n_kv_heads, vocab_size, seq_len`. Float32 arrays follow, in this
//! order:
//!
//! - token embedding (vocab, dim)
//! - attention RMSNorm weights (layer, dim)
//! - wq (layer, dim, dim), wk and wv (layer, kv_dim, dim), wo (layer, dim, dim)
//! - FFN RMSNorm weights (layer, dim)
//! - w1 (layer, hidden, dim), w2 (layer, dim, hidden), w3 (layer, hidden, dim)
//! - final RMSNorm weights (dim,)
//! - two legacy RoPE tables, seq_len * head_size / 2 floats each, unused
//! - the classifier (vocab, dim), only when `vocab_size` is negative.
//!
//! A positive `vocab_size` means the classifier is the token embedding.

use anyhow::{bail, ensure, Context, Result};

/// Hyperparameters from the checkpoint header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    pub dim: usize,
    pub hidden_dim: usize,
    pub n_layers: usize,
    pub n_heads: usize,
    pub n_kv_heads: usize,
    pub vocab_size: usize,
    pub seq_len: usize,
    pub shared_classifier: bool,
}

impl Config {
    pub const HEADER_BYTES: usize = 7 * 4;

    pub fn head_size(&self) -> usize {
        self.dim / self.n_heads
    }

    pub fn kv_dim(&self) -> usize {
        self.head_size() * self.n_kv_heads
    }

    /// Number of float32 values that follow the header, or None when a
    /// header of absurd sizes makes the count overflow.
    pub fn float_count(&self) -> Option<usize> {
        let (dim, hidden, layers) = (self.dim, self.hidden_dim, self.n_layers);
        let product = |a: usize, b: usize| a.checked_mul(b);
        let per_layer = [
            product(2, dim)?,
            product(2, product(dim, dim)?)?,
            product(2, product(self.kv_dim(), dim)?)?,
            product(3, product(hidden, dim)?)?,
        ];
        let embedding = product(self.vocab_size, dim)?;
        let classifier = if self.shared_classifier { 0 } else { embedding };
        [
            embedding,
            product(layers, per_layer.into_iter().try_fold(0usize, usize::checked_add)?)?,
            dim,
            product(self.seq_len, self.head_size())?,
            classifier,
        ]
        .into_iter()
        .try_fold(0usize, usize::checked_add)
    }
}

/// The float32 weights of a checkpoint, each array flattened row-major.
#[derive(Debug)]
pub struct Checkpoint {
    pub config: Config,
    /// (vocab, dim)
    pub token_embedding: Vec<f32>,
    /// (layer, dim)
    pub rms_att: Vec<f32>,
    /// (layer, dim, dim)
    pub wq: Vec<f32>,
    /// (layer, kv_dim, dim)
    pub wk: Vec<f32>,
    /// (layer, kv_dim, dim)
    pub wv: Vec<f32>,
    /// (layer, dim, dim)
    pub wo: Vec<f32>,
    /// (layer, dim)
    pub rms_ffn: Vec<f32>,
    /// (layer, hidden, dim)
    pub w1: Vec<f32>,
    /// (layer, dim, hidden)
    pub w2: Vec<f32>,
    /// (layer, hidden, dim)
    pub w3: Vec<f32>,
    /// (dim,)
    pub rms_final: Vec<f32>,
    /// (vocab, dim), present only when the checkpoint does not share it with
    /// the token embedding.
    pub classifier: Option<Vec<f32>>,
}

/// Parses the header and checks that the shapes are usable.
pub fn parse_config(bytes: &[u8]) -> Result<Config> {
    ensure!(
        bytes.len() >= Config::HEADER_BYTES,
        "checkpoint is {} bytes, shorter than its {}-byte header",
        bytes.len(),
        Config::HEADER_BYTES
    );
    let field =
        |index: usize| i32::from_le_bytes(bytes[4 * index..4 * index + 4].try_into().unwrap());
    let names = [
        "dim",
        "hidden_dim",
        "n_layers",
        "n_heads",
        "n_kv_heads",
        "vocab_size",
        "seq_len",
    ];
    for (index, name) in names.iter().enumerate() {
        ensure!(field(index) != 0, "invalid checkpoint header: {name} is 0");
        if index != 5 {
            ensure!(
                field(index) > 0,
                "invalid checkpoint header: {name} is {}",
                field(index)
            );
        }
    }

    let vocab_size = field(5);
    let config = Config {
        dim: field(0) as usize,
        hidden_dim: field(1) as usize,
        n_layers: field(2) as usize,
        n_heads: field(3) as usize,
        n_kv_heads: field(4) as usize,
        vocab_size: vocab_size.unsigned_abs() as usize,
        seq_len: field(6) as usize,
        shared_classifier: vocab_size > 0,
    };
    ensure!(
        config.dim.is_multiple_of(config.n_heads) && config.head_size().is_multiple_of(2),
        "invalid checkpoint header: dim {} does not split into {} heads of even size",
        config.dim,
        config.n_heads
    );
    ensure!(
        config.n_kv_heads <= config.n_heads && config.n_heads.is_multiple_of(config.n_kv_heads),
        "invalid checkpoint header: {} heads cannot share {} key/value heads",
        config.n_heads,
        config.n_kv_heads
    );
    Ok(config)
}

/// Parses a whole checkpoint. Its length must match the header exactly.
pub fn parse(bytes: &[u8]) -> Result<Checkpoint> {
    let config = parse_config(bytes)?;
    let body = &bytes[Config::HEADER_BYTES..];
    let Some(expected_bytes) = config.float_count().and_then(|count| count.checked_mul(4)) else {
        bail!("invalid checkpoint header: its sizes ({config:?}) overflow the count of floats, so the file is corrupt");
    };
    if body.len() != expected_bytes {
        bail!(
            "checkpoint body is {} bytes, but its header ({config:?}) needs {expected_bytes}",
            body.len()
        );
    }

    let mut floats = body
        .chunks_exact(4)
        .map(|chunk| f32::from_le_bytes(chunk.try_into().unwrap()));
    let mut take = |count: usize, name: &str| -> Result<Vec<f32>> {
        let values: Vec<f32> = floats.by_ref().take(count).collect();
        ensure!(values.len() == count, "checkpoint ends inside {name}");
        Ok(values)
    };

    let (dim, hidden, layers, kv_dim) = (
        config.dim,
        config.hidden_dim,
        config.n_layers,
        config.kv_dim(),
    );
    let token_embedding = take(config.vocab_size * dim, "token embedding")?;
    let rms_att = take(layers * dim, "attention RMSNorm weights")?;
    let wq = take(layers * dim * dim, "wq")?;
    let wk = take(layers * kv_dim * dim, "wk")?;
    let wv = take(layers * kv_dim * dim, "wv")?;
    let wo = take(layers * dim * dim, "wo")?;
    let rms_ffn = take(layers * dim, "FFN RMSNorm weights")?;
    let w1 = take(layers * hidden * dim, "w1")?;
    let w2 = take(layers * dim * hidden, "w2")?;
    let w3 = take(layers * hidden * dim, "w3")?;
    let rms_final = take(dim, "final RMSNorm weights")?;
    take(config.seq_len * config.head_size(), "legacy RoPE tables")
        .context("reading the RoPE tables that llama2.c skips")?;
    let classifier = if config.shared_classifier {
        None
    } else {
        Some(take(config.vocab_size * dim, "classifier")?)
    };

    Ok(Checkpoint {
        config,
        token_embedding,
        rms_att,
        wq,
        wk,
        wv,
        wo,
        rms_ffn,
        w1,
        w2,
        w3,
        rms_final,
        classifier,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a checkpoint whose float number `i` is `i as f32`.
    pub(crate) fn synthetic_checkpoint(header: [i32; 7]) -> (Vec<u8>, usize) {
        let mut bytes: Vec<u8> = header
            .iter()
            .flat_map(|value| value.to_le_bytes())
            .collect();
        let count = parse_config(&bytes).unwrap().float_count().unwrap();
        for i in 0..count {
            bytes.extend_from_slice(&(i as f32).to_le_bytes());
        }
        (bytes, count)
    }

    const SMALL: [i32; 7] = [8, 12, 2, 2, 1, 5, 3];

    #[test]
    fn config_of_small_header() {
        let (bytes, _) = synthetic_checkpoint(SMALL);
        let config = parse_config(&bytes).unwrap();
        assert_eq!(config.dim, 8);
        assert_eq!(config.head_size(), 4);
        assert_eq!(config.kv_dim(), 4);
        assert!(config.shared_classifier);
    }

    #[test]
    fn config_counts_stories260k_floats() {
        let bytes: Vec<u8> = [64, 172, 5, 8, 4, 512, 512]
            .iter()
            .flat_map(|v: &i32| v.to_le_bytes())
            .collect();
        assert_eq!(parse_config(&bytes).unwrap().float_count(), Some(264_128));
    }

    #[test]
    fn parse_splits_arrays_in_file_order() {
        let (bytes, count) = synthetic_checkpoint(SMALL);
        let checkpoint = parse(&bytes).unwrap();
        let (dim, hidden, layers, kv_dim) = (8, 12, 2, 4);

        assert_eq!(checkpoint.token_embedding.len(), 5 * dim);
        assert_eq!(checkpoint.token_embedding[0], 0.0);
        let mut next = 5 * dim;
        for (array, len) in [
            (&checkpoint.rms_att, layers * dim),
            (&checkpoint.wq, layers * dim * dim),
            (&checkpoint.wk, layers * kv_dim * dim),
            (&checkpoint.wv, layers * kv_dim * dim),
            (&checkpoint.wo, layers * dim * dim),
            (&checkpoint.rms_ffn, layers * dim),
            (&checkpoint.w1, layers * hidden * dim),
            (&checkpoint.w2, layers * dim * hidden),
            (&checkpoint.w3, layers * hidden * dim),
            (&checkpoint.rms_final, dim),
        ] {
            assert_eq!(array.len(), len);
            assert_eq!(array[0], next as f32);
            next += len;
        }
        assert_eq!(
            next + 3 * 4,
            count,
            "legacy RoPE tables follow the final RMSNorm weights"
        );
        assert!(checkpoint.classifier.is_none());
    }

    #[test]
    fn parse_reads_unshared_classifier() {
        let mut header = SMALL;
        header[5] = -5;
        let (bytes, count) = synthetic_checkpoint(header);
        let classifier = parse(&bytes).unwrap().classifier.unwrap();
        assert_eq!(classifier.len(), 5 * 8);
        assert_eq!(*classifier.last().unwrap(), (count - 1) as f32);
    }

    #[test]
    fn parse_rejects_truncated_body() {
        let (bytes, _) = synthetic_checkpoint(SMALL);
        let error = parse(&bytes[..bytes.len() - 4]).unwrap_err();
        assert!(error.to_string().contains("needs"), "{error}");
    }

    #[test]
    fn parse_rejects_short_header() {
        assert!(parse(&[0u8; 12]).is_err());
    }

    #[test]
    fn parse_rejects_zero_dim() {
        let mut header = SMALL;
        header[0] = 0;
        let bytes: Vec<u8> = header
            .iter()
            .flat_map(|value| value.to_le_bytes())
            .collect();
        assert!(parse_config(&bytes)
            .unwrap_err()
            .to_string()
            .contains("dim is 0"));
    }
}
