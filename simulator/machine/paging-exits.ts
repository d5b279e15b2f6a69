// The hypervisor's paging work as monitor code (LANGUAGE.md §11): the MMU hands what it cannot do
// alone to the monitor's handler in language/stdlib/monitors.vmdef, entered like any trap, callout
// or VM exit, so the debugger steps into it like any other translation:
//   hidden page fault    `on page_fault(address, code)` (full, binary: a #PF into the monitor),
//                        VT-x without EPT: exit 0 EXCEPTION_NMI_PAGE_FAULT          exits `pagefault`
//   guest table store    `on pte_write(entry, value)` (full: a trap; binary: a callout from the
//                        translated store), VT-x: exit 0 EXCEPTION_NMI_PTE_WRITE   exits `pte`
//   first touch (nested) VT-x exit 48 EPT_VIOLATION(gpa)                          exits `ept`
// The access that needed it has not happened (a `PagingExit` thrown by operands.ts / mmu.ts ends
// the step; a guest load or store's EPT violation is returned, not thrown: instruction.ts enters
// it); the handler's return completes nothing and the access runs again — now a shadow hit, a
// store let through once, a backed page. The attempt is not counted as a guest instruction, so
// instruction counts stay those of the native run (`vmdef compare`'s clock).
// Below the entry: what the handlers' commands do (hardware.ts dispatches to PAGING_COMMANDS).
import { PAGING_HANDLER, type PagingWork } from '../../language/isa.js';
import type { Machine } from '../machine.js';
import { SparseMemory } from '../memory.js';
import { L_HYPERVISOR, L_KERNEL, PK_INT, type Frame, type VcpuState, type VmState } from '../state.js';
import { countExit } from './costs.js';
import { holdException } from './exceptions.js';
import { checkDepth, enter, guestFrame, newFrame } from './layers.js';
import { shadowWalk } from './mmu.js';
import { backGuestPage, inside } from './operands.js';
import { chargePaging, shadowUpdate } from './shadow-paging.js';
import { fusedEpt, fusedEptFits } from './fused-ept.js';
import { Fault } from './stops.js';
import { reason } from '../stop-reason.js';

/**
 * Enters the monitor's handler for paging `work` (a `PagingExit`'s fields: `a`, `b`); the
 * interrupted access runs again when it returns. The fast engine may take an EPT violation's
 * handler whole here (fused-ept.ts).
 */
export function enterPagingHandler(m: Machine, vm: VmState, v: VcpuState, f: Frame, work: PagingWork, a: number, b: number): void {
    const host = m.hosts[vm.model.host.index];
    const entry = host.pagingWork[work];
    const names = PAGING_HANDLER[work];
    if (!entry) throw new Fault('#GP', reason('no-monitor-handler', host.technique, host.technique === 'hardware' ? names.vmx.handler : String(names.handler)));
    checkDepth(v);
    // the attempt is undone: the access runs again after the handler, counted once
    if (f.layer <= L_KERNEL) {
        vm.instructions--;
        v.instructions--;
    }
    const callout = host.technique === 'binary' && work === 'pteWrite';
    chargePaging(m, vm, v, host.technique === 'hardware' ? host.costs.exit : callout ? host.costs.callout : host.costs.trap);
    // a callout is no exit; a hidden fault under binary translation is a real trap
    if (!callout) countExit(vm, names.exit);
    if (work === 'eptViolation' && fusedEptFits(m, vm, v, host, entry, a)) {
        fusedEpt(m, vm, v, host, a);
        return;
    }
    const frame = newFrame(m, 'hypervisor', entry.name, entry.code, false, L_HYPERVISOR);
    frame.pagingWork = work;
    frame.pk.push(PK_INT);
    frame.pv.push(a);
    if (work !== 'eptViolation') {
        frame.pk.push(PK_INT);
        frame.pv.push(b);
    }
    enter(m, vm, v, frame);
}

type Command = (m: Machine, vm: VmState, v: VcpuState, f: Frame) => number;
const param = (f: Frame, i: number): number => f.pv[i] ?? 0;

/** The paging commands of the unified hardware command set (stdlib/monitors.vmdef's header). */
export const PAGING_COMMANDS: Record<'shadow_fill' | 'shadow_update' | 'pte_decode' | 'ept_map', Command> = {
    // the walk the hidden fault needs, for the access of the guest frame below the monitor
    shadow_fill: (m, vm, v, f) => {
        const guest = guestFrame(v);
        if (guest === undefined || m.hosts[vm.model.host.index].paging !== 'shadow' || !vm.shadow.roots.has(v.cr3)) return 0;
        return shadowWalk(m, vm, v, guest, param(f, 0), param(f, 1), (fault) => holdException(m, vm, v, 14, fault));
    },
    shadow_update: (m, vm, v, f) => {
        shadowUpdate(m, vm, v, param(f, 0), param(f, 1));
        return 0;
    },
    // its cost is the decoding (isa.ts charges `pte_decode`); the handler's parameters are what it yields
    pte_decode: () => 0,
    ept_map: (m, vm, v, f) => {
        const gpa = param(f, 0);
        if (!inside(vm, gpa)) {
            // a stray command (a user's monitor): nothing outside the VM is ever backed for it
            vm.mem.refused++;
            return 0;
        }
        backGuestPage(m, vm, v, SparseMemory.pageOf(gpa));
        return 0;
    },
};
