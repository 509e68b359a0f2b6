'use strict';

// Helpers that runner.test.js and turbowarp.test.js share: a temporary work
// folder for fixture files and a way to run a tool in a child process.

const {spawn} = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {after} = require('node:test');

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

module.exports = {createWorkFolder, runScript};
