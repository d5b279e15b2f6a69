// On-save check "compare with native" (LANGUAGE.md §13): for each VM of the saved file whose
// programs hold a sensitive-unprivileged or revealing instruction (the ones that can behave
// differently under a correct monitor; other VMs are skipped, which keeps saving cheap), its
// guest is compared with native under its own hypervisor's technique, bounded, and the first
// divergence is a `diverges-from-native` warning at the instruction with both values.
import { AstUtils, interruptAndCheck, type LangiumDocument } from 'langium';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Vm } from '../language/generated/ast.js';
import { REVEALING, SENSITIVE_UNPRIVILEGED } from '../language/isa.js';
import { hasErrors } from '../language/workspace.js';
import { workspaceAround } from './connected-files.js';
import { onSaveMessages as m } from './messages.js';
import type { OnSaveCheck } from './on-save.js';
import { ON_SAVE_COMPARE_BUDGET_MS } from './compare-limits.js';
import { savedComparison } from './saved-comparison.js';
import { lineRange, nameRange, vmsOf } from './simulate-on-save.js';


export interface CompareOnSaveSettings {
    enabled(): Promise<boolean>;
    maxCycles(): Promise<number>;
    costPreset(): Promise<string | undefined>;
}

export function compareOnSaveCheck(settings: CompareOnSaveSettings): OnSaveCheck {
    return {
        name: 'vmdef compare',
        async run(document, services, token) {
            if (!(await settings.enabled())) return [];
            const candidates = [...vmsOf(document).values()].filter(mayDiverge);
            if (candidates.length === 0) return [];
            const workspace = workspaceAround(document, services);
            if (hasErrors(workspace.documents)) return [];
            const compare = savedComparison(workspace, { maxCycles: await settings.maxCycles(), costPreset: await settings.costPreset() });
            const result: Diagnostic[] = [];
            const started = Date.now();
            for (const vm of candidates) {
                if (Date.now() - started > ON_SAVE_COMPARE_BUDGET_MS) break;
                const run = compare(vm.name)?.runs[0];
                const at = run?.at;
                if (at) {
                    const range = at.file === document.uri.fsPath ? lineRange(document, at.line, 1 + leadingSpace(document, at.line)) : nameRange(vm);
                    if (range) result.push({ range, severity: DiagnosticSeverity.Warning, code: 'diverges-from-native', source: 'vmdef compare',
                        message: m.divergesFromNative(vm.name, run.technique, at.what, String(at.native), String(at.virtual)) });
                }
                await interruptAndCheck(token);
            }
            return result;
        },
    };
}

/** A VM whose programs hold an instruction that can diverge (in this file or another). */
function mayDiverge(vm: Vm): boolean {
    return vm.runs.some((run) => {
        const program = run.program.ref;
        return program !== undefined && AstUtils.streamAllContents(program).some((node) => {
            const opcode = (node as { opcode?: unknown }).opcode;
            return typeof opcode === 'string' && (SENSITIVE_UNPRIVILEGED.has(opcode) || REVEALING.has(opcode));
        });
    });
}

/** Where the statement on a 1-based line starts (after a label, the range still starts at the text). */
function leadingSpace(document: LangiumDocument, line: number): number {
    const text = document.textDocument.getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } });
    return text.length - text.trimStart().length;
}
