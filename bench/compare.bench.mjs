// `vmdef compare` on a long guest (LANGUAGE.md §13, issue 15): a kernel loop of 10 M guest
// instructions without sensitive instructions, compared with native under the four techniques
// (lockstep by chunks at the fast engine's speed, nothing diverges, so every chunk is compared by
// its running hash and its state). Target: < 5 s (`node bench/run.mjs compare`), the median of
// RUNS runs; the note gives the process CPU time of that run and the load average (the machine
// may be shared). Set COMPARE_INSTRUCTIONS for a quicker look.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleDriver } from './sim.bench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.VMDEF_STDLIB = path.join(root, 'language', 'stdlib');
const INSTRUCTIONS = Number(process.env.COMPARE_INSTRUCTIONS ?? 10_000_000);
const RUNS = 3;

const DRIVER = `
import { setStdlibDirectory } from './language/stdlib.js';
setStdlibDirectory(process.env.VMDEF_STDLIB);
import { checkWorkspace } from './language/workspace.js';
import { buildModel } from './simulator/model.js';
import { compareVm } from './simulator/compare/index.js';
export async function compare(text, instructions) {
    const ws = await checkWorkspace([{ path: '/bench/compare.vmdef', text }]);
    const model = buildModel(ws.documents, ws.stdlib);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = compareVm(model, 'k', { maxInstructions: instructions });
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, report };
}
`;

/** 3 instructions per iteration, and a store so memory is compared too. */
const TEXT = (iterations) => `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization full }
vm k on hv { memory 16 MiB devices com1 run p }
program p {
        mov r1, ${iterations}
loop:   add r2, r1
        store [0x2000], r2
        dec r1
        jnz loop
        out com1, r2
        hlt
}
`;

export async function run(report) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-compare-bench-'));
    try {
        const { driver } = await bundleDriver(dir, DRIVER, 'compare-driver');
        const runs = [];
        for (let i = 0; i < RUNS; i++) {
            const load = os.loadavg()[0];
            runs.push({ ...(await driver.compare(TEXT(Math.ceil(INSTRUCTIONS / 4)), INSTRUCTIONS)), load });
        }
        const { ms, cpuMs, load, report: r } = runs.sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)];
        if (r.runs.some((run) => run.diverged)) throw new Error(`a technique diverged: ${JSON.stringify(r.runs)}`);
        report({
            name: `compare ${(r.native.instructions / 1e6).toFixed(1)} M guest instructions × ${r.runs.length} techniques`, value: ms, unit: 'ms',
            target: { max: 5000 },
            note: `median of ${RUNS}; ${Math.round(cpuMs)} ms CPU, load ${load.toFixed(1)}; ${((r.native.instructions * (r.runs.length + 1)) / (ms / 1000) / 1e6).toFixed(1)} M compared instructions/s (native + each technique)`,
        });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
