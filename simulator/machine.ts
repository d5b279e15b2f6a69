// One step of one vCPU, in whatever layer it is: the exact interpreter (a `switch` over
// compiled instructions, exact pc at every instruction), the hypervisor's handling of every
// sensitive instruction per technique, Type 2 host drivers and world switches, and the
// unified hardware commands. The scheduler (engine.ts) decides which vCPU steps when.
//
// Cycle model (all in host cycles, each charged to exactly one layer of the VM):
//   simple instruction (any layer)            `instruction`            that frame's layer
//   syscall (user → kernel)                   `syscall`                kernel
//     + under binary translation              `syscall_bt`             hypervisor
//   trap (full / para, privileged in kernel)  `trap`                   hypervisor
//   callout (binary, sensitive in kernel)     `callout`                hypervisor
//   translating a kernel basic block (binary) `translate`, once/block  hypervisor
//   VM exit (hardware)                        `exit`                   hypervisor
//   hypercall (para)                          `hypercall`              hypervisor
//   Type 2 hardware command via host driver   `world_switch` × 2       host
//   hw command with a cost (io, timer, mmu, emulate)                   the issuing layer
//   first touch of a page past the host's usable memory  `swap`       hypervisor
// The trapping / exiting / calling instruction itself costs only its trap, exit or call.
import { EXIT_REASON, HW_COMMANDS, VMX_EXIT, type CostTable } from '../language/isa.js';
import {
    CLS_PRIVILEGED, CLS_REVEALING, CLS_SENSITIVE, HW, HW_INFO, K, OP, SP, type Code, type Instr,
} from './cpu/code.js';
import {
    alu, divideFaults, flagsWord, FLAG_IF, FLAG_SF, FLAG_ZF, GUEST_GDT_BASE, GUEST_IDT_BASE, GUEST_MSW,
    HOST_CPUID, HOST_GDT_BASE, HOST_IDT_BASE, HOST_MSW, jumpTaken, VIRTUAL_CPUID,
} from './cpu/semantics.js';
import { PAGE_SIZE, SparseMemory } from './memory.js';
import type { HostModel, Technique, VmModel } from './model.js';
import {
    Frame, L_HOST, L_HYPERVISOR, L_KERNEL, PK_DEV, PK_INT, PK_STR,
    type FrameKind, type HostState, type PcpuState, type SimState, type VcpuState, type VmState,
} from './state.js';

/** Nested `call`s deeper than this are a stack overflow (#SS): a runaway recursion is bounded. */
export const MAX_CALL_DEPTH = 4096;

/** Code the machine needs, resolved per host and per VM by the engine. */
export interface HostCode {
    model: HostModel;
    technique: Technique;
    costs: CostTable;
    /** Handler code per opcode that traps / exits / calls out (index: OP). */
    trapHandler: (Code | undefined)[];
    /** Frame names per opcode: `trap io_out`, `VM exit 30 IO_INSTRUCTION`, `callout io_out`. */
    trapName: string[];
    hypercalls: Map<string, Code>;
    /** Type 2: the host OS's drivers by hardware command name. */
    drivers: Map<string, Code>;
    hostOsName: string;
    /** Hardware-assisted with EPT or NPT: lcr3 and invlpg run in the guest without exits. */
    nestedPaging: boolean;
}

export interface VmCode {
    model: VmModel;
    syscalls: Map<string, Code>;
}

export interface MachineListener {
    console?(vm: string, text: string, time: number): void;
    transition?(t: Transition): void;
    stop?(s: StopEvent): void;
}

/** A layer change of one vCPU: entering a frame or returning from one. */
export interface Transition {
    vcpu: string;
    time: number;
    direction: 'enter' | 'leave';
    from: FrameKind;
    to: FrameKind;
    /** The frame entered or left. */
    name: string;
}

export type StopKind = 'fault' | 'halt' | 'limit' | 'host-failed' | 'fidelity' | 'breakpoint';

export interface StopEvent {
    kind: StopKind;
    vm: string;
    vcpu?: string;
    message: string;
    at?: { file: string; line: number; column: number };
    time: number;
}

/** Raised inside a step; turned into the VM's `faulted` status. */
class Fault {
    constructor(readonly vector: string, readonly message: string) {}
}

/** A bound of the simulator itself was reached: the VM stops with status `limit`. */
class ResourceLimit extends Fault {
    constructor(message: string) {
        super('limit', message);
    }
}

/** Pages of simulated memory (guest and hypervisor stacks, all VMs) backed by real memory: 256 MiB. */
export const MAX_PAGES = 65_536;

/** Register files kept for reuse (bounded: a deep stack unwinding once need not be kept). */
const SPARE_REGS = 32;

const HW_NAMES = Object.keys(HW_COMMANDS);

export class Machine {
    state!: SimState;
    /** The pCPU the current chunk runs on (set by the engine before stepping). */
    cpu!: PcpuState;
    listener: MachineListener = {};
    /** Set when a listened-for stop happened during the last step (debugger: pause). */
    stopEvent: StopEvent | undefined;

    // scratch for argument evaluation (no allocation per instruction)
    private k = 0;
    private v = 0;

    constructor(
        readonly strings: string[],
        readonly hosts: HostCode[],
        readonly vms: VmCode[],
        /** Called when a vCPU can no longer run (halted, faulted, killed) or gives its pCPU back. */
        readonly onDescheduled: (v: VcpuState) => void,
    ) {}

    // ------------------------------------------------------------------ accounting

    private charge(vm: VmState, v: VcpuState, layer: number, n: number): void {
        vm.cycles[layer] += n;
        v.ran += n;
        this.cpu.time += n;
    }

    private countExit(vm: VmState, reason: string | undefined): void {
        if (reason) vm.exits[reason] = (vm.exits[reason] ?? 0) + 1;
    }

    private emitStop(kind: StopKind, vm: VmState, v: VcpuState | undefined, message: string, at?: Instr['loc']): void {
        const event: StopEvent = { kind, vm: vm.model.name, vcpu: v?.name, message, at, time: this.cpu?.time ?? 0 };
        this.stopEvent = event;
        this.listener.stop?.(event);
    }

    // ------------------------------------------------------------------ frames

    /** Register files of returned frames, zeroed, for the next frames (a new Int32Array costs ~100 ns). */
    private readonly spareRegs: Int32Array[] = [];

    private frame(kind: FrameKind, name: string, code: Code | undefined, user: boolean, layer: number, at?: Instr['loc']): Frame {
        return new Frame(kind, name, code, user, layer, at, this.spareRegs.pop());
    }

    /** A returned frame is never looked at again (snapshots copy registers): its registers are reused. */
    private recycle(f: Frame): void {
        if (this.spareRegs.length >= SPARE_REGS) return;
        const r = f.regs;
        // nine stores: cheaper than the `fill` builtin call
        r[0] = 0; r[1] = 0; r[2] = 0; r[3] = 0; r[4] = 0; r[5] = 0; r[6] = 0; r[7] = 0; r[8] = 0;
        this.spareRegs.push(r);
    }

    private push(v: VcpuState, frame: Frame): void {
        const from = v.frames[v.frames.length - 1];
        v.frames.push(frame);
        if (this.listener.transition) {
            this.listener.transition({ vcpu: v.name, time: this.cpu.time, direction: 'enter', from: from?.kind ?? 'guest', to: frame.kind, name: frame.name });
        }
    }

    /** Moves past the current instruction; a body that runs off its end returns. */
    private advance(vm: VmState, v: VcpuState, f: Frame): void {
        f.pc++;
        if (f.pc >= f.code!.instrs.length) this.finish(vm, v, f);
    }

    /** The top frame ran off its end: return from it (used by executors after a run of simple instructions). */
    finishFrame(v: VcpuState): void {
        const vm = this.state.vms[v.vm];
        this.finish(vm, v, v.frames[v.frames.length - 1]);
    }

    /** A frame is done: hand its r0 to the frame below and complete the instruction that entered it. */
    private finish(vm: VmState, v: VcpuState, f: Frame): void {
        if (v.frames.length === 1) {
            // the guest program ran off its end (or returned): this vCPU has nothing left
            this.halt(vm, v, 'program ended');
            return;
        }
        v.frames.pop();
        const parent = v.frames[v.frames.length - 1];
        if (this.listener.transition) {
            this.listener.transition({ vcpu: v.name, time: this.cpu.time, direction: 'leave', from: f.kind, to: parent.kind, name: f.name });
        }
        const host = this.hosts[vm.model.host.index];
        if (f.kind === 'host') this.charge(vm, v, L_HOST, host.costs.world_switch);
        const result = f.regs[0];
        this.recycle(f);
        if (parent.kind === 'hardware') {
            // cannot happen: hardware frames have no children
            return;
        }
        const ins = parent.code!.instrs[parent.pc];
        this.complete(vm, v, parent, ins, result);
    }

    /** Writes a handler's, syscall's or hardware command's result where the instruction wants it, then moves on. */
    private complete(vm: VmState, v: VcpuState, f: Frame, ins: Instr, result: number): void {
        switch (ins.op) {
            case 30 satisfies typeof OP.syscall:
            case 46 satisfies typeof OP.hypercall:
                f.regs[0] = result;
                break;
            case 47 satisfies typeof OP.hw:
                if (ins.hw >= 0 && HW_INFO[ins.hw].result) f.regs[0] = result;
                break;
            case 31 satisfies typeof OP.in:
            case 41 satisfies typeof OP.sgdt:
            case 42 satisfies typeof OP.sidt:
            case 43 satisfies typeof OP.smsw:
            case 44 satisfies typeof OP.cpuid:
            case 45 satisfies typeof OP.rdtsc:
                this.setDest(f, ins.ak, ins.av, result);
                break;
            case 40 satisfies typeof OP.pushf:
                this.push32(vm, v, f, result);
                break;
        }
        if (v.done) return;
        this.advance(vm, v, f);
    }

    // ------------------------------------------------------------------ operands

    private read(f: Frame, k: number, v: number): number {
        switch (k) {
            case 1 satisfies typeof K.reg: return f.regs[v];
            case 2 satisfies typeof K.imm: return v;
            case 5 satisfies typeof K.param: return f.pv[v] ?? 0;
            case 3 satisfies typeof K.str: return v;
            case 4 satisfies typeof K.dev: return v;
        }
        if (k === K.unresolved) throw new Fault('#UD', `'${this.strings[v]}' is not a parameter or a device of this host`);
        throw new Fault('#UD', 'missing operand');
    }

    /** Evaluates an argument into this.k / this.v (a parameter keeps its kind: device, string or integer). */
    private arg(f: Frame, k: number, v: number): void {
        switch (k) {
            case 1 satisfies typeof K.reg: this.k = PK_INT; this.v = f.regs[v]; return;
            case 2 satisfies typeof K.imm: this.k = PK_INT; this.v = v; return;
            case 3 satisfies typeof K.str: this.k = PK_STR; this.v = v; return;
            case 4 satisfies typeof K.dev: this.k = PK_DEV; this.v = v; return;
            case 5 satisfies typeof K.param: this.k = f.pk[v] ?? PK_INT; this.v = f.pv[v] ?? 0; return;
        }
        this.read(f, k, v);
    }

    private setDest(f: Frame, k: number, v: number, value: number): void {
        if (k === K.reg) f.regs[v] = value;
        else if (k === K.param) {
            f.pk[v] = PK_INT;
            f.pv[v] = value;
        } else throw new Fault('#UD', 'the destination must be a register');
    }

    /** Binds evaluated arguments to a new frame's parameters. */
    private bind(from: Frame, to: Frame, argk: number[], argv: number[]): void {
        for (let i = 0; i < argk.length; i++) {
            this.arg(from, argk[i], argv[i]);
            to.pk.push(this.k);
            to.pv.push(this.v);
        }
    }

    // ------------------------------------------------------------------ memory

    /** Checks a guest access and accounts a first touch (swap past the host's usable memory). */
    private touch(vm: VmState, v: VcpuState, f: Frame, address: number): SparseMemory {
        const page = SparseMemory.pageOf(address);
        if (f.layer > L_KERNEL) {
            // handler and driver stacks live in the hypervisor's memory, not the guest's
            const memory = this.state.hosts[vm.model.host.index].memory;
            if (!memory.has(page)) this.allocatePage();
            return memory;
        }
        const declared = vm.model.memoryBytes;
        if (declared > 0 && (address >>> 0) >= declared) {
            throw new Fault('#PF', `address ${address >>> 0} is outside the VM's ${declared} bytes`);
        }
        if (!vm.memory.has(page)) {
            this.allocatePage();
            vm.memory.touch(page);
            const host: HostState = this.state.hosts[vm.model.host.index];
            host.touchedPages++;
            if (host.touchedPages > Math.floor(vm.model.host.usableBytes / PAGE_SIZE)) {
                vm.swappedPages++;
                this.charge(vm, v, L_HYPERVISOR, this.hosts[vm.model.host.index].costs.swap);
            }
        }
        return vm.memory;
    }

    /** Real memory behind simulated pages is bounded: past MAX_PAGES the VM stops with `limit`. */
    private allocatePage(): void {
        if (this.state.pages >= MAX_PAGES) {
            throw new ResourceLimit(`the simulator's memory limit: ${MAX_PAGES} pages (${(MAX_PAGES * PAGE_SIZE) / 1048576} MiB) touched in all`);
        }
        this.state.pages++;
    }

    private push32(vm: VmState, v: VcpuState, f: Frame, value: number): void {
        const sp = (f.regs[SP] - 4) | 0;
        this.touch(vm, v, f, sp).write(sp, value);
        f.regs[SP] = sp;
    }

    private pop32(vm: VmState, v: VcpuState, f: Frame): number {
        const sp = f.regs[SP];
        const value = this.touch(vm, v, f, sp).read(sp);
        f.regs[SP] = (sp + 4) | 0;
        return value;
    }

    // ------------------------------------------------------------------ stopping

    halt(vm: VmState, v: VcpuState, message: string): void {
        v.done = true;
        this.onDescheduled(v);
        if (vm.status === 'running' && vm.vcpus.every((id) => this.state.vcpus[id].done)) {
            vm.status = 'halted';
            this.emitStop('halt', vm, v, message);
        }
    }

    /** Stops every vCPU of a VM with a final status. */
    kill(vm: VmState, status: 'faulted' | 'host-failed' | 'limit', reason: string, at?: Instr['loc']): void {
        if (vm.status !== 'running') return;
        vm.status = status;
        vm.stop = { reason, at };
        for (const id of vm.vcpus) {
            const v = this.state.vcpus[id];
            if (!v.done) {
                v.done = true;
                this.onDescheduled(v);
            }
        }
    }

    private fault(vm: VmState, v: VcpuState, f: Frame, e: Fault): void {
        const at = f.code ? f.code.instrs[Math.min(f.pc, f.code.instrs.length - 1)]?.loc : f.at;
        if (e instanceof ResourceLimit) {
            this.kill(vm, 'limit', e.message, at);
            this.emitStop('limit', vm, v, e.message, at);
            return;
        }
        this.countExit(vm, 'fault');
        this.kill(vm, 'faulted', `${e.vector}: ${e.message}`, at);
        this.emitStop('fault', vm, v, `${e.vector}: ${e.message}`, at);
    }

    // ------------------------------------------------------------------ one step

    /** Executes one instruction (or one hardware command) of vCPU `v`, which must be running on `this.cpu`. */
    step(v: VcpuState): void {
        const vm = this.state.vms[v.vm];
        const f = v.frames[v.frames.length - 1];
        this.state.steps++;
        try {
            if (f.code === undefined) this.hardware(vm, v, f);
            else this.instruction(vm, v, f);
        } catch (e) {
            if (e instanceof Fault) this.fault(vm, v, v.frames[v.frames.length - 1], e);
            else throw e;
        }
    }

    private instruction(vm: VmState, v: VcpuState, f: Frame): void {
        const code = f.code!;
        const pc = f.pc;
        const ins = code.instrs[pc];
        const host = this.hosts[vm.model.host.index];
        const costs = host.costs;
        const guestSide = f.layer <= L_KERNEL;
        if (guestSide) {
            vm.instructions++;
            if (!f.user && host.technique === 'binary' && code.leaders[pc]) this.translate(vm, v, code, pc, costs);
        }
        const layer = f.layer;
        switch (ins.op) {
            case 0 satisfies typeof OP.nop:
                this.charge(vm, v, layer, costs.instruction);
                this.advance(vm, v, f);
                return;
            case 1 satisfies typeof OP.mov:
                this.setDest(f, ins.ak, ins.av, this.read(f, ins.bk, ins.bv));
                this.charge(vm, v, layer, costs.instruction);
                this.advance(vm, v, f);
                return;
            case 2 satisfies typeof OP.add: case 3 satisfies typeof OP.sub: case 4 satisfies typeof OP.mul: case 5 satisfies typeof OP.div: case 6 satisfies typeof OP.mod:
            case 7 satisfies typeof OP.and: case 8 satisfies typeof OP.or: case 9 satisfies typeof OP.xor: case 10 satisfies typeof OP.shl: case 11 satisfies typeof OP.shr: {
                const a = this.read(f, ins.ak, ins.av);
                const b = this.read(f, ins.bk, ins.bv);
                if (divideFaults(ins.op, a, b)) throw new Fault('#DE', 'division by zero or overflow');
                const r = alu(ins.op, a, b);
                this.setDest(f, ins.ak, ins.av, r);
                f.zf = r === 0;
                f.sf = r < 0;
                this.charge(vm, v, layer, costs.instruction);
                this.advance(vm, v, f);
                return;
            }
            case 12 satisfies typeof OP.inc: case 13 satisfies typeof OP.dec: {
                const r = alu(ins.op, this.read(f, ins.ak, ins.av), 0);
                this.setDest(f, ins.ak, ins.av, r);
                f.zf = r === 0;
                f.sf = r < 0;
                this.charge(vm, v, layer, costs.instruction);
                this.advance(vm, v, f);
                return;
            }
            case 14 satisfies typeof OP.cmp: {
                const d = this.read(f, ins.ak, ins.av) - this.read(f, ins.bk, ins.bv);
                f.zf = d === 0;
                f.sf = d < 0;
                this.charge(vm, v, layer, costs.instruction);
                this.advance(vm, v, f);
                return;
            }
            case 15 satisfies typeof OP.load: {
                const address = this.read(f, ins.mk, ins.mv);
                this.setDest(f, ins.ak, ins.av, this.touch(vm, v, f, address).read(address));
                this.charge(vm, v, layer, costs.instruction);
                this.advance(vm, v, f);
                return;
            }
            case 16 satisfies typeof OP.store: {
                const address = this.read(f, ins.mk, ins.mv);
                const value = this.read(f, ins.bk, ins.bv);
                this.touch(vm, v, f, address).write(address, value);
                this.charge(vm, v, layer, costs.instruction);
                this.advance(vm, v, f);
                return;
            }
            case 17 satisfies typeof OP.push:
                this.push32(vm, v, f, this.read(f, ins.ak, ins.av));
                this.charge(vm, v, layer, costs.instruction);
                this.advance(vm, v, f);
                return;
            case 18 satisfies typeof OP.pop:
                this.setDest(f, ins.ak, ins.av, this.pop32(vm, v, f));
                this.charge(vm, v, layer, costs.instruction);
                this.advance(vm, v, f);
                return;
            case 19 satisfies typeof OP.jmp: case 20 satisfies typeof OP.jz: case 21 satisfies typeof OP.jnz: case 22 satisfies typeof OP.je: case 23 satisfies typeof OP.jne:
            case 24 satisfies typeof OP.jl: case 25 satisfies typeof OP.jle: case 26 satisfies typeof OP.jg: case 27 satisfies typeof OP.jge:
                this.charge(vm, v, layer, costs.instruction);
                if (jumpTaken(ins.op, f.zf, f.sf)) this.jump(vm, v, f, ins);
                else this.advance(vm, v, f);
                return;
            case 28 satisfies typeof OP.call:
                this.charge(vm, v, layer, costs.instruction);
                if (f.calls.length >= MAX_CALL_DEPTH) throw new Fault('#SS', `call depth over ${MAX_CALL_DEPTH}`);
                f.calls.push(pc + 1);
                this.jump(vm, v, f, ins);
                return;
            case 29 satisfies typeof OP.ret:
                this.charge(vm, v, layer, costs.instruction);
                if (f.calls.length > 0) {
                    f.pc = f.calls.pop()!;
                    if (f.pc >= code.instrs.length) this.finish(vm, v, f);
                } else this.finish(vm, v, f);
                return;
            case 30 satisfies typeof OP.syscall:
                this.syscall(vm, v, f, ins, host);
                return;
            case 46 satisfies typeof OP.hypercall:
                this.hypercall(vm, v, f, ins, host);
                return;
            case 47 satisfies typeof OP.hw:
                this.hwInstruction(vm, v, f, ins, host);
                return;
        }
        // sensitive instructions
        if (!guestSide) {
            // hypervisor and host code run on the real machine, privileged: the instruction just runs
            this.native(vm, v, f, ins, host);
            return;
        }
        if (ins.cls === CLS_PRIVILEGED) {
            if (f.user) throw new Fault('#GP', `privileged instruction '${opName(ins.op)}' in user mode`);
            if ((ins.op === OP.out || ins.op === OP.in) && this.passthrough(vm, f, ins)) {
                // direct assignment: the device is the VM's own, no hypervisor involved
                this.native(vm, v, f, ins, host);
                return;
            }
            if (host.technique === 'hardware' && (ins.op === OP.cli || ins.op === OP.sti)) {
                // VT-x: the guest's own interrupt flag, no exit
                v.iflag = ins.op === OP.sti;
                this.charge(vm, v, layer, costs.instruction);
                this.advance(vm, v, f);
                return;
            }
            if (host.nestedPaging && (ins.op === OP.lcr3 || ins.op === OP.invlpg)) {
                // EPT / NPT: the guest owns its page tables; CR3 loads and invlpg do not exit
                this.native(vm, v, f, ins, host);
                return;
            }
            this.enterHypervisor(vm, v, f, ins, host);
            return;
        }
        if (ins.cls === CLS_SENSITIVE) {
            if (!f.user && host.technique === 'binary') {
                this.enterHypervisor(vm, v, f, ins, host);
                return;
            }
            this.sensitiveNative(vm, v, f, ins, host);
            return;
        }
        if (ins.cls === CLS_REVEALING) {
            if (host.technique === 'hardware' || (!f.user && host.technique === 'binary')) {
                this.enterHypervisor(vm, v, f, ins, host);
                return;
            }
            this.native(vm, v, f, ins, host);
            return;
        }
        throw new Fault('#UD', `unknown instruction ${ins.op}`);
    }

    private jump(vm: VmState, v: VcpuState, f: Frame, ins: Instr): void {
        if (ins.target < 0) throw new Fault('#UD', 'jump to an undefined label');
        f.pc = ins.target;
        if (f.pc >= f.code!.instrs.length) this.finish(vm, v, f);
    }

    private translate(vm: VmState, v: VcpuState, code: Code, pc: number, costs: CostTable): void {
        let blocks = vm.translated.get(code.id);
        if (!blocks) {
            blocks = new Uint8Array(code.blocks);
            vm.translated.set(code.id, blocks);
        }
        const b = code.blockOf[pc];
        if (blocks[b]) return;
        blocks[b] = 1;
        vm.translations++;
        this.charge(vm, v, L_HYPERVISOR, costs.translate);
    }

    private passthrough(vm: VmState, f: Frame, ins: Instr): boolean {
        const [k, val] = ins.op === OP.out ? [ins.ak, ins.av] : [ins.bk, ins.bv];
        this.arg(f, k, val);
        return this.k !== PK_STR && vm.model.passthrough.has(this.v);
    }

    // ------------------------------------------------------------------ OS and hypervisor entry

    private syscall(vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
        const code = this.vms[vm.model.index].syscalls.get(ins.name);
        if (!vm.model.os) throw new Fault('#UD', `syscall ${ins.name}: this VM has no OS`);
        if (!code) throw new Fault('#UD', `${vm.model.os.name} has no syscall ${ins.name}`);
        this.charge(vm, v, L_KERNEL, host.costs.syscall);
        if (host.technique === 'binary') this.charge(vm, v, L_HYPERVISOR, host.costs.syscall_bt);
        const frame = this.frame('kernel', `syscall ${ins.name}`, code, false, L_KERNEL);
        this.bind(f, frame, ins.argk, ins.argv);
        // the kernel entry path saves the caller's registers: the syscall gets its own, and its own stack
        frame.regs[SP] = kernelStackTop(vm.model, v.index);
        this.enter(vm, v, frame);
    }

    private hypercall(vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
        if (f.user) throw new Fault('#UD', `hypercall ${ins.name} from user mode`);
        if (host.technique !== 'para') throw new Fault('#UD', `hypercall ${ins.name}: ${host.model.name} is not paravirtualized`);
        const code = host.hypercalls.get(ins.name);
        if (!code) throw new Fault('#UD', `no hypercall ${ins.name} in the para monitor`);
        this.charge(vm, v, L_HYPERVISOR, host.costs.hypercall);
        vm.hypercalls[ins.name] = (vm.hypercalls[ins.name] ?? 0) + 1;
        const frame = this.frame('hypervisor', `hypercall ${ins.name}`, code, false, L_HYPERVISOR);
        this.bind(f, frame, ins.argk, ins.argv);
        this.enter(vm, v, frame);
    }

    /** A trap (full, para), callout (binary) or VM exit (hardware) into the monitor's handler. */
    private enterHypervisor(vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
        const code = host.trapHandler[ins.op];
        if (!code) throw new Fault('#GP', `no ${host.technique} monitor handler for '${opName(ins.op)}'`);
        const technique = host.technique;
        const cost = technique === 'hardware' ? host.costs.exit : technique === 'binary' ? host.costs.callout : host.costs.trap;
        this.charge(vm, v, L_HYPERVISOR, cost);
        // counted by the reasons of LANGUAGE.md §8 (language/isa.ts): a binary callout for pushf,
        // popf, sgdt, sidt or smsw has none of them and is not counted
        this.countExit(vm, EXIT_REASON_BY_OP[ins.op]);
        const frame = this.frame('hypervisor', host.trapName[ins.op], code, false, L_HYPERVISOR);
        // the handler's parameters: out (dev, value); in (dev); lcr3/invlpg/lidt (operand); popf (the popped word)
        switch (ins.op) {
            case 32 satisfies typeof OP.out:
                this.arg(f, ins.ak, ins.av); frame.pk.push(this.k); frame.pv.push(this.v);
                this.arg(f, ins.bk, ins.bv); frame.pk.push(this.k); frame.pv.push(this.v);
                break;
            case 31 satisfies typeof OP.in:
                this.arg(f, ins.bk, ins.bv); frame.pk.push(this.k); frame.pv.push(this.v);
                break;
            case 36 satisfies typeof OP.lcr3: case 37 satisfies typeof OP.invlpg: case 38 satisfies typeof OP.lidt:
                this.arg(f, ins.ak, ins.av); frame.pk.push(this.k); frame.pv.push(this.v);
                break;
            case 39 satisfies typeof OP.popf:
                frame.pk.push(PK_INT);
                frame.pv.push(this.pop32(vm, v, f));
                break;
        }
        this.enter(vm, v, frame);
    }

    private enter(vm: VmState, v: VcpuState, frame: Frame): void {
        this.push(v, frame);
        if (frame.code!.instrs.length === 0) this.finish(vm, v, frame);
    }

    // ------------------------------------------------------------------ instructions that run on the CPU as they are

    /** A privileged or revealing instruction executed without the hypervisor (host code, passthrough, unintercepted). */
    private native(vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
        if (ins.cls === CLS_SENSITIVE) {
            this.sensitiveNative(vm, v, f, ins, host);
            return;
        }
        const layer = f.layer;
        this.charge(vm, v, layer, host.costs.instruction);
        switch (ins.op) {
            case 32 satisfies typeof OP.out:
                this.arg(f, ins.ak, ins.av);
                this.ioWrite(vm, this.k, this.v, f, ins.bk, ins.bv);
                this.charge(vm, v, layer, host.costs.io);
                break;
            case 31 satisfies typeof OP.in:
                this.arg(f, ins.bk, ins.bv);
                this.charge(vm, v, layer, host.costs.io);
                this.setDest(f, ins.ak, ins.av, 0);
                break;
            case 33 satisfies typeof OP.hlt:
                this.halt(vm, v, 'hlt');
                return;
            case 34 satisfies typeof OP.cli: case 35 satisfies typeof OP.sti:
                v.iflag = ins.op === OP.sti;
                break;
            case 36 satisfies typeof OP.lcr3:
                v.cr3 = this.read(f, ins.ak, ins.av);
                break;
            case 38 satisfies typeof OP.lidt:
                v.idt = this.read(f, ins.ak, ins.av);
                break;
            case 37 satisfies typeof OP.invlpg:
                break;
            case 44 satisfies typeof OP.cpuid:
                // unintercepted, the guest sees the real processor (the hypervisor's own code too)
                this.setDest(f, ins.ak, ins.av, HOST_CPUID);
                break;
            case 45 satisfies typeof OP.rdtsc:
                this.setDest(f, ins.ak, ins.av, this.cpu.time | 0);
                break;
        }
        this.advance(vm, v, f);
    }

    /** pushf / popf / sgdt / sidt / smsw run without a trap. */
    private sensitiveNative(vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
        this.charge(vm, v, f.layer, host.costs.instruction);
        // VT-x gives the guest its own flags and descriptor tables; otherwise the real machine's show
        const own = host.technique === 'hardware';
        const kernelUnderTrap = f.layer === L_KERNEL && !own && host.technique !== 'binary';
        switch (ins.op) {
            case 40 satisfies typeof OP.pushf:
                // the real interrupt flag: the host keeps interrupts on while the guest thinks it disabled them
                this.push32(vm, v, f, flagsWord(f.zf, f.sf, own ? v.iflag : true));
                break;
            case 39 satisfies typeof OP.popf: {
                const word = this.pop32(vm, v, f);
                f.zf = (word & FLAG_ZF) !== 0;
                f.sf = (word & FLAG_SF) !== 0;
                // deprivileged, popf silently keeps the interrupt flag: the guest's cli/sti state is lost
                if (own || f.layer > L_KERNEL) v.iflag = (word & FLAG_IF) !== 0;
                break;
            }
            case 41 satisfies typeof OP.sgdt:
                this.setDest(f, ins.ak, ins.av, own ? GUEST_GDT_BASE : HOST_GDT_BASE);
                break;
            case 42 satisfies typeof OP.sidt:
                this.setDest(f, ins.ak, ins.av, own ? GUEST_IDT_BASE : HOST_IDT_BASE);
                break;
            case 43 satisfies typeof OP.smsw:
                this.setDest(f, ins.ak, ins.av, own ? GUEST_MSW : HOST_MSW);
                break;
        }
        if (kernelUnderTrap) {
            vm.fidelityViolations++;
            this.emitStop('fidelity', vm, v, `${opName(ins.op)} did not trap: fidelity violation under ${host.technique}`, ins.loc);
        }
        this.advance(vm, v, f);
    }

    // ------------------------------------------------------------------ hardware commands

    private hwInstruction(vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
        if (f.layer <= L_KERNEL) throw new Fault('#UD', `hw ${ins.name} outside the hypervisor`);
        const info = ins.hw >= 0 ? HW_INFO[ins.hw] : undefined;
        if (!info) throw new Fault('#UD', `unknown hardware command ${ins.name}`);
        this.charge(vm, v, f.layer, host.costs.instruction);
        if (f.kind === 'hypervisor' && host.model.kind === 'type2' && info.viaHost) {
            // Type 2: the hypervisor asks the host OS to touch the hardware — a world switch each way
            this.charge(vm, v, L_HOST, host.costs.world_switch);
            const driver = host.drivers.get(ins.name);
            if (driver) {
                const frame = this.frame('host', `host ${host.hostOsName} ${ins.name}`, driver, false, L_HOST);
                this.bind(f, frame, ins.argk, ins.argv);
                frame.regs[SP] = HANDLER_STACK_TOP;
                this.enter(vm, v, frame);
                return;
            }
            // a host OS without that driver: the host kernel runs the command itself (a code-less
            // host frame that `hardware` executes; leaving it pays the world switch back)
            const frame = this.frame('host', `host ${host.hostOsName} ${ins.name}`, undefined, false, L_HOST, ins.loc);
            frame.hw = ins.name;
            frame.hwCode = ins.hw;
            this.bind(f, frame, ins.argk, ins.argv);
            this.push(v, frame);
            return;
        }
        const frame = this.frame('hardware', HW_FRAME_NAME[ins.hw], undefined, false, f.layer, ins.loc);
        frame.hw = ins.name;
        frame.hwCode = ins.hw;
        this.bind(f, frame, ins.argk, ins.argv);
        this.push(v, frame);
    }

    /** Runs the hardware command of a hardware frame, then returns to the frame that issued it. */
    private hardware(vm: VmState, v: VcpuState, f: Frame): void {
        const host = this.hosts[vm.model.host.index];
        const info = HW_INFO[f.hwCode];
        if (info.cost) this.charge(vm, v, f.layer, host.costs[info.cost]);
        let result = 0;
        switch (f.hwCode) {
            case 0 satisfies typeof HW.io_write:
                this.ioWriteArgs(vm, f);
                break;
            case 1 satisfies typeof HW.io_read:
                result = 0;
                break;
            case 2 satisfies typeof HW.halt:
                this.halt(vm, v, 'hw halt');
                return;
            case 13 satisfies typeof HW.shutdown:
                for (const id of vm.vcpus) {
                    const other = this.state.vcpus[id];
                    if (other !== v && !other.done) {
                        other.done = true;
                        this.onDescheduled(other);
                    }
                }
                this.halt(vm, v, `hw shutdown(${f.pv[0] ?? 0})`);
                return;
            case 3 satisfies typeof HW.yield:
                v.yielded = true;
                break;
            case 4 satisfies typeof HW.timer:
                break;
            case 5 satisfies typeof HW.mmu_load:
                v.cr3 = f.pv[0] ?? 0;
                break;
            case 6 satisfies typeof HW.mmu_flush:
                break;
            case 7 satisfies typeof HW.idt_load:
                v.idt = f.pv[0] ?? 0;
                break;
            case 8 satisfies typeof HW.set_if:
                v.iflag = (f.pv[0] ?? 0) !== 0;
                break;
            case 9 satisfies typeof HW.get_flags: {
                const guest = this.guestFrame(v);
                result = flagsWord(guest?.zf ?? false, guest?.sf ?? false, v.iflag);
                break;
            }
            case 10 satisfies typeof HW.set_flags: {
                const guest = this.guestFrame(v);
                const word = f.pv[0] ?? 0;
                if (guest) {
                    guest.zf = (word & FLAG_ZF) !== 0;
                    guest.sf = (word & FLAG_SF) !== 0;
                }
                v.iflag = (word & FLAG_IF) !== 0;
                break;
            }
            case 11 satisfies typeof HW.cpu_id:
                result = VIRTUAL_CPUID;
                break;
            case 12 satisfies typeof HW.read_tsc:
                result = v.ran | 0;
                break;
            case 14 satisfies typeof HW.emulate:
                break;
        }
        f.regs[0] = result;
        this.finish(vm, v, f);
    }

    /** The guest-side frame (guest or kernel) nearest the top: whose flags a handler sees. */
    private guestFrame(v: VcpuState): Frame | undefined {
        for (let i = v.frames.length - 1; i >= 0; i--) if (v.frames[i].layer <= L_KERNEL) return v.frames[i];
        return undefined;
    }

    private ioWriteArgs(vm: VmState, f: Frame): void {
        const devKind = f.pk[0] ?? PK_INT;
        const dev = f.pv[0] ?? -1;
        const valueKind = f.pk[1] ?? PK_INT;
        const value = f.pv[1] ?? 0;
        this.write(vm, devKind, dev, valueKind, value);
    }

    private ioWrite(vm: VmState, devKind: number, dev: number, f: Frame, k: number, val: number): void {
        const dk = devKind;
        const dv = dev;
        this.arg(f, k, val);
        this.write(vm, dk, dv, this.k, this.v);
    }

    private write(vm: VmState, devKind: number, dev: number, valueKind: number, value: number): void {
        if (devKind === PK_STR) throw new Fault('#GP', `"${this.strings[dev]}" is not a device`);
        const device = vm.model.host.devices[dev];
        if (!device) throw new Fault('#GP', `no device ${dev} on ${vm.model.host.hardware}`);
        const text = valueKind === PK_STR ? this.strings[value] : `${value}\n`;
        if (device.kind === 'serial') {
            vm.console += text;
            this.listener.console?.(vm.model.name, text, this.cpu.time);
        }
    }
}

/** Top of the stack of a handler or host driver (hypervisor memory, not the guest's). */
export const HANDLER_STACK_TOP = 0x10000;

/** Where a vCPU's user stack starts: below 1 MiB (or the VM's memory), 16 KiB apart per vCPU. */
export function userStackTop(vm: VmModel, vcpu: number): number {
    const top = vm.memoryBytes > 0 ? Math.min(vm.memoryBytes, 0x100000) : 0x100000;
    return Math.max(0, top - vcpu * 0x4000) | 0;
}

/** The kernel stack: 8 KiB below the user stack top of the same vCPU. */
export function kernelStackTop(vm: VmModel, vcpu: number): number {
    return Math.max(0, userStackTop(vm, vcpu) - 0x2000) | 0;
}

export function opName(op: number): string {
    return OP_NAME_BY_CODE[op] ?? String(op);
}

const OP_NAME_BY_CODE: string[] = [];
for (const [name, code] of Object.entries(OP)) OP_NAME_BY_CODE[code] = name;
/** Hardware frame names by HW index: `hw io_write` (not built per command). */
const HW_FRAME_NAME: string[] = HW_INFO.map((_, i) => `hw ${Object.keys(HW).find((name) => HW[name as keyof typeof HW] === i)}`);
/** EXIT_REASON by opcode (undefined: not counted), so a trap does no name lookups. */
const EXIT_REASON_BY_OP: (string | undefined)[] = OP_NAME_BY_CODE.map((name) => (Object.hasOwn(EXIT_REASON, name) ? EXIT_REASON[name] : undefined));

export { HW_NAMES, VMX_EXIT };
