// `npm run build:web`: the browser playground as a static site in dist/web/ (index.html, one
// script for the page, one that starts the worker, one stylesheet), openable from file:// and
// from any static host, with no request beyond its own files.
//
// The worker is bundled first and handed to worker-start.js as a string (module
// `vmdef:worker-source`), which starts it from a Blob URL, since Chromium refuses
// `new Worker('file://…')`; the page's <head> loads it first so the worker starts while the
// page's own script loads. The standard library and the examples become modules of texts
// (`vmdef:stdlib`, `vmdef:examples`); `node:` built-ins on the worker's import path, never
// called there, are replaced by web/shims/ (scripts/browser-modules.mjs).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_DEFINE, browserModules, stdlibModule, vmdefTexts } from './browser-modules.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist/web');
const production = !process.argv.includes('--dev');

/** The keywords of the Langium grammar (every quoted word), for highlighting (web/highlight.ts). */
function grammarKeywords() {
    const grammar = fs.readFileSync(path.join(root, 'language/vmdef.langium'), 'utf8');
    return [...new Set([...grammar.matchAll(/'([a-z_][a-z0-9_]*)'/g)].map((m) => m[1]))].sort();
}

const common = {
    bundle: true,
    platform: 'browser',
    target: 'chrome110',
    minify: production,
    legalComments: 'none',
    logLevel: 'warning',
    define: BROWSER_DEFINE,
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
        plugins: [browserModules(stdlibModule)],
    });
    const workerSource = worker.outputFiles[0].text;
    await esbuild.build({
        ...common,
        entryPoints: { 'worker-start': path.join(root, 'web/worker-start.ts'), playground: path.join(root, 'web/main.ts') },
        format: 'iife',
        outdir: outDir,
        plugins: [browserModules({
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
