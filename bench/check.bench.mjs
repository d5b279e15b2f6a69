// `vmdef check` of one hardware (the start-up every check pays) and at 100, 1,000 and 10,000 VMs
// (bench/generate.mjs), as users run it: the bundled CLI in a fresh process, wall time including
// start-up, best of 3, peak RSS; the growth ratio 1,000 → 10,000; JSON.parse of the same data
// (the floor); in process, per-phase times of a full build (median of 3) and the time from an
// edit to new diagnostics on the 1,000-VM document.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { generate } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'out', 'cli.js');
const stdlibDir = path.join(root, 'language', 'stdlib');
const SIZES = [100, 1_000, 10_000];
const RUNS = 3;
/** In-process builds per figure (median). */
const BUILDS = 3;

const medianOf = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const TIME = '/usr/bin/time'; // Debian package `time`: prints the peak RSS with -f %M

export async function run(report) {
    if (!fs.existsSync(cli)) throw new Error('out/cli.js is missing: npm run build');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-bench-'));
    try {
        // What every check pays before its input's size counts: the process, the bundle, the
        // parser and the standard library (all of it but the OSes' file, which this names none of).
        const tiny = path.join(dir, 'one-hardware.vmdef');
        fs.writeFileSync(tiny, 'hardware box {\n    cpu 1 cores\n    memory 1 GiB\n}\n');
        const starts = Array.from({ length: RUNS }, () => checkOnce(tiny));
        if (starts[0].lines !== 0) throw new Error('the one-hardware definition should check clean');
        report({ name: 'check start-up: wall', value: Math.min(...starts.map((r) => r.ms)), unit: 'ms', note: `one hardware, best of ${RUNS}` });
        report({ name: 'check start-up: CPU', value: Math.min(...starts.map((r) => r.cpuMs)), unit: 'ms', note: 'user + system, best of the runs' });
        const wall = {};
        const inputs = {};
        for (const vms of SIZES) {
            const { text, data } = generate(vms);
            inputs[vms] = text;
            const file = path.join(dir, `vms-${vms}.vmdef`);
            fs.writeFileSync(file, text);
            const mb = Buffer.byteLength(text) / 1e6;
            const size = `${vms.toLocaleString('en-US')} VMs`;
            const note = `${mb.toFixed(2)} MB, ${text.split('\n').length.toLocaleString('en-US')} lines, best of ${RUNS}`;
            const runs = Array.from({ length: RUNS }, () => checkOnce(file));
            const best = Math.min(...runs.map((r) => r.ms));
            wall[vms] = best;
            report({ name: `check ${size}: wall`, value: best, unit: 'ms', note: `${note}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
                target: vms === 10_000 ? { max: 3000 } : undefined });
            // CPU time (user + system, all threads) varies less than wall time on a busy machine.
            report({ name: `check ${size}: CPU`, value: Math.min(...runs.map((r) => r.cpuMs)), unit: 'ms', note: 'user + system, best of the runs' });
            report({ name: `check ${size}: throughput`, value: mb / (best / 1000), unit: 'MB/s' });
            const rss = Math.max(...runs.map((r) => r.rssMB ?? NaN));
            report({ name: `check ${size}: peak RSS`, value: rss, unit: 'MB', note: 'max of the runs', target: vms === 10_000 ? { max: 400 } : undefined });
            const errors = runs[0].errors;
            report({ name: `check ${size}: diagnostics`, value: runs[0].lines, unit: 'lines', note: `${errors} cpu/memory-overcommit errors expected ${2 * Math.floor(Math.ceil(vms / 10) / 13)}` });
            const json = JSON.stringify(data);
            const parseMs = Math.min(...Array.from({ length: RUNS }, () => {
                const t = performance.now();
                JSON.parse(json);
                return performance.now() - t;
            }));
            report({ name: `JSON.parse ${size}`, value: parseMs, unit: 'ms', note: `${(json.length / 1e6).toFixed(2)} MB of JSON, the floor` });
            report({ name: `check / JSON.parse ${size}`, value: best / parseMs, unit: '×' });
        }
        report({ name: 'growth 1,000 → 10,000 VMs', value: wall[10_000] / wall[1_000], unit: '×', target: { max: 12 } });

        // One build is a third garbage collection: its phases swung by 20-40% from one run to the
        // next. Each in-process figure is the median of BUILDS builds, each with fresh services.
        const inProcess = await loadInProcess(dir);
        const builds = [];
        for (let i = 0; i < BUILDS; i++) builds.push(await inProcess.measurePhases(inputs[10_000], stdlibDir));
        for (const phase of Object.keys(builds[0])) {
            report({ name: `10,000 VMs in process: ${phase}`, value: medianOf(builds.map((b) => b[phase])), unit: 'ms', note: `median of ${BUILDS} builds` });
        }
        // the language server builds the library from the build's snapshot: so does this one
        const snapshot = path.join(root, 'out', 'stdlib-snapshot.json');
        const edits = [];
        for (let i = 0; i < BUILDS; i++) edits.push(await inProcess.measureEditLatency(inputs[1_000], stdlibDir, fs.existsSync(snapshot) ? snapshot : undefined));
        const edit = { editsMs: edits.flatMap((e) => e.editsMs), editsCpuMs: edits.flatMap((e) => e.editsCpuMs), errors: edits.flatMap((e) => e.errors),
            parses: { incremental: edits.reduce((n, e) => n + e.parses.incremental, 0), full: edits.reduce((n, e) => n + e.parses.full, 0) } };
        const sorted = [...edit.editsMs].sort((a, b) => a - b);
        const median = medianOf(sorted);
        if (new Set(edit.errors).size < 2) throw new Error(`the edits did not change the diagnostics: ${edit.errors}`);
        report({ name: '1,000 VMs: first build', value: medianOf(edits.map((e) => e.firstBuildMs)), unit: 'ms', note: `in process, median of ${BUILDS}` });
        report({ name: '1,000 VMs: edit → diagnostics, CPU', value: medianOf(edit.editsCpuMs), unit: 'ms', note: 'median' });
        report({ name: '1,000 VMs: edit → diagnostics', value: median, unit: 'ms', target: { max: 200 },
            note: `median of ${sorted.length}, min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)}; errors ${[...new Set(edit.errors)].join('/')}; `
                + `re-parses ${edit.parses.incremental} incremental, ${edit.parses.full} full` });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function checkOnce(file) {
    const useTime = fs.existsSync(TIME);
    const command = useTime ? TIME : process.execPath;
    const args = useTime ? ['-f', 'peak-rss-kb %M cpu-s %U %S', process.execPath, cli, 'check', file] : [cli, 'check', file];
    const start = performance.now();
    const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const ms = performance.now() - start;
    if (result.status !== 0 && result.status !== 1) throw new Error(`vmdef check exited ${result.status}: ${result.stderr}`);
    const rss = /peak-rss-kb (\d+)/.exec(result.stderr ?? '');
    const cpu = /cpu-s ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
    // the diagnostics, without `check`'s closing summary line (`checked N files: …`)
    const out = result.stdout.split('\n').filter(Boolean).slice(0, -1);
    return {
        ms,
        rssMB: rss ? Number(rss[1]) / 1024 : undefined,
        cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN,
        lines: out.length,
        errors: out.filter((l) => / error (cpu|memory)-overcommit:/.test(l)).length,
    };
}

/** bench/in-process.ts, bundled like the CLI (TypeScript sources are not runnable as they are). */
async function loadInProcess(dir) {
    const outfile = path.join(dir, 'in-process.mjs');
    await esbuild.build({
        entryPoints: [path.join(root, 'bench', 'in-process.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm',
        banner: { js: "import { createRequire as __vmdefCreateRequire } from 'node:module'; const require = __vmdefCreateRequire(import.meta.url);" },
        logLevel: 'error', logOverride: { 'empty-import-meta': 'silent' },
    });
    return import(pathToFileURL(outfile).href);
}
