// `vmdef run FILE... [--json] [--trace] [--explain] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact]` — LANGUAGE.md §8.
import { MAX_CONSOLE_TEXT } from '../simulator/console-limit.js';
import { Simulation, type MachineListener, type SimulationOptions, type Transition } from '../simulator/engine.js';
import { LAYERS, type DeviceIoResult, type HypervisorResult, type Layer, type SimulationResult } from '../simulator/result.js';
import { ConsoleStream } from './console-stream.js';
import { displayWidth, padEnd } from './display-width.js';
import { EXIT_ERRORS, EXIT_OK } from './exit-codes.js';
import { runnableInputs } from './inputs.js';
import { cliMessages as m } from './messages.js';
import { parseArgs, SIMULATION_OPTIONS, simulationOptions } from './options.js';
import { earliestPossible, TimeOrder } from './time-order.js';
import { maxOf } from '../language/arrays.js';
import { EXPLAIN_MAX_LINES, Narrator } from './explain/narrate.js';
import { explainMessages } from './explain/messages.js';
import { localizedStop } from '../simulator/stop-reason.js';

export interface RunArgs {
    files: string[];
    json: boolean;
    trace: boolean;
    /** The trace in plain language (explain/narrate.ts) instead of `--trace`'s lines. */
    explain: boolean;
    simulation: SimulationOptions;
}

export function parseRunArgs(args: string[]): RunArgs {
    const parsed = parseArgs(args, { '--json': 'flag', '--trace': 'flag', '--explain': 'flag', ...SIMULATION_OPTIONS }, 'run');
    const flag = (name: string) => parsed.values.has(name);
    return { files: parsed.files, json: flag('json'), trace: flag('trace'), explain: flag('explain'), simulation: simulationOptions(parsed) };
}

/**
 * `[11003] pcpu1 web/vcpu0: guest → kernel syscall write`. `pcpu` names the pCPU: its index on
 * its host (what `pin` names), after the hypervisor's name when there are several
 * (`xen/pcpu1`). The hypervisor handing over to the host OS or back is a world switch, and says so.
 */
export function formatTransition(t: Transition, pcpu: string): string {
    const arrow = t.direction === 'enter' ? `${t.from} → ${t.to}` : `${t.to} ← ${t.from}`;
    const between = (a: string, b: string) => (t.from === a && t.to === b) || (t.from === b && t.to === a);
    const worldSwitch = between('hypervisor', 'host') ? ` (${m.worldSwitch()})` : '';
    return `[${t.time}] ${pcpu} ${t.vcpu}: ${arrow} ${t.name}${worldSwitch}`;
}

/** Each pCPU's name in the trace, by global index. */
function pcpuNames(sim: Simulation): string[] {
    const several = sim.model.hosts.length > 1;
    return sim.state.pcpus.map((p) => `${several ? `${sim.model.hosts[p.host].name}/` : ''}pcpu${p.index}`);
}

/** The summary's column headings; `total` adds up the cycles of each of a VM's vCPUs (CPU time). */
function headings(): string[] {
    const layer: Record<Layer, string> = {
        guest: m.columnGuest(),
        kernel: m.columnKernel(),
        hypervisor: m.columnHypervisor(),
        host: m.columnHost(),
        waiting: m.columnWaiting(),
    };
    return [m.columnVm(), m.columnHypervisor(), m.columnStatus(), m.columnInstructions(), ...LAYERS.map((l) => layer[l]), m.columnTotal(), m.columnExits()];
}

function statusLabel(status: string): string {
    const labels: Record<string, () => string> = { halted: m.statusHalted, faulted: m.statusFaulted, 'host-failed': m.statusHostFailed, limit: m.statusLimit };
    return labels[status]?.() ?? status;
}

/**
 * A device's I/O line: for a disk or nic, and a serial port passed through or with timed input —
 * not for the plain console writes every VM makes to its serial port, nor for timers.
 */
function shownIo(io: DeviceIoResult): boolean {
    if (io.accesses === 0 && io.refused === 0) return false;
    if (io.kind === 'disk' || io.kind === 'nic') return true;
    return io.kind === 'serial' && (io.path !== 'emulated' || io.interrupts > 0);
}

/**
 * The table after the console output, and one note per stop, fidelity violation, hypercall and
 * swap. The last line is the time that passed on the host (wall clock): a 2-vCPU VM's total can
 * be twice the elapsed time, so both are labelled so that neither reads as the other.
 */
export function formatSummary(result: SimulationResult): string {
    const rows: string[][] = [headings()];
    for (const vm of result.vms) {
        const exits = Object.entries(vm.exits).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
        rows.push([vm.name, vm.hypervisor ?? m.nativeOn(vm.hardware ?? ''), statusLabel(vm.status), String(vm.instructions), ...LAYERS.map((l) => String(vm.cycles[l])), String(vm.cycles.total), exits]);
    }
    const widths = rows[0].map((_, c) => maxOf(rows.map((r) => displayWidth(r[c]))));
    const lines = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : padEnd(cell, widths[c]))).join('  ').trimEnd());
    lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
    for (const vm of result.vms) {
        if (vm.stop) {
            const at = vm.stop.at && `${vm.stop.at.file}:${vm.stop.at.line}:${vm.stop.at.column}`;
            const why = localizedStop(vm.stop);
            lines.push(at ? m.stoppedAt(vm.name, why, at) : m.stopped(vm.name, why));
        }
        if (vm.fidelityViolations) lines.push(m.fidelityViolations(vm.name, vm.fidelityViolations));
        const irq = vm.interrupts;
        if (irq && irq.raised + irq.lost > 0) lines.push(m.interrupts(vm.name, irq.raised, irq.delivered, irq.lost, irq.maxDelay));
        if (vm.processes) lines.push(m.processes(vm.name, vm.processes.count, vm.processes.switches));
        if (vm.faults && Object.keys(vm.faults).length) lines.push(m.faults(vm.name, Object.entries(vm.faults).map(([k, v]) => `#${k} ${v}`).join(', ')));
        if (Object.keys(vm.hypercalls).length) lines.push(m.hypercalls(vm.name, Object.entries(vm.hypercalls).map(([k, v]) => `${k} ${v}`).join(', ')));
        if (vm.memory.swappedPages) lines.push(m.swappedPages(vm.name, vm.memory.swappedPages));
        const mem = vm.memory;
        // only VMs whose guest turned paging on (or whose pages the hypervisor backed on demand)
        if (mem.tlbMisses + mem.eptViolations > 0) {
            const hitRate = `${((100 * mem.tlbHits) / Math.max(1, mem.tlbHits + mem.tlbMisses)).toFixed(1)}%`;
            const faults = m.memoryFaults(mem.guestPageFaults, mem.hiddenPageFaults, mem.pteWrites, mem.eptViolations, mem.shadowsBuilt, mem.refused);
            lines.push(m.memory(vm.name, mem.paging, hitRate, mem.tlbMisses, mem.walkRefs, faults));
        }
        for (const [device, io] of Object.entries(vm.io ?? {})) {
            if (!shownIo(io)) continue;
            lines.push(m.deviceIo(vm.name, device, io.path, io.accesses, io.exits, io.bytes, io.exitsPerByte.toPrecision(3), io.refused));
        }
        if (vm.consoleDropped) lines.push(m.consoleDropped(vm.name, vm.consoleDropped, MAX_CONSOLE_TEXT));
    }
    for (const hv of result.hypervisors) if (hv.profile) lines.push(profileLine(hv.name, hv.profile));
    lines.push(m.elapsed(result.cycles));
    return lines.join('\n') + '\n';
}

/**
 * The JSON result with each stop's `message`: its reason in the current language (`reason` stays
 * the English text, `code` and `args` name it), as `vmdef check --format json` localises messages.
 */
export function withStopMessages(result: SimulationResult): SimulationResult {
    return { ...result, vms: result.vms.map((vm) => (vm.stop ? { ...vm, stop: { ...vm.stop, message: localizedStop(vm.stop) } } : vm)) };
}

export async function runCommand(args: string[]): Promise<number> {
    const options = parseRunArgs(args);
    const inputs = await runnableInputs(options.files, options.json ? 'json' : 'text', 'run');
    if (!inputs) return EXIT_ERRORS;
    const out = (s: string) => process.stdout.write(s);
    const sim = Simulation.create(inputs.workspace, options.simulation);
    const printer = new ConsoleStream(sim.model.vms.length > 1, out, (vm) => m.consoleStreamStopped(vm, MAX_CONSOLE_TEXT));
    // tracing, every line waits for its turn in time order (time-order.ts)
    const order = options.trace || options.explain ? new TimeOrder() : undefined;
    const narrator = options.explain ? new Narrator(sim) : undefined;
    const listener: MachineListener = {};
    if (!options.json) {
        listener.console = order
            ? (vm, text, time) => order.add(time, sim.machine.cpu.id, () => printer.write(vm, text))
            : (vm, text) => printer.write(vm, text);
    }
    if (order) {
        const write = options.json ? (s: string) => process.stderr.write(s) : out;
        const pcpus = pcpuNames(sim);
        listener.transition = (t) => {
            const text = narrator ? narrator.narrate(t) : formatTransition(t, pcpus[t.pcpu]);
            if (text !== undefined) order.add(t.time, t.pcpu, () => write(text + '\n'));
        };
    }
    sim.listener = listener;
    if (narrator) for (const line of narrator.prologue()) (options.json ? process.stderr : process.stdout).write(line + '\n');

    const started = Date.now();
    const showProgress = process.stderr.isTTY === true;
    let shown = false;
    while (!sim.finished) {
        // tracing: shorter calls, so what is held for time order stays small
        sim.runUntil({ maxSteps: order ? 50_000 : 2_000_000, runAhead: true });
        order?.release(earliestPossible(sim.state.pcpus));
        if (showProgress && Date.now() - started > 1000) {
            process.stderr.write(`\rvmdef: ${m.progress(Math.round(sim.time / 1e6))}`);
            shown = true;
        }
    }
    if (shown) process.stderr.write('\r\x1b[K');
    order?.flush();
    if (narrator?.omitted) (options.json ? process.stderr : process.stdout).write(explainMessages.omitted(narrator.omitted, EXPLAIN_MAX_LINES) + '\n');
    const result = sim.result();
    if (options.json) {
        out(JSON.stringify(withStopMessages(result), null, 2) + '\n');
    } else {
        printer.flush();
        if (printer.endsMidLine) out('\n');
        out('\n' + formatSummary(result));
    }
    return EXIT_OK;
}

/** `dc: like xen (as Xen); from the profile: reserve, scheduler, weight; written: technique`. */
function profileLine(hypervisor: string, profile: NonNullable<HypervisorResult['profile']>): string {
    const from = (origin: string) => Object.entries(profile.origins).filter(([, o]) => o === origin).map(([s]) => s).join(', ') || '-';
    return m.profile(hypervisor, profile.name, profile.title, from('profile'), from('written'));
}
