// On save, the `expect` lines of the saved document (docs/language.md, Lab expectations) judged
// on the run the simulation on save has just made (simulate-on-save.ts: one run, not two): a
// failed one is a diagnostic `expect-failed` on its line with the measured value; a passing one
// an inlay hint after it (`✓ 3 exits`), as is one that could not be evaluated, with the reason.
import type { LangiumDocument } from 'langium';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { evaluate, type CompareSource, type Outcome } from '../lab/evaluate.js';
import { expectationsOf } from '../lab/expectations.js';
import { labMessages as m } from '../lab/messages.js';
import { expectationHints } from '../language/lsp/expectation-hints.js';
import type { SimulationResult } from '../simulator/result.js';

/**
 * The diagnostics of the document's failed expectations; the hints of the others are kept for
 * the inlay hint provider. `result` undefined: the run was cut short, nothing is judged.
 * Returns whether the document's hints changed (the client is then asked to show them again).
 */
export function judgeExpectationsOnSave(document: LangiumDocument, result: SimulationResult | undefined, compare?: CompareSource): { diagnostics: Diagnostic[]; hintsChanged: boolean } {
    const uri = document.uri.toString();
    const had = expectationHints.has(uri);
    const outcomes = result ? expectationsOf(document).map((e) => evaluate(e, result, compare)) : [];
    const hints = outcomes.filter((o) => o.verdict !== 'fail').map((o) => ({ line: o.expectation.range.start.line, label: hintLabel(o) }));
    expectationHints.set(uri, document.textDocument.version, hints);
    const diagnostics = outcomes.filter((o) => o.verdict === 'fail').map((o): Diagnostic => ({
        range: o.expectation.range,
        severity: DiagnosticSeverity.Error,
        code: 'expect-failed',
        message: m.failed(o.expectation.vm, o.expectation.text, m.measured(o.detail)),
        source: 'vmdef simulator',
    }));
    return { diagnostics, hintsChanged: had || hints.length > 0 };
}

function hintLabel(outcome: Outcome): string {
    return outcome.verdict === 'pass' ? m.passedHint(outcome.detail) : m.notEvaluatedHint(outcome.detail);
}
