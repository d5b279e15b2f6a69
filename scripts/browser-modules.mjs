// What a browser bundle needs that Node gives for free, shared by the playground (build-web.mjs)
// and VS Code for the Web's extension and server (bundle.mjs): the standard library's texts as a
// module (`vmdef:stdlib`), and the few Node built-ins on the import path replaced by web/shims/
// (path by path-browserify). Any other built-in fails the build: nothing reaches a browser
// bundle unseen, and esbuild adds no polyfill of its own (platform browser).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Node built-ins that are imported but never called in a browser bundle, or that have a browser equivalent. */
const SHIMS = {
    'node:fs': 'web/shims/no-fs.ts',
    'node:url': 'web/shims/no-url.ts',
    'node:path': 'node_modules/path-browserify/index.js',
    // @vscode/debugadapter's (the debug session in VS Code for the Web's extension host)
    url: 'web/shims/url.ts',
    events: 'web/shims/events.ts',
};

/**
 * `process` does not exist in a browser: the reads of it on a browser bundle's path become
 * constants (the validator's debug switch; the platform, which is no Windows).
 */
export const BROWSER_DEFINE = {
    'process.env.NODE_ENV': '"production"',
    'process.env.VMDEF_DEBUG': 'undefined',
    'process.platform': '"browser"',
};

/** The `.vmdef` files of a folder (not below it), as `{ name: text }`. */
export function vmdefTexts(dir) {
    const texts = {};
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.vmdef')).sort()) {
        texts[name] = fs.readFileSync(path.join(dir, name), 'utf8');
    }
    return texts;
}

export const stdlibModule = { 'vmdef:stdlib': () => vmdefTexts(path.join(root, 'language/stdlib')) };

/** The plugin: `virtual` maps `vmdef:NAME` modules to functions making their default export. */
export function browserModules(virtual) {
    return {
        name: 'vmdef-browser-modules',
        setup(build) {
            build.onResolve({ filter: /^(node:.*|url|events)$/ }, (args) => {
                const shim = SHIMS[args.path];
                if (!shim) return { errors: [{ text: `${args.path} has no browser shim (imported by ${args.importer})` }] };
                return { path: path.join(root, shim) };
            });
            build.onResolve({ filter: /^vmdef:/ }, (args) => ({ path: args.path, namespace: 'vmdef-virtual' }));
            build.onLoad({ filter: /.*/, namespace: 'vmdef-virtual' }, (args) => {
                const make = virtual[args.path];
                if (!make) return { errors: [{ text: `unknown module ${args.path}` }] };
                return { contents: `export default ${JSON.stringify(make())};`, loader: 'js' };
            });
        },
    };
}
