// The hypervisor's side of guest paging (LANGUAGE.md §11) under `shadow` and `direct`:
//   shadow  the MMU walks shadow tables the hypervisor fills from the guest's. A TLB miss on a
//           page the current shadow lacks is a *hidden* page fault (exit `pagefault`): the
//           hypervisor walks the guest's tables and fills the shadow, or — the guest's tables
//           say fault — injects a true page fault. The guest's table pages are write-protected:
//           a store to one traps (`full`: trap, `hardware`: exit `pte`) or, translated, calls out
//           (`binary`), and the hypervisor drops the shadow entry it changes. `lcr3` switches
//           shadows, keeping the `shadows N` most recent (a new root builds one).
//   direct  (Xen's paravirtual MMU) the guest's table pages are read-only to it: a plain store
//           is a page fault; it changes entries with `hypercall mmu_update`, validated here.
// The costs are charged to the hypervisor: the entry (`exit`, `trap` or `callout`) and the work:
// `mmu` to fill a shadow entry; for a guest table write `shadow_update` (validating the new entry
// and propagating it into the shadow), after `pte_decode` when the store trapped (the monitor
// decodes it; a translated store's callout knows its operands). A hidden fault that finds a true
// one fills nothing: the monitor, which already holds it, injects it (`inject`, no second trap).
import type { HostCode, Machine } from '../machine.js';
import { L_HYPERVISOR, type Frame, type VcpuState, type VmState } from '../state.js';
import { charge, countExit } from './costs.js';
import { Fault } from './stops.js';
import { reason } from '../stop-reason.js';

/** `lcr3` under shadow paging: the shadow of `root`, built if it is not among the recent ones. */
export function switchShadow(m: Machine, vm: VmState, root: number): void {
    const host = m.hosts[vm.model.host.index];
    const roots = vm.shadow.roots;
    const filled = roots.get(root);
    roots.delete(root);
    if (filled === undefined) {
        vm.mem.shadowsBuilt++;
        if (roots.size >= host.shadows) roots.delete(roots.keys().next().value as number);
    }
    roots.set(root, filled ?? new Set());
    protectTable(m, vm, root >>> 12, -1);
}

/** Before walking for `vpn` under shadow paging: a page the shadow lacks is a hidden page fault. */
export function shadowMiss(m: Machine, vm: VmState, v: VcpuState, vpn: number): Set<number> | undefined {
    const filled = vm.shadow.roots.get(v.cr3);
    if (filled === undefined || filled.has(vpn)) return undefined;
    const host = m.hosts[vm.model.host.index];
    countExit(vm, 'pagefault');
    chargePaging(m, vm, v, entryCost(host));
    return filled;
}

/** The walk found the guest's entries: the hidden fault filled the shadow. */
export function shadowFilled(m: Machine, vm: VmState, v: VcpuState, filled: Set<number>, vpn: number): void {
    vm.mem.hiddenPageFaults++;
    filled.add(vpn);
    chargePaging(m, vm, v, m.hosts[vm.model.host.index].costs.mmu);
}

/** The walk of a hidden fault found a true page fault: the monitor has it already, and injects it (exceptions.ts charges `inject`). */
export function trueFault(fault: Fault): Fault {
    fault.injected = true;
    return fault;
}

/** A guest table page the walk used: write-protected from now on (shadow and direct). */
export function protectTable(m: Machine, vm: VmState, page: number, directoryIndex: number): void {
    const tables = vm.shadow.tables;
    if (tables.get(page) === directoryIndex) return;
    tables.set(page, directoryIndex);
    const words = vm.memory.pages.get(page);
    if (words === undefined) return;
    // the executors' fast paths write pages directly: this one must trap from now on
    for (const id of vm.vcpus) m.state.vcpus[id].tlb.uncache(words);
}

/**
 * A guest store to guest-physical `physical`, which is a write-protected table page: under
 * shadow the monitor takes it (and drops the shadow entry it changes), under direct it is a
 * page fault (the guest must use mmu_update).
 */
export function tableWrite(m: Machine, vm: VmState, v: VcpuState, f: Frame, va: number, physical: number, directoryIndex: number): void {
    const host = m.hosts[vm.model.host.index];
    if (host.paging === 'direct') {
        vm.mem.guestPageFaults++;
        throw new Fault('#PF', reason('page-table-store', `0x${(va >>> 0).toString(16)}`), va, 3 | (f.user ? 4 : 0));
    }
    vm.mem.pteWrites++;
    if (host.technique === 'binary') chargePaging(m, vm, v, host.costs.callout + host.costs.shadow_update);
    else {
        countExit(vm, 'pte');
        chargePaging(m, vm, v, entryCost(host) + host.costs.pte_decode + host.costs.shadow_update);
    }
    const filled = vm.shadow.roots.get(v.cr3);
    if (filled === undefined) return;
    if (directoryIndex < 0) filled.clear();
    else filled.delete((directoryIndex << 10) | ((physical & 0xfff) >>> 2));
}

/** `invlpg` under shadow paging: the hypervisor drops the shadow entry too. */
export function shadowInvalidate(vm: VmState, v: VcpuState, vpn: number): void {
    vm.shadow.roots.get(v.cr3)?.delete(vpn);
}

/** The hypervisor's work for the guest's paging, counted apart too (the report's memory section). */
export function chargePaging(m: Machine, vm: VmState, v: VcpuState, n: number): void {
    vm.mem.pagingCycles += n;
    charge(m, vm, v, L_HYPERVISOR, n);
}

function entryCost(host: HostCode): number {
    return host.technique === 'hardware' ? host.costs.exit : host.costs.trap;
}
