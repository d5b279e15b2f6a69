// The fast engine's fused port write: `out DEV, VALUE` in a guest kernel under trap-and-emulate
// whose monitor handler is nothing but hardware commands the fused path knows — the standard
// library's `io_out`: `hw emulate()` then `hw io_write(dev, value)` — to a timer or a serial
// port. A guest's timer handler re-arms its timer this way on every tick (issue 14).
// `Machine.step` takes 1 + 2 × (commands) steps for it (the trap into a new handler frame, then
// per command the `hw` instruction into a hardware frame and the command with its return);
// this applies their combined effect without building the frames, which nothing can observe
// when no transition listener, no breakpoint, no pause on stops and no chunk or budget boundary
// falls between those steps — the executor checks that before calling. At each boundary inside
// the handler the machine only looks at the queue (`look`, as fused-entry.ts).
// Anything else (a device that is not the VM's, passed through, a disk's DMA, a type 2 host, a
// handler with other instructions) is left to the machine, which faults or issues it as usual.
import { EXIT_REASON } from '../../language/isa.js';
import { HW, HW_INFO, K, OP, type Code, type Instr } from '../cpu/code.js';
import type { HostCode, Machine } from '../machine.js';
import { charge, countExit } from '../machine/costs.js';
import { countDeviceExit, writeDevice } from '../machine/devices.js';
import { monitorStep, roomToFuse } from '../machine/fused-handler.js';
import { L_HYPERVISOR, PK_DEV, PK_INT, PK_STR, type Frame, type VcpuState, type VmState } from '../state.js';

/** What a host's `io_out` handler does, precomputed: its commands and their cycles. */
export interface FusedOut {
    /** The handler's commands (each `hw emulate()` or `hw io_write(a, b)`). */
    commands: readonly Instr[];
    /** Cycles of each command: issuing it (`instruction`) and running it (its cost). */
    issue: number;
    cost: readonly number[];
    /** The trap's cycles. */
    trap: number;
    /** Cycles from the trap's start to the start of the last step: all steps start before the chunk ends. */
    lastStart: number;
    /** Steps the machine takes for it. */
    steps: number;
}

const outs = new WeakMap<HostCode, FusedOut | null>();

/** The host's fused `out`, or null: its handler is not one (computed once per host). */
export function fusedOut(host: HostCode): FusedOut | null {
    let fused = outs.get(host);
    if (fused === undefined) outs.set(host, (fused = analyse(host)));
    return fused;
}

function analyse(host: HostCode): FusedOut | null {
    if (host.technique !== 'full' || host.model.kind === 'type2') return null;
    const handler: Code | undefined = host.trapHandler[OP.out];
    if (!handler || handler.instrs.length === 0) return null;
    const costs = host.costs;
    const cost: number[] = [];
    for (const ins of handler.instrs) {
        if (ins.op !== OP.hw || !(ins.hw === HW.emulate || ins.hw === HW.io_write)) return null;
        if (ins.argk.length !== HW_INFO[ins.hw].params.length) return null;
        // io_write to the device the guest named (so none the VM was not given), of its value or a constant
        if (ins.hw === HW.io_write && !(ins.argk[0] === K.param && ins.argv[0] === 0 && (ins.argk[1] === K.imm || (ins.argk[1] === K.param && ins.argv[1] === 1)))) return null;
        // a port access the monitor issues is answered by its device model (hardware.ts, runCommand)
        cost.push(ins.hw === HW.io_write ? costs.device : costs.emulate);
    }
    if (cost.length === 0) return null;
    const all = [costs.trap, costs.instruction, ...cost];
    if (!all.every((c) => Number.isSafeInteger(c) && c >= 0)) return null;
    const total = costs.trap + cost.length * costs.instruction + cost.reduce((a, b) => a + b, 0);
    return {
        commands: handler.instrs, issue: costs.instruction, cost, trap: costs.trap,
        lastStart: total - cost[cost.length - 1], steps: 1 + 2 * cost.length,
    };
}

/**
 * Whether `out` at the top frame `f` of vCPU `v` may be fused: a device of the VM's (not passed
 * through), a timer or a serial port, and room for the handler's and a command's frames.
 */
export function outFits(vm: VmState, v: VcpuState, f: Frame, ins: Instr): boolean {
    if (ins.ak !== K.dev || !roomToFuse(v)) return false;
    const dev = ins.av;
    if (!vm.model.assigned.has(dev) || vm.model.passthrough.has(dev)) return false;
    const kind = vm.model.host.devices[dev]?.kind;
    return (kind === 'timer' || kind === 'serial') && (ins.bk === K.reg || ins.bk === K.imm || ins.bk === K.str) && f.code !== undefined;
}

/** The trap, each command and the returns, as `Machine.step` would leave them (checked by `outFits`). */
export function fuseOut(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr, fused: FusedOut): void {
    // the trap: the guest's instruction, the handler's parameters (dev, value)
    vm.instructions++;
    v.instructions++;
    step(m, vm, v, fused.trap);
    countExit(vm, EXIT_REASON.out);
    const dev = ins.av;
    const valueKind = ins.bk === K.str ? PK_STR : PK_INT;
    const value = ins.bk === K.reg ? f.regs[ins.bv] : ins.bv;
    countDeviceExit(vm, PK_DEV, dev);
    const commands = fused.commands;
    for (let i = 0; i < commands.length; i++) {
        monitorStep(m, vm, v, fused.issue);
        monitorStep(m, vm, v, fused.cost[i]);
        m.state.steps += 2;
        const c = commands[i];
        if (c.hw !== HW.io_write) continue;
        if (c.argk[1] === K.imm) writeDevice(m, vm, v, PK_DEV, dev, PK_INT, c.argv[1]);
        else writeDevice(m, vm, v, PK_DEV, dev, valueKind, value);
    }
    f.pc++;
    if (f.pc >= f.code!.instrs.length) m.finishFrame(v);
}

/** One step of the monitor: `n` cycles charged to it. */
function step(m: Machine, vm: VmState, v: VcpuState, n: number): void {
    m.state.steps++;
    charge(m, vm, v, L_HYPERVISOR, n);
}
