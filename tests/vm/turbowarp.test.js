'use strict';

// Checks turbowarp.js end to end: each test builds a small project, runs it
// in TurboWarp in headless Chromium (/usr/bin/chromium) through the tool in
// a child process, and checks its stdout, stderr and exit code.
// Run with `node --test tests/vm/`.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {describe, test} = require('node:test');
const {buildProjectJson, buildSb3, zipProject, blocks: b} = require('./fixture.js');
const {createWorkFolder, runScript, spaceRunProject} = require('./test-helpers.js');

const TURBOWARP = path.join(__dirname, 'turbowarp.js');

// Each run starts Chromium and takes about five seconds on two cores, so two
// tests run at a time.
const CONCURRENCY = 2;

const {workDir, workFile, writeFixture} = createWorkFolder('scratchc-turbowarp-test-');

/** Runs turbowarp.js with `args` and resolves to its exit code, stdout and stderr. */
function runTurboWarp(args) {
    return runScript(TURBOWARP, args);
}

/** Builds a project from `spec` and runs it in TurboWarp with `args`. */
async function runProject(spec, args = []) {
    const file = writeFixture(await buildSb3(spec));
    return runTurboWarp([file, ...args]);
}

/** Returns the width and height stored in a PNG file's IHDR chunk. */
function pngSize(file) {
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG file`);
    return {width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20)};
}

describe('turbowarp.js', {concurrency: CONCURRENCY}, () => {
    test('prints stdout lines and exits with !!exit', async () => {
        const htmlFile = workFile('.html');
        const result = await runProject({
            lists: {stdout: []},
            variables: {'!!exit': 0},
            scripts: [[
                b.whenFlagClicked(),
                b.addToList('stdout', 'hello'),
                b.addToList('stdout', b.join('wor', 'ld')),
                b.setVariable('!!exit', 3)
            ]]
        }, ['--html', htmlFile]);
        assert.equal(result.stdout, 'hello\nworld\n');
        assert.equal(result.stderr, '');
        assert.equal(result.code, 3);
        assert.match(fs.readFileSync(htmlFile, 'utf8'), /^<!DOCTYPE html>/);
    });

    test('streams text from space script until Done.', async () => {
        const screenshot = workFile('.png');
        const result = await runProject({
            variables: {'!!text': '', '!!status': 'Edit params...'},
            lists: {'!!output': []},
            scripts: [
                [b.whenFlagClicked(), b.forever([b.wait(0.05)])],
                [
                    b.whenKeyPressed('space'),
                    b.setVariable('!!status', 'Running...'),
                    b.repeat(3, [
                        b.setVariable('!!text', b.join({variable: '!!text'}, 'ab')),
                        b.addToList('!!output', 7),
                        b.wait(0.05)
                    ]),
                    b.setVariable('!!status', 'Done.')
                ]
            ]
        }, ['--print-list', '!!output', '--screenshot', screenshot, '--timeout', '60']);
        assert.equal(result.stdout, 'ababab\n!!output: 7 7 7\n');
        assert.equal(result.stderr, '');
        assert.equal(result.code, 0);
        assert.deepEqual(pngSize(screenshot), {width: 480, height: 360});
    });

    test('--verbose reports token times', async () => {
        const result = await runProject({
            variables: {'!!text': ''},
            scripts: [[
                b.whenFlagClicked(),
                b.setVariable('!!text', 'one'),
                b.wait(0.1),
                b.setVariable('!!text', 'one two')
            ]]
        }, ['--verbose']);
        assert.equal(result.stdout, 'one two\n');
        assert.match(result.stderr, /^turbowarp\.js: piece 1 at \d+\.\d{3} s: "one"$/m);
        assert.match(result.stderr, /^turbowarp\.js: piece 2 at \d+\.\d{3} s \(\+\d+\.\d{3} s\): " two"$/m);
        assert.match(result.stderr, /^turbowarp\.js: first !!text piece \d+\.\d{3} s after page load$/m);
        assert.match(result.stderr, /^turbowarp\.js: 2 pieces; \d+\.\d{2} ms per token /m);
        assert.equal(result.code, 0);
    });

    test('--verbose with --runs sums up each run', async () => {
        const result = await runProject(spaceRunProject([
            b.setVariable('!!text', 'one'),
            b.wait(0.1),
            b.setVariable('!!text', 'one two'),
            b.wait(0.1),
            b.setVariable('!!text', 'one two three')
        ]), ['--runs', '2', '--verbose']);
        assert.equal(result.stdout, 'one two three\none two three\n');
        // Each run makes three pieces, and each summary counts its own run's.
        assert.match(result.stderr, /^turbowarp\.js: piece 6 at /m);
        assert.match(result.stderr, /^turbowarp\.js: run 1 of 2: 3 pieces; \d+\.\d{2} ms per token over the 2 pieces /m);
        assert.match(result.stderr, /^turbowarp\.js: run 2 of 2: 3 pieces; \d+\.\d{2} ms per token over the 2 pieces /m);
        assert.equal(result.code, 0);
    });

    test('--verbose times tokens within one frame', async () => {
        // No block here waits, so in turbo mode each run ends in the frame
        // it starts in, and its text is the same as the run before.
        const project = spaceRunProject([
            b.deleteAllOfList('!!output'),
            b.setVariable('!!text', ''),
            b.repeat(3, [
                b.setVariable('!!text', b.join({variable: '!!text'}, 'ab')),
                b.addToList('!!output', 7)
            ])
        ]);
        project.lists = {'!!output': []};
        const result = await runProject(project, ['--runs', '2', '--verbose', '--print-list', '!!output']);
        assert.equal(result.stdout, 'ababab\nababab\n!!output: 7 7 7\n');
        for (const run of [1, 2]) {
            assert.match(result.stderr, new RegExp(`^turbowarp\\.js: run ${run} of 2: 3 tokens in 1 frame, ` +
                'the first at \\d+\\.\\d{3} s \\(\\d+\\.\\d{3} s after space\\); ' +
                '\\d+\\.\\d{3} ms per token from the first to the last, script time \\d+\\.\\d{3} ms per token$', 'm'));
        }
        assert.equal(result.code, 0);
    });

    test('--set changes variable before space', async () => {
        const result = await runProject({
            variables: {'ui_steps': 20, '!!text': ''},
            scripts: [
                [b.whenFlagClicked(), b.setVariable('!!text', '')],
                [b.whenKeyPressed('space'), b.setVariable('!!text', b.join('steps=', {variable: 'ui_steps'}))]
            ]
        }, ['--set', 'ui_steps=7']);
        assert.equal(result.stdout, 'steps=7\n');
        assert.equal(result.stderr, '');
        assert.equal(result.code, 0);
    });

    test('--set rejects unknown variable', async () => {
        const result = await runProject({
            lists: {stdout: []},
            scripts: [[b.whenFlagClicked(), b.addToList('stdout', 'x')]]
        }, ['--set', 'missing=1']);
        assert.equal(result.stdout, '');
        assert.equal(result.stderr, 'turbowarp.js: --set missing: the project has no variable named "missing"\n');
        assert.equal(result.code, 2);
    });

    test('--runs presses space after each Done.', async () => {
        const result = await runProject(spaceRunProject([
            b.setVariable('!!text', b.join({variable: '!!text'}, 'ab'))
        ]), ['--runs', '3', '--print-variable', '!!status']);
        assert.equal(result.stdout, 'ababab\n!!status: Done.\n');
        assert.equal(result.stderr, '');
        assert.equal(result.code, 0);
    });

    test('--print-variable prints named variables', async () => {
        const result = await runProject({
            variables: {'!!tok_per_s': 0, 'label': 'old'},
            stageVariables: {'on stage': 5},
            lists: {'!!output': []},
            scripts: [[
                b.whenFlagClicked(),
                b.setVariable('!!tok_per_s', 2.5),
                b.setVariable('label', 'new text'),
                b.addToList('!!output', 403)
            ]]
        }, ['--print-variable', '!!tok_per_s', '--print-variable', 'label', '--print-variable', 'on stage',
            '--print-list', '!!output']);
        assert.equal(result.stdout, '!!output: 403\n!!tok_per_s: 2.5\nlabel: new text\non stage: 5\n');
        assert.equal(result.stderr, '');
        assert.equal(result.code, 0);
    });

    test('rejects unknown --print-variable', async () => {
        const result = await runProject({lists: {'!!output': []}}, ['--print-variable', '!!output']);
        assert.equal(result.stdout, '');
        assert.equal(result.stderr,
            'turbowarp.js: --print-variable !!output: the project has no variable named "!!output"\n');
        assert.equal(result.code, 2);
    });

    test('times out with code 124', async () => {
        const result = await runProject({
            lists: {stdout: []},
            scripts: [[b.whenFlagClicked(), b.addToList('stdout', 'before loop'), b.forever([b.wait(0.05)])]]
        // The limit covers packaging and starting Chromium too, which take
        // up to about 18 s on a loaded 2-core machine.
        }, ['--timeout', '40']);
        assert.equal(result.stdout, 'before loop\n');
        assert.match(result.stderr, /^turbowarp\.js: timed out after 40 s[^\n]*\n$/);
        assert.equal(result.code, 124);
    });

    test('rejects non-integer !!exit', async () => {
        const result = await runProject({
            variables: {'!!exit': 0},
            scripts: [[b.whenFlagClicked(), b.setVariable('!!exit', 'oops')]]
        });
        assert.equal(result.stderr, 'turbowarp.js: the variable !!exit is "oops", not an integer\n');
        assert.equal(result.code, 1);
    });

    test('rejects unknown --print-list', async () => {
        const htmlFile = workFile('.html');
        const result = await runProject({lists: {stdout: []}}, ['--print-list', 'nope', '--html', htmlFile]);
        assert.equal(result.stdout, '');
        assert.equal(result.stderr, 'turbowarp.js: --print-list nope: the project has no list named "nope"\n');
        assert.equal(result.code, 2);
        assert.equal(fs.existsSync(htmlFile), false);
    });

    test('rejects invalid project with code 2', async () => {
        const project = buildProjectJson({});
        delete project.meta;
        const file = writeFixture(await zipProject(project));
        const result = await runTurboWarp([file]);
        assert.equal(result.stderr, `turbowarp.js: ${file}: not a valid Scratch 3 project: ` +
            'project.json should have required property \'meta\'\n');
        assert.equal(result.stdout, '');
        assert.equal(result.code, 2);
    });

    test('rejects bad usage with code 2', async () => {
        const file = writeFixture(await buildSb3({}));
        const cases = [
            [[], /expected exactly one project file, got 0/],
            [[file, '--bogus'], /Unknown option '--bogus'/],
            [[file, '--timeout', 'soon'], /invalid --timeout "soon"/],
            [[file, '--screenshot', ''], /--screenshot needs a file name/],
            [[file, '--runs', '0'], /invalid --runs "0": expected a whole number of at least 1/],
            [[file, '--runs', '1.5'], /invalid --runs "1.5"/],
            [[file, '--set', '=3'], /invalid --set "=3": expected NAME=VALUE/],
            [[file, '--set', 'ui_steps'], /invalid --set "ui_steps": expected NAME=VALUE/],
            [[path.join(workDir, 'missing.sb3')], /cannot read .*missing\.sb3: no such file/]
        ];
        for (const [args, message] of cases) {
            const result = await runTurboWarp(args);
            assert.match(result.stderr, message, `stderr for ${args.join(' ')}`);
            assert.equal(result.stderr.split('\n').length, 2, `one stderr line for ${args.join(' ')}`);
            assert.equal(result.code, 2, `exit code for ${args.join(' ')}`);
        }
    });
});
