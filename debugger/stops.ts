// What a stop is, in the runtime's terms (no DAP here): its reason, the vCPU it is shown on and
// its words; and the exception filters — which engine events (traps, hypercalls, faults,
// fidelity violations, host failures) stop the debugger, and how each is described.
import * as nodePath from 'node:path';
import type { RunStop, Simulation, StopEvent, StopKind, Transition } from '../simulator/engine.js';
import type { SimulationResult } from '../simulator/result.js';
import type { Hit } from './breakpoints.js';
import { describeEntry } from './describe.js';
import { debuggerMessages as m } from './messages.js';
import { localizedStop } from '../simulator/stop-reason.js';

/** Exception filters (DAP `exceptionBreakpointFilters`); `label` and `description` write them in the current language. */
export const EXCEPTION_FILTERS = [
    { filter: 'traps', label: m.filterTraps, description: m.filterTrapsDescription, default: false },
    { filter: 'hypercalls', label: m.filterHypercalls, description: m.filterHypercallsDescription, default: false },
    { filter: 'faults', label: m.filterFaults, description: m.filterFaultsDescription, default: true },
    { filter: 'fidelity', label: m.filterFidelity, description: m.filterFidelityDescription, default: true },
    { filter: 'host-failed', label: m.filterHostFailed, description: m.filterHostFailedDescription, default: true },
    { filter: 'interrupts', label: m.filterInterrupts, description: m.filterInterruptsDescription, default: true },
] as const;
export type ExceptionFilter = (typeof EXCEPTION_FILTERS)[number]['filter'];

/** How an exception stop of each engine filter is described: `guest fault in web: …`. */
const EXCEPTION_WORDS: Record<'faults' | 'fidelity' | 'host-failed' | 'interrupts', (vm: string, message: string) => string> = {
    faults: m.exceptionGuestFault, fidelity: m.exceptionFidelity, 'host-failed': m.exceptionHostFailure, interrupts: m.exceptionInterrupt,
};
const FILTER_OF_KIND: Partial<Record<StopKind, keyof typeof EXCEPTION_WORDS>> = {
    fault: 'faults', fidelity: 'fidelity', 'host-failed': 'host-failed', interrupt: 'interrupts',
};

export type StopReason = 'entry' | 'step' | 'breakpoint' | 'function breakpoint' | 'instruction breakpoint' | 'data breakpoint' | 'exception' | 'pause' | 'restart';

export interface StopInfo {
    reason: StopReason;
    vcpu: number;
    /** What happened, in words (`trap: out com1 → io_out`, `breakpoint at countdown line 24`). */
    description: string;
    breakpointIds?: number[];
    exception?: { id: ExceptionFilter; description: string };
}

export type Outcome = { kind: 'stopped'; stop: StopInfo } | { kind: 'ended'; result: SimulationResult; exitCode: number };

export function breakpointStop(vcpu: number, hit: Hit): StopInfo {
    const description = hit.names.join('; ') + (hit.error ? ` — ${hit.error}` : '');
    const reason = hit.kind === 'function' ? 'function breakpoint' : hit.kind === 'instruction' ? 'instruction breakpoint' : 'breakpoint';
    return { reason, vcpu, description, breakpointIds: hit.ids };
}

/**
 * The exception filters that are on, and what the engine raised during the current slice: a
 * trap / VM exit / hypercall the transition listener saw (traps and hypercalls filters), an
 * injected failure (`fail at`, `fail host at`) that happened between chunks.
 */
export class Exceptions {
    private filters = new Set<ExceptionFilter>(EXCEPTION_FILTERS.filter((f) => f.default).map((f) => f.filter));
    private entered: { filter: ExceptionFilter; vcpu: string } | undefined;
    private injected: StopEvent | undefined;
    private readonly vcpuByName = new Map<string, number>();

    constructor(private readonly sim: Simulation) {
        sim.state.vcpus.forEach((v) => this.vcpuByName.set(v.name, v.id));
    }

    set(filters: string[]): void {
        this.filters = new Set(filters.filter((f): f is ExceptionFilter => EXCEPTION_FILTERS.some((x) => x.filter === f)));
    }

    /** Whether the transition listener must watch entries into the hypervisor. */
    get watchesEntries(): boolean {
        return this.filters.has('traps') || this.filters.has('hypercalls');
    }

    /** The engine events a run stops on. */
    get stopKinds(): StopKind[] {
        const kinds: StopKind[] = [];
        if (this.filters.has('faults')) kinds.push('fault');
        if (this.filters.has('fidelity')) kinds.push('fidelity');
        if (this.filters.has('host-failed')) kinds.push('host-failed');
        if (this.filters.has('interrupts')) kinds.push('interrupt');
        // traps and hypercalls: the transition listener raises a `breakpoint` stop event
        if (this.watchesEntries) kinds.push('breakpoint');
        return kinds;
    }

    /** Forgets what the last slice raised (called before each slice or step). */
    clear(): void {
        this.entered = undefined;
        this.injected = undefined;
    }

    /** An entry into the hypervisor: when its filter is on, the step that made it stops. */
    onTransition(t: Transition): void {
        if (t.direction !== 'enter' || t.to !== 'hypervisor') return;
        const filter: ExceptionFilter = t.name.startsWith('hypercall ') ? 'hypercalls' : 'traps';
        if (!this.filters.has(filter)) return;
        this.entered = { filter, vcpu: t.vcpu };
        // the executor pauses after a step that raised a stop event (simulator/executor.ts: `RunRequest.pauseOnStops`)
        this.sim.machine.stopEvent = { kind: 'breakpoint', vm: '', vcpu: t.vcpu, message: t.name, time: t.time };
    }

    /**
     * Injected failures happen between chunks, where the engine does not report them as a run
     * stop: remember them and stop at the end of the slice.
     */
    onEngineStop(e: StopEvent): void {
        if (e.vcpu !== undefined || (e.kind !== 'fault' && e.kind !== 'host-failed')) return;
        this.injected ??= e;
    }

    /** An injected failure seen during the last slice, as an exception stop if its filter is on. */
    takeInjected(): StopInfo | undefined {
        const e = this.injected;
        this.injected = undefined;
        if (!e) return undefined;
        const vm = this.sim.state.vms.find((x) => x.model.name === e.vm);
        return this.stopFor({ reason: 'event', vcpu: vm?.vcpus[0] ?? 0, event: e }, 0);
    }

    /** Maps an engine stop event to an exception stop if its filter is on (`fallbackVcpu`: when the event names none). */
    stopFor(stop: RunStop, fallbackVcpu: number): StopInfo | undefined {
        const event = stop.event;
        if (!event) return undefined;
        const vcpu = event.vcpu !== undefined ? (this.vcpuByName.get(event.vcpu) ?? stop.vcpu ?? 0) : (stop.vcpu ?? fallbackVcpu);
        if (event.kind === 'breakpoint' && this.entered) {
            const id = this.vcpuByName.get(this.entered.vcpu) ?? vcpu;
            const description = describeEntry(this.sim, id);
            return { reason: 'exception', vcpu: id, description, exception: { id: this.entered.filter, description } };
        }
        const filter = FILTER_OF_KIND[event.kind];
        if (!filter || !this.filters.has(filter)) return undefined;
        const where = event.at ? m.atPlace(`${nodePath.basename(event.at.file)}:${event.at.line}:${event.at.column}`) : '';
        const description = EXCEPTION_WORDS[filter](event.vm, localizedStop(event)) + where;
        return { reason: 'exception', vcpu, description, exception: { id: filter, description } };
    }
}
