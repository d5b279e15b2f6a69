// On-save check "simulate": runs the saved workspace in the simulator with a bounded cycle
// budget and reports what only running reveals, at the guilty line (issue: diagnostics on
// save from the simulator): a guest fault, a fidelity violation actually executed, a VM that
// hit the cycle limit, memory pressure that forced swapping.
//
// It runs in slices on the server's event loop and yields between them, so typing is never
// blocked; an edit of the document cancels it (the on-save runner's token). It never runs past
// its own budget, whatever the file asks for (issue 10): a definition declaring more CPUs than
// it can afford is not simulated at all, and between slices the run stops when it has taken
// ON_SAVE_TIME_BUDGET_MS or its heap has grown by ON_SAVE_HEAP_BUDGET — with an information
// diagnostic saying so, and what the run found until then. On the same run, the saved file's
// `expect` lines are judged (expect-on-save.ts).
import { GrammarUtils, interruptAndCheck, type AstNode, type LangiumDocument } from 'langium';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { hasErrors } from '../language/workspace.js';
import { isVm, type Model, type Vm } from '../language/generated/ast.js';
import { Simulation } from '../simulator/engine.js';
import type { StopEvent } from '../simulator/machine.js';
import { workspaceAround } from './connected-files.js';
import type { OnSaveCheck } from './on-save.js';
import { onSaveMessages as m } from './messages.js';
import { ON_SAVE_MAX_CPUS, simulationSize } from './simulation-size.js';
import { localizedStop } from '../simulator/stop-reason.js';
import { judgeExpectationsOnSave } from './expect-on-save.js';
import { savedComparison } from './saved-comparison.js';

/** Host cycles simulated on save unless `vmdef.maxCycles` says otherwise. */
export const ON_SAVE_MAX_CYCLES = 20_000_000;
/** Wall time a simulation on save may take, whatever `vmdef.maxCycles` allows. */
export const ON_SAVE_TIME_BUDGET_MS = 5_000;
/** Heap a simulation on save may add to the server's. */
export const ON_SAVE_HEAP_BUDGET = 1024 * 2 ** 20;
/** Instructions per slice between two yields to the event loop (a few ms of work). */
const SLICE_STEPS = 200_000;

export interface SimulateOnSaveSettings {
    enabled(): Promise<boolean>;
    maxCycles(): Promise<number>;
    costPreset(): Promise<string | undefined>;
    /** The budgets, for tests; the constants above by default. */
    budget?: Partial<OnSaveBudget>;
    /** Asks the client to fetch the inlay hints again (the `expect` lines' results changed). */
    refreshInlayHints?: () => void;
}

export interface OnSaveBudget {
    timeMs: number;
    heapBytes: number;
    cpus: number;
}

/** What the user reads when the simulation on save was cut or not run (the words: messages.ts). */
const MESSAGES = {
    tooLarge: (cpus: number, max: number) => m.tooLarge(cpus.toLocaleString('en-US'), max.toLocaleString('en-US')),
    cut: (reason: 'time' | 'memory', budget: OnSaveBudget, cycles: number, vm: string | undefined) => {
        const count = cycles.toLocaleString('en-US');
        if (reason === 'time') return vm ? m.cutByTimeAt(budget.timeMs / 1000, count, vm) : m.cutByTime(budget.timeMs / 1000, count);
        const mebibytes = Math.round(budget.heapBytes / 2 ** 20);
        return vm ? m.cutByMemoryAt(mebibytes, count, vm) : m.cutByMemory(mebibytes, count);
    },
};

export function simulateOnSaveCheck(settings: SimulateOnSaveSettings): OnSaveCheck {
    const budget: OnSaveBudget = { timeMs: ON_SAVE_TIME_BUDGET_MS, heapBytes: ON_SAVE_HEAP_BUDGET, cpus: ON_SAVE_MAX_CPUS, ...settings.budget };
    return {
        name: 'vmdef simulator',
        async run(document, services, token) {
            if (!(await settings.enabled())) return [];
            // the saved file and the files connected to it: an unrelated file with errors elsewhere
            // in the folder does not stop the run
            const workspace = workspaceAround(document, services);
            if (hasErrors(workspace.documents)) return [];
            const size = simulationSize(workspace, document);
            if (size.cpus > budget.cpus) {
                return [information(sizeRange(document, size.largest), 'simulation-skipped', MESSAGES.tooLarge(size.cpus, budget.cpus))];
            }
            const started = Date.now();
            const heapAtStart = heapUsed();
            const stops: StopEvent[] = [];
            const sim = Simulation.create(workspace, {
                maxCycles: await settings.maxCycles(),
                costPreset: await settings.costPreset(),
                engine: 'fast',
                listener: { stop: (e) => stops.push(e) },
            });
            // Where each VM was last seen, to place a cycle-limit diagnostic inside its loop.
            const lastSeen = new Map<string, StopEvent['at']>();
            let cut: 'time' | 'memory' | undefined;
            while (!sim.finished && !cut) {
                sim.runUntil({ maxSteps: SLICE_STEPS, runAhead: true });
                for (const vcpu of sim.state.vcpus) {
                    if (vcpu.done) continue;
                    const at = sim.location(vcpu.id);
                    if (at) lastSeen.set(sim.model.vms[vcpu.vm].name, at);
                }
                if (Date.now() - started > budget.timeMs) cut = 'time';
                else if (heapUsed() - heapAtStart > budget.heapBytes) cut = 'memory';
                await interruptAndCheck(token);
            }
            const found = diagnosticsFor(document, sim, stops, lastSeen);
            // `expect faithful`: compared with native as the editor compares on save (bounded)
            const compare = savedComparison(workspace, { maxCycles: await settings.maxCycles(), costPreset: await settings.costPreset() }, sim.model);
            const expectations = judgeExpectationsOnSave(document, cut ? undefined : sim.result(), compare);
            if (expectations.hintsChanged) settings.refreshInlayHints?.();
            return cut ? [...found, ...cutDiagnostics(document, sim, lastSeen, (vm) => MESSAGES.cut(cut!, budget, sim.time, vm))] : [...found, ...expectations.diagnostics];
        },
    };
}

/** One information diagnostic per VM still running when the run was cut, where it was; one on the file if none of them is here. */
function cutDiagnostics(document: LangiumDocument, sim: Simulation, lastSeen: Map<string, StopEvent['at']>, message: (vm: string | undefined) => string): Diagnostic[] {
    const vms = vmsOf(document);
    const result: Diagnostic[] = [];
    const running = new Set(sim.state.vcpus.filter((v) => !v.done).map((v) => sim.model.vms[v.vm].name));
    for (const vm of running) {
        const range = placeOf(document, vms, vm, lastSeen.get(vm));
        if (range) result.push(information(range, 'simulation-cut', message(vm)));
    }
    return result.length > 0 ? result : [information(sizeRange(document, undefined), 'simulation-cut', message(undefined))];
}

function information(range: Range, code: string, message: string): Diagnostic {
    return { range, severity: DiagnosticSeverity.Information, code, message, source: 'vmdef simulator' };
}

/** The range of what asks for the most CPUs (`cpu …`, a VM's vCPU count), else the file's first declaration. */
function sizeRange(document: LangiumDocument, node: AstNode | undefined): Range {
    const vcpus = node && isVm(node) ? GrammarUtils.findNodeForProperty(node.$cstNode, 'vcpus') : undefined;
    const first = (document.parseResult.value as Model).elements[0];
    const target = vcpus ?? node?.$cstNode ?? (first && GrammarUtils.findNodeForProperty(first.$cstNode, 'name'));
    return target?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** At the instruction when it is in this file; else on the VM's name when the VM is declared here. */
function placeOf(document: LangiumDocument, vms: Map<string, Vm>, vm: string, at: StopEvent['at']): Range | undefined {
    if (at && at.file === document.uri.fsPath) return lineRange(document, at.line, at.column);
    const decl = vms.get(vm);
    return decl?.$cstNode && nameRange(decl);
}

export function vmsOf(document: LangiumDocument): Map<string, Vm> {
    const vms = new Map<string, Vm>();
    for (const element of (document.parseResult.value as Model).elements) if (isVm(element)) vms.set(element.name, element);
    return vms;
}

function diagnosticsFor(document: LangiumDocument, sim: Simulation, stops: StopEvent[], lastSeen: Map<string, StopEvent['at']>): Diagnostic[] {
    const vms = vmsOf(document);
    const result: Diagnostic[] = [];
    const seen = new Set<string>();
    const add = (range: Range | undefined, severity: DiagnosticSeverity, code: string, message: string) => {
        const key = `${code}@${range?.start.line}:${range?.start.character}:${message}`;
        if (!range || seen.has(key)) return;
        seen.add(key);
        result.push({ range, severity, code, message, source: 'vmdef simulator' });
    };
    const place = (vm: string, at: StopEvent['at']) => placeOf(document, vms, vm, at);

    for (const stop of stops) {
        switch (stop.kind) {
            case 'fault':
                add(place(stop.vm, stop.at), DiagnosticSeverity.Error, 'guest-fault', m.faulted(stop.vm, localizedStop(stop)));
                break;
            case 'fidelity':
                add(place(stop.vm, stop.at), DiagnosticSeverity.Warning, 'fidelity-violation-executed', m.executedFidelityViolation(stop.vm, localizedStop(stop)));
                break;
            case 'limit':
                add(place(stop.vm, lastSeen.get(stop.vm)), DiagnosticSeverity.Warning, 'cycle-limit',
                    m.didNotFinish(stop.vm, localizedStop(stop)));
                break;
            case 'host-failed':
                add(place(stop.vm, undefined), DiagnosticSeverity.Information, 'host-failed', m.stopped(stop.vm, localizedStop(stop)));
                break;
        }
    }
    for (const vm of sim.result().vms) {
        const decl = vms.get(vm.name);
        if (!decl || vm.memory.swappedPages === 0) continue;
        const range = decl.memory?.$cstNode?.range ?? nameRange(decl);
        add(range, DiagnosticSeverity.Warning, 'memory-swapping',
            m.swapping(vm.name, vm.memory.swappedPages));
    }
    return result;
}

export function lineRange(document: LangiumDocument, line: number, column: number): Range {
    const text = document.textDocument.getText({ start: { line: line - 1, character: 0 }, end: { line: line, character: 0 } });
    const end = text.replace(/\s*(\/\/.*)?\r?\n?$/, '').length;
    return { start: { line: line - 1, character: column - 1 }, end: { line: line - 1, character: Math.max(end, column - 1) } };
}

export function nameRange(vm: Vm): Range | undefined {
    return GrammarUtils.findNodeForProperty(vm.$cstNode, 'name')?.range;
}

/**
 * The heap in use, in bytes: Node's figure; 0 in a web worker (VS Code for the Web's server,
 * server/main.browser.ts), which has none, so there only the time budget cuts a run short.
 */
function heapUsed(): number {
    return typeof process !== 'undefined' && typeof process.memoryUsage === 'function' ? process.memoryUsage().heapUsed : 0;
}
