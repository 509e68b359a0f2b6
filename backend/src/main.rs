//! `scratchc`: compiles C, through LLVM IR, into Scratch 3 projects.

mod diagnostics;
mod ir;
mod lower;
mod output;
mod scratch;
mod toolchain;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Result;
use clap::{Parser, Subcommand};

use diagnostics::{bad_input, BadInput};

#[derive(Parser)]
#[command(
    name = "scratchc",
    version,
    about = "Compile C, through LLVM 19, into Scratch 3 projects",
    long_about = "Compile C, through LLVM 19, into Scratch 3 projects.\n\n\
        `scratchc cc` compiles a C file to .sb3 or .sprite3 in one step; `scratchc build` \
        lowers LLVM IR that the scratchc plugin has normalized; `scratchc run` runs a project \
        headless in the official scratch-vm.\n\n\
        Exit codes: 0 success, 1 internal error, 2 bad input."
)]
struct Cli {
    #[command(subcommand)]
    command: Commands,
}

#[derive(clap::Args)]
struct OutputArgs {
    /// Output file: `.sb3` (a project) or `.sprite3` (a sprite to import);
    /// repeat to write several from one compilation
    #[arg(short, long = "output", value_name = "FILE", required = true)]
    outputs: Vec<PathBuf>,
    /// Name of the sprite in the project (default: the first output's stem)
    #[arg(long)]
    sprite_name: Option<String>,
    /// Place the scripts of .sprite3 outputs far outside the editor's visible
    /// script area, so the sprite opens on an empty workspace
    #[arg(long)]
    hide_blocks: bool,
    /// Runtime to make the code fastest in; both use only vanilla Scratch 3
    /// blocks, so either output runs everywhere. `cc` also defines
    /// SCRATCH_TARGET_TURBOWARP to 1 or 0 for the C source
    #[arg(long, value_enum, default_value_t = Target::Scratch)]
    target: Target,
    /// Print statistics: blocks, variables, list items, project.json bytes
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Target {
    /// The official Scratch VM (scratch.mit.edu, the Scratch app)
    Scratch,
    /// TurboWarp's compiler: power-of-two `mod` becomes floor arithmetic
    Turbowarp,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LayoutChoice {
    Words,
    Bytes,
    Auto,
}

impl LayoutChoice {
    fn name(self) -> &'static str {
        match self {
            LayoutChoice::Words => "words",
            LayoutChoice::Bytes => "bytes",
            LayoutChoice::Auto => "auto",
        }
    }
}

#[derive(Subcommand)]
enum Commands {
    /// Compile a C file to a Scratch project (clang-19 + plugin + backend)
    Cc {
        /// The C source file; include "scratch.h" to talk to Scratch
        source: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
        /// Add a folder to the include path
        #[arg(short = 'I', value_name = "DIR")]
        include: Vec<PathBuf>,
        /// Define a preprocessor macro, as NAME or NAME=VALUE
        #[arg(short = 'D', value_name = "NAME[=VALUE]")]
        define: Vec<String>,
        /// Optimization level passed to clang
        #[arg(short = 'O', default_value = "2", value_parser = ["0", "1", "2", "3", "s", "z"])]
        optimization: String,
        /// Keep the normalized bitcode at this path
        #[arg(long, value_name = "FILE")]
        keep_bitcode: Option<PathBuf>,
        /// Memory layout. `words` has one 32-bit cell per address and is
        /// fastest, but keeps no char, short or bool values in memory.
        /// `bytes` has one byte per address and compiles any program,
        /// including those that call printf or the string functions.
        /// `auto` picks `words` when the program qualifies, else `bytes`
        #[arg(long, value_enum, default_value_t = LayoutChoice::Auto)]
        layout: LayoutChoice,
    },
    /// Lower normalized LLVM IR (.bc or .ll) to a Scratch project
    Build {
        /// IR normalized by the scratchc plugin (`scratch-normalize`)
        input: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Run a project or sprite headless in scratch-vm and print its output
    ///
    /// Clicks the green flag, waits for its scripts, presses space when the
    /// project has a space-key script, and prints new items of the list
    /// `stdout` and new text of the variable `!!text` as they appear. Exits
    /// with the program's `!!exit` value, or 124 on timeout.
    Run {
        /// The project to run: a .sb3, or a .sprite3 added to an empty project
        project: PathBuf,
        /// Give up after this many seconds (exit code 124)
        #[arg(long, default_value_t = 600.0)]
        timeout: f64,
        /// After the run, print this list as `NAME: item item ...` (repeatable)
        #[arg(long, value_name = "NAME")]
        print_list: Vec<String>,
        /// After the green-flag scripts, set variable NAME to VALUE, as a user
        /// moving a slider would (repeatable)
        #[arg(long = "set", value_name = "NAME=VALUE")]
        settings: Vec<String>,
        /// Press space this many times, each after the previous run set
        /// `!!status` to `Done.`
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
        /// Do not press space after the green-flag scripts finish
        #[arg(long)]
        no_space: bool,
    },
}

fn sprite_name(output: &OutputArgs) -> String {
    output.sprite_name.clone().unwrap_or_else(|| {
        output.outputs[0].file_stem().map_or("scratchc".into(), |stem| stem.to_string_lossy().into_owned())
    })
}

/// Lowers IR at `input` and writes each requested project or sprite.
fn build(input: &Path, output: &OutputArgs) -> Result<()> {
    for path in &output.outputs {
        let extension = path.extension().and_then(|ext| ext.to_str()).unwrap_or("");
        if !matches!(extension, "sb3" | "sprite3") {
            return Err(bad_input(format!(
                "output {} must end in .sb3 (a project) or .sprite3 (a sprite)",
                path.display()
            )));
        }
    }
    let started = Instant::now();
    let module = ir::read::read_module(input)?;
    let (mut sprite, stats) = lower::lower_module(&module, &sprite_name(output))?;
    if matches!(output.target, Target::Turbowarp) {
        scratch::tune::for_turbowarp(&mut sprite);
    }

    let mut project_bytes = 0;
    for path in &output.outputs {
        if path.extension().and_then(|ext| ext.to_str()) == Some("sb3") {
            let project = scratch::serialize::project_json(&sprite);
            scratch::package::write_sb3(path, &project)?;
            project_bytes = serde_json::to_string(&project)?.len();
        } else {
            let json = scratch::serialize::sprite_json(&sprite, output.hide_blocks);
            scratch::package::write_sprite3(path, &json)?;
            project_bytes = project_bytes.max(serde_json::to_string(&json)?.len());
        }
        // On stderr, so that a build and a run can share one stdout.
        eprintln!("wrote {}", path.display());
    }

    if output.verbose {
        let list_items: usize = sprite.lists.iter().map(|list| list.items.len()).sum();
        eprintln!(
            "scratchc: {} procedures, {} scripts, {} blocks, {} variables, {} list items \
             ({} memory cells + {} stack cells, {} layout), {} bytes of JSON, {:.2} s",
            stats.procedures,
            stats.scripts,
            sprite.block_count(),
            sprite.variables.len(),
            list_items,
            stats.memory_cells,
            stats.stack_cells,
            module.layout.name(),
            project_bytes,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// The options `scratchc run` passes on to the headless runner.
struct RunOptions<'a> {
    timeout: f64,
    print_list: &'a [String],
    settings: &'a [String],
    runs: u32,
    no_space: bool,
}

fn run(project: &Path, options: &RunOptions) -> Result<ExitCode> {
    if !project.is_file() {
        return Err(bad_input(format!("cannot read {}: no such file", project.display())));
    }
    let extension = project.extension().and_then(|ext| ext.to_str()).unwrap_or("");
    if !matches!(extension, "sb3" | "sprite3") {
        return Err(bad_input(format!(
            "{} is not a Scratch project; expected a .sb3 or .sprite3 file (compile C with `scratchc cc` first)",
            project.display()
        )));
    }
    let runner = toolchain::runner_path();
    if !runner.is_file() {
        return Err(bad_input(format!(
            "the headless runner {} is missing; set SCRATCHC_RUNNER or run from a scratchc checkout",
            runner.display()
        )));
    }
    let mut command = Command::new("node");
    command.env("SCRATCHC_RUNNER_NAME", "scratchc run");
    command.arg(&runner).arg(project).arg("--timeout").arg(options.timeout.to_string());
    for list in options.print_list {
        command.arg("--print-list").arg(list);
    }
    for setting in options.settings {
        command.arg("--set").arg(setting);
    }
    command.arg("--runs").arg(options.runs.to_string());
    if options.no_space {
        command.arg("--no-space");
    }
    let status = command
        .status()
        .map_err(|err| bad_input(format!("cannot run node: {err}; install Node.js 18 or newer (scripts/setup.sh does)")))?;
    Ok(ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8))
}

/// Compiles a C file to normalized bitcode at `bitcode`. clang-19 compiles
/// it, and scratchc's C library is linked in when the program calls a
/// function it does not define. The plugin then normalizes the whole
/// program, so it processes only the library functions the program reaches.
fn compile_program(
    source: &Path,
    bitcode: &Path,
    scratch: &Path,
    include: &[PathBuf],
    defines: &[String],
    optimization: &str,
    layout: LayoutChoice,
) -> Result<()> {
    let compiled = scratch.join("program.raw.bc");
    let options = toolchain::CompileOptions { include_dirs: include, defines, optimization };
    toolchain::compile_c(source, &compiled, &options)?;
    let program = if toolchain::external_functions(&compiled)?.is_empty() {
        compiled
    } else {
        // The program's -D options reach the library too: SCRATCH_HEAP_SIZE
        // sets the size of malloc's heap.
        let library = toolchain::compile_library(scratch, defines, optimization)?;
        let linked = scratch.join("program.linked.bc");
        toolchain::link_library(&compiled, &library, &linked)?;
        linked
    };
    toolchain::normalize(&program, bitcode, layout.name())
}

fn execute(cli: Cli) -> Result<ExitCode> {
    // Lets the tests reach the internal-error path, which no known input does.
    if std::env::var_os("SCRATCHC_DEBUG_PANIC").is_some() {
        panic!("SCRATCHC_DEBUG_PANIC is set");
    }
    match cli.command {
        Commands::Cc { source, output, include, define, optimization, keep_bitcode, layout } => {
            let scratch = tempfile::tempdir()?;
            let bitcode = keep_bitcode.unwrap_or_else(|| scratch.path().join("program.bc"));
            let turbowarp = matches!(output.target, Target::Turbowarp);
            let mut defines = vec![format!("SCRATCH_TARGET_TURBOWARP={}", u8::from(turbowarp))];
            defines.extend(define);
            compile_program(&source, &bitcode, scratch.path(), &include, &defines, &optimization, layout)?;
            build(&bitcode, &output)?;
            Ok(ExitCode::SUCCESS)
        }
        Commands::Build { input, output } => {
            build(&input, &output)?;
            Ok(ExitCode::SUCCESS)
        }
        Commands::Run { project, timeout, print_list, settings, runs, no_space } => {
            let options = RunOptions { timeout, print_list: &print_list, settings: &settings, runs, no_space };
            run(&project, &options)
        }
    }
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
    let result = std::panic::catch_unwind(|| execute(cli));
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => match err.downcast_ref::<BadInput>() {
            Some(bad) => {
                // Context added on the way up names the place, such as the function.
                let context: Vec<String> =
                    err.chain().map(|cause| cause.to_string()).take_while(|text| *text != bad.to_string()).collect();
                if context.is_empty() {
                    eprintln!("scratchc: error: {bad}");
                } else {
                    eprintln!("scratchc: error: {bad} ({})", context.join(", "));
                }
                if let Some(snippet) = bad.location.as_ref().and_then(diagnostics::source_snippet) {
                    eprintln!("{snippet}");
                }
                ExitCode::from(2)
            }
            None if err.chain().any(|cause| cause.downcast_ref::<BadInput>().is_some()) => {
                let bad = err.chain().find_map(|cause| cause.downcast_ref::<BadInput>()).unwrap();
                eprintln!("scratchc: error: {bad} ({err})");
                ExitCode::from(2)
            }
            None => {
                eprintln!("scratchc: internal error: {err:#}");
                eprintln!("scratchc: this is a bug in scratchc; please report it with the input that caused it");
                ExitCode::from(1)
            }
        },
        Err(_) => {
            let message = panic_message.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            eprintln!("scratchc: internal error: {message}; this is a bug in scratchc, please report it with the input");
            ExitCode::from(1)
        }
    }
}
