// The debug runtime without DAP: time travel is exact across periodic snapshots (compared with
// a fresh simulation run straight to the same step), several vCPUs step independently, and
// step over a `call` runs the subroutine.
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../simulator/engine.js';
import { frames, vcpus } from '../../debugger/views.js';
import { DebugRuntime, loadSimulation, type Outcome } from '../../debugger/runtime.js';
import { readLaunchFile } from '../../debugger/read-source.js';
import { exactSimulation, fixture } from './dap-helpers.js';

function quiet(sim: Simulation): DebugRuntime {
    return new DebugRuntime(sim, { console: () => undefined, info: () => undefined });
}

/** What must be identical after time travel: every frame's registers and pc, clocks, figures, console. */
function fingerprint(sim: Simulation): string {
    const s = sim.state;
    return JSON.stringify({
        steps: s.steps,
        vcpus: s.vcpus.map((v) => ({ done: v.done, frames: v.frames.map((f) => [f.name, f.pc, [...f.regs], f.zf, f.sf, f.calls]), ran: v.ran, iflag: v.iflag })),
        pcpus: s.pcpus.map((p) => [p.time, p.vcpu]),
        vms: s.vms.map((vm) => [vm.status, vm.console, vm.instructions, [...vm.cycles], vm.exits]),
    });
}


function stopped(o: Outcome) {
    if (o.kind !== 'stopped') throw new Error('expected a stop, the simulation ended');
    return o.stop;
}

describe('debug runtime', () => {
    it('reverse continue and step back over 6 M instructions land exactly where a straight run lands', async () => {
        const file = fixture('long.vmdef');
        const rt = quiet(await loadSimulation({ program: file }, readLaunchFile));
        rt.breakpoints.setLines(file, [{ line: 20 }, { line: 23 }]);
        let stop = stopped(await rt.continue());
        expect(stop.description).toBe('breakpoint at count line 20');
        stop = stopped(await rt.continue());
        expect(stop.description).toBe('breakpoint at count line 23');
        const atEnd = rt.steps;
        expect(atEnd).toBe(6_000_001);
        const endPrint = fingerprint(rt.sim);

        // back one instruction: the last jnz (not taken)
        stop = stopped(await rt.stepBack(0));
        expect(rt.steps).toBe(atEnd - 1);
        const reference = await exactSimulation(file);
        reference.runUntil({ maxSteps: atEnd - 1 });
        expect(fingerprint(rt.sim)).toBe(fingerprint(reference));
        expect(frames(rt.sim, 0)[0].location?.line).toBe(22);

        // back to the first breakpoint, across the periodic snapshots
        stop = stopped(await rt.reverseContinue());
        expect(stop.description).toBe('reverse: breakpoint at count line 20');
        expect(rt.steps).toBe(0);
        const fresh = await exactSimulation(file);
        expect(fingerprint(rt.sim)).toBe(fingerprint(fresh));

        // forwards again: the very same end state
        stop = stopped(await rt.continue());
        expect(stop.description).toBe('breakpoint at count line 23');
        expect(fingerprint(rt.sim)).toBe(endPrint);
    });

    it('a breakpoint inside a loop the fast engine translated stops exactly where the exact interpreter would', async () => {
        const file = fixture('long.vmdef');
        const rt = quiet(await loadSimulation({ program: file }, readLaunchFile));
        const continued = await rt.continue(); // no breakpoints: translated code to the end
        expect(continued.kind).toBe('ended');

        const again = quiet(await loadSimulation({ program: file }, readLaunchFile));
        again.breakpoints.setLines(file, [{ line: 22, condition: 'r1 == 2999990' }]);
        const stop = stopped(await again.continue());
        expect(stop.description).toBe('breakpoint at count line 22 (r1 == 2999990)');
        expect(again.steps).toBe(1 + 10 + 9); // mov, 10 × dec, 9 × jnz
        const reference = await exactSimulation(file);
        reference.runUntil({ maxSteps: again.steps });
        expect(fingerprint(again.sim)).toBe(fingerprint(reference));
        // clearing the breakpoint: the rest runs translated again, to the same end as the exact run
        again.breakpoints.setLines(file, []);
        expect((await again.continue()).kind).toBe('ended');
        reference.run();
        expect(fingerprint(again.sim)).toBe(fingerprint(reference));
    });

    it('threads are vCPUs; stepping one vCPU and stepping it back leaves the other where it was', async () => {
        const rt = quiet(await loadSimulation({ program: fixture('smp.vmdef') }, readLaunchFile));
        expect(vcpus(rt.sim).map((v) => v.name)).toEqual(['duo/vcpu0', 'duo/vcpu1']);
        stopped(await rt.entry());
        stopped(await rt.stepIn(1)); // mov r2, 10 on vcpu1
        expect(frames(rt.sim, 1)[0].registers.r2).toBe(10);
        expect(frames(rt.sim, 1)[0].location?.line).toBe(31);
        const stepped = rt.steps;
        stopped(await rt.stepBack(1));
        expect(frames(rt.sim, 1)[0].registers.r2).toBe(0);
        expect(frames(rt.sim, 1)[0].location?.line).toBe(30);
        // exactly the state just before vcpu1's instruction in the canonical order (vcpu0 may have run before it)
        expect(rt.steps).toBeLessThan(stepped);
        const reference = await exactSimulation(fixture('smp.vmdef'));
        reference.runUntil({ maxSteps: rt.steps });
        expect(fingerprint(rt.sim)).toBe(fingerprint(reference));
        reference.stepInstruction();
        expect(reference.state.vcpus[1].frames[0].regs[2]).toBe(10); // the next step is vcpu1's mov
    });

    it('next over a call runs the subroutine and stops after it; stepIn enters it', async () => {
        const rt = quiet(await loadSimulation({ program: fixture('smp.vmdef') }, readLaunchFile));
        stopped(await rt.stepIn(0)); // mov r1, 1
        expect(frames(rt.sim, 0)[0].location?.line).toBe(22);
        let stop = stopped(await rt.next(0)); // call twice → back at out
        expect(stop.reason).toBe('step');
        expect(frames(rt.sim, 0)[0].location?.line).toBe(23);
        expect(frames(rt.sim, 0)[0].registers.r1).toBe(2);

        const again = quiet(await loadSimulation({ program: fixture('smp.vmdef') }, readLaunchFile));
        stopped(await again.stepIn(0));
        stopped(await again.stepIn(0)); // into twice
        expect(frames(again.sim, 0)[0].location?.line).toBe(25);
        stop = stopped(await again.stepOut(0)); // out of the subroutine
        expect(frames(again.sim, 0)[0].location?.line).toBe(23);
        expect(stop.description).toBe('step: first (smp.vmdef:23)');
    });

    it('pause stops a continue at the next slice; the run goes on from exactly there', async () => {
        const rt = quiet(await loadSimulation({ program: fixture('loop.vmdef') }, readLaunchFile));
        const running = rt.continue();
        await new Promise((r) => setTimeout(r, 50));
        rt.pause();
        const stop = stopped(await running);
        expect(stop.reason).toBe('pause');
        expect(rt.steps).toBeGreaterThan(0);
        const reference = await exactSimulation(fixture('loop.vmdef'));
        reference.runUntil({ maxSteps: rt.steps });
        expect(fingerprint(rt.sim)).toBe(fingerprint(reference));
    });
});
