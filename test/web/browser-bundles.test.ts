// VS Code for the Web's bundles (package.json `browser`, scripts/bundle.mjs): built for platform
// browser with no Node built-in but the shimmed few, so they load in a web worker. A built-in
// that sneaks in fails the build, whether named `node:x` or `x`. (What they do is tested in
// code-server's web worker extension host: scripts/e2e-code-server.mjs --web.)
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a build script (JavaScript), no declarations
import { browserModules, stdlibModule } from '../../scripts/browser-modules.mjs';
// @ts-expect-error -- a build script (JavaScript), no declarations
import { buildOptions, entries } from '../../scripts/bundle.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
type Entry = { in: string; out: string; format: string; browser?: boolean };
const browserEntries = (entries as Entry[]).filter((e) => e.browser);

async function build(entry: Entry): Promise<{ outputFiles: esbuild.OutputFile[]; metafile: esbuild.Metafile }> {
    const built = await esbuild.build({ ...(buildOptions(entry, { production: true }) as esbuild.BuildOptions), absWorkingDir: ROOT, write: false, metafile: true, logLevel: 'silent' });
    return { outputFiles: built.outputFiles!, metafile: built.metafile! };
}

describe('the browser bundles', () => {
    it('are the extension (CommonJS) and the language server worker', () => {
        expect(browserEntries.map((e) => [e.in, e.out, e.format])).toEqual([
            ['extension/extension.browser.ts', 'out/extension.browser.js', 'cjs'],
            ['server/main.browser.ts', 'out/server.browser.js', 'iife'],
        ]);
        const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
        expect(manifest.browser).toBe('./out/extension.browser.js');
    });

    for (const entry of browserEntries) {
        it(`${entry.out}: nothing from Node but the shims; the extension requires only vscode`, async () => {
            const built = await build(entry);
            const inputs = Object.keys(built.metafile.inputs);
            expect(inputs.filter((i) => /^(node:|<define)/.test(i))).toEqual([]);
            // the shims in place of node:fs, node:url, node:path, url, events
            expect(inputs.filter((i) => i.startsWith('web/shims/')).every((i) => /^web\/shims\/(no-fs|no-url|url|events)\.ts$/.test(i))).toBe(true);
            // (a method `x.require("util")` is lodash probing for Node at run time, guarded: not an import)
            const required = [...built.outputFiles[0].text.matchAll(/(?<![.\w$])require\("([^"]+)"\)/g)].map((m) => m[1]);
            expect([...new Set(required)]).toEqual(entry.format === 'cjs' ? ['vscode'] : []);
        }, 60_000);
    }

    it('fail to build when a Node built-in sneaks in, by either name', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-browser-'));
        try {
            for (const [name, source] of [['prefixed.ts', "import { spawn } from 'node:child_process';\nspawn('x');\n"], ['bare.ts', "import * as net from 'net';\nnet.connect(1);\n"]]) {
                fs.writeFileSync(path.join(dir, name), source);
                const attempt = esbuild.build({
                    entryPoints: [path.join(dir, name)], bundle: true, write: false, platform: 'browser', format: 'cjs', logLevel: 'silent',
                    plugins: [browserModules(stdlibModule)],
                });
                await expect(attempt, name).rejects.toThrow(name === 'prefixed.ts' ? /node:child_process has no browser shim/ : /Could not resolve "net"/);
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
