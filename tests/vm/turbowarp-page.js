'use strict';

// Code that runs inside the packaged TurboWarp page. Playwright sends each
// function as source text (Function.prototype.toString), so every function
// here must be self-contained: it may use only its arguments and the page's
// globals, never this module's scope.

/**
 * Installs `window.scratchcWatcher`, which follows the project's output in
 * the page's VM (`window.vm`) and reports it to turbowarp.js.
 *
 * After every VM frame (the runtime's AFTER_EXECUTE event) and on every
 * poll, it turns new items of the list `names.stdoutList` into whole lines
 * and new pieces of the variable `names.textVariable` into text, as run.js
 * does for scratch-vm. It stamps each new text piece with performance.now(),
 * the milliseconds since the page's navigation started, and with the length
 * of the list `names.tokenList` (null without that list).
 *
 * Tokens that finish in the same frame arrive as one piece, so it also
 * stamps every item added to `names.tokenList` as it is added, inside the
 * frame. A stamp has performance.now(), the frame, and the script time so
 * far: the milliseconds the VM spent running scripts, without rendering and
 * the wait for the next frame. Call it once, after the project has
 * loaded and before the green flag.
 */
function installWatcher(names) {
    const runtime = window.vm.runtime;
    const SCALAR_TYPE = '';
    const LIST_TYPE = 'list';

    // Finds a variable or list by name, on the sprites first and then on the
    // stage, like run.js. Returns the VM's Variable object or null.
    function findVariable(name, type) {
        const targets = runtime.targets.filter(target => target.isOriginal);
        const ordered = [...targets.filter(target => !target.isStage), ...targets.filter(target => target.isStage)];
        for (const target of ordered) {
            for (const variable of Object.values(target.variables)) {
                if (variable.name === name && variable.type === type) return variable;
            }
        }
        return null;
    }

    function blockOpcode(blocks, blockId) {
        const block = blocks.getBlock(blockId);
        return block ? block.opcode : null;
    }

    // Returns whether the script under `topBlockId` contains a forever loop,
    // at its top level or nested in C-shaped blocks.
    function scriptHasForeverLoop(blocks, topBlockId) {
        const pending = [topBlockId];
        while (pending.length > 0) {
            const block = blocks.getBlock(pending.pop());
            if (!block) continue;
            if (block.opcode === 'control_forever') return true;
            if (block.next) pending.push(block.next);
            for (const input of Object.values(block.inputs)) {
                if (input.name.startsWith('SUBSTACK') && input.block) pending.push(input.block);
            }
        }
        return false;
    }

    let frames = 0;

    // Script time: every frame runs its scripts in sequencer.stepThreads.
    // stepStart is the start of the running call, null between calls.
    let scriptMilliseconds = 0;
    let stepStart = null;
    const sequencer = runtime.sequencer;
    const stepThreads = sequencer.stepThreads;
    sequencer.stepThreads = function (...args) {
        stepStart = performance.now();
        try {
            return stepThreads.apply(this, args);
        } finally {
            scriptMilliseconds += performance.now() - stepStart;
            stepStart = null;
        }
    };
    function scriptTimeNow() {
        return scriptMilliseconds + (stepStart === null ? 0 : performance.now() - stepStart);
    }

    // Makes `object[name]` an accessor that keeps the value and calls
    // onSet(next, previous) on every set.
    function watchProperty(object, name, onSet) {
        let value = object[name];
        Object.defineProperty(object, name, {
            configurable: true,
            enumerable: true,
            get: () => value,
            set(next) {
                onSet(next, value);
                value = next;
            }
        });
    }

    // Both of TurboWarp's ways to run "add to list", compiled and
    // interpreted, push the item and then set the list's _monitorUpToDate
    // to false. An accessor on that property records each token as it is added.
    const tokenStamps = [];
    const tokenList = findVariable(names.tokenList, LIST_TYPE);
    if (tokenList) {
        let stampedItems = tokenList.value;
        let stampedLength = stampedItems.length;
        watchProperty(tokenList, '_monitorUpToDate', () => {
            // "delete all of" gives the list a new array without touching
            // this property, so a new array contains only new items.
            const items = tokenList.value;
            const from = items === stampedItems ? stampedLength : 0;
            if (items.length > from) {
                const stamp = {time: performance.now(), scriptTime: scriptTimeNow(), frame: frames};
                for (let k = from; k < items.length; k++) tokenStamps.push(stamp);
            }
            stampedItems = items;
            stampedLength = items.length;
        });
    }

    // Counts the times the text variable was set to a value that does not
    // extend the one before, such as the "" a new run starts with. A run
    // that ends within one frame with the same text as the last one is
    // still a new text.
    let textRestarts = 0;
    const textVariable = findVariable(names.textVariable, SCALAR_TYPE);
    if (textVariable) {
        watchProperty(textVariable, 'value', (next, previous) => {
            if (!String(next).startsWith(String(previous))) textRestarts++;
        });
    }

    const list = findVariable(names.stdoutList, LIST_TYPE);

    // Values present before the green flag are not output of this run.
    const state = {
        pendingOutput: '',
        atLineStart: true,
        listItems: list ? list.value : null,
        printedItems: list ? list.value.length : 0,
        printedText: textVariable ? String(textVariable.value) : '',
        seenTextRestarts: 0,
        pendingPieces: [],
        takenTokenStamps: 0
    };

    function write(chunk) {
        if (chunk === '') return;
        state.pendingOutput += chunk;
        state.atLineStart = chunk.endsWith('\n');
    }

    function update() {
        const stdout = findVariable(names.stdoutList, LIST_TYPE);
        if (stdout) {
            // "delete all of" gives the list a new array, so a new array
            // holds only new items. A list that got shorter in place lost
            // items: count on from its new length.
            if (stdout.value !== state.listItems) {
                state.printedItems = 0;
                state.listItems = stdout.value;
            } else if (stdout.value.length < state.printedItems) {
                state.printedItems = stdout.value.length;
            }
            for (; state.printedItems < stdout.value.length; state.printedItems++) {
                if (!state.atLineStart) write('\n');
                write(`${stdout.value[state.printedItems]}\n`);
            }
        }

        if (textVariable) {
            const current = String(textVariable.value);
            const restarted = textRestarts !== state.seenTextRestarts;
            state.seenTextRestarts = textRestarts;
            let piece;
            if (!restarted && current.startsWith(state.printedText)) {
                piece = current.slice(state.printedText.length);
            } else {
                // The text was reset: start the new text on a fresh line.
                if (!state.atLineStart) write('\n');
                piece = current;
            }
            write(piece);
            if (piece !== '') {
                state.pendingPieces.push({
                    time: performance.now(),
                    scriptTime: scriptMilliseconds,
                    piece,
                    tokenCount: tokenList ? tokenList.value.length : null
                });
            }
            state.printedText = current;
        }
    }

    function isGreenFlagThread(thread) {
        return blockOpcode(thread.target.blocks, thread.topBlock) === 'event_whenflagclicked';
    }

    // Returns whether every green-flag script has finished. As in run.js, a
    // script that is inside a forever loop counts as finished. TurboWarp's
    // compiler keeps no block stack for compiled scripts. So a compiled
    // script counts as finished once it has run for a frame, if it contains
    // a forever loop.
    // NOTE: a compiled script that waits before its forever loop therefore
    // counts as finished during the wait.
    function greenFlagScriptsFinished() {
        return runtime.threads.every(thread => {
            if (!runtime.isActiveThread(thread) || !isGreenFlagThread(thread)) return true;
            if (thread.isCompiled) {
                return frames > 0 && scriptHasForeverLoop(thread.target.blocks, thread.topBlock);
            }
            return thread.stack.some(blockId => blockOpcode(thread.target.blocks, blockId) === 'control_forever');
        });
    }

    // Threads that only update monitors do not count as running scripts.
    function anyScriptRunning() {
        return runtime.threads.some(thread => !thread.updateMonitor && runtime.isActiveThread(thread));
    }

    // Returns whether some script starts when space is pressed (a space or an "any" key hat).
    function hasSpaceKeyScript() {
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

    function scalarValue(name) {
        const variable = findVariable(name, SCALAR_TYPE);
        return variable ? String(variable.value) : null;
    }

    // Takes the output, text pieces and token stamps gathered since the last call.
    function takePending() {
        const gathered = {
            output: state.pendingOutput,
            pieces: state.pendingPieces,
            tokens: tokenStamps.slice(state.takenTokenStamps)
        };
        state.pendingOutput = '';
        state.pendingPieces = [];
        state.takenTokenStamps = tokenStamps.length;
        return gathered;
    }

    // The threads that the last key press started; see beforeKeyPress.
    let threadsBeforePress = null;
    let pressedThreads = [];

    runtime.on('AFTER_EXECUTE', () => {
        frames++;
        update();
    });

    window.scratchcWatcher = {
        hasSpaceKeyScript,

        /** Returns the names in `listNames` that name no list. */
        missingLists(listNames) {
            return listNames.filter(name => !findVariable(name, LIST_TYPE));
        },

        /** Returns the names in `variableNames` that name no variable. */
        missingVariables(variableNames) {
            return variableNames.filter(name => !findVariable(name, SCALAR_TYPE));
        },

        /** Sets each variable `name` to `value`, as a user moving a slider would. */
        setVariables(settings) {
            for (const {name, value} of settings) findVariable(name, SCALAR_TYPE).value = value;
        },

        /** Call before a key press, then afterKeyPress, to learn which threads the press started. */
        beforeKeyPress() {
            threadsBeforePress = new Set(runtime.threads);
        },

        afterKeyPress() {
            pressedThreads = runtime.threads.filter(thread => !threadsBeforePress.has(thread));
            threadsBeforePress = null;
        },

        /** Returns the new output and the run's state. */
        poll() {
            update();
            return {
                ...takePending(),
                status: scalarValue(names.statusVariable),
                greenFlagScriptsFinished: greenFlagScriptsFinished(),
                anyScriptRunning: anyScriptRunning(),
                pressedScriptsRunning: pressedThreads.some(thread => runtime.isActiveThread(thread))
            };
        },

        /**
         * Stops the VM's frame loop, like run.js, and returns the last
         * output, the "!!exit" value, the lists `request.lists` and the
         * variables `request.variables` as strings. Scripts are not stopped,
         * so the stage keeps its speech bubbles for a screenshot.
         */
        finish(request) {
            update();
            window.vm.quit();
            return {
                ...takePending(),
                exitValue: scalarValue(names.exitVariable),
                unfinishedLine: scalarValue(names.lineVariable) ?? '',
                lists: request.lists.map(name => findVariable(name, LIST_TYPE).value.map(String)),
                variables: request.variables.map(name => scalarValue(name))
            };
        }
    };
}

module.exports = {installWatcher};
