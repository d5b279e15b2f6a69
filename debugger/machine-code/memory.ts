// Raw bytes of simulated memory for VS Code's memory view (DAP readMemory / writeMemory). A
// memory reference names a memory and an address in it — `vm:web:0x1000` (a VM's guest memory)
// or `host:hv:0x0` (a hypervisor's own, where its handler frames keep their stacks) — as data
// breakpoints name words (watches.ts). Memory is made of 32-bit words (simulator/memory.ts);
// bytes are their little-endian parts. Reading never touches a page (an unused page reads 0, as
// the CPU would see it) and never allocates more than the bytes it answers: a request past the
// VM's declared memory ends there (the rest is unreadable), one request answers at most
// MAX_READ_BYTES. Writing changes only pages the guest has already used, like `[a] = v` in the
// Watch view: a first touch costs the simulated machine a page, which the debugger must not add.
import type { Simulation } from '../../simulator/engine.js';
import { PAGE_SIZE, SparseMemory } from '../../simulator/memory.js';
import { hex, type MemorySpace } from '../watches.js';
import { machineCodeMessages as m } from './messages.js';

/** The most bytes one readMemory answers (VS Code's memory view reads far smaller pages). */
export const MAX_READ_BYTES = 1 << 20;
/** Addresses are 32 bits. */
const ADDRESS_SPACE = 2 ** 32;

export interface MemoryPlace {
    space: MemorySpace;
    /** The VM's or hypervisor's name. */
    owner: string;
    address: number;
}

export type Refusal = { error: string };

/** `vm:web:0x1000`. */
export function memoryReference(place: MemoryPlace): string {
    return `${place.space}:${place.owner}:${hex(place.address)}`;
}

const REFERENCE = /^(vm|host):([A-Za-z_][\w-]*):(0x[0-9a-fA-F]{1,8}|[0-9]{1,10})$/;

export function parseMemoryReference(text: string): MemoryPlace | undefined {
    const match = REFERENCE.exec(text.trim());
    if (!match || Number(match[3]) >= ADDRESS_SPACE) return undefined;
    return { space: match[1] as MemorySpace, owner: match[2], address: Number(match[3]) };
}

/** What a read answers: the bytes from `address` on, then how many bytes after them cannot be read. */
export interface MemoryRead {
    address: number;
    data: Uint8Array;
    unreadable: number;
}

interface Resolved {
    memory: SparseMemory;
    /** Addresses at or past this one do not exist (the VM's declared size; 2^32 for a hypervisor). */
    end: number;
    owner: string;
}

export class MemoryView {
    constructor(private readonly sim: Simulation) {}

    /** The memory a reference names, looked up now (a restore replaces the state objects). */
    private resolve(reference: string): (Resolved & { base: number }) | Refusal {
        const place = parseMemoryReference(reference);
        if (!place) return { error: m.badMemoryReference(reference) };
        if (place.space === 'vm') {
            const vm = this.sim.state.vms.find((s) => s.model.name === place.owner);
            if (!vm) return { error: m.noSuchMemory(place.owner) };
            return { memory: vm.memory, end: Math.min(ADDRESS_SPACE, vm.model.memoryBytes), owner: place.owner, base: place.address };
        }
        const host = this.sim.state.hosts.find((h) => h.model.name === place.owner);
        if (!host) return { error: m.noSuchMemory(place.owner) };
        return { memory: host.memory, end: ADDRESS_SPACE, owner: place.owner, base: place.address };
    }

    /** `count` bytes at `reference` + `offset`: what exists of them, then the unreadable rest. */
    read(reference: string, offset: number, count: number): MemoryRead | Refusal {
        const r = this.resolve(reference);
        if ('error' in r) return r;
        const start = r.base + offset;
        if (start < 0) return { address: start, data: new Uint8Array(0), unreadable: Math.min(count, -start) };
        const readable = Math.max(0, Math.min(count, r.end - start, MAX_READ_BYTES));
        const data = new Uint8Array(readable);
        for (let i = 0; i < readable;) {
            // a page at a time; a page never used stays zeros
            const address = start + i;
            const inPage = Math.min(readable - i, PAGE_SIZE - (address % PAGE_SIZE));
            const page = r.memory.view(SparseMemory.pageOf(address));
            if (page) for (let k = 0; k < inPage; k++) data[i + k] = byteOf(page, (address + k) % PAGE_SIZE);
            i += inPage;
        }
        // past the VM's memory nothing can be read; a read cut at MAX_READ_BYTES is asked again from there
        const unreadable = start + readable >= r.end ? Math.max(0, count - readable) : 0;
        return { address: start, data, unreadable };
    }

    /**
     * Writes `bytes` at `reference` + `offset` into pages already in use. `allowPartial`: write
     * up to the first byte that cannot be written and say how many were; else all or nothing.
     */
    write(reference: string, offset: number, bytes: Uint8Array, allowPartial: boolean): { written: number } | Refusal {
        const r = this.resolve(reference);
        if ('error' in r) return r;
        const start = r.base + offset;
        let writable = 0;
        let problem: string | undefined;
        while (writable < bytes.length && problem === undefined) {
            const address = start + writable;
            if (address < 0 || address >= r.end) problem = m.outsideMemory(hex(Math.max(0, address)), r.owner, r.end);
            else if (!r.memory.has(SparseMemory.pageOf(address))) problem = m.pageNotInUse(r.owner, hex(SparseMemory.pageOf(address) * PAGE_SIZE));
            else writable++;
        }
        if (problem !== undefined && (!allowPartial || writable === 0)) return { error: problem };
        for (let i = 0; i < writable; i++) {
            const address = start + i;
            const shift = (address % 4) * 8;
            const word = r.memory.read(address);
            r.memory.write(address, (word & ~(0xff << shift)) | (bytes[i] << shift));
        }
        return { written: writable };
    }
}

/** The byte at `offset` of a page of little-endian words. */
function byteOf(page: Int32Array, offset: number): number {
    return (page[offset >>> 2] >>> ((offset % 4) * 8)) & 0xff;
}
