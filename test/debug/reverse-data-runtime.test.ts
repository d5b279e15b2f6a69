// Reverse continue with a data breakpoint in the runtime, across the periodic snapshots of a
// 6 M-instruction run: it lands exactly on the step before the last write (compared with a
// straight run of the exact interpreter), and with no write behind, searches back to the start.
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../simulator/engine.js';
import { frames } from '../../debugger/views.js';
import { DebugRuntime, loadSimulation, type Outcome } from '../../debugger/runtime.js';
import { readLaunchFile } from '../../debugger/read-source.js';
import { exactSimulation, fixture } from './dap-helpers.js';

const LONG = fixture('long.vmdef'); // 20 mov r1, 3000000 · 21 loop: dec r1 · 22 jnz loop · 23 out

function stopped(o: Outcome) {
    if (o.kind !== 'stopped') throw new Error('expected a stop, the simulation ended');
    return o.stop;
}

function registers(sim: Simulation): string {
    const s = sim.state;
    return JSON.stringify({ steps: s.steps, frames: s.vcpus[0].frames.map((f) => [f.name, f.pc, [...f.regs], f.zf, f.sf]), pcpus: s.pcpus.map((p) => p.time) });
}

describe('reverse continue with data breakpoints (runtime)', () => {
    it('lands exactly before the last write, across snapshots, then back to the start when nothing else is written', async () => {
        const rt = new DebugRuntime(await loadSimulation({ program: LONG }, readLaunchFile), { console: () => undefined, info: () => undefined });
        rt.breakpoints.setLines(LONG, [{ line: 23 }]);
        stopped(await rt.continue());
        const atEnd = rt.steps;
        expect(atEnd).toBe(6_000_001);
        expect(rt.watches.set(['0:0:r1'])[0].verified).toBe(true);

        let stop = stopped(await rt.reverseContinue());
        expect(stop).toMatchObject({ reason: 'data breakpoint', vcpu: 0, description: 'reverse: r1 of spin/vcpu0 count changed: 1 → 0 (written by the next instruction)' });
        // before the last dec (the jnz after it is the last step)
        expect(rt.steps).toBe(atEnd - 2);
        expect(frames(rt.sim, 0)[0].location?.line).toBe(21);
        const reference = await exactSimulation(LONG);
        reference.runUntil({ maxSteps: atEnd - 2 });
        expect(registers(rt.sim)).toBe(registers(reference));

        // a register nothing writes: the search goes back through every snapshot to the start
        rt.watches.set(['0:0:r2']);
        stop = stopped(await rt.reverseContinue());
        expect(stop).toMatchObject({ reason: 'entry', description: 'no earlier breakpoint: back at the start' });
        expect(rt.steps).toBe(0);
    }, 60_000);

    it('a pause during the instruction-by-instruction search returns to where it started', async () => {
        const rt = new DebugRuntime(await loadSimulation({ program: LONG }, readLaunchFile), { console: () => undefined, info: () => undefined });
        rt.breakpoints.setLines(LONG, [{ line: 23 }]);
        stopped(await rt.continue());
        rt.watches.set(['0:0:r2']);
        const searching = rt.reverseContinue();
        // the search single-steps through 6 M instructions (seconds): the pause comes long before its end
        await new Promise((resolve) => setTimeout(resolve, 100));
        rt.pause();
        const stop = stopped(await searching);
        expect(stop).toMatchObject({ reason: 'pause', description: 'paused: the backwards search stopped; still at step 6000001' });
        expect(rt.steps).toBe(6_000_001);
        expect(frames(rt.sim, 0)[0].location?.line).toBe(23);
    }, 60_000);
});
