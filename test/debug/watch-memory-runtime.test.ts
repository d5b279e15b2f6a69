// Data breakpoints on memory words in the runtime, over a 4.5 M-instruction loop that stores the
// same value 1.5 M times: forward it stops only at the two real changes, backwards it lands
// exactly before each write across periodic snapshots (compared with a straight run of the exact
// interpreter), and a run without watches stays in the fast engine's translated code.
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../simulator/engine.js';
import { frames } from '../../debugger/views.js';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { DebugRuntime, loadSimulation, type Outcome } from '../../debugger/runtime.js';
import { readLaunchFile } from '../../debugger/read-source.js';
import { exactSimulation, fixture } from './dap-helpers.js';

// 21 mov r2, 0x1000 · 22 mov r3, 7 · 23 mov r1, 1500000 · 24 loop: store [r2], r3 · 25 dec r1 · 26 jnz loop · 27 store [r2], r1
const LONG = fixture('watch-long.vmdef');
const quiet = { console: () => undefined, info: () => undefined };

function stopped(o: Outcome) {
    if (o.kind !== 'stopped') throw new Error('expected a stop, the simulation ended');
    return o.stop;
}

function state(sim: Simulation): string {
    const s = sim.state;
    return JSON.stringify({
        steps: s.steps, frames: s.vcpus[0].frames.map((f) => [f.name, f.pc, [...f.regs], f.zf, f.sf]), pcpus: s.pcpus.map((p) => p.time),
        word: s.vms[0].memory.read(0x1000), pages: s.vms[0].memory.touchedPages,
    });
}

async function reference(steps: number): Promise<string> {
    const sim = await exactSimulation(LONG);
    sim.runUntil({ maxSteps: steps });
    return state(sim);
}

describe('data breakpoints on memory words (runtime)', () => {
    it('forward: only the two changes stop (1.5 M same-value stores do not); backwards: exactly before each write, across snapshots', async () => {
        const rt = new DebugRuntime(await loadSimulation({ program: LONG }, readLaunchFile), quiet);
        expect(rt.watches.set(['word:vm:spin:0x1000'])[0]).toEqual({ id: 1, verified: true });

        let stop = stopped(await rt.continue());
        expect(stop).toEqual({ reason: 'data breakpoint', vcpu: 0, breakpointIds: [1], description: '[0x1000] of spin changed: 0 → 7, written by spin/vcpu0 at count (watch-long.vmdef:24)' });
        expect(rt.steps).toBe(4);
        stop = stopped(await rt.continue());
        expect(stop.description).toBe('[0x1000] of spin changed: 7 → 0, written by spin/vcpu0 at count (watch-long.vmdef:27)');
        const last = rt.steps;
        expect(last).toBe(3 + 4_500_000 + 1);
        expect(frames(rt.sim, 0)[0].location?.line).toBe(28);

        stop = stopped(await rt.reverseContinue());
        expect(stop.description).toBe('reverse: [0x1000] of spin changed: 7 → 0, written by spin/vcpu0 at count (watch-long.vmdef:27) (written by the next instruction)');
        expect(rt.steps).toBe(last - 1);
        expect(state(rt.sim)).toBe(await reference(last - 1));
        // back across 1.5 M same-value stores and the snapshots between them, to before the first
        stop = stopped(await rt.reverseContinue());
        expect(stop.description).toBe('reverse: [0x1000] of spin changed: 0 → 7, written by spin/vcpu0 at count (watch-long.vmdef:24) (written by the next instruction)');
        expect(rt.steps).toBe(3);
        expect(state(rt.sim)).toBe(await reference(3));
        stop = stopped(await rt.reverseContinue());
        expect(stop).toMatchObject({ reason: 'entry', description: 'no earlier breakpoint: back at the start' });
        expect(rt.steps).toBe(0);
    }, 60_000);

    it('a run without data breakpoints stays in translated code; with a word watch the interpreter checks every step, and clearing it goes back', async () => {
        const rt = new DebugRuntime(await loadSimulation({ program: LONG }, readLaunchFile), quiet);
        const fast = rt.sim.executor as FastExecutor;
        expect(fast).toBeInstanceOf(FastExecutor);
        rt.watches.set(['word:vm:spin:0x1000']);
        stopped(await rt.continue());
        stopped(await rt.continue());
        // watched, the steps run in the interpreter, which checks the watch after each one: no
        // translated region ran (it could not stop between its instructions)
        expect(rt.steps).toBeGreaterThan(1000);
        expect(fast.stats.regionCalls).toBe(0);
        expect(fast.stats.translated).toBe(0);

        const rt2 = new DebugRuntime(await loadSimulation({ program: LONG }, readLaunchFile), quiet);
        const fast2 = rt2.sim.executor as FastExecutor;
        rt2.watches.set(['word:vm:spin:0x1000']);
        stopped(await rt2.continue());
        rt2.watches.set([]);
        const outcome = await rt2.continue();
        expect(outcome.kind).toBe('ended');
        // nearly all of the 4.5 M instructions ran in translated regions, many per call
        expect(fast2.stats.translated).toBeGreaterThan(4_000_000);
        expect(fast2.stats.regionCalls).toBeLessThan(fast2.stats.translated / 100);
    }, 60_000);
});
