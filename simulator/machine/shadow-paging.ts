// The hypervisor's side of guest paging (LANGUAGE.md §11) under `shadow` and `direct`:
//   shadow  the MMU walks shadow tables the hypervisor fills from the guest's. A TLB miss on a
//           page the current shadow lacks is a *hidden* page fault (exit `pagefault`): the MMU
//           enters the monitor's `page_fault` handler (VT-x: EXCEPTION_NMI, vector 14), whose
//           `hw shadow_fill` walks the guest's tables and fills the shadow — or, the guest's tables
//           say fault, holds the true page fault for its `hw inject`. The guest's table pages are
//           write-protected: a store to one traps (`full`: trap, `hardware`: exit `pte`) or,
//           translated, calls out (`binary`) into the monitor's `pte_write` handler, whose
//           `hw shadow_update` drops the shadow entry the store changes and lets it complete.
//           `lcr3` switches shadows, keeping the `shadows N` most recent (a new root builds one).
//   direct  (Xen's paravirtual MMU) the guest's table pages are read-only to it: a plain store
//           is a page fault; it changes entries with `hypercall mmu_update`, validated (mmu-update.ts).
// The entries into the monitor are paging-exits.ts; this module is what the hw commands do.
// Costs (to the hypervisor, counted in `pagingCycles` too): the entry (`exit`, `trap` or
// `callout`), the handler's instructions and its commands — `mmu` for a shadow entry filled,
// `pte_decode` (`hw pte_decode`: a trapped store is decoded; a callout knows its operands) and
// `shadow_update` for a table store, `inject` for a true fault handed on.
import type { Machine } from '../machine.js';
import { L_HYPERVISOR, type Frame, type VcpuState, type VmState } from '../state.js';
import { charge } from './costs.js';
import { Fault, PagingExit } from './stops.js';
import { reason } from '../stop-reason.js';

/** `lcr3` under shadow paging: the shadow of `root`, built if it is not among the recent ones. */
export function switchShadow(m: Machine, vm: VmState, root: number): void {
    const host = m.hosts[vm.model.host.index];
    const roots = vm.shadow.ownRoots();
    const filled = roots.get(root);
    roots.delete(root);
    if (filled === undefined) {
        vm.mem.shadowsBuilt++;
        if (roots.size >= host.shadows) roots.delete(roots.keys().next().value as number);
    }
    roots.set(root, filled ?? new Set());
    protectTable(m, vm, root >>> 12, -1);
}

/**
 * Before walking for `vpn` under shadow paging: a page the current shadow lacks is a hidden page
 * fault — the MMU enters the monitor (`code`: the access's page-fault error code bits).
 */
export function checkShadow(m: Machine, vm: VmState, v: VcpuState, va: number, code: number): void {
    const filled = vm.shadow.roots.get(v.cr3);
    if (filled === undefined || filled.has(va >>> 12)) return;
    m.listener.memory?.({ vcpu: v.name, kind: 'hidden-page-fault', address: va >>> 0 });
    throw new PagingExit('pageFault', va >>> 0, code);
}

/** `hw shadow_fill`: the guest's entry the walk found goes into the current shadow. */
export function fillShadow(m: Machine, vm: VmState, v: VcpuState, vpn: number): void {
    const filled = vm.shadow.roots.get(v.cr3);
    if (filled === undefined) return;
    vm.mem.hiddenPageFaults++;
    filled.add(vpn);
    chargePaging(m, vm, v, m.hosts[vm.model.host.index].costs.mmu);
}

/** A guest table page the walk used: write-protected from now on (shadow and direct). */
export function protectTable(m: Machine, vm: VmState, page: number, directoryIndex: number): void {
    if (vm.shadow.tables.get(page) === directoryIndex) return;
    vm.shadow.ownTables().set(page, directoryIndex);
    // a sparse page is in no fast path yet (memory.ts)
    const words = vm.memory.pages.get(page);
    if (words === undefined) return;
    // the executors' fast paths write pages directly: this one must trap from now on
    for (const id of vm.vcpus) m.state.vcpus[id].tlb.uncache(words);
}

/**
 * A guest store of `value` to guest-physical `physical`, which is a write-protected table page:
 * under shadow the monitor's `pte_write` handler takes it (unless it has just let this very
 * store through: its retry completes), under direct it is a page fault (the guest must use
 * mmu_update).
 */
export function tableWrite(m: Machine, vm: VmState, v: VcpuState, f: Frame, va: number, physical: number, value: number): void {
    const host = m.hosts[vm.model.host.index];
    if (host.paging === 'direct') {
        vm.mem.guestPageFaults++;
        throw new Fault('#PF', reason('page-table-store', `0x${(va >>> 0).toString(16)}`), va, 3 | (f.user ? 4 : 0));
    }
    if (v.tableStoreAllowed === physical) {
        v.tableStoreAllowed = -1;
        return;
    }
    vm.mem.pteWrites++;
    const via = host.technique === 'binary' ? 'callout' : host.technique === 'hardware' ? 'exit' : 'trap';
    m.listener.memory?.({ vcpu: v.name, kind: 'pte-write', address: va >>> 0, physical: physical >>> 0, via });
    throw new PagingExit('pteWrite', physical >>> 0, value);
}

/**
 * `hw shadow_update(entry, value)`: the monitor has the trapped store to table entry `entry`
 * (guest-physical): it drops the shadow entries the store changes (refilled on their next hidden
 * fault, where the new entry is validated) and lets the store complete — the guest's instruction
 * runs again and writes through, once. Not a protected table word of this VM: refused, nothing
 * changes.
 */
export function shadowUpdate(_m: Machine, vm: VmState, v: VcpuState, entry: number, _value: number): void {
    const address = entry >>> 0;
    const directoryIndex = vm.shadow.tables.get(address >>> 12);
    if (directoryIndex === undefined || (address & 3) !== 0) {
        vm.mem.refused++;
        return;
    }
    v.tableStoreAllowed = address;
    const filled = vm.shadow.roots.get(v.cr3);
    if (filled === undefined) return;
    if (directoryIndex < 0) filled.clear();
    else filled.delete((directoryIndex << 10) | ((address & 0xfff) >>> 2));
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
