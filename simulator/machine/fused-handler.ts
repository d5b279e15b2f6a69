// What every fused path shares (the fast engine takes a monitor handler made only of hardware
// commands in one go, without building its frames): fused-entry.ts (an interrupt's `hw inject`),
// fused-tick.ts (the same, into the guest's handler), fast/fused-trap.ts (cli / sti's
// `hw set_if`), fast/fused-io.ts (`out`'s `hw emulate` / `hw io_write`) and fused-ept.ts (an EPT
// violation's `hw ept_map`). `Machine.step` takes, per command, a step for the `hw` instruction
// (a new hardware frame) and one for the command (and the returns); a fused path applies their
// combined effect, which nothing can observe when no transition listener, no breakpoint, no pause
// on stops and no chunk or budget boundary falls between those steps. Here: recognising such a
// handler, the room its frames would need, and the boundary between two of its steps.
import { OP, type Code, type Instr } from '../cpu/code.js';
import type { Machine } from '../machine.js';
import { L_HYPERVISOR, type VcpuState, type VmState } from '../state.js';
import { charge } from './costs.js';
import { fireDue } from './interrupts.js';
import { MAX_LAYER_DEPTH } from './layers.js';

/** The handler's one instruction if it is nothing but the hardware command `hw` (HW index), else undefined. */
export function oneCommand(code: Code | undefined, hw: number): Instr | undefined {
    const ins = code !== undefined && code.instrs.length === 1 ? code.instrs[0] : undefined;
    return ins !== undefined && ins.op === OP.hw && ins.hw === hw ? ins : undefined;
}

/**
 * Whether vCPU `v` has room for the two frames a one-command handler stands for (the handler,
 * the hardware command): at the layer limit the machine takes it, and faults `#DF` where it would.
 */
export function roomToFuse(v: VcpuState): boolean {
    return v.frames.length + 2 <= MAX_LAYER_DEPTH;
}

/**
 * One more step of the monitor inside a fused handler, `n` cycles: at the boundary before it the
 * executor's interrupt check, which inside the hypervisor only raises what is due (`look`).
 */
export function monitorStep(m: Machine, vm: VmState, v: VcpuState, n: number): void {
    look(m, vm, v);
    charge(m, vm, v, L_HYPERVISOR, n);
}

/** An executor's interrupt check at a boundary inside the monitor: raise what is due, deliver nothing. */
export function look(m: Machine, vm: VmState, v: VcpuState): void {
    if (v.ran < v.irqAt) return;
    v.wakeAt = -1;
    fireDue(m, vm, v);
    v.irq.due(v);
}
