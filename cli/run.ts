// `vmdef run FILE... [--json] [--trace] [--max-cycles N]` — LANGUAGE.md §8.
import { checkWorkspace, diagnosticsOf } from '../language/workspace.js';
import { ExactExecutor, Simulation, type MachineListener, type Transition } from '../simulator/engine.js';
import { FastExecutor } from '../simulator/fast/executor.js';
import { LAYERS, type SimulationResult } from '../simulator/result.js';
import { formatText, toFileDiagnostic, type FileDiagnostic } from './check.js';
import { InputError, readInputs } from './inputs.js';

export interface RunArgs {
    files: string[];
    json: boolean;
    trace: boolean;
    maxCycles?: number;
    /** `fast` (default: guest blocks compiled to JavaScript) or `exact` (the reference interpreter); same results. */
    engine: 'fast' | 'exact';
}

export function parseRunArgs(args: string[]): RunArgs {
    const parsed: RunArgs = { files: [], json: false, trace: false, engine: 'fast' };
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--json') parsed.json = true;
        else if (arg === '--trace') parsed.trace = true;
        else if (arg === '--max-cycles' || arg.startsWith('--max-cycles=')) {
            const text = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
            const n = Number(text);
            if (!text || !Number.isSafeInteger(n) || n <= 0) throw new InputError(`--max-cycles needs a positive whole number, not '${text ?? ''}'`);
            parsed.maxCycles = n;
        } else if (arg === '--engine' || arg.startsWith('--engine=')) {
            const name = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
            if (name !== 'fast' && name !== 'exact') throw new InputError(`--engine is fast or exact, not '${name ?? ''}'`);
            parsed.engine = name;
        } else if (arg.startsWith('-')) throw new InputError(`unknown option ${arg}`);
        else parsed.files.push(arg);
    }
    if (parsed.files.length === 0) throw new InputError('run needs at least one FILE');
    return parsed;
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

let pipeGuarded = false;

export async function runCommand(args: string[]): Promise<number> {
    const options = parseRunArgs(args);
    const files = readInputs(options.files);
    const workspace = await checkWorkspace(files);
    if (workspace.documents.some((d) => diagnosticsOf(d).some((x) => x.severity === 1))) {
        const diagnostics: FileDiagnostic[] = [];
        workspace.documents.forEach((doc, i) => {
            const list = diagnosticsOf(doc).map((d) => toFileDiagnostic(files[i].path, d));
            list.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
            diagnostics.push(...list);
        });
        if (options.json) process.stdout.write(JSON.stringify(diagnostics, null, 2) + '\n');
        else for (const d of diagnostics) process.stdout.write(formatText(d) + '\n');
        return 1;
    }
    // `vmdef run --trace FILE | head`: a closed pipe ends the run quietly, not with a stack trace
    if (!pipeGuarded) {
        pipeGuarded = true;
        process.stdout.on('error', (e: NodeJS.ErrnoException) => {
            if (e.code === 'EPIPE') process.exit(0);
            throw e;
        });
    }
    const out = (s: string) => process.stdout.write(s);
    const executor = options.engine === 'fast' ? new FastExecutor() : new ExactExecutor();
    const sim = Simulation.create(workspace, { maxCycles: options.maxCycles, executor });
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
        sim.runUntil({ maxSteps: 2_000_000 });
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
