'use strict';

// Builds small Scratch 3 projects (.sb3) for the runner's tests: one stage and
// one sprite, each with an SVG costume named by its MD5 as the editor does.
//
// A script is a hat block followed by stack blocks. A block is
// `{opcode, inputs, fields, substack}`. An input is a string or number (a
// literal), `{variable: NAME}` (a variable reporter) or another block (a
// reporter). A field is `{variable: NAME}`, `{list: NAME}` or a plain value.
// `substack` is an array of blocks (the C-shaped mouth of repeat and forever).

const crypto = require('node:crypto');
const JSZip = require('jszip');

const COSTUME_SVG =
    '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2" viewBox="0 0 2 2">' +
    '<rect width="2" height="2" fill="#4c97ff"/></svg>';

// Primitive types of inputs in project.json: 10 is a text literal, 12 a variable reporter.
const TEXT_PRIMITIVE = 10;
const VARIABLE_PRIMITIVE = 12;

/** Returns the costume entry and the asset file for the shared SVG costume. */
function makeCostume(name) {
    const md5 = crypto.createHash('md5').update(COSTUME_SVG).digest('hex');
    return {
        name,
        bitmapResolution: 1,
        dataFormat: 'svg',
        assetId: md5,
        md5ext: `${md5}.svg`,
        rotationCenterX: 1,
        rotationCenterY: 1
    };
}

/**
 * Builds a project.json object.
 * @param {object} spec
 * @param {object} [spec.stageVariables] name -> initial value, on the stage
 * @param {object} [spec.stageLists] name -> array of items, on the stage
 * @param {object} [spec.variables] name -> initial value, on the sprite
 * @param {object} [spec.lists] name -> array of items, on the sprite
 * @param {Array<Array<object>>} [spec.scripts] sprite scripts, hat block first
 * @param {Array<Array<object>>} [spec.stageScripts] stage scripts, hat block first
 */
function buildProjectJson(spec) {
    const ids = new Map();
    let nextBlockId = 0;

    function declare(kind, names) {
        const declared = {};
        for (const [name, value] of Object.entries(names || {})) {
            const id = `${kind}-${name}`;
            ids.set(`${kind}:${name}`, id);
            declared[id] = [name, value];
        }
        return declared;
    }

    const stageVariables = declare('variable', spec.stageVariables);
    const stageLists = declare('list', spec.stageLists);
    const spriteVariables = declare('variable', spec.variables);
    const spriteLists = declare('list', spec.lists);

    function idOf(kind, name) {
        const id = ids.get(`${kind}:${name}`);
        if (!id) throw new Error(`fixture uses undeclared ${kind} ${JSON.stringify(name)}`);
        return id;
    }

    function encodeField(value) {
        if (value && typeof value === 'object' && 'variable' in value) {
            return [value.variable, idOf('variable', value.variable)];
        }
        if (value && typeof value === 'object' && 'list' in value) {
            return [value.list, idOf('list', value.list)];
        }
        return [value, null];
    }

    // Adds `block` and the blocks it contains to `blocks`, and returns its id.
    function addBlock(blocks, block, parent, topLevel) {
        const id = `block-${nextBlockId++}`;
        const entry = {
            opcode: block.opcode,
            next: null,
            parent,
            inputs: {},
            fields: {},
            shadow: false,
            topLevel
        };
        if (topLevel) {
            entry.x = 0;
            entry.y = 0;
        }
        blocks[id] = entry;

        for (const [name, value] of Object.entries(block.inputs || {})) {
            if (value && typeof value === 'object' && 'variable' in value) {
                const variable = [VARIABLE_PRIMITIVE, value.variable, idOf('variable', value.variable)];
                entry.inputs[name] = [3, variable, [TEXT_PRIMITIVE, '']];
            } else if (value && typeof value === 'object' && 'opcode' in value) {
                entry.inputs[name] = [3, addBlock(blocks, value, id, false), [TEXT_PRIMITIVE, '']];
            } else {
                entry.inputs[name] = [1, [TEXT_PRIMITIVE, String(value)]];
            }
        }
        for (const [name, value] of Object.entries(block.fields || {})) {
            entry.fields[name] = encodeField(value);
        }
        if (block.substack && block.substack.length > 0) {
            entry.inputs.SUBSTACK = [2, addStack(blocks, block.substack, id)];
        }
        return id;
    }

    // Adds a stack of blocks below `parent` (or a top-level script when
    // `parent` is null), and returns the first block's id.
    function addStack(blocks, stack, parent) {
        let firstId = null;
        let previousId = parent;
        for (const block of stack) {
            const id = addBlock(blocks, block, previousId, previousId === null);
            if (firstId === null) {
                firstId = id;
            } else {
                blocks[previousId].next = id;
            }
            previousId = id;
        }
        return firstId;
    }

    const stageBlocks = {};
    for (const script of spec.stageScripts || []) addStack(stageBlocks, script, null);
    const spriteBlocks = {};
    for (const script of spec.scripts || []) addStack(spriteBlocks, script, null);

    return {
        targets: [
            {
                isStage: true,
                name: 'Stage',
                variables: stageVariables,
                lists: stageLists,
                broadcasts: {},
                blocks: stageBlocks,
                comments: {},
                currentCostume: 0,
                costumes: [makeCostume('backdrop1')],
                sounds: [],
                volume: 100,
                layerOrder: 0,
                tempo: 60,
                videoTransparency: 50,
                videoState: 'on',
                textToSpeechLanguage: null
            },
            {
                isStage: false,
                name: 'Sprite1',
                variables: spriteVariables,
                lists: spriteLists,
                broadcasts: {},
                blocks: spriteBlocks,
                comments: {},
                currentCostume: 0,
                costumes: [makeCostume('costume1')],
                sounds: [],
                volume: 100,
                layerOrder: 1,
                visible: true,
                x: 0,
                y: 0,
                size: 100,
                direction: 90,
                draggable: false,
                rotationStyle: 'all around'
            }
        ],
        monitors: [],
        extensions: [],
        meta: {semver: '3.0.0', vm: '5.0.300', agent: 'scratchc tests'}
    };
}

/**
 * Zips a project.json (an object or a raw string) into .sb3 bytes, with the
 * costume SVG unless `withCostume` is false.
 */
async function zipProject(projectJson, {withCostume = true} = {}) {
    const zip = new JSZip();
    const text = typeof projectJson === 'string' ? projectJson : JSON.stringify(projectJson);
    zip.file('project.json', text);
    if (withCostume) zip.file(makeCostume('').md5ext, COSTUME_SVG);
    return zip.generateAsync({type: 'nodebuffer', compression: 'DEFLATE'});
}

/** Builds the .sb3 bytes for `spec` (see buildProjectJson). */
async function buildSb3(spec) {
    return zipProject(buildProjectJson(spec));
}

/** Builds the .sprite3 bytes of the sprite that `spec` describes (see buildProjectJson). */
async function buildSprite3(spec) {
    const zip = new JSZip();
    zip.file('sprite.json', JSON.stringify(buildProjectJson(spec).targets[1]));
    zip.file(makeCostume('').md5ext, COSTUME_SVG);
    return zip.generateAsync({type: 'nodebuffer', compression: 'DEFLATE'});
}

// Block constructors for the handful of blocks the tests use.
const blocks = {
    whenFlagClicked: () => ({opcode: 'event_whenflagclicked'}),
    whenKeyPressed: key => ({opcode: 'event_whenkeypressed', fields: {KEY_OPTION: key}}),
    setVariable: (name, value) => ({
        opcode: 'data_setvariableto',
        inputs: {VALUE: value},
        fields: {VARIABLE: {variable: name}}
    }),
    addToList: (name, item) => ({
        opcode: 'data_addtolist',
        inputs: {ITEM: item},
        fields: {LIST: {list: name}}
    }),
    deleteAllOfList: name => ({opcode: 'data_deletealloflist', fields: {LIST: {list: name}}}),
    join: (first, second) => ({opcode: 'operator_join', inputs: {STRING1: first, STRING2: second}}),
    repeat: (times, substack) => ({opcode: 'control_repeat', inputs: {TIMES: times}, substack}),
    forever: substack => ({opcode: 'control_forever', substack}),
    wait: seconds => ({opcode: 'control_wait', inputs: {DURATION: seconds}})
};

module.exports = {buildProjectJson, zipProject, buildSb3, buildSprite3, blocks};
