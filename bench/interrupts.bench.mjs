// What a periodic timer costs the fast engine (docs/language.md, Exceptions and interrupts): the
// compute loop of sim.bench.mjs in a kernel without OS under `full`, alone and with a timer
// tick every 10,000 cycles (its handler re-arms the timer and returns) — wall time per guest
// instruction, best of 3. Target: the timer costs at most 2× (`node bench/run.mjs interrupts`).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDriver } from './sim.bench.mjs';
import { WORKLOADS } from './sim-workloads.mjs';

const RUNS = 3;
const MAX_CYCLES = 2e9;

const box = `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial device t0: timer }
hypervisor hv: type1 on box { virtualization full }
vm k on hv { memory 16 MiB devices com1, t0 run p }
`;

/** The compute loop of sim.bench.mjs, and the same with its handler and the timer armed. */
const PLAIN = WORKLOADS.find((w) => w.name === 'compute loop').program;
const TICKING = PLAIN
    .replace('program p {', 'program p {\n        lidt on_tick\n        sti\n        out t0, 10000')
    .replace(/\}$/, 'on_tick:\n        out t0, 10000\n        iret\n}');

/** Best wall time per guest instruction (ns), and the interrupts delivered. */
function measure(driver, workspace) {
    let best = Infinity;
    let delivered = 0;
    for (let i = 0; i < RUNS; i++) {
        const { ms, instructions, result } = driver.simulate(workspace, 'fast', MAX_CYCLES);
        best = Math.min(best, (ms * 1e6) / instructions);
        delivered = result.vms[0].interrupts?.delivered ?? 0;
    }
    return { ns: best, delivered };
}

export async function run(report) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-irq-bench-'));
    try {
        const { driver } = await loadDriver(dir);
        const plain = measure(driver, await driver.prepare(box + PLAIN + '\n'));
        const ticking = measure(driver, await driver.prepare(box + TICKING + '\n'));
        if (ticking.delivered < 1000) throw new Error(`the timer did not tick (${ticking.delivered} interrupts)`);
        report({
            name: 'timer every 10,000 cycles, fast engine: cost per guest instruction', value: ticking.ns / plain.ns, unit: '×',
            target: { max: 2 },
            note: `${(1 / plain.ns).toFixed(2)} G instr/s without, ${(1 / ticking.ns).toFixed(2)} with; ${ticking.delivered} ticks; best of ${RUNS}`,
        });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
