// A vCPU with nothing to run says so in its call stack, and stepping it is refused with the
// reason — it never runs the whole simulation away (issue: a step on an idle vCPU ran to the end).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, lineOf, Session } from './dap-helpers.js';

const FILE = fixture('idle-vcpu.vmdef');
const JNZ = lineOf(FILE, /jnz loop/);

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

async function frames(threadId: number): Promise<{ name: string; hint?: string; line: number }[]> {
    const r = await session.dc.stackTraceRequest({ threadId });
    return r.body.stackFrames.map((f) => ({ name: f.name, hint: f.presentationHint, line: f.line }));
}

describe('idle vCPUs', () => {
    it('a vCPU with no program shows "no program: idle"; every step of it is refused and nothing moves', async () => {
        session = new Session();
        await session.launch(FILE, { stopOnEntry: true });
        expect((await session.stopped()).body).toMatchObject({ reason: 'entry', threadId: 1 });
        const threads = await session.dc.threadsRequest();
        expect(threads.body.threads.map((t) => t.name)).toEqual(['trio/vcpu0', 'trio/vcpu1', 'trio/vcpu2']);
        expect(await frames(3)).toEqual([{ name: 'no program: idle', hint: 'label', line: 0 }]);
        const before = await frames(1);
        expect(before).toMatchObject([{ name: 'busy', line: lineOf(FILE, /mov r1, 20000/) }]);

        const refusal = /^trio\/vcpu2 has no program: it is idle and has nothing to step/;
        await expect(session.dc.nextRequest({ threadId: 3 })).rejects.toThrow(refusal);
        await expect(session.dc.stepInRequest({ threadId: 3 })).rejects.toThrow(refusal);
        await expect(session.dc.stepOutRequest({ threadId: 3 })).rejects.toThrow(refusal);
        await expect(session.dc.stepBackRequest({ threadId: 3 })).rejects.toThrow(refusal);
        // nothing ran: the same place, the same step, no stop and no end on the way
        expect(await frames(1)).toEqual(before);
        expect(await session.evaluate('vm.instructions')).toBe('0');
        // the session goes on: stepping a vCPU with a program works
        await session.dc.nextRequest({ threadId: 1 });
        expect((await session.stopped()).body).toMatchObject({ reason: 'step', threadId: 1 });
        expect(await frames(1)).toMatchObject([{ name: 'busy', line: lineOf(FILE, /dec r1/) }]);
    });

    it('a vCPU whose program ended: a step of it is refused with the reason, a step back is not', async () => {
        session = new Session();
        await session.launch(FILE, {}, (dc) => dc.setBreakpointsRequest({ source: { path: FILE }, breakpoints: [{ line: JNZ, condition: 'r1 == 10' }] }));
        expect((await session.stopped()).body).toMatchObject({ reason: 'breakpoint', threadId: 1 });
        // it halted where its program ended: in the hardware's halt, under its `hlt`
        const halted = await frames(2);
        expect(halted[0].name).toBe('hw halt');
        expect(halted[halted.length - 1]).toMatchObject({ name: 'quick', line: lineOf(FILE, /hlt/, /program quick/) });
        await expect(session.dc.nextRequest({ threadId: 2 })).rejects.toThrow(/^trio\/vcpu1 has ended quick: nothing is left to step/);
        expect(await frames(1)).toMatchObject([{ name: 'busy', line: JNZ }]);
        // back to its last instruction (in the hypervisor's `halt` handler the hlt trapped into)
        await session.dc.stepBackRequest({ threadId: 2 });
        const back = await session.stopped();
        expect(back.body).toMatchObject({ reason: 'step', threadId: 2 });
        expect(back.body.description).toMatch(/^stepped back to step \d+: /);
        expect((await frames(2)).map((f) => f.name)).toContain('quick');
    });

    it('continue still runs every vCPU to the end', async () => {
        session = new Session();
        await session.launch(FILE, { stopOnEntry: true });
        await session.stopped();
        await session.dc.continueRequest({ threadId: 3 });
        const exited = await session.next<DebugProtocol.ExitedEvent>('exited');
        expect(exited.body.exitCode).toBe(0);
        expect(session.output).toMatch(/trio \(hv\): halted; \d+ instructions/);
    });
});
