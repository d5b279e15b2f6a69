// `vmdef run FILE... [--json] [--trace] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact]` — LANGUAGE.md §8.
import { checkWorkspace } from '../language/workspace.js';
import { Simulation, type MachineListener, type SimulationOptions, type Transition } from '../simulator/engine.js';
import { LAYERS, type SimulationResult } from '../simulator/result.js';
import { hasUserErrors, printDiagnostics, workspaceDiagnostics } from './check.js';
import { oneSystem, readInputs } from './inputs.js';
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

/** Prefixes each console line with `vm| ` when several VMs share the output. */
class ConsolePrinter {
    private readonly partial = new Map<string, string>();
    constructor(private readonly prefixed: boolean, private readonly out: (s: string) => void) {}

    write(vm: string, text: string): void {
        if (!this.prefixed) {
            this.out(text);
            return;
        }
        const lines = ((this.partial.get(vm) ?? '') + text).split('\n');
        this.partial.set(vm, lines.pop()!);
        for (const line of lines) this.out(`${vm}| ${line}\n`);
    }

    flush(): void {
        for (const [vm, rest] of this.partial) if (rest) this.out(`${vm}| ${rest}\n`);
        this.partial.clear();
    }
}

export function formatTransition(t: Transition): string {
    const arrow = t.direction === 'enter' ? `${t.from} → ${t.to}` : `${t.to} ← ${t.from}`;
    return `[${t.time}] ${t.vcpu}: ${arrow} ${t.name}`;
}

export function formatSummary(result: SimulationResult): string {
    const rows: string[][] = [['vm', 'hypervisor', 'status', 'instructions', ...LAYERS, 'total', 'exits']];
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
    lines.push(`simulated ${result.cycles} host cycles`);
    return lines.join('\n') + '\n';
}

export async function runCommand(args: string[]): Promise<number> {
    const options = parseRunArgs(args);
    const files = oneSystem(readInputs(options.files), 'run');
    const workspace = await checkWorkspace(files);
    if (hasUserErrors(workspace)) {
        printDiagnostics(workspaceDiagnostics(workspace, files), options.json ? 'json' : 'text');
        return 1;
    }
    const out = (s: string) => process.stdout.write(s);
    const sim = Simulation.create(workspace, options.simulation);
    const printer = new ConsolePrinter(sim.model.vms.length > 1, out);
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
    return 0;
}
