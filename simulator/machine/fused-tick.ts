// The fast engine's fused tick (issue 14): at a timer's (or a device arrival's) deadline, the
// whole way into the guest kernel's handler in one go — the interrupt raised, the monitor's
// one-command `hw inject` handler (fused-entry.ts) and, at the next boundary, the guest taking
// it — when nothing else is pending or falls due on the way, the guest has `if` = 1 and a
// handler, and no one watches frames. `Machine` would take 1 + FUSED_ENTRY_STEPS steps through
// the interrupt queue (raise, hold, inject, deliver); the queue ends as it began, empty, so this
// counts, charges and enters the handler without it. Anything else is takeInterrupt's.
import type { Machine } from '../machine.js';
import { L_HYPERVISOR, L_KERNEL, type VcpuState } from '../state.js';
import { charge, countExit } from './costs.js';
import { enterGuestHandler } from './exceptions.js';
import { entryCycles, FUSED_ENTRY_STEPS, fusedEntryFits } from './fused-entry.js';
import { hypervisorFirst, unschedule } from './interrupts.js';

/** Steps the fused tick stands for: the fused entry's, and the guest's handler entered. */
export const FUSED_TICK_STEPS = FUSED_ENTRY_STEPS + 1;

/**
 * At an instruction boundary with `v.ran >= v.irqAt`: the fused tick if it applies and all its
 * steps start before `until`; the steps taken, or 0 (the caller then asks `Machine.interrupt`).
 */
export function fusedTick(m: Machine, v: VcpuState, until: number): number {
    const irq = v.irq;
    if (irq.vector.length !== 0 || irq.gate !== undefined || !v.iflag || irq.tickAt <= v.ran) return 0;
    const vm = m.state.vms[v.vm];
    const f = v.frames[v.frames.length - 1];
    if (f === undefined || f.code === undefined || f.layer > L_KERNEL || v.done || vm.status !== 'running') return 0;
    // exactly one scheduled entry due now, none before the guest's handler is entered
    const host = m.hosts[vm.model.host.index];
    const cycles = entryCycles(host) + host.costs.instruction + host.costs.inject;
    let due = -1;
    let next = irq.tickAt;
    for (let i = 0; i < irq.at.length; i++) {
        const at = irq.at[i];
        if (at <= v.ran && due < 0) due = i;
        else if (at < next) next = at;
    }
    if (due < 0 || next <= v.ran + cycles || m.cpu.time + cycles >= until) return 0;
    if (!hypervisorFirst(host, true) || !fusedEntryFits(m, v, host, true, until)) return 0;
    const vector = irq.atVector[due];
    if (m.vms[vm.model.index].vectors[vector] === undefined && v.idtCode === undefined) return 0;
    const since = irq.at[due];
    v.wakeAt = -1;
    unschedule(irq, due);
    vm.interrupts.raised++;
    charge(m, vm, v, L_HYPERVISOR, cycles);
    countExit(vm, 'interrupt');
    // an interrupt's error code stays the one it was raised with, 0 (interrupts.ts, `inject`)
    enterGuestHandler(m, vm, v, vector, 0, 0, true, undefined, since);
    irq.due(v);
    m.state.steps += FUSED_TICK_STEPS;
    return FUSED_TICK_STEPS;
}
