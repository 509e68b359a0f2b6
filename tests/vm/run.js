#!/usr/bin/env node
'use strict';

// Runs a Scratch 3 project headless in the official scratch-vm and streams
// what it prints: the runner behind `scratchc run`.

const fs = require('node:fs');
const {ProjectFileError, loadProjectFile, loadSpriteFile} = require('./headless-vm.js');
const {EXIT_USAGE, SHARED_OPTIONS_HELP, parseRunnerCommandLine} = require('./runner-options.js');

const USAGE = `usage: node tests/vm/run.js FILE [--timeout SECONDS] [--print-list NAME]... [--print-variable NAME]...
                           [--set NAME=VALUE]... [--runs N] [--no-space] [--count-blocks]

Loads FILE into scratch-vm (turbo mode, no renderer): a .sb3 project, or a
.sprite3 added to an empty project as a user uploading a sprite would. Clicks the green flag,
waits for the green-flag scripts to finish (a script inside a forever loop
counts as finished), then presses space if a script starts on the space key
(or on any key). While the project runs, it prints each new item of the list
"stdout" as a line and each new piece of the variable "!!text", and at the end
the unfinished line of "!!line", without a newline. It stops when
"!!status" reads "Done." or no script is running.

options:
  --timeout SECONDS   wall-clock limit for loading and running (default 600)
${SHARED_OPTIONS_HELP}
  --count-blocks      count the blocks scratch-vm runs (every call of a block's function: statements,
                      reporters, variables, loop steps) and report the number on stderr at the end.
                      Unlike a time, the count does not depend on the machine's load, but counting
                      slows the run

exit status: the value of the variable "!!exit" (0 when the project has none),
124 on timeout, 2 on bad usage or an invalid project file.`;

const POLL_INTERVAL_MS = 10;
const EXIT_TIMEOUT = 124;

const STDOUT_LIST = 'stdout';
const LINE_VARIABLE = '!!line';
const TEXT_VARIABLE = '!!text';
const STATUS_VARIABLE = '!!status';
const EXIT_VARIABLE = '!!exit';
const STATUS_DONE = 'Done.';

// scratch-vm's variable types (Variable.SCALAR_TYPE and Variable.LIST_TYPE).
const SCALAR_TYPE = '';
const LIST_TYPE = 'list';

// The name that starts every message: `scratchc run` sets it to its own.
const PROGRAM_NAME = process.env.SCRATCHC_RUNNER_NAME || 'run.js';

function fail(message, code) {
    process.stderr.write(`${PROGRAM_NAME}: ${message}\n`);
    process.exit(code);
}

/** Parses the command line; exits with status 2 on bad usage. */
function parseCommandLine(argv) {
    const {options, values} = parseRunnerCommandLine(argv, {
        options: {'count-blocks': {type: 'boolean'}},
        usage: USAGE,
        fail
    });
    return {...options, countBlocks: Boolean(values['count-blocks'])};
}

/**
 * Wraps every block function of the runtime in a counter and returns a
 * function that reads the count. scratch-vm looks the functions up when it
 * first runs a block, so this must happen before the project starts.
 */
function countBlockCalls(runtime) {
    let calls = 0;
    for (const [opcode, blockFunction] of Object.entries(runtime._primitives)) {
        runtime._primitives[opcode] = (args, util) => {
            calls++;
            return blockFunction(args, util);
        };
    }
    return () => calls;
}

/**
 * Finds a variable or list by name, on the sprites first and then on the
 * stage; returns scratch-vm's Variable object or null.
 */
function findVariable(runtime, name, type) {
    const targets = runtime.targets.filter(target => target.isOriginal);
    const ordered = [...targets.filter(target => !target.isStage), ...targets.filter(target => target.isStage)];
    for (const target of ordered) {
        for (const variable of Object.values(target.variables)) {
            if (variable.name === name && variable.type === type) return variable;
        }
    }
    return null;
}

/** Returns whether some script starts when space is pressed (a space or an "any" key hat). */
function hasSpaceKeyScript(runtime) {
    for (const target of runtime.targets) {
        for (const topBlockId of target.blocks.getScripts()) {
            const block = target.blocks.getBlock(topBlockId);
            if (!block || block.opcode !== 'event_whenkeypressed') continue;
            const key = block.fields.KEY_OPTION && block.fields.KEY_OPTION.value;
            if (key === 'space' || key === 'any') return true;
        }
    }
    return false;
}

/** Returns whether `thread` is executing inside a forever loop, which never ends by itself. */
function isInForeverLoop(thread) {
    return thread.stack.some(blockId => {
        const block = thread.target.blocks.getBlock(blockId);
        return block !== undefined && block.opcode === 'control_forever';
    });
}

/** Returns whether any script is running; threads that only update monitors do not count. */
function isAnyScriptRunning(runtime) {
    return runtime.threads.some(thread => !thread.updateMonitor && runtime.isActiveThread(thread));
}

/**
 * Streams the project's output to stdout: list items as whole lines and the
 * text variable as it grows. A list item always starts on a fresh line.
 */
class OutputStream {
    constructor(runtime) {
        this.runtime = runtime;
        this.atLineStart = true;

        // Values present before the green flag are not output of this run.
        const list = findVariable(runtime, STDOUT_LIST, LIST_TYPE);
        this.printedItems = list ? list.value.length : 0;
        this.listItems = list ? list.value : null;
        const text = findVariable(runtime, TEXT_VARIABLE, SCALAR_TYPE);
        this.printedText = text ? String(text.value) : '';

        // Counts the times the text was set to a value that does not extend
        // the one before, such as the "" a new run starts with. So a run
        // that ends between two polls with the text of the run before is
        // still printed as a new text.
        this.textRestarts = 0;
        this.seenTextRestarts = 0;
        if (text) {
            let value = text.value;
            Object.defineProperty(text, 'value', {
                configurable: true,
                enumerable: true,
                get: () => value,
                set: next => {
                    if (!String(next).startsWith(String(value))) this.textRestarts++;
                    value = next;
                }
            });
        }
    }

    write(chunk) {
        if (chunk === '') return;
        process.stdout.write(chunk);
        this.atLineStart = chunk.endsWith('\n');
    }

    /** Prints what appeared in the list and the text variable since the last call. */
    update() {
        const list = findVariable(this.runtime, STDOUT_LIST, LIST_TYPE);
        if (list) {
            // "delete all of" gives the list a new array in scratch-vm 5.0,
            // so a new array holds only new items, even when a script cleared
            // and refilled the list between two polls. A list that got
            // shorter in place lost items: count on from its new length.
            if (list.value !== this.listItems) {
                this.printedItems = 0;
                this.listItems = list.value;
            } else if (list.value.length < this.printedItems) {
                this.printedItems = list.value.length;
            }
            for (; this.printedItems < list.value.length; this.printedItems++) {
                if (!this.atLineStart) this.write('\n');
                this.write(`${list.value[this.printedItems]}\n`);
            }
        }

        const textVariable = findVariable(this.runtime, TEXT_VARIABLE, SCALAR_TYPE);
        if (textVariable) {
            const text = String(textVariable.value);
            const restarted = this.textRestarts !== this.seenTextRestarts;
            this.seenTextRestarts = this.textRestarts;
            if (!restarted && text.startsWith(this.printedText)) {
                this.write(text.slice(this.printedText.length));
            } else {
                // The text was reset: start the new text on a fresh line.
                if (!this.atLineStart) this.write('\n');
                this.write(text);
            }
            this.printedText = text;
        }
    }

    /**
     * Ends the streamed output. A C program's unfinished last line (the
     * variable "!!line") is printed as it is, without a newline, as a
     * terminal shows it. Other output gets a final newline if it lacks one.
     */
    finishLine() {
        const line = findVariable(this.runtime, LINE_VARIABLE, SCALAR_TYPE);
        const unfinished = line ? String(line.value) : '';
        if (unfinished !== '') {
            if (!this.atLineStart) this.write('\n');
            this.write(unfinished);
        } else if (!this.atLineStart) {
            this.write('\n');
        }
    }
}

/** Returns the exit status the project set in "!!exit" (0 without one), or null when it is not an integer. */
function projectExitStatus(runtime) {
    const variable = findVariable(runtime, EXIT_VARIABLE, SCALAR_TYPE);
    if (!variable) return 0;
    const text = String(variable.value).trim();
    if (text === '') return 0;
    const value = Number(text);
    if (!Number.isInteger(value)) return null;
    // Like a C exit status seen by the shell: the low 8 bits.
    return ((value % 256) + 256) % 256;
}

async function main() {
    const options = parseCommandLine(process.argv.slice(2));

    let vm = null;
    let output = null;
    let poller = null;
    let finished = false;
    // With --count-blocks: returns the number of blocks run so far.
    let blockCount = null;

    // Ends the run: prints the final newline and the requested lists and
    // variables, then exits with `code`, or with the project's "!!exit" when
    // `code` is null.
    function finish(errorMessage, code) {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        clearInterval(poller);

        if (output) {
            output.update();
            output.finishLine();
        }
        if (vm) {
            vm.quit();
            for (const name of options.printLists) {
                const items = findVariable(vm.runtime, name, LIST_TYPE).value.map(String);
                process.stdout.write(`${name}: ${items.join(' ')}\n`);
            }
            for (const name of options.printVariables) {
                const value = findVariable(vm.runtime, name, SCALAR_TYPE).value;
                process.stdout.write(`${name}: ${value}\n`);
            }
        }

        let exitCode = code;
        if (exitCode === null) {
            exitCode = projectExitStatus(vm.runtime);
            if (exitCode === null) {
                const value = findVariable(vm.runtime, EXIT_VARIABLE, SCALAR_TYPE).value;
                errorMessage = `the variable ${EXIT_VARIABLE} is ${JSON.stringify(value)}, not an integer`;
                exitCode = 1;
            }
        }
        if (errorMessage) process.stderr.write(`${PROGRAM_NAME}: ${errorMessage}\n`);
        if (blockCount) process.stderr.write(`${PROGRAM_NAME}: ran ${blockCount()} blocks\n`);
        process.stdout.write('', () => process.exit(exitCode));
    }

    // The limit covers loading too, because a large project takes seconds to load.
    const timer = setTimeout(() => {
        finish(`timed out after ${options.timeoutSeconds} s with the project still running; ` +
            'raise --timeout to wait longer', EXIT_TIMEOUT);
    }, options.timeoutSeconds * 1000);

    let buffer;
    try {
        buffer = fs.readFileSync(options.file);
    } catch (error) {
        fail(`cannot read ${options.file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
            EXIT_USAGE);
    }

    try {
        vm = options.file.endsWith('.sprite3') ? await loadSpriteFile(buffer) : await loadProjectFile(buffer);
    } catch (error) {
        if (error instanceof ProjectFileError) fail(`${options.file}: ${error.message}`, EXIT_USAGE);
        throw error;
    }
    if (finished) return;
    const runtime = vm.runtime;

    for (const name of options.printLists) {
        if (!findVariable(runtime, name, LIST_TYPE)) {
            fail(`--print-list ${name}: the project has no list named ${JSON.stringify(name)}`, EXIT_USAGE);
        }
    }

    for (const name of options.printVariables) {
        if (!findVariable(runtime, name, SCALAR_TYPE)) {
            fail(`--print-variable ${name}: the project has no variable named ${JSON.stringify(name)}`, EXIT_USAGE);
        }
    }

    for (const {name} of options.settings) {
        if (!findVariable(runtime, name, SCALAR_TYPE)) {
            fail(`--set ${name}: the project has no variable named ${JSON.stringify(name)}`, EXIT_USAGE);
        }
    }

    const spaceScriptExists = options.pressSpace && hasSpaceKeyScript(runtime);
    output = new OutputStream(runtime);
    if (options.countBlocks) blockCount = countBlockCalls(runtime);

    vm.setTurboMode(true);
    vm.start();
    vm.greenFlag();
    const greenFlagThreads = runtime.threads.slice();

    // First wait for the green-flag scripts, then run until the end condition.
    let waitingForGreenFlag = true;
    let spaceIsDown = false;
    let spacePresses = 0;
    // Whether "!!status" has read anything but "Done." since the last press,
    // so a "Done." left from the previous run does not end the next one.
    let runStarted = true;
    // The threads the last extra press of space started.
    let pressedThreads = [];

    poller = setInterval(() => {
        output.update();

        const status = findVariable(runtime, STATUS_VARIABLE, SCALAR_TYPE);
        if (status && String(status.value) !== STATUS_DONE) runStarted = true;
        if (pressedThreads.length > 0 && !pressedThreads.some(thread => runtime.isActiveThread(thread))) {
            // The scripts the press started have finished, however fast.
            runStarted = true;
            pressedThreads = [];
        }
        if (status && String(status.value) === STATUS_DONE && runStarted) {
            if (spacePresses >= options.runs || !spaceScriptExists) {
                finish(null, null);
                return;
            }
            // Another run: the space script sets a new status as it starts.
            const before = new Set(runtime.threads);
            vm.postIOData('keyboard', {key: ' ', isDown: true});
            pressedThreads = runtime.threads.filter(thread => !before.has(thread));
            spaceIsDown = true;
            spacePresses++;
            runStarted = false;
            return;
        }

        if (spaceIsDown) {
            vm.postIOData('keyboard', {key: ' ', isDown: false});
            spaceIsDown = false;
        }

        if (waitingForGreenFlag) {
            const greenFlagRunning = greenFlagThreads.some(thread =>
                runtime.isActiveThread(thread) && !isInForeverLoop(thread));
            if (greenFlagRunning) return;
            waitingForGreenFlag = false;
            for (const {name, value} of options.settings) {
                findVariable(runtime, name, SCALAR_TYPE).value = value;
            }
            if (spaceScriptExists) {
                // Key hats start their threads synchronously, so the check
                // below already finds them running.
                vm.postIOData('keyboard', {key: ' ', isDown: true});
                spaceIsDown = true;
                spacePresses++;
            }
        }

        if (!isAnyScriptRunning(runtime)) finish(null, null);
    }, POLL_INTERVAL_MS);
}

// A block that throws inside scratch-vm's step loop surfaces here.
process.on('uncaughtException', error => {
    process.stderr.write(`${PROGRAM_NAME}: scratch-vm failed while running the project: ${error.stack || error}\n`);
    process.exit(1);
});

main().catch(error => {
    process.stderr.write(`${PROGRAM_NAME}: ${error.stack || error}\n`);
    process.exit(1);
});
