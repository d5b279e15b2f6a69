// readMemory / writeMemory over real DAP: registers and `[a]` results carry a memory reference
// into the memory their frame reads (the VM's guest memory, the hypervisor's own in a handler
// frame), the bytes are the words' little-endian parts, a huge range answers what exists and
// counts the rest as unreadable, and writes change only pages the guest has used.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, lineOf, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

const MEMORY = fixture('memory.vmdef');
const HANDLER = fixture('watch-handler.vmdef');

/** Stops before `load r3, [r2]`: 7 is stored at 0x1000, r2 = 0x1000. */
async function stopBeforeLoad(): Promise<number> {
    session = new Session({ supportsMemoryEvent: true });
    await session.launch(MEMORY, {}, (dc) => dc.setBreakpointsRequest({ source: { path: MEMORY }, breakpoints: [{ line: lineOf(MEMORY, /load r3, \[r2\]/) }] }));
    await session.stopped();
    return session.frameId(1);
}

async function read(memoryReference: string, offset: number, count: number): Promise<{ address: string; bytes: number[]; unreadable: number }> {
    const r = await session.dc.customRequest('readMemory', { memoryReference, offset, count });
    const data = Buffer.from(r.body.data ?? '', 'base64');
    return { address: r.body.address, bytes: [...data.subarray(0, 8)], unreadable: r.body.unreadableBytes ?? 0, ...(data.length > 8 ? { length: data.length } : {}) };
}

describe('the memory view', () => {
    it('a register is an address in the VM’s memory; the bytes there are the stored word, little-endian; [a] opens at a', async () => {
        const frameId = await stopBeforeLoad();
        expect(session.capabilities).toMatchObject({ supportsReadMemoryRequest: true, supportsWriteMemoryRequest: true });
        const regs = await session.scope(frameId, 'Registers');
        expect(regs.get('r2')?.memoryReference).toBe('vm:counter:0x1000');
        expect(regs.get('r1')?.memoryReference).toBe('vm:counter:0x0');
        expect(regs.get('pc')?.memoryReference).toBeUndefined();
        expect(await read('vm:counter:0x1000', 0, 8)).toEqual({ address: '0x1000', bytes: [7, 0, 0, 0, 0, 0, 0, 0], unreadable: 0 });
        // an offset from the reference, mid-word: the word's upper bytes
        expect(await read('vm:counter:0x1000', -2, 4)).toEqual({ address: '0xffe', bytes: [0, 0, 7, 0], unreadable: 0 });
        const r = await session.dc.evaluateRequest({ expression: '[r2]', frameId, context: 'watch' });
        expect(r.body).toMatchObject({ result: '7', memoryReference: 'vm:counter:0x1000' });
        const plain = await session.dc.evaluateRequest({ expression: 'r2 + 1', frameId, context: 'watch' });
        expect(plain.body.memoryReference).toBeUndefined();

        // a huge range answers what exists: up to the end of the VM’s 1 MiB, the rest unreadable, nothing past it allocated
        expect(await read('vm:counter:0xff000', 0, 0x7fffffff)).toEqual({ address: '0xff000', bytes: [0, 0, 0, 0, 0, 0, 0, 0], length: 4096, unreadable: 0x7fffffff - 4096 });
        expect(await read('vm:counter:0x100000', 0, 16)).toEqual({ address: '0x100000', bytes: [], unreadable: 16 });
        // the hypervisor's memory has no declared end: one request answers at most 1 MiB
        expect(await read('host:hv:0x0', 0, 0x7fffffff)).toMatchObject({ length: 1 << 20, unreadable: 0 });

        // a reference that names nothing is refused with the reason
        await expect(session.dc.customRequest('readMemory', { memoryReference: 'vm:nobody:0x0', count: 4 })).rejects.toThrow("no VM or hypervisor named 'nobody'");
        await expect(session.dc.customRequest('readMemory', { memoryReference: '0x1000', count: 4 })).rejects.toThrow('is not a memory reference');
        await expect(session.dc.customRequest('readMemory', { memoryReference: 'vm:counter:0x0', count: 'x' })).rejects.toThrow("'count' must be a whole number");
    });

    it('writeMemory changes the word the guest then loads and prints, only in pages the guest has used; a memory event tells the client', async () => {
        await stopBeforeLoad();
        const data = Buffer.from([1, 2, 3, 4]).toString('base64');
        await expect(session.dc.customRequest('writeMemory', { memoryReference: 'vm:counter:0x2000', data })).rejects.toThrow('the page at 0x2000 of counter is not in use yet');
        await expect(session.dc.customRequest('writeMemory', { memoryReference: 'vm:counter:0x100000', data })).rejects.toThrow('0x100000 is outside the memory of counter');
        await expect(session.dc.customRequest('writeMemory', { memoryReference: 'vm:counter:0xffe', data })).rejects.toThrow('0x0');
        // allowPartial writes up to the first byte that cannot be written
        const partial = await session.dc.customRequest('writeMemory', { memoryReference: 'vm:counter:0x1ffe', data, allowPartial: true });
        expect(partial.body).toEqual({ bytesWritten: 2, offset: 0 });
        expect(await read('vm:counter:0x1ffc', 0, 4)).toMatchObject({ bytes: [0, 0, 1, 2] });
        const memoryEvent = new Promise((resolve) => session.dc.once('memory', resolve));
        const w = await session.dc.customRequest('writeMemory', { memoryReference: 'vm:counter:0x1000', data: Buffer.from([42, 1, 0, 0]).toString('base64') });
        expect(w.body).toEqual({ bytesWritten: 4, offset: 0 });
        expect(await memoryEvent).toMatchObject({ body: { memoryReference: 'vm:counter:0x1000', offset: 0, count: 4 } });
        expect(await session.evaluate('[0x1000]', await session.frameId(1))).toBe(String(42 + 256));
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        expect(session.stdout).toBe(`${42 + 256}\n`);
    });

    it('in a handler frame, sp and [a] are in the hypervisor’s own memory: its stack holds the value pushed', async () => {
        session = new Session();
        const afterPush = lineOf(HANDLER, /pop r3/);
        await session.launch(HANDLER, {}, (dc) => dc.setBreakpointsRequest({ source: { path: HANDLER }, breakpoints: [{ line: afterPush }] }));
        await session.stopped();
        const handler = await session.frameId(1, 0);
        const regs = await session.scope(handler, 'Registers');
        const sp = regs.get('sp')!.memoryReference!;
        expect(sp).toMatch(/^host:hv:0x[0-9a-f]+$/);
        expect((await read(sp, 0, 4)).bytes).toEqual([5, 0, 0, 0]);
        const top = await session.dc.evaluateRequest({ expression: '[sp]', frameId: handler, context: 'watch' });
        expect(top.body).toMatchObject({ result: '5', memoryReference: sp });
        // the guest frame below reads its VM's memory
        const guest = await session.scope(await session.frameId(1, 1), 'Registers');
        expect(guest.get('sp')?.memoryReference).toMatch(/^vm:tiny:/);
    });
});
