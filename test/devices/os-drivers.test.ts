// The standard library's OS drivers (language/stdlib/os.vmdef) submit a batch of disk requests:
// virtio when the VM was given the device so (one notify per batch), emulated port I/O otherwise
// (one trap or exit per request). Under `costs modern` virtio keeps the literature's shape: far
// fewer exits per byte than emulation, and fewer hypervisor cycles.
import { describe, expect, it } from 'vitest';
import { host, request, runBoth, vmOf } from './helpers.js';

const BATCH = 16;

/**
 * A program queueing BATCH writes of 512 bytes (request blocks at 0x80000, the ring at 0x3000) and submitting them with `call`.
 * Its VMs have 1 MiB: under 2 MiB the stdlib OSes run without paging, so these addresses are the
 * guest-physical ones DMA takes (a batch in user memory under paging: dma-paging.test.ts).
 */
function batchProgram(call: string, write: string, exit: string): string {
    let text = 'program p {\n';
    for (let i = 0; i < BATCH; i++) text += request(0x80000 + 0x20 * i, 2, 0x2000, 512, i);
    text += `    store [0x3000], ${BATCH}\n`;
    for (let i = 0; i < BATCH; i++) text += `    store [${0x3004 + 4 * i}], ${0x80000 + 0x20 * i}\n`;
    text += `    ${call}(disk0, 0x3000)\n    load r1, [0x3000]\n    ${write}(com1, r1)\n    ${exit}(0)\n}\n`;
    return text;
}

const OSES: [string, string, string, string, string][] = [
    // OS, technique, submit, write, exit
    ['linux', 'hardware', 'syscall io_submit', 'syscall write', 'syscall exit'],
    ['linux', 'full', 'syscall io_submit', 'syscall write', 'syscall exit'],
    ['windows', 'binary', 'syscall NtDeviceIoControlFile', 'syscall NtWriteFile', 'syscall NtTerminateProcess'],
    ['xenlinux', 'para', 'syscall io_submit', 'syscall write', 'syscall exit'],
];

describe('stdlib drivers: virtio vs emulated', () => {
    for (const [os, technique, submit, write, exit] of OSES) {
        it(`${os} under ${technique}: the same bytes, one notify for virtio, one exit per request emulated`, async () => {
            const text = `${host(technique)}vm emu: ${os} on hv { memory 1 MiB devices com1, disk0 run p }
vm pv: ${os} on hv { memory 1 MiB devices com1, disk0 virtio run p }
${batchProgram(submit, write, exit)}`;
            const result = await runBoth(text);
            const emu = vmOf(result, 'emu');
            const pv = vmOf(result, 'pv');
            for (const vm of [emu, pv]) {
                expect(vm.console).toBe('0\n'); // the ring consumed
                expect(vm.io?.disk0).toMatchObject({ requests: BATCH, bytes: BATCH * 512, refused: 0, interrupts: BATCH });
            }
            // the vendor-ID probe, then one notify / one access per request
            expect(pv.io?.disk0).toMatchObject({ path: 'virtio', exits: 2 });
            expect(emu.io?.disk0).toMatchObject({ path: 'emulated', exits: BATCH + 1 });
            expect(emu.io!.disk0.exitsPerByte / pv.io!.disk0.exitsPerByte).toBeGreaterThan(8);
            expect(pv.cycles.hypervisor).toBeLessThan(emu.cycles.hypervisor);
        });
    }

    it('a passed-through disk takes the emulated driver path with no exit at all', async () => {
        const text = `${host('hardware')}vm a: linux on hv { memory 1 MiB devices com1 passthrough disk0 run p }
${batchProgram('syscall io_submit', 'syscall write', 'syscall exit')}`;
        const a = vmOf(await runBoth(text), 'a');
        expect(a.io?.disk0).toMatchObject({ path: 'passthrough', exits: 0, requests: BATCH, accesses: BATCH + 1 });
    });
});
