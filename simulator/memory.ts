// Sparse guest memory: only touched 4 KiB pages exist, so a VM declared with 64 GiB costs
// nothing until its program stores there. Addresses are byte addresses; memory is read and
// written in aligned 32-bit words (the low two address bits are ignored).

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

export class SparseMemory {
    pages = new Map<number, Int32Array>();

    /** Page number of an address (unsigned). */
    static pageOf(address: number): number {
        return Math.floor((address >>> 0) / PAGE_SIZE);
    }

    has(page: number): boolean {
        return this.pages.has(page);
    }

    read(address: number): number {
        const page = this.pages.get(SparseMemory.pageOf(address));
        return page ? page[((address >>> 0) % PAGE_SIZE) >>> 2] : 0;
    }

    write(address: number, value: number): void {
        const n = SparseMemory.pageOf(address);
        let page = this.pages.get(n);
        if (!page) {
            page = newPage();
            this.pages.set(n, page);
        }
        page[((address >>> 0) % PAGE_SIZE) >>> 2] = value;
    }

    /** Makes a page exist (a read of a never-written page still touches it). */
    touch(page: number): void {
        if (!this.pages.has(page)) this.add(page);
    }

    /** A page that does not exist yet, made (zeroed): its words. */
    add(page: number): Int32Array {
        const words = newPage();
        this.pages.set(page, words);
        return words;
    }

    get touchedPages(): number {
        return this.pages.size;
    }

    clone(): SparseMemory {
        const copy = new SparseMemory();
        for (const [n, page] of this.pages) copy.pages.set(n, page.slice());
        return copy;
    }
}
