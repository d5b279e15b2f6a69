#!/usr/bin/env node
// The sim bench's rows, each in a fresh process (sim.bench.mjs measures its rows with
// `measureRow`), and a side-by-side of checkouts: `node bench/sim-rows.mjs [--reps N]
// [--same-process] [--rows compute,branching] CHECKOUT...` runs the rows against each CHECKOUT's
// sources (a directory: this one, or an older commit's worktree), the checkouts interleaved row
// by row and repetition by repetition, and prints per row and checkout the median and the spread
// (min–max) of the repetitions, and the ratio to the first checkout.
//
// Why a process per row: the exact interpreter's loop (and the machine's step) is one function for
// every program; V8 specialises it to the programs it saw first, so in one process a row measures
// the rows before it as much as the engine (the native compute loop made 118 M/s after the other
// rows, 207 alone). Each child checks its input, runs it once untimed (warm-up), then RUNS times,
// and reports the best in CPU time of the whole process (process.cpuUsage: robust to other
// processes on a shared machine; it includes the GC's threads). `--same-process` runs the rows
// in one child in the bench's order instead (the way sim.bench.mjs did before), to compare the
// spread of the two methods. In a child, SIM_ROWS_RUNS=N sets the runs, SIM_ROWS_VERBOSE=1 prints
// each, SIM_ROWS_PHASES=1 the CPU ms and heap MB of create, run and result (where a row's time goes).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { WORKLOADS, box, manyVms, nativeBox, PAGES_TOUCHED, touchPages } from './sim-workloads.mjs';

export const RUNS = Number(process.env.SIM_ROWS_RUNS) || 3;
/** A file only checkouts with part two have (native VMs, OSes that boot with paging). */
const NATIVE = 'simulator/machine/sensitive.ts';

/**
 * The rows, in sim.bench.mjs's order: `kind` rate (M guest instructions per CPU second, best of
 * RUNS), ms (CPU milliseconds of a run, best of RUNS) or rss (peak MB of a process that checks and
 * runs it once); `needs`: a file only checkouts that can run it have.
 */
export function rows() {
    const list = [];
    const compute = WORKLOADS.find((w) => w.name === 'compute loop');
    for (const w of [...WORKLOADS, { ...compute, name: 'compute loop, native', native: true }]) {
        // a few hundred ms of simulated work per run for each engine; a trap costs ~1,000 cycles
        // (the `modern` preset): about a hundred times fewer instructions per cycle
        const trap = w.name.startsWith('trap');
        list.push({ name: w.name, kind: 'rate', text: (w.native ? nativeBox() : box()) + w.program + '\n', maxCycles: (e) => (e === 'fast' ? (trap ? 2e10 : 2e9) : (trap ? 1e9 : 1e8)), needs: w.native ? NATIVE : undefined });
    }
    const trapLoop = WORKLOADS.find((w) => w.name.startsWith('trap'));
    list.push({ name: 'trap-heavy × 2 VMs', kind: 'rate', text: box().replace('cpu 1 cores', 'cpu 2 cores') + 'vm k2 on hv { memory 16 MiB run p }\n' + trapLoop.program + '\n', maxCycles: (e) => (e === 'fast' ? 3e9 : 3e8) });
    list.push({ name: '1,000 VMs × 10,000 instr.', kind: 'ms', text: manyVms(1000, '64 MiB'), maxCycles: () => 1e9 });
    // peak RSS: a process that only parses, checks and runs it once (no warm-up, no repetitions)
    list.push({ name: 'peak RSS 1,000 VMs × 4 GiB', kind: 'rss', text: manyVms(1000, '4 GiB').replace('memory 256 GiB', 'memory 1 TiB'), maxCycles: () => 1e9 });
    list.push({ name: 'peak RSS 1,000 linux VMs × 4 GiB', kind: 'rss', text: manyVms(1000, '4 GiB', 'linux').replace('memory 256 GiB', 'memory 1 TiB'), maxCycles: () => 1e9, needs: NATIVE });
    list.push({ name: 'page faults', kind: 'rate', text: touchPages(PAGES_TOUCHED), maxCycles: () => 1e12, needs: NATIVE, faults: PAGES_TOUCHED });
    return list;
}

// The child: one checkout's engine, bundled from its sources (the API changed with issue 9: the
// older one took an executor object).
const driverSource = (modern) => `
${modern
        ? "import { checkDefinition } from './language/check-definition.js';\nimport { Simulation } from './simulator/engine.js';"
        : "import { checkWorkspace, diagnosticsOf } from './language/workspace.js';\nimport { Simulation, ExactExecutor } from './simulator/engine.js';\nimport { FastExecutor } from './simulator/fast/executor.js';"}
import { setStdlibDirectory } from './language/stdlib.js';
export async function prepare(text, stdlib) {
    setStdlibDirectory(stdlib);
    ${modern
        ? "const check = await checkDefinition([{ path: '/bench/sim.vmdef', text }]); if (!check.ok) throw new Error('bench input has errors'); return check.workspace;"
        : "const ws = await checkWorkspace([{ path: '/bench/sim.vmdef', text }]); if (ws.documents.some((d) => diagnosticsOf(d).some((x) => x.severity === 1))) throw new Error('bench input has errors'); return ws;"}
}
const options = (engine, maxCycles) => (${modern ? '{ maxCycles, engine }' : "{ maxCycles, executor: engine === 'fast' ? new FastExecutor() : new ExactExecutor() }"});
export function simulate(workspace, engine, maxCycles) {
    const sim = Simulation.create(workspace, options(engine, maxCycles));
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const result = sim.run();
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000, instructions: result.vms.reduce((s, vm) => s + vm.instructions, 0), result };
}
/** A simulation ready to run (profiling: create them first, then run them). */
export function create(workspace, engine, maxCycles) {
    return Simulation.create(workspace, options(engine, maxCycles));
}
/** CPU milliseconds of create, running to the end, and the result (\`--phases\`: where a row's time goes). */
export function phases(workspace, engine, maxCycles) {
    const heap = [process.memoryUsage().heapUsed];
    const at = [process.cpuUsage()];
    const sim = Simulation.create(workspace, options(engine, maxCycles));
    at.push(process.cpuUsage());
    heap.push(process.memoryUsage().heapUsed);
    while (!sim.finished) sim.runUntil({ runAhead: true });
    at.push(process.cpuUsage());
    heap.push(process.memoryUsage().heapUsed);
    sim.result();
    at.push(process.cpuUsage());
    heap.push(process.memoryUsage().heapUsed);
    const ms = (i) => { const a = at[i - 1], b = at[i]; return (b.user - a.user + b.system - a.system) / 1000; };
    const mb = (i) => Math.round((heap[i] - heap[i - 1]) / 1e4) / 100;
    return { create: ms(1), run: ms(2), result: ms(3), createMB: mb(1), runMB: mb(2), resultMB: mb(3) };
}
`;

/** Bundles the child's driver for the sources of `checkout` into `dir`; returns its file. */
export async function bundle(checkout, dir) {
    const modern = fs.existsSync(path.join(checkout, 'language', 'check-definition.ts'));
    const file = path.join(dir, `driver-${path.basename(checkout)}-${Math.random().toString(36).slice(2)}.mjs`);
    await esbuild.build({
        stdin: { contents: driverSource(modern), resolveDir: checkout, loader: 'ts', sourcefile: 'sim-rows-driver.ts' },
        outfile: file, bundle: true, platform: 'node', target: 'node20', format: 'esm',
        banner: { js: "import { createRequire as __vmdefCreateRequire } from 'node:module'; const require = __vmdefCreateRequire(import.meta.url);" },
        logLevel: 'error', logOverride: { 'empty-import-meta': 'silent' },
    });
    return file;
}

/** The run did the work the row is about (every VM halted; the page faults taken). */
function check(row, result) {
    if (row.kind === 'ms' && result.vms.some((vm) => vm.status !== 'halted')) throw new Error(`${row.name}: not every VM halted`);
    if (row.faults !== undefined) {
        const vm = result.vms[0];
        if (vm.status !== 'halted' || vm.memory.guestPageFaults < row.faults) throw new Error(`${row.name}: ${vm.status}, ${vm.memory.guestPageFaults} page faults`);
    }
}

/** The guest instructions of the child's last warm-up run (the page-fault row's note says them per page). */
let instructionsRun = 0;

/** In the child: measure `row` with `engine`; the value (rate in M instr/s, ms, or MB). */
async function measure(driver, stdlib, row, engine) {
    const workspace = await driver.prepare(row.text, stdlib);
    if (row.kind === 'rss') {
        const r = driver.simulate(workspace, engine, row.maxCycles(engine));
        if (r.result.vms.some((vm) => vm.status !== 'halted')) throw new Error(`${row.name}: not every VM halted`);
        return process.resourceUsage().maxRSS / 1024;
    }
    if (process.env.SIM_ROWS_PHASES) {
        for (let i = 0; i < RUNS; i++) process.stderr.write(JSON.stringify(driver.phases(workspace, engine, row.maxCycles(engine))) + '\n');
    }
    const warm = driver.simulate(workspace, engine, row.maxCycles(engine));
    check(row, warm.result);
    instructionsRun = warm.instructions;
    let best = row.kind === 'ms' ? Infinity : 0;
    for (let i = 0; i < RUNS; i++) {
        const r = driver.simulate(workspace, engine, row.maxCycles(engine));
        if (process.env.SIM_ROWS_VERBOSE) process.stderr.write(`${row.name} ${engine}: ${(r.instructions / r.cpuMs / 1000).toFixed(0)} M/s, ${r.cpuMs.toFixed(0)} ms CPU, ${r.wallMs.toFixed(0)} ms wall\n`);
        best = row.kind === 'ms' ? Math.min(best, r.cpuMs) : Math.max(best, r.instructions / r.cpuMs / 1000);
    }
    return best;
}

async function child([driverFile, stdlib, which, engine]) {
    const driver = await import(pathToFileURL(driverFile).href);
    const all = rows();
    const out = {};
    if (which === '*') {
        // sim.bench.mjs's order: each rate row both engines, then the pair, the 1,000 VMs (RSS rows stay per process)
        for (const row of all.filter((r) => r.kind !== 'rss' && !r.needs)) for (const e of ['exact', 'fast']) out[`${row.name}|${e}`] = await measure(driver, stdlib, row, e);
    } else {
        out[`${which}|${engine}`] = await measure(driver, stdlib, all.find((r) => r.name === which), engine);
    }
    process.stdout.write(JSON.stringify({ values: out, instructions: instructionsRun }) + '\n');
}

/**
 * `row` (a name of `rows()`) with `engine`, measured in a fresh process running `driverFile`
 * (bundled from `checkout`); `withInstructions`: `{ value, instructions }` (of one run).
 */
export function measureRow(driverFile, checkout, row, engine, withInstructions = false) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', driverFile, path.join(checkout, 'language', 'stdlib'), row, engine], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`${row}, ${engine}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
    const { values, instructions } = JSON.parse(r.stdout.trim().split('\n').pop());
    const value = Object.values(values)[0];
    return withInstructions ? { value, instructions } : value;
}

function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(x >= 10 ? 1 : 2));

async function parent(argv) {
    const reps = Number(argv[argv.indexOf('--reps') + 1]) || (argv.includes('--reps') ? 5 : 3);
    const same = argv.includes('--same-process');
    const only = argv.includes('--rows') ? argv[argv.indexOf('--rows') + 1].split(',') : undefined;
    const checkouts = argv.filter((a, i) => !a.startsWith('--') && !['--reps', '--rows'].includes(argv[i - 1])).map((c) => path.resolve(c));
    if (checkouts.length === 0) checkouts.push(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-sim-rows-'));
    const self = fileURLToPath(import.meta.url);
    try {
        const drivers = [];
        for (const c of checkouts) drivers.push(await bundle(c, dir));
        const values = new Map(); // "row|engine" → checkout index → values
        const add = (key, k, v) => {
            if (!values.has(key)) values.set(key, checkouts.map(() => []));
            values.get(key)[k].push(v);
        };
        const runChild = (k, which, engine) => {
            if (which !== '*') return add(`${which}|${engine}`, k, measureRow(drivers[k], checkouts[k], which, engine));
            const r = spawnSync(process.execPath, [self, '--child', drivers[k], path.join(checkouts[k], 'language', 'stdlib'), '*', ''], { encoding: 'utf8', maxBuffer: 1 << 26 });
            if (r.status !== 0) throw new Error(`${checkouts[k]}: ${r.stderr}`);
            for (const [key, v] of Object.entries(JSON.parse(r.stdout.trim().split('\n').pop()).values)) add(key, k, v);
        };
        for (let rep = 0; rep < reps; rep++) {
            process.stderr.write(`repetition ${rep + 1} of ${reps} (load ${os.loadavg()[0].toFixed(2)})\n`);
            if (same) {
                for (let k = 0; k < checkouts.length; k++) runChild(k, '*');
            }
            for (const row of rows()) {
                if (only && !only.some((o) => row.name.includes(o))) continue;
                if (same && row.kind !== 'rss') continue;
                for (const engine of ['exact', 'fast']) {
                    for (let k = 0; k < checkouts.length; k++) {
                        if (row.needs && !fs.existsSync(path.join(checkouts[k], row.needs))) continue;
                        runChild(k, row.name, engine);
                    }
                }
            }
        }
        const head = ['row', 'engine', 'unit', ...checkouts.map((c) => `${path.basename(c)} median (min–max)`), ...checkouts.slice(1).map((c) => `${path.basename(c)} ÷ ${path.basename(checkouts[0])}`)];
        const table = [head];
        for (const [key, perCheckout] of values) {
            const [name, engine] = key.split('|');
            const kind = rows().find((r) => r.name === name).kind;
            const unit = kind === 'rate' ? 'M instr/s (CPU)' : kind === 'ms' ? 'ms CPU, lower better' : 'MB, lower better';
            const medians = perCheckout.map((vs) => (vs.length ? median(vs) : NaN));
            table.push([name, engine, unit,
                ...perCheckout.map((vs, k) => (vs.length ? `${fmt(medians[k])} (${fmt(Math.min(...vs))}–${fmt(Math.max(...vs))})` : '—')),
                ...medians.slice(1).map((m) => (Number.isNaN(m) || Number.isNaN(medians[0]) ? '—' : (m / medians[0]).toFixed(2)))]);
        }
        const widths = head.map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
        for (const r of table) console.log(r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd());
        console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

// run as a script (not imported by sim.bench.mjs)
if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const argv = process.argv.slice(2);
    if (argv[0] === '--child') await child(argv.slice(1));
    else if (argv[0] === '--bundle') console.log(await bundle(path.resolve(argv[1]), path.resolve(argv[2])));
    else await parent(argv);
}
