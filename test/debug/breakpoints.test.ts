// Breakpoints over real DAP: line breakpoints (moved to an instruction line, in user files and
// in the standard library), function breakpoints on handlers and syscalls, conditions on
// registers, and each exception filter.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, lineOf, MONITORS_FILE, OS_FILE, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

describe('line breakpoints', () => {
    it('are verified, moved from a blank line to the next instruction line, and hit', async () => {
        session = new Session();
        let reply: number[] = [];
        await session.launch(fixture('type1.vmdef'), {}, async (dc) => {
            const r = await dc.setBreakpointsRequest({ source: { path: fixture('type1.vmdef') }, breakpoints: [{ line: 21 }, { line: 24 }] });
            reply = r.body.breakpoints.map((b) => (b.verified ? b.line! : -1));
        });
        expect(reply).toEqual([22, 24]); // line 21 is blank: moved to the syscall on 22
        let stop = await session.stopped();
        expect(stop.body.reason).toBe('breakpoint');
        expect(stop.body.description).toBe('breakpoint at countdown line 22');
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 22 }]);
        await session.dc.continueRequest({ threadId: 1 });
        stop = await session.stopped();
        expect(stop.body.reason).toBe('breakpoint');
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 24 }]);
        expect(session.stdout).toBe('3\n');
        // the loop comes back to 22
        await session.dc.continueRequest({ threadId: 1 });
        await session.stopped();
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 22 }]);
        expect(await session.evaluate('r1')).toBe('2');
    });

    it('in the standard library: a breakpoint in the full monitor stops inside the trap handler', async () => {
        session = new Session();
        const line = lineOf(MONITORS_FILE, /hw io_write\(dev, value\)/, /^monitor full/);
        await session.launch(fixture('type1.vmdef'), {}, (dc) => dc.setBreakpointsRequest({ source: { path: MONITORS_FILE }, breakpoints: [{ line }] }));
        const stop = await session.stopped();
        expect(stop.body.reason).toBe('breakpoint');
        expect(await session.stack(1)).toMatchObject([
            { name: 'trap io_out', path: MONITORS_FILE, line },
            { name: 'syscall write', path: OS_FILE },
            { name: 'countdown', line: 22 },
        ]);
        expect(session.stdout).toBe(''); // stopped before the write
    });

    it('unverified with a message in a file with no executed instruction', async () => {
        session = new Session();
        let bp: { verified: boolean; message?: string } | undefined;
        await session.launch(fixture('type1.vmdef'), { stopOnEntry: true }, async (dc) => {
            bp = (await dc.setBreakpointsRequest({ source: { path: fixture('para.vmdef') }, breakpoints: [{ line: 20 }] })).body.breakpoints[0];
        });
        expect(bp).toMatchObject({ verified: false });
        expect(bp?.message).toMatch(/no instruction/);
    });
});

describe('function breakpoints', () => {
    const cases: [string, string, string, string][] = [
        ['type1.vmdef', 'io_out', 'trap io_out', 'function breakpoint io_out: trap io_out'],
        ['type1.vmdef', 'write', 'syscall write', 'function breakpoint write: syscall write'],
        ['type2.vmdef', 'IO_INSTRUCTION', 'VM exit 30 IO_INSTRUCTION', 'function breakpoint IO_INSTRUCTION: VM exit 30 IO_INSTRUCTION'],
        ['para.vmdef', 'console_io', 'hypercall console_io', 'function breakpoint console_io: hypercall console_io'],
        ['windows.vmdef', 'NtWriteFile', 'syscall NtWriteFile', 'function breakpoint NtWriteFile: syscall NtWriteFile'],
    ];
    for (const [file, name, frame, description] of cases) {
        it(`${name} stops at the first instruction of ${frame} (${file})`, async () => {
            session = new Session();
            let verified: boolean | undefined;
            await session.launch(fixture(file), {}, async (dc) => {
                verified = (await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name }] })).body.breakpoints[0].verified;
            });
            expect(verified).toBe(true);
            const stop = await session.stopped();
            expect(stop.body.reason).toBe('function breakpoint');
            expect(stop.body.description).toBe(description);
            const top = (await session.stack(1))[0];
            expect(top.name).toBe(frame);
            expect(top.origin).toBe('vmdef standard library');
        });
    }

    it('an unknown name is unverified', async () => {
        session = new Session();
        let bp: { verified: boolean; message?: string } | undefined;
        await session.launch(fixture('type1.vmdef'), { stopOnEntry: true }, async (dc) => {
            bp = (await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'no_such_handler' }] })).body.breakpoints[0];
        });
        expect(bp?.verified).toBe(false);
        expect(bp?.message).toMatch(/no handler, syscall, driver or program named 'no_such_handler'/);
    });
});

describe('conditional breakpoints', () => {
    it('stop only when the register expression holds', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), {}, (dc) => dc.setBreakpointsRequest({
            source: { path: fixture('type1.vmdef') }, breakpoints: [{ line: 22, condition: 'r1 < 3 && r1 != 0' }],
        }));
        let stop = await session.stopped();
        expect(stop.body.description).toBe('breakpoint at countdown line 22 (r1 < 3 && r1 != 0)');
        expect(await session.evaluate('r1')).toBe('2');
        expect(session.stdout).toBe('3\n');
        await session.dc.continueRequest({ threadId: 1 });
        stop = await session.stopped();
        expect(await session.evaluate('r1')).toBe('1');
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        expect(session.stdout).toBe('3\n2\n1\nliftoff\n');
    });

    it('a condition that does not parse leaves the breakpoint unverified with the reason', async () => {
        session = new Session();
        let bp: { verified: boolean; message?: string } | undefined;
        await session.launch(fixture('type1.vmdef'), { stopOnEntry: true }, async (dc) => {
            bp = (await dc.setBreakpointsRequest({ source: { path: fixture('type1.vmdef') }, breakpoints: [{ line: 22, condition: 'r1 == ' }] })).body.breakpoints[0];
        });
        expect(bp).toMatchObject({ verified: false, message: 'condition: expression expected at column 7' });
    });
});

describe('exception filters', () => {
    async function stopWith(file: string, filters: string[]) {
        session = new Session();
        await session.launch(fixture(file), {}, (dc) => dc.setExceptionBreakpointsRequest({ filters }));
        const stop = await session.stopped();
        const info = await session.dc.exceptionInfoRequest({ threadId: stop.body.threadId! });
        return { stop, info: info.body };
    }

    it('traps: a trap into the full monitor stops in the handler', async () => {
        const { stop, info } = await stopWith('type1.vmdef', ['traps']);
        expect(stop.body.reason).toBe('exception');
        expect(stop.body.description).toBe('trap: out com1 → io_out');
        expect(info.exceptionId).toBe('traps');
        expect((await session.stack(1))[0].name).toBe('trap io_out');
    });

    it('traps: a VM exit under hardware assistance', async () => {
        const { stop } = await stopWith('type2.vmdef', ['traps']);
        expect(stop.body.description).toBe('VM exit 30 IO_INSTRUCTION: out com1');
    });

    it('hypercalls: a paravirtualized kernel calling the hypervisor', async () => {
        const { stop, info } = await stopWith('para.vmdef', ['hypercalls']);
        expect(stop.body.description).toBe('hypercall console_io(com1, 2)');
        expect(info.exceptionId).toBe('hypercalls');
        expect((await session.stack(1)).map((f) => f.name)).toEqual(['hypercall console_io', 'syscall write', 'report']);
    });

    it('faults: #GP of a privileged instruction in user mode', async () => {
        const { stop, info } = await stopWith('fault.vmdef', ['faults']);
        expect(stop.body.reason).toBe('exception');
        expect(stop.body.description).toBe("guest fault in app: #GP: privileged instruction 'cli' in user mode at fault.vmdef:21:5");
        expect(info.exceptionId).toBe('faults');
        expect(await session.stack(1)).toMatchObject([{ name: 'bad', line: 21 }]);
    });

    it('fidelity: pushf runs without trapping under full virtualization', async () => {
        const { stop } = await stopWith('popek.vmdef', ['fidelity']);
        expect(stop.body.description).toBe('fidelity violation in broken: pushf did not trap: fidelity violation under full at popek.vmdef:21:5');
        expect(await session.stack(1)).toMatchObject([{ name: 'kernel', line: 22 }]);
    });

    it('host-failed: the Type 2 host OS fails', async () => {
        const { stop, info } = await stopWith('hostfail.vmdef', ['host-failed']);
        expect(stop.body.description).toBe('host failure in g: host OS linux of hosted failed at 5000 cycles');
        expect(info.exceptionId).toBe('host-failed');
    });

    it('with every filter off, the same programs run to the end', async () => {
        session = new Session();
        await session.launch(fixture('fault.vmdef'), {}, (dc) => dc.setExceptionBreakpointsRequest({ filters: [] }));
        const exited = await session.next<{ body: { exitCode: number } } & import('@vscode/debugprotocol').DebugProtocol.Event>('exited');
        expect(exited.body.exitCode).toBe(1); // the VM faulted
        expect(session.output).toMatch(/app \(hv\): faulted — #GP/);
    });
});

describe('data breakpoints', () => {
    it('stop when a watched register of a frame changes, saying from what to what', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), {}, (dc) => dc.setBreakpointsRequest({ source: { path: fixture('type1.vmdef') }, breakpoints: [{ line: 22 }] }));
        await session.stopped();
        const frameId = await session.frameId(1);
        const registers = (await session.dc.scopesRequest({ frameId })).body.scopes[0].variablesReference;
        const info = await session.dc.dataBreakpointInfoRequest({ variablesReference: registers, name: 'r1' });
        expect(info.body).toMatchObject({ dataId: '0:0:r1', description: 'r1 of web/vcpu0 countdown', accessTypes: ['write'] });
        const set = await session.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
        expect(set.body.breakpoints[0].verified).toBe(true);
        await session.dc.setBreakpointsRequest({ source: { path: fixture('type1.vmdef') }, breakpoints: [] });
        await session.dc.continueRequest({ threadId: 1 });
        const stop = await session.stopped();
        expect(stop.body.reason).toBe('data breakpoint');
        expect(stop.body.description).toBe('r1 of web/vcpu0 countdown changed: 3 → 2');
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 24 }]); // stopped after the dec
        expect(session.stdout).toBe('3\n');
        const other = await session.dc.dataBreakpointInfoRequest({ variablesReference: (await session.dc.scopesRequest({ frameId })).body.scopes[2].variablesReference, name: 'status' });
        expect(other.body.dataId).toBeNull();
    });
});
