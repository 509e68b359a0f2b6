#!/usr/bin/env node
'use strict';

// Checks .sb3 and .sprite3 files the way the Scratch website and editor
// would: scratch-parser's schema validation, then a load into scratch-vm.

const fs = require('node:fs');
const path = require('node:path');
const {ProjectFileError, loadProjectFile, loadSpriteFile} = require('./headless-vm.js');

const USAGE = `usage: node tests/vm/validate.js FILE...

Validates each .sb3 or .sprite3 FILE with scratch-parser and loads it into
scratch-vm. Prints "FILE: ok" or "FILE: " and the reason, one line per file.
exit status: 0 when all files are valid, 1 when any is not, 2 on bad usage.`;

/** Validates and loads one file; returns null when it is valid, else the reason. */
async function checkFile(file) {
    const extension = path.extname(file).toLowerCase();
    if (extension !== '.sb3' && extension !== '.sprite3') {
        return `unknown file type ${JSON.stringify(extension)}, expected .sb3 or .sprite3`;
    }

    let buffer;
    try {
        buffer = fs.readFileSync(file);
    } catch (error) {
        return error.code === 'ENOENT' ? 'no such file' : `cannot read: ${error.message}`;
    }

    try {
        const vm = extension === '.sprite3' ? await loadSpriteFile(buffer) : await loadProjectFile(buffer);
        vm.quit();
    } catch (error) {
        if (error instanceof ProjectFileError) return error.message;
        throw error;
    }
    return null;
}

async function main() {
    const files = process.argv.slice(2);
    if (files.includes('--help') || files.includes('-h')) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    if (files.length === 0 || files.some(file => file.startsWith('-'))) {
        process.stderr.write(`validate.js: expected one or more .sb3 or .sprite3 files (try --help)\n`);
        return 2;
    }

    let failures = 0;
    for (const file of files) {
        const reason = await checkFile(file);
        if (reason === null) {
            process.stdout.write(`${file}: ok\n`);
        } else {
            failures++;
            process.stdout.write(`${file}: ${reason}\n`);
        }
    }
    return failures > 0 ? 1 : 0;
}

main().then(
    code => process.exit(code),
    error => {
        process.stderr.write(`validate.js: ${error.stack || error}\n`);
        process.exit(1);
    }
);
