// An `expect` line against a run: pass, fail, or not evaluated, with what was measured. The one
// judge of expectations, for `vmdef test` and for the editor on save alike.
import { hostNameOf, type SimulationResult, type VmResult } from '../simulator/result.js';
import type { CompareOp, Expectation } from './expectations.js';
import { faithfulUnder, type CompareReportLike, type Divergence } from './faithful.js';
import { figureOf } from './figures.js';
import { labMessages as m } from './messages.js';

export type Verdict = 'pass' | 'fail' | 'not-evaluated';

export interface Outcome {
    expectation: Expectation;
    verdict: Verdict;
    /** The measured value: a figure (a percentage for `%`), the VM's status or its console; absent when not evaluated. */
    measured?: number | string;
    /** The measured value in words with its unit (`3 exits`, `halted`), or why it was not evaluated; in the current language. */
    detail: string;
}

/** The comparison with native of a VM (`vmdef compare`), for `expect faithful`; undefined: not compared. */
export type CompareSource = (vm: string) => CompareReportLike | undefined;

const notCompared: CompareSource = () => undefined;

const COMPARE: Record<CompareOp, (a: number, b: number) => boolean> = {
    '==': (a, b) => a === b,
    '!=': (a, b) => a !== b,
    '<': (a, b) => a < b,
    '<=': (a, b) => a <= b,
    '>': (a, b) => a > b,
    '>=': (a, b) => a >= b,
};

/** Judges one expectation against the run's result (and, for `faithful`, the comparison with native). */
export function evaluate(expectation: Expectation, result: SimulationResult, compare: CompareSource = notCompared): Outcome {
    const vm = result.vms.find((v) => v.name === expectation.vm);
    const outcome = (verdict: Verdict, detail: string, measured?: number | string): Outcome =>
        measured === undefined ? { expectation, verdict, detail } : { expectation, verdict, measured, detail };
    if (!vm) return outcome('not-evaluated', m.notRun());
    switch (expectation.kind) {
        case 'status':
            return outcome(vm.status === expectation.status ? 'pass' : 'fail', vm.status, vm.status);
        case 'console':
            return outcome(vm.console === expectation.console ? 'pass' : 'fail', quoted(vm.console), vm.console);
        case 'faithful':
            return faithful(vm, techniqueOf(vm, result), compare, outcome);
        case 'figure': {
            const measured = measure(vm, expectation);
            if (measured === undefined) return outcome('not-evaluated', m.notRun());
            const verdict = COMPARE[expectation.op!](measured, expectation.value!) ? 'pass' : 'fail';
            return outcome(verdict, measuredWords(expectation, measured), measured);
        }
    }
}

function faithful(vm: VmResult, technique: string, compare: CompareSource, outcome: (verdict: Verdict, detail: string, measured?: string) => Outcome): Outcome {
    if (technique === 'native') return outcome('pass', m.nativeFaithful(), 'native');
    const report = compare(vm.name);
    if (!report) return outcome('not-evaluated', m.needsCompare());
    const verdict = faithfulUnder(report, technique);
    if (!verdict) return outcome('not-evaluated', m.notCompared(technique));
    if (verdict.faithful) return outcome('pass', m.faithfulUnder(technique), 'faithful');
    return outcome('fail', divergenceWords(technique, verdict.at), 'diverged');
}

function divergenceWords(technique: string, at: Divergence): string {
    // the file's name, not its absolute path: the line is what the reader looks for
    const file = at.file.split(/[\\/]/).pop() ?? at.file;
    return m.diverged(technique, `${file}:${at.line}`, at.instruction, at.what, String(at.native), String(at.virtual));
}

/** The technique the VM ran under: its hypervisor's, or `native`. */
function techniqueOf(vm: VmResult, result: SimulationResult): string {
    const host = hostNameOf(vm);
    return result.hypervisors.find((h) => h.name === host)?.technique ?? (vm.native ? 'native' : 'full');
}

/** The figure, or for `%` its share of the VM's total cycles, in percent. */
function measure(vm: VmResult, expectation: Expectation): number | undefined {
    const value = figureOf(vm, expectation.figure!);
    if (value === undefined || !expectation.percent) return value;
    return vm.cycles.total > 0 ? (value / vm.cycles.total) * 100 : 0;
}

/** `3 exits`, `4.2% of the VM's cycles`: the number with what the path counts. */
export function measuredWords(expectation: Expectation, value: number): string {
    const path = expectation.figure ?? '';
    if (expectation.percent) return m.percentOfCycles(String(Number(value.toFixed(1))));
    const n = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
    const [group] = path.split('.');
    const last = path.slice(path.lastIndexOf('.') + 1);
    if (group === 'io') return (UNIT_BY_DEVICE_FIGURE[last] ?? m.requests)(n);
    if (group === 'memory') return (last === 'declaredBytes' ? m.bytes : m.pages)(n);
    if (group === 'interrupts' && last === 'maxDelay') return m.cycles(n);
    return (UNIT_BY_GROUP[group] ?? ((x: string) => x))(n);
}

const UNIT_BY_GROUP: Record<string, (n: string) => string> = {
    exits: m.exits, hypercalls: m.hypercalls, faults: m.faults, cycles: m.cycles, instructions: m.instructions,
    interrupts: m.interrupts, fidelityViolations: m.violations, consoleDropped: m.bytes,
};

const UNIT_BY_DEVICE_FIGURE: Record<string, (n: string) => string> = {
    accesses: m.accesses, exits: m.exits, requests: m.requests, bytes: m.bytes, exitsPerByte: m.exitsPerByte, refused: m.refused, interrupts: m.interrupts,
};

/** A console as one quoted line, long ones cut in the middle (a message, not the output). */
function quoted(text: string): string {
    const json = JSON.stringify(text);
    return json.length <= 80 ? json : `${json.slice(0, 50)}…${json.slice(-25)}`;
}
