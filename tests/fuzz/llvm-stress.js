#!/usr/bin/env node
'use strict';

// Fuzzes the toolchain with random modules from llvm-stress-19. Each module is
// retargeted to the Scratch target, normalized by the pass plugin under opt-19,
// lowered by `scratchc build`, and the projects that compile are checked with
// tests/vm/validate.js. Every module ends in one class (see CLASSES), and the
// run fails when any module crashed, hung or gave an invalid project.
//
// NOTE: the function llvm-stress writes is not `main` and takes an i64
// parameter, and scratchc build rejects a program without an entry point, so
// no module compiles as generated. Until a harness adds an entry point, the
// "compiled" and "invalid-project" classes stay empty.

const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {normalizeReason, crashSignature} = require('./classify.js');

const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');
const VALIDATE_SCRIPT = path.join(REPOSITORY_ROOT, 'tests', 'vm', 'validate.js');

// Classes in the order the summary lists them. The last three fail the run.
const CLASSES = ['compiled', 'plugin-rejected', 'backend-rejected', 'crashed', 'hung', 'invalid-project'];
const FAILING_CLASSES = new Set(['crashed', 'hung', 'invalid-project']);

const USAGE = `usage: scripts/fuzz-llvm-stress.sh [OPTION]...

Generates one llvm-stress-19 module per seed, retargets it to i386-none-elf,
normalizes it with opt-19 and the scratchc pass plugin, lowers it with
\`scratchc build\`, and validates the projects that compile with
tests/vm/validate.js. Prints a summary table, writes a JSON report, and exits
with status 1 when any module crashed, hung or gave an invalid project.

options:
  --from N              first seed (default 1)
  --to N                last seed, inclusive (default 5000)
  --size N              llvm-stress --size, the rough number of instructions
                        per module (default 100, llvm-stress's own default)
  --timeout SECONDS     time limit for each opt-19 and scratchc run of one
                        module (default 30); a run that exceeds it is "hung"
  --jobs N              modules processed in parallel (default: CPU count)
  --validate-batch N    projects per validate.js run; starting scratch-vm
                        takes about 1.5 s, so batches save time (default 50)
  --pre-passes PIPELINE run opt-19 -passes=PIPELINE on each module before the
                        plugin (default: none), to fuzz past an early stage
  --report FILE         JSON report path (default: WORK_DIR/report.json)
  --work-dir DIR        folder for the modules of failing seeds, which are
                        kept for reproduction (default: a new folder in /tmp)
  --keep-all            keep the files of every seed, not only failing ones
  --progress-every N    print a progress line every N modules (default 100)
  --plugin FILE         pass plugin (default: $SCRATCHC_PLUGIN, else
                        target/release/libscratchc_plugin.so)
  --scratchc FILE       scratchc binary (default: target/release/scratchc)
  -h, --help            print this help

exit status: 0 when no module crashed, hung or gave an invalid project;
1 when some did; 2 on bad usage or when a tool is missing or fails.`;

class UsageError extends Error {}

/** Parses the command line into options; throws UsageError on bad input. */
function parseOptions(argv) {
    const options = {
        from: 1,
        to: 5000,
        size: 100,
        timeoutSeconds: 30,
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
        const takesValue = name in integerOptions || name in stringOptions || name === '--timeout';
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
        } else if (name === '--timeout') {
            const seconds = Number(value);
            if (!(seconds > 0)) throw new UsageError(`option --timeout expects a positive number of seconds, got ${JSON.stringify(value)}`);
            options.timeoutSeconds = seconds;
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

/** Replaces any target lines of an llvm-stress module with the Scratch target's. */
function retarget(moduleText, target) {
    const lines = moduleText.split('\n').filter(line => !/^target (datalayout|triple) = /.test(line));
    const sourceFilenameIndex = lines.findIndex(line => line.startsWith('source_filename = '));
    lines.splice(sourceFilenameIndex + 1, 0, target.datalayout, target.triple);
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
 * Generates, normalizes and lowers the module of one seed. Resolves with
 * {seed, class?, stage?, end?, message?, reason?, project?}: a result with a
 * `project` path and no class still waits for validation.
 */
async function compileSeed(seed, options, target) {
    const seedDir = path.join(options.workDir, `seed-${seed}`);
    fs.mkdirSync(seedDir, {recursive: true});
    const stressFile = path.join(seedDir, 'stress.ll');
    const inputFile = path.join(seedDir, 'input.ll');
    const prePassedFile = path.join(seedDir, 'pre-passed.bc');
    const normalizedFile = path.join(seedDir, 'normalized.bc');
    const projectFile = path.join(seedDir, 'project.sb3');

    const generated = await runCommand('llvm-stress-19', [`--seed=${seed}`, `--size=${options.size}`, '-o', stressFile], {timeoutSeconds: 60});
    if (generated.spawnError || generated.code !== 0) {
        const detail = generated.spawnError ? generated.spawnError.message : `${describeEnd(generated, 60)}: ${generated.stderr.trim()}`;
        throw new ToolError(`llvm-stress-19 --seed=${seed} failed: ${detail}`);
    }
    fs.writeFileSync(inputFile, retarget(fs.readFileSync(stressFile, 'utf8'), target));
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
        [`-load-pass-plugin=${options.plugin}`, '-passes=scratch-normalize', pluginInput, '-o', normalizedFile],
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
    return {seed, project: projectFile};
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

/** Counts results by class and groups non-compiled ones by stage and reason. */
function summarize(results) {
    const counts = Object.fromEntries(CLASSES.map(name => [name, 0]));
    const groups = new Map();
    for (const result of results) {
        counts[result.class]++;
        if (result.class === 'compiled') continue;
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

/** Formats the summary table: counts by class, then every reason group. */
function formatSummary(summary, total, seconds) {
    const lines = [];
    lines.push(`llvm-stress fuzz: ${total} modules in ${seconds.toFixed(0)} s`);
    lines.push('');
    lines.push('class              modules');
    for (const name of CLASSES) {
        lines.push(`${name.padEnd(18)} ${String(summary.counts[name]).padStart(7)}`);
    }
    for (const name of CLASSES.slice(1)) {
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
function reportProgress(done, total, results, startTime) {
    const counts = Object.fromEntries(CLASSES.map(name => [name, 0]));
    for (const result of results) if (result.class) counts[result.class]++;
    const pendingValidation = results.filter(result => !result.class).length;
    const seconds = (Date.now() - startTime) / 1000;
    const parts = CLASSES.map(name => `${name} ${counts[name]}`).join(', ');
    process.stderr.write(
        `fuzz: ${done}/${total} modules compiled or rejected in ${seconds.toFixed(0)} s (${parts}; ${pendingValidation} awaiting validation)\n`
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

    const seeds = [];
    for (let seed = options.from; seed <= options.to; seed++) seeds.push(seed);
    const startTime = Date.now();
    const semaphore = new Semaphore(options.jobs);
    const results = [];
    const awaitingValidation = [];
    const validations = [];
    let done = 0;

    // Starts a validate.js run on the projects that are waiting. It shares the
    // job slots with compilation and takes the next free one, so projects do
    // not wait for every seed to compile.
    const flushValidation = () => {
        if (awaitingValidation.length === 0) return;
        const batch = awaitingValidation.splice(0, awaitingValidation.length);
        validations.push(semaphore.use(() => validateSeeds(batch, options), {urgent: true}));
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
                if (done % options.progressEvery === 0) reportProgress(done, seeds.length, results, startTime);
            })
        )
    );
    flushValidation();
    await Promise.all(validations);

    // Keep the files of failing seeds for reproduction, and the rest only on request.
    for (const result of results) {
        const seedDir = path.join(options.workDir, `seed-${result.seed}`);
        if (FAILING_CLASSES.has(result.class) || options.keepAll) {
            result.files = seedDir;
        } else {
            fs.rmSync(seedDir, {recursive: true, force: true});
        }
        delete result.project;
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
        // Every seed's class. The messages of failing seeds are in `failures` only.
        modules: results.map(({seed, class: moduleClass, stage, reason, message}) =>
            FAILING_CLASSES.has(moduleClass) ? {seed, class: moduleClass, stage, reason} : {seed, class: moduleClass, stage, reason, message}
        ),
    };
    fs.writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`);

    process.stdout.write(`${formatSummary(summary, results.length, seconds)}\n\n`);
    process.stdout.write(`report: ${options.report}\n`);
    if (failures.length > 0) {
        process.stdout.write(`files of the ${failures.length} failing seeds: ${options.workDir}/seed-N/\n`);
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
