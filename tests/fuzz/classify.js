'use strict';

// Turns the stderr of opt-19 and scratchc into grouping keys for the fuzz
// report: rejection messages lose the names and numbers that differ from one
// module to the next, and crashes are keyed by where they happened.

// LLVM instruction opcodes, to recognize the instruction that a plugin or
// backend message quotes at its end.
const OPCODES = [
    'ret', 'br', 'switch', 'indirectbr', 'invoke', 'callbr', 'resume', 'unreachable', 'fneg',
    'add', 'fadd', 'sub', 'fsub', 'mul', 'fmul', 'udiv', 'sdiv', 'fdiv', 'urem', 'srem', 'frem',
    'shl', 'lshr', 'ashr', 'and', 'or', 'xor', 'extractelement', 'insertelement', 'shufflevector',
    'extractvalue', 'insertvalue', 'alloca', 'load', 'store', 'fence', 'cmpxchg', 'atomicrmw',
    'getelementptr', 'trunc', 'zext', 'sext', 'fptrunc', 'fpext', 'fptoui', 'fptosi', 'uitofp',
    'sitofp', 'ptrtoint', 'inttoptr', 'bitcast', 'addrspacecast', 'icmp', 'fcmp', 'phi', 'select',
    'freeze', 'call', 'va_arg', 'landingpad',
];
const QUOTED_INSTRUCTION = new RegExp(
    `: (?:%[-\\w.$]+ = )?(?:(?:tail|musttail|notail) )?(${OPCODES.join('|')})\\b.*$`
);

/**
 * Reduces a one-line message to the part that is the same for every module
 * that hits the same problem. It drops tool prefixes, source locations,
 * function and value names, and numbers other than bit widths. Of the quoted
 * instruction only the opcode stays, and names of LLVM intrinsics (`llvm.*`)
 * stay whole.
 */
function normalizeReason(line) {
    let text = line.trim();
    text = text.replace(/^(?:(?:error|scratchc|opt-19|opt): )+/, '');
    text = text.replace(/^[^\s:]+\.(?:c|h|ll|bc):\d+(?::\d+)?: /, '');
    text = text.replace(/^in function (?:'[^']*'|`[^`]*`): /, '');
    text = text.replace(/^in the initializer of global (?:'[^']*'|`[^`]*`): /, '');
    text = text.replace(/ \(and \d+ more errors?\)$/, '');
    text = text.replace(/ \(build with -g to see the C source line\)/, '');
    text = text.replace(QUOTED_INSTRUCTION, ': <$1 instruction>');

    text = text.replace(/'(?!llvm\.)[^']*'/g, "'_'");
    text = text.replace(/`(?!llvm\.)[^`]*`/g, '`_`');
    text = text.replace(/@(?!llvm\.)[-\w.$]+/g, '@_');
    text = text.replace(/%[-\w.$]+/g, '%_');
    text = text.replace(/\b0x[0-9a-fA-F]+\b/g, 'N');
    // Bit widths ("64-bit integers") name the problem, so they stay.
    text = text.replace(/(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.]|-bit)/g, 'N');
    return text;
}

/**
 * Describes a stack dump frame by its function name, or by library and offset
 * when LLVM printed no symbol (offsets are stable for one build of a library).
 */
function describeFrame(line) {
    const match = line.match(/^\s*#\d+ 0x[0-9a-f]+ (.*)$/);
    if (!match) return null;
    const text = match[1];
    const unnamed = text.match(/^\(([^()]*\/)?([^/()]+)\)$/);
    if (unnamed) return {name: null, where: unnamed[2]};
    const name = text.replace(/ \(\/[^)]*\)$/, '').replace(/ [^ ]+:\d+(:\d+)?$/, '').replace(/\(.*$/, '');
    return {name, where: name};
}

/**
 * Returns the crash site of an LLVM stack dump: the first frame after the
 * signal handler (whose last frame is in libc), and the nearest named frame
 * at or below it.
 */
function crashLocation(lines) {
    const frames = lines.map(describeFrame).filter(Boolean);
    const signalEnd = frames.findIndex(frame => frame.where.startsWith('libc.so'));
    const crashFrames = signalEnd >= 0 ? frames.slice(signalEnd + 1) : frames;
    if (crashFrames.length === 0) return null;
    const named = crashFrames.find(frame => frame.name);
    if (crashFrames[0].name) return crashFrames[0].name;
    return named ? `${crashFrames[0].where} in ${named.name}` : crashFrames[0].where;
}

/**
 * Returns a grouping key when stderr shows a crash (an LLVM stack dump or
 * fatal error, a Rust panic, a scratchc internal error, IR that fails the
 * verifier), else null. A clean rejection returns null.
 */
function crashSignature(lines) {
    const fatal = lines.find(line => line.startsWith('LLVM ERROR: '));
    if (fatal) return `LLVM fatal error: ${normalizeReason(fatal.slice('LLVM ERROR: '.length))}`;

    if (lines.some(line => line === 'Stack dump:' || line.startsWith('PLEASE submit a bug report'))) {
        const passes = lines.map(line => line.match(/Running pass "([^"]+)" on/)).filter(Boolean);
        const pass = passes.length > 0 ? passes[passes.length - 1][1] : 'unknown';
        const location = crashLocation(lines);
        return `LLVM stack dump in pass "${pass}"${location ? ` at ${location}` : ''}`;
    }

    const panicIndex = lines.findIndex(line => /^thread '.*' panicked at /.test(line));
    if (panicIndex >= 0) {
        const location = lines[panicIndex].replace(/^thread '.*' panicked at /, '').replace(/:\d+:\d+:?$/, '');
        const message = lines[panicIndex + 1] ? normalizeReason(lines[panicIndex + 1]) : '';
        return `panic at ${location}: ${message}`;
    }
    if (lines.some(line => /has overflowed its stack/.test(line))) return 'stack overflow';

    const internal = lines.find(line => /internal error/.test(line));
    if (internal) return normalizeReason(internal);

    const verifier = lines.find(line => /Broken module found|does not dominate all uses|Invalid (operand|instruction)/.test(line));
    if (verifier) return `invalid IR: ${normalizeReason(verifier)}`;
    return null;
}

module.exports = {normalizeReason, crashSignature};
