// The MMU (LANGUAGE.md §11): a guest access's virtual address → guest-physical, through the TLB
// of the vCPU's pCPU (tlb.ts) and, on a miss, a walk of the guest's two-level tables in its own
// memory, charged `walk_ref` per memory reference: `walk levels` of them, or the
// two-dimensional (n+1)(m+1)−1 under nested paging. A walk sets the accessed bits, a write the
// dirty bit; what the tables forbid is a page fault (vector 14), delivered by `pageFault`.
// Isolation: a table or frame past the VM's memory is never read or written — the access is
// refused (counted) and the VM faults.
import type { HostCode, Machine } from '../machine.js';
import { PAGE_SIZE } from '../memory.js';
import type { Frame, VcpuState, VmState } from '../state.js';
import { FRAME_MASK, PTE_ACCESSED, PTE_DIRTY, PTE_PRESENT, PTE_USER, PTE_WRITABLE } from '../tlb.js';
import { charge } from './costs.js';
import { checkShadow, fillShadow, protectTable, shadowInvalidate, switchShadow } from './shadow-paging.js';
import { Fault } from './stops.js';
import { reason, type StopReason } from '../stop-reason.js';

/** Page-fault error code bits (vector 14). */
export const PF_PRESENT = 1;
export const PF_WRITE = 2;
export const PF_USER = 4;

/** The permission bits an entry of the TLB keeps (the frame is the rest). */
const PERMS = PTE_PRESENT | PTE_WRITABLE | PTE_USER | PTE_DIRTY;

/**
 * The guest-physical address of a guest access at virtual `va` by frame `f` (a write if
 * `write`). A TLB hit costs nothing; a miss walks. What the tables forbid is a page fault
 * (thrown: `pageFault`).
 */
export function translate(m: Machine, vm: VmState, v: VcpuState, f: Frame, va: number, write: boolean): number {
    const physical = translateOrFault(m, vm, v, f, va, write);
    if (physical < 0) pageFault(m, vm, v, f, va, -1 - physical);
    return physical;
}

/**
 * `translate`, with the page fault the guest's tables give returned, not thrown: −1 − its error
 * code (not yet counted: `pageFaultError` does). Demand paging takes one per fresh page, and a
 * throw cost more than the rest of the fault (instruction.ts raises it without one). Under
 * shadow paging a page the shadow lacks is first a hidden page fault: thrown, a `PagingExit` into
 * the monitor's handler, whose `hw shadow_fill` finds the true fault (`shadowWalk`).
 */
export function translateOrFault(m: Machine, vm: VmState, v: VcpuState, f: Frame, va: number, write: boolean): number {
    const vpn = va >>> 12;
    let entry = v.tlb.lookup(vpn);
    // an entry that forbids the access may be stale: the CPU walks again before it faults (as
    // x86 does); the first write through a clean entry walks to set the dirty bit
    if (entry !== undefined && (denied(entry, f.user, write) !== 0 || (write && (entry & PTE_DIRTY) === 0))) {
        v.tlb.drop(vpn);
        entry = undefined;
    }
    if (entry !== undefined) vm.mem.tlbHits++;
    else {
        vm.mem.tlbMisses++;
        const host = m.hosts[vm.model.host.index];
        // shadow paging: a page the shadow lacks enters the monitor first (a hidden page fault)
        if (host.paging === 'shadow') checkShadow(m, vm, v, va, (write ? PF_WRITE : 0) | (f.user ? PF_USER : 0));
        entry = walk(m, vm, v, f, va, write);
        if ((entry & PTE_PRESENT) === 0) return -1 - (entry >>> 1);
        v.tlb.insert(vpn, entry, host.tlbEntries);
    }
    return ((entry & FRAME_MASK) | (va & (PAGE_SIZE - 1))) >>> 0;
}

/**
 * `hw shadow_fill(address, code)`: the monitor walks the guest's tables for the access of `guest`
 * (the frame whose access missed) that missed the shadow, as the MMU would: the entry fills the
 * shadow and the TLB (r0 = 0), or the guest's own tables say fault — a true page fault, which the
 * monitor holds for its `hw inject` (`hold`; r0 = 1).
 */
export function shadowWalk(m: Machine, vm: VmState, v: VcpuState, guest: Frame, va: number, code: number, hold: (fault: Fault) => void): number {
    const host = m.hosts[vm.model.host.index];
    let entry: number;
    try {
        entry = walk(m, vm, v, guest, va, (code & PF_WRITE) !== 0);
    } catch (e) {
        // a table or frame outside the VM: refused, and a fault for the guest all the same
        if (!(e instanceof Fault)) throw e;
        hold(e);
        return 1;
    }
    if ((entry & PTE_PRESENT) === 0) {
        hold(pageFaultError(vm, va, entry >>> 1));
        return 1;
    }
    fillShadow(m, vm, v, va >>> 12);
    v.tlb.insert(va >>> 12, entry, host.tlbEntries);
    return 0;
}

/** `lcr3` (or the monitor's `hw mmu_load`): a new page directory; paging is on from now, the TLB flushed. */
export function loadRoot(m: Machine, vm: VmState, v: VcpuState, root: number): void {
    v.cr3 = root;
    v.paging = true;
    v.tlb.flush();
    const paging = m.hosts[vm.model.host.index].paging;
    if (paging === 'shadow') switchShadow(m, vm, root);
    else if (paging === 'direct') protectTable(m, vm, root >>> 12, -1);
}

/** `invlpg` (or `hw mmu_flush`): the TLB forgets one page (and the shadow its entry). */
export function invalidatePage(m: Machine, vm: VmState, v: VcpuState, address: number): void {
    v.tlb.drop(address >>> 12);
    if (m.hosts[vm.model.host.index].paging === 'shadow') shadowInvalidate(vm, v, address >>> 12);
}

/** The page-fault code an access would get from `entry`, 0 if it is allowed. */
function denied(entry: number, user: boolean, write: boolean): number {
    const code = PF_PRESENT | (write ? PF_WRITE : 0) | (user ? PF_USER : 0);
    if (user && (entry & PTE_USER) === 0) return code;
    if (write && (entry & PTE_WRITABLE) === 0) return code;
    return 0;
}

/**
 * Walks the guest's tables for `va`: charges the references, sets accessed / dirty. Returns the
 * entry (its present bit always set) or, for an access the tables forbid, the page fault's error
 * code shifted left by one (present bit clear).
 */
function walk(m: Machine, vm: VmState, v: VcpuState, f: Frame, va: number, write: boolean): number {
    const host = m.hosts[vm.model.host.index];
    const refs = walkRefs(host);
    vm.mem.walkRefs += refs;
    vm.mem.walkCycles += refs * host.costs.walk_ref;
    charge(m, vm, v, f.layer, refs * host.costs.walk_ref);
    const access = (write ? PF_WRITE : 0) | (f.user ? PF_USER : 0);
    const pdeAddress = ((v.cr3 & FRAME_MASK) >>> 0) + (va >>> 22) * 4;
    const pde = readTable(m, vm, pdeAddress, va, access);
    if ((pde & PTE_PRESENT) === 0) return access << 1;
    const pteAddress = ((pde & FRAME_MASK) >>> 0) + ((va >>> 12) & 0x3ff) * 4;
    const pte = readTable(m, vm, pteAddress, va, access);
    // the hypervisor write-protects the tables it follows (shadow) or validates (direct)
    if (host.paging === 'shadow' || host.paging === 'direct') protectTable(m, vm, pteAddress >>> 12, va >>> 22);
    if ((pte & PTE_PRESENT) === 0) return access << 1;
    const allowed = pde & pte & (PTE_WRITABLE | PTE_USER);
    const entry = (pte & FRAME_MASK) | allowed | PTE_PRESENT | (pte & PTE_DIRTY) | (write ? PTE_DIRTY : 0);
    const code = denied(entry, f.user, write);
    if (code !== 0) return code << 1;
    checkFrame(m, vm, (pte & FRAME_MASK) >>> 0, va, access);
    // the hardware sets the accessed bits on the way, and the dirty bit on a write
    if ((pde & PTE_ACCESSED) === 0) vm.memory.write(pdeAddress, pde | PTE_ACCESSED);
    const updated = pte | PTE_ACCESSED | (write ? PTE_DIRTY : 0);
    if (updated !== pte) vm.memory.write(pteAddress, updated);
    return entry & (FRAME_MASK | PERMS);
}

/** Memory references of one walk: the levels, or both dimensions under nested paging. */
export function walkRefs(host: HostCode): number {
    const n = host.walkLevels;
    return host.paging === 'nested' ? (n + 1) * (n + 1) - 1 : n;
}

/** A table entry at guest-physical `address`; a table outside the VM's memory is refused. */
function readTable(m: Machine, vm: VmState, address: number, va: number, access: number): number {
    checkFrame(m, vm, address, va, access);
    return vm.memory.read(address);
}

/**
 * Isolation: a guest-physical address past the VM's memory is never reached. The access is
 * refused (counted) and the guest gets a protection page fault, as if the page were not its.
 */
function checkFrame(_m: Machine, vm: VmState, address: number, va: number, access: number): void {
    const declared = vm.model.memoryBytes;
    if (declared > 0 && address >= declared) {
        vm.mem.refused++;
        vm.mem.guestPageFaults++;
        throw new Fault('#PF', reason('frame-refused', `0x${hex(va)}`, `0x${hex(address)}`, declared), va, PF_PRESENT | access);
    }
}

/**
 * A page fault (vector 14) at virtual `va` with error `code` (present, write, user), thrown: the
 * exception path (exceptions.ts, through Machine.step) hands it to the guest kernel's `fault
 * page_fault(address, code)` or `lidt` entry, which retries the instruction; without one the VM
 * stops `faulted`. A guest load or store raises it without the throw (instruction.ts).
 */
export function pageFault(_m: Machine, vm: VmState, _v: VcpuState, _f: Frame, va: number, code: number): never {
    throw pageFaultError(vm, va, code);
}

/** The page fault at `va` with error `code`, counted (thrown by `pageFault`, or held by the monitor). */
export function pageFaultError(vm: VmState, va: number, code: number): Fault {
    vm.mem.guestPageFaults++;
    return new Fault('#PF', new PageFaultReason(va, code), va, code);
}

/**
 * The stop reason of a page fault at `va` with error `code` (`page-fault`: the address, not present
 * or protection, read or write, user or kernel; `vector` `#PF` as a handler's cause). Its words are
 * made when first read — a stop, the debugger, `abort` — not for each of the page faults a
 * demand-paging guest takes and handles.
 */
export class PageFaultReason implements StopReason {
    readonly code = 'page-fault' as const;
    private words: (string | number)[] | undefined;
    constructor(
        private readonly va: number,
        private readonly error: number,
        readonly vector?: string,
    ) {}

    get args(): (string | number)[] {
        this.words ??= reason('page-fault', `0x${hex(this.va)}`, this.error & PF_PRESENT ? 'protection' : 'not present', this.error & PF_WRITE ? 'write' : 'read',
            this.error & PF_USER ? 'user' : 'kernel').args;
        return this.words;
    }

    /** As the plain reason it stands for (`{ code, args, vector }`). */
    toJSON(): StopReason {
        return { code: this.code, args: this.args, ...(this.vector ? { vector: this.vector } : {}) };
    }
}

const hex = (n: number): string => (n >>> 0).toString(16);
