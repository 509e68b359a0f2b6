//! A mutation fuzzer for the two readers of user-provided bytes: the
//! checkpoint parser and the tokenizer parser. The tests fail when either
//! panics on an input. Each must return an error for bad input instead.
//!
//! `readers_survive_mutated_inputs` runs a fixed slice of 20,000 inputs in
//! `cargo test`. `scripts/fuzz-model-readers.sh` runs the ignored
//! `readers_survive_long_fuzzing` for as long as asked (10 minutes by
//! default). Every input is a pure function of the seed and its number, so a
//! failure names both and `SCRATCHC_FUZZ_SEED` with `SCRATCHC_FUZZ_START`
//! replays it.

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::{checkpoint, tokenizer};

/// xorshift64*, enough to pick mutations.
struct Random(u64);

impl Random {
    fn new(seed: u64) -> Random {
        Random(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `bound` (which must not be 0).
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

/// Builds a valid checkpoint of a tiny model: dim 8, hidden 12, 2 layers,
/// 2 heads, 1 key/value head, a vocabulary of 6 and a context of 4.
fn tiny_checkpoint() -> Vec<u8> {
    let header: [i32; 7] = [8, 12, 2, 2, 1, 6, 4];
    let mut bytes: Vec<u8> = header.iter().flat_map(|v| v.to_le_bytes()).collect();
    let count = checkpoint::parse_config(&bytes).unwrap().float_count().unwrap();
    for index in 0..count {
        bytes.extend((index as f32 * 0.01).to_le_bytes());
    }
    bytes
}

/// Builds a valid tokenizer of `vocab_size` tokens of up to 4 bytes.
fn tiny_tokenizer(vocab_size: usize) -> Vec<u8> {
    let mut bytes = 4u32.to_le_bytes().to_vec();
    for token in 0..vocab_size {
        let piece = format!("t{}", token % 100);
        bytes.extend((token as f32).to_le_bytes());
        bytes.extend((piece.len() as u32).to_le_bytes());
        bytes.extend(piece.as_bytes());
    }
    bytes
}

/// Returns the valid inputs that mutations start from: the tiny files, and
/// the real ones when `SCRATCHC_ARTIFACTS` names a folder that has them.
fn corpus() -> Vec<Vec<u8>> {
    let mut inputs = vec![tiny_checkpoint(), tiny_tokenizer(6), tiny_tokenizer(512)];
    if let Some(folder) = std::env::var_os("SCRATCHC_ARTIFACTS").map(PathBuf::from) {
        for name in ["stories260K.bin", "tok512.bin"] {
            if let Ok(bytes) = std::fs::read(folder.join(name)) {
                inputs.push(bytes);
            }
        }
    }
    inputs
}

/// Header values that make sizes overflow, vanish or turn negative.
const EDGE_VALUES: [i32; 9] = [0, 1, -1, 2, 7, 512, i32::MAX, i32::MIN, 1 << 20];

/// Returns input number `index` of the run with `seed`: a corpus entry
/// changed by one to four mutations.
fn mutated_input(corpus: &[Vec<u8>], seed: u64, index: u64) -> Vec<u8> {
    let mut random = Random::new(seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut bytes = corpus[random.below(corpus.len())].clone();
    for _ in 0..1 + random.below(4) {
        match random.below(5) {
            // Flip one bit.
            0 if !bytes.is_empty() => {
                let at = random.below(bytes.len());
                bytes[at] ^= 1 << random.below(8);
            }
            // Put an edge value into one of the first 8 words, where both
            // headers keep their sizes.
            1 if bytes.len() >= 32 => {
                let at = 4 * random.below(8);
                let value = EDGE_VALUES[random.below(EDGE_VALUES.len())];
                bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
            }
            // Cut the end off.
            2 => bytes.truncate(random.below(bytes.len() + 1)),
            // Add junk at the end.
            3 => {
                for _ in 0..random.below(64) {
                    bytes.push(random.next() as u8);
                }
            }
            // Overwrite a run of bytes with junk.
            _ if !bytes.is_empty() => {
                let start = random.below(bytes.len());
                let end = (start + 1 + random.below(32)).min(bytes.len());
                for byte in &mut bytes[start..end] {
                    *byte = random.next() as u8;
                }
            }
            _ => {}
        }
    }
    bytes
}

/// Feeds `bytes` to both readers, the tokenizer with a vocabulary of 6 and
/// of 512, and returns whether neither panicked.
fn readers_survive(bytes: &[u8]) -> bool {
    panic::catch_unwind(AssertUnwindSafe(|| {
        let _ = checkpoint::parse(bytes);
        let _ = tokenizer::parse(bytes, 6);
        let _ = tokenizer::parse(bytes, 512);
    }))
    .is_ok()
}

/// Runs inputs `start..` of `seed` until `count` inputs or `time` have
/// passed, and panics with the seed and number of the first input that
/// makes a reader panic. Returns the number of inputs run.
fn fuzz(seed: u64, start: u64, count: u64, time: Duration) -> u64 {
    let corpus = corpus();
    let began = Instant::now();
    let mut index = start;
    while index - start < count && began.elapsed() < time {
        let bytes = mutated_input(&corpus, seed, index);
        assert!(
            readers_survive(&bytes),
            "a reader panicked on input {index} of seed {seed} ({} bytes); replay it with \
             SCRATCHC_FUZZ_SEED={seed} SCRATCHC_FUZZ_START={index}",
            bytes.len()
        );
        index += 1;
    }
    index - start
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, got {text:?}")),
        Err(_) => default,
    }
}

#[test]
fn mutations_are_repeatable() {
    let corpus = corpus();
    assert_eq!(mutated_input(&corpus, 7, 3), mutated_input(&corpus, 7, 3));
    assert_ne!(mutated_input(&corpus, 7, 3), mutated_input(&corpus, 7, 4));
}

#[test]
fn tiny_inputs_are_valid() {
    let checkpoint = checkpoint::parse(&tiny_checkpoint()).unwrap();
    assert_eq!(checkpoint.config.vocab_size, 6);
    assert_eq!(tokenizer::parse(&tiny_tokenizer(6), 6).unwrap().pieces.len(), 6);
}

#[test]
fn absurd_header_sizes_are_errors() {
    // dim, hidden_dim and n_layers of 2^30 pass the header checks, but the
    // float count overflows 64 bits.
    let mut bytes = tiny_checkpoint();
    for field in 0..3 {
        bytes[4 * field..4 * field + 4].copy_from_slice(&(1i32 << 30).to_le_bytes());
    }
    let error = checkpoint::parse(&bytes).unwrap_err().to_string();
    assert!(error.contains("overflow the count of floats"), "{error}");
}

#[test]
fn readers_survive_mutated_inputs() {
    let ran = fuzz(env_number("SCRATCHC_FUZZ_SEED", 1), env_number("SCRATCHC_FUZZ_START", 0), 20_000, Duration::MAX);
    assert_eq!(ran, 20_000);
}

/// Runs the long fuzzing of scripts/fuzz-model-readers.sh: SCRATCHC_FUZZ_SECONDS
/// (default 600) of inputs from SCRATCHC_FUZZ_SEED (default 1).
#[test]
#[ignore = "runs for minutes; scripts/fuzz-model-readers.sh starts it"]
fn readers_survive_long_fuzzing() {
    let seconds = env_number("SCRATCHC_FUZZ_SECONDS", 600);
    let seed = env_number("SCRATCHC_FUZZ_SEED", 1);
    let ran = fuzz(seed, env_number("SCRATCHC_FUZZ_START", 0), u64::MAX, Duration::from_secs(seconds));
    println!("fuzz-model-readers: {ran} inputs of seed {seed} in {seconds} s, no reader panicked");
}
