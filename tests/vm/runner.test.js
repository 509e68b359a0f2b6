'use strict';

// Checks run.js and validate.js end to end: each test builds a small project,
// runs the tool in a child process and checks its stdout, stderr and exit code.
// Run with `node --test tests/vm/`.

const assert = require('node:assert/strict');
const path = require('node:path');
const {describe, test} = require('node:test');
const {buildProjectJson, buildSb3, buildSprite3, zipProject, blocks: b} = require('./fixture.js');
const {createWorkFolder, runScript, spaceRunProject} = require('./test-helpers.js');

const RUN = path.join(__dirname, 'run.js');
const VALIDATE = path.join(__dirname, 'validate.js');

// Each test starts Node processes that spend about a second loading
// scratch-vm, so two tests run at a time.
const CONCURRENCY = 2;

const {workDir, writeFixture} = createWorkFolder('scratchc-vm-test-');

/** Builds a project from `spec` and runs it with run.js and `args`. */
async function runProject(spec, args = []) {
    const file = writeFixture(await buildSb3(spec));
    return runScript(RUN, [file, ...args]);
}

describe('run.js', {concurrency: CONCURRENCY}, () => {
    test('prints green-flag stdout lines', async () => {
        const result = await runProject({
            lists: {stdout: []},
            scripts: [[b.whenFlagClicked(), b.addToList('stdout', 'hello'), b.addToList('stdout', 'world')]]
        });
        assert.equal(result.stdout, 'hello\nworld\n');
        assert.equal(result.stderr, '');
        assert.equal(result.code, 0);
    });

    test('finds stdout and text on the stage', async () => {
        const result = await runProject({
            stageLists: {stdout: []},
            stageVariables: {'!!text': ''},
            stageScripts: [[b.whenFlagClicked(), b.addToList('stdout', 'from stage'), b.setVariable('!!text', 'tail')]]
        });
        assert.equal(result.stdout, 'from stage\ntail\n');
        assert.equal(result.code, 0);
    });

    test('ignores items present before green flag', async () => {
        const result = await runProject({
            lists: {stdout: ['saved 1', 'saved 2']},
            scripts: [[b.whenFlagClicked(), b.addToList('stdout', 'new')]]
        });
        assert.equal(result.stdout, 'new\n');
    });

    test('prints items again after list is cleared', async () => {
        const result = await runProject({
            lists: {stdout: ['saved']},
            scripts: [[b.whenFlagClicked(), b.deleteAllOfList('stdout'), b.addToList('stdout', 'first')]]
        });
        assert.equal(result.stdout, 'first\n');
    });

    test('streams text from space script until Done.', async () => {
        const result = await runProject({
            variables: {'!!text': '', '!!status': 'Edit params...'},
            scripts: [[
                b.whenKeyPressed('space'),
                b.setVariable('!!status', 'Running...'),
                b.repeat(5, [b.setVariable('!!text', b.join({variable: '!!text'}, 'ab'))]),
                b.setVariable('!!status', 'Done.')
            ]]
        });
        assert.equal(result.stdout, 'ababababab\n');
        assert.equal(result.stderr, '');
        assert.equal(result.code, 0);
    });

    test('presses space after green flag finishes', async () => {
        const result = await runProject({
            lists: {stdout: []},
            variables: {phase: 'before green flag'},
            scripts: [
                [b.whenFlagClicked(), b.wait(0.3), b.setVariable('phase', 'after green flag')],
                [b.whenKeyPressed('space'), b.addToList('stdout', b.join('space sees ', {variable: 'phase'}))]
            ]
        });
        assert.equal(result.stdout, 'space sees after green flag\n');
        assert.equal(result.code, 0);
    });

    test('does not wait for forever loop', async () => {
        const result = await runProject({
            lists: {stdout: []},
            variables: {'!!status': ''},
            scripts: [
                [b.whenFlagClicked(), b.forever([b.wait(0.05)])],
                [b.whenKeyPressed('space'), b.addToList('stdout', 'space ran'), b.setVariable('!!status', 'Done.')]
            ]
        }, ['--timeout', '30']);
        assert.equal(result.stdout, 'space ran\n');
        assert.equal(result.code, 0);
    });

    test('--no-space skips space script', async () => {
        const result = await runProject({
            lists: {stdout: []},
            scripts: [
                [b.whenFlagClicked(), b.addToList('stdout', 'flag')],
                [b.whenKeyPressed('space'), b.addToList('stdout', 'space')]
            ]
        }, ['--no-space']);
        assert.equal(result.stdout, 'flag\n');
        assert.equal(result.code, 0);
    });

    test('starts reset text on new line', async () => {
        const result = await runProject({
            variables: {'!!text': ''},
            scripts: [[
                b.whenFlagClicked(),
                b.setVariable('!!text', 'abc'),
                b.wait(0.3),
                b.setVariable('!!text', 'xy')
            ]]
        });
        assert.equal(result.stdout, 'abc\nxy\n');
    });

    test('puts list item after text on own line', async () => {
        const result = await runProject({
            lists: {stdout: []},
            variables: {'!!text': ''},
            scripts: [[
                b.whenFlagClicked(),
                b.setVariable('!!text', 'partial'),
                b.wait(0.3),
                b.addToList('stdout', 'line')
            ]]
        });
        assert.equal(result.stdout, 'partial\nline\n');
    });

    test('Done. ends run while scripts continue', async () => {
        const result = await runProject({
            variables: {'!!text': '', '!!status': ''},
            scripts: [[
                b.whenFlagClicked(),
                b.setVariable('!!text', 'story'),
                b.setVariable('!!status', 'Done.'),
                b.forever([b.wait(0.05)])
            ]]
        }, ['--timeout', '30']);
        assert.equal(result.stdout, 'story\n');
        assert.equal(result.code, 0);
    });

    test('exits with !!exit value', async () => {
        const result = await runProject({
            lists: {stdout: []},
            variables: {'!!exit': 0},
            scripts: [[b.whenFlagClicked(), b.addToList('stdout', 'failing'), b.setVariable('!!exit', 3)]]
        });
        assert.equal(result.stdout, 'failing\n');
        assert.equal(result.code, 3);
    });

    test('wraps negative !!exit like a shell', async () => {
        const result = await runProject({
            variables: {'!!exit': 0},
            scripts: [[b.whenFlagClicked(), b.setVariable('!!exit', -1)]]
        });
        assert.equal(result.code, 255);
    });

    test('rejects non-integer !!exit', async () => {
        const result = await runProject({
            variables: {'!!exit': 0},
            scripts: [[b.whenFlagClicked(), b.setVariable('!!exit', 'oops')]]
        });
        assert.match(result.stderr, /^run\.js: the variable !!exit is "oops", not an integer\n$/);
        assert.equal(result.code, 1);
    });

    test('times out with code 124', async () => {
        const result = await runProject({
            lists: {stdout: []},
            scripts: [[b.whenFlagClicked(), b.addToList('stdout', 'before loop'), b.forever([b.wait(0.05)])]]
        }, ['--timeout', '3']);
        assert.equal(result.stdout, 'before loop\n');
        assert.match(result.stderr, /^run\.js: timed out after 3 s[^\n]*\n$/);
        assert.equal(result.code, 124);
    });

    test('--print-list prints named lists', async () => {
        const result = await runProject({
            lists: {stdout: [], '!!output': []},
            stageLists: {tokens: [1, 2]},
            scripts: [[
                b.whenFlagClicked(),
                b.addToList('stdout', 'done'),
                b.addToList('!!output', 403),
                b.addToList('!!output', 407)
            ]]
        }, ['--print-list', '!!output', '--print-list', 'tokens']);
        assert.equal(result.stdout, 'done\n!!output: 403 407\ntokens: 1 2\n');
        assert.equal(result.code, 0);
    });

    test('--print-variable prints named variables', async () => {
        const result = await runProject({
            variables: {'!!tok_per_s': 0, 'label': 'old'},
            stageVariables: {'on stage': 5},
            scripts: [[b.whenFlagClicked(), b.setVariable('!!tok_per_s', 2.5), b.setVariable('label', 'new text')]]
        }, ['--print-variable', '!!tok_per_s', '--print-variable', 'label', '--print-variable', 'on stage']);
        assert.equal(result.stdout, '!!tok_per_s: 2.5\nlabel: new text\non stage: 5\n');
        assert.equal(result.stderr, '');
        assert.equal(result.code, 0);
    });

    test('prints lists before variables', async () => {
        const result = await runProject({
            variables: {'count': 1},
            lists: {'!!output': [7]}
        }, ['--print-variable', 'count', '--print-list', '!!output']);
        assert.equal(result.stdout, '!!output: 7\ncount: 1\n');
        assert.equal(result.code, 0);
    });

    test('rejects unknown --print-variable', async () => {
        const result = await runProject({lists: {'!!output': []}}, ['--print-variable', '!!output']);
        assert.equal(result.stdout, '');
        assert.equal(result.stderr,
            'run.js: --print-variable !!output: the project has no variable named "!!output"\n');
        assert.equal(result.code, 2);
    });

    test('rejects unknown --print-list', async () => {
        const result = await runProject({lists: {stdout: []}}, ['--print-list', 'nope']);
        assert.equal(result.stdout, '');
        assert.equal(result.stderr, 'run.js: --print-list nope: the project has no list named "nope"\n');
        assert.equal(result.code, 2);
    });

    test('rejects bad usage with code 2', async () => {
        const file = writeFixture(await buildSb3({}));
        const cases = [
            [[], /expected exactly one project file, got 0/],
            [[file, file], /expected exactly one project file, got 2/],
            [[file, '--bogus'], /Unknown option '--bogus'/],
            [[file, '--timeout', 'soon'], /invalid --timeout "soon"/],
            [[file, '--timeout', '0'], /invalid --timeout "0"/],
            [[file, '--runs', '-1'], /--runs needs a value, and a value that starts with "-" is written --runs=VALUE/],
            [[path.join(workDir, 'missing.sb3')], /cannot read .*missing\.sb3: no such file/]
        ];
        for (const [args, message] of cases) {
            const result = await runScript(RUN, args);
            assert.match(result.stderr, message, `stderr for ${args.join(' ')}`);
            assert.equal(result.stderr.split('\n').length, 2, `one stderr line for ${args.join(' ')}`);
            assert.equal(result.code, 2, `exit code for ${args.join(' ')}`);
        }
    });

    test('rejects invalid project with code 2', async () => {
        const project = buildProjectJson({});
        delete project.meta;
        const file = writeFixture(await zipProject(project));
        const result = await runScript(RUN, [file]);
        assert.equal(result.stderr,
            `run.js: ${file}: not a valid Scratch 3 project: project.json should have required property 'meta'\n`);
        assert.equal(result.stdout, '');
        assert.equal(result.code, 2);
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
        assert.equal(result.code, 0);
    });

    test('--runs presses space after each Done.', async () => {
        const result = await runProject(spaceRunProject([
            b.setVariable('!!text', b.join({variable: '!!text'}, 'ab'))
        ]), ['--runs', '3']);
        assert.equal(result.stdout, 'ababab\n');
        assert.equal(result.code, 0);
    });

    test('--runs reprints a restarted text', async () => {
        // Each run ends within one frame, so no poll finds its empty text.
        const result = await runProject(spaceRunProject([
            b.setVariable('!!text', ''),
            b.setVariable('!!text', b.join({variable: '!!text'}, 'ab'))
        ]), ['--runs', '3']);
        assert.equal(result.stdout, 'ab\nab\nab\n');
        assert.equal(result.code, 0);
    });

    test('--count-blocks reports the blocks run', async () => {
        const result = await runProject({
            lists: {stdout: []},
            scripts: [[
                b.whenFlagClicked(),
                b.addToList('stdout', 'x'),
                b.addToList('stdout', b.join('a', 'b'))
            ]]
        }, ['--count-blocks']);
        assert.equal(result.stdout, 'x\nab\n');
        // Two statements and one reporter; the hat and the literals are no blocks of their own.
        assert.equal(result.stderr, 'run.js: ran 3 blocks\n');
        assert.equal(result.code, 0);
    });

    test('--set rejects unknown variable', async () => {
        const result = await runProject({
            lists: {stdout: []},
            scripts: [[b.whenFlagClicked(), b.addToList('stdout', 'x')]]
        }, ['--set', 'missing=1']);
        assert.match(result.stderr, /--set missing: the project has no variable named "missing"/);
        assert.equal(result.code, 2);
    });

    test('runs sprite3 added to empty project', async () => {
        const file = writeFixture(await buildSprite3({
            lists: {stdout: []},
            scripts: [[b.whenFlagClicked(), b.addToList('stdout', 'from sprite')]]
        }), '.sprite3');
        const result = await runScript(RUN, [file]);
        assert.equal(result.stdout, 'from sprite\n');
        assert.equal(result.code, 0);
    });

    test('--help prints usage', async () => {
        const result = await runScript(RUN, ['--help']);
        assert.match(result.stdout, /^usage: node tests\/vm\/run\.js FILE \[--timeout/);
        assert.equal(result.code, 0);
    });
});

describe('validate.js', {concurrency: CONCURRENCY}, () => {
    test('accepts project and sprite', async () => {
        const spec = {lists: {stdout: []}, scripts: [[b.whenFlagClicked(), b.addToList('stdout', 'x')]]};
        const project = writeFixture(await buildSb3(spec));
        const sprite = writeFixture(await buildSprite3(spec), '.sprite3');
        const result = await runScript(VALIDATE, [project, sprite]);
        assert.equal(result.stdout, `${project}: ok\n${sprite}: ok\n`);
        assert.equal(result.stderr, '');
        assert.equal(result.code, 0);
    });

    test('reports each invalid file', async () => {
        const valid = writeFixture(await buildSb3({}));

        const badEnum = buildProjectJson({});
        badEnum.targets[1].rotationStyle = 'sideways';
        const schemaError = writeFixture(await zipProject(badEnum));

        const missingCostume = writeFixture(await zipProject(buildProjectJson({}), {withCostume: false}));

        const unknownBlock = buildProjectJson({lists: {stdout: []}, scripts: [[b.whenFlagClicked(), b.addToList('stdout', 'x')]]});
        unknownBlock.targets[1].blocks['block-1'].opcode = 'data_nonsense';
        const unknownOpcode = writeFixture(await zipProject(unknownBlock));

        const badJson = writeFixture(await zipProject('{"targets": ['));
        // Its line breaks must not break the one-line message.
        const notZip = writeFixture('hello\nworld\n');
        const plainJson = writeFixture(JSON.stringify(buildProjectJson({})));
        const wrongExtension = writeFixture(await buildSb3({}), '.zip');

        const result = await runScript(VALIDATE, [valid, schemaError, missingCostume, unknownOpcode, badJson,
            notZip, plainJson, wrongExtension]);
        const lines = result.stdout.split('\n');
        assert.equal(lines[0], `${valid}: ok`);
        assert.equal(lines[1], `${schemaError}: not a valid Scratch 3 project: project.json.targets[1].rotationStyle ` +
            'should be equal to one of the allowed values (allowed: all around, don\'t rotate, left-right)');
        assert.match(lines[2], /^.*: costume "backdrop1" of Stage names [0-9a-f]{32}\.svg, which is not in the archive$/);
        assert.equal(lines[3], `${unknownOpcode}: unknown opcode data_nonsense (block block-1 in Sprite1)`);
        assert.match(lines[4], /^.*: project\.json is not valid JSON \(SyntaxError: /);
        assert.match(lines[5], /^.*: not a zip archive, and not valid JSON either \(SyntaxError: /);
        assert.equal(lines[6], `${plainJson}: plain JSON, expected a zip archive (a .sb3 file)`);
        assert.equal(lines[7], `${wrongExtension}: unknown file type ".zip", expected .sb3 or .sprite3`);
        assert.equal(lines.length, 9);
        assert.equal(result.code, 1);
    });

    test('rejects sprite missing its costume', async () => {
        const sprite = buildProjectJson({}).targets[1];
        const JSZip = require('jszip');
        const zip = new JSZip();
        zip.file('sprite.json', JSON.stringify(sprite));
        const file = writeFixture(await zip.generateAsync({type: 'nodebuffer'}), '.sprite3');
        const result = await runScript(VALIDATE, [file]);
        assert.match(result.stdout, /: costume "costume1" of Sprite1 names [0-9a-f]{32}\.svg, which is not in the archive\n$/);
        assert.equal(result.code, 1);
    });

    test('exits 2 without files', async () => {
        const result = await runScript(VALIDATE, []);
        assert.equal(result.stderr, 'validate.js: expected one or more .sb3 or .sprite3 files (try --help)\n');
        assert.equal(result.code, 2);
    });
});
