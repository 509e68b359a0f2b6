#!/usr/bin/env node
'use strict';

// The benchmark driver behind scripts/bench.sh. It runs the stories260K
// project and the matvec64 micro-benchmark in scratch-vm (tests/vm/run.js)
// and in TurboWarp (tests/vm/turbowarp.js). It also times the hand-written
// JavaScript forward pass (forward.js) in Node and in headless Chromium, and
// the native builds. Then it prints one table and writes the numbers as JSON.

const assert = require('node:assert/strict');
const {spawn} = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {performance} = require('node:perf_hooks');
const {parseArgs} = require('node:util');

const forwardModule = require('./forward.js');

const USAGE = `usage: node tests/vm/bench/run.js --build-json FILE --out FILE.json

Reads the build record that scripts/bench.sh writes (file paths, compile times
and the backend's statistics), runs every benchmark one after another, prints
a table on stdout and writes all numbers to FILE.json.

options:
  --build-json FILE   the build record from scripts/bench.sh
  --out FILE.json     where to write the results
  --js-runs N         measured greedy generations of the hand-written JS
                      forward pass, after 30 warm-up generations (default 10)

exit status: 0 when every benchmark ran and every runtime generated the
expected ids, 1 when one did not, 2 on bad usage.`;

const VM_DIR = path.join(__dirname, '..');
const RUN_JS = path.join(VM_DIR, 'run.js');
const TURBOWARP_JS = path.join(VM_DIR, 'turbowarp.js');
const FORWARD_JS = path.join(__dirname, 'forward.js');

const STEPS = 32;
const EXPECTED_IDS = [
    403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338,
    401, 396, 267, 337, 410, 408, 419, 292, 411, 322, 265, 282, 295, 433, 426, 385
];
// The product's multiply-adds: 64 rows of 64 weights.
const MATVEC_MULTIPLY_ADDS = 64 * 64;
// 512 times the check value of the matvec64 inputs, which every runtime
// computes exactly (tests/bench/matvec64.c explains why).
const MATVEC_CHECK_512 = -10443235;
// In one Chromium page, the hand-written JS (unpacked weights) took 0.65 to
// 0.90 ms per token in its first four generations, 0.34 to 0.51 ms in the
// next twenty, and 0.34 to 0.37 ms after that. Node is steady from the third.
const JS_WARMUP_RUNS = 30;
// Warm-up and measured generations in the Scratch VMs, whose JavaScript
// engine compiles the hot code to faster code as it runs (--js-runs does not
// change them). In one TurboWarp page the unpacked build's script time per
// token went from 2.79 to 1.27 ms in runs 1 to 5. It was 1.22 to 1.29 ms in
// runs 6 to 10, and 1.20 to 1.26 ms in runs 11 to 20. A scratch-vm run takes
// seconds, so there one of each is enough.
const TURBOWARP_WARMUP_RUNS = 10;
const TURBOWARP_MEASURED_RUNS = 10;
const SCRATCH_VM_WARMUP_RUNS = 1;
const JS_MATVEC_MIN_MS = 1000;
const CHILD_TIMEOUT_SECONDS = 300;

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

function fail(message, code = EXIT_FAILURE) {
    process.stderr.write(`bench: ${message}\n`);
    process.exit(code);
}

function log(message) {
    process.stderr.write(`bench: ${message}\n`);
}

/** Parses the command line and exits with status 2 on bad usage. */
function parseCommandLine(argv) {
    let values;
    try {
        ({values} = parseArgs({
            args: argv,
            options: {
                'build-json': {type: 'string'},
                'out': {type: 'string'},
                'js-runs': {type: 'string', default: '10'},
                'help': {type: 'boolean', short: 'h'}
            }
        }));
    } catch (error) {
        fail(`${error.message} (try --help)`, EXIT_USAGE);
    }
    if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
    }
    if (!values['build-json'] || !values.out) fail('--build-json and --out are required (try --help)', EXIT_USAGE);
    const jsRuns = Number(values['js-runs']);
    if (!Number.isInteger(jsRuns) || jsRuns < 1) {
        fail(`invalid --js-runs ${JSON.stringify(values['js-runs'])}: expected a whole number of generations, ` +
            'at least 1', EXIT_USAGE);
    }
    const build = readBuildRecord(values['build-json']);
    // Checked now, so that minutes of benchmarks do not end in a failed write.
    const outFolder = path.dirname(path.resolve(values.out));
    if (!fs.existsSync(outFolder)) fail(`--out ${values.out}: the folder ${outFolder} does not exist`, EXIT_USAGE);
    if (fs.existsSync(values.out) && fs.statSync(values.out).isDirectory()) {
        fail(`--out ${values.out}: is a folder, expected a file name`, EXIT_USAGE);
    }
    return {build, out: values.out, jsRuns};
}

/** Reads the build record that scripts/bench.sh writes, or exits with status 2. */
function readBuildRecord(file) {
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (error) {
        let reason = error.message;
        if (error.code === 'ENOENT') reason = 'no such file';
        if (error.code === 'EISDIR') reason = 'is a folder';
        fail(`--build-json ${file}: ${reason} (scripts/bench.sh writes it)`, EXIT_USAGE);
    }
    try {
        return JSON.parse(text);
    } catch (error) {
        fail(`--build-json ${file}: not valid JSON (${error.message.replace(/\r?\n/g, '\\n')})`, EXIT_USAGE);
    }
}

function median(values) {
    assert.ok(values.length > 0, 'median of no values');
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs a command to its end and resolves to its exit code, stdout and
 * stderr, with `onStdout(chunk, millisecondsSinceSpawn)` called for every
 * stdout chunk as it arrives.
 */
function runChild(command, args, onStdout = () => {}) {
    return new Promise((resolve, reject) => {
        const started = performance.now();
        const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe']});
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => {
            stdout += chunk;
            onStdout(String(chunk), performance.now() - started);
        });
        child.stderr.on('data', chunk => {
            stderr += chunk;
        });
        child.on('error', reject);
        child.on('close', code => resolve({code, stdout, stderr, milliseconds: performance.now() - started}));
    });
}

function checkExit(name, result) {
    if (result.code !== 0) fail(`${name} exited with ${result.code}:\n${result.stderr}`);
}

/**
 * Returns 1 / !!tok_per_s, or null when it reads 0. A run that ends within
 * one frame leaves it at 0, because Scratch's timer does not advance inside
 * a frame.
 */
function secondsPerToken(tokensPerSecond) {
    return tokensPerSecond > 0 ? 1 / tokensPerSecond : null;
}

/** Returns the value of the line "NAME: value" in `text`. */
function outputLine(text, name) {
    const line = text.split('\n').find(candidate => candidate.startsWith(`${name}: `));
    if (line === undefined) fail(`no "${name}:" line in the output:\n${text}`);
    return line.slice(name.length + 2);
}

function checkIds(name, ids) {
    if (ids.join(' ') !== EXPECTED_IDS.join(' ')) {
        fail(`${name} generated ${ids.join(' ')}, expected ${EXPECTED_IDS.join(' ')}`);
    }
}

/**
 * Returns the time of each token from (time, tokens so far) samples,
 * charging each interval evenly to the tokens that arrived in it.
 */
function tokenSeconds(samples) {
    const perToken = [];
    for (let i = 1; i < samples.length; i++) {
        const tokens = samples[i].tokens - samples[i - 1].tokens;
        const interval = samples[i].seconds - samples[i - 1].seconds;
        for (let k = 0; k < tokens; k++) perToken.push(interval / tokens);
    }
    return perToken;
}

/** Returns the median time per token over the samples of one or more runs, or null without any. */
function medianTokenSeconds(...runs) {
    const perToken = runs.flatMap(tokenSeconds);
    return perToken.length > 0 ? median(perToken) : null;
}

/**
 * Runs the story in scratch-vm, SCRATCH_VM_WARMUP_RUNS times and then once
 * more to measure. run.js prints each new piece of "!!text" within its 10 ms
 * poll and starts each run's text on a new line, so the arrival times of the
 * stdout chunks with story text are the token times, to about 10 ms.
 * NOTE: a chunk that contains two pieces counts as one token, which stretches
 * one interval. `text_chunks` in the results shows when that happened.
 */
async function storyInScratchVm(sb3) {
    log(`stories260K in scratch-vm (run.js, ${SCRATCH_VM_WARMUP_RUNS} warm-up run and one measured)`);
    const runs = SCRATCH_VM_WARMUP_RUNS + 1;
    // arrivals[r]: the arrival times of run r's text chunks. Whatever
    // follows the last run's newline (the printed list and variable) is
    // not story text.
    const arrivals = Array.from({length: runs}, () => []);
    let run = 0;
    const result = await runChild(process.execPath, [
        RUN_JS, sb3, '--timeout', String(CHILD_TIMEOUT_SECONDS), '--set', `ui_steps=${STEPS}`,
        '--runs', String(runs), '--print-list', '!!output', '--print-variable', '!!tok_per_s'
    ], (chunk, milliseconds) => {
        chunk.split('\n').forEach((text, index) => {
            if (index > 0) run++;
            if (text !== '' && run < runs) arrivals[run].push(milliseconds / 1000);
        });
    });
    checkExit('run.js', result);
    const ids = outputLine(result.stdout, '!!output').split(' ').map(Number);
    checkIds('scratch-vm', ids);
    const tokensPerSecond = Number(outputLine(result.stdout, '!!tok_per_s'));
    const samples = times => times.map((seconds, index) => ({seconds, tokens: index + 1}));
    const measured = arrivals[runs - 1];
    return {
        tokens: ids.length,
        warmup_runs: SCRATCH_VM_WARMUP_RUNS,
        measured_runs: 1,
        text_chunks: measured.length,
        seconds_per_token_median: medianTokenSeconds(samples(measured)),
        first_run_seconds_per_token_median: medianTokenSeconds(samples(arrivals[0])),
        seconds_per_token_from_tok_per_s: secondsPerToken(tokensPerSecond),
        tok_per_s: tokensPerSecond,
        first_text_after_start_seconds: arrivals[0][0],
        wall_seconds: result.milliseconds / 1000
    };
}

/**
 * Counts the blocks scratch-vm runs for the story (run.js --count-blocks),
 * a figure that, unlike the times, does not move with the machine's load.
 * Counting slows the run, so it is a run of its own.
 */
async function storyBlocksInScratchVm(sb3) {
    log('stories260K in scratch-vm, counting blocks (run.js --count-blocks)');
    const result = await runChild(process.execPath, [
        RUN_JS, sb3, '--timeout', String(CHILD_TIMEOUT_SECONDS), '--set', `ui_steps=${STEPS}`,
        '--count-blocks', '--print-list', '!!output'
    ]);
    checkExit('run.js --count-blocks', result);
    checkIds('scratch-vm', outputLine(result.stdout, '!!output').split(' ').map(Number));
    const match = result.stderr.match(/ran (\d+) blocks/);
    if (!match) fail(`run.js --count-blocks reported no count:\n${result.stderr}`);
    return {blocks_per_token: Number(match[1]) / STEPS};
}

/**
 * Runs the story in TurboWarp in one page: TURBOWARP_WARMUP_RUNS times, then
 * TURBOWARP_MEASURED_RUNS times to measure. turbowarp.js --verbose stamps
 * each item of "!!output" with the page's performance.now() and the script
 * time as it is added, inside the VM frame. Its summary of a run gives the
 * time of the first token and two means per token from the first token to
 * the last: the page time, frame waits included, and the script time.
 */
async function storyInTurboWarp(sb3) {
    log(`stories260K in TurboWarp (turbowarp.js, ${TURBOWARP_WARMUP_RUNS} warm-up runs and ` +
        `${TURBOWARP_MEASURED_RUNS} measured)`);
    const totalRuns = TURBOWARP_WARMUP_RUNS + TURBOWARP_MEASURED_RUNS;
    const result = await runChild(process.execPath, [
        TURBOWARP_JS, sb3, '--verbose', '--timeout', String(CHILD_TIMEOUT_SECONDS), '--set', `ui_steps=${STEPS}`,
        '--runs', String(totalRuns), '--print-list', '!!output', '--print-variable', '!!tok_per_s'
    ]);
    checkExit('turbowarp.js', result);
    const ids = outputLine(result.stdout, '!!output').split(' ').map(Number);
    checkIds('TurboWarp', ids);
    const tokensPerSecond = Number(outputLine(result.stdout, '!!tok_per_s'));

    const stamp = pattern => {
        const match = result.stderr.match(pattern);
        if (!match) fail(`turbowarp.js --verbose printed no line matching ${pattern}:\n${result.stderr}`);
        return Number(match[1]);
    };
    const packaged = stamp(/packaged \S+ in (\d+\.\d+) s/);
    const loaded = stamp(/project loaded (\d+\.\d+) s after page load/);
    // Each run's summary: the stderr after its "space pressed" line.
    const summaryPattern = new RegExp(/(\d+) tokens in (\d+) frames?, the first at (\d+\.\d+) s /.source +
        /\((\d+\.\d+) s after space\); (\d+\.\d+) ms per token from the first to the last, /.source +
        /script time (\d+\.\d+) ms per token/.source);
    const runs = result.stderr.split(/^turbowarp\.js: space pressed at .*$/m).slice(1).map(text => {
        const summary = text.match(summaryPattern);
        if (!summary || Number(summary[1]) !== STEPS) return null;
        return {
            frames: Number(summary[2]),
            firstTokenSeconds: Number(summary[3]),
            spaceToFirstTokenSeconds: Number(summary[4]),
            seconds: Number(summary[5]) / 1000,
            scriptSeconds: Number(summary[6]) / 1000
        };
    });
    if (runs.length !== totalRuns || runs.some(run => run === null)) {
        fail(`turbowarp.js printed no summary of ${STEPS} tokens for some of its ${totalRuns} runs:\n${result.stderr}`);
    }
    const measured = runs.slice(TURBOWARP_WARMUP_RUNS);
    const first = runs[0].firstTokenSeconds;
    return {
        tokens: ids.length,
        warmup_runs: TURBOWARP_WARMUP_RUNS,
        measured_runs: TURBOWARP_MEASURED_RUNS,
        frames_per_run: measured.map(run => run.frames),
        seconds_per_token_median: median(measured.map(run => run.seconds)),
        first_run_seconds_per_token: runs[0].seconds,
        script_seconds_per_token: median(measured.map(run => run.scriptSeconds)),
        first_run_script_seconds_per_token: runs[0].scriptSeconds,
        seconds_per_token_from_tok_per_s: secondsPerToken(tokensPerSecond),
        tok_per_s: tokensPerSecond,
        package_seconds: packaged,
        page_to_project_loaded_seconds: loaded,
        page_to_first_token_seconds: first,
        project_loaded_to_first_token_seconds: first - loaded,
        space_to_first_token_seconds: runs[0].spaceToFirstTokenSeconds,
        wall_seconds: result.milliseconds / 1000
    };
}

/** Runs matvec64.sb3 with run.js or turbowarp.js and returns its nanoseconds per multiply-add. */
async function matvecInVm(name, script, sb3) {
    log(`matvec64 in ${name}`);
    const result = await runChild(process.execPath, [
        script, sb3, '--timeout', String(CHILD_TIMEOUT_SECONDS),
        '--print-variable', 'bench_ns_per_mac', '--print-variable', 'bench_repetitions'
    ]);
    checkExit(path.basename(script), result);
    assert.equal(Number(outputLine(result.stdout, 'check*512')), MATVEC_CHECK_512, `${name} matvec64 check value`);
    return {
        ns_per_multiply_add: Number(outputLine(result.stdout, 'bench_ns_per_mac')),
        repetitions: Number(outputLine(result.stdout, 'bench_repetitions'))
    };
}

function jsNode(image, runs) {
    log('hand-written JS forward pass and matvec64 in Node');
    const model = forwardModule.loadModel(image);
    const now = () => performance.now();
    const story = forwardModule.timeGreedy(model, STEPS, JS_WARMUP_RUNS, runs, now);
    checkIds('the JS forward pass in Node', story.ids);
    const matvec = forwardModule.benchMatvec64(now, JS_MATVEC_MIN_MS);
    assert.equal(matvec.checksum * 512, MATVEC_CHECK_512, 'JS matvec64 check value in Node');
    return {
        seconds_per_token_median: median(story.runMeanMilliseconds) / 1000,
        tokens_timed: story.tokenMilliseconds.length,
        matvec_ns_per_multiply_add: matvec.nsPerMultiplyAdd
    };
}

/**
 * Times the hand-written forward pass in headless Chromium, launched as
 * turbowarp.js launches it, on an empty page (about:blank) that gets
 * forward.js as a script.
 */
async function jsChromium(imageText, runs) {
    log('hand-written JS forward pass and matvec64 in Chromium');
    const {openPage} = require('../turbowarp.js');
    const {browser, page} = await openPage(() => {});
    try {
        await page.addScriptTag({content: fs.readFileSync(FORWARD_JS, 'utf8')});
        const result = await page.evaluate(settings => {
            const forward = window.scratchcForward;
            const model = forward.loadModel(JSON.parse(settings.imageText));
            const now = () => performance.now();
            return {
                story: forward.timeGreedy(model, settings.steps, settings.warmupRuns, settings.runs, now),
                matvec: forward.benchMatvec64(now, settings.matvecMilliseconds)
            };
        }, {imageText, steps: STEPS, warmupRuns: JS_WARMUP_RUNS, runs, matvecMilliseconds: JS_MATVEC_MIN_MS});
        checkIds('the JS forward pass in Chromium', result.story.ids);
        assert.equal(result.matvec.checksum * 512, MATVEC_CHECK_512, 'JS matvec64 check value in Chromium');
        return {
            seconds_per_token_median: median(result.story.runMeanMilliseconds) / 1000,
            tokens_timed: result.story.tokenMilliseconds.length,
            matvec_ns_per_multiply_add: result.matvec.nsPerMultiplyAdd,
            chromium_version: browser.version()
        };
    } finally {
        await browser.close();
    }
}

async function native(build) {
    log('native builds');
    const story = await runChild(build.native_story, [String(STEPS), '5']);
    checkExit('story_native', story);
    const ids = outputLine(story.stdout, 'ids').split(' ').map(Number);
    checkIds('the native build', ids);
    const seconds = outputLine(story.stdout, 'seconds').split(' ').map(Number);

    const matvec = await runChild(build.native_matvec, []);
    checkExit('matvec64', matvec);
    assert.equal(Number(outputLine(matvec.stdout, 'check*512')), MATVEC_CHECK_512, 'native matvec64 check value');
    return {
        seconds_per_token_median: median(seconds),
        matvec_ns_per_multiply_add: Number(outputLine(matvec.stdout, 'bench_ns_per_mac'))
    };
}

/**
 * Parses the statistics line of `scratchc -v`, for example "scratchc: 6
 * procedures, 3 scripts, 2455 blocks, 447 variables, 144032 list items
 * (143264 memory cells + 0 stack cells), 2794484 bytes of JSON, 0.84 s".
 */
function parseBackendStatistics(text) {
    const number = pattern => {
        const match = text.match(pattern);
        if (!match) fail(`no match for ${pattern} in the scratchc -v output: ${JSON.stringify(text)}`);
        return Number(match[1]);
    };
    return {
        procedures: number(/(\d+) procedures/),
        scripts: number(/(\d+) scripts/),
        blocks: number(/(\d+) blocks/),
        variables: number(/(\d+) variables/),
        list_items: number(/(\d+) list items/),
        memory_cells: number(/(\d+) memory cells/),
        stack_cells: number(/(\d+) stack cells/),
        json_bytes: number(/(\d+) bytes of JSON/),
        seconds: number(/([\d.]+) s\s*$/)
    };
}

/** Counts what project.json of an .sb3 contains: its bytes, blocks, variables, lists and `!stack` items. */
async function projectStatistics(sb3) {
    const JSZip = require('jszip');
    const zip = await JSZip.loadAsync(fs.readFileSync(sb3));
    const text = await zip.file('project.json').async('string');
    const project = JSON.parse(text);
    let blocks = 0;
    let variables = 0;
    let lists = 0;
    let stackItems = null;
    for (const target of project.targets) {
        blocks += Object.keys(target.blocks).length;
        variables += Object.keys(target.variables).length;
        for (const [name, items] of Object.values(target.lists)) {
            lists++;
            if (name === '!stack') stackItems = items.length;
        }
    }
    return {project_json_bytes: Buffer.byteLength(text), blocks, variables, lists, stack_items: stackItems};
}

function format(value, digits) {
    if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return 'n/a';
    return typeof value === 'number' ? value.toFixed(digits) : String(value);
}

/** Formats seconds as milliseconds with two decimals. */
function milliseconds(seconds) {
    return format(typeof seconds === 'number' ? seconds * 1e3 : seconds, 2);
}

/** Renders the results as a plain-text table. */
function renderTable(results) {
    const {story, matvec, ratios, compile, project, turbowarp_load: load} = results;
    const lastTurbowarpRun = story.turbowarp.warmup_runs + story.turbowarp.measured_runs;
    const turbowarpRuns = `${story.turbowarp.warmup_runs + 1}-${lastTurbowarpRun}`;
    const rows = [
        [`stories260K, seconds per token (greedy, 32 steps, ${results.weights} weights)`, '', ''],
        [`scratch-vm (Node), median of token intervals, run ${1 + story.scratch_vm.warmup_runs}`, format(story.scratch_vm.seconds_per_token_median, 4), 's'],
        ['scratch-vm, the same in the first run', format(story.scratch_vm.first_run_seconds_per_token_median, 4), 's'],
        [`scratch-vm, 1 / !!tok_per_s (Scratch timer, whole run ${1 + story.scratch_vm.warmup_runs})`, format(story.scratch_vm.seconds_per_token_from_tok_per_s, 4), 's'],
        ['scratch-vm, blocks run per token (the whole run / 32)', format(story.scratch_vm.blocks_per_token, 0), ''],
        [`TurboWarp (Chromium), first token to last, median of runs ${turbowarpRuns}`, milliseconds(story.turbowarp.seconds_per_token_median), 'ms'],
        ['TurboWarp, the same in the first run', milliseconds(story.turbowarp.first_run_seconds_per_token), 'ms'],
        ['TurboWarp, frames per measured run', story.turbowarp.frames_per_run.join(' '), ''],
        [`TurboWarp, 1 / !!tok_per_s (frame-quantized timer, run ${lastTurbowarpRun})`, milliseconds(story.turbowarp.seconds_per_token_from_tok_per_s), 'ms'],
        [`TurboWarp, script time only (no rendering or frame wait), median of runs ${turbowarpRuns}`, milliseconds(story.turbowarp.script_seconds_per_token), 'ms'],
        ['TurboWarp, script time in the first run', milliseconds(story.turbowarp.first_run_script_seconds_per_token), 'ms'],
        ['hand-written JS forward pass, Node (median of generation means)', format(story.js_node.seconds_per_token_median * 1e3, 3), 'ms'],
        ['hand-written JS forward pass, Chromium (median of generation means)', format(story.js_chromium.seconds_per_token_median * 1e3, 3), 'ms'],
        ['native C, clang-19 -m32 -O2 (median of run 5)', format(story.native.seconds_per_token_median * 1e3, 3), 'ms'],
        ['ratios (from the medians of the measured runs)', '', ''],
        ['TurboWarp / hand JS in Chromium', format(ratios.turbowarp_over_js_chromium, 1), 'x'],
        ['TurboWarp script time / hand JS in Chromium', format(ratios.turbowarp_script_over_js_chromium, 1), 'x'],
        ['scratch-vm / hand JS in Node', format(ratios.scratch_vm_over_js_node, 1), 'x'],
        ['scratch-vm / TurboWarp', format(ratios.scratch_vm_over_turbowarp, 1), 'x'],
        ['TurboWarp / native', format(ratios.turbowarp_over_native, 1), 'x'],
        ['matvec64 (Q8_0 64x64 @ 64), ns per multiply-add', '', ''],
        ['scratch-vm', format(matvec.scratch_vm.ns_per_multiply_add, 1), 'ns'],
        ['TurboWarp', format(matvec.turbowarp.ns_per_multiply_add, 2), 'ns'],
        ['hand-written JS, Node', format(matvec.js_node, 2), 'ns'],
        ['hand-written JS, Chromium', format(matvec.js_chromium, 2), 'ns'],
        ['native C', format(matvec.native, 2), 'ns'],
        ['TurboWarp load (turbo mode)', '', ''],
        ['packaging the .sb3 into HTML (Node)', format(load.package_seconds, 2), 's'],
        ['page start to project loaded', format(load.page_to_project_loaded_seconds, 2), 's'],
        ['project loaded to first token', format(load.project_loaded_to_first_token_seconds, 2), 's'],
        ['space pressed to first token', format(load.space_to_first_token_seconds, 3), 's'],
        ['compile time', '', ''],
        ['modelpack (check, quantize, write headers and JSON)', format(compile.modelpack_seconds, 2), 's'],
        ['clang-19 + plugin (scratchc cc minus its backend time)', format(compile.clang_plugin_seconds, 2), 's'],
        ['backend, as scratchc cc -v reports it (2 outputs)', format(compile.backend_seconds_in_cc, 2), 's'],
        ['backend, scratchc build of the kept bitcode (1 output, wall)', format(compile.scratchc_build_seconds, 2), 's'],
        ['project (_scratch.sb3)', '', ''],
        ['project.json bytes', format(project.project_json_bytes, 0), 'B'],
        ['blocks (scratchc -v; all block entries in project.json)', `${project.backend.blocks}; ${project.blocks}`, ''],
        ['variables (scratchc -v; in project.json)', `${project.backend.variables}; ${project.variables}`, ''],
        ['!stack items (memory cells + stack cells)', format(project.stack_items, 0), ''],
        ['procedures, scripts', `${project.backend.procedures}, ${project.backend.scripts}`, '']
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    const valueWidth = Math.max(...rows.map(([, value]) => value.length));
    return rows.map(([label, value, unit]) => {
        if (value === '' && unit === '') return `\n${label}`;
        return `  ${label.padEnd(width)}  ${value.padStart(valueWidth)} ${unit}`.trimEnd();
    }).join('\n').trimStart();
}

async function main() {
    const options = parseCommandLine(process.argv.slice(2));
    const build = options.build;
    const imageText = fs.readFileSync(build.files.model_json, 'utf8');

    // One benchmark at a time: the machine has 2 cores.
    // Each runtime runs the build tuned for it (scratchc --target).
    const scratchVm = {
        ...await storyInScratchVm(build.files.scratch_sb3),
        ...await storyBlocksInScratchVm(build.files.scratch_sb3)
    };
    const turbowarp = await storyInTurboWarp(build.files.visible_sb3);
    const jsInNode = jsNode(JSON.parse(imageText), options.jsRuns);
    const jsInChromium = await jsChromium(imageText, options.jsRuns);
    const nativeBuild = await native(build.files);
    const matvecScratchVm = await matvecInVm('scratch-vm', RUN_JS, build.files.matvec_sb3);
    const matvecTurboWarp = await matvecInVm('TurboWarp', TURBOWARP_JS, build.files.matvec_turbowarp_sb3);

    const backend = parseBackendStatistics(build.backend_statistics);
    const projectCounts = await projectStatistics(build.files.scratch_sb3);
    const results = {
        date: build.date,
        machine: {...build.machine, load_after_benchmarks: os.loadavg().map(load => load.toFixed(2)).join(' ')},
        weights: build.weights,
        story: {
            scratch_vm: scratchVm,
            turbowarp,
            js_node: jsInNode,
            js_chromium: jsInChromium,
            native: nativeBuild
        },
        ratios: {
            turbowarp_over_js_chromium: turbowarp.seconds_per_token_median / jsInChromium.seconds_per_token_median,
            turbowarp_script_over_js_chromium:
                turbowarp.script_seconds_per_token / jsInChromium.seconds_per_token_median,
            scratch_vm_over_js_node: scratchVm.seconds_per_token_median / jsInNode.seconds_per_token_median,
            scratch_vm_over_turbowarp: scratchVm.seconds_per_token_median / turbowarp.seconds_per_token_median,
            turbowarp_over_native: turbowarp.seconds_per_token_median / nativeBuild.seconds_per_token_median
        },
        matvec: {
            scratch_vm: matvecScratchVm,
            turbowarp: matvecTurboWarp,
            js_node: jsInNode.matvec_ns_per_multiply_add,
            js_chromium: jsInChromium.matvec_ns_per_multiply_add,
            native: nativeBuild.matvec_ns_per_multiply_add
        },
        turbowarp_load: {
            package_seconds: turbowarp.package_seconds,
            page_to_project_loaded_seconds: turbowarp.page_to_project_loaded_seconds,
            project_loaded_to_first_token_seconds: turbowarp.project_loaded_to_first_token_seconds,
            space_to_first_token_seconds: turbowarp.space_to_first_token_seconds,
            page_to_first_token_seconds: turbowarp.page_to_first_token_seconds
        },
        compile: {
            modelpack_seconds: build.compile.modelpack_seconds,
            scratchc_cc_seconds: build.compile.scratchc_cc_seconds,
            backend_seconds_in_cc: backend.seconds,
            clang_plugin_seconds: build.compile.scratchc_cc_seconds - backend.seconds,
            scratchc_build_seconds: build.compile.scratchc_build_seconds
        },
        project: {...projectCounts, backend}
    };

    process.stdout.write(`${renderTable(results)}\n\n`);
    process.stdout.write(`date ${build.date}; ${build.machine.cpu}, ${build.machine.cores} cores; ` +
        `load average before the build ${build.machine.load_before}, after the build ` +
        `${build.machine.load_after_build}, after the benchmarks ${results.machine.load_after_benchmarks}\n`);
    fs.writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`wrote ${options.out}\n`);
}

main().catch(error => {
    process.stderr.write(`bench: ${error.stack || error}\n`);
    process.exit(1);
});
