//! scratchc-modelpack: turns llama2.c's `stories260K.bin` and `tok512.bin`
//! into the C memory image that `c_src/llama2_scratch.c` includes.

mod artifacts;
mod checkpoint;
#[cfg(test)]
mod fuzz;
mod image;
mod json;
mod quantize;
mod rope;
mod tokenizer;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use clap::Parser;

use artifacts::ArtifactError;

/// Quantizes the stories260K checkpoint, by default to Q8_0 (groups of 4,
/// four int8 per 32-bit cell), and writes it as C headers for llama2_scratch.c.
///
/// Reads stories260K.bin and tok512.bin from the artifacts folder and rejects
/// them with exit code 2 unless their SHA-256 matches the published files.
/// Then writes generated_layout.h (dimensions, SEQ_LEN, GEN_STEPS, array sizes)
/// and model_image.h (quantized weights, scales, RMSNorm weights, RoPE tables,
/// vocabulary, preset prompt tokens) into the output folder. Each file is
/// written to a temporary file and renamed into place. With --json it also
/// writes the same image as one JSON file.
#[derive(Parser, Debug)]
#[command(version)]
struct Cli {
    /// Folder that contains stories260K.bin and tok512.bin.
    #[arg(
        long,
        env = "SCRATCHC_ARTIFACTS",
        default_value = "artifacts",
        value_name = "DIR"
    )]
    artifacts: PathBuf,

    /// Folder to write generated_layout.h and model_image.h into. It is created if missing.
    #[arg(short, long, default_value = "build/stories260k", value_name = "DIR")]
    out_dir: PathBuf,

    /// Context length in tokens: rows of the RoPE tables and SEQ_LEN in the headers.
    #[arg(long, default_value_t = 32, value_name = "TOKENS")]
    seq_len: usize,

    /// Default number of tokens to generate (GEN_STEPS), from 1 to --seq-len.
    #[arg(long, default_value_t = 20, value_name = "TOKENS")]
    gen_steps: usize,

    /// Placement of the weights in Scratch's memory list: Q8_0 four to a
    /// cell (a quarter of the items), or one to a cell. One to a cell is read
    /// directly, so scratch-vm runs it faster, but the list has four times
    /// the items for the weights. `paired` is not Q8_0: each row becomes
    /// 10-bit integers with one scale, and two rows share a cell (a double,
    /// which takes two items). The input of each product becomes integers, so
    /// one multiply-add serves two rows: the fastest layout in both runtimes.
    /// The JSON file of a Q8_0 layout is always packed.
    #[arg(long, value_enum, default_value_t = image::WeightLayout::Packed, value_name = "LAYOUT")]
    weights: image::WeightLayout,

    /// Also write the image (the weights, as packed Q8_0 cells or as the
    /// paired layout's integer rows, scales, norms, RoPE tables, vocabulary)
    /// as one JSON file, for tools outside C such as the JavaScript forward
    /// pass of the benchmark.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,

    /// Print array sizes and the largest quantization error of each matrix.
    #[arg(short, long)]
    verbose: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic is a bug: report it in one line, below, instead of Rust's
    // multi-line message.
    let panic_message = Arc::new(Mutex::new(String::new()));
    let recorded = Arc::clone(&panic_message);
    std::panic::set_hook(Box::new(move |info| {
        *recorded.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = info.to_string().replace('\n', " ");
    }));
    match std::panic::catch_unwind(|| run(&cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(error)) => {
            eprintln!("scratchc-modelpack: error: {error:#}");
            let bad_input = error.chain().any(|cause| {
                cause.downcast_ref::<ArtifactError>().is_some() || cause.downcast_ref::<OutputError>().is_some()
            });
            if bad_input {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
        Err(_) => {
            let message = panic_message.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            eprintln!(
                "scratchc-modelpack: internal error: {message}; this is a bug in scratchc-modelpack, please report it with the command line"
            );
            ExitCode::FAILURE
        }
    }
}

/// An output that cannot be written where the command line puts it: bad
/// input (exit code 2), like a rejected model file.
#[derive(Debug)]
struct OutputError(String);

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OutputError {}

fn run(cli: &Cli) -> Result<()> {
    let checkpoint_bytes = artifacts::read_verified(&cli.artifacts, &artifacts::CHECKPOINT)?;
    let tokenizer_bytes = artifacts::read_verified(&cli.artifacts, &artifacts::TOKENIZER)?;

    let checkpoint = checkpoint::parse(&checkpoint_bytes).context("invalid checkpoint")?;
    let tokenizer = tokenizer::parse(&tokenizer_bytes, checkpoint.config.vocab_size)
        .context("invalid tokenizer")?;
    let image = image::build(
        &checkpoint,
        &tokenizer,
        artifacts::CHECKPOINT.sha256,
        cli.seq_len,
        cli.gen_steps,
        cli.weights,
    )?;
    if cli.verbose {
        print_statistics(&image);
    }

    let mut outputs = vec![
        (
            cli.out_dir.join("generated_layout.h"),
            image.layout_header(),
        ),
        (cli.out_dir.join("model_image.h"), image.model_header()?),
    ];
    if let Some(json_path) = &cli.json {
        outputs.push((json_path.clone(), image.json()?));
    }
    fs::create_dir_all(&cli.out_dir).map_err(|error| {
        OutputError(format!("cannot create the output folder {}: {error}", cli.out_dir.display()))
    })?;
    let mut staged = Vec::new();
    for (path, text) in &outputs {
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        staged.push((stage(dir, text)?, path.clone()));
    }
    for (temporary, path) in staged {
        temporary.persist(&path).map_err(|error| {
            OutputError(format!("cannot rename the temporary file to {}: {}", path.display(), error.error))
        })?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Writes `text` to a temporary file in `dir`, ready to be renamed into place.
fn stage(dir: &Path, text: &str) -> Result<tempfile::NamedTempFile> {
    let unwritable = |error: std::io::Error| OutputError(format!("cannot write into {}: {error}", dir.display()));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(unwritable)?;
    // NamedTempFile creates the file with mode 0600, but the headers are ordinary sources.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.as_file()
            .set_permissions(fs::Permissions::from_mode(0o644))
            .map_err(unwritable)?;
    }
    file.write_all(text.as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .map_err(unwritable)?;
    Ok(file)
}

fn print_statistics(image: &image::ModelImage) {
    let per_cell = image.weights.weights_per_cell();
    let mut cells = 0;
    for matrix in &image.matrices {
        let scales = matrix.quantized.scales().len();
        let weight_cells = matrix.quantized.len() / per_cell;
        eprintln!(
            "{:>16} {:<26} {:>6} cells of weights, {:>6} scales, largest quantization error {:.3e}",
            matrix.name, matrix.shape, weight_cells, scales, matrix.max_error
        );
        cells += weight_cells + scales;
    }
    if let Some(lanes) = image.lanes {
        eprintln!(
            "paired rows: lane base {}, row sums within +-{} (2^{:.2})",
            lanes.base,
            lanes.bound,
            (lanes.bound as f64).log2()
        );
    }
    eprintln!(
        "{cells} cells of weights ({per_cell} to a cell) and scales; preset prompt tokens {:?}",
        image.prompt_tokens
    );
}
