'use strict';

// Loads Scratch 3 projects and sprites into the official scratch-vm in Node,
// with no renderer and no audio engine, after checking them with
// scratch-parser, the validator the Scratch website uses.

const path = require('node:path');
const VirtualMachine = require('scratch-vm');
const {ScratchStorage} = require('scratch-storage');
const parseScratchFile = require('scratch-parser');
const JSZip = require('jszip');

// scratch-vm logs through minilog to stdout (console.log), which would mix
// its warnings into a program's output. Take minilog from where scratch-vm
// resolves it, so this is the same instance.
const minilog = require(require.resolve('minilog', {
    paths: [path.dirname(require.resolve('scratch-vm'))]
}));

// Warnings that carry no news here: every headless load has no renderer and
// no audio engine, and each new VM in one process re-registers its services.
const EXPECTED_HEADLESS_WARNING =
    /^(No (rendering module|audio engine) present|Central dispatch replacing existing service provider)/;

/** Sends scratch-vm's warnings and errors to stderr and drops its info and debug lines. */
function routeVmLogToStderr() {
    minilog.disable();
    const stderrBackend = new minilog.Transform();
    stderrBackend.write = (name, level, args) => {
        if (level !== 'warn' && level !== 'error') return;
        const text = args.map(arg => (typeof arg === 'string' ? arg : String(arg))).join(' ');
        if (EXPECTED_HEADLESS_WARNING.test(text)) return;
        process.stderr.write(`scratch-vm ${level}: ${text}\n`);
    };
    minilog.pipe(stderrBackend);
}
routeVmLogToStderr();

/** Error for an invalid project file. Its message is one line for the user. */
class ProjectFileError extends Error {}

/** Turns scratch-parser's error value (a string or an ajv result) into one line. */
function describeParserError(error, isSprite, isZip) {
    const jsonName = isSprite ? 'sprite.json' : 'project.json';
    const kind = isSprite ? 'Scratch 3 sprite' : 'Scratch 3 project';

    if (typeof error === 'string') {
        if (error.startsWith('Failed to unzip')) {
            return error.includes('missing project or sprite json') ?
                `the zip archive has no ${jsonName}` :
                'not a valid zip archive';
        }
        if (error.startsWith('SyntaxError')) {
            // The message quotes the start of the file, line breaks and all.
            const oneLine = error.replace(/\r?\n/g, '\\n');
            return isZip ?
                `${jsonName} is not valid JSON (${oneLine})` :
                `not a zip archive, and not valid JSON either (${oneLine})`;
        }
        return error;
    }

    const schemaErrors = (error && error.sb3Errors) || [];
    if (schemaErrors.length === 0) {
        return `not a valid ${kind}`;
    }
    const first = schemaErrors[0];
    const location = `${jsonName}${first.dataPath || ''}`;
    const details = first.params && first.params.allowedValues ?
        ` (allowed: ${first.params.allowedValues.join(', ')})` :
        '';
    const more = schemaErrors.length > 1 ? ` (and ${schemaErrors.length - 1} more schema errors)` : '';
    return `not a valid ${kind}: ${location} ${first.message}${details}${more}`;
}

/**
 * Returns a reason when a costume or sound that the JSON names has no file in
 * the zip archive, else null. scratch-vm would fall back to a default costume
 * that needs a renderer, and the editor would show a placeholder.
 */
function findMissingAsset(json, zip, isSprite) {
    const targets = isSprite ? [json] : json.targets;
    for (const target of targets) {
        const assets = [...target.costumes.map(asset => ['costume', asset]),
            ...target.sounds.map(asset => ['sound', asset])];
        for (const [kind, asset] of assets) {
            const fileName = asset.md5ext || `${asset.assetId}.${asset.dataFormat}`;
            if (zip.file(fileName) === null) {
                return `${kind} "${asset.name}" of ${target.name} names ${fileName}, which is not in the archive`;
            }
        }
    }
    return null;
}

/**
 * Validates `buffer` (the bytes of a .sb3 or .sprite3) with scratch-parser
 * and checks that every asset file is present. Resolves to the parsed JSON;
 * rejects with ProjectFileError, also for plain JSON input and for valid
 * Scratch 2 files, because scratchc only writes zipped Scratch 3.
 */
function validateScratch3(buffer, isSprite) {
    const kind = isSprite ? 'sprite' : 'project';
    return new Promise((resolve, reject) => {
        parseScratchFile(buffer, isSprite, (error, result) => {
            if (error) {
                // Zip archives start with the signature "PK".
                const isZip = buffer.length >= 2 && buffer[0] === 0x50 && buffer[1] === 0x4b;
                reject(new ProjectFileError(describeParserError(error, isSprite, isZip)));
                return;
            }
            const [json, zip] = result;
            if (json.projectVersion !== 3) {
                reject(new ProjectFileError(`a Scratch ${json.projectVersion} ${kind}, expected Scratch 3`));
                return;
            }
            if (zip === null) {
                reject(new ProjectFileError(`plain JSON, expected a zip archive (a ${isSprite ? '.sprite3' : '.sb3'} file)`));
                return;
            }
            const missingAsset = findMissingAsset(json, zip, isSprite);
            if (missingAsset !== null) {
                reject(new ProjectFileError(missingAsset));
                return;
            }
            resolve(json);
        });
    });
}

/**
 * Returns a reason when a loaded block has an opcode that this scratch-vm
 * cannot run, else null. scratch-vm loads such blocks without complaint and
 * skips them when they run. Shadow blocks (menus, literals, prototypes) run
 * only through their parents, so they are not checked.
 */
function findUnknownOpcode(vm) {
    const runtime = vm.runtime;
    let firstReason = null;
    let count = 0;
    for (const target of runtime.targets) {
        // NOTE: scratch-vm 5.0 has no public way to list all blocks of a target.
        for (const [blockId, block] of Object.entries(target.blocks._blocks)) {
            if (block.shadow) continue;
            if (runtime.getOpcodeFunction(block.opcode) || runtime.getIsHat(block.opcode)) continue;
            count++;
            if (firstReason === null) {
                firstReason = `unknown opcode ${block.opcode} (block ${blockId} in ${target.getName()})`;
            }
        }
    }
    if (firstReason === null) return null;
    return count > 1 ? `${firstReason} and ${count - 1} more blocks with unknown opcodes` : firstReason;
}

/** Creates a VM whose assets come from the loaded file only (no network source). */
function createVm() {
    const vm = new VirtualMachine();
    vm.attachStorage(new ScratchStorage());
    return vm;
}

/** Turns what scratch-vm rejects a load with (a string, an Error or a JSON text) into one line. */
function describeVmError(error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return text.split('\n')[0];
}

/** Validates a .sb3 and loads it into a new VM; resolves to the VM. */
async function loadProjectFile(buffer) {
    await validateScratch3(buffer, false);
    const vm = createVm();
    try {
        await vm.loadProject(buffer);
    } catch (error) {
        throw new ProjectFileError(`scratch-vm failed to load the project: ${describeVmError(error)}`);
    }
    const unknownOpcode = findUnknownOpcode(vm);
    if (unknownOpcode !== null) throw new ProjectFileError(unknownOpcode);
    return vm;
}

/** Returns the bytes of a project with an empty stage, for loading sprites into. */
async function emptyProjectBytes() {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"></svg>';
    const md5 = require('node:crypto').createHash('md5').update(svg).digest('hex');
    const stage = {
        isStage: true,
        name: 'Stage',
        variables: {},
        lists: {},
        broadcasts: {},
        blocks: {},
        comments: {},
        currentCostume: 0,
        costumes: [{name: 'backdrop1', dataFormat: 'svg', assetId: md5, md5ext: `${md5}.svg`,
            rotationCenterX: 1, rotationCenterY: 1}],
        sounds: [],
        volume: 100
    };
    const zip = new JSZip();
    zip.file('project.json', JSON.stringify({targets: [stage], monitors: [], extensions: [],
        meta: {semver: '3.0.0'}}));
    zip.file(`${md5}.svg`, svg);
    return zip.generateAsync({type: 'nodebuffer'});
}

/** Validates a .sprite3 and adds it to a new VM holding an empty project; resolves to the VM. */
async function loadSpriteFile(buffer) {
    await validateScratch3(buffer, true);
    const vm = createVm();
    await vm.loadProject(await emptyProjectBytes());
    try {
        await vm.addSprite(buffer);
    } catch (error) {
        throw new ProjectFileError(`scratch-vm failed to load the sprite: ${describeVmError(error)}`);
    }
    const unknownOpcode = findUnknownOpcode(vm);
    if (unknownOpcode !== null) throw new ProjectFileError(unknownOpcode);
    return vm;
}

module.exports = {ProjectFileError, validateScratch3, loadProjectFile, loadSpriteFile};
