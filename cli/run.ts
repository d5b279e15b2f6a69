// `vmdef run FILE... [--json] [--trace] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact]` — LANGUAGE.md §8.
import { ConsoleDemux } from '../simulator/console-demux.js';
import { Simulation, type MachineListener, type SimulationOptions, type Transition } from '../simulator/engine.js';
import { LAYERS, type SimulationResult } from '../simulator/result.js';
import { EXIT_ERRORS, EXIT_OK } from './exit-codes.js';
import { runnableInputs } from './inputs.js';
import { parseArgs, SIMULATION_OPTIONS, simulationOptions } from './options.js';

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

/**
 * A VM's `total` adds up the cycles of each of its vCPUs (CPU time); the last line is the time
 * that passed on the host (wall clock). A 2-vCPU VM's total can be twice the elapsed time:
 * both are labelled so that neither reads as the other.
 */
export const SUMMARY_LABELS = {
    total: 'total (all vCPUs)',
    elapsed: (cycles: number) => `elapsed: ${cycles} host cycles (wall-clock time of the run; a VM's total adds up its vCPUs)`,
};

export function formatSummary(result: SimulationResult): string {
    const rows: string[][] = [['vm', 'hypervisor', 'status', 'instructions', ...LAYERS, SUMMARY_LABELS.total, 'exits']];
    for (const vm of result.vms) {
        const exits = Object.entries(vm.exits).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
        rows.push([vm.name, vm.hypervisor, vm.status, String(vm.instructions), ...LAYERS.map((l) => String(vm.cycles[l])), String(vm.cycles.total), exits]);
    }
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    const lines = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
    lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
    for (const vm of result.vms) {
        const notes: string[] = [];
        if (vm.stop) notes.push(`${vm.name}: ${vm.stop.reason}${vm.stop.at ? ` at ${vm.stop.at.file}:${vm.stop.at.line}:${vm.stop.at.column}` : ''}`);
        if (vm.fidelityViolations) notes.push(`${vm.name}: ${vm.fidelityViolations} fidelity violation(s)`);
        if (Object.keys(vm.hypercalls).length) notes.push(`${vm.name}: hypercalls ${Object.entries(vm.hypercalls).map(([k, v]) => `${k} ${v}`).join(', ')}`);
        if (vm.memory.swappedPages) notes.push(`${vm.name}: ${vm.memory.swappedPages} page(s) swapped in`);
        lines.push(...notes);
    }
    lines.push(SUMMARY_LABELS.elapsed(result.cycles));
    return lines.join('\n') + '\n';
}

export async function runCommand(args: string[]): Promise<number> {
    const options = parseRunArgs(args);
    const inputs = await runnableInputs(options.files, options.json ? 'json' : 'text');
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
            process.stderr.write(`\rvmdef: simulating… ${Math.round(sim.time / 1e6)} M cycles`);
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
