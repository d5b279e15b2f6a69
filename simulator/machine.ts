// The machine: one step of one vCPU, in whatever layer it is. The scheduler (engine.ts) decides
// which vCPU steps when; executors (cpu/interpreter.ts, fast/) run the simple instructions
// themselves and call `step` for the rest. `Machine` holds the state the parts share; each
// concern is a module of machine/:
//   instruction.ts  one instruction with general operands: simple ones by the semantics table,
//                   memory and the stack, calls, then the entries below
//   layers.ts       entering and leaving layers: frames, syscalls, traps / callouts / VM exits,
//                   hypercalls, returning
//   sensitive.ts    the sensitive instructions per technique: trap, exit, callout or run natively
//   hardware.ts     the `hw` command set: issuing (Type 2 via the host OS), running
//   devices.ts      the devices a VM may touch, and writing to one (its console)
//   operands.ts     operands, parameters, guest memory and the stack
//   costs.ts        the cycle model, and the accounting every executor shares
//   stops.ts        faults, limits, halts, kills and stop events
//   events.ts       what the listener hears: console, transitions, stops
import type { CostTable, PagingWork } from '../language/isa.js';
import type { Code } from './cpu/code.js';
import type { MachineListener, StopEvent } from './machine/events.js';
import { runCommand } from './machine/hardware.js';
import { instruction } from './machine/instruction.js';
import { finish } from './machine/layers.js';
import { raiseException, takeInterrupt, vectorOfMnemonic } from './machine/exceptions.js';
import { withVector } from './stop-reason.js';
import { Fault, halt, kill, PagingExit, ResourceLimit, stopOnFault } from './machine/stops.js';
import { enterPagingHandler } from './machine/paging-exits.js';
import type { HostModel, Technique, VmModel } from './model.js';
import type { PagingMode } from '../language/paging.js';
import { PK_INT, type Frame, type PcpuState, type SimState, type VcpuState, type VmState } from './state.js';
import type { StopReason } from './stop-reason.js';

export type { MachineListener, MemoryEvent, StopEvent, StopKind, Transition } from './machine/events.js';
export { MAX_CALL_DEPTH } from './cpu/semantics.js';
export { opName } from './cpu/opcodes.js';
export { HANDLER_STACK_TOP, kernelStackTop, MAX_LAYER_DEPTH, userStackTop } from './machine/layers.js';
export { MAX_PAGES } from './machine/operands.js';

/** Code the machine needs, resolved per host and per VM by the engine. */
export interface HostCode {
    model: HostModel;
    technique: Technique;
    costs: CostTable;
    /** Handler code per opcode that traps / exits / calls out (index: OP). */
    trapHandler: (Code | undefined)[];
    /** Frame names per opcode: `trap io_out`, `VM exit 30 IO_INSTRUCTION`, `callout io_out`. */
    trapName: string[];
    /** Where each sensitive instruction goes on this host, filled as they run (machine/instruction-path.ts `pathNumber`). */
    paths: Uint8Array;
    hypercalls: Map<string, Code>;
    /** Type 2: the host OS's drivers by hardware command name. */
    drivers: Map<string, Code>;
    hostOsName: string;
    /** Nested paging (EPT / NPT): lcr3 and invlpg run in the guest without exits. */
    nestedPaging: boolean;
    /** Memory virtualization (§11, from the model): how, the TLB's size, the walk's levels, tagged TLB. */
    paging: PagingMode;
    tlbEntries: number;
    walkLevels: number;
    taggedTlb: boolean;
    shadows: number;
    /** The monitor handlers exceptions, interrupts and (VT-x) interrupt windows enter (machine/exceptions.ts). */
    events: { exception?: EventEntry; interrupt?: EventEntry; window?: EventEntry };
    /** Hardware-assisted with posted interrupts: an interrupt reaches the running guest without an exit. */
    apicv: boolean;
    /** The monitor handlers the MMU enters for paging work (machine/paging-exits.ts): hidden page faults, table stores, EPT violations. */
    pagingWork: Partial<Record<PagingWork, EventEntry>>;
}

/** A monitor handler entered by an event rather than an instruction, and its frame's name. */
export interface EventEntry {
    code: Code;
    name: string;
}

export interface VmCode {
    model: VmModel;
    syscalls: ReadonlyMap<string, Code>;
    /** Its kernel's `fault` / `interrupt` handlers by vector (docs/language.md, Exceptions and interrupts). */
    vectors: readonly (Code | undefined)[];
    /** Its kernel's `boot { }` (LANGUAGE.md §11), run on vCPU 0 before the program. */
    boot?: Code;
}

export class Machine {
    state!: SimState;
    /** The pCPU the current chunk runs on (set by the engine before stepping). */
    cpu!: PcpuState;
    listener: MachineListener = {};
    /** Set when a listened-for stop happened during the last step (debugger: pause). */
    stopEvent: StopEvent | undefined;

    /** The last evaluated argument (operands.ts `arg`): its kind (PK_*) and value, without allocating. */
    argKind: number = PK_INT;
    argValue = 0;
    /**
     * During a step, how far it may take a one-command paging handler whole (machine/fused-ept.ts):
     * the chunk's end, which the handler's steps must start before; -1: never (`step`'s argument).
     */
    fuseUntil = -1;
    /** Register files of returned frames, zeroed, for the next frames (layers.ts). */
    readonly spareRegs: Int32Array[] = [];

    constructor(
        readonly strings: string[],
        readonly hosts: HostCode[],
        readonly vms: VmCode[],
        /** Called when a vCPU can no longer run (halted, faulted, killed) or gives its pCPU back. */
        readonly onDescheduled: (v: VcpuState) => void,
    ) {}

    /** Executes one instruction (or one hardware command) of vCPU `v`, which must be running on `this.cpu`. */
    step(v: VcpuState, fuseUntil = -1): void {
        const vm = this.state.vms[v.vm];
        const f = v.frames[v.frames.length - 1];
        this.state.steps++;
        this.fuseUntil = fuseUntil;
        try {
            if (f.code === undefined) runCommand(this, vm, v, f);
            else instruction(this, vm, v, f);
        } catch (e) {
            if (e instanceof PagingExit) this.pagingExit(vm, v, f, e);
            else if (e instanceof Fault) this.fault(vm, v, e);
            else throw e;
        }
    }

    /** The MMU needs the hypervisor: its handler runs, then the access again (machine/paging-exits.ts). */
    private pagingExit(vm: VmState, v: VcpuState, f: Frame, e: PagingExit): void {
        try {
            enterPagingHandler(this, vm, v, f, e.work, e.a, e.b);
        } catch (fault) {
            if (fault instanceof Fault) this.fault(vm, v, fault);
            else throw fault;
        }
    }

    /**
     * An executor found `v.ran >= v.irqAt` at an instruction boundary: raise what is due and
     * deliver what can be (machine/exceptions.ts). True when that took a step (a handler entered).
     */
    interrupt(v: VcpuState): boolean {
        return this.interruptSteps(v, -1) > 0;
    }

    /**
     * `interrupt`, for an executor that may take the monitor's one-command handler in one go
     * (`fuseUntil`: the chunk's end, -1: never; machine/fused-entry.ts). Returns the steps taken.
     */
    interruptSteps(v: VcpuState, fuseUntil: number): number {
        const vm = this.state.vms[v.vm];
        let steps = 1;
        try {
            steps = takeInterrupt(this, v, fuseUntil);
            if (steps === 0) return 0;
        } catch (e) {
            if (!(e instanceof Fault)) throw e;
            this.fault(vm, v, e);
        }
        this.state.steps += steps;
        return steps;
    }

    /** A step faulted: the guest's handler takes it if it has one, else the VM stops (`faulted`, or `limit`). */
    private fault(vm: VmState, v: VcpuState, e: Fault): void {
        const vector = e instanceof ResourceLimit ? undefined : vectorOfMnemonic(e.vector);
        if (vector !== undefined && raiseException(this, vm, v, vector, e.value, e.detail, withVector(e.reason, e.vector))) return;
        stopOnFault(this, vm, v, v.frames[v.frames.length - 1], e);
    }

    /** The top frame ran off its end: return from it (used by executors after a run of simple instructions). */
    finishFrame(v: VcpuState): void {
        const vm = this.state.vms[v.vm];
        finish(this, vm, v, v.frames[v.frames.length - 1]);
    }

    /** vCPU `v` has nothing left to run (the VM halts with its last one). */
    halt(vm: VmState, v: VcpuState, reason: StopReason): void {
        halt(this, vm, v, reason);
    }

    /** Stops every vCPU of a VM with a final status. */
    kill(vm: VmState, status: 'faulted' | 'host-failed' | 'limit', reason: StopReason, at?: Code['instrs'][number]['loc']): void {
        kill(this, vm, status, reason, at);
    }
}
