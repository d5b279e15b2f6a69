// The command line's code cache (cli/code-cache.ts): the build writes it beside the bundle, the
// launcher uses it when it was made from exactly that bundle by this Node, and any other cache
// (another bundle's, a damaged one, none) leaves the bundle compiled as usual with the same output.
// Each case runs in its own Node process, as the command does: a probe loads the bundle through
// the same module the launcher uses and says how the cache was used.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, vmdef } from '../helpers/cli.js';

const BUNDLE = path.join(ROOT, 'out/cli-main.cjs');
/** Node 20.15 and later key a cache by zlib.crc32; an older Node writes and uses none. */
const CAN_CACHE = typeof (zlib as { crc32?: unknown }).crc32 === 'function';
const CACHE = BUNDLE + '.cache';
const EXAMPLE = path.join(ROOT, 'examples/hello-type1.vmdef');

let dir: string;
let probe: string;

beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-code-cache-'));
    const loader = path.join(dir, 'code-cache.mjs');
    await esbuild.build({ entryPoints: [path.join(ROOT, 'cli/code-cache.ts')], bundle: true, platform: 'node', format: 'esm', outfile: loader, logLevel: 'error' });
    probe = path.join(dir, 'probe.mjs');
    fs.writeFileSync(probe, [
        `import { loadBundle } from ${JSON.stringify(loader)};`,
        'const [bundle, ...argv] = process.argv.slice(2);',
        'const loaded = loadBundle(bundle);',
        "process.stderr.write('code cache: ' + loaded.status + '\\n');",
        'await loaded.exports.start(argv);',
    ].join('\n'));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Loads `bundle` in a fresh Node and runs `vmdef check` of the README's example with it. */
function check(bundle: string): { status: string; stdout: string } {
    const r = spawnSync(process.execPath, [probe, bundle, '--lang', 'en', 'check', EXAMPLE], { encoding: 'utf8', timeout: 60_000 });
    if (r.error) throw r.error;
    const status = /^code cache: (\w+)$/m.exec(r.stderr)?.[1];
    if (!status) throw new Error(`the probe failed: ${r.stderr}`);
    return { status, stdout: r.stdout };
}

/** A copy of the bundle beside the project's standard library (it is looked for from the bundle's folder). */
function copyBundle(name: string, edit: (text: string) => string = (t) => t): string {
    const out = path.join(dir, name, 'out');
    fs.mkdirSync(out, { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'language'), path.join(dir, name, 'language'));
    const copy = path.join(out, 'cli-main.cjs');
    fs.writeFileSync(copy, edit(fs.readFileSync(BUNDLE, 'utf8')));
    return copy;
}

describe.runIf(CAN_CACHE)('the command line code cache', () => {
    it('is written by the build for the bundle beside it, and used', () => {
        expect(fs.existsSync(CACHE)).toBe(true);
        const header = fs.readFileSync(CACHE).subarray(0, 200).toString('latin1').split('\n')[0];
        expect(header).toBe(`vmdef-code-cache 1 ${process.version} ${process.arch} ${fs.statSync(BUNDLE).size} ${header.split(' ').at(-1)}`);
        const withCache = check(BUNDLE);
        expect(withCache.status).toBe('used');
        // the launcher (out/cli.js) gives what the bundle gives
        expect(withCache.stdout).toBe(vmdef(['--lang', 'en', 'check', EXAMPLE]).stdout);
        expect(withCache.stdout).toMatch(/checked 1 file: 0 errors/);
    });

    it('is not used for another bundle of the same length: it is compiled, with the same output', () => {
        const reference = check(BUNDLE).stdout;
        const copy = copyBundle('edited', (text) => {
            const edited = text.replace('Released under MIT license', 'released under MIT license');
            expect(edited).not.toBe(text);
            return edited;
        });
        fs.copyFileSync(CACHE, copy + '.cache');
        expect(check(copy)).toEqual({ status: 'stale', stdout: reference });
    });

    it('a damaged cache is refused by V8 and a missing one is no cache: same output', () => {
        const reference = check(BUNDLE).stdout;
        const damaged = copyBundle('damaged');
        const cache = fs.readFileSync(CACHE);
        const newline = cache.indexOf(10);
        // the right header, half of V8's data
        fs.writeFileSync(damaged + '.cache', cache.subarray(0, newline + 1 + Math.floor((cache.length - newline) / 2)));
        expect(check(damaged)).toEqual({ status: 'rejected', stdout: reference });
        const none = copyBundle('none');
        expect(check(none)).toEqual({ status: 'none', stdout: reference });
    });
});

describe.skipIf(CAN_CACHE)('the command line without a code cache (Node before 20.15)', () => {
    it('is built without one and runs compiled as usual', () => {
        expect(fs.existsSync(CACHE)).toBe(false);
        const run = check(BUNDLE);
        expect(run.status).toBe('none');
        expect(run.stdout).toBe(vmdef(['--lang', 'en', 'check', EXAMPLE]).stdout);
    });
});
