// `vmdef test FILE... [--json] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact]` —
// LANGUAGE.md §13: simulates each system (folder) of the files that has `expect` lines and says
// per expectation pass, fail or not evaluated, with the measured value. Exit 1 when one failed,
// a file had errors, or there was nothing to test.
import * as path from 'node:path';
import { checkDefinition } from '../language/check-definition.js';
import type { FileDiagnostic } from '../language/file-diagnostics.js';
import type { SourceFile } from '../language/workspace.js';
import { expectationsOf, type Expectation } from '../lab/expectations.js';
import { runExpectations } from '../lab/run-expectations.js';
import type { Outcome, Verdict } from '../lab/evaluate.js';
import { labMessages as lm } from '../lab/messages.js';
import { printDiagnostics } from './diagnostics-output.js';
import { EXIT_ERRORS, EXIT_OK } from './exit-codes.js';
import { readInputs } from './inputs.js';
import { parseArgs, SIMULATION_OPTIONS, simulationOptions } from './options.js';
import { systemLabel } from '../language/systems.js';

/** One expectation of `vmdef test --json` (docs/cli.md). */
export interface TestedExpectation {
    file: string;
    line: number;
    column: number;
    vm: string;
    expect: string;
    verdict: Verdict;
    measured: number | string | null;
    message: string;
}

export interface TestReport {
    passed: number;
    failed: number;
    notEvaluated: number;
    expectations: TestedExpectation[];
    /** Diagnostics of files with errors (their systems were not run). */
    diagnostics: FileDiagnostic[];
}

export async function testCommand(args: string[]): Promise<number> {
    const parsed = parseArgs(args, { '--json': 'flag', ...SIMULATION_OPTIONS }, 'test');
    const json = parsed.values.has('json');
    const report: TestReport = { passed: 0, failed: 0, notEvaluated: 0, expectations: [], diagnostics: [] };
    const notes: string[] = [];
    for (const [system, files] of bySystem(readInputs(parsed.files))) {
        const check = await checkDefinition(files);
        if (!check.ok) {
            report.diagnostics.push(...check.diagnostics.filter((d) => d.severity === 'error'));
            continue;
        }
        const located = check.workspace.documents.flatMap((doc, i) => expectationsOf(doc).map((e) => ({ file: files[i].path, e })));
        if (located.length === 0) {
            notes.push(lm.noExpectations(systemLabel(`file:${system}`)));
            continue;
        }
        const outcomes = runExpectations(check.workspace, located.map((l) => l.e), simulationOptions(parsed));
        outcomes.forEach((o, i) => report.expectations.push(tested(located[i].file, o)));
    }
    for (const t of report.expectations) {
        if (t.verdict === 'pass') report.passed++;
        else if (t.verdict === 'fail') report.failed++;
        else report.notEvaluated++;
    }
    const nothing = report.expectations.length === 0 && report.diagnostics.length === 0;
    if (json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else printText(report, notes, nothing);
    return report.failed > 0 || report.diagnostics.length > 0 || nothing ? EXIT_ERRORS : EXIT_OK;
}

/** The files by folder (language/systems.ts: one folder, one system), in the order first named. */
function bySystem(files: SourceFile[]): Map<string, SourceFile[]> {
    const systems = new Map<string, SourceFile[]>();
    for (const file of files) {
        const folder = path.dirname(path.resolve(file.path));
        const group = systems.get(folder) ?? [];
        group.push(file);
        systems.set(folder, group);
    }
    return systems;
}

function tested(file: string, outcome: Outcome): TestedExpectation {
    const e: Expectation = outcome.expectation;
    return {
        file, line: e.range.start.line + 1, column: e.range.start.character + 1, vm: e.vm, expect: e.text,
        verdict: outcome.verdict, measured: outcome.measured ?? null, message: outcome.detail,
    };
}

function printText(report: TestReport, notes: string[], nothing: boolean): void {
    const out = (line: string) => process.stdout.write(line + '\n');
    printDiagnostics(report.diagnostics, 'text');
    const verdictWord: Record<Verdict, () => string> = { pass: lm.pass, fail: lm.fail, 'not-evaluated': lm.notEvaluated };
    for (const t of report.expectations) {
        const detail = t.verdict === 'not-evaluated' ? t.message : lm.measured(t.message);
        // `file:line:column: fail web: expect exits.io <= 3 — measured 4 exits`: words from the catalog, the rest as written
        out(`${t.file}:${t.line}:${t.column}: ${verdictWord[t.verdict]()} ${t.vm}: expect ${t.expect} — ${detail}`);
    }
    notes.forEach(out);
    if (nothing) out(lm.nothingToTest());
    else out(lm.summary(report.expectations.length, report.passed, report.failed, report.notEvaluated));
}
