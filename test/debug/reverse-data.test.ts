// Reverse continue with data breakpoints over real DAP: going backwards it stops where the
// watched value was written — just before the writing instruction, the old value still in
// place, stepping in writes it — and with a line breakpoint also behind, at the later of the two.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

const TYPE1 = fixture('type1.vmdef');
// countdown: 20 mov r1, 3 · 22 loop: syscall write(com1, r1) · 23 dec r1 · 24 jnz loop · 25 syscall write(com1, "liftoff\n")

/** Stops at line 25 (the countdown has ended, r1 = 0) and watches r1 of the program's frame. */
async function afterTheLoop(): Promise<number> {
    session = new Session();
    await session.launch(TYPE1, {}, (dc) => dc.setBreakpointsRequest({ source: { path: TYPE1 }, breakpoints: [{ line: 25 }] }));
    await session.stopped();
    expect(await session.evaluate('r1')).toBe('0');
    const registers = (await session.dc.scopesRequest({ frameId: await session.frameId(1) })).body.scopes[0].variablesReference;
    const info = await session.dc.dataBreakpointInfoRequest({ variablesReference: registers, name: 'r1' });
    const set = await session.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
    expect(set.body.breakpoints[0].verified).toBe(true);
    return set.body.breakpoints[0].id!;
}

async function reverse(): Promise<{ reason: string; description?: string; ids?: number[]; line: number; r1: string }> {
    await session.dc.reverseContinueRequest({ threadId: 1 });
    const stop = await session.stopped();
    const [top] = await session.stack(1);
    return { reason: stop.body.reason, description: stop.body.description, ids: stop.body.hitBreakpointIds, line: top.line, r1: await session.evaluate('r1') };
}

describe('reverse continue with data breakpoints', () => {
    it('stops before each earlier write of the watched register, latest first, then at the start', async () => {
        const id = await afterTheLoop();
        expect(await reverse()).toEqual({ reason: 'data breakpoint', description: 'reverse: r1 of web/vcpu0 countdown changed: 1 → 0 (written by the next instruction)', ids: [id], line: 23, r1: '1' });
        // the state of then: "1" was printed before the last dec
        expect(await session.evaluate('console')).toBe('"3\\n2\\n1\\n"');
        // before / after: stepping in runs the dec
        await session.dc.stepInRequest({ threadId: 1 });
        await session.stopped();
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 24 }]);
        expect(await session.evaluate('r1')).toBe('0');
        // back across it again, then the earlier writes
        expect(await reverse()).toMatchObject({ reason: 'data breakpoint', line: 23, r1: '1' });
        expect(await reverse()).toMatchObject({ reason: 'data breakpoint', description: 'reverse: r1 of web/vcpu0 countdown changed: 2 → 1 (written by the next instruction)', line: 23, r1: '2' });
        expect(await reverse()).toMatchObject({ reason: 'data breakpoint', line: 23, r1: '3' });
        expect(await reverse()).toMatchObject({ reason: 'data breakpoint', description: 'reverse: r1 of web/vcpu0 countdown changed: 0 → 3 (written by the next instruction)', line: 20, r1: '0' });
        expect(await reverse()).toMatchObject({ reason: 'entry', description: 'no earlier breakpoint: back at the start', line: 20 });
        // forwards from the start the same write stops the forward way (after it), and the run ends as before
        await session.dc.continueRequest({ threadId: 1 });
        const stop = await session.stopped();
        expect(stop.body).toMatchObject({ reason: 'data breakpoint', description: 'r1 of web/vcpu0 countdown changed: 0 → 3' });
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 22 }]);
        await session.dc.setDataBreakpointsRequest({ breakpoints: [] });
        await session.dc.setBreakpointsRequest({ source: { path: TYPE1 }, breakpoints: [] });
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        expect(session.stdout).toBe('3\n2\n1\nliftoff\n');
    });

    it('with a line breakpoint and a data breakpoint both behind, stops at the later one', async () => {
        await afterTheLoop();
        await session.dc.setBreakpointsRequest({ source: { path: TYPE1 }, breakpoints: [{ line: 22 }, { line: 25 }] });
        // the last dec (line 23) came after the last write(com1, r1) (line 22)
        expect(await reverse()).toMatchObject({ reason: 'data breakpoint', line: 23, r1: '1' });
        // the write of "1" came after the dec from 2 to 1
        expect(await reverse()).toMatchObject({ reason: 'breakpoint', description: 'reverse: breakpoint at countdown line 22', line: 22, r1: '1' });
        expect(await reverse()).toMatchObject({ reason: 'data breakpoint', line: 23, r1: '2' });
        expect(await reverse()).toMatchObject({ reason: 'breakpoint', line: 22, r1: '2' });
        expect(session.stdout).toBe('3\n2\n1\n');
    });

    it('a write before the oldest point kept (an edit starts a new history) is not reached: it stops at that point', async () => {
        session = new Session();
        await session.launch(TYPE1, {}, (dc) => dc.setBreakpointsRequest({ source: { path: TYPE1 }, breakpoints: [{ line: 22 }, { line: 25 }] }));
        await session.stopped();
        // after `mov r1, 3`: an edit here starts the history, the mov lies before it
        await session.dc.customRequest('setExpression', { expression: 'r5', value: '9', frameId: await session.frameId(1) });
        await session.dc.setBreakpointsRequest({ source: { path: TYPE1 }, breakpoints: [{ line: 25 }] });
        await session.dc.continueRequest({ threadId: 1 });
        await session.stopped();
        const registers = (await session.dc.scopesRequest({ frameId: await session.frameId(1) })).body.scopes[0].variablesReference;
        const info = await session.dc.dataBreakpointInfoRequest({ variablesReference: registers, name: 'r1' });
        await session.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
        for (const r1 of ['1', '2', '3']) expect(await reverse()).toMatchObject({ reason: 'data breakpoint', line: 23, r1 });
        expect(await reverse()).toMatchObject({ reason: 'entry', line: 22, r1: '3' });
        expect(await session.evaluate('r5')).toBe('9');
    });
});
