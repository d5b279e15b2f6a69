// restartFrame over real DAP: on a hypervisor's handler frame, time travel back to where the
// handler was entered, so it runs again from its first command with the state of then; any other
// frame is refused with the reason.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

const TYPE1 = fixture('type1.vmdef');

async function stopInHandler(): Promise<void> {
    session = new Session();
    await session.launch(TYPE1, {}, (dc) => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'io_out' }] }));
    await session.stopped();
}

describe('restartFrame', () => {
    it('re-runs the trap handler from its start: back to its entry, the same line, step and console', async () => {
        await stopInHandler();
        expect(session.capabilities.supportsRestartFrame).toBe(true);
        const entry = await session.stack(1);
        expect(entry.map((f) => f.name)).toEqual(['trap io_out', 'syscall write', 'countdown']);
        const consoleThen = await session.evaluate('console');
        // on in the handler: past its first hardware command
        await session.dc.nextRequest({ threadId: 1 });
        await session.stopped();
        const on = (await session.stack(1))[0];
        expect([on.name, on.line === entry[0].line]).toEqual(['trap io_out', false]);

        await session.dc.restartFrameRequest({ frameId: await session.frameId(1, 0) });
        const stop = await session.stopped();
        expect(stop.body.reason).toBe('restart');
        // step 5: the `out` that trapped was step 4 (time-travel.test.ts)
        expect(stop.body.description).toBe('restarted trap io_out from its start (step 5): it runs again');
        expect(await session.stack(1)).toMatchObject(entry.map(({ name, line }) => ({ name, line })));
        expect(await session.evaluate('console')).toBe(consoleThen);

        // the step before is the guest kernel's out, as from the breakpoint itself
        await session.dc.stepBackRequest({ threadId: 1 });
        expect((await session.stopped()).body.description).toMatch(/^stepped back to step 4: syscall write \(os\.vmdef:\d+\) \(back out of trap io_out\)$/);
    });

    it('refuses a frame that is not a handler, saying which frames restart', async () => {
        await stopInHandler();
        const kernel = await session.frameId(1, 1);
        await expect(session.dc.restartFrameRequest({ frameId: kernel })).rejects.toThrow(
            'syscall write cannot be restarted: only a handler frame (a trap, VM exit or hypercall handler of the hypervisor, or the host OS',
        );
    });
});
