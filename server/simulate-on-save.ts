// On-save check "simulate": runs the saved workspace in the simulator with a bounded cycle
// budget and reports what only running reveals, at the guilty line (issue: diagnostics on
// save from the simulator): a guest fault, a fidelity violation actually executed, a VM that
// hit the cycle limit, memory pressure that forced swapping.
//
// It runs in slices on the server's event loop and yields between them, so typing is never
// blocked; an edit of the document cancels it (the on-save runner's token).
import { GrammarUtils, interruptAndCheck, type LangiumDocument } from 'langium';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { hasErrors } from '../language/workspace.js';
import { isVm, type Model, type Vm } from '../language/generated/ast.js';
import { Simulation } from '../simulator/engine.js';
import { FastExecutor } from '../simulator/fast/executor.js';
import type { StopEvent } from '../simulator/machine.js';
import { workspaceAround } from './connected-files.js';
import type { OnSaveCheck } from './on-save.js';

/** Host cycles simulated on save unless `vmdef.maxCycles` says otherwise. */
export const ON_SAVE_MAX_CYCLES = 20_000_000;
/** Instructions per slice between two yields to the event loop (a few ms of work). */
const SLICE_STEPS = 200_000;

export interface SimulateOnSaveSettings {
    enabled(): Promise<boolean>;
    maxCycles(): Promise<number>;
    costPreset(): Promise<string | undefined>;
}

export function simulateOnSaveCheck(settings: SimulateOnSaveSettings): OnSaveCheck {
    return {
        name: 'vmdef simulator',
        async run(document, services, token) {
            if (!(await settings.enabled())) return [];
            // the saved file and the files connected to it: an unrelated file with errors elsewhere
            // in the folder does not stop the run
            const workspace = workspaceAround(document, services);
            if (hasErrors(workspace.documents)) return [];
            const stops: StopEvent[] = [];
            const sim = Simulation.create(workspace, {
                maxCycles: await settings.maxCycles(),
                costPreset: await settings.costPreset(),
                executor: new FastExecutor(),
                listener: { stop: (e) => stops.push(e) },
            });
            // Where each VM was last seen, to place a cycle-limit diagnostic inside its loop.
            const lastSeen = new Map<string, StopEvent['at']>();
            while (!sim.finished) {
                sim.runUntil({ maxSteps: SLICE_STEPS, runAhead: true });
                for (const vcpu of sim.vcpus()) {
                    if (vcpu.done) continue;
                    const at = sim.frames(vcpu.id)[0]?.location;
                    if (at) lastSeen.set(vcpu.vm, at);
                }
                await interruptAndCheck(token);
            }
            return diagnosticsFor(document, sim, stops, lastSeen);
        },
    };
}

function diagnosticsFor(document: LangiumDocument, sim: Simulation, stops: StopEvent[], lastSeen: Map<string, StopEvent['at']>): Diagnostic[] {
    const file = document.uri.fsPath;
    const vms = new Map<string, Vm>();
    for (const element of (document.parseResult.value as Model).elements) if (isVm(element)) vms.set(element.name, element);
    const result: Diagnostic[] = [];
    const seen = new Set<string>();
    const add = (range: Range | undefined, severity: DiagnosticSeverity, code: string, message: string) => {
        const key = `${code}@${range?.start.line}:${range?.start.character}:${message}`;
        if (!range || seen.has(key)) return;
        seen.add(key);
        result.push({ range, severity, code, message, source: 'vmdef simulator' });
    };
    // At the instruction when it is in this file; else on the VM's name when the VM is declared here.
    const place = (vm: string, at: StopEvent['at']): Range | undefined =>
        at && at.file === file ? lineRange(document, at.line, at.column) : vms.get(vm)?.$cstNode && nameRange(vms.get(vm)!);

    for (const stop of stops) {
        switch (stop.kind) {
            case 'fault':
                add(place(stop.vm, stop.at), DiagnosticSeverity.Error, 'guest-fault', `VM '${stop.vm}' faulted: ${stop.message}`);
                break;
            case 'fidelity':
                add(place(stop.vm, stop.at), DiagnosticSeverity.Warning, 'fidelity-violation-executed', `VM '${stop.vm}' executed it: ${stop.message}`);
                break;
            case 'limit':
                add(place(stop.vm, lastSeen.get(stop.vm)), DiagnosticSeverity.Warning, 'cycle-limit',
                    `VM '${stop.vm}' did not finish: ${stop.message} (still running here)`);
                break;
            case 'host-failed':
                add(place(stop.vm, undefined), DiagnosticSeverity.Information, 'host-failed', `VM '${stop.vm}' stopped: ${stop.message}`);
                break;
        }
    }
    for (const vm of sim.result().vms) {
        const decl = vms.get(vm.name);
        if (!decl || vm.memory.swappedPages === 0) continue;
        const range = decl.memory?.$cstNode?.range ?? nameRange(decl);
        add(range, DiagnosticSeverity.Warning, 'memory-swapping',
            `memory pressure: VM '${vm.name}' had ${vm.memory.swappedPages} page(s) swapped in because the host's memory was overcommitted`);
    }
    return result;
}

function lineRange(document: LangiumDocument, line: number, column: number): Range {
    const text = document.textDocument.getText({ start: { line: line - 1, character: 0 }, end: { line: line, character: 0 } });
    const end = text.replace(/\s*(\/\/.*)?\r?\n?$/, '').length;
    return { start: { line: line - 1, character: column - 1 }, end: { line: line - 1, character: Math.max(end, column - 1) } };
}

function nameRange(vm: Vm): Range | undefined {
    return GrammarUtils.findNodeForProperty(vm.$cstNode, 'name')?.range;
}
