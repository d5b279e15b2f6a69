// Launch attribute `compareWith: "native"` over real DAP: a continue stops right after the
// instruction where a VM first diverges from its native run (the pushf of popek-goldberg's
// `broken`, under full), described through the stop-reason catalog, with a Native scope that
// holds the native values; the binary VM, which does not diverge, runs to its end.
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, ROOT, Session } from './dap-helpers.js';

const PG = path.join(ROOT, 'examples', 'popek-goldberg.vmdef');
let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

describe('compareWith: "native"', () => {
    it('stops after the diverging pushf with both values, and a Native scope', async () => {
        session = new Session();
        // the exception filters off: the stop is the divergence, not the fidelity event
        await session.launch(PG, { compareWith: 'native' }, (dc) => dc.setExceptionBreakpointsRequest({ filters: [] }));
        const stop = await session.stopped();
        expect(stop.body.reason).toBe('exception');
        expect(stop.body.text ?? stop.body.description).toBe('broken diverges from native under full after `pushf`: [0xffffc] is 514, natively 2');
        const stack = await session.stack(stop.body.threadId!);
        // right after the pushf: the sti is next
        expect(stack[0]).toMatchObject({ name: 'kernel', file: 'popek-goldberg.vmdef', line: 42 });
        const frameId = await session.frameId(stop.body.threadId!, 0);
        const scopes = await session.dc.scopesRequest({ frameId });
        expect(scopes.body.scopes.map((s) => s.name)).toEqual(['Registers', 'Virtual CPU', 'VM', 'Hypervisor', 'Host', 'Memory', 'Native']);
        const native = await session.scope(frameId, 'Native');
        expect([...native.keys()].slice(0, 2)).toEqual(['[0xffffc]', 'r0']);
        expect(native.get('[0xffffc]')?.value).toBe('2');
        expect(native.get('if')?.value).toBe('0');
        // the virtual value is in guest memory: the word the pushf wrote
        expect(await session.evaluate('[0xffffc]', frameId)).toMatch(/^514\b/);
        // going on: no other divergence (the binary VM is faithful), the run ends
        await session.dc.continueRequest({ threadId: stop.body.threadId! });
        await session.next('terminated');
    });

    it('refuses another value of compareWith in the reply to launch', async () => {
        session = new Session();
        await session.dc.start();
        await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
        await expect(session.dc.launchRequest({ program: PG, compareWith: 'qemu' } as never)).rejects.toThrow('compareWith can only be "native", not "qemu"');
    });
});
