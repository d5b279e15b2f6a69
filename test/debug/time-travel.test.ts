// Time travel over real DAP: step back from the hypervisor's handler to the guest instruction
// that trapped, and reverse-continue to an earlier breakpoint, exactly (same registers, same
// console as when first there).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, lineOf, OS_FILE, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

describe('time travel', () => {
    it('stepBack from the trap handler returns to the out that trapped, then to the syscall', async () => {
        session = new Session();
        let supportsStepBack: boolean | undefined;
        await session.dc.start();
        supportsStepBack = (await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' })).body?.supportsStepBack;
        await session.dc.stop();
        expect(supportsStepBack).toBe(true);

        session = new Session();
        await session.launch(fixture('type1.vmdef'), {}, (dc) => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'io_out' }] }));
        await session.stopped();
        expect((await session.stack(1)).map((f) => f.name)).toEqual(['trap io_out', 'syscall write', 'countdown']);

        await session.dc.stepBackRequest({ threadId: 1 });
        let stop = await session.stopped();
        expect(stop.body.reason).toBe('step');
        const outLine = lineOf(OS_FILE, /out dev, value/, /^os linux/);
        expect(await session.stack(1)).toMatchObject([{ name: 'syscall write', path: OS_FILE, line: outLine }, { name: 'countdown', line: 22 }]);
        // step 4: linux's boot ran 2 (cmp r0, 512 · jl flat: no paging in 1 MiB), the program 2 more
        expect(stop.body.description).toBe(`stepped back to step 4: syscall write (os.vmdef:${outLine}) (back out of trap io_out)`);

        await session.dc.stepBackRequest({ threadId: 1 });
        stop = await session.stopped();
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 22 }]);
        expect(await session.evaluate('r1')).toBe('3');

        // forwards again: the same trap, the same state
        await session.dc.stepInRequest({ threadId: 1 });
        await session.stopped();
        await session.dc.stepInRequest({ threadId: 1 });
        stop = await session.stopped();
        expect(stop.body.description).toBe('trap: out com1 → io_out');
    });

    it('reverseContinue goes back to the previous breakpoint hit, with the registers and console of then', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), {}, (dc) => dc.setBreakpointsRequest({ source: { path: fixture('type1.vmdef') }, breakpoints: [{ line: 23 }] }));
        await session.stopped();
        expect(await session.evaluate('r1')).toBe('3');
        await session.dc.continueRequest({ threadId: 1 });
        await session.stopped();
        await session.dc.continueRequest({ threadId: 1 });
        await session.stopped();
        expect(await session.evaluate('r1')).toBe('1');
        expect(await session.evaluate('console')).toBe('"3\\n2\\n1\\n"');

        await session.dc.reverseContinueRequest({ threadId: 1 });
        let stop = await session.stopped();
        expect(stop.body.reason).toBe('breakpoint');
        expect(stop.body.description).toBe('reverse: breakpoint at countdown line 23');
        expect(await session.evaluate('r1')).toBe('2');
        expect(await session.evaluate('console')).toBe('"3\\n2\\n"');

        await session.dc.reverseContinueRequest({ threadId: 1 });
        await session.stopped();
        expect(await session.evaluate('r1')).toBe('3');

        // no earlier breakpoint: back at the start
        await session.dc.reverseContinueRequest({ threadId: 1 });
        stop = await session.stopped();
        expect(stop.body.reason).toBe('entry');
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 20 }]);

        // and forwards from there: output is not repeated, the breakpoint hits again
        await session.dc.continueRequest({ threadId: 1 });
        await session.stopped();
        expect(await session.evaluate('r1')).toBe('3');
        await session.dc.setBreakpointsRequest({ source: { path: fixture('type1.vmdef') }, breakpoints: [] });
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        expect(session.stdout).toBe('3\n2\n1\nliftoff\n');
    });
});
