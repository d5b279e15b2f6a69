// The simulator's speed, both engines (`exact`: the switch interpreter; `fast`: binary
// translation of guest blocks to JavaScript), each beside a plain JavaScript loop doing the same
// arithmetic in the same process (the ratio says how far from native JS the engine is):
//   - compute loop (direct execution, registers only), memory loop (load/store), a loop whose
//     body branches (several blocks), a trap-heavy loop (every 10th instruction privileged, a
//     guest kernel under `full`; also in two VMs on two pCPUs) — guest instructions per second
//     of CPU time;
//   - the compute loop in a native VM (on the hardware, no hypervisor: LANGUAGE.md §9), which must
//     run at least as fast as under a hypervisor;
//   - 1,000 VMs each running 10,000 instructions: CPU time of the simulation;
//   - peak RSS of a process simulating 1,000 VMs that each declare 4 GiB (sparse memory), bare
//     and under a linux kernel that boots with paging on (page tables sparse too);
//   - a page-fault-heavy guest (issue 13): a linux program touching 100,000 fresh pages under
//     nested paging, each touch a page fault the guest kernel's handler maps and an EPT violation
//     the hypervisor backs (guest instructions per second, the handler's included; each fresh page
//     is real memory too: 400 MB over the run).
// Every row but the RSS ones runs in a process of its own, its best of 3 after a warm-up run, in
// CPU time (sim-rows.mjs: in one process a row measured the rows before it too; CPU time is
// robust to other processes on the machine). The engine code is bundled with esbuild
// (TypeScript sources are not runnable as they are).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { bundle, measureRow, RUNS } from './sim-rows.mjs';
import { manyVms, PAGES_TOUCHED, WORKLOADS } from './sim-workloads.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.VMDEF_STDLIB = path.join(root, 'language', 'stdlib');
const TIME = '/usr/bin/time';
const ENGINES = ['exact', 'fast'];

// In-process driver: build a checked workspace once, run it with an engine, time `run()` only.
const DRIVER = `
import { checkDefinition } from './language/check-definition.js';
import { formatDiagnostic } from './language/file-diagnostics.js';
import { Simulation } from './simulator/engine.js';
import { setStdlibDirectory } from './language/stdlib.js';
setStdlibDirectory(process.env.VMDEF_STDLIB);
export async function prepare(text) {
    const check = await checkDefinition([{ path: '/bench/sim.vmdef', text }]);
    if (!check.ok) throw new Error('bench input has errors: ' + check.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('; '));
    return check.workspace;
}
export function simulate(workspace, engine, maxCycles) {
    const sim = Simulation.create(workspace, { maxCycles, engine });
    const started = performance.now();
    const result = sim.run();
    const ms = performance.now() - started;
    const instructions = result.vms.reduce((s, vm) => s + vm.instructions, 0);
    return { ms, instructions, result };
}
export async function main() {
    const [file, engine, maxCycles] = process.argv.slice(2);
    const workspace = await prepare(fs.readFileSync(file, 'utf8'));
    const { ms, instructions, result } = simulate(workspace, engine, Number(maxCycles));
    process.stdout.write(JSON.stringify({ ms, instructions, vms: result.vms.length, statuses: [...new Set(result.vms.map((v) => v.status))] }) + '\\n');
}
import * as fs from 'node:fs';
if (process.argv[1] && process.argv[1].endsWith('sim-driver.mjs')) await main();
`;

/** `SIM_BENCH_ONLY=native node bench/sim.bench.mjs`: only the rows whose name contains it. */
const ONLY = process.env.SIM_BENCH_ONLY;


/** Guest instructions per second of plain JS doing the work of `iterations` loop turns, best of RUNS. */
function plainRate(workload, iterations) {
    let best = Infinity;
    for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        workload.js(iterations);
        best = Math.min(best, performance.now() - t);
    }
    return (iterations * workload.perIteration) / (best / 1000);
}


/** Bundles the in-process driver into `dir` and imports it (interrupts.bench.mjs uses it too). */
export async function loadDriver(dir) {
    return bundleDriver(dir, DRIVER, 'sim-driver');
}

/** Bundles TypeScript `source` (imports relative to the project root) into `dir` as NAME.mjs and imports it (compare.bench.mjs uses it too). */
export async function bundleDriver(dir, source, name) {
    const driverFile = path.join(dir, `${name}.mjs`);
    await esbuild.build({
        stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: `${name}.ts` },
        outfile: driverFile, bundle: true, platform: 'node', target: 'node20', format: 'esm',
        banner: { js: "import { createRequire as __vmdefCreateRequire } from 'node:module'; const require = __vmdefCreateRequire(import.meta.url);" },
        logLevel: 'error', logOverride: { 'empty-import-meta': 'silent' },
    });
    return { driver: await import(pathToFileURL(driverFile).href), driverFile };
}

export async function run(report) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-sim-bench-'));
    try {
        const { driverFile } = await loadDriver(dir);
        // every row below but the RSS ones in a process of its own (sim-rows.mjs says why)
        const rowDriver = await bundle(root, dir);
        const measure = (row, engine) => measureRow(rowDriver, root, row, engine);
        const ofProcess = `fresh process, CPU time, best of ${RUNS} after a warm-up run`;

        const compute = WORKLOADS.find((w) => w.name === 'compute loop');
        for (const workload of [...WORKLOADS, { ...compute, name: 'compute loop, native' }]) {
            if (ONLY && !workload.name.includes(ONLY)) continue;
            for (const engine of ENGINES) {
                const best = measure(workload.name, engine) * 1e6;
                const plain = plainRate(workload, Math.round(best / workload.perIteration / 4));
                const target = engine === 'fast'
                    ? { min: workload.name.startsWith('trap') ? 400e6 : workload.name.startsWith('branch') ? undefined : 1.5e9 }
                    : { min: workload.name.startsWith('trap') ? undefined : 150e6 };
                report({
                    name: `${workload.name}, ${engine}`, value: best / 1e6, unit: 'M instr/s',
                    target: target.min !== undefined ? { min: target.min / 1e6 } : undefined,
                    note: `plain JS ${(plain / 1e6).toFixed(0)} M/s, plain ÷ engine = ${(plain / best).toFixed(2)}; ${ofProcess}`,
                });
            }
        }

        // the rows below have no filter of their own: SIM_BENCH_ONLY runs the workload rows alone
        if (ONLY) return;

        // the trap-heavy loop in two VMs on two pCPUs: lockstep chunks of 10,000 cycles, each
        // pCPU running ahead of the other while it only runs its own VM (drive.ts)
        for (const engine of ENGINES) {
            report({ name: `trap-heavy loop × 2 VMs on 2 pCPUs, ${engine}`, value: measure('trap-heavy × 2 VMs', engine), unit: 'M instr/s', note: `both VMs together; ${ofProcess}` });
        }

        for (const engine of ENGINES) {
            report({
                name: `1,000 VMs × 10,000 instructions, ${engine}`, value: measure('1,000 VMs × 10,000 instr.', engine), unit: 'ms', target: { max: 2000 },
                note: `10.0 M instructions, simulation only; ${ofProcess}`,
            });
        }

        for (const os of [undefined, 'linux']) {
            const bigFile = path.join(dir, 'big.vmdef');
            fs.writeFileSync(bigFile, manyVms(1000, '4 GiB', os).replace('memory 256 GiB', 'memory 1 TiB'));
            for (const engine of ENGINES) {
                const r = spawnSync(TIME, ['-f', '%M', process.execPath, driverFile, bigFile, engine, '1000000000'], { encoding: 'utf8' });
                if (r.status !== 0) throw new Error(`RSS run failed: ${r.stderr}`);
                const rssMB = Number(r.stderr.trim().split('\n').pop()) / 1024;
                const out = JSON.parse(r.stdout);
                report({
                    name: `1,000 ${os ? `${os} ` : ''}VMs × 4 GiB declared, ${engine}: peak RSS`, value: rssMB, unit: 'MB', target: { max: 500 },
                    note: `whole process: parse, check, ${os ? 'boot with paging, ' : ''}simulate (${out.statuses.join(', ')})`,
                });
            }
        }

        for (const engine of ENGINES) {
            const { value, instructions } = measureRow(rowDriver, root, 'page faults', engine, true);
            report({
                name: `page faults: ${PAGES_TOUCHED.toLocaleString('en-US')} fresh pages, ${engine}`, value, unit: 'M instr/s',
                target: engine === 'fast' ? { min: 20 } : undefined,
                note: `linux guest, nested paging: each touch a page fault its kernel maps (${(instructions / PAGES_TOUCHED).toFixed(0)} instructions a page, the handler's included) and an EPT violation; ${ofProcess}`,
            });
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
