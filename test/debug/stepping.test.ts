// Stepping over real DAP: stop on entry, step in from the guest program through the guest
// kernel, the hypervisor's handler and the hardware command (Type 1 and Type 2), step out,
// step over a syscall.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, lineOf, MONITORS_FILE, OS_FILE, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

describe('stepping', () => {
    it('stops on entry at the first instruction of the guest program, thread web/vcpu0', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), { stopOnEntry: true });
        const stop = await session.stopped();
        expect(stop.body.reason).toBe('entry');
        expect(stop.body.threadId).toBe(1);
        const threads = await session.dc.threadsRequest();
        expect(threads.body.threads.map((t) => t.name)).toEqual(['web/vcpu0']);
        expect(await session.stack(1)).toEqual([{ name: 'countdown', file: 'type1.vmdef', path: fixture('type1.vmdef'), line: 20, origin: undefined }]);
    });

    it('Type 1 full: stepIn goes guest → kernel → trap handler → hardware and stepOut comes back', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), { stopOnEntry: true });
        await session.stopped();
        await session.dc.stepInRequest({ threadId: 1 }); // mov r1, 3
        expect((await session.stopped()).body.reason).toBe('step');
        expect((await session.stack(1))[0]).toMatchObject({ name: 'countdown', line: 22 });

        await session.dc.stepInRequest({ threadId: 1 }); // syscall write → the kernel
        let stop = await session.stopped();
        expect(stop.body.description).toBe('syscall write(com1, 3): user → kernel');
        const writeLine = lineOf(OS_FILE, /out dev, value/, /^os linux/);
        expect(await session.stack(1)).toMatchObject([
            { name: 'syscall write', file: 'os.vmdef', path: OS_FILE, line: writeLine, origin: 'vmdef standard library' },
            { name: 'countdown', file: 'type1.vmdef', line: 22 },
        ]);

        await session.dc.stepInRequest({ threadId: 1 }); // out → trap into the full monitor's io_out
        stop = await session.stopped();
        expect(stop.body.description).toBe('trap: out com1 → io_out');
        const ioOut = lineOf(MONITORS_FILE, /hw emulate\(\)/, /^monitor full/);
        expect(await session.stack(1)).toMatchObject([
            { name: 'trap io_out', path: MONITORS_FILE, line: ioOut },
            { name: 'syscall write', line: writeLine },
            { name: 'countdown', line: 22 },
        ]);

        await session.dc.stepInRequest({ threadId: 1 }); // hw emulate() → the hardware command
        stop = await session.stopped();
        expect(stop.body.description).toBe('hw emulate()');
        const stack = await session.stack(1);
        expect(stack.map((f) => f.name)).toEqual(['hw emulate', 'trap io_out', 'syscall write', 'countdown']);
        expect(stack[0]).toMatchObject({ path: MONITORS_FILE, line: ioOut });

        await session.dc.stepOutRequest({ threadId: 1 }); // back in the handler, at hw io_write
        stop = await session.stopped();
        expect(stop.body.reason).toBe('step');
        expect((await session.stack(1)).map((f) => [f.name, f.line])).toEqual([
            ['trap io_out', ioOut + 1], ['syscall write', writeLine], ['countdown', 22],
        ]);

        await session.dc.stepOutRequest({ threadId: 1 }); // the handler returns; the kernel's write ends too
        stop = await session.stopped();
        expect(stop.body.description).toMatch(/^returned to countdown \(type1\.vmdef:23\)/);
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 23 }]);
        expect(session.stdout).toBe('3\n');
    });

    it('Type 2 hardware: VM exit handler → world switch to the host OS driver → hardware, and out again', async () => {
        session = new Session();
        await session.launch(fixture('type2.vmdef'), { stopOnEntry: true });
        await session.stopped();
        await session.dc.stepInRequest({ threadId: 1 });
        await session.stopped();
        await session.dc.stepInRequest({ threadId: 1 }); // syscall write
        await session.stopped();
        await session.dc.stepInRequest({ threadId: 1 }); // out → VM exit
        let stop = await session.stopped();
        expect(stop.body.description).toBe('VM exit 30 IO_INSTRUCTION: out com1');
        const exitLine = lineOf(MONITORS_FILE, /hw emulate\(\)/, /on IO_INSTRUCTION\(/);
        expect((await session.stack(1))[0]).toMatchObject({ name: 'VM exit 30 IO_INSTRUCTION', path: MONITORS_FILE, line: exitLine });

        await session.dc.stepInRequest({ threadId: 1 }); // hw emulate()
        await session.stopped();
        await session.dc.stepInRequest({ threadId: 1 }); // emulate runs
        await session.stopped();
        await session.dc.stepInRequest({ threadId: 1 }); // hw io_write → the host OS (world switch)
        stop = await session.stopped();
        expect(stop.body.description).toBe('world switch → host linux io_write(com1, 7)');
        const driverLine = lineOf(OS_FILE, /hw io_write\(dev, value\)/, /^os pc_kernel/);
        expect(await session.stack(1)).toMatchObject([
            { name: 'host linux io_write', path: OS_FILE, line: driverLine },
            { name: 'VM exit 30 IO_INSTRUCTION', line: exitLine + 1 },
            { name: 'syscall write' },
            { name: 'hello', line: 23 },
        ]);

        await session.dc.stepInRequest({ threadId: 1 }); // the driver's hw io_write → hardware
        stop = await session.stopped();
        expect(stop.body.description).toBe('hw io_write(com1, 7)');
        expect((await session.stack(1)).map((f) => f.name)).toEqual(['hw io_write', 'host linux io_write', 'VM exit 30 IO_INSTRUCTION', 'syscall write', 'hello']);

        // hw io_write is the last instruction of the driver, of the VM exit handler and of the
        // kernel's write: when the hardware command is done every layer returns (world switch back)
        await session.dc.stepOutRequest({ threadId: 1 });
        stop = await session.stopped();
        expect(stop.body.description).toBe('returned to hello (type2.vmdef:24)');
        expect(await session.stack(1)).toMatchObject([{ name: 'hello', line: 24 }]);
        expect(session.stdout).toBe('7\n');
        const vm = await session.scope(await session.frameId(1), 'VM');
        expect(vm.get('exits')?.value).toBe('io 1');
    });

    it('binary translation: stepIn on out in translated kernel code enters the callout handler', async () => {
        session = new Session();
        await session.launch(fixture('windows.vmdef'), { stopOnEntry: true });
        await session.stopped();
        await session.dc.stepInRequest({ threadId: 1 }); // mov r1, 5
        await session.stopped();
        await session.dc.stepInRequest({ threadId: 1 }); // syscall NtWriteFile
        let stop = await session.stopped();
        expect(stop.body.description).toBe('syscall NtWriteFile(com1, 5): user → kernel');
        await session.dc.stepInRequest({ threadId: 1 }); // out handle, value → callout
        stop = await session.stopped();
        expect(stop.body.description).toBe('callout: out com1 → io_out (translated code)');
        const ioOut = lineOf(MONITORS_FILE, /hw io_write\(dev, value\)/, /^monitor binary/);
        expect(await session.stack(1)).toMatchObject([
            { name: 'callout io_out', path: MONITORS_FILE, line: ioOut },
            { name: 'syscall NtWriteFile', path: OS_FILE },
            { name: 'greet', line: 21 },
        ]);
    });

    it('paravirtualization: stepIn on the kernel\'s hypercall enters the para monitor', async () => {
        session = new Session();
        await session.launch(fixture('para.vmdef'), { stopOnEntry: true });
        await session.stopped();
        for (let i = 0; i < 2; i++) {
            await session.dc.stepInRequest({ threadId: 1 });
            await session.stopped();
        }
        await session.dc.stepInRequest({ threadId: 1 }); // hypercall console_io
        const stop = await session.stopped();
        expect(stop.body.description).toBe('hypercall console_io(com1, 2)');
        const handler = lineOf(MONITORS_FILE, /hw io_write\(dev, value\)/, /on console_io\(/);
        expect(await session.stack(1)).toMatchObject([
            { name: 'hypercall console_io', path: MONITORS_FILE, line: handler },
            { name: 'syscall write', line: lineOf(OS_FILE, /hypercall console_io/, /^os xenlinux/) },
            { name: 'report', line: 21 },
        ]);
        await session.dc.stepOutRequest({ threadId: 1 });
        await session.stopped();
        expect(await session.stack(1)).toMatchObject([{ name: 'report', line: 22 }]);
        expect(session.stdout).toBe('2\n');
    });

    it('next steps over a whole syscall (kernel, trap, hardware) to the next guest instruction', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), { stopOnEntry: true });
        await session.stopped();
        await session.dc.nextRequest({ threadId: 1 });
        await session.stopped();
        await session.dc.nextRequest({ threadId: 1 }); // over syscall write(com1, r1)
        const stop = await session.stopped();
        expect(stop.body.reason).toBe('step');
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', line: 23 }]);
        expect(session.stdout).toBe('3\n');
    });
});
