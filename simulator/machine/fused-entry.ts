// The commonest event entry, done in one go (the fast engine's fused tick path): a physical
// interrupt the hypervisor takes first (machine/exceptions.ts, stage RAISED) whose monitor
// handler is the one command `hw inject(vector, CODE)` — the standard library's `interrupt` /
// `EXTERNAL_INTERRUPT`. `Machine.step` takes three steps for it (the exit into a new handler
// frame, the `hw` instruction into a new hardware frame, the command and both returns); this
// applies their combined effect without building the frames, which nothing can observe when no
// transition listener, no breakpoint, no pause on stops and no chunk or budget boundary falls
// between those steps — the executor checks the first three, `fusedEntryFits` the last.
// At the two boundaries inside the handler the machine only looks at the queue (fused-handler.ts,
// `monitorStep`): the same as an executor's interrupt check there, which cannot deliver into the hypervisor.
import { HW, K, type Code } from '../cpu/code.js';
import type { HostCode, Machine } from '../machine.js';
import { IRQ_HELD, L_HYPERVISOR, type VcpuState, type VmState } from '../state.js';
import { charge, countExit } from './costs.js';
import { monitorStep, oneCommand, roomToFuse } from './fused-handler.js';
import { inject } from './interrupts.js';

/** Steps the fused entry stands for (the exit, the `hw` instruction, the command). */
export const FUSED_ENTRY_STEPS = 3;

/** The error code a one-command `hw inject(vector, CODE)` handler passes, or undefined: not fusable. */
const fusable = new WeakMap<Code, number | undefined>();

function injectCode(code: Code): number | undefined {
    if (fusable.has(code)) return fusable.get(code);
    const ins = oneCommand(code, HW.inject);
    const ok = ins !== undefined && ins.argk.length === 2 && ins.argk[0] === K.param && ins.argv[0] === 0 && ins.argk[1] === K.imm;
    const result = ok ? ins.argv[1] : undefined;
    fusable.set(code, result);
    return result;
}

/** The cycles the exit into the monitor costs (as exceptions.ts's `enterMonitor`). */
export function entryCycles(host: HostCode): number {
    return host.technique === 'hardware' ? host.costs.exit : host.costs.trap;
}

/**
 * Whether entering the monitor for pending entry `i` may be fused: a RAISED interrupt, a
 * one-command inject handler, a type 1 host (no host driver in the way), room for the two
 * frames, and the handler's two steps starting before `until`, as they would one by one.
 */
export function fusedEntryFits(m: Machine, v: VcpuState, host: HostCode, maskable: boolean, until: number): boolean {
    const entry = host.events.interrupt;
    if (!maskable || entry === undefined || host.model.kind === 'type2' || injectCode(entry.code) === undefined) return false;
    if (!roomToFuse(v)) return false;
    const costs = host.costs;
    return m.cpu.time + entryCycles(host) + costs.instruction < until;
}

/** Pending entry `i` (checked by `fusedEntryFits`): the exit, the handler's `hw inject`, the command. */
export function fusedEntry(m: Machine, vm: VmState, v: VcpuState, host: HostCode, i: number): void {
    const irq = v.irq;
    const vector = irq.vector[i];
    irq.stage[i] = IRQ_HELD;
    charge(m, vm, v, L_HYPERVISOR, entryCycles(host));
    countExit(vm, 'interrupt');
    irq.due(v);
    monitorStep(m, vm, v, host.costs.instruction);
    monitorStep(m, vm, v, host.costs.inject);
    inject(m, vm, v, vector, injectCode(host.events.interrupt!.code)!);
}
