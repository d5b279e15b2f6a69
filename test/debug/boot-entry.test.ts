// Stop on entry with an OS that boots (LANGUAGE.md §11: `boot { }` runs on vCPU 0 before the
// program): the entry stop is the program's first instruction, after the kernel's set-up, as a
// user expects of F5. The boot stays debuggable: a breakpoint in it stops there first.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, lineOf, OS_FILE, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

describe('stop on entry under an OS that boots with paging', () => {
    it("stops at the program's first instruction, the boot already run", async () => {
        session = new Session();
        await session.launch(fixture('boot.vmdef'), { stopOnEntry: true });
        const stop = await session.stopped();
        expect(stop.body.reason).toBe('entry');
        expect(stop.body.description).toBe('entry: web/vcpu0 at countdown (boot.vmdef:20)');
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 20 }]);
        expect(session.stdout).toBe('');
        // one step runs the program's first instruction, not the kernel's
        await session.dc.stepInRequest({ threadId: 1 });
        await session.stopped();
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 22 }]);
        expect(await session.evaluate('r1')).toBe('3');
    });

    it('a breakpoint in the boot code stops there, inside the boot, before the entry', async () => {
        session = new Session();
        const line = lineOf(OS_FILE, /lcr3 0x1000/, /^os pc_kernel/);
        await session.launch(fixture('boot.vmdef'), { stopOnEntry: true }, (dc) => dc.setBreakpointsRequest({ source: { path: OS_FILE }, breakpoints: [{ line }] }));
        const stop = await session.stopped();
        expect(stop.body.reason).toBe('breakpoint');
        expect(await session.stack(1)).toMatchObject([
            { name: 'boot', path: OS_FILE, line },
            { name: 'countdown', line: 20 },
        ]);
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        expect(session.stdout).toBe('3\n2\n1\nliftoff\n');
    });
});
