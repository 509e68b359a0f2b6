'use strict';

// Helpers that runner.test.js and turbowarp.test.js share: a temporary work
// folder for fixture files, a way to run a tool in a child process, and a
// project that runs once per press of space.

const {spawn} = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {after} = require('node:test');
const {blocks: b} = require('./fixture.js');

/**
 * Creates a temporary folder whose name starts with `prefix` and removes it
 * after the test file's tests. Returns the folder's path and functions that
 * name and write files in it.
 */
function createWorkFolder(prefix) {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    after(() => fs.rmSync(workDir, {recursive: true, force: true}));

    let fileCounter = 0;

    /** Returns a new path in the work folder. */
    function workFile(extension) {
        return path.join(workDir, `file-${fileCounter++}${extension}`);
    }

    /** Writes `bytes` to a new file in the work folder and returns its path. */
    function writeFixture(bytes, extension = '.sb3') {
        const file = workFile(extension);
        fs.writeFileSync(file, bytes);
        return file;
    }

    return {workDir, workFile, writeFixture};
}

/** Runs a Node script; resolves to its exit code, stdout and stderr. */
function runScript(script, args) {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [script, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => {
            stdout += chunk;
        });
        child.stderr.on('data', chunk => {
            stderr += chunk;
        });
        child.on('error', reject);
        child.on('close', code => resolve({code, stdout, stderr}));
    });
}

/**
 * Returns the spec of a project that runs as the story does: the green flag
 * sets "!!status" to "Edit params...", and each press of space sets it to
 * "Running...", runs the blocks `body` and sets it to "Done.".
 */
function spaceRunProject(body) {
    return {
        variables: {'!!text': '', '!!status': ''},
        scripts: [
            [b.whenFlagClicked(), b.setVariable('!!status', 'Edit params...')],
            [
                b.whenKeyPressed('space'),
                b.setVariable('!!status', 'Running...'),
                ...body,
                b.setVariable('!!status', 'Done.')
            ]
        ]
    };
}

module.exports = {createWorkFolder, runScript, spaceRunProject};
