// The fast engine's fused EPT violation (issue 13's page-fault-heavy guest: one per fresh page).
// The monitor's `on EPT_VIOLATION(gpa)` handler of the standard library is the one command
// `hw ept_map(gpa)`: `Machine.step` takes three steps for it (the exit into a new handler frame,
// the `hw` instruction into a new hardware frame, the command and both returns). When the fast
// executor allows it (`Machine.step`'s `fuseUntil`: nobody watches frames, no breakpoint, no pause on
// stops, budget for the three steps), the exit's step takes the other two in one go where both
// start before the chunk's end, as they would one by one (fused-handler.ts has what the fused
// paths share). A memory limit the command would hit is left to the machine (it stops the VM there).
import { HW, K } from '../cpu/code.js';
import type { EventEntry, HostCode, Machine } from '../machine.js';
import { SparseMemory } from '../memory.js';
import type { VcpuState, VmState } from '../state.js';
import { monitorStep, oneCommand, roomToFuse } from './fused-handler.js';
import { backGuestPage, inside, MAX_PAGES } from './operands.js';

/** Steps the fused handler adds to the exit's: the `hw` instruction, the command. */
export const FUSED_EPT_STEPS = 2;

/** Whether `entry` is `hw ept_map(gpa)` of its own parameter (computed once per handler). */
const fusable = new WeakMap<EventEntry, boolean>();

function mapsItsGpa(entry: EventEntry): boolean {
    let ok = fusable.get(entry);
    if (ok === undefined) {
        const ins = oneCommand(entry.code, HW.ept_map);
        ok = ins !== undefined && ins.argk.length === 1 && ins.argk[0] === K.param && ins.argv[0] === 0;
        fusable.set(entry, ok);
    }
    return ok;
}

/**
 * Right after the exit into `entry` for guest-physical `gpa` was charged: whether the handler's
 * two steps may be taken now (the executor allowed fusing up to `m.fuseUntil`).
 */
export function fusedEptFits(m: Machine, vm: VmState, v: VcpuState, host: HostCode, entry: EventEntry, gpa: number): boolean {
    return m.fuseUntil >= 0 && m.cpu.time + host.costs.instruction < m.fuseUntil && roomToFuse(v) &&
        m.state.pages < MAX_PAGES && inside(vm, gpa) && mapsItsGpa(entry);
}

/** The handler's `hw ept_map(gpa)`: issued, run (the page backed), both frames returned. */
export function fusedEpt(m: Machine, vm: VmState, v: VcpuState, host: HostCode, gpa: number): void {
    monitorStep(m, vm, v, host.costs.instruction);
    monitorStep(m, vm, v, host.costs.mmu);
    vm.mem.pagingCycles += host.costs.mmu;
    backGuestPage(m, vm, v, SparseMemory.pageOf(gpa));
    m.state.steps += FUSED_EPT_STEPS;
}
