// `npm run build:web`: the browser playground as a static site in dist/web/ (index.html, one
// script for the page, one that starts the worker, one stylesheet), openable from file:// and
// from any static host, with no request beyond its own files.
//
// The worker is bundled first and handed to worker-start.js as a string (module
// `vmdef:worker-source`), which starts it from a Blob URL, since Chromium refuses
// `new Worker('file://…')`; the page's <head> loads it first so the worker starts while the
// page's own script loads. The standard library and the examples become modules of texts
// (`vmdef:stdlib`, `vmdef:examples`). `node:` built-ins on the worker's import path, never
// called there, are replaced by web/shims/ (path by path-browserify).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist/web');
const production = !process.argv.includes('--dev');

/** The `.vmdef` files of a folder (not below it), as `{ name: text }`. */
function vmdefTexts(dir) {
    const texts = {};
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.vmdef')).sort()) {
        texts[name] = fs.readFileSync(path.join(dir, name), 'utf8');
    }
    return texts;
}

/** The keywords of the Langium grammar (every quoted word), for highlighting (web/highlight.ts). */
function grammarKeywords() {
    const grammar = fs.readFileSync(path.join(root, 'language/vmdef.langium'), 'utf8');
    return [...new Set([...grammar.matchAll(/'([a-z_][a-z0-9_]*)'/g)].map((m) => m[1]))].sort();
}

const NODE_SHIMS = {
    'node:fs': path.join(root, 'web/shims/no-fs.ts'),
    'node:url': path.join(root, 'web/shims/no-url.ts'),
    'node:path': path.join(root, 'node_modules/path-browserify/index.js'),
};

function playgroundModules(virtual) {
    return {
        name: 'vmdef-playground-modules',
        setup(build) {
            build.onResolve({ filter: /^node:/ }, (args) => {
                const shim = NODE_SHIMS[args.path];
                if (!shim) return { errors: [{ text: `${args.path} has no browser shim (imported by ${args.importer})` }] };
                return { path: shim };
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

const common = {
    bundle: true,
    platform: 'browser',
    target: 'chrome110',
    minify: production,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    // import.meta.url is only read where no standard library was injected (language/stdlib.ts).
    logOverride: { 'empty-import-meta': 'silent' },
};

export async function buildWeb() {
    const started = performance.now();
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    const worker = await esbuild.build({
        ...common,
        entryPoints: [path.join(root, 'web/worker/main.ts')],
        format: 'iife',
        write: false,
        outfile: 'worker.js',
        plugins: [playgroundModules({ 'vmdef:stdlib': () => vmdefTexts(path.join(root, 'language/stdlib')) })],
    });
    const workerSource = worker.outputFiles[0].text;
    await esbuild.build({
        ...common,
        entryPoints: { 'worker-start': path.join(root, 'web/worker-start.ts'), playground: path.join(root, 'web/main.ts') },
        format: 'iife',
        outdir: outDir,
        plugins: [playgroundModules({
            'vmdef:examples': () => vmdefTexts(path.join(root, 'examples')),
            'vmdef:keywords': () => grammarKeywords(),
            'vmdef:worker-source': () => workerSource,
        })],
    });
    fs.copyFileSync(path.join(root, 'web/index.html'), path.join(outDir, 'index.html'));
    fs.copyFileSync(path.join(root, 'web/style.css'), path.join(outDir, 'style.css'));
    return { ms: performance.now() - started, workerBytes: Buffer.byteLength(workerSource) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const { ms } = await buildWeb();
    process.stderr.write(`dist/web built in ${Math.round(ms)} ms\n`);
}
