// Xen's paravirtual MMU (LANGUAGE.md §11, `paging direct`): what the para monitor's `mmu_update`
// handlers do. `hw pte_write(entry, value)`: a table entry written for the guest after checking
// that it names only the guest's own memory (the entry's address and, if present, its frame).
// Anything else is refused: r0 = −1, counted in `refused`, nothing written.
// `hw pte_write_batch(requests, count)`: Xen's real form, `HYPERVISOR_mmu_update(req, count, …)`:
// `count` requests of two words (entry, value) at guest-physical `requests`, each validated as
// above and charged `mmu`; r0 = how many were refused. The array itself must lie in the VM's
// memory and `count` be 0 … MAX_MMU_BATCH, else the whole batch is refused (r0 = −1, counted once)
// and nothing is read or written: the work per hypercall is bounded.
import type { Machine } from '../machine.js';
import type { VcpuState, VmState } from '../state.js';
import { FRAME_MASK, PTE_PRESENT } from '../tlb.js';
import { guestPage, inside } from './operands.js';
import { chargePaging } from './shadow-paging.js';

/** Requests one batch may carry: one 4 KiB page of (entry, value) pairs. */
export const MAX_MMU_BATCH = 512;

export function validatedPteWrite(m: Machine, vm: VmState, v: VcpuState, entry: number, value: number): number {
    const address = entry >>> 0;
    const frame = (value & FRAME_MASK) >>> 0;
    if ((address & 3) !== 0 || !inside(vm, address) || ((value & PTE_PRESENT) !== 0 && !inside(vm, frame))) {
        vm.mem.refused++;
        m.listener.memory?.({ vcpu: v.name, kind: 'mmu-update', address, value, refused: true });
        return -1;
    }
    vm.mem.pteWrites++;
    m.listener.memory?.({ vcpu: v.name, kind: 'mmu-update', address, value, refused: false });
    // the CPU may still hold the old translation: the guest flushes as on x86 (invlpg / lcr3)
    guestPage(m, vm, v, address).write(address, value);
    return 0;
}

export function validatedPteBatch(m: Machine, vm: VmState, v: VcpuState, requests: number, count: number): number {
    const start = requests >>> 0;
    const end = start + count * 8;
    if (count < 0 || count > MAX_MMU_BATCH || (start & 3) !== 0 || end > 2 ** 32 || (count > 0 && !inside(vm, end - 1))) {
        vm.mem.refused++;
        m.listener.memory?.({ vcpu: v.name, kind: 'mmu-update', address: start, value: count, refused: true });
        return -1;
    }
    const mmu = m.hosts[vm.model.host.index].costs.mmu;
    let refused = 0;
    for (let i = 0; i < count; i++) {
        // read as the hypervisor reads guest memory: an untouched page reads as zeros, nothing is allocated
        const entry = vm.memory.read(start + i * 8);
        const value = vm.memory.read(start + i * 8 + 4);
        chargePaging(m, vm, v, mmu);
        if (validatedPteWrite(m, vm, v, entry, value) < 0) refused++;
    }
    return refused;
}
