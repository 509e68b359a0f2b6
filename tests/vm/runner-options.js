'use strict';

// Parses and checks the command-line options that run.js and turbowarp.js
// share (--timeout, --print-list, --print-variable, --set, --runs,
// --no-space and --help). Each runner adds its own options and usage text.

const {parseArgs} = require('node:util');

const DEFAULT_TIMEOUT_SECONDS = 600;
const EXIT_USAGE = 2;

const SHARED_OPTIONS = {
    'timeout': {type: 'string'},
    'print-list': {type: 'string', multiple: true},
    'print-variable': {type: 'string', multiple: true},
    'set': {type: 'string', multiple: true},
    'runs': {type: 'string'},
    'no-space': {type: 'boolean'}
};

/** The --help lines of the shared options except --timeout, whose help text differs between the runners. */
const SHARED_OPTIONS_HELP = `  --print-list NAME   at the end, print "NAME: item item ..." (repeatable)
  --print-variable NAME
                      at the end, print "NAME: value" for the variable NAME
                      (repeatable)
  --set NAME=VALUE    after the green-flag scripts, set the variable NAME to
                      VALUE (a number when it reads as one), as a user moving
                      a slider would (repeatable)
  --runs N            press space N times (default 1), each time after the
                      previous run set "!!status" to "Done."
  --no-space          do not press space after the green-flag scripts`;

/**
 * Parses a runner's command line and exits with status 2 on bad usage.
 *
 * `runner.options` contains the parseArgs specs of the runner's own options,
 * `runner.usage` is printed for --help, and `runner.fail(message, code)`
 * reports an error and exits. `runner.checkValues(values)`, when given,
 * checks the runner's own option values after --timeout and before --runs.
 * Returns `options`, the shared options checked and converted, and
 * `values`, the parsed values of all options.
 */
function parseRunnerCommandLine(argv, runner) {
    const fail = runner.fail;
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: {
                ...SHARED_OPTIONS,
                ...runner.options,
                'help': {type: 'boolean', short: 'h'}
            }
        });
    } catch (error) {
        // parseArgs takes a value that starts with "-", like "--runs -1",
        // for the next option, and calls the option ambiguous.
        const dashValue = error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && error.message.includes('ambiguous');
        const option = dashValue ? error.message.match(/'(--?[\w-]+)'/)[1] : null;
        const message = dashValue ?
            `${option} needs a value, and a value that starts with "-" is written ${option}=VALUE` :
            error.message.split('\n')[0];
        fail(`${message} (try --help)`, EXIT_USAGE);
    }
    const {values, positionals} = parsed;

    if (values.help) {
        process.stdout.write(`${runner.usage}\n`);
        process.exit(0);
    }
    if (positionals.length !== 1) {
        fail(`expected exactly one project file, got ${positionals.length} (try --help)`, EXIT_USAGE);
    }

    let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    if (values.timeout !== undefined) {
        timeoutSeconds = Number(values.timeout);
        if (values.timeout.trim() === '' || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
            fail(`invalid --timeout ${JSON.stringify(values.timeout)}: expected a positive number of seconds`,
                EXIT_USAGE);
        }
    }
    if (runner.checkValues) runner.checkValues(values);

    let runs = 1;
    if (values.runs !== undefined) {
        runs = Number(values.runs);
        if (!Number.isInteger(runs) || runs < 1) {
            fail(`invalid --runs ${JSON.stringify(values.runs)}: expected a whole number of at least 1`, EXIT_USAGE);
        }
    }

    const settings = [];
    for (const assignment of values.set || []) {
        const separator = assignment.indexOf('=');
        if (separator < 1) {
            fail(`invalid --set ${JSON.stringify(assignment)}: expected NAME=VALUE`, EXIT_USAGE);
        }
        const text = assignment.slice(separator + 1);
        const number = Number(text);
        const value = text.trim() !== '' && Number.isFinite(number) ? number : text;
        settings.push({name: assignment.slice(0, separator), value});
    }

    const options = {
        file: positionals[0],
        timeoutSeconds,
        settings,
        runs,
        printLists: values['print-list'] || [],
        printVariables: values['print-variable'] || [],
        pressSpace: !values['no-space']
    };
    return {options, values};
}

module.exports = {parseRunnerCommandLine, EXIT_USAGE, SHARED_OPTIONS_HELP};
