// Xen's paravirtual MMU (LANGUAGE.md §11, `paging direct`): `hw pte_write(entry, value)`, what the
// para monitor's `mmu_update` does — a table entry written for the guest after checking that it
// names only the guest's own memory (the entry's address and, if present, its frame). Anything
// else is refused: r0 = −1, counted in `refused`, nothing written.
import type { Machine } from '../machine.js';
import type { VcpuState, VmState } from '../state.js';
import { FRAME_MASK, PTE_PRESENT } from '../tlb.js';
import { guestPage } from './operands.js';

export function validatedPteWrite(m: Machine, vm: VmState, v: VcpuState, entry: number, value: number): number {
    const declared = vm.model.memoryBytes;
    const address = entry >>> 0;
    const frame = (value & FRAME_MASK) >>> 0;
    const outside = (a: number): boolean => declared > 0 && a >= declared;
    if ((address & 3) !== 0 || outside(address) || ((value & PTE_PRESENT) !== 0 && outside(frame))) {
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
