// Operands and memory: reading an instruction's operands in any frame (registers, integers,
// parameters that keep their kind: device, string or integer), writing its destination, binding
// arguments to a new frame's parameters; checked guest memory accesses, first touches (swap past
// the host's usable memory) and the stack.
import { K, SP } from '../cpu/code.js';
import type { Machine } from '../machine.js';
import { PAGE_SIZE, SparseMemory } from '../memory.js';
import { L_HYPERVISOR, L_KERNEL, PK_DEV, PK_INT, PK_STR, type Frame, type HostState, type VcpuState, type VmState } from '../state.js';
import { charge } from './costs.js';
import { Fault, ResourceLimit } from './stops.js';
import { reason } from '../stop-reason.js';

/** Pages of simulated memory (guest and hypervisor stacks, all VMs) backed by real memory: 256 MiB. */
export const MAX_PAGES = 65_536;

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

/** Binds evaluated arguments to a new frame's parameters. */
export function bind(m: Machine, from: Frame, to: Frame, argk: number[], argv: number[]): void {
    for (let i = 0; i < argk.length; i++) pass(m, from, to, argk[i], argv[i]);
}

/** Checks a guest access and accounts a first touch (swap past the host's usable memory). */
export function touch(m: Machine, vm: VmState, v: VcpuState, f: Frame, address: number): SparseMemory {
    const page = SparseMemory.pageOf(address);
    if (f.layer > L_KERNEL) {
        // handler and driver stacks live in the hypervisor's memory, not the guest's
        const memory = m.state.hosts[vm.model.host.index].memory;
        if (!memory.has(page)) allocatePage(m);
        return memory;
    }
    const declared = vm.model.memoryBytes;
    if (declared > 0 && (address >>> 0) >= declared) {
        throw new Fault('#PF', reason('address-outside-memory', address >>> 0, declared));
    }
    touchGuestPage(m, vm, v, page);
    return vm.memory;
}

/** A guest page, by the CPU or by DMA: the first touch takes real memory and, past the host's usable memory, swaps. */
export function touchGuestPage(m: Machine, vm: VmState, v: VcpuState, page: number): void {
    if (!vm.memory.has(page)) {
        allocatePage(m);
        vm.memory.touch(page);
        const host: HostState = m.state.hosts[vm.model.host.index];
        host.touchedPages++;
        if (host.touchedPages > Math.floor(vm.model.host.usableBytes / PAGE_SIZE)) {
            vm.swappedPages++;
            charge(m, vm, v, L_HYPERVISOR, m.hosts[vm.model.host.index].costs.swap);
        }
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
    touch(m, vm, v, f, sp).write(sp, value);
    f.regs[SP] = sp;
}

export function pop32(m: Machine, vm: VmState, v: VcpuState, f: Frame): number {
    const sp = f.regs[SP];
    const value = touch(m, vm, v, f, sp).read(sp);
    f.regs[SP] = (sp + 4) | 0;
    return value;
}
