// Bundles the entry points with esbuild. Everything runs on Node; the VS Code extension must
// be CommonJS, the rest is ESM (Langium is ESM-only).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// ESM bundles still contain CommonJS dependencies that call require() on Node built-ins.
const esmBanner = "import { createRequire as __vmdefCreateRequire } from 'node:module'; const require = __vmdefCreateRequire(import.meta.url);";

const entries = [
    { in: 'cli/index.ts', out: 'out/cli.js', format: 'esm', shebang: true },
    { in: 'server/main.ts', out: 'out/server.js', format: 'esm' },
    { in: 'debugger/adapter-main.ts', out: 'out/debug-adapter.js', format: 'esm' },
    { in: 'extension/extension.ts', out: 'out/extension.cjs', format: 'cjs' },
].filter((e) => fs.existsSync(e.in));

const contexts = await Promise.all(entries.map((e) => esbuild.context({
    entryPoints: [e.in],
    outfile: e.out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: e.format,
    external: ['vscode'],
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    banner: e.format === 'esm' ? { js: (e.shebang ? '#!/usr/bin/env node\n' : '') + esmBanner } : undefined,
    // import.meta.url is only used where __dirname is unavailable (see language/stdlib.ts).
    logOverride: { 'empty-import-meta': 'silent' },
})));

if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
} else {
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
    if (fs.existsSync('out/cli.js')) fs.chmodSync('out/cli.js', 0o755);
}
