// `translate(0x400123)`: the walk of a virtual address through a vCPU's page tables, step by
// step, as the debugger shows it (LANGUAGE.md §11): the TLB, the directory entry, the table
// entry, the guest-physical address; under nested paging the nested (EPT/NPT) step, under
// shadow paging the shadow's entry beside the guest's. It only reads: unlike the MMU's walk
// (simulator/machine/mmu.ts) it fills no TLB entry, sets no accessed or dirty bit, touches no
// page and charges no cycle, so looking never changes the run.
import type { Simulation } from '../../simulator/engine.js';
import { walkRefs } from '../../simulator/machine/mmu.js';
import type { VcpuState, VmState } from '../../simulator/state.js';
import { FRAME_MASK, PTE_ACCESSED, PTE_DIRTY, PTE_PRESENT, PTE_USER, PTE_WRITABLE } from '../../simulator/tlb.js';
import { group, leaf, type VarNode } from '../var-node.js';
import { memoryMessages as mm } from './messages.js';

export const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

const FLAG_NAMES: readonly [number, string][] = [
    [PTE_PRESENT, 'present'], [PTE_WRITABLE, 'writable'], [PTE_USER, 'user'], [PTE_ACCESSED, 'accessed'], [PTE_DIRTY, 'dirty'],
];

/** An entry's bits as x86 names them: `(present, writable, user)`; `(not present)`. */
export function flagsText(entry: number): string {
    if ((entry & PTE_PRESENT) === 0) return `(${mm.notPresent()})`;
    return `(${FLAG_NAMES.filter(([bit]) => (entry & bit) !== 0).map(([, name]) => name).join(', ')})`;
}

/** Nested paging is Intel's EPT or AMD's NPT, by the hardware's extensions. */
export function nestedName(sim: Simulation, vm: VmState): string {
    const extensions = sim.model.vms[vm.model.index].host.extensions;
    return extensions.includes('npt') && !extensions.includes('ept') ? 'NPT' : 'EPT';
}

/** One table entry read for the walk: its address, its value and its bits. */
function entryNode(name: string, address: number, value: number): VarNode {
    return group(name, [leaf('address', hex(address)), leaf('value', value >>> 0, hex(value)), leaf('flags', flagsText(value))], `[${hex(address)}] = ${hex(value)} ${flagsText(value)}`);
}

/** How the walk of `va` ends, with what it read on the way. */
interface WalkEnd {
    steps: VarNode[];
    /** The guest-physical address, if the tables map `va`. */
    physical?: number;
    result: string;
    /** The guest table page holding the entry for `va` (the one the monitor write-protects). */
    tablePage?: number;
    /** The access the two levels allow together, when they map `va`. */
    allowed?: number;
}

/** Reads the guest's two levels for `va` (never past the VM's memory: that is refused, as the MMU does). */
function walkTables(vm: VmState, cr3: number, va: number): WalkEnd {
    const declared = vm.model.memoryBytes;
    const outside = (a: number): boolean => declared > 0 && a >>> 0 >= declared;
    const steps: VarNode[] = [];
    const pdeAddress = ((cr3 & FRAME_MASK) >>> 0) + (va >>> 22) * 4;
    if (outside(pdeAddress)) return { steps, result: mm.walkRefused(hex(pdeAddress)) };
    const pde = vm.memory.read(pdeAddress);
    steps.push(entryNode('directory_entry', pdeAddress, pde));
    if ((pde & PTE_PRESENT) === 0) return { steps, result: mm.walkFault(mm.notPresent()) };
    const pteAddress = ((pde & FRAME_MASK) >>> 0) + ((va >>> 12) & 0x3ff) * 4;
    if (outside(pteAddress)) return { steps, result: mm.walkRefused(hex(pteAddress)) };
    const pte = vm.memory.read(pteAddress);
    steps.push(entryNode('table_entry', pteAddress, pte));
    const tablePage = pteAddress >>> 12;
    if ((pte & PTE_PRESENT) === 0) return { steps, result: mm.walkFault(mm.notPresent()), tablePage };
    const frame = (pte & FRAME_MASK) >>> 0;
    if (outside(frame)) return { steps, result: mm.walkRefused(hex(frame)), tablePage };
    const physical = (frame | (va & 0xfff)) >>> 0;
    // the access the two levels allow together (present: both are)
    const allowed = (pde & pte & (PTE_WRITABLE | PTE_USER)) | PTE_PRESENT;
    steps.push(leaf('guest_physical', hex(physical)));
    return { steps, physical, result: `${mm.guestPhysical(hex(physical))} ${flagsText(allowed)}`, tablePage, allowed };
}

/**
 * Whether the guest's own tables allow an access at `va` with page-fault error code bits `code`
 * (write, user): what the monitor's `hw shadow_fill` will find — a fill, or a true page fault.
 */
export function guestAllows(vm: VmState, cr3: number, va: number, code: number): boolean {
    const end = walkTables(vm, cr3, va);
    if (end.allowed === undefined) return false;
    return ((code & 2) === 0 || (end.allowed & PTE_WRITABLE) !== 0) && ((code & 4) === 0 || (end.allowed & PTE_USER) !== 0);
}

/** The nested (EPT/NPT) dimension: each guest-physical page the walk reads or reaches, backed or not. */
function nestedSteps(sim: Simulation, vm: VmState, v: VcpuState, va: number, end: WalkEnd): VarNode[] {
    const name = nestedName(sim, vm);
    const host = sim.machine.hosts[vm.model.host.index];
    const page = (a: number) => {
        const p = a >>> 12;
        return leaf(hex(p << 12), vm.memory.has(p) ? 1 : 0, vm.memory.has(p) ? mm.eptBacked(hex(p << 12)) : mm.eptUnbacked(hex(p << 12), name));
    };
    const pages = [page(v.cr3)];
    const pde = vm.memory.read(((v.cr3 & FRAME_MASK) >>> 0) + (va >>> 22) * 4);
    if (pde & PTE_PRESENT) pages.push(page(pde & FRAME_MASK));
    if (end.physical !== undefined) pages.push(page(end.physical));
    const steps = [group(name.toLowerCase(), pages, mm.eptWalk(walkRefs(host)))];
    if (end.physical !== undefined) steps.push(pages[pages.length - 1].value === 1 ? leaf('host_physical', mm.eptBacked(hex(end.physical & FRAME_MASK))) : leaf('host_physical', mm.eptUnbacked(hex(end.physical & FRAME_MASK), name)));
    return steps;
}

/** Under shadow paging: the shadow's entry for `va` beside the guest's. */
function shadowSteps(vm: VmState, v: VcpuState, va: number, end: WalkEnd): VarNode[] {
    const filled = vm.shadow.roots.get(v.cr3);
    const vpn = va >>> 12;
    let entry: string;
    if (filled === undefined) entry = mm.shadowNoRoot();
    else if (filled.has(vpn) && end.physical !== undefined) entry = mm.shadowFilled(hex(end.physical & FRAME_MASK));
    else entry = mm.shadowEmpty();
    return [leaf('shadow_entry', entry)];
}

/** The guest table page holding the entry (shadow, direct): write-protected once a walk used it. */
function tablePageStep(vm: VmState, paging: string, end: WalkEnd): VarNode[] {
    if (end.tablePage === undefined) return [];
    const protectedWords = paging === 'direct' ? mm.directTable() : mm.tableProtected();
    return [leaf('table_page', hex(end.tablePage << 12), vm.shadow.tables.has(end.tablePage) ? protectedWords : mm.tableOpen())];
}

/** The TLB's entry for `va` on the vCPU's pCPU, or what a miss would cost. */
function tlbStep(sim: Simulation, vm: VmState, v: VcpuState, va: number): VarNode {
    const entry = v.tlb.lookup(va >>> 12);
    const refs = walkRefs(sim.machine.hosts[vm.model.host.index]);
    return entry === undefined ? leaf('tlb', mm.tlbMiss(refs)) : leaf('tlb', mm.tlbHit(`${hex(entry & FRAME_MASK)} ${flagsText(entry)}`));
}

/** `translate(va)` for vCPU `vcpuId`: a group whose value is the outcome and whose children are the walk. */
export function translation(sim: Simulation, vcpuId: number, va: number): VarNode {
    const v = sim.state.vcpus[vcpuId];
    const vm = sim.state.vms[v.vm];
    const paging = sim.machine.hosts[vm.model.host.index].paging;
    const name = `translate(${hex(va)})`;
    if (!v.paging) return group(name, [leaf('paging', 'off', mm.pagingOff())], mm.walkPagingOff(hex(va)));
    const end = walkTables(vm, v.cr3, va);
    const steps = [leaf('paging', paging), leaf('cr3', hex(v.cr3)), tlbStep(sim, vm, v, va), ...end.steps];
    if (paging === 'nested') steps.push(...nestedSteps(sim, vm, v, va, end));
    if (paging === 'shadow') steps.push(...shadowSteps(vm, v, va, end));
    if (paging === 'shadow' || paging === 'direct') steps.push(...tablePageStep(vm, paging, end));
    const summary = `${hex(va)} → ${end.result}`;
    steps.push(leaf('result', summary));
    return group(name, steps, summary);
}
