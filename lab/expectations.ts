// The `expect` lines of a document as plain data (docs/language.md, Lab expectations): what
// `vmdef test` and the editor evaluate against a run, each with its place in the file.
import type { LangiumDocument } from 'langium';
import { isVm, type Expect, type Model } from '../language/generated/ast.js';

export type ExpectKind = 'status' | 'console' | 'faithful' | 'figure';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface Expectation {
    vm: string;
    kind: ExpectKind;
    /** What follows `expect`, with single spaces: `exits.io <= 3`, `console "3\\n"`. */
    text: string;
    status?: string;
    console?: string;
    figure?: string;
    op?: CompareOp;
    value?: number;
    /** `%`: the figure as a percentage of the VM's total cycles. */
    percent?: boolean;
    /** The `expect` line, 0-based as LSP counts (line, UTF-16 character). */
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** Every `expect` of every VM declared in `document`, in the order written. */
export function expectationsOf(document: LangiumDocument): Expectation[] {
    const result: Expectation[] = [];
    for (const element of (document.parseResult.value as Model).elements) {
        if (!isVm(element)) continue;
        for (const node of element.expects) {
            const expectation = expectationOf(element.name, node);
            if (expectation) result.push(expectation);
        }
    }
    return result;
}

function expectationOf(vm: string, node: Expect): Expectation | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    const at = { vm, range: cst.range };
    if (node.faithful) return { ...at, kind: 'faithful', text: 'faithful' };
    if (node.status !== undefined) return { ...at, kind: 'status', text: `status ${node.status}`, status: node.status };
    if (node.console !== undefined) return { ...at, kind: 'console', text: `console ${JSON.stringify(node.console)}`, console: node.console };
    if (node.figure === undefined || node.op === undefined || node.value === undefined) return undefined;
    const text = `${node.figure} ${node.op} ${node.value}${node.percent ? '%' : ''}`;
    return { ...at, kind: 'figure', text, figure: node.figure, op: node.op as CompareOp, value: node.value, percent: node.percent };
}
