// The Disassembly view over real DAP: stack frames carry the address of the instruction they are
// about to run; `disassemble` around it answers the guest code with source locations and what the
// fast engine's binary translator made of each instruction (its JavaScript statement, or where it
// leaves translated code: a syscall, a trap to the handler, a sensitive instruction that does not
// trap); instruction breakpoints stop there; stepping by instruction moves one address.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ensureAdapter, fixture, lineOf, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

const TYPE1 = fixture('type1.vmdef');
const POPEK = fixture('popek.vmdef');

async function launchStopped(program: string): Promise<void> {
    session = new Session();
    await session.launch(program, { stopOnEntry: true });
    await session.stopped();
}

async function topReference(threadId = 1, index = 0): Promise<string> {
    const r = await session.dc.stackTraceRequest({ threadId });
    const reference = r.body.stackFrames[index].instructionPointerReference;
    expect(reference).toMatch(/^0x[0-9a-f]{8,}$/);
    return reference!;
}

async function disassemble(memoryReference: string, instructionOffset: number, instructionCount: number): Promise<DebugProtocol.DisassembledInstruction[]> {
    const r = await session.dc.customRequest('disassemble', { memoryReference, instructionOffset, instructionCount, resolveSymbols: true });
    return r.body.instructions;
}

const rowText = (row: DebugProtocol.DisassembledInstruction) => [row.symbol ?? '', row.instruction, row.line ?? 0, row.presentationHint ?? 'normal'];

describe('the Disassembly view', () => {
    it('shows the guest code around pc with source lines and the translation of each instruction', async () => {
        await launchStopped(TYPE1);
        expect(session.capabilities).toMatchObject({ supportsDisassembleRequest: true, supportsInstructionBreakpoints: true, supportsSteppingGranularity: true });
        const pc = await topReference();
        const rows = await disassemble(pc, -2, 9);
        // as many rows as asked for: two before the body's start and one past its end are invalid
        const line = (pattern: RegExp) => lineOf(TYPE1, pattern);
        expect(rows.map(rowText)).toEqual([
            ['', '', 0, 'invalid'],
            ['', '', 0, 'invalid'],
            ['countdown', 'mov r1, 3    ⇒ r1 = 3;', line(/mov r1, 3/), 'normal'],
            ['', 'syscall write(com1, r1)    ⇢ syscall: user → kernel (write)', line(/loop:\s+syscall write/), 'normal'],
            ['', 'dec r1    ⇒ r1 = fr = (r1 - 1) | 0;', line(/dec r1/), 'normal'],
            ['', 'jnz @1    ⇒ if ((fr !== 0)) { pc = 1; continue out; }', line(/jnz loop/), 'normal'],
            ['', 'syscall write(com1, "liftoff\\n")    ⇢ syscall: user → kernel (write)', line(/liftoff/), 'normal'],
            ['', 'syscall exit(0)    ⇢ syscall: user → kernel (exit)', line(/syscall exit/), 'normal'],
            ['', '', 0, 'invalid'],
        ]);
        expect(rows[2].address).toBe(pc);
        // addresses count instructions; the rows point at the program's file
        expect(rows.map((r) => Number(r.address))).toEqual(rows.map((_r, i) => Number(pc) - 2 + i));
        expect(rows[2].location?.path).toBe(TYPE1);
        // an address of nothing is refused with the reason
        await expect(session.dc.customRequest('disassemble', { memoryReference: '0x10', instructionCount: 4 })).rejects.toThrow("'0x10' is not the address of an instruction");
    });

    it('for a trap: the kernel’s out names the handler it enters, whose hardware commands are the next frame’s code', async () => {
        session = new Session();
        await session.launch(TYPE1, {}, (dc) => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'io_out' }] }));
        await session.stopped();
        const [handler, kernel] = [await topReference(1, 0), await topReference(1, 1)];
        const out = await disassemble(kernel, 0, 1);
        expect(out[0].instruction).toBe('out dev, value    ⇢ trap io_out → full.io_out');
        const commands = await disassemble(handler, 0, 2);
        expect(commands.map((r) => [r.symbol, r.instruction])).toEqual([
            ['full.io_out', 'hw emulate()    ⇢ hardware command emulate'],
            [undefined, 'hw io_write(dev, value)    ⇢ hardware command io_write'],
        ]);
    });

    it('Popek–Goldberg: under full virtualization pushf does not trap, and the view says so', async () => {
        await launchStopped(POPEK);
        const rows = await disassemble(await topReference(), 0, 2);
        expect(rows.map((r) => r.instruction)).toEqual([
            'cli    ⇢ trap disable_interrupts → full.disable_interrupts',
            "pushf    ⇢ does not trap: pushf is sensitive but unprivileged, so it runs against the real machine's state (not virtualizable)",
        ]);
    });

    it('under paravirtualization cli is a store to the event mask, as the machine runs it: no trap', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-disasm-para-'));
        try {
            const file = path.join(dir, 'para.vmdef');
            // a kernel without an OS under para: it ends by a hypercall (hlt is privileged there)
            const text = fs.readFileSync(POPEK, 'utf8').replace('virtualization full', 'virtualization para')
                .replace('    pushf\n    out com1, "ok\\n"\n    hlt\n', '    sti\n    hypercall sched_op(2, 0)\n');
            expect(text).toContain('sched_op');
            fs.writeFileSync(file, text);
            await launchStopped(file);
            const rows = await disassemble(await topReference(), 0, 1);
            expect(rows.map((r) => r.instruction)).toEqual(['cli    ⇢ a store to the event mask in the shared info page: no trap, no hypercall']);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it('an out to a passthrough device goes straight to it, as the machine runs it: no trap', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-disasm-passthrough-'));
        try {
            const file = path.join(dir, 'passthrough.vmdef');
            const text = fs.readFileSync(POPEK, 'utf8').replace('    memory 1 GiB\n', '    memory 1 GiB\n    extensions vtd\n')
                .replace('    devices com1\n', '    passthrough com1\n');
            expect(text).toContain('passthrough com1');
            fs.writeFileSync(file, text);
            await launchStopped(file);
            const rows = await disassemble(await topReference(), 2, 1);
            expect(rows.map((r) => r.instruction)).toEqual([`out com1, "ok\\n"    ⇢ straight to the VM's own device (passthrough): no trap, no hypervisor`]);
            // the same file with com1 emulated: the out traps to the monitor's handler
            fs.writeFileSync(file, fs.readFileSync(POPEK, 'utf8'));
            await session.close();
            await launchStopped(file);
            expect((await disassemble(await topReference(), 2, 1))[0].instruction).toBe('out com1, "ok\\n"    ⇢ trap io_out → full.io_out');
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it('an instruction breakpoint stops before that instruction; stepping by instruction moves one address', async () => {
        await launchStopped(TYPE1);
        const pc = await topReference();
        const dec = `0x${(Number(pc) + 2).toString(16).padStart(8, '0')}`;
        const set = await session.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: pc, offset: 2 }, { instructionReference: '0x10' }] });
        expect(set.body.breakpoints).toEqual([
            { id: expect.any(Number), verified: true, instructionReference: dec, source: expect.objectContaining({ path: TYPE1 }), line: lineOf(TYPE1, /dec r1/) },
            { id: expect.any(Number), verified: false, message: 'no instruction at 0x10' },
        ]);
        await session.dc.continueRequest({ threadId: 1 });
        const stop = await session.stopped();
        expect(stop.body).toMatchObject({ reason: 'instruction breakpoint', hitBreakpointIds: [set.body.breakpoints[0].id] });
        expect(stop.body.description).toBe(`instruction breakpoint at ${dec} in countdown`);
        expect(await topReference()).toBe(dec);
        // r1 = 3 was printed before: the syscall ran
        expect(session.stdout).toBe('3\n');
        await session.dc.stepInRequest({ threadId: 1, granularity: 'instruction' });
        await session.stopped();
        expect(Number(await topReference())).toBe(Number(dec) + 1);
        // the loop comes round to it again
        await session.dc.continueRequest({ threadId: 1 });
        expect((await session.stopped()).body.reason).toBe('instruction breakpoint');
        expect(session.stdout).toBe('3\n2\n');
    });

    it('step-in targets at a syscall: its kernel, or on into the hypervisor’s handler where the kernel traps', async () => {
        await launchStopped(TYPE1);
        expect(session.capabilities.supportsStepInTargetsRequest).toBe(true);
        const targets = async () => (await session.dc.customRequest('stepInTargets', { frameId: await session.frameId(1) })).body.targets;
        // `mov r1, 3` enters nothing
        expect(await targets()).toEqual([]);
        await session.dc.nextRequest({ threadId: 1 });
        await session.stopped();
        expect(await targets()).toEqual([
            { id: 1, label: 'the guest kernel: syscall write (linux.write)' },
            { id: 2, label: 'the hypervisor: trap io_out (full.io_out), where the kernel leaves the guest' },
        ]);
        await session.dc.stepInRequest({ threadId: 1, targetId: 2 });
        expect((await session.stopped()).body.reason).toBe('step');
        expect((await session.stack(1)).map((f) => f.name)).toEqual(['trap io_out', 'syscall write', 'countdown']);
    });
});
