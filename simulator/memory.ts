// Sparse guest memory: only touched 4 KiB pages exist, so a VM declared with 64 GiB costs
// nothing until its program stores there. Addresses are byte addresses; memory is read and
// written in aligned 32-bit words (the low two address bits are ignored).
//
// A page exists in one of two representations, which change speed and host memory, never what
// a read returns:
// - *dense*: its 1,024 words in an Int32Array, in `pages` — what the executors' fast paths read
//   and write directly;
// - *sparse*: made (a first touch, an EPT violation's mapping) but reached through this class at
//   most once, holding at most one word. Demand paging touches a fresh page once per fault —
//   often a single store — and allocating and zeroing 4 KiB for it cost more than the fault
//   itself (most of a page-fault-heavy run was the host's allocator and the garbage collector
//   it woke). The second access makes it dense, so a page in real use is sparse for one access.

import { ownMap, sharedEmptyMap } from './shared-empty.js';

export const PAGE_SIZE = 4096;
const WORDS_PER_PAGE = PAGE_SIZE / 4;

/**
 * Fresh pages are cut from slabs of SLAB_PAGES, shared by every memory: one allocation per
 * slab, not one per page — a guest touching a fresh page every few instructions (demand
 * paging) spent most of its page faults allocating. A slab lives while any of its pages does;
 * copies (`clone`) are pages of their own.
 */
const SLAB_PAGES = 256;
let slab = new ArrayBuffer(0);
let slabUsed = SLAB_PAGES;

function newPage(): Int32Array {
    if (slabUsed === SLAB_PAGES) {
        slab = new ArrayBuffer(SLAB_PAGES * PAGE_SIZE);
        slabUsed = 0;
    }
    return new Int32Array(slab, PAGE_SIZE * slabUsed++, WORDS_PER_PAGE);
}

/**
 * Pages are described in groups of GROUP_PAGES (256 KiB of addresses: a VM touching a few
 * scattered pages pays half a KiB for each, not more): per page a state word, and beside it (at
 * GROUP_PAGES + the page's index) a sparse page's one word's value.
 */
const GROUP_SHIFT = 6;
const GROUP_PAGES = 1 << GROUP_SHIFT;
/** Page states: no page; dense (in `pages`); sparse and never reached; sparse, read once (all zeros). */
const ABSENT = 0;
const DENSE = 1;
const FRESH = 2;
const READ_ONCE = 3;
/** Sparse, written once: ONE_WORD + the index of its one word (whose value is in the group). */
const ONE_WORD = 4;

export class SparseMemory {
    // (both maps the shared empty one until a page is made: most memories -- a bare VM's, a
    // device's media -- never hold one; `groupOf` and `densify` take maps of their own)
    /** The dense pages: page number -> its words (the executors' fast paths use this map as it is). */
    pages = sharedEmptyMap<number, Int32Array>();
    /** Every page's state, by group (page number ÷ GROUP_PAGES). */
    private groups = sharedEmptyMap<number, Int32Array>();
    private count = 0;

    /** Page number of an address (unsigned). */
    static pageOf(address: number): number {
        return Math.floor((address >>> 0) / PAGE_SIZE);
    }

    has(page: number): boolean {
        const group = this.groups.get(page >>> GROUP_SHIFT);
        return group !== undefined && group[page & (GROUP_PAGES - 1)] !== ABSENT;
    }

    read(address: number): number {
        const n = SparseMemory.pageOf(address);
        const words = this.pages.get(n);
        const word = ((address >>> 0) % PAGE_SIZE) >>> 2;
        if (words) return words[word];
        const group = this.groups.get(n >>> GROUP_SHIFT);
        if (group === undefined) return 0;
        const i = n & (GROUP_PAGES - 1);
        const state = group[i];
        if (state === ABSENT) return 0;
        if (state === FRESH) {
            group[i] = READ_ONCE;
            return 0;
        }
        return this.densify(n, group, i)[word];
    }

    write(address: number, value: number): void {
        const n = SparseMemory.pageOf(address);
        const words = this.pages.get(n);
        const word = ((address >>> 0) % PAGE_SIZE) >>> 2;
        if (words) {
            words[word] = value;
            return;
        }
        const group = this.groupOf(n);
        const i = n & (GROUP_PAGES - 1);
        const state = group[i];
        if (state === ABSENT) this.count++;
        if (state === ABSENT || state === FRESH) {
            group[i] = ONE_WORD + word;
            group[GROUP_PAGES + i] = value;
        } else {
            this.densify(n, group, i)[word] = value;
        }
    }

    /** Makes a page exist (a read of a never-written page still touches it). */
    touch(page: number): void {
        if (!this.has(page)) this.add(page);
    }

    /** A page that does not exist yet, made (zeroed, sparse until it is used). */
    add(page: number): void {
        this.groupOf(page)[page & (GROUP_PAGES - 1)] = FRESH;
        this.count++;
    }

    /**
     * The words of a page the executors' fast paths may now reach directly: only a page already
     * reached once (a sparse page's first access stays here, where it costs no page of its own).
     */
    reachable(page: number): Int32Array | undefined {
        const words = this.pages.get(page);
        if (words !== undefined) return words;
        const group = this.groups.get(page >>> GROUP_SHIFT);
        const i = page & (GROUP_PAGES - 1);
        return group === undefined || group[i] < READ_ONCE ? undefined : this.densify(page, group, i);
    }

    /** The word at `address` without changing how its page is kept (hashes, comparisons). */
    peek(address: number): number {
        const n = SparseMemory.pageOf(address);
        const word = ((address >>> 0) % PAGE_SIZE) >>> 2;
        const words = this.pages.get(n);
        if (words) return words[word];
        const group = this.groups.get(n >>> GROUP_SHIFT);
        const i = n & (GROUP_PAGES - 1);
        return group !== undefined && group[i] === ONE_WORD + word ? group[GROUP_PAGES + i] : 0;
    }

    /**
     * The words of a page in use without changing how it is kept (comparisons, debugger views):
     * a dense page's own words -- only to read -- or a sparse page's as a copy.
     */
    view(page: number): Int32Array | undefined {
        const words = this.pages.get(page);
        if (words !== undefined) return words;
        const group = this.groups.get(page >>> GROUP_SHIFT);
        const i = page & (GROUP_PAGES - 1);
        if (group === undefined || group[i] === ABSENT) return undefined;
        const copy = new Int32Array(WORDS_PER_PAGE);
        if (group[i] >= ONE_WORD) copy[group[i] - ONE_WORD] = group[GROUP_PAGES + i];
        return copy;
    }

    /** The numbers of the pages in use, in no particular order. */
    *pageNumbers(): IterableIterator<number> {
        for (const [g, group] of this.groups) {
            for (let i = 0; i < GROUP_PAGES; i++) if (group[i] !== ABSENT) yield g * GROUP_PAGES + i;
        }
    }

    get touchedPages(): number {
        return this.count;
    }

    clone(): SparseMemory {
        const copy = new SparseMemory();
        if (this.pages.size > 0) copy.pages = new Map();
        for (const [n, page] of this.pages) copy.pages.set(n, page.slice());
        if (this.groups.size > 0) copy.groups = new Map();
        for (const [g, group] of this.groups) copy.groups.set(g, group.slice());
        copy.count = this.count;
        return copy;
    }

    private groupOf(page: number): Int32Array {
        let group = this.groups.get(page >>> GROUP_SHIFT);
        if (group === undefined) {
            group = new Int32Array(2 * GROUP_PAGES);
            this.groups = ownMap(this.groups);
            this.groups.set(page >>> GROUP_SHIFT, group);
        }
        return group;
    }

    /** Sparse page `page` (index `i` of `group`) as a dense one: its words. */
    private densify(page: number, group: Int32Array, i: number): Int32Array {
        const words = newPage();
        if (group[i] >= ONE_WORD) words[group[i] - ONE_WORD] = group[GROUP_PAGES + i];
        group[i] = DENSE;
        this.pages = ownMap(this.pages);
        this.pages.set(page, words);
        return words;
    }
}
