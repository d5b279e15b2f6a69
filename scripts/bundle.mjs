// Bundles the entry points with esbuild. The desktop bundles run on Node: the VS Code extension
// must be CommonJS, the rest is ESM (Langium is ESM-only). The browser bundles are VS Code for
// the Web's: the extension (CommonJS, as web extension hosts load it) and the language server
// for its web worker, built for platform browser with no Node built-in but the shimmed few
// (scripts/browser-modules.mjs fails the build on any other).
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BROWSER_DEFINE, browserModules, stdlibModule } from './browser-modules.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// ESM bundles still contain CommonJS dependencies that call require() on Node built-ins.
const esmBanner = "import { createRequire as __vmdefCreateRequire } from 'node:module'; const require = __vmdefCreateRequire(import.meta.url);";

export const entries = [
    { in: 'cli/index.ts', out: 'out/cli.js', format: 'esm', shebang: true },
    { in: 'server/main.ts', out: 'out/server.js', format: 'esm' },
    { in: 'debugger/adapter-main.ts', out: 'out/debug-adapter.js', format: 'esm' },
    { in: 'extension/extension.ts', out: 'out/extension.cjs', format: 'cjs' },
    { in: 'extension/extension.browser.ts', out: 'out/extension.browser.js', format: 'cjs', browser: true },
    { in: 'server/main.browser.ts', out: 'out/server.browser.js', format: 'iife', browser: true },
].filter((e) => fs.existsSync(e.in));

const nodeOptions = (e) => ({
    platform: 'node',
    target: 'node20',
    banner: e.format === 'esm' ? { js: (e.shebang ? '#!/usr/bin/env node\n' : '') + esmBanner } : undefined,
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

async function writeStdlibSnapshot() {
    const writer = 'out/stdlib-snapshot-writer.mjs';
    await esbuild.build({ ...buildOptions({ in: 'language/stdlib-snapshot-writer.ts', out: writer, format: 'esm' }, { production: false }), sourcemap: false });
    try {
        execFileSync(process.execPath, [writer, 'language/stdlib', STDLIB_SNAPSHOT], { stdio: 'inherit' });
    } finally {
        fs.rmSync(writer, { force: true });
    }
}

if (process.argv[1] !== fileURLToPath(import.meta.url)) {
    // imported (bench/web.bench.mjs): the options only
} else if (watch) {
    const contexts = await Promise.all(entries.map((e) => esbuild.context(buildOptions(e, { production }))));
    // A snapshot of other sources than the bundles being rebuilt must not be used: none while watching.
    fs.rmSync(STDLIB_SNAPSHOT, { force: true });
    await Promise.all(contexts.map((c) => c.watch()));
} else {
    await Promise.all(entries.map((e) => esbuild.build(buildOptions(e, { production }))));
    await writeStdlibSnapshot();
    if (fs.existsSync('out/cli.js')) fs.chmodSync('out/cli.js', 0o755);
}
