// Bundles the end-to-end suite (test/e2e/suite/*.ts) into CommonJS files the VS Code extension
// host can load: out/test/e2e/suite/index.cjs (exports `run()`) and one `*.test.cjs` per test
// file. `vscode` comes from the host; mocha is loaded from node_modules at run time.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SUITE_OUT = path.join(root, 'out', 'test', 'e2e', 'suite');

export async function buildSuite() {
    const dir = path.join(root, 'test', 'e2e', 'suite');
    const entries = fs.readdirSync(dir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
    fs.rmSync(SUITE_OUT, { recursive: true, force: true });
    await esbuild.build({
        entryPoints: entries.map((f) => ({ in: path.join(dir, f), out: f.replace(/\.ts$/, '') })),
        outdir: SUITE_OUT,
        outExtension: { '.js': '.cjs' },
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        external: ['vscode', 'mocha'],
        sourcemap: 'inline',
        logLevel: 'warning',
    });
    return path.join(SUITE_OUT, 'index.cjs');
}

/**
 * The web suite (test/e2e/web/) as ONE CommonJS file for code-server's web worker extension
 * host, mocha's browser build inside: out/test/e2e/web/index.js (the host loads `<path>.js`).
 */
export const WEB_SUITE_OUT = path.join(root, 'out', 'test', 'e2e', 'web');

export async function buildWebSuite() {
    fs.rmSync(WEB_SUITE_OUT, { recursive: true, force: true });
    const outfile = path.join(WEB_SUITE_OUT, 'index.js');
    await esbuild.build({
        entryPoints: [path.join(root, 'test', 'e2e', 'web', 'index.ts')],
        outfile,
        bundle: true,
        platform: 'browser',
        target: 'es2022',
        format: 'cjs',
        external: ['vscode'],
        sourcemap: 'inline',
        logLevel: 'warning',
    });
    return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    process.stdout.write((await buildSuite()) + '\n');
}
