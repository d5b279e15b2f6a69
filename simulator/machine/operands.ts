// Operands and memory: reading an instruction's operands in any frame (registers, integers,
// parameters that keep their kind: device, string or integer), writing its destination, binding
// arguments to a new frame's parameters; checked guest memory accesses, first touches (swap past
// the host's usable memory) and the stack.
import { K, SP } from '../cpu/code.js';
import type { Machine } from '../machine.js';
import { PAGE_SIZE, SparseMemory } from '../memory.js';
import { L_HYPERVISOR, L_KERNEL, PK_DEV, PK_INT, PK_STR, type Frame, type HostState, type VcpuState, type VmState } from '../state.js';
import { charge, countExit } from './costs.js';
import { translate, translateOrFault } from './mmu.js';
import { chargePaging, tableWrite } from './shadow-paging.js';
import { Fault, PagingExit, ResourceLimit } from './stops.js';
import { reason } from '../stop-reason.js';

/**
 * Pages of simulated memory (guest and hypervisor stacks, all VMs) backed by real memory: 512
 * MiB. A guard for the process running the simulator (a runaway guest stops with `limit`), not
 * a model of the host: a demand-paging guest touching 100,000 fresh pages (issue 13's
 * page-fault-heavy program) fits, with room for its tables and other VMs.
 */
export const MAX_PAGES = 131_072;

/** The integer value of operand (k, v) in frame `f`. */
export function read(m: Machine, f: Frame, k: number, v: number): number {
    switch (k) {
        case 1 satisfies typeof K.reg: return f.regs[v];
        case 2 satisfies typeof K.imm: return v;
        case 5 satisfies typeof K.param: return f.pv[v] ?? 0;
        case 3 satisfies typeof K.str: return v;
        case 4 satisfies typeof K.dev: return v;
        case 7 satisfies typeof K.label: return v;
    }
    if (k === K.unresolved) throw new Fault('#UD', reason('unresolved-operand', m.strings[v]));
    throw new Fault('#UD', reason('missing-operand'));
}

/** Evaluates an argument into `m.argKind` / `m.argValue` (no allocation per instruction). */
export function arg(m: Machine, f: Frame, k: number, v: number): void {
    switch (k) {
        case 1 satisfies typeof K.reg: m.argKind = PK_INT; m.argValue = f.regs[v]; return;
        case 2 satisfies typeof K.imm: m.argKind = PK_INT; m.argValue = v; return;
        case 3 satisfies typeof K.str: m.argKind = PK_STR; m.argValue = v; return;
        case 4 satisfies typeof K.dev: m.argKind = PK_DEV; m.argValue = v; return;
        case 5 satisfies typeof K.param: m.argKind = f.pk[v] ?? PK_INT; m.argValue = f.pv[v] ?? 0; return;
        case 7 satisfies typeof K.label: m.argKind = PK_INT; m.argValue = v; return;
    }
    read(m, f, k, v);
}

export function setDest(f: Frame, k: number, v: number, value: number): void {
    if (k === K.reg) f.regs[v] = value;
    else if (k === K.param) {
        f.pk[v] = PK_INT;
        f.pv[v] = value;
    } else throw new Fault('#UD', reason('destination-not-register'));
}

/** Passes operand (k, v) of frame `from` as the next parameter of the new frame `to`. */
export function pass(m: Machine, from: Frame, to: Frame, k: number, v: number): void {
    arg(m, from, k, v);
    to.pk.push(m.argKind);
    to.pv.push(m.argValue);
}

/**
 * Binds evaluated arguments to a new frame's parameters. One or two (a trap's `hw` command, most
 * handlers) make arrays of their size: a push onto an empty array grows it to 17 slots, a
 * runtime call and ~300 bytes per frame.
 */
export function bind(m: Machine, from: Frame, to: Frame, argk: number[], argv: number[]): void {
    const n = argk.length;
    if (n === 0) return;
    if (n > 2 || to.pk.length > 0) {
        for (let i = 0; i < n; i++) pass(m, from, to, argk[i], argv[i]);
        return;
    }
    arg(m, from, argk[0], argv[0]);
    const kind = m.argKind;
    const value = m.argValue;
    if (n === 1) {
        to.pk = [kind];
        to.pv = [value];
        return;
    }
    arg(m, from, argk[1], argv[1]);
    to.pk = [kind, m.argKind];
    to.pv = [value, m.argValue];
}

/** Whether frame `f`'s accesses are virtual: guest code once its guest turned paging on. */
export function paged(v: VcpuState, f: Frame): boolean {
    return f.layer <= L_KERNEL && v.paging;
}

/** A word of memory read by frame `f` at `address` (virtual once its guest turned paging on). */
export function load(m: Machine, vm: VmState, v: VcpuState, f: Frame, address: number): number {
    if (!paged(v, f)) return touch(m, vm, v, f, address).read(address);
    const physical = translate(m, vm, v, f, address, false);
    return mapped(m, vm, v, f, address, physical).read(physical);
}

/** A word of memory written by frame `f` at `address` (virtual once its guest turned paging on). */
export function store(m: Machine, vm: VmState, v: VcpuState, f: Frame, address: number, value: number): void {
    if (!paged(v, f)) {
        touch(m, vm, v, f, address).write(address, value);
        return;
    }
    const physical = translate(m, vm, v, f, address, true);
    // a page table the hypervisor write-protects (shadow, direct): the monitor's, or a fault
    if (vm.shadow.tables.has(physical >>> 12)) tableWrite(m, vm, v, f, address, physical, value);
    mapped(m, vm, v, f, address, physical).write(physical, value);
}

/**
 * `pagedAccess`'s answers at or below this are EPT violations: EPT_VIOLATION − the guest-physical
 * page (a page fault's −1 − error code is above it).
 */
export const EPT_VIOLATION = -0x10;

/**
 * A paged access of frame `f` at virtual `address`: its guest-physical address, the frame
 * touched (first touch) and cached for the executors — or, when the guest's tables forbid it,
 * −1 − the page fault's error code, and under nested paging for a page the VM has no host page
 * for yet EPT_VIOLATION − that page (counted, heard), both not thrown: demand paging takes one of each per
 * fresh page, and a throw cost more than the rest of them (instruction.ts enters the handlers).
 */
export function pagedAccess(m: Machine, vm: VmState, v: VcpuState, f: Frame, address: number, write: boolean, value = 0): number {
    const physical = translateOrFault(m, vm, v, f, address, write);
    if (physical < 0) return physical;
    // a store to a page table the hypervisor write-protects (shadow, direct): the monitor's, or a fault
    if (write && vm.shadow.tables.has(physical >>> 12)) tableWrite(m, vm, v, f, address, physical, value);
    if (unbacked(m, vm, physical)) {
        eptViolationSeen(m, vm, v, physical >>> 12);
        return EPT_VIOLATION - (physical >>> 12);
    }
    mapped(m, vm, v, f, address, physical);
    return physical;
}

/** Under nested paging, a guest-physical address inside the VM that no host page backs yet. */
function unbacked(m: Machine, vm: VmState, address: number): boolean {
    return !vm.memory.has(SparseMemory.pageOf(address)) && m.hosts[vm.model.host.index].paging === 'nested' && inside(vm, address);
}

/** The frame behind a translated access, which the executors' fast paths may now reach directly (not a protected table). */
function mapped(m: Machine, vm: VmState, v: VcpuState, f: Frame, address: number, physical: number): SparseMemory {
    const memory = touch(m, vm, v, f, physical);
    cacheTranslation(vm, v, address >>> 12, physical >>> 12, memory);
    return memory;
}

/** Virtual page `vpn` is guest-physical `page` of `memory`, there: the executors' fast paths may reach it (not a protected table). */
export function cacheTranslation(vm: VmState, v: VcpuState, vpn: number, page: number, memory: SparseMemory): void {
    if (!vm.shadow.tables.has(page)) v.tlb.cacheFrame(vpn, v.tlb.lookup(vpn) ?? 0, memory.reachable(page));
}

/**
 * Checks a guest-physical access and accounts a first touch: under nested paging an EPT / NPT
 * violation (the monitor's EPT_VIOLATION handler backs the page, then the access runs again),
 * and past the host's usable memory a swap.
 */
export function touch(m: Machine, vm: VmState, v: VcpuState, f: Frame, address: number): SparseMemory {
    const page = SparseMemory.pageOf(address);
    if (f.layer > L_KERNEL) {
        // handler and driver stacks live in the hypervisor's memory, not the guest's
        const memory = m.state.hosts[vm.model.host.index].memory;
        if (!memory.has(page)) allocatePage(m);
        return memory;
    }
    if (unbacked(m, vm, address)) {
        eptViolationSeen(m, vm, v, page);
        throw new PagingExit('eptViolation', page * PAGE_SIZE, 0);
    }
    return guestPage(m, vm, v, address);
}

/** Inside the VM's declared memory (a VM without a size has all of it). */
export function inside(vm: VmState, address: number): boolean {
    const declared = vm.model.memoryBytes;
    return declared <= 0 || (address >>> 0) < declared;
}

/** Exit reason 48: guest-physical `page` has no host page yet; the monitor's handler maps one (counted and heard here). */
function eptViolationSeen(m: Machine, vm: VmState, v: VcpuState, page: number): void {
    vm.mem.eptViolations++;
    m.listener.memory?.({ vcpu: v.name, kind: 'ept-violation', address: page * PAGE_SIZE });
}

/** A guest-physical access by the guest or for it (a validated mmu_update): bounds, first touch. */
export function guestPage(m: Machine, vm: VmState, v: VcpuState, address: number): SparseMemory {
    if (!inside(vm, address)) throw new Fault('#PF', reason('address-outside-memory', address >>> 0, vm.model.memoryBytes));
    touchGuestPage(m, vm, v, SparseMemory.pageOf(address));
    return vm.memory;
}

/**
 * A guest page touched by DMA or for the guest: the first touch takes real memory (under nested
 * paging the hypervisor backs it as it carries the request out, charged as a violation's exit
 * and mapping, with no handler of its own) and, past the host's usable memory, swaps.
 */
export function touchGuestPage(m: Machine, vm: VmState, v: VcpuState, page: number): void {
    if (vm.memory.has(page)) return;
    const hostCode = m.hosts[vm.model.host.index];
    if (hostCode.paging === 'nested') {
        vm.mem.eptViolations++;
        countExit(vm, 'ept');
        m.listener.memory?.({ vcpu: v.name, kind: 'ept-violation', address: page * PAGE_SIZE });
        chargePaging(m, vm, v, hostCode.costs.exit + hostCode.costs.mmu);
    }
    backGuestPage(m, vm, v, page);
}

/** `hw ept_map` (and any first touch): real memory for guest page `page`; past the host's usable memory, a swap. */
export function backGuestPage(m: Machine, vm: VmState, v: VcpuState, page: number): void {
    if (vm.memory.has(page)) return;
    allocatePage(m);
    vm.memory.add(page);
    const host: HostState = m.state.hosts[vm.model.host.index];
    host.touchedPages++;
    if (host.touchedPages > Math.floor(vm.model.host.usableBytes / PAGE_SIZE)) {
        vm.swappedPages++;
        charge(m, vm, v, L_HYPERVISOR, m.hosts[vm.model.host.index].costs.swap);
    }
}

/** Real memory behind simulated pages is bounded: past MAX_PAGES the VM stops with `limit`. */
export function allocatePage(m: Machine): void {
    if (m.state.pages >= MAX_PAGES) {
        throw new ResourceLimit(reason('memory-limit', MAX_PAGES, (MAX_PAGES * PAGE_SIZE) / 1048576));
    }
    m.state.pages++;
}

export function push32(m: Machine, vm: VmState, v: VcpuState, f: Frame, value: number): void {
    const sp = (f.regs[SP] - 4) | 0;
    store(m, vm, v, f, sp, value);
    f.regs[SP] = sp;
}

export function pop32(m: Machine, vm: VmState, v: VcpuState, f: Frame): number {
    const sp = f.regs[SP];
    const value = load(m, vm, v, f, sp);
    f.regs[SP] = (sp + 4) | 0;
    return value;
}
