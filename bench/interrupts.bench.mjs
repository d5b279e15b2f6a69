// What a periodic timer costs the fast engine (docs/language.md, Exceptions and interrupts): the
// compute loop of sim.bench.mjs in a kernel without OS under `full`, alone and with a timer
// tick every 10,000 cycles (its handler re-arms the timer and returns) — CPU time (user +
// system, not wall time: the figure holds on a shared machine) per guest instruction, the two
// runs interleaved and the best of RUNS each, so a slow moment spoils one run of each, not the
// ratio. Target: the timer costs at most 2× (`node bench/run.mjs interrupts`).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDriver } from './sim.bench.mjs';
import { WORKLOADS } from './sim-workloads.mjs';

const RUNS = 5;
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

/** CPU time per guest instruction (ns) of one run, and the interrupts delivered. */
function measure(driver, workspace) {
    const started = process.cpuUsage();
    const { instructions, result } = driver.simulate(workspace, 'fast', MAX_CYCLES);
    const cpu = process.cpuUsage(started);
    return { ns: ((cpu.user + cpu.system) * 1e3) / instructions, delivered: result.vms[0].interrupts?.delivered ?? 0 };
}

/** The best of RUNS of each workspace, run in turn. */
function bestOf(driver, plainWorkspace, tickingWorkspace) {
    let plain = Infinity, ticking = Infinity, delivered = 0;
    for (let i = 0; i < RUNS; i++) {
        plain = Math.min(plain, measure(driver, plainWorkspace).ns);
        const t = measure(driver, tickingWorkspace);
        ticking = Math.min(ticking, t.ns);
        delivered = t.delivered;
    }
    return { plain, ticking, delivered };
}

export async function run(report) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-irq-bench-'));
    try {
        const { driver } = await loadDriver(dir);
        const { plain, ticking, delivered } = bestOf(driver, await driver.prepare(box + PLAIN + '\n'), await driver.prepare(box + TICKING + '\n'));
        if (delivered < 1000) throw new Error(`the timer did not tick (${delivered} interrupts)`);
        report({
            name: 'timer every 10,000 cycles, fast engine: CPU time per guest instruction', value: ticking / plain, unit: '×',
            target: { max: 2 },
            note: `${(1 / plain).toFixed(2)} G instr/s of CPU time without, ${(1 / ticking).toFixed(2)} with; ${delivered} ticks; interleaved, best of ${RUNS}`,
        });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
