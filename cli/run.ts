// `vmdef run FILE... [--json] [--trace] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact]` — LANGUAGE.md §8.
import { ConsoleDemux } from '../simulator/console-demux.js';
import { Simulation, type MachineListener, type SimulationOptions, type Transition } from '../simulator/engine.js';
import { LAYERS, type Layer, type SimulationResult } from '../simulator/result.js';
import { displayWidth, padEnd } from './display-width.js';
import { EXIT_ERRORS, EXIT_OK } from './exit-codes.js';
import { runnableInputs } from './inputs.js';
import { cliMessages as m } from './messages.js';
import { parseArgs, SIMULATION_OPTIONS, simulationOptions } from './options.js';
import { maxOf } from '../language/arrays.js';

export interface RunArgs {
    files: string[];
    json: boolean;
    trace: boolean;
    simulation: SimulationOptions;
}

export function parseRunArgs(args: string[]): RunArgs {
    const parsed = parseArgs(args, { '--json': 'flag', '--trace': 'flag', ...SIMULATION_OPTIONS }, 'run');
    return { files: parsed.files, json: parsed.values.has('json'), trace: parsed.values.has('trace'), simulation: simulationOptions(parsed) };
}

export function formatTransition(t: Transition): string {
    const arrow = t.direction === 'enter' ? `${t.from} → ${t.to}` : `${t.to} ← ${t.from}`;
    return `[${t.time}] ${t.vcpu}: ${arrow} ${t.name}`;
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
 * The table after the console output, and one note per stop, fidelity violation, hypercall and
 * swap. The last line is the time that passed on the host (wall clock): a 2-vCPU VM's total can
 * be twice the elapsed time, so both are labelled so that neither reads as the other.
 */
export function formatSummary(result: SimulationResult): string {
    const rows: string[][] = [headings()];
    for (const vm of result.vms) {
        const exits = Object.entries(vm.exits).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
        rows.push([vm.name, vm.hypervisor, statusLabel(vm.status), String(vm.instructions), ...LAYERS.map((l) => String(vm.cycles[l])), String(vm.cycles.total), exits]);
    }
    const widths = rows[0].map((_, c) => maxOf(rows.map((r) => displayWidth(r[c]))));
    const lines = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : padEnd(cell, widths[c]))).join('  ').trimEnd());
    lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
    for (const vm of result.vms) {
        if (vm.stop) {
            const at = vm.stop.at && `${vm.stop.at.file}:${vm.stop.at.line}:${vm.stop.at.column}`;
            lines.push(at ? m.stoppedAt(vm.name, vm.stop.reason, at) : m.stopped(vm.name, vm.stop.reason));
        }
        if (vm.fidelityViolations) lines.push(m.fidelityViolations(vm.name, vm.fidelityViolations));
        if (Object.keys(vm.hypercalls).length) lines.push(m.hypercalls(vm.name, Object.entries(vm.hypercalls).map(([k, v]) => `${k} ${v}`).join(', ')));
        if (vm.memory.swappedPages) lines.push(m.swappedPages(vm.name, vm.memory.swappedPages));
    }
    lines.push(m.elapsed(result.cycles));
    return lines.join('\n') + '\n';
}

export async function runCommand(args: string[]): Promise<number> {
    const options = parseRunArgs(args);
    const inputs = await runnableInputs(options.files, options.json ? 'json' : 'text', 'run');
    if (!inputs) return EXIT_ERRORS;
    const out = (s: string) => process.stdout.write(s);
    const sim = Simulation.create(inputs.workspace, options.simulation);
    const printer = new ConsoleDemux(sim.model.vms.length > 1, out);
    const listener: MachineListener = {};
    if (!options.json) listener.console = (vm, text) => printer.write(vm, text);
    if (options.trace && !options.json) listener.transition = (t) => out(formatTransition(t) + '\n');
    else if (options.trace) listener.transition = (t) => process.stderr.write(formatTransition(t) + '\n');
    sim.listener = listener;

    const started = Date.now();
    const showProgress = process.stderr.isTTY === true;
    let shown = false;
    while (!sim.finished) {
        sim.runUntil({ maxSteps: 2_000_000, runAhead: true });
        if (showProgress && Date.now() - started > 1000) {
            process.stderr.write(`\rvmdef: ${m.progress(Math.round(sim.time / 1e6))}`);
            shown = true;
        }
    }
    if (shown) process.stderr.write('\r\x1b[K');
    const result = sim.result();
    if (options.json) {
        out(JSON.stringify(result, null, 2) + '\n');
    } else {
        printer.flush();
        if (result.vms.some((vm) => vm.console && !vm.console.endsWith('\n')) && sim.model.vms.length === 1) out('\n');
        out('\n' + formatSummary(result));
    }
    return EXIT_OK;
}
