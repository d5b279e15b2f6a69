// The TLB a vCPU sees on its pCPU (LANGUAGE.md §11): virtual page → the walked entry, first in
// first out, at most `tlb N entries`. It is state (cloned with the vCPU for snapshots); beside it
// two *fast maps* derived from it — virtual page → the frame's words, for entries that allow
// every access (present, writable, dirty), one for kernel and one for user accesses — are what
// the executors' inner loops look pages up in, so a known page costs them no more than with
// paging off. They are caches only: never cloned (a restored vCPU refills them from its TLB on
// the next access, through the machine), always a subset of the entries (each flush or
// eviction drops from them too), so they change speed, never results.
import { PAGE_SIZE } from './memory.js';
import { copyMap, ownMap, sharedEmptyMap } from './shared-empty.js';

/** Entry and page-table bits (32-bit x86). */
export const PTE_PRESENT = 1;
export const PTE_WRITABLE = 2;
export const PTE_USER = 4;
export const PTE_ACCESSED = 0x20;
export const PTE_DIRTY = 0x40;
export const FRAME_MASK = ~(PAGE_SIZE - 1);
/** An entry the fast maps may hold: every kernel access allowed, the dirty bit already set. */
const FULL = PTE_PRESENT | PTE_WRITABLE | PTE_DIRTY;

export class Tlb {
    // (each map the shared empty one until it holds an entry: most vCPUs never turn paging on;
    // only `insert` and `cacheFrame` add, and they take a map of their own first)
    /** Virtual page -> entry (frame | permission bits), in insertion order (FIFO eviction). */
    entries = sharedEmptyMap<number, number>();
    /** The pCPU whose TLB holds them (-1: none yet). */
    pcpu = -1;
    /** Derived, never cloned: virtual page -> the frame's words (see the header). */
    fastKernel = sharedEmptyMap<number, Int32Array>();
    fastUser = sharedEmptyMap<number, Int32Array>();

    lookup(vpn: number): number | undefined {
        return this.entries.get(vpn);
    }

    /** Adds (or replaces) an entry; past `capacity` the oldest goes. */
    insert(vpn: number, entry: number, capacity: number): void {
        if (this.entries.has(vpn)) this.drop(vpn);
        else if (this.entries.size >= capacity) {
            const oldest = this.entries.keys().next().value as number;
            this.drop(oldest);
        }
        this.entries = ownMap(this.entries);
        this.entries.set(vpn, entry);
    }

    /** Lets the executors' fast paths reach this page directly (only for an entry allowing all). */
    cacheFrame(vpn: number, entry: number, words: Int32Array | undefined): void {
        if (words === undefined || (entry & FULL) !== FULL || this.entries.get(vpn) !== entry) return;
        this.fastKernel = ownMap(this.fastKernel);
        this.fastKernel.set(vpn, words);
        if (!(entry & PTE_USER)) return;
        this.fastUser = ownMap(this.fastUser);
        this.fastUser.set(vpn, words);
    }

    /** A page became a write-protected table: the fast paths must not write it any more. */
    uncache(words: Int32Array): void {
        for (const [vpn, w] of this.fastKernel) if (w === words) this.fastKernel.delete(vpn);
        for (const [vpn, w] of this.fastUser) if (w === words) this.fastUser.delete(vpn);
    }

    /** `invlpg`: one page. */
    drop(vpn: number): void {
        this.entries.delete(vpn);
        this.fastKernel.delete(vpn);
        this.fastUser.delete(vpn);
    }

    /** `lcr3`, an untagged VM exit or world switch, a move to another pCPU. */
    flush(): void {
        if (this.entries.size === 0) return;
        this.entries.clear();
        this.fastKernel.clear();
        this.fastUser.clear();
    }

    /**
     * Its vCPU starts a run on pCPU `pcpu`, where `last` ran before (-1: nobody). Moved to another
     * pCPU, it finds none of its entries; on the same one after another vCPU, they survive only if
     * tagged (VPID / ASID).
     */
    dispatched(pcpu: number, vcpu: number, last: number, tagged: boolean): void {
        if (this.pcpu !== pcpu || (last !== vcpu && last !== -1 && !tagged)) this.flush();
        this.pcpu = pcpu;
    }

    clone(): Tlb {
        const t = new Tlb();
        t.entries = copyMap(this.entries);
        t.pcpu = this.pcpu;
        return t;
    }
}

/** A VM's memory figures (results JSON `memory`, beside `swapped`). */
export class MemoryCounts {
    tlbHits = 0;
    tlbMisses = 0;
    walkRefs = 0;
    guestPageFaults = 0;
    hiddenPageFaults = 0;
    pteWrites = 0;
    eptViolations = 0;
    shadowsBuilt = 0;
    refused = 0;
    /** Cycles of page walks after TLB misses (whichever layer made the access). */
    walkCycles = 0;
    /** The hypervisor's cycles for the guest's paging: hidden faults, shadow fills, table writes, true faults injected, EPT violations. */
    pagingCycles = 0;

    clone(): MemoryCounts {
        return Object.assign(new MemoryCounts(), this);
    }
}
