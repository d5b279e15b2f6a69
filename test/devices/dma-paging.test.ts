// DMA under paging (language/stdlib/os.vmdef, io_submit): a device takes guest-physical
// addresses, so a stdlib driver given a batch in user memory (from 0x00400000, virtual under
// paging) hands the device the kernel's copy, each buffer translated through the process's page
// tables after faulting its pages in. The same I/O program at a low address on a 1 MiB VM (no
// paging: physical) and at 0x00400000 on a 64 MiB VM (paging) writes and reads back the same
// data, under emulated, virtio and passthrough, on both engines.
import { describe, expect, it } from 'vitest';
import { host, request, runBoth, vmOf } from './helpers.js';

interface Dialect { submit: string; write: string; exit: string; map: string }
const DIALECTS: Record<string, Dialect> = {
    linux: { submit: 'syscall io_submit', write: 'syscall write', exit: 'syscall exit', map: 'syscall map' },
    windows: { submit: 'syscall NtDeviceIoControlFile', write: 'syscall NtWriteFile', exit: 'syscall NtTerminateProcess', map: 'syscall NtAllocateVirtualMemory' },
};

/**
 * At `base`: the ring, requests from +0x100, a 512-byte buffer at +0x1000 and an 8 KiB one at
 * +0x1800 (over three pages), written to blocks 0 and 1, then read back into +0x4000 and +0x5000
 * in a second batch; the program prints words of the data read back, the four statuses and the ring's count.
 */
function ioProgram(name: string, base: number, d: Dialect): string {
    const at = (offset: number) => `0x${(base + offset).toString(16)}`;
    let text = `program ${name} {\n    ${d.map}(${at(0)}, 8)\n`;
    text += `    store [${at(0x1000)}], 7\n    store [${at(0x11fc)}], 8\n    store [${at(0x1800)}], 9\n    store [${at(0x37fc)}], 10\n`;
    const batch = (first: number, second: number) =>
        `    store [${at(0)}], 2\n    store [${at(4)}], ${at(first)}\n    store [${at(8)}], ${at(second)}\n    ${d.submit}(disk0, ${at(0)})\n`;
    text += request(base + 0x100, 2, at(0x1000), 512, 0) + request(base + 0x120, 2, at(0x1800), 8192, 1) + batch(0x100, 0x120);
    text += request(base + 0x140, 1, at(0x4000), 512, 0) + request(base + 0x160, 1, at(0x5000), 8192, 1) + batch(0x140, 0x160);
    for (const offset of [0x4000, 0x41fc, 0x5000, 0x6ffc, 0x110, 0x130, 0x150, 0x170, 0]) text += `    load r1, [${at(offset)}]\n    ${d.write}(com1, r1)\n`;
    return `${text}    ${d.exit}(0)\n}\n`;
}

const READ_BACK = '7\n8\n9\n10\n1\n1\n1\n1\n0\n';

describe('stdlib drivers under paging: DMA takes guest-physical addresses', () => {
    it.each([
        // OS, technique, system call dialect, how the VM reaches disk0
        ['linux', 'hardware', 'linux', 'devices com1, disk0'],
        ['linux', 'hardware', 'linux', 'devices com1, disk0 virtio'],
        ['linux', 'hardware', 'linux', 'devices com1 passthrough disk0'],
        ['linux', 'full', 'linux', 'devices com1, disk0'],
        ['windows', 'binary', 'windows', 'devices com1, disk0 virtio'],
        ['windows', 'full', 'windows', 'devices com1 passthrough disk0'],
        ['xenlinux', 'para', 'linux', 'devices com1, disk0'],
        ['xenlinux', 'para', 'linux', 'devices com1, disk0 virtio'],
    ])('%s under %s (%s calls), %s: 1 MiB and 64 MiB read back the same data', async (os, technique, dialect, devices) => {
        const vm = (name: string, memory: string, program: string) => `vm ${name}: ${os} on hv { memory ${memory} ${devices} run ${program} }\n`;
        // a passed-through device belongs to one VM: the 64 MiB VM alone, then the 1 MiB one
        const passthrough = devices.includes('passthrough');
        const programs = ioProgram('low', 0x80000, DIALECTS[dialect]) + ioProgram('high', 0x400000, DIALECTS[dialect]);
        const small = await runBoth(host(technique) + vm('small', '1 MiB', 'low') + programs);
        const big = passthrough ? await runBoth(host(technique) + vm('big', '64 MiB', 'high') + programs)
            : await runBoth(host(technique) + vm('small', '1 MiB', 'low') + vm('big', '64 MiB', 'high') + programs);
        const [a, b] = [vmOf(small, 'small'), vmOf(big, 'big')];
        for (const each of [a, b]) {
            expect(each.status).toBe('halted');
            expect(each.console).toBe(READ_BACK);
            expect(each.io?.disk0).toMatchObject({ requests: 4, bytes: 2 * (512 + 8192), refused: 0 });
        }
        // paging: the 64 MiB VM faulted its data pages in, and every DMA stayed inside its memory
        expect(a.memory.guestPageFaults ?? 0).toBe(0);
        expect(b.memory.guestPageFaults).toBeGreaterThan(0);
        expect(b.memory.refused).toBe(0);
    }, 60_000);

    it('a buffer whose pages are not consecutive frames is refused by the device (status -1), not scattered', async () => {
        // the buffer's second page is touched before its first: their frames are in the other order
        const program = `program p {
    store [0x401000], 5
    store [0x400000], 4
${request(0x402000, 2, '0x400800', 4096, 0)}    store [0x403000], 1
    store [0x403004], 0x402000
    syscall io_submit(disk0, 0x403000)
    load r1, [0x402010]
    syscall write(com1, r1)
    syscall exit(0)
}
`;
        const result = await runBoth(`${host('hardware')}vm v: linux on hv { memory 64 MiB devices com1, disk0 run p }\n${program}`);
        const v = vmOf(result, 'v');
        expect(v.console).toBe('-1\n');
        expect(v.io?.disk0).toMatchObject({ requests: 0, refused: 1 });
    });
});
