// The monitor's work on guest memory, as a step in shows it (LANGUAGE.md §11). A hidden page
// fault, a trapped (or, translated, called-out) page-table store and an EPT violation happen
// inside one guest instruction: the machine charges the monitor for them without running any
// instruction of the standard library (simulator/machine/shadow-paging.ts, operands.ts). A step
// in that met one stops *in* that work: the call stack gets a frame for it above the guest's
// (`monitor: hidden page fault`, at the monitor's declaration), the guest frame shows the
// instruction that made the access, and the description says what the monitor did
// (`hidden page fault at 0x400123: shadow miss → fill`). The next move leaves it. An
// `mmu_update` runs as stdlib code (hypercall → `hw pte_write`), so it needs no such frame:
// only its outcome is described (validated or refused). A true page fault's entry into the
// guest kernel is described here too.
import type { MemoryEvent, Simulation } from '../../simulator/engine.js';
import type { SourceLocation } from '../../simulator/result.js';
import { locationOf } from '../../simulator/cpu/code.js';
import { hypervisorFirst } from '../../simulator/machine/interrupts.js';
import { vectorName } from '../../simulator/machine/vectors.js';
import { stopReasonText } from '../../simulator/stop-reason.js';
import type { Frame, VcpuState } from '../../simulator/state.js';
import { memoryMessages as mm } from './messages.js';
import { hex, nestedName } from './walk.js';

const PAGE_FAULT = 14;
/** Events kept per step: a step makes a handful; a bound keeps a runaway guest harmless. */
const MAX_EVENTS = 16;

/** The monitor's work a stop shows as a frame on top of its vCPU's stack. */
export interface ShownWork {
    vcpu: number;
    kind: MemoryEvent['kind'];
    /** The frame's name (`monitor: hidden page fault`). */
    name: string;
    /** The monitor's declaration in the standard library. */
    location?: SourceLocation;
    /** Where the guest frame below stands: the instruction whose access it is. */
    guestAt?: SourceLocation;
    /** The address the work was about (virtual; guest-physical for an EPT violation). */
    address: number;
    description: string;
}

export class MemoryWork {
    private events: MemoryEvent[] = [];
    private watching: string | undefined;
    private hiddenBefore = 0;
    private guestAt: SourceLocation | undefined;
    /** What the current stop shows, if it stopped in the monitor's work. */
    shown: ShownWork | undefined;

    constructor(private readonly sim: Simulation) {}

    /** The machine listener's `memory`: kept only during a step that watches its vCPU. */
    onEvent(e: MemoryEvent): void {
        if (e.vcpu === this.watching && this.events.length < MAX_EVENTS) this.events.push(e);
    }

    /** Before a step of `vcpu`: remember where it stands and what the VM has counted. */
    watch(vcpu: number, at: SourceLocation | undefined): void {
        const v = this.sim.state.vcpus[vcpu];
        this.events = [];
        this.watching = v.name;
        this.guestAt = at;
        this.hiddenBefore = this.sim.state.vms[v.vm].mem.hiddenPageFaults;
    }

    /**
     * After the step: the words for the memory work it did (none: undefined) and, when that work
     * has no frame of its own, `shown` set to the one the call stack adds.
     */
    stepped(vcpu: number): string | undefined {
        const events = this.events;
        this.events = [];
        this.watching = undefined;
        const v = this.sim.state.vcpus[vcpu];
        if (events.length === 0 || !v) return undefined;
        const words = events.map((e) => this.describe(v, e));
        const framed = events.find((e) => e.kind !== 'mmu-update');
        const description = words.join('; ');
        if (framed) this.shown = { vcpu, kind: framed.kind, name: mm.frameWork(this.workName(v, framed)), location: this.monitorLocation(v), guestAt: this.guestAt, address: framed.address, description };
        return description;
    }

    /** Any move leaves the work shown. */
    clear(): void {
        this.shown = undefined;
    }

    private describe(v: VcpuState, e: MemoryEvent): string {
        const vm = this.sim.state.vms[v.vm];
        switch (e.kind) {
            case 'hidden-page-fault':
                return vm.mem.hiddenPageFaults > this.hiddenBefore ? mm.hiddenFill(hex(e.address)) : mm.hiddenTrue(hex(e.address), faultHandler(this.sim, v));
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

    private workName(v: VcpuState, e: MemoryEvent): string {
        if (e.kind === 'hidden-page-fault') return mm.workHidden();
        if (e.kind === 'pte-write') return mm.workPte();
        return mm.workEpt(nestedName(this.sim, this.sim.state.vms[v.vm]));
    }

    /** Where the vCPU's monitor is declared (its hypervisor's technique), for the work's frame. */
    private monitorLocation(v: VcpuState): SourceLocation | undefined {
        const technique = this.sim.model.vms[v.vm].host.technique;
        if (technique === 'native') return undefined;
        const handler = this.sim.model.monitors[technique].values().next().value;
        return handler ? locationOf(handler.$container) : undefined;
    }
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
    const words = hypervisorFirst(host, false) ? mm.trueFault(handler) : mm.guestFault(handler);
    return f.reason ? `${stopReasonText(f.reason)}: ${words}` : words;
}

/** The monitor's exception handler entered for a page fault: ` — page fault at 0x…: …` after the entry's words. */
export function pageFaultToMonitor(f: Frame): string | undefined {
    if (f.vector !== PAGE_FAULT || f.kind !== 'hypervisor' || f.pv.length < 2) return undefined;
    return mm.pageFaultFirst(hex(f.pv[1]));
}
