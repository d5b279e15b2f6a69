// Bundles the entry points with esbuild. The desktop bundles run on Node: the VS Code extension
// must be CommonJS, the rest is ESM (Langium is ESM-only). The browser bundles are VS Code for
// the Web's: the extension (CommonJS, as web extension hosts load it) and the language server
// for its web worker, built for platform browser with no Node built-in but the shimmed few
// (scripts/browser-modules.mjs fails the build on any other).
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_DEFINE, browserModules, stdlibModule } from './browser-modules.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// ESM bundles still contain CommonJS dependencies that call require() on Node built-ins.
const esmBanner = "import { createRequire as __vmdefCreateRequire } from 'node:module'; const require = __vmdefCreateRequire(import.meta.url);";

export const entries = [
    // the command: a small launcher that loads the command line's bundle with its code cache
    { in: 'cli/launcher.ts', out: 'out/cli.js', format: 'esm', shebang: true },
    { in: 'cli/index.ts', out: 'out/cli-main.cjs', format: 'cjs', wrapped: true },
    { in: 'server/main.ts', out: 'out/server.js', format: 'esm' },
    { in: 'debugger/adapter-main.ts', out: 'out/debug-adapter.js', format: 'esm' },
    { in: 'extension/extension.ts', out: 'out/extension.cjs', format: 'cjs' },
    { in: 'extension/extension.browser.ts', out: 'out/extension.browser.js', format: 'cjs', browser: true },
    { in: 'server/main.browser.ts', out: 'out/server.browser.js', format: 'iife', browser: true },
].filter((e) => fs.existsSync(e.in));

// A CommonJS bundle `wrapped` in the function Node's loader would wrap it in, so that the launcher
// compiles the file's text as it is, with no copy of 2 MB (cli/code-cache.ts).
const WRAPPER = { banner: { js: '(function (exports, require, module, __filename, __dirname) {' }, footer: { js: '})' } };

const nodeOptions = (e) => ({
    platform: 'node',
    target: 'node20',
    banner: e.format === 'esm' ? { js: (e.shebang ? '#!/usr/bin/env node\n' : '') + esmBanner } : undefined,
    ...(e.wrapped ? WRAPPER : {}),
});

const browserOptions = {
    platform: 'browser',
    // VS Code 1.85's web workbench runs in current browsers only
    target: 'es2022',
    plugins: [browserModules(stdlibModule)],
    define: BROWSER_DEFINE,
};

/** esbuild's options for one entry (`production`: minified, no source map). */
export function buildOptions(e, { production }) {
    return {
        entryPoints: [e.in],
        outfile: e.out,
        bundle: true,
        format: e.format,
        external: ['vscode'],
        sourcemap: !production,
        minify: production,
        logLevel: 'warning',
        // import.meta.url is only used where __dirname is unavailable (see language/stdlib.ts).
        logOverride: { 'empty-import-meta': 'silent' },
        ...(e.browser ? browserOptions : nodeOptions(e)),
    };
}

/**
 * The standard library's parse snapshot beside the Node bundles (language/stdlib-snapshot.ts):
 * the writer is bundled from the same sources as they are, run once, and removed.
 */
export const STDLIB_SNAPSHOT = 'out/stdlib-snapshot.json';

/**
 * The command line's code cache beside its bundle (cli/code-cache.ts), written after the
 * snapshot: the commands its writer runs build the library from it, as the command does.
 */
export const CLI_CODE_CACHE = 'out/cli-main.cjs.cache';

/** Bundles a build-time writer from the sources, runs it once with `args`, and removes it. */
async function runWriter(source, args, stdio = 'inherit') {
    const writer = `out/${path.basename(source, '.ts')}.mjs`;
    await esbuild.build({ ...buildOptions({ in: source, out: writer, format: 'esm' }, { production: false }), sourcemap: false });
    try {
        execFileSync(process.execPath, [writer, ...args], { stdio });
    } finally {
        fs.rmSync(writer, { force: true });
    }
}

const writeStdlibSnapshot = () => runWriter('language/stdlib-snapshot-writer.ts', ['language/stdlib', STDLIB_SNAPSHOT]);
// the commands' own output is not shown (a failure of the writer is)
async function writeCliCodeCache() {
    fs.rmSync(CLI_CODE_CACHE, { force: true });
    await runWriter('cli/code-cache-writer.ts', ['out/cli-main.cjs', 'examples'], ['ignore', 'ignore', 'inherit']);
}

if (process.argv[1] !== fileURLToPath(import.meta.url)) {
    // imported (bench/web.bench.mjs): the options only
} else if (watch) {
    const contexts = await Promise.all(entries.map((e) => esbuild.context(buildOptions(e, { production }))));
    // A snapshot of other sources than the bundles being rebuilt must not be used: none while
    // watching. (A code cache of another bundle would not be, but is useless.)
    fs.rmSync(STDLIB_SNAPSHOT, { force: true });
    fs.rmSync(CLI_CODE_CACHE, { force: true });
    await Promise.all(contexts.map((c) => c.watch()));
} else {
    await Promise.all(entries.map((e) => esbuild.build(buildOptions(e, { production }))));
    await writeStdlibSnapshot();
    await writeCliCodeCache();
    if (fs.existsSync('out/cli.js')) fs.chmodSync('out/cli.js', 0o755);
}
