'use strict';

// Packages a Scratch 3 project into one self-contained HTML file with the
// TurboWarp Packager's Node API (@turbowarp/packager, pinned in package.json).

const Packager = require('@turbowarp/packager');

// In the Node build of @turbowarp/packager 3.13.0, these assets are read from
// dist/scaffolding/ inside the npm package. Every other large asset (Electron
// and NW.js runtimes for the app targets) would be downloaded, so the
// listener below throws before the packager starts such a download.
const BUNDLED_ASSETS = new Set(['scaffolding', 'scaffolding-min', 'addons']);

/**
 * Packages `projectBytes` (a .sb3 file) for the "html" target, offline, and
 * resolves to the HTML as a Buffer.
 *
 * The page runs the project in TurboWarp with the compiler on, at 30 frames
 * per second, in turbo mode when `turbo` is true. It has no cloud variable
 * provider, so it opens no WebSocket. It exposes the VM as `window.vm` and
 * the packager's Scaffolding object as `window.scaffolding`, and shows a
 * green-flag screen that starts the project when clicked.
 */
async function packageProjectHtml(projectBytes, {turbo = true} = {}) {
    const project = await Packager.loadProject(projectBytes);
    const packager = new Packager.Packager();
    packager.project = project;
    packager.options.target = 'html';
    packager.options.turbo = turbo;
    packager.options.autoplay = false;
    // Any mode other than "ws", "local" or "custom" adds no cloud provider.
    packager.options.cloudVariables.mode = 'ignore';

    // The packager dispatches this event synchronously before it reads or
    // downloads an asset, so an error thrown here rejects package().
    packager.addEventListener('large-asset-fetch', ({detail}) => {
        if (!BUNDLED_ASSETS.has(detail.asset)) {
            throw new Error(`the packager requested the asset "${detail.asset}", which it would download, ` +
                'but only the assets bundled in its npm package are allowed offline');
        }
    });

    const result = await packager.package();
    if (result.type !== 'text/html') {
        throw new Error(`the packager returned ${result.type}, expected text/html`);
    }
    return Buffer.from(result.data);
}

module.exports = {packageProjectHtml};
