// The monitor's work on guest memory, as a step in shows it (LANGUAGE.md §11). A hidden page
// fault, a trapped (or, translated, called-out) page-table store and an EPT violation enter the
// monitor's handler in language/stdlib/monitors.vmdef (simulator/machine/paging-exits.ts): a step
// in stops in that frame, at its first instruction, like any trap, and the description says what
// the monitor is about to do (`hidden page fault at 0x400123: shadow miss → fill`); the guest frame
// below stays at the access, which runs again when the handler returns. An `mmu_update`'s
// outcome (validated or refused) and a true page fault's entry into the guest kernel are
// described here too. The Memory scope shows the work of the handler frame a stop is in.
import type { MemoryEvent, Simulation } from '../../simulator/engine.js';
import { hypervisorFirst } from '../../simulator/machine/interrupts.js';
import { vectorName } from '../../simulator/machine/vectors.js';
import { stopReasonText } from '../../simulator/stop-reason.js';
import type { Frame, VcpuState } from '../../simulator/state.js';
import { memoryMessages as mm } from './messages.js';
import { guestAllows, hex, nestedName } from './walk.js';

const PAGE_FAULT = 14;
/** Events kept per step: a step makes a handful; a bound keeps a runaway guest harmless. */
const MAX_EVENTS = 16;

/** The paging handler a stop is in (the innermost one of its vCPU), for the Memory scope. */
export interface ShownWork {
    /** The handler's frame name (`trap page_fault`, `VM exit 48 EPT_VIOLATION`). */
    name: string;
    /** The address the work is about: virtual for a hidden fault, guest-physical for a table store's entry or an EPT violation. */
    address: number;
    /** A virtual address the scope can walk. */
    virtual: boolean;
}

export class MemoryWork {
    private events: MemoryEvent[] = [];
    private watching: string | undefined;

    constructor(private readonly sim: Simulation) {}

    /** The machine listener's `memory`: kept only during a step that watches its vCPU. */
    onEvent(e: MemoryEvent): void {
        if (e.vcpu === this.watching && this.events.length < MAX_EVENTS) this.events.push(e);
    }

    /** Before a step of `vcpu`. */
    watch(vcpu: number): void {
        this.events = [];
        this.watching = this.sim.state.vcpus[vcpu]?.name;
    }

    /** After the step: the words for the memory work it met (none: undefined). */
    stepped(vcpu: number): string | undefined {
        const events = this.events;
        this.events = [];
        this.watching = undefined;
        const v = this.sim.state.vcpus[vcpu];
        if (events.length === 0 || !v) return undefined;
        return events.map((e) => this.describe(v, e)).join('; ');
    }

    private describe(v: VcpuState, e: MemoryEvent): string {
        const vm = this.sim.state.vms[v.vm];
        switch (e.kind) {
            case 'hidden-page-fault': {
                // the handler has not walked yet: what its `hw shadow_fill` will find, read without changing anything
                const handler = handlerFrame(v);
                const code = handler?.pv[1] ?? 0;
                return guestAllows(vm, v.cr3, e.address, code) ? mm.hiddenFill(hex(e.address)) : mm.hiddenTrue(hex(e.address), faultHandler(this.sim, v));
            }
            case 'pte-write': {
                const via = e.via === 'callout' ? mm.viaCallout() : e.via === 'exit' ? mm.viaExit() : mm.viaTrap();
                return mm.pteWrite(hex(e.address), hex(e.physical ?? 0), via);
            }
            case 'ept-violation':
                return mm.eptViolation(nestedName(this.sim, vm), hex(e.address));
            case 'mmu-update':
                return (e.refused ? mm.mmuRefused : mm.mmuValidated)(hex(e.address), hex(e.value ?? 0));
        }
    }
}

/** The innermost paging handler on a vCPU's stack (hardware commands it issued aside). */
function handlerFrame(v: VcpuState): Frame | undefined {
    for (let i = v.frames.length - 1; i >= 0; i--) {
        const f = v.frames[i];
        if (f.pagingWork !== undefined) return f;
        if (f.kind !== 'hardware') return undefined;
    }
    return undefined;
}

/** The paging handler vCPU `v` is stopped in, if any (the Memory scope's `work`). */
export function shownWork(v: VcpuState): ShownWork | undefined {
    const f = handlerFrame(v);
    if (f === undefined) return undefined;
    // a hidden page fault's handler takes (address, code); a table store's (entry, value); an EPT violation's (gpa)
    return { name: f.name, address: f.pv[0] ?? 0, virtual: f.pagingWork === 'pageFault' };
}

/** `linux page_fault`: the guest kernel's handler a page fault goes to. */
function faultHandler(sim: Simulation, v: VcpuState): string {
    const vmModel = sim.model.vms[v.vm];
    if (sim.machine.vms[vmModel.index].vectors[PAGE_FAULT] === undefined) return mm.interruptTable();
    return `${vmModel.os?.name ?? ''} ${vectorName(vmModel.host, PAGE_FAULT)}`.trim();
}

/**
 * Entering the guest kernel's page-fault handler (frame `f`): `page fault at 0x… (…): true page
 * fault → injected into linux page_fault` when the hypervisor took it first, else straight to it.
 */
export function pageFaultEntry(sim: Simulation, v: VcpuState, f: Frame): string | undefined {
    if (f.vector !== PAGE_FAULT || f.kind !== 'kernel') return undefined;
    const host = sim.machine.hosts[sim.model.vms[v.vm].host.index];
    const handler = faultHandler(sim, v);
    const words = hypervisorFirst(host, false) || host.paging === 'shadow' ? mm.trueFault(handler) : mm.guestFault(handler);
    return f.reason ? `${stopReasonText(f.reason)}: ${words}` : words;
}

/** The monitor's exception handler entered for a page fault: ` — page fault at 0x…: …` after the entry's words. */
export function pageFaultToMonitor(f: Frame): string | undefined {
    if (f.vector !== PAGE_FAULT || f.kind !== 'hypervisor' || f.pv.length < 2) return undefined;
    return mm.pageFaultFirst(hex(f.pv[1]));
}
