#!/usr/bin/env node
'use strict';

// Fuzzes the toolchain with random modules from llvm-stress-19. Each module is
// retargeted to the Scratch target and given an entry point (see
// generateHarness), normalized by the pass plugin under opt-19, lowered by
// `scratchc build`, and the projects that compile are checked with
// tests/vm/validate.js. Unless --no-run is given, each valid project whose
// module has a defined result then runs in scratch-vm, and its output is
// compared with native builds of the same module. Every module ends in one
// class (see CLASSES), and the run fails when any module crashed, hung, gave
// an invalid project or printed something other than its native builds.

const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {normalizeReason, crashSignature} = require('./classify.js');

const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');
const VALIDATE_SCRIPT = path.join(REPOSITORY_ROOT, 'tests', 'vm', 'validate.js');

// Classes in the order the summary lists them. A compiled module ends in one
// of the first four when it is run, and in `compiled` under --no-run.
const CLASSES = [
    'ran-same',
    'ran-different',
    'ran-timeout',
    'undefined-result',
    'compiled',
    'plugin-rejected',
    'backend-rejected',
    'crashed',
    'hung',
    'invalid-project',
];
const RUN_CLASSES = new Set(['ran-same', 'ran-different', 'ran-timeout', 'undefined-result']);
const FAILING_CLASSES = new Set(['ran-different', 'crashed', 'hung', 'invalid-project']);
// Classes whose seeds keep their files: the failing ones, and Scratch runs
// that timed out, which are listed without failing the run.
const KEPT_CLASSES = new Set([...FAILING_CLASSES, 'ran-timeout']);
// Classes that are not broken down by reason in the summary.
const UNGROUPED_CLASSES = new Set(['ran-same', 'compiled']);

// The harness passes one zeroed buffer per pointer parameter. The 300
// llvm-stress-19 modules checked contain no getelementptr, so they address
// each pointer at offset 0, and their widest access is a <16 x i64> (128
// bytes). 4 KiB leaves ample room.
const HARNESS_BUFFER_I64_COUNT = 512;
const HARNESS_BUFFER_WORD_COUNT = HARNESS_BUFFER_I64_COUNT * 2;

// Native builds of the harnessed module, to find the output the Scratch build
// must print. The triple is the host's 32-bit one because i386-none-elf has no
// C library to link, and its data layout is the same. SSE arithmetic keeps
// floats out of the x87's 80-bit registers, as scratchc's README advises.
const NATIVE_TRIPLE = 'target triple = "i386-unknown-linux-gnu"';
const NATIVE_OUTPUT_SOURCE = path.join(__dirname, 'native_output.c');
const NATIVE_OPTIMIZATIONS = ['-O0', '-O2'];
const NATIVE_FLAGS = ['-m32', '-msse2', '-mfpmath=sse', '-Wno-override-module'];
const NATIVE_RUN_SECONDS = 2;

const USAGE = `usage: scripts/fuzz-llvm-stress.sh [OPTION]...

Generates one llvm-stress-19 module per seed, retargets it to i386-none-elf,
adds a \`main\` that calls the generated function with zeroed buffers and
prints a checksum of them, normalizes the module with opt-19 and the scratchc
pass plugin, lowers it with \`scratchc build\`, and validates the projects that
compile with tests/vm/validate.js.

Then, unless --no-run is given, each valid project whose module has a defined
result runs with \`scratchc run\`, and its output is compared with the
checksum that native builds print. The result is defined when clang-19 -m32
builds of the module at -O0 and at -O2 both end within ${NATIVE_RUN_SECONDS} s, exit 0 and
print the same line, and the normalized module stores no floating-point
value (scratchc keeps a float in memory as one number, so its bytes do not
read back as C's).

Prints a summary table, writes a JSON report, and exits with status 1 when
any module crashed, hung, gave an invalid project or printed something
other than its native builds (ran-different).

options:
  --from N              first seed (default 1)
  --to N                last seed, inclusive (default 5000)
  --size N              llvm-stress --size, the rough number of instructions
                        per module (default 100, llvm-stress's own default)
  --timeout SECONDS     time limit for each opt-19, scratchc build and clang-19
                        run of one module (default 30); a plugin or backend
                        run that exceeds it is "hung"
  --no-run              compile and validate only: run no project and build
                        nothing natively
  --run-timeout SECONDS time limit for each \`scratchc run\` (default 60); a
                        run that exceeds it is "ran-timeout", which is listed
                        but does not fail the run
  --jobs N              modules processed in parallel (default: CPU count)
  --validate-batch N    projects per validate.js run; starting scratch-vm
                        takes about 1.5 s, so batches save time (default 50)
  --pre-passes PIPELINE run opt-19 -passes=PIPELINE on each module before the
                        plugin (default: none), to fuzz past an early stage;
                        native builds still start from the module before it
  --report FILE         JSON report path (default: WORK_DIR/report.json)
  --work-dir DIR        folder for the files of failing and ran-timeout seeds,
                        which are kept for reproduction (default: a new
                        folder in /tmp)
  --keep-all            keep the files of every seed, not only those above
  --progress-every N    print a progress line every N modules (default 100)
  --plugin FILE         pass plugin (default: $SCRATCHC_PLUGIN, else
                        target/release/libscratchc_plugin.so)
  --scratchc FILE       scratchc binary (default: target/release/scratchc)
  -h, --help            print this help

classes: ran-same, ran-different, ran-timeout and undefined-result (with its
reason) for compiled modules; compiled (under --no-run); plugin-rejected,
backend-rejected; crashed, hung, invalid-project.

exit status: 0 when no module crashed, hung, gave an invalid project or
ran differently; 1 when some did; 2 on bad usage or when a tool is missing
or fails.`;

class UsageError extends Error {}

/** Parses the command line into options; throws UsageError on bad input. */
function parseOptions(argv) {
    const options = {
        from: 1,
        to: 5000,
        size: 100,
        timeoutSeconds: 30,
        run: true,
        runTimeoutSeconds: 60,
        jobs: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
        validateBatch: 50,
        prePasses: null,
        report: null,
        workDir: null,
        keepAll: false,
        progressEvery: 100,
        plugin: process.env.SCRATCHC_PLUGIN || path.join(REPOSITORY_ROOT, 'target', 'release', 'libscratchc_plugin.so'),
        scratchc: path.join(REPOSITORY_ROOT, 'target', 'release', 'scratchc'),
        help: false,
    };
    const integerOptions = {
        '--from': ['from', 0],
        '--to': ['to', 0],
        '--size': ['size', 1],
        '--jobs': ['jobs', 1],
        '--validate-batch': ['validateBatch', 1],
        '--progress-every': ['progressEvery', 1],
    };
    const stringOptions = {
        '--pre-passes': 'prePasses',
        '--report': 'report',
        '--work-dir': 'workDir',
        '--plugin': 'plugin',
        '--scratchc': 'scratchc',
    };
    const secondsOptions = {
        '--timeout': 'timeoutSeconds',
        '--run-timeout': 'runTimeoutSeconds',
    };

    for (let index = 0; index < argv.length; index++) {
        let name = argv[index];
        let value = null;
        const equals = name.indexOf('=');
        if (name.startsWith('--') && equals > 0) {
            value = name.slice(equals + 1);
            name = name.slice(0, equals);
        }
        if (name === '-h' || name === '--help') {
            options.help = true;
            continue;
        }
        if (name === '--keep-all') {
            options.keepAll = true;
            continue;
        }
        if (name === '--no-run') {
            options.run = false;
            continue;
        }
        const takesValue = name in integerOptions || name in stringOptions || name in secondsOptions;
        if (!takesValue) throw new UsageError(`unknown option ${JSON.stringify(name)}`);
        if (value === null) {
            index++;
            if (index >= argv.length) throw new UsageError(`option ${name} is missing its value`);
            value = argv[index];
        }

        if (name in integerOptions) {
            const [key, minimum] = integerOptions[name];
            if (!/^\d+$/.test(value) || Number(value) < minimum) {
                throw new UsageError(`option ${name} expects a whole number of at least ${minimum}, got ${JSON.stringify(value)}`);
            }
            options[key] = Number(value);
        } else if (name in secondsOptions) {
            const seconds = Number(value);
            if (!(seconds > 0)) throw new UsageError(`option ${name} expects a positive number of seconds, got ${JSON.stringify(value)}`);
            options[secondsOptions[name]] = seconds;
        } else {
            options[stringOptions[name]] = value;
        }
    }
    if (options.to < options.from) {
        throw new UsageError(`--to ${options.to} is less than --from ${options.from}`);
    }
    return options;
}

/**
 * Runs a command and resolves with its exit code, signal, output and whether
 * the time limit killed it. Never rejects for the command's own failure.
 */
function runCommand(command, args, {timeoutSeconds = null, cwd = undefined} = {}) {
    return new Promise(resolve => {
        const child = childProcess.spawn(command, args, {cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
        const stdout = [];
        const stderr = [];
        let timedOut = false;
        let timer = null;
        if (timeoutSeconds !== null) {
            timer = setTimeout(() => {
                timedOut = true;
                // The child leads its own process group, so anything it
                // started ends with it.
                try {
                    process.kill(-child.pid, 'SIGKILL');
                } catch {
                    // It exited between the timer firing and the kill.
                }
            }, timeoutSeconds * 1000);
        }
        child.stdout.on('data', chunk => stdout.push(chunk));
        child.stderr.on('data', chunk => stderr.push(chunk));
        child.on('error', error => {
            if (timer) clearTimeout(timer);
            resolve({code: null, signal: null, timedOut: false, stdout: '', stderr: '', spawnError: error});
        });
        child.on('close', (code, signal) => {
            if (timer) clearTimeout(timer);
            resolve({
                code,
                signal,
                timedOut,
                stdout: Buffer.concat(stdout).toString('utf8'),
                stderr: Buffer.concat(stderr).toString('utf8'),
                spawnError: null,
            });
        });
    });
}

/** Error for a missing tool, or a tool failure that stops the whole run (exit status 2). */
class ToolError extends Error {}

/**
 * Returns the `target datalayout` and `target triple` lines that clang-19
 * writes for --target=i386-none-elf, so the fuzzed modules use exactly the
 * layout the toolchain compiles C with.
 */
async function readScratchTarget() {
    const emptySource = path.join(os.tmpdir(), `scratchc-fuzz-target-${process.pid}.c`);
    fs.writeFileSync(emptySource, 'int scratchc_fuzz_probe;\n');
    const result = await runCommand('clang-19', ['--target=i386-none-elf', '-S', '-emit-llvm', '-o', '-', emptySource], {timeoutSeconds: 60});
    fs.rmSync(emptySource, {force: true});
    if (result.spawnError) throw new ToolError(`cannot run clang-19: ${result.spawnError.message}; install clang-19 (scripts/setup.sh does)`);
    if (result.code !== 0) throw new ToolError(`clang-19 --target=i386-none-elf failed: ${result.stderr.trim()}`);

    const datalayout = result.stdout.match(/^target datalayout = ".*"$/m);
    const triple = result.stdout.match(/^target triple = ".*"$/m);
    if (!datalayout || !triple) {
        throw new ToolError('clang-19 --target=i386-none-elf printed no "target datalayout" or "target triple" line');
    }
    return {datalayout: datalayout[0], triple: triple[0]};
}

/**
 * Checks that clang-19 -m32 builds and runs a program with native_output.c,
 * so a missing 32-bit C library stops the run instead of making every module
 * undefined-result.
 */
async function checkNativeToolchain(workDir) {
    const probeSource = path.join(workDir, 'native-probe.c');
    const probeBinary = path.join(workDir, 'native-probe');
    const probeProgram = [
        'void scratch_print_int(int);',
        'void scratch_print_newline(void);',
        'int main(void) { scratch_print_int(-42); scratch_print_newline(); return 0; }',
        '',
    ];
    fs.writeFileSync(probeSource, probeProgram.join('\n'));
    try {
        const built = await runCommand('clang-19', [...NATIVE_FLAGS, '-O0', probeSource, NATIVE_OUTPUT_SOURCE, '-o', probeBinary], {timeoutSeconds: 60});
        if (built.spawnError || built.code !== 0) {
            const detail = built.spawnError ? built.spawnError.message : stderrLines(built.stderr).slice(0, 5).join(' | ');
            throw new ToolError(
                `clang-19 -m32 cannot build a native program (${detail}); install the 32-bit C library ` +
                    '(libc6-dev-i386 lib32gcc-12-dev, as scripts/setup.sh does), or pass --no-run'
            );
        }
        const ran = await runCommand(probeBinary, [], {timeoutSeconds: 10});
        if (ran.stdout !== '-42\n') {
            throw new ToolError(`a native test program built with clang-19 -m32 printed ${JSON.stringify(ran.stdout)} (${describeEnd(ran, 10)}) instead of "-42\\n"`);
        }
    } finally {
        fs.rmSync(probeSource, {force: true});
        fs.rmSync(probeBinary, {force: true});
    }
}

/** Replaces any target lines of an llvm-stress module with the Scratch target's. */
function retarget(moduleText, target) {
    const lines = moduleText.split('\n').filter(line => !/^target (datalayout|triple) = /.test(line));
    const sourceFilenameIndex = lines.findIndex(line => line.startsWith('source_filename = '));
    lines.splice(sourceFilenameIndex + 1, 0, target.datalayout, target.triple);
    return lines.join('\n');
}

/**
 * Reads the name and parameter types of the function that llvm-stress
 * generates from its `define void @autogen_...(...)` line.
 */
function readAutogenSignature(moduleText, seed) {
    const match = moduleText.match(/^define void @(autogen_[-\w.$]+)\((.*)\)\s*\{$/m);
    if (!match) {
        throw new ToolError(`the module of llvm-stress-19 --seed=${seed} has no "define void @autogen_...(...)" line to call`);
    }
    const parameters = match[2].trim() === '' ? [] : match[2].split(', ');
    const parameterTypes = parameters.map(parameter => parameter.replace(/\s+%[-\w.$]+$/, ''));
    return {name: match[1], parameterTypes};
}

/**
 * Returns the constant that the harness passes for a parameter that is not a
 * pointer, or null for a type it has no constant for. The values are small and
 * differ by position: 1 for the first parameter, 2 for the second, and so on.
 */
function harnessConstant(type, index) {
    if (type === 'i1') return 'true';
    if (/^i\d+$/.test(type)) return String(index + 1);
    if (type === 'half' || type === 'float' || type === 'double') return `${index + 1}.5`;
    if (/^<\d+ x (?:i\d+|half|float|double)>$/.test(type)) return 'zeroinitializer';
    return null;
}

/**
 * Returns IR text that gives an llvm-stress module an entry point. It defines
 * one zeroed global buffer per pointer parameter of the generated function,
 * and a `main` that calls the function with those buffers and fixed constants
 * for the other parameters. Then `main` reads each buffer as i32 words,
 * folds them into a checksum h = h * 31 + word (wrapping i32 arithmetic,
 * starting from 1), prints h with scratchc's builtins scratch_print_int and
 * scratch_print_newline, and returns 0.
 */
function generateHarness(signature, seed) {
    const buffers = [];
    const callArguments = signature.parameterTypes.map((type, index) => {
        if (type === 'ptr') {
            const buffer = `@fuzz_buffer_${buffers.length}`;
            buffers.push(buffer);
            return `ptr ${buffer}`;
        }
        const constant = harnessConstant(type, index);
        if (constant === null) {
            throw new ToolError(`the harness has no argument for parameter ${index} (${type}) of @${signature.name}, from llvm-stress-19 --seed=${seed}`);
        }
        return `${type} ${constant}`;
    });

    const lines = ['', '; Entry point added by tests/fuzz/llvm-stress.js.'];
    for (const buffer of buffers) {
        lines.push(`${buffer} = global [${HARNESS_BUFFER_I64_COUNT} x i64] zeroinitializer, align 16`);
    }
    lines.push('', 'declare void @scratch_print_int(i32)', 'declare void @scratch_print_newline()');

    lines.push('', 'define i32 @main() {', 'entry:');
    lines.push(`  call void @${signature.name}(${callArguments.join(', ')})`);
    let checksum = 'i32 1';
    buffers.forEach((buffer, index) => {
        lines.push(`  %checksum.${index} = call i32 @fuzz_checksum(${checksum}, ptr ${buffer})`);
        checksum = `i32 %checksum.${index}`;
    });
    lines.push(`  call void @scratch_print_int(${checksum})`);
    lines.push('  call void @scratch_print_newline()');
    lines.push('  ret i32 0', '}');

    lines.push(
        '',
        '; Returns h after h = h * 31 + word for each i32 word of the buffer.',
        'define internal i32 @fuzz_checksum(i32 %start, ptr %buffer) {',
        'entry:',
        '  br label %loop',
        '',
        'loop:',
        '  %index = phi i32 [ 0, %entry ], [ %index.next, %loop ]',
        '  %h = phi i32 [ %start, %entry ], [ %h.next, %loop ]',
        '  %address = getelementptr inbounds i32, ptr %buffer, i32 %index',
        '  %word = load i32, ptr %address, align 4',
        '  %h.scaled = mul i32 %h, 31',
        '  %h.next = add i32 %h.scaled, %word',
        '  %index.next = add i32 %index, 1',
        `  %done = icmp eq i32 %index.next, ${HARNESS_BUFFER_WORD_COUNT}`,
        '  br i1 %done, label %exit, label %loop',
        '',
        'exit:',
        '  ret i32 %h.next',
        '}',
        ''
    );
    return lines.join('\n');
}

/** Returns the non-empty lines of a tool's stderr. */
function stderrLines(text) {
    return text.split('\n').map(line => line.trimEnd()).filter(line => line.length > 0);
}

/** Describes how a process ended, for reports: "exit 3", "signal SIGSEGV", "timed out after 30 s". */
function describeEnd(result, timeoutSeconds) {
    if (result.timedOut) return `timed out after ${timeoutSeconds} s`;
    if (result.signal) return `signal ${result.signal}`;
    return `exit ${result.code}`;
}

/**
 * Classifies one run of opt-19 or scratchc. Returns null when it succeeded,
 * else {class, stage, end, message, reason} where `reason` is the grouping key.
 * `rejectCode` is the exit code of a clean rejection: 1 for opt-19, 2 for scratchc.
 */
function classifyStep(stage, result, rejectCode, timeoutSeconds) {
    const end = describeEnd(result, timeoutSeconds);
    const lines = stderrLines(result.stderr);
    const message = lines.slice(0, 40).join('\n');

    if (result.timedOut) {
        return {class: 'hung', stage, end, message, reason: `${stage}: ${end}`};
    }
    if (result.code === 0 && !result.signal && !crashSignature(lines)) return null;

    const signature = crashSignature(lines);
    const clean = !result.signal && result.code === rejectCode && lines.length === 1 && !signature;
    if (clean) {
        const rejectClass = stage === 'plugin' ? 'plugin-rejected' : 'backend-rejected';
        return {class: rejectClass, stage, end, message, reason: normalizeReason(lines[0])};
    }

    let reason;
    if (signature) {
        reason = signature;
    } else if (result.code !== rejectCode || result.signal) {
        reason = `${end}: ${lines.length > 0 ? normalizeReason(lines[0]) : 'no message'}`;
    } else {
        reason = `exit ${rejectCode} with ${lines.length === 0 ? 'no message' : `a ${lines.length}-line message`}: ${lines.length > 0 ? normalizeReason(lines[0]) : ''}`.trimEnd();
    }
    return {class: 'crashed', stage, end, message, reason: `${stage}: ${reason}`};
}

/** A counting semaphore that limits how many tasks run at once. */
class Semaphore {
    constructor(limit) {
        this.available = limit;
        this.waiting = [];
    }

    /** Runs `work` in a free slot. An urgent task goes ahead of all waiting ones. */
    async use(work, {urgent = false} = {}) {
        if (this.available > 0) {
            this.available--;
        } else {
            await new Promise(resolve => (urgent ? this.waiting.unshift(resolve) : this.waiting.push(resolve)));
        }
        try {
            return await work();
        } finally {
            const next = this.waiting.shift();
            if (next) next();
            else this.available++;
        }
    }
}

/**
 * Generates, harnesses, normalizes and lowers the module of one seed, and
 * unless --no-run is given finds its defined result. Resolves with {seed,
 * class?, stage?, end?, message?, reason?, project?, definedResult?}: a result
 * with a `project` path and no class still waits for validation.
 */
async function compileSeed(seed, options, target) {
    const seedDir = path.join(options.workDir, `seed-${seed}`);
    fs.mkdirSync(seedDir, {recursive: true});
    const stressFile = path.join(seedDir, 'stress.ll');
    const inputFile = path.join(seedDir, 'input.ll');
    const prePassedFile = path.join(seedDir, 'pre-passed.bc');
    const normalizedFile = path.join(seedDir, 'normalized.ll');
    const projectFile = path.join(seedDir, 'project.sb3');

    const generated = await runCommand('llvm-stress-19', [`--seed=${seed}`, `--size=${options.size}`, '-o', stressFile], {timeoutSeconds: 60});
    if (generated.spawnError || generated.code !== 0) {
        const detail = generated.spawnError ? generated.spawnError.message : `${describeEnd(generated, 60)}: ${generated.stderr.trim()}`;
        throw new ToolError(`llvm-stress-19 --seed=${seed} failed: ${detail}`);
    }
    const stressText = fs.readFileSync(stressFile, 'utf8');
    const harness = generateHarness(readAutogenSignature(stressText, seed), seed);
    const inputText = retarget(stressText, target) + harness;
    fs.writeFileSync(inputFile, inputText);
    fs.rmSync(stressFile);

    let pluginInput = inputFile;
    if (options.prePasses) {
        const prePassed = await runCommand('opt-19', [`-passes=${options.prePasses}`, inputFile, '-o', prePassedFile], {timeoutSeconds: options.timeoutSeconds});
        if (prePassed.code !== 0) {
            const outcome = classifyStep('pre-passes', prePassed, -1, options.timeoutSeconds);
            return {seed, ...outcome, reason: `${outcome.reason} (opt-19 -passes=${options.prePasses}, before the plugin)`};
        }
        pluginInput = prePassedFile;
    }

    const normalized = await runCommand(
        'opt-19',
        [`-load-pass-plugin=${options.plugin}`, '-passes=scratch-normalize', '-S', pluginInput, '-o', normalizedFile],
        {timeoutSeconds: options.timeoutSeconds}
    );
    if (normalized.spawnError) throw new ToolError(`cannot run opt-19: ${normalized.spawnError.message}`);
    const pluginOutcome = classifyStep('plugin', normalized, 1, options.timeoutSeconds);
    if (pluginOutcome) return {seed, ...pluginOutcome};

    const built = await runCommand(options.scratchc, ['build', normalizedFile, '-o', projectFile], {timeoutSeconds: options.timeoutSeconds});
    if (built.spawnError) throw new ToolError(`cannot run ${options.scratchc}: ${built.spawnError.message}`);
    const backendOutcome = classifyStep('backend', built, 2, options.timeoutSeconds);
    if (backendOutcome) return {seed, ...backendOutcome};

    if (!fs.existsSync(projectFile)) {
        return {
            seed,
            class: 'invalid-project',
            stage: 'backend',
            end: 'exit 0',
            message: 'scratchc build exited 0 but wrote no project file',
            reason: 'backend: exit 0 without a project file',
        };
    }
    if (!options.run) return {seed, project: projectFile};
    const definedResult = await findDefinedResult(seedDir, inputText, fs.readFileSync(normalizedFile, 'utf8'), options);
    return {seed, project: projectFile, definedResult};
}

/**
 * Returns the first line of IR that stores a floating-point value, scalar or
 * vector, or null. scratchc stores a float as one number rather than its
 * bytes, so integer loads of that memory, the harness's checksum among them,
 * read other values than C does. This test is coarse: it also counts stores
 * to memory that is never read as an integer.
 */
function findFloatStore(moduleText) {
    const match = moduleText.match(/^.*\bstore (?:<\d+ x )?(?:half|bfloat|float|double|x86_fp80|fp128)\b.*$/m);
    return match ? match[0].trim() : null;
}

/**
 * Returns the first store of `undef` or `poison` in a module's text, or
 * null. The memory it writes may hold anything afterwards: a native build
 * may skip the store and Scratch writes zero, and both are right.
 */
function findUndefinedStore(moduleText) {
    const match = moduleText.match(/^.*\bstore [^,]*\b(?:undef|poison)\b\s*,.*$/m);
    return match ? match[0].trim() : null;
}

/**
 * Builds the harnessed module natively at one optimization level and runs it
 * for at most NATIVE_RUN_SECONDS. Resolves with {stdout} when it built, ended
 * and exited 0, else with {reason, message}. Writes how the run ended and its
 * output beside the binary, in `native-O0.out` for -O0.
 */
async function runNatively(seedDir, nativeModule, optimization, options) {
    const binary = path.join(seedDir, `native${optimization}`);
    const built = await runCommand('clang-19', [...NATIVE_FLAGS, optimization, nativeModule, NATIVE_OUTPUT_SOURCE, '-o', binary], {
        timeoutSeconds: options.timeoutSeconds,
    });
    if (built.spawnError) throw new ToolError(`cannot run clang-19: ${built.spawnError.message}`);
    if (built.code !== 0 || built.signal || built.timedOut) {
        const lines = stderrLines(built.stderr);
        const firstError = lines.find(line => /error/i.test(line)) || lines[0] || 'no message';
        return {
            reason: `native ${optimization} build failed: ${normalizeReason(firstError)}`,
            message: `clang-19 ${optimization} ${describeEnd(built, options.timeoutSeconds)}: ${lines.slice(0, 20).join('\n')}`,
        };
    }

    const ran = await runCommand(binary, [], {timeoutSeconds: NATIVE_RUN_SECONDS});
    if (ran.spawnError) throw new ToolError(`cannot run the native build ${binary}: ${ran.spawnError.message}`);
    const end = describeEnd(ran, NATIVE_RUN_SECONDS);
    fs.writeFileSync(`${binary}.out`, `${end}\n--- stdout\n${ran.stdout}--- stderr\n${ran.stderr}`);

    let reason = null;
    if (ran.timedOut) reason = `native ${optimization} run did not end within ${NATIVE_RUN_SECONDS} s`;
    else if (ran.signal) reason = `native ${optimization} run ended by ${ran.signal}`;
    else if (ran.code !== 0) reason = `native ${optimization} run exited with status ${ran.code}`;
    if (reason) return {reason, message: `${reason}; it printed ${JSON.stringify(ran.stdout.slice(0, 200))}`};
    return {stdout: ran.stdout};
}

/**
 * Decides whether a harnessed module has a defined result, the output its
 * Scratch build must print. The normalized module must store no
 * floating-point value and no undef or poison. Native builds at -O0 and -O2, from the module before
 * the plugin and any --pre-passes, must both end, exit 0 and print the same
 * text. llvm-stress modules often compute poison or divide by zero, and then
 * the two optimization levels tend to disagree. Resolves with {expected}, or
 * with {reason, message} saying why the result is undefined.
 */
async function findDefinedResult(seedDir, inputText, normalizedText, options) {
    const floatStore = findFloatStore(normalizedText);
    if (floatStore) {
        return {reason: 'stores floats', message: `the normalized module stores a floating-point value: ${floatStore}`};
    }
    const undefinedStore = findUndefinedStore(normalizedText);
    if (undefinedStore) {
        return {reason: 'stores undefined values', message: `the normalized module stores undef or poison: ${undefinedStore}`};
    }

    const nativeModule = path.join(seedDir, 'native.ll');
    fs.writeFileSync(nativeModule, inputText.replace(/^target triple = .*$/m, NATIVE_TRIPLE));
    const outputs = [];
    for (const optimization of NATIVE_OPTIMIZATIONS) {
        const native = await runNatively(seedDir, nativeModule, optimization, options);
        if (native.reason) return native;
        outputs.push(native.stdout);
    }
    if (outputs[0] !== outputs[1]) {
        return {
            reason: 'native -O0 and -O2 differ',
            message: `native -O0 printed ${JSON.stringify(outputs[0])}, -O2 printed ${JSON.stringify(outputs[1])}`,
        };
    }
    return {expected: outputs[0]};
}

/**
 * Validates projects with one validate.js run. Resolves with a Map from
 * project path to null (valid) or the reason it is invalid. Projects that the
 * run did not report on, because it crashed or timed out, are missing.
 */
async function validateBatch(projects, options) {
    const timeoutSeconds = 30 + 10 * projects.length;
    const result = await runCommand(process.execPath, [VALIDATE_SCRIPT, ...projects], {timeoutSeconds, cwd: REPOSITORY_ROOT});
    if (result.spawnError) throw new ToolError(`cannot run validate.js: ${result.spawnError.message}`);

    const verdicts = new Map();
    const pending = new Set(projects);
    for (const line of result.stdout.split('\n')) {
        for (const project of pending) {
            if (line === `${project}: ok`) {
                verdicts.set(project, null);
            } else if (line.startsWith(`${project}: `)) {
                verdicts.set(project, line.slice(project.length + 2));
            } else {
                continue;
            }
            pending.delete(project);
            break;
        }
    }
    verdicts.end = describeEnd(result, timeoutSeconds);
    verdicts.stderr = result.stderr.trim();
    return verdicts;
}

/**
 * Validates compiled seeds in batches. A project that a batch leaves
 * unreported is validated alone, so one project that crashes validate.js does
 * not mark its whole batch invalid.
 */
async function validateSeeds(compiledResults, options) {
    const verdicts = await validateBatch(compiledResults.map(result => result.project), options);
    for (const result of compiledResults) {
        let verdict = verdicts.get(result.project);
        let end = verdicts.end;
        let stderr = verdicts.stderr;
        if (verdict === undefined) {
            const alone = await validateBatch([result.project], options);
            verdict = alone.get(result.project);
            end = alone.end;
            stderr = alone.stderr;
            if (verdict === undefined) {
                verdict = `validate.js ended (${end}) without a verdict: ${stderrLines(stderr).slice(0, 3).join(' | ') || 'no message'}`;
            }
        }
        if (verdict === null) {
            result.class = 'compiled';
        } else {
            result.class = 'invalid-project';
            result.stage = 'validate';
            result.end = end;
            result.message = verdict;
            result.reason = `validate: ${normalizeReason(verdict)}`;
        }
    }
}

/**
 * Runs a valid project with `scratchc run` and compares what it prints with
 * its defined result. Sets the result's class to ran-same, ran-different or
 * ran-timeout, and writes how the run ended and its output to
 * `scratch-run.out` beside the project.
 */
async function runProject(result, options) {
    const limit = options.runTimeoutSeconds;
    // scratchc run stops itself after `limit` with exit status 124. The extra
    // minute covers starting scratch-vm, and a kill after it counts the same.
    const killSeconds = limit + 60;
    const run = await runCommand(options.scratchc, ['run', '--timeout', String(limit), result.project], {
        timeoutSeconds: killSeconds,
        cwd: REPOSITORY_ROOT,
    });
    if (run.spawnError) throw new ToolError(`cannot run ${options.scratchc}: ${run.spawnError.message}`);
    const timedOut = run.timedOut || (run.code === 124 && !run.signal);
    const end = timedOut ? `timed out after ${run.timedOut ? killSeconds : limit} s` : describeEnd(run, killSeconds);
    const outputFile = path.join(path.dirname(result.project), 'scratch-run.out');
    fs.writeFileSync(outputFile, `${end}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`);

    const expected = result.definedResult.expected;
    result.stage = 'run';
    result.end = end;
    result.nativeOutput = expected;
    result.scratchOutput = run.stdout;
    const lines = stderrLines(run.stderr);
    const printed = `native builds printed ${JSON.stringify(expected)}; scratchc run printed ${JSON.stringify(run.stdout.slice(0, 200))} (${end})`;
    if (timedOut) {
        result.class = 'ran-timeout';
        result.reason = `run: scratchc run did not end within ${limit} s`;
        result.message = printed;
    } else if (run.code === 0 && !run.signal && run.stdout === expected) {
        result.class = 'ran-same';
        result.reason = null;
        result.message = null;
    } else {
        result.class = 'ran-different';
        result.reason = run.code === 0 && !run.signal
            ? 'run: output differs from the native builds'
            : `run: scratchc run ${end}: ${lines.length > 0 ? normalizeReason(lines[0]) : 'no message'}`;
        result.message = [printed, ...lines.slice(0, 20)].join('\n');
    }
}

/**
 * Gives a validated seed its final class when projects are run: it runs the
 * project when its module has a defined result, else it is undefined-result.
 * Returns the run's promise, or null when nothing runs.
 */
function scheduleRun(result, semaphore, options) {
    if (!options.run || result.class !== 'compiled') return null;
    if (result.definedResult.reason) {
        result.class = 'undefined-result';
        result.stage = 'defined-result';
        result.reason = result.definedResult.reason;
        result.message = result.definedResult.message;
        return null;
    }
    // Urgent, so runs keep pace with compilation and their projects do not pile up.
    return semaphore.use(() => runProject(result, options), {urgent: true});
}

/** Counts results by class and groups them by reason, except the classes in UNGROUPED_CLASSES. */
function summarize(results) {
    const counts = Object.fromEntries(CLASSES.map(name => [name, 0]));
    const groups = new Map();
    for (const result of results) {
        counts[result.class]++;
        if (UNGROUPED_CLASSES.has(result.class)) continue;
        const key = `${result.class}\u0000${result.reason}`;
        if (!groups.has(key)) groups.set(key, {class: result.class, reason: result.reason, count: 0, seeds: [], example: null});
        const group = groups.get(key);
        group.count++;
        group.seeds.push(result.seed);
        if (group.example === null) group.example = {seed: result.seed, end: result.end, message: result.message};
    }
    const sortedGroups = [...groups.values()].sort(
        (a, b) => CLASSES.indexOf(a.class) - CLASSES.indexOf(b.class) || b.count - a.count || a.reason.localeCompare(b.reason)
    );
    return {counts, groups: sortedGroups};
}

/** Returns the classes a run can produce: `compiled` under --no-run, the run classes otherwise. */
function reachableClasses(options) {
    return CLASSES.filter(name => (options.run ? name !== 'compiled' : !RUN_CLASSES.has(name)));
}

/** Formats the summary table: counts by class, then every reason group. */
function formatSummary(summary, total, seconds, options) {
    const classes = reachableClasses(options);
    const lines = [];
    lines.push(`llvm-stress fuzz: ${total} modules in ${seconds.toFixed(0)} s`);
    lines.push('');
    lines.push('class              modules');
    for (const name of classes) {
        lines.push(`${name.padEnd(18)} ${String(summary.counts[name]).padStart(7)}`);
    }
    if (options.run) {
        const compiled = [...RUN_CLASSES].reduce((sum, name) => sum + summary.counts[name], 0);
        lines.push(`(compiled and valid: ${compiled}, the modules of the first four classes)`);
    }
    for (const name of classes) {
        const groups = summary.groups.filter(group => group.class === name);
        if (groups.length === 0) continue;
        lines.push('');
        lines.push(`${name}, by reason (modules, first seeds, reason):`);
        for (const group of groups) {
            const seeds = group.seeds.slice(0, 3).join(',') + (group.seeds.length > 3 ? ',...' : '');
            lines.push(`${String(group.count).padStart(7)}  ${seeds.padEnd(20)} ${group.reason}`);
        }
    }
    return lines.join('\n');
}

/** Prints a progress line to stderr. */
function reportProgress(done, total, results, startTime, options) {
    const counts = Object.fromEntries(CLASSES.map(name => [name, 0]));
    for (const result of results) if (result.class) counts[result.class]++;
    // Under a run, a seed stays `compiled` from its validation until its run ends.
    const pending = results.filter(result => !result.class).length + (options.run ? counts.compiled : 0);
    const seconds = (Date.now() - startTime) / 1000;
    const parts = reachableClasses(options).map(name => `${name} ${counts[name]}`).join(', ');
    const waitingFor = options.run ? 'validation or a run' : 'validation';
    process.stderr.write(
        `fuzz: ${done}/${total} modules compiled or rejected in ${seconds.toFixed(0)} s (${parts}; ${pending} awaiting ${waitingFor})\n`
    );
}

/** Checks that the plugin and scratchc exist, with the fix when they do not. */
function checkTools(options) {
    for (const [what, file] of [['pass plugin', options.plugin], ['scratchc binary', options.scratchc]]) {
        if (!fs.existsSync(file)) {
            throw new ToolError(`the ${what} ${file} is missing: run \`cargo build --release --workspace\` first, or pass its path`);
        }
    }
}

async function main() {
    let options;
    try {
        options = parseOptions(process.argv.slice(2));
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`fuzz-llvm-stress: ${error.message} (try --help)\n`);
        return 2;
    }
    if (options.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    options.plugin = path.resolve(options.plugin);
    options.scratchc = path.resolve(options.scratchc);
    options.workDir = path.resolve(options.workDir || fs.mkdtempSync(path.join(os.tmpdir(), 'scratchc-fuzz-')));
    fs.mkdirSync(options.workDir, {recursive: true});
    options.report = path.resolve(options.report || path.join(options.workDir, 'report.json'));
    checkTools(options);
    const target = await readScratchTarget();
    if (options.run) await checkNativeToolchain(options.workDir);

    const seeds = [];
    for (let seed = options.from; seed <= options.to; seed++) seeds.push(seed);
    const startTime = Date.now();
    const semaphore = new Semaphore(options.jobs);
    const results = [];
    const awaitingValidation = [];
    const validations = [];
    const runs = [];
    let done = 0;

    // Starts a validate.js run on the projects that are waiting, and then the
    // runs of the valid ones. It shares the job slots with compilation and
    // takes the next free one, so projects do not wait for every seed to
    // compile.
    const flushValidation = () => {
        if (awaitingValidation.length === 0) return;
        const batch = awaitingValidation.splice(0, awaitingValidation.length);
        const validation = semaphore.use(() => validateSeeds(batch, options), {urgent: true});
        validations.push(
            validation.then(() => {
                for (const result of batch) {
                    const run = scheduleRun(result, semaphore, options);
                    if (run) runs.push(run);
                }
            })
        );
    };

    await Promise.all(
        seeds.map(seed =>
            semaphore.use(async () => {
                const result = await compileSeed(seed, options, target);
                results.push(result);
                if (result.project) {
                    awaitingValidation.push(result);
                    if (awaitingValidation.length >= options.validateBatch) flushValidation();
                }
                done++;
                if (done % options.progressEvery === 0) reportProgress(done, seeds.length, results, startTime, options);
            })
        )
    );
    flushValidation();
    await Promise.all(validations);
    // Every run was scheduled by a validation above, so `runs` is complete.
    await Promise.all(runs);

    // Keep the files of failing and timed-out seeds for reproduction, and the
    // rest only on request.
    for (const result of results) {
        const seedDir = path.join(options.workDir, `seed-${result.seed}`);
        if (KEPT_CLASSES.has(result.class) || options.keepAll) {
            result.files = seedDir;
        } else {
            fs.rmSync(seedDir, {recursive: true, force: true});
        }
        delete result.project;
        delete result.definedResult;
    }
    results.sort((a, b) => a.seed - b.seed);

    const seconds = (Date.now() - startTime) / 1000;
    const summary = summarize(results);
    const failures = results.filter(result => FAILING_CLASSES.has(result.class));
    const report = {
        generator: `llvm-stress-19 --seed=N --size=${options.size}`,
        target,
        options: {
            from: options.from,
            to: options.to,
            size: options.size,
            timeoutSeconds: options.timeoutSeconds,
            run: options.run,
            runTimeoutSeconds: options.runTimeoutSeconds,
            nativeRunSeconds: NATIVE_RUN_SECONDS,
            jobs: options.jobs,
            prePasses: options.prePasses,
            plugin: options.plugin,
            scratchc: options.scratchc,
        },
        seconds: Math.round(seconds),
        counts: summary.counts,
        groups: summary.groups,
        failures,
        workDir: options.workDir,
        // Every seed's class, and the outputs of the seeds that ran. The
        // messages of failing seeds are in `failures` only.
        modules: results.map(({seed, class: moduleClass, stage, reason, message, nativeOutput, scratchOutput}) => {
            const entry = {seed, class: moduleClass, stage, reason};
            if (!FAILING_CLASSES.has(moduleClass)) entry.message = message;
            if (nativeOutput !== undefined) Object.assign(entry, {nativeOutput, scratchOutput});
            return entry;
        }),
    };
    fs.writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`);

    process.stdout.write(`${formatSummary(summary, results.length, seconds, options)}\n\n`);
    process.stdout.write(`report: ${options.report}\n`);
    const keptResults = results.filter(result => KEPT_CLASSES.has(result.class));
    if (keptResults.length > 0) {
        process.stdout.write(`files of the ${keptResults.length} failing or timed-out seeds: ${options.workDir}/seed-N/\n`);
    }
    return failures.length > 0 ? 1 : 0;
}

main().then(
    code => process.exit(code),
    error => {
        if (error instanceof ToolError) {
            process.stderr.write(`fuzz-llvm-stress: ${error.message}\n`);
            process.exit(2);
        }
        process.stderr.write(`fuzz-llvm-stress: ${error.stack || error}\n`);
        process.exit(2);
    }
);
