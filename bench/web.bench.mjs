// The browser playground (dist/web, built here): its total size on disk and gzipped (what a
// static host transfers with compression), the cold load from file:// to interactive (the
// language server's diagnostics shown for the default example) in Debian's Chromium, and a
// 1,000-VM definition opened from a `#code=` link to its diagnostics. Each load is a fresh
// browser profile (cold cache). And VS Code for the Web's bundles (package.json `browser`): the
// extension and its language server worker as `npm run package` builds them (minified).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { buildOptions, entries } from '../scripts/bundle.mjs';
import { buildWeb } from '../scripts/build-web.mjs';
import { generate } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist/web');
const CHROMIUM = process.env.VMDEF_CHROMIUM ?? '/usr/bin/chromium';
const RUNS = 3;

function sizes() {
    let bytes = 0;
    let gzipped = 0;
    for (const file of fs.readdirSync(dist)) {
        const data = fs.readFileSync(path.join(dist, file));
        bytes += data.length;
        gzipped += zlib.gzipSync(data, { level: 9 }).length;
    }
    return { bytes, gzipped };
}

/** Milliseconds from navigation to the problems list filled by the server, in a fresh browser; the problem count. */
async function load(hash) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
        const page = await (await browser.newContext()).newPage();
        const started = performance.now();
        await page.goto(pathToFileURL(path.join(dist, 'index.html')).href + hash);
        const problems = page.locator('[data-testid=problems][data-count]');
        await problems.waitFor({ state: 'attached', timeout: 60_000 });
        const ms = performance.now() - started;
        return { ms, count: Number(await problems.getAttribute('data-count')) };
    } finally {
        await browser.close();
    }
}

async function median(hash) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await load(hash));
    runs.sort((a, b) => a.ms - b.ms);
    return runs[Math.floor(RUNS / 2)];
}

/** The browser bundles of scripts/bundle.mjs, built minified in memory: name, bytes, gzipped bytes. */
async function webExtensionSizes() {
    const sizes = [];
    for (const entry of entries.filter((e) => e.browser)) {
        const built = await esbuild.build({ ...buildOptions(entry, { production: true }), absWorkingDir: root, write: false });
        const data = built.outputFiles[0].contents;
        sizes.push({ name: path.basename(entry.out), bytes: data.length, gzipped: zlib.gzipSync(data, { level: 9 }).length });
    }
    return sizes;
}

export async function run(report) {
    for (const { name, bytes, gzipped } of await webExtensionSizes()) {
        report({ name: `VS Code for the Web: out/${name}`, value: bytes / 1e6, unit: 'MB', note: `minified; ${(gzipped / 1e6).toFixed(2)} MB gzip -9` });
    }
    const built = await buildWeb();
    const { bytes, gzipped } = sizes();
    report({ name: 'playground: dist/web total size', value: bytes / 1e6, unit: 'MB', note: `${fs.readdirSync(dist).length} files; build ${Math.round(built.ms)} ms` });
    report({ name: 'playground: transfer size (gzip)', value: gzipped / 1e6, unit: 'MB', note: 'gzip -9 of each file' });
    const load = os.loadavg()[0].toFixed(1);
    const cold = await median('');
    report({ name: 'playground: cold load → diagnostics shown', value: cold.ms, unit: 'ms', target: { max: 2000 }, note: `file://, median of ${RUNS}, load average ${load}` });
    const { text } = generate(1000);
    const big = await median(`#code=${Buffer.from(text, 'utf8').toString('base64url')}`);
    report({
        name: 'playground: 1,000-VM #code= link → diagnostics shown',
        value: big.ms,
        unit: 'ms',
        target: { max: 3000 },
        note: `${(text.length / 1e3).toFixed(0)} kB, ${big.count} diagnostics, median of ${RUNS}`,
    });
}
