// Sparse guest memory: only touched 4 KiB pages exist, so a VM declared with 64 GiB costs
// nothing until its program stores there. Addresses are byte addresses; memory is read and
// written in aligned 32-bit words (the low two address bits are ignored).

export const PAGE_SIZE = 4096;
const WORDS_PER_PAGE = PAGE_SIZE / 4;

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
            page = new Int32Array(WORDS_PER_PAGE);
            this.pages.set(n, page);
        }
        page[((address >>> 0) % PAGE_SIZE) >>> 2] = value;
    }

    /** Makes a page exist (a read of a never-written page still touches it). */
    touch(page: number): void {
        if (!this.pages.has(page)) this.pages.set(page, new Int32Array(WORDS_PER_PAGE));
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
