// A page fault the guest kernel handles keeps its reason's words until someone reads them
// (mmu.ts, PageFaultReason: a demand-paging guest takes one per fresh page): when the kernel's
// handler ends the program (`abort`), the stop says the fault in full — text, code, arguments,
// vector — in the result, its JSON and the stop event, on both engines.
import { describe, expect, it } from 'vitest';
import { localizedStop } from '../../simulator/stop-reason.js';
import { run, vm } from '../simulator/helpers.js';

/** A linux guest (demand paging) under VT-x with EPT whose program stores to the null page: SIGSEGV. */
const text = `hardware server { cpu 1 cores @ 3 GHz memory 16 GiB extensions vtx, ept, vpid device com1: serial }
hypervisor kvm: type1 on server { virtualization hardware }
program touch {
        mov r2, 0x10000000
        store [r2], 1
        store [0x10], 2
        syscall exit(0)
}
vm guest: linux on kvm { vcpus 1 memory 512 MiB devices com1 run touch }
`;

describe.each(['exact', 'fast'] as const)('a handled page fault that ends the program (%s engine)', (engine) => {
    it('stops with the fault in words', async () => {
        const stops: { message: string; code?: string; args?: (string | number)[]; vector?: string }[] = [];
        const { result } = await run(text, { engine, listener: { stop: (e) => stops.push(e) } });
        const guest = vm(result, 'guest');
        expect(guest.status).toBe('faulted');
        expect(guest.console).toBe('Segmentation fault\n');
        // the first store's fault was handled (mapped), the null page's ended the program
        expect(guest.memory.guestPageFaults).toBe(2);
        const words = ['0x10', 'not present', 'write', 'user'];
        expect(guest.stop).toMatchObject({ reason: '#PF: page fault at 0x10 (not present, write, user)', code: 'page-fault', args: words, vector: '#PF' });
        expect(JSON.parse(JSON.stringify(guest.stop))).toMatchObject({ code: 'page-fault', args: words, vector: '#PF' });
        expect(stops.map((s) => [s.message, s.args])).toEqual([['#PF: page fault at 0x10 (not present, write, user)', words]]);
        expect(localizedStop(guest.stop!)).toBe('#PF: page fault at 0x10 (not present, write, user)');
    });
});
