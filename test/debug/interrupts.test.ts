// The debugger's `interrupts` exception filter (docs/language.md, Exceptions and interrupts): under full virtualization a
// popf that sets if back to 1 does not trap, and the run stops there with the interrupt it holds
// back described; with the filter off it runs to the end, the tick lost.
import { describe, expect, it } from 'vitest';
import { DebugRuntime, loadSimulation, type Outcome } from '../../debugger/runtime.js';
import { readLaunchFile } from '../../debugger/read-source.js';
import { frames } from '../../debugger/views.js';
import { fixture } from './dap-helpers.js';

async function runtime(): Promise<DebugRuntime> {
    return new DebugRuntime(await loadSimulation({ program: fixture('popf-hole.vmdef') }, readLaunchFile), { console: () => undefined, info: () => undefined });
}

function stopped(o: Outcome) {
    if (o.kind !== 'stopped') throw new Error('expected a stop, the simulation ended');
    return o.stop;
}

describe('interrupts held back by the popf hole', () => {
    it('stops at the popf with the pending timer interrupt described', async () => {
        const rt = await runtime();
        rt.setExceptionFilters(['interrupts']);
        const stop = stopped(await rt.continue());
        expect(stop.reason).toBe('exception');
        expect(stop.exception?.id).toBe('interrupts');
        expect(stop.description).toMatch(/^interrupt held back in v: timer interrupt pending since cycle \d+: the hypervisor still sees if=0 — popf at line 15 did not trap/);
        // paused after the popf: the next instruction is the hlt
        expect(frames(rt.sim, 0)[0].location?.line).toBe(16);
        const end = await rt.continue();
        expect(end.kind).toBe('ended');
        if (end.kind !== 'ended') return;
        expect(end.result.vms[0].interrupts).toMatchObject({ raised: 1, delivered: 0, lost: 1 });
        expect(end.result.vms[0].console).toBe('');
    });

    it('without the filter the run goes to the end', async () => {
        const rt = await runtime();
        rt.setExceptionFilters([]);
        const end = await rt.continue();
        expect(end.kind).toBe('ended');
    });
});
