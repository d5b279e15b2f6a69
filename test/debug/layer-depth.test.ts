// Recursion across layers under the debugger: a syscall that calls itself ends in a double fault
// at the layer limit (the debugger shows the 64 frames and stops on the fault), never growing
// without bound.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DebugRuntime, loadSimulation } from '../../debugger/runtime.js';
import { readLaunchFile } from '../../debugger/read-source.js';
import { frames } from '../../debugger/views.js';
import { MAX_LAYER_DEPTH } from '../../simulator/machine.js';
import { SELF_RECURSIVE_SYSCALL } from '../helpers/recursion.js';


describe('debugger: recursion across layers', () => {
    it('stops on the #DF fault with the layer stack at its limit, and the run ends faulted', async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-depth-')), 'rec.vmdef');
        fs.writeFileSync(file, SELF_RECURSIVE_SYSCALL);
        const rt = new DebugRuntime(await loadSimulation({ program: file }, readLaunchFile), { console: () => undefined, info: () => undefined });
        const outcome = await rt.continue();
        if (outcome.kind !== 'stopped') throw new Error('expected a stop on the fault');
        expect(outcome.stop.description).toBe(`guest fault in a: #DF: kernel stack overflow: more than ${MAX_LAYER_DEPTH} nested layers (double fault) at rec.vmdef:5:9`);
        // the frames as they were: the program and 63 syscalls
        expect(frames(rt.sim, 0).length).toBe(MAX_LAYER_DEPTH);
        expect(frames(rt.sim, 0)[0].name).toBe('syscall write');
        expect((await rt.continue()).kind).not.toBe('stopped');
        expect(rt.sim.finished).toBe(true);
        const [a] = rt.sim.result().vms;
        expect(a.status).toBe('faulted');
        expect(a.stop?.reason).toBe(`#DF: kernel stack overflow: more than ${MAX_LAYER_DEPTH} nested layers (double fault)`);
    });
});
