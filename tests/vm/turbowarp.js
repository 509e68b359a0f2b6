#!/usr/bin/env node
'use strict';

// Runs a Scratch 3 project in TurboWarp: packages it into one HTML file with
// @turbowarp/packager, opens that file in Debian's Chromium (headless,
// driven by playwright-core) and streams what the project prints, the same
// way run.js does for scratch-vm.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {pathToFileURL} = require('node:url');
const {packageProjectHtml} = require('./turbowarp-package.js');
const {installWatcher} = require('./turbowarp-page.js');
const {EXIT_USAGE, SHARED_OPTIONS_HELP, parseRunnerCommandLine} = require('./runner-options.js');

const USAGE = `usage: node tests/vm/turbowarp.js FILE.sb3 [--timeout SECONDS] [--print-list NAME]...
                                [--print-variable NAME]... [--set NAME=VALUE]... [--runs N] [--no-space]
                                [--no-turbo] [--screenshot PNG] [--html OUT.html] [--verbose]
                                [--cpu-profile OUT.cpuprofile]

Packages FILE.sb3 with the TurboWarp Packager into one HTML file, opens it in
headless Chromium (/usr/bin/chromium) with the network blocked, clicks the
green-flag screen, waits for the green-flag scripts to finish (a script inside
a forever loop counts as finished), then presses space on the page if a script
starts on the space key (or on any key). While the project runs, it prints
each new item of the list "stdout" as a line and each new piece of the
variable "!!text", and at the end the unfinished line of "!!line", without a
newline. It stops when "!!status" reads "Done." or no script is running.

options:
  --timeout SECONDS   wall-clock limit for packaging, loading and running (default 600)
${SHARED_OPTIONS_HELP}
  --no-turbo          run at 30 frames per second without turbo mode (default: turbo mode, like run.js)
  --screenshot PNG    at the end, save the page (the 480x360 stage with its speech bubbles) as PNG
  --html OUT.html     keep the packaged HTML file at OUT.html
  --verbose           report load and per-token times on stderr, in seconds since the page started loading;
                      each "!!text" piece shows the length of the list "!!output" after it, when the
                      project has that list. Each run ends with a summary: the mean time per token
                      from the first item of "!!output" to the last, each timed as it was added
                      (without that list, from piece to piece), and the script time per token: the
                      time the VM spent running scripts, without rendering or the wait for the next
                      frame
  --cpu-profile OUT.cpuprofile
                      record a V8 CPU profile of the page from the green flag to the end and save it
                      (open it in Chromium's DevTools, Performance panel)

exit status: the value of the variable "!!exit" (0 when the project has none),
124 on timeout, 2 on bad usage or an invalid project file, 1 when the page
fails to load the project.`;

const POLL_INTERVAL_MS = 20;
const EXIT_FAILURE = 1;
const EXIT_TIMEOUT = 124;
const CLOSE_GRACE_MS = 5000;
// How long to let the page draw before a screenshot: ten frames at 30 frames per second.
const SCREENSHOT_SETTLE_MS = 333;

const CHROMIUM_PATH = '/usr/bin/chromium';
// --host-resolver-rules makes every host name fail to resolve, so the page
// cannot reach any server even if a request gets past the route below.
const CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--host-resolver-rules=MAP * ~NOTFOUND'
];
const STAGE_SIZE = {width: 480, height: 360};

const VARIABLE_NAMES = {
    stdoutList: 'stdout',
    lineVariable: '!!line',
    textVariable: '!!text',
    statusVariable: '!!status',
    exitVariable: '!!exit',
    tokenList: '!!output'
};
const STATUS_DONE = 'Done.';

// Chromium's software WebGL reports each readPixels as a driver message.
const GL_DRIVER_MESSAGE = /^\[\.WebGL-[0-9a-fx]+\]GL Driver Message/;

function fail(message, code) {
    process.stderr.write(`turbowarp.js: ${message}\n`);
    process.exit(code);
}

/** Parses the command line and exits with status 2 on bad usage. */
function parseCommandLine(argv) {
    const {options, values} = parseRunnerCommandLine(argv, {
        options: {
            'no-turbo': {type: 'boolean'},
            'screenshot': {type: 'string'},
            'html': {type: 'string'},
            'verbose': {type: 'boolean'},
            'cpu-profile': {type: 'string'}
        },
        usage: USAGE,
        fail,
        checkValues(optionValues) {
            for (const option of ['screenshot', 'html', 'cpu-profile']) {
                const file = optionValues[option];
                if (file === undefined) continue;
                if (file === '') fail(`--${option} needs a file name`, EXIT_USAGE);
                // Checked now, so that a long run does not end in a failed write.
                const folder = path.dirname(path.resolve(file));
                if (!fs.existsSync(folder)) fail(`--${option} ${file}: the folder ${folder} does not exist`, EXIT_USAGE);
            }
        }
    });
    return {
        ...options,
        turbo: !values['no-turbo'],
        screenshot: values.screenshot,
        htmlFile: values.html,
        cpuProfile: values['cpu-profile'],
        verbose: Boolean(values.verbose)
    };
}

/** Returns the exit status the project set in "!!exit" (0 without one), or null when it is not an integer. */
function projectExitStatus(exitValue) {
    if (exitValue === null) return 0;
    const text = exitValue.trim();
    if (text === '') return 0;
    const value = Number(text);
    if (!Number.isInteger(value)) return null;
    // Like a C exit status seen by the shell: the low 8 bits.
    return ((value % 256) + 256) % 256;
}

function seconds(milliseconds) {
    return (milliseconds / 1000).toFixed(3);
}

/**
 * Collects the time of each new "!!text" piece and of each token and, with
 * --verbose, reports each piece on stderr as it arrives and sums each run
 * up when it ends. Times are page times: milliseconds since the page's
 * navigation started.
 */
class TokenTimer {
    constructor(verbose, totalRuns) {
        this.verbose = verbose;
        this.totalRuns = totalRuns;
        this.pieces = [];
        this.tokens = [];
        this.spaceTime = null;
        // Runs so far (presses of space), and the index in `pieces` and in
        // `tokens` of the first of the latest run.
        this.runs = 0;
        this.runStart = 0;
        this.runTokenStart = 0;
    }

    /** Marks the start of a run: space was pressed at page time `time`. */
    startRun(time) {
        if (this.runs > 0) this.summarizeRun();
        this.spaceTime = time;
        this.runs++;
        this.runStart = this.pieces.length;
        this.runTokenStart = this.tokens.length;
    }

    log(message) {
        if (this.verbose) process.stderr.write(`turbowarp.js: ${message}\n`);
    }

    /** Adds what a poll took from the page: text pieces and token stamps. */
    add({pieces, tokens}) {
        this.tokens.push(...tokens);
        for (const {time, scriptTime, piece, tokenCount} of pieces) {
            // The first piece of a run is timed from the press of space.
            const firstOfRun = this.pieces.length === this.runStart;
            const previous = firstOfRun ? null : this.pieces[this.pieces.length - 1].time;
            this.pieces.push({time, scriptTime, piece, tokenCount});
            let delta = '';
            if (previous !== null) {
                delta = ` (+${seconds(time - previous)} s)`;
            } else if (this.spaceTime !== null) {
                delta = ` (${seconds(time - this.spaceTime)} s after space)`;
            }
            const count = tokenCount === null ? '' : ` [${VARIABLE_NAMES.tokenList} ${tokenCount}]`;
            this.log(`piece ${this.pieces.length} at ${seconds(time)} s${delta}${count}: ${JSON.stringify(piece)}`);
            if (this.pieces.length === 1) this.log(`first !!text piece ${seconds(time)} s after page load`);
        }
    }

    /** Sums up the last run, or reports that no piece appeared. */
    summarize() {
        if (this.pieces.length === 0) {
            this.log('no !!text piece appeared');
            return;
        }
        this.summarizeRun();
    }

    /**
     * Reports the mean time per token of the latest run after its first
     * token. Later runs are faster, because the page's JavaScript compiler
     * has optimized the hot code by then. With the list "!!output", each of
     * its items is a token, stamped when it was added; else each piece
     * counts as one token.
     */
    summarizeRun() {
        const run = this.totalRuns > 1 ? `run ${this.runs} of ${this.totalRuns}: ` : '';
        const tokens = this.tokens.slice(this.runTokenStart);
        if (tokens.length >= 2) {
            const first = tokens[0];
            const last = tokens[tokens.length - 1];
            const intervals = tokens.length - 1;
            const frames = last.frame - first.frame + 1;
            const afterSpace = this.spaceTime === null ? '' : ` (${seconds(first.time - this.spaceTime)} s after space)`;
            this.log(`${run}${tokens.length} tokens in ${frames} ${frames === 1 ? 'frame' : 'frames'}, ` +
                `the first at ${seconds(first.time)} s${afterSpace}; ` +
                `${((last.time - first.time) / intervals).toFixed(3)} ms per token from the first to the last, ` +
                `script time ${((last.scriptTime - first.scriptTime) / intervals).toFixed(3)} ms per token`);
            return;
        }
        const pieces = this.pieces.slice(this.runStart);
        if (pieces.length < 2) return;
        const first = pieces[0];
        const last = pieces[pieces.length - 1];
        const intervals = [];
        for (let i = 1; i < pieces.length; i++) intervals.push(pieces[i].time - pieces[i - 1].time);
        this.log(`${run}${pieces.length} pieces; ${((last.time - first.time) / intervals.length).toFixed(2)} ` +
            `ms per token over the ${intervals.length} pieces after the first piece ` +
            `(piece intervals: min ${seconds(Math.min(...intervals))} s, max ${seconds(Math.max(...intervals))} s); ` +
            `script time ${((last.scriptTime - first.scriptTime) / intervals.length).toFixed(2)} ms per token`);
    }
}

/** Launches headless Chromium and opens a page the size of the stage that cannot reach the network. */
async function openPage(log) {
    if (!fs.existsSync(CHROMIUM_PATH)) {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package ` +
            '(scripts/setup.sh does)');
    }
    const {chromium} = require('playwright-core');
    // Playwright starts Chromium with a new empty profile (--user-data-dir)
    // in a temporary folder and deletes it on close.
    const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS});
    const context = await browser.newContext({viewport: STAGE_SIZE});

    // The packaged page is self-contained: it needs only its own file and the
    // data: and blob: URLs it makes. Anything else is reported and aborted.
    await context.route('**/*', route => {
        const url = route.request().url();
        if (/^(file|data|blob):/.test(url)) return route.continue();
        process.stderr.write(`turbowarp.js: blocked a network request to ${url}\n`);
        return route.abort('blockedbyclient');
    });

    const page = await context.newPage();
    page.on('websocket', socket => {
        process.stderr.write(`turbowarp.js: the page opened a WebSocket to ${socket.url()} (host names do not resolve)\n`);
    });
    page.on('pageerror', error => {
        process.stderr.write(`turbowarp.js: page error: ${error.message}\n`);
    });
    page.on('console', message => {
        if (message.type() === 'error') {
            process.stderr.write(`turbowarp.js: page console error: ${message.text()}\n`);
        } else if (message.type() === 'warning' && !GL_DRIVER_MESSAGE.test(message.text())) {
            log(`page console warning: ${message.text()}`);
        }
    });
    return {browser, page};
}

/**
 * Loads the packaged page and waits until the project has loaded (the
 * green-flag screen shows). Resolves to null, or to the message of the
 * page's error screen.
 */
async function loadPackagedPage(page, htmlFile) {
    await page.goto(pathToFileURL(htmlFile).href);
    await page.waitForFunction(() => !document.getElementById('launch').hidden ||
        !document.getElementById('error').hidden, null, {timeout: 0, polling: 50});
    return page.evaluate(() => {
        const errorScreen = document.getElementById('error');
        return errorScreen.hidden ? null : document.getElementById('error-message').textContent;
    });
}

/**
 * One run of a project: owns the browser, the temporary folder and the
 * timeout, and streams the project's output to stdout.
 */
class TurboWarpRun {
    constructor(options) {
        this.options = options;
        this.browser = null;
        this.temporaryFolder = null;
        this.finished = false;
        this.atLineStart = true;
        this.timer = null;
        this.tokens = new TokenTimer(options.verbose, options.runs);
    }

    log(message) {
        if (this.options.verbose) process.stderr.write(`turbowarp.js: ${message}\n`);
    }

    writeOutput(chunk) {
        if (chunk === '') return;
        process.stdout.write(chunk);
        this.atLineStart = chunk.endsWith('\n');
    }

    /**
     * Closes Chromium, removes the temporary folder and exits with `code`.
     * A page busy in a long script can keep Chromium from closing quickly,
     * so the exit waits at most CLOSE_GRACE_MS for it.
     */
    async closeAndExit(code) {
        this.finished = true;
        clearTimeout(this.timer);
        if (this.browser) {
            const grace = new Promise(resolve => setTimeout(resolve, CLOSE_GRACE_MS).unref());
            await Promise.race([this.browser.close().catch(() => {}), grace]);
        }
        if (this.temporaryFolder) fs.rmSync(this.temporaryFolder, {recursive: true, force: true});
        process.stdout.write('', () => process.exit(code));
    }

    /** Ends the output line, reports `message` on stderr and exits with `code`. */
    async failAndExit(message, code) {
        if (this.finished) return;
        this.finished = true;
        if (!this.atLineStart) this.writeOutput('\n');
        process.stderr.write(`turbowarp.js: ${message}\n`);
        await this.closeAndExit(code);
    }

    async start() {
        const options = this.options;

        // The limit covers packaging and loading too, because a large
        // project takes seconds to package and load.
        this.timer = setTimeout(() => {
            this.failAndExit(`timed out after ${options.timeoutSeconds} s with the project still running; ` +
                'raise --timeout to wait longer', EXIT_TIMEOUT);
        }, options.timeoutSeconds * 1000);

        let projectBytes;
        try {
            projectBytes = fs.readFileSync(options.file);
        } catch (error) {
            fail(`cannot read ${options.file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
                EXIT_USAGE);
        }

        // Chromium starts in its own processes while Node loads scratch-vm
        // for the validator (2.4 s on a 2-core machine).
        const pagePromise = openPage(message => this.log(message));
        pagePromise.catch(() => {});
        const {ProjectFileError, validateScratch3} = require('./headless-vm.js');
        try {
            await validateScratch3(projectBytes, false);
        } catch (error) {
            if (!(error instanceof ProjectFileError)) throw error;
            await this.failAndExit(`${options.file}: ${error.message}`, EXIT_USAGE);
            return;
        }

        const packageStart = Date.now();
        const html = await packageProjectHtml(projectBytes, {turbo: options.turbo});
        this.log(`packaged ${options.file} in ${seconds(Date.now() - packageStart)} s ` +
            `(${(html.length / 1e6).toFixed(1)} MB of HTML, turbo mode ${options.turbo ? 'on' : 'off'})`);
        // The page is loaded from a temporary file. --html gets a copy once
        // the names of --print-list, --print-variable and --set are found in
        // the project, or the page failed to load, so bad usage leaves no file.
        this.temporaryFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'scratchc-turbowarp-'));
        const htmlFile = path.join(this.temporaryFolder, 'project.html');
        fs.writeFileSync(htmlFile, html);

        const {browser, page} = await pagePromise;
        this.browser = browser;
        if (this.finished) return;
        try {
            await this.runInPage(page, htmlFile);
        } catch (error) {
            // Closing the browser on timeout makes pending page calls fail.
            if (!this.finished) throw error;
        }
    }

    /** Loads the packaged page, runs the project in it and exits. */
    async runInPage(page, htmlFile) {
        const options = this.options;
        const pageTime = () => page.evaluate(() => performance.now());

        const loadError = await loadPackagedPage(page, htmlFile);
        if (loadError !== null) {
            // The page may show why: keep it for --html.
            if (options.htmlFile !== undefined) fs.copyFileSync(htmlFile, options.htmlFile);
            await this.failAndExit(`TurboWarp failed to load the project: ${loadError}`, EXIT_FAILURE);
            return;
        }
        this.log(`project loaded ${seconds(await pageTime())} s after page load`);

        await page.evaluate(installWatcher, VARIABLE_NAMES);
        const missingLists = await page.evaluate(names => window.scratchcWatcher.missingLists(names),
            options.printLists);
        if (missingLists.length > 0) {
            await this.failAndExit(`--print-list ${missingLists[0]}: the project has no list named ` +
                `${JSON.stringify(missingLists[0])}`, EXIT_USAGE);
            return;
        }
        const variableOptions = [
            ...options.printVariables.map(name => ({option: '--print-variable', name})),
            ...options.settings.map(({name}) => ({option: '--set', name}))
        ];
        const missingVariables = await page.evaluate(names => window.scratchcWatcher.missingVariables(names),
            variableOptions.map(({name}) => name));
        if (missingVariables.length > 0) {
            const {option, name} = variableOptions.find(({name}) => name === missingVariables[0]);
            await this.failAndExit(`${option} ${name}: the project has no variable named ${JSON.stringify(name)}`,
                EXIT_USAGE);
            return;
        }
        if (options.htmlFile !== undefined) fs.copyFileSync(htmlFile, options.htmlFile);
        const spaceScriptExists = options.pressSpace &&
            await page.evaluate(() => window.scratchcWatcher.hasSpaceKeyScript());

        let profiler = null;
        if (options.cpuProfile !== undefined) {
            profiler = await page.context().newCDPSession(page);
            await profiler.send('Profiler.enable');
            await profiler.send('Profiler.start');
        }

        // Clicking the green-flag screen starts the VM and clicks the green flag.
        await page.click('#launch');
        this.log(`green flag clicked at ${seconds(await pageTime())} s`);

        // A real key press on the page. Its keydown handler starts the key
        // hats before press() returns, so the next poll already finds them
        // running.
        let spacePresses = 0;
        const pressSpace = async () => {
            await page.evaluate(() => window.scratchcWatcher.beforeKeyPress());
            this.tokens.startRun(await pageTime());
            await page.keyboard.press('Space');
            await page.evaluate(() => window.scratchcWatcher.afterKeyPress());
            spacePresses++;
            this.log(`space pressed at ${seconds(this.tokens.spaceTime)} s`);
        };

        // First wait for the green-flag scripts, then run until the end
        // condition. As in run.js, a "Done." left from the previous run
        // does not end the next one: a run has started once "!!status"
        // reads anything else or the scripts the press started have ended.
        let waitingForGreenFlag = true;
        let runStarted = true;
        for (;;) {
            const state = await page.evaluate(() => window.scratchcWatcher.poll());
            if (this.finished) return;
            this.writeOutput(state.output);
            this.tokens.add(state);
            if (state.status !== STATUS_DONE || !state.pressedScriptsRunning) runStarted = true;
            if (state.status === STATUS_DONE && runStarted) {
                if (spacePresses >= options.runs || !spaceScriptExists) break;
                // Another run: the space script sets a new status as it starts.
                await pressSpace();
                runStarted = false;
                continue;
            }

            if (waitingForGreenFlag && state.greenFlagScriptsFinished) {
                waitingForGreenFlag = false;
                if (options.settings.length > 0) {
                    await page.evaluate(settings => window.scratchcWatcher.setVariables(settings), options.settings);
                }
                if (spaceScriptExists) {
                    await pressSpace();
                    continue;
                }
            }
            if (!waitingForGreenFlag && !state.anyScriptRunning) break;
            await new Promise(resolve => setTimeout(resolve, POLL_INTERVAL_MS));
        }

        // The VM redraws its monitors on its next frames, not when the run
        // ends, and finish() stops its frames: without the wait the picture
        // could still show "Running..." next to the finished story.
        if (options.screenshot !== undefined) {
            await new Promise((resolve) => setTimeout(resolve, SCREENSHOT_SETTLE_MS));
        }
        const result = await page.evaluate(names => window.scratchcWatcher.finish(names),
            {lists: options.printLists, variables: options.printVariables});
        if (this.finished) return;
        if (profiler !== null) {
            const {profile} = await profiler.send('Profiler.stop');
            fs.writeFileSync(options.cpuProfile, JSON.stringify(profile));
            process.stderr.write(`turbowarp.js: saved the CPU profile to ${options.cpuProfile}\n`);
        }
        this.writeOutput(result.output);
        this.tokens.add(result);
        // A C program's unfinished last line is printed as it is, without
        // a newline, as a terminal shows it (run.js does the same).
        if (result.unfinishedLine !== '') {
            if (!this.atLineStart) this.writeOutput('\n');
            this.writeOutput(result.unfinishedLine);
        } else if (!this.atLineStart) {
            this.writeOutput('\n');
        }
        options.printLists.forEach((name, index) => {
            this.writeOutput(`${name}: ${result.lists[index].join(' ')}\n`);
        });
        options.printVariables.forEach((name, index) => {
            this.writeOutput(`${name}: ${result.variables[index]}\n`);
        });
        this.tokens.summarize();

        if (options.screenshot !== undefined) {
            await page.screenshot({path: options.screenshot});
            this.log(`saved the stage to ${options.screenshot}`);
        }

        let exitCode = projectExitStatus(result.exitValue);
        if (exitCode === null) {
            process.stderr.write(`turbowarp.js: the variable ${VARIABLE_NAMES.exitVariable} is ` +
                `${JSON.stringify(result.exitValue)}, not an integer\n`);
            exitCode = EXIT_FAILURE;
        }
        await this.closeAndExit(exitCode);
    }
}

if (require.main === module) {
    new TurboWarpRun(parseCommandLine(process.argv.slice(2))).start().catch(error => {
        process.stderr.write(`turbowarp.js: ${error.stack || error}\n`);
        process.exit(EXIT_FAILURE);
    });
}

// The benchmark (tests/vm/bench/) opens its pages the same way.
module.exports = {openPage, CHROMIUM_ARGS, CHROMIUM_PATH};
