// What a guest can see of itself, and where two runs of it disagree (LANGUAGE.md §13): the
// registers, flags and program counter of its guest-layer frames (user program, syscall bodies,
// kernel handlers), its interrupt flag, its memory words, its console bytes and whether it is
// still running. Hypervisor, host and hardware frames are not the guest's: under `full` an `out`
// runs a trap handler for many steps, natively none, and both are one guest instruction.
import { OP, SP, type Instr } from '../cpu/code.js';
import type { Simulation } from '../engine.js';
import { L_KERNEL, type Frame, type VcpuState, type VmState } from '../state.js';

/** One difference at a guest instruction boundary: what differs and the two values. */
export interface Difference {
    what: string;
    native: number | string;
    virtual: number | string;
}

const REGISTER_NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'sp'];

/**
 * The vCPU is at a guest instruction boundary: its innermost frame is the guest's, or it is done
 * (a trapped `hlt` ends the VM inside the monitor's handler, a native one in the guest).
 */
export function atGuestBoundary(v: VcpuState): boolean {
    const f = v.frames[v.frames.length - 1];
    return v.done || (f !== undefined && f.layer <= L_KERNEL);
}

/** The guest instruction the vCPU is about to run (undefined once it is done). */
export function nextGuestInstruction(v: VcpuState): Instr | undefined {
    const f = v.frames[v.frames.length - 1];
    return f?.code?.instrs[f.pc];
}

/**
 * Timing is not a divergence (without `strictTiming`): after an `rdtsc` both runs read the same
 * clock, the number of guest instructions compared so far, so what follows does not differ either.
 */
export function hideTiming(v: VcpuState, executed: Instr | undefined, clock: number): void {
    if (executed?.op !== OP.rdtsc) return;
    const f = v.frames[v.frames.length - 1];
    if (f && f.layer <= L_KERNEL && executed.ak === 1 /* K.reg */) f.regs[executed.av] = clock;
}

/** A hash of the vCPU's registers, flags, interrupt flag and the VM's console length: equal states give equal hashes. */
export function foldGuestState(h: number, v: VcpuState, vm: VmState): number {
    h = mix(h, v.done ? -1 : v.iflag ? 1 : 0);
    h = mix(h, vm.consoleBytes);
    for (const f of v.frames) {
        if (f.layer > L_KERNEL) continue;
        h = mix(h, f.pc);
        h = mix(h, (f.zf ? 1 : 0) | (f.sf ? 2 : 0));
        for (let i = 0; i < f.regs.length; i++) h = mix(h, f.regs[i]);
    }
    return h;
}

/**
 * The hash after a sensitive instruction (side.ts): its count, the state `foldGuestState` sees,
 * and the word at the top of the guest's stack (where `pushf` writes; without paging, where
 * addresses are the VM's own).
 */
export function foldSample(h: number, count: number, v: VcpuState, vm: VmState): number {
    h = foldGuestState(mix(h, count), v, vm);
    const frames = guestFrames(v);
    const f = frames[frames.length - 1];
    if (f && !v.paging) {
        const sp = f.regs[SP] >>> 0;
        h = mix(h, vm.memory.peek(sp));
    }
    return h;
}

function mix(h: number, x: number): number {
    return Math.imul(h ^ (x | 0), 0x01000193) ^ (h >>> 15);
}

/** The first difference between the guest states of the two runs (vCPU by vCPU), or undefined. */
export function diffGuests(native: Simulation, virtual: Simulation): Difference | undefined {
    const nvm = native.state.vms[0];
    const vvm = virtual.state.vms[0];
    for (let i = 0; i < nvm.vcpus.length; i++) {
        const d = diffVcpu(native.state.vcpus[nvm.vcpus[i]], virtual.state.vcpus[vvm.vcpus[i]]);
        if (d) return d;
    }
    return diffConsole(nvm, vvm) ?? diffMemory(nvm, vvm) ?? diffStatus(nvm, vvm);
}

function guestFrames(v: VcpuState): Frame[] {
    return v.frames.filter((f) => f.layer <= L_KERNEL);
}

function diffVcpu(n: VcpuState, v: VcpuState): Difference | undefined {
    // once both stopped, nothing runs that could see the registers (a trapped `hlt` never returns)
    if (n.done && v.done) return undefined;
    const nf = guestFrames(n);
    const vf = guestFrames(v);
    // innermost first: that is where the instruction just ran
    for (let k = 1; k <= Math.min(nf.length, vf.length); k++) {
        const d = diffFrame(nf[nf.length - k], vf[vf.length - k]);
        if (d) return d;
    }
    if (nf.length !== vf.length) return { what: 'layer', native: nameOf(nf), virtual: nameOf(vf) };
    if (n.done !== v.done) return { what: 'running', native: n.done ? 'done' : 'running', virtual: v.done ? 'done' : 'running' };
    if (!n.done && n.iflag !== v.iflag) return { what: 'if', native: n.iflag ? 1 : 0, virtual: v.iflag ? 1 : 0 };
    return undefined;
}

function nameOf(frames: Frame[]): string {
    return frames[frames.length - 1]?.name ?? '—';
}

function diffFrame(n: Frame, v: Frame): Difference | undefined {
    if (n.code !== undefined && v.code !== undefined && n.code.name !== v.code.name) return { what: 'layer', native: n.name, virtual: v.name };
    if (n.pc !== v.pc) return { what: 'pc', native: lineAt(n), virtual: lineAt(v) };
    for (let i = 0; i < n.regs.length; i++) {
        if (n.regs[i] !== v.regs[i]) return { what: REGISTER_NAMES[i] ?? `r${i}`, native: n.regs[i], virtual: v.regs[i] };
    }
    if (n.zf !== v.zf) return { what: 'zf', native: n.zf ? 1 : 0, virtual: v.zf ? 1 : 0 };
    if (n.sf !== v.sf) return { what: 'sf', native: n.sf ? 1 : 0, virtual: v.sf ? 1 : 0 };
    return undefined;
}

/** A frame's place as `line N` (where it will go on). */
function lineAt(f: Frame): string {
    const ins = f.code?.instrs[Math.min(f.pc, f.code.instrs.length - 1)];
    return ins ? `line ${ins.loc.line}` : `pc ${f.pc}`;
}

function diffConsole(n: VmState, v: VmState): Difference | undefined {
    if (n.consoleBytes === v.consoleBytes && n.console === v.console) return undefined;
    let i = 0;
    while (i < n.console.length && i < v.console.length && n.console[i] === v.console[i]) i++;
    return { what: 'console', native: excerpt(n.console, i), virtual: excerpt(v.console, i) };
}

/** The console from its first differing character (a few of them). */
function excerpt(text: string, from: number): string {
    return JSON.stringify(text.slice(from, from + 16)) + (text.length > from + 16 ? '…' : '');
}

function diffMemory(n: VmState, v: VmState): Difference | undefined {
    let first: Difference | undefined;
    let firstAddress = Infinity;
    const check = (page: number): void => {
        const a = n.memory.view(page);
        const b = v.memory.view(page);
        for (let w = 0; w < 1024; w++) {
            const x = a ? a[w] : 0;
            const y = b ? b[w] : 0;
            if (x === y) continue;
            const address = page * 4096 + w * 4;
            if (address < firstAddress) {
                firstAddress = address;
                first = { what: `[0x${address.toString(16)}]`, native: x, virtual: y };
            }
            return;
        }
    };
    for (const page of n.memory.pageNumbers()) check(page);
    for (const page of v.memory.pageNumbers()) if (!n.memory.has(page)) check(page);
    return first;
}

function diffStatus(n: VmState, v: VmState): Difference | undefined {
    if (n.status === v.status) return undefined;
    return { what: 'status', native: n.status, virtual: v.status };
}

/** The guest's registers, flags and interrupt flag as the debugger's Native scope shows them (its innermost guest frame). */
export function guestValues(sim: Simulation, vcpu: number): Record<string, number> {
    const v = sim.state.vcpus[vcpu];
    const frames = guestFrames(v);
    const f = frames[frames.length - 1];
    const values: Record<string, number> = {};
    if (f) REGISTER_NAMES.forEach((name, i) => (values[name] = f.regs[i]));
    if (f) Object.assign(values, { zf: f.zf ? 1 : 0, sf: f.sf ? 1 : 0 });
    values.if = v.iflag ? 1 : 0;
    return values;
}

/** Where the guest of a run is: its simple instructions so far, and the body and index of its next guest instruction. */
export function guestPlace(sim: Simulation, vcpu: number): { instructions: number; code: string; pc: number } {
    const v = sim.state.vcpus[vcpu];
    const frames = guestFrames(v);
    const f = frames[frames.length - 1];
    return { instructions: sim.state.vms[v.vm].instructions, code: f?.code?.name ?? '', pc: f?.pc ?? -1 };
}

/** What the editor's side-by-side view shows of one run at a divergence (`vmdef compare --states`). */
export interface GuestState {
    /** r0–r7, sp, zf, sf and the interrupt flag `if`, as guestValues gives them. */
    values: Record<string, number>;
    /** The console's last characters (a few, JSON-quoted like the console difference). */
    console: string;
    status: string;
}

const CONSOLE_TAIL = 16;

export function guestState(sim: Simulation, vcpu: number): GuestState {
    const vm = sim.state.vms[sim.state.vcpus[vcpu].vm];
    return { values: guestValues(sim, vcpu), console: JSON.stringify(vm.console.slice(-CONSOLE_TAIL)), status: vm.status };
}
