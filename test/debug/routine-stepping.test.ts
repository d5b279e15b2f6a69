// A system call bound to a kernel routine (`syscall io_submit(dev, ring) = submit_batch`):
// stepping in shows the routine's lines in pc_kernel under the syscall's frame name.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, lineOf, OS_FILE, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

describe('stepping into a bound system call', () => {
    it('io_submit: the frame is `syscall io_submit`, the line the first of pc_kernel\'s submit_batch', async () => {
        session = new Session();
        await session.launch(fixture('routine.vmdef'), { stopOnEntry: true });
        await session.stopped();
        await session.dc.stepInRequest({ threadId: 1 }); // mov r1, 0x2000
        await session.stopped();
        await session.dc.stepInRequest({ threadId: 1 }); // syscall io_submit → the kernel
        const stop = await session.stopped();
        expect(stop.body.description).toBe('syscall io_submit(disk0, 8192): user → kernel');
        const first = lineOf(OS_FILE, /cmp ring, 0x400000/, /routine submit_batch/);
        expect(first).toBeLessThan(lineOf(OS_FILE, /^os linux/));
        expect(await session.stack(1)).toMatchObject([
            { name: 'syscall io_submit', file: 'os.vmdef', path: OS_FILE, line: first, origin: 'vmdef standard library' },
            { name: 'batch', file: 'routine.vmdef', line: 23 },
        ]);
    });
});
