// The debugger on a hypervisor `like hyperv` (examples/profiles/hyperv.vmdef), over real DAP:
// a breakpoint on the profile's hypercall stops in profiles.vmdef, and the Hypervisor scope
// names the profile and where each setting came from.
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, ROOT, Session } from '../debug/dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

describe('a hypervisor like hyperv in the debugger', () => {
    it('stops in the enlightenment and shows the profile in the Hypervisor scope', async () => {
        session = new Session();
        await session.launch(path.join(ROOT, 'examples/profiles/hyperv.vmdef'), {},
            (dc) => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'HvCallFlushVirtualAddressList' }] }));
        const stop = await session.stopped();
        const thread = stop.body.threadId!;
        const stack = await session.stack(thread);
        expect(stack.map((f) => f.name)).toEqual(['hypercall HvCallFlushVirtualAddressList', 'syscall KeFlushMultipleTb', 'flush']);
        expect(path.basename(stack[0].file)).toBe('profiles.vmdef');

        const frameId = await session.frameId(thread, 0);
        const hv = await session.scope(frameId, 'Hypervisor');
        expect(hv.get('technique')?.value).toBe('hardware');
        expect(hv.get('profile')?.value).toBe('as Hyper-V');
        // a hypercall under `hardware` is a VMCALL exit: it costs an exit
        expect(hv.get('current_cost')?.value).toBe('1300 cycles (modern)');
        const from = await session.dc.variablesRequest({ variablesReference: hv.get('settings_from')!.variablesReference });
        expect(from.body.variables.map((v) => [v.name, v.value])).toEqual([
            ['technique', 'from the profile (profile)'], ['reserve', 'from the profile (profile)'], ['overcommit', 'the default (default)'],
            ['scheduler', 'from the profile (profile)'], ['costs', 'the default (default)'], ['weight', 'from the profile (profile)'],
        ]);
    });
});
