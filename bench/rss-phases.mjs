#!/usr/bin/env node
// Where the peak RSS of the bench's "peak RSS 1,000 VMs × 4 GiB" row comes from:
// `node bench/rss-phases.mjs [--vms N] [--semi MB] CHECKOUT...` runs, for each CHECKOUT (this
// one, the baseline's worktree), a fresh process that loads the checkout's bundled sources, builds
// the services, the lexer, the parser, checks the N-VM file (with the standard library) and runs
// it once, and prints after each phase the peak RSS so far, the RSS, and the V8 heap's physical
// size by space (new: the young generation; old; code; lo: large objects).
//
// Why: the row is the high-water mark of one process, and most of it is V8's heap, whose young
// generation V8 grows (semi-spaces 1 → 16 MB) and touches as the program allocates; two
// checkouts can differ by 10 MB there from GC timing alone. `--semi MB` pins both semi-spaces
// (`--min/--max-semi-space-size`) so that part is the same in every process and what remains is
// what the program keeps and allocates.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { manyVms } from './sim-workloads.mjs';

const driverSource = `
import { checkDefinition } from './language/check-definition.js';
import { Simulation } from './simulator/engine.js';
import { createServices } from './language/workspace.js';
import { setStdlibDirectory } from './language/stdlib.js';
export { createServices, setStdlibDirectory };
export async function check(text, services) {
    const c = await checkDefinition([{ path: '/bench/sim.vmdef', text }], services);
    if (!c.ok) throw new Error('the input has errors');
    return c.workspace;
}
export const run = (workspace) => Simulation.create(workspace, { maxCycles: 1e9, engine: 'exact' }).run();
`;
// the baseline (before issue 9) has no check-definition.ts and took an executor object
const olderDriverSource = `
import { checkWorkspace, createServices } from './language/workspace.js';
import { Simulation, ExactExecutor } from './simulator/engine.js';
import { setStdlibDirectory } from './language/stdlib.js';
export { createServices, setStdlibDirectory };
export const check = (text, services) => checkWorkspace([{ path: '/bench/sim.vmdef', text }], services);
export const run = (workspace) => Simulation.create(workspace, { maxCycles: 1e9, executor: new ExactExecutor() }).run();
`;

const mb = (bytes) => (bytes / 1048576).toFixed(1);

async function child([driverFile, stdlib, vms]) {
    const rows = [];
    const at = (phase) => {
        const space = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name.replace('_space', ''), mb(s.physical_space_size)]));
        rows.push([phase, mb(process.resourceUsage().maxRSS * 1024), mb(process.memoryUsage.rss()), mb(v8.getHeapStatistics().total_physical_size), space.new, space.old, space.code, space.large_object]);
    };
    at('start');
    const driver = await import(pathToFileURL(driverFile).href);
    at('module load');
    driver.setStdlibDirectory(stdlib);
    const services = driver.createServices();
    at('services');
    void services.parser.Lexer;
    at('lexer');
    void services.parser.LangiumParser;
    at('parser');
    const workspace = await driver.check(manyVms(Number(vms), '4 GiB').replace('memory 256 GiB', 'memory 1 TiB'), services);
    at('check');
    driver.run(workspace);
    at('simulate');
    process.stdout.write(JSON.stringify(rows) + '\n');
}

async function parent(argv) {
    const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
    const vms = option('--vms', '1000');
    const semi = option('--semi', undefined);
    const checkouts = argv.filter((a, i) => !a.startsWith('--') && !['--vms', '--semi'].includes(argv[i - 1])).map((c) => path.resolve(c));
    if (checkouts.length === 0) checkouts.push(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-rss-phases-'));
    try {
        for (const checkout of checkouts) {
            const modern = fs.existsSync(path.join(checkout, 'language', 'check-definition.ts'));
            const file = path.join(dir, `driver-${path.basename(checkout)}.mjs`);
            await esbuild.build({
                stdin: { contents: modern ? driverSource : olderDriverSource, resolveDir: checkout, loader: 'ts', sourcefile: 'rss-phases-driver.ts' },
                outfile: file, bundle: true, platform: 'node', target: 'node20', format: 'esm',
                banner: { js: "import { createRequire as __vmdefCreateRequire } from 'node:module'; const require = __vmdefCreateRequire(import.meta.url);" },
                logLevel: 'error', logOverride: { 'empty-import-meta': 'silent' },
            });
            const flags = semi ? [`--min-semi-space-size=${semi}`, `--max-semi-space-size=${semi}`] : [];
            const r = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', file, path.join(checkout, 'language', 'stdlib'), vms], { encoding: 'utf8' });
            if (r.status !== 0) throw new Error(`${checkout}: ${r.stderr}`);
            const table = [['phase', 'peak RSS', 'RSS', 'V8 heap', 'new', 'old', 'code', 'lo'], ...JSON.parse(r.stdout.trim().split('\n').pop())];
            console.log(`${checkout} (${vms} VMs${semi ? `, semi-spaces ${semi} MB` : ''}; MB)`);
            const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
            for (const row of table) console.log('  ' + row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (process.argv[2] === '--child') await child(process.argv.slice(3));
else await parent(process.argv.slice(2));
