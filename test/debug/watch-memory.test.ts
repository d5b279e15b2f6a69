// Data breakpoints on memory words over real DAP: a watch expression `[0x1000]` (no
// variablesReference, as VS Code sends it for a watch expression) or an address stops a forward
// continue after each instruction that changes the word — on the vCPU that wrote it, never for a
// store of the same value, never for another VM's memory — and a reverse continue before it.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, lineOf, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

const WATCH = fixture('watch-memory.vmdef');
const SMP = fixture('watch-smp.vmdef');
const HANDLER = fixture('watch-handler.vmdef');
/** The store that changes the word, the one that writes the same value again, the last store (r1 = 0). */
const STORE = lineOf(WATCH, /^loop:\s+store \[r2\], r1/);
const SAME = STORE + 1;
const LAST = lineOf(WATCH, /^\s+store \[r2\], r1/, /jnz loop/);
/** The console of a plain `vmdef run` of watch-memory.vmdef: stopping at data breakpoints changes nothing of it. */
const PLAIN_RUN_OUTPUT = 'a| 3\na| 2\nb| 3\nb| 2\na| 1\nb| 1\n';

/** Launches stopped on entry; thread 1 is a/vcpu0, thread 2 is b/vcpu0. */
async function launchStopped(program: string): Promise<void> {
    session = new Session();
    await session.launch(program, { stopOnEntry: true });
    await session.stopped();
}

/** Sets one data breakpoint on what `name` denotes in thread 1's top frame; returns its id. */
async function watch(name: string): Promise<number> {
    const info = await session.dc.dataBreakpointInfoRequest({ name, frameId: await session.frameId(1) });
    expect(info.body).toMatchObject({ accessTypes: ['write'] });
    expect(info.body.dataId).toBeTypeOf('string');
    const set = await session.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    expect(set.body.breakpoints[0].verified).toBe(true);
    return set.body.breakpoints[0].id!;
}

async function go(request: 'continue' | 'reverse'): Promise<{ reason: string; description?: string; thread: number; ids?: number[]; line: number; word: string }> {
    if (request === 'continue') await session.dc.continueRequest({ threadId: 1 });
    else await session.dc.reverseContinueRequest({ threadId: 1 });
    const stop = await session.stopped();
    const thread = stop.body.threadId!;
    const [top] = await session.stack(thread);
    const word = await session.evaluate('[0x1000]', await session.frameId(thread));
    return { reason: stop.body.reason, description: stop.body.description, thread, ids: stop.body.hitBreakpointIds, line: top.line, word };
}

describe('data breakpoints on memory words', () => {
    it('a watch expression [0x1000] stops after each change, with address, old → new and the writing line; same-value stores and the other VM do not stop', async () => {
        await launchStopped(WATCH);
        const info = await session.dc.dataBreakpointInfoRequest({ name: '[0x1000]', frameId: await session.frameId(1) });
        expect(info.body).toEqual({ dataId: 'word:vm:a:0x1000', description: '[0x1000] of a', accessTypes: ['write'], canPersist: false });
        const id = await watch('[0x1000]');
        const written = (from: number, to: number, line: number) => `[0x1000] of a changed: ${from} → ${to}, written by a/vcpu0 at counter (watch-memory.vmdef:${line})`;
        // stopped after the store: the next instruction (the same-value store) is the top line
        expect(await go('continue')).toEqual({ reason: 'data breakpoint', description: written(0, 3, STORE), thread: 1, ids: [id], line: SAME, word: '3' });
        expect(await go('continue')).toEqual({ reason: 'data breakpoint', description: written(3, 2, STORE), thread: 1, ids: [id], line: SAME, word: '2' });
        expect(await go('continue')).toEqual({ reason: 'data breakpoint', description: written(2, 1, STORE), thread: 1, ids: [id], line: SAME, word: '1' });
        // the loop's end: the last store writes 0
        expect(await go('continue')).toEqual({ reason: 'data breakpoint', description: written(1, 0, LAST), thread: 1, ids: [id], line: LAST + 1, word: '0' });
        // b stored the same values to its own 0x1000 meanwhile and never stopped; the run ends
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        // the interleaving of `vmdef run` (syscalls under full cost a reflection since the native
        // runs' cost model, CHANGELOG): the debugger driving the run gives the same order
        expect(session.stdout).toBe(PLAIN_RUN_OUTPUT);
    });

    it('watching b: only b’s writes stop, shown on b’s thread', async () => {
        await launchStopped(WATCH);
        const info = await session.dc.dataBreakpointInfoRequest({ name: '[r2 + 0x1000]', frameId: await session.frameId(2) });
        // evaluated once, now (r2 = 0 before the mov): the word at 0x1000 of b
        expect(info.body).toMatchObject({ dataId: 'word:vm:b:0x1000', description: '[0x1000] of b' });
        await session.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
        const first = await go('continue');
        expect(first).toMatchObject({ reason: 'data breakpoint', description: `[0x1000] of b changed: 0 → 3, written by b/vcpu0 at counter (watch-memory.vmdef:${STORE})`, thread: 2, line: SAME, word: '3' });
        for (const value of ['2', '1', '0']) expect(await go('continue')).toMatchObject({ reason: 'data breakpoint', thread: 2, word: value });
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
    });

    it('reverse continue goes back to before each earlier change, then to the start; forward again stops as before', async () => {
        await launchStopped(WATCH);
        const id = await watch('[0x1000]');
        await go('continue');
        await go('continue');
        expect(await go('continue')).toMatchObject({ word: '1' });
        const back = (from: number, to: number) => `reverse: [0x1000] of a changed: ${from} → ${to}, written by a/vcpu0 at counter (watch-memory.vmdef:${STORE}) (written by the next instruction)`;
        // just after the write of 1: going back crosses that write first, stopping before it
        expect(await go('reverse')).toEqual({ reason: 'data breakpoint', description: back(2, 1), thread: 1, ids: [id], line: STORE, word: '2' });
        expect(await go('reverse')).toEqual({ reason: 'data breakpoint', description: back(3, 2), thread: 1, ids: [id], line: STORE, word: '3' });
        expect(await go('reverse')).toEqual({ reason: 'data breakpoint', description: back(0, 3), thread: 1, ids: [id], line: STORE, word: '0' });
        expect(await go('reverse')).toMatchObject({ reason: 'entry', description: 'no earlier breakpoint: back at the start', word: '0' });
        // forwards: the first store stops the forward way again, after it
        expect(await go('continue')).toMatchObject({ reason: 'data breakpoint', thread: 1, line: SAME, word: '3' });
        // stepping in after a reverse stop runs the store
        expect(await go('reverse')).toMatchObject({ reason: 'data breakpoint', line: STORE, word: '0' });
        await session.dc.stepInRequest({ threadId: 1 });
        await session.stopped();
        expect(await session.evaluate('[0x1000]')).toBe('3');
    });

    it('a value set from the Watch view is the new reference: the next store of the old value is a change', async () => {
        await launchStopped(WATCH);
        await watch('[0x1000]');
        expect(await go('continue')).toMatchObject({ word: '3', line: SAME });
        await session.dc.customRequest('setExpression', { expression: '[0x1000]', value: '9', frameId: await session.frameId(1) });
        // the same-value store now writes 3 over 9
        expect(await go('continue')).toMatchObject({ reason: 'data breakpoint', description: `[0x1000] of a changed: 9 → 3, written by a/vcpu0 at counter (watch-memory.vmdef:${SAME})`, line: SAME + 1, word: '3' });
        expect(await go('continue')).toMatchObject({ description: `[0x1000] of a changed: 3 → 2, written by a/vcpu0 at counter (watch-memory.vmdef:${STORE})` });
    });

    it('a restart keeps the memory watch (same id): the new run stops at its first write again', async () => {
        await launchStopped(WATCH);
        const id = await watch('[0x1000]');
        await go('continue');
        expect(await go('continue')).toMatchObject({ word: '2' });
        await session.dc.restartRequest({ arguments: { program: WATCH } } as never);
        const stop = await session.stopped();
        expect(stop.body).toMatchObject({ reason: 'data breakpoint', threadId: 1, hitBreakpointIds: [id], description: `[0x1000] of a changed: 0 → 3, written by a/vcpu0 at counter (watch-memory.vmdef:${STORE})` });
    });

    it('all vCPUs of a VM share its memory: the stop is on whichever vCPU wrote the word', async () => {
        await launchStopped(SMP);
        const info = await session.dc.dataBreakpointInfoRequest({ name: '[0x2000]', frameId: await session.frameId(2) });
        expect(info.body).toMatchObject({ dataId: 'word:vm:duo:0x2000' });
        await session.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
        const stops: { thread: number; description?: string }[] = [];
        for (let i = 0; i < 2; i++) {
            await session.dc.continueRequest({ threadId: 1 });
            const stop = await session.stopped();
            stops.push({ thread: stop.body.threadId!, description: stop.body.description });
        }
        expect(stops).toEqual([
            { thread: 1, description: `[0x2000] of duo changed: 0 → 11, written by duo/vcpu0 at first (watch-smp.vmdef:${lineOf(SMP, /store/)})` },
            { thread: 2, description: `[0x2000] of duo changed: 11 → 22, written by duo/vcpu1 at second (watch-smp.vmdef:${lineOf(SMP, /store/, /program second/)})` },
        ]);
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
    });

    it("step over on one vCPU stops at another vCPU's write on the way, on the writer", async () => {
        await launchStopped(SMP);
        const info = await session.dc.dataBreakpointInfoRequest({ name: '[0x2000]', frameId: await session.frameId(1) });
        await session.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
        // vcpu1's first instruction comes after vcpu0's chunk, in which vcpu0 stores 11
        await session.dc.nextRequest({ threadId: 2 });
        const stop = await session.stopped();
        expect(stop.body).toMatchObject({ reason: 'data breakpoint', threadId: 1, description: `[0x2000] of duo changed: 0 → 11, written by duo/vcpu0 at first (watch-smp.vmdef:${lineOf(SMP, /store/)})` });
        expect(await session.stack(2)).toMatchObject([{ name: 'second', line: lineOf(SMP, /mov r2/, /program second/) }]);
    });

    it("a handler frame's [a] watches the hypervisor's own memory (its handler stack), as evaluate reads it there", async () => {
        session = new Session();
        const push = lineOf(HANDLER, /push value/);
        await session.launch(HANDLER, {}, (dc) => dc.setBreakpointsRequest({ source: { path: HANDLER }, breakpoints: [{ line: push }] }));
        await session.stopped();
        expect((await session.stack(1)).map((f) => f.name)).toEqual(['trap io_out', 'blink']);
        const handler = await session.frameId(1, 0);
        const sp = Number(await session.evaluate('sp', handler));
        const slot = `0x${((sp - 4) >>> 0).toString(16)}`;
        const info = await session.dc.dataBreakpointInfoRequest({ name: '[sp - 4]', frameId: handler });
        expect(info.body).toMatchObject({ dataId: `word:host:hv:${slot}`, description: `[${slot}] of hv's memory` });
        // the same text in the guest's frame is the VM's memory
        expect((await session.dc.dataBreakpointInfoRequest({ name: '[0x100]', frameId: await session.frameId(1, 1) })).body).toMatchObject({ dataId: 'word:vm:tiny:0x100' });
        await session.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
        await session.dc.setBreakpointsRequest({ source: { path: HANDLER }, breakpoints: [] });
        await session.dc.continueRequest({ threadId: 1 });
        // stopped at the breakpoint before the push: the push is the first write
        expect((await session.stopped()).body).toMatchObject({ reason: 'data breakpoint', description: `[${slot}] of hv's memory changed: 0 → 5, written by tiny/vcpu0 at trap io_out (watch-handler.vmdef:${push})` });
        expect(await session.stack(1)).toMatchObject([{ name: 'trap io_out', line: push + 1 }, { name: 'blink' }]);
        await session.dc.continueRequest({ threadId: 1 });
        expect((await session.stopped()).body).toMatchObject({ reason: 'data breakpoint', description: `[${slot}] of hv's memory changed: 5 → 6, written by tiny/vcpu0 at trap io_out (watch-handler.vmdef:${push})` });
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        expect(session.stdout).toBe('5\n6\n');
    });

    it('the forms of dataBreakpointInfo: an address (asAddress, one word), a register by name, and refusals with reasons', async () => {
        await launchStopped(WATCH);
        const frameId = await session.frameId(1);
        const info = (args: { name: string; asAddress?: boolean; bytes?: number; frameId?: number }) => session.dc.dataBreakpointInfoRequest(args).then((r) => r.body);
        expect(await info({ name: '0x1002', asAddress: true, bytes: 2 })).toMatchObject({ dataId: 'word:vm:a:0x1000', description: '[0x1000] of a' });
        expect(await info({ name: '4096', asAddress: true, frameId })).toMatchObject({ dataId: 'word:vm:a:0x1000' });
        expect(await info({ name: '0x1000', asAddress: true, bytes: 8 })).toEqual({ dataId: null, description: 'one memory word at a time: 8 byte(s) from 0x1000 go beyond the word at 0x1000' });
        expect(await info({ name: 'r1', frameId })).toMatchObject({ dataId: '0:0:r1', description: 'r1 of a/vcpu0 counter' });
        expect(await info({ name: 'r1 + 1', frameId })).toEqual({ dataId: null, description: "'r1 + 1' is computed, not a place: only a register or flag of a frame, or a memory word ([address]), can be watched" });
        expect(await info({ name: 'exits.io', frameId })).toMatchObject({ dataId: null });
        // 1 MiB = 0x100000: the first address outside
        expect(await info({ name: '[0x100000]', frameId })).toEqual({ dataId: null, description: 'address 0x100000 is outside a\'s 1048576 bytes' });
        expect(await info({ name: '[0xffffc]', frameId })).toMatchObject({ dataId: 'word:vm:a:0xffffc' });
        expect(await info({ name: '[', frameId })).toMatchObject({ dataId: null, description: 'expression expected (column 2)' });
        // a dataId the adapter never gave out (outside the VM, no such VM, nonsense, a read watch): refused, nothing set
        const set = await session.dc.setDataBreakpointsRequest({
            breakpoints: [
                { dataId: 'word:vm:a:0x100000' }, { dataId: 'word:vm:nope:0x1000' }, { dataId: 'word:vm:a:banana' },
                { dataId: 'word:vm:a:0x1000', accessType: 'read' },
            ],
        });
        expect(set.body.breakpoints).toEqual([
            { verified: false, message: "address 0x100000 is outside a's 1048576 bytes" },
            { verified: false, message: "no VM named 'nope'" },
            { verified: false, message: "'word:vm:a:banana' is not a memory word (word:vm:NAME:ADDRESS or word:host:NAME:ADDRESS)" },
            { verified: false, message: "only writes can be watched, not 'read' accesses" },
        ]);
        // the session goes on: nothing is watched, the run ends normally
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        expect(session.stdout).toBe(PLAIN_RUN_OUTPUT);
    });
});
