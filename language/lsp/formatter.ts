// Formats .vmdef files in the house style of the examples and the standard library:
// blocks indented by the editor's tab size (4 in the house style; tabs when the editor asks
// for them), one property per line, `{` on the declaration line, one instruction per
// line, labels at column 0 with their instruction aligned on the body's instruction column
// (`loop:   syscall write(com1, r1)`), small nested blocks (`scheduler credit { timeslice 30 ms }`)
// kept on one line when written so. Comments are kept where they are: a trailing comment keeps
// its alignment, a comment on its own line takes the indentation of what follows.
//
// Langium's move-based formatting indents in whole tab stops relative to the enclosing node,
// which cannot express a label at column 0 whose instruction sits at column 8, nor leave a
// trailing comment's alignment alone. So `format(node)` records, per AST node, the layout of
// the gap before each of its tokens, and the edits are computed gap by gap over the tokens.
// The base class still decides when formatting is safe (no edits for a broken document; a
// range only when no syntax error comes before its end).
import { AstUtils, GrammarUtils, isLeafCstNode, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import { AbstractFormatter } from 'langium/lsp';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import {
    isBoot, isCostPreset, isCostsRef, isDevice, isExpect, isHandler, isHardware, isHostOs, isHypervisor, isLabel, isModel, isMonitor, isOs,
    isProfile, isProgram, isRoutine, isScheduler, isSyscallDecl, isVectorHandler, isVm, type Statement,
} from '../generated/ast.js';

/** The instruction column of a body with labels: `loop:   ` is 8 wide. */
const LABEL_COLUMN = 8;
/** The widest block indentation taken from a client's `tabSize`. */
const MAX_INDENT = 16;

/** How the gap before a token is laid out. */
type Layout =
    /** Start a new line at `indent`, keeping between `min` and `max` line breaks of those written. */
    | { kind: 'line'; indent: number; min: number; max: number; commentIndent?: number }
    | { kind: 'space' }
    | { kind: 'none' }
    /** The instruction after a label: on the label's line at `column`, or on its own line there. */
    | { kind: 'afterLabel'; column: number; labelWidth: number };

const SPACE: Layout = { kind: 'space' };
const NONE: Layout = { kind: 'none' };

function line(indent: number, min = 1, max = 2, commentIndent?: number): Layout {
    return { kind: 'line', indent, min, max, commentIndent };
}

export class VmdefFormatter extends AbstractFormatter {
    private layouts = new Map<CstNode, Layout>();
    /** Columns per block level (the client's `tabSize`). */
    private indent = 4;
    /** Leading whitespace as tabs (`insertSpaces: false`); alignment inside a line stays spaces. */
    private tabs = false;

    protected override doDocumentFormat(document: LangiumDocument, options: FormattingOptions, range?: Range): TextEdit[] {
        this.layouts = new Map();
        const tabSize = Math.floor(Number(options?.tabSize));
        this.indent = tabSize >= 1 ? Math.min(tabSize, MAX_INDENT) : 4;
        this.tabs = options?.insertSpaces === false;
        const root = document.parseResult.value;
        for (const node of AstUtils.streamAst(root)) {
            if (node.$cstNode) this.format(node);
        }
        const edits = this.gapEdits(document, range);
        this.layouts = new Map();
        return edits;
    }

    protected format(node: AstNode): void {
        if (isModel(node)) {
            node.elements.forEach((element, i) => this.set(firstLeaf(element), line(0, i === 0 ? 0 : 2, 2)));
        } else if (isHardware(node)) {
            this.block(node, 0, [node.cpu, ...node.devices, node.costs, node.tlb, node.walk], ['memory', 'extensions']);
        } else if (isHypervisor(node)) {
            this.block(node, 0, [node.host, node.reserve, node.overcommit, node.scheduler, node.costs, node.failHost], ['virtualization', 'paging', 'shadows', 'like']);
        } else if (isProfile(node)) {
            this.block(node, 0, [node.reserve, node.overcommit, node.scheduler, node.costs, ...node.hypercalls], ['virtualization', 'weight', 'requires']);
        } else if (isVm(node)) {
            this.block(node, 0, [node.pin, node.fail, ...node.runs, ...node.expects], ['vcpus', 'memory', 'devices', 'passthrough', 'weight']);
        } else if (isOs(node)) {
            this.block(node, 0, [...node.boots, ...node.syscalls, ...node.routines, ...node.drivers, ...node.vectors], []);
        } else if (isMonitor(node)) {
            this.block(node, 0, node.handlers, []);
        } else if (isCostPreset(node)) {
            this.block(node, 0, node.entries, []);
        } else if (isProgram(node)) {
            this.body(node, node.body, 0);
        } else if (isSyscallDecl(node) || isRoutine(node) || isHandler(node) || isVectorHandler(node) || isBoot(node)) {
            this.body(node, node.body, this.indent);
        } else if (isDevice(node) || isCostsRef(node)) {
            this.nestedBlock(node, isDevice(node) ? [...node.inputs, ...node.properties] : node.overrides, []);
        } else if (isHostOs(node)) {
            this.nestedBlock(node, [node.reserve], []);
        } else if (isScheduler(node)) {
            this.nestedBlock(node, [], ['timeslice']);
        } else if (isExpect(node)) {
            // `exits.io`, `host-failed`: one word to the reader, written without spaces
            for (const property of ['figure', 'status']) {
                const word = GrammarUtils.findNodeForProperty(node.$cstNode, property);
                if (word) leavesOf(word).slice(1).forEach((leaf) => this.set(leaf, NONE));
            }
        }
    }

    /** A declaration's block: `{` on its line, one entry per line one level in, `}` back at `indent`. */
    private block(node: AstNode, indent: number, children: (AstNode | undefined)[], keywords: string[]): void {
        const open = directLeaf(node, '{');
        if (!open) return;
        this.set(open, SPACE);
        for (const start of entryStarts(node, children, keywords)) this.set(start, line(indent + this.indent));
        this.set(directLeaf(node, '}'), line(indent, 1, 1, indent + this.indent));
    }

    /** `scheduler credit { timeslice 30 ms }`: stays on one line if written on one, else a block. */
    private nestedBlock(node: AstNode, children: (AstNode | undefined)[], keywords: string[]): void {
        const open = directLeaf(node, '{');
        const close = directLeaf(node, '}');
        if (!open || !close) return;
        if (open.range.start.line !== close.range.start.line) return this.block(node, this.indent, children, keywords);
        this.set(open, SPACE);
        for (const start of entryStarts(node, children, keywords)) this.set(start, SPACE);
        this.set(close, SPACE);
    }

    /** Code: one statement per line; labels at column 0, instructions on the body's column. */
    private body(node: AstNode, statements: Statement[], indent: number): void {
        const open = directLeaf(node, '{');
        if (!open) return;
        this.set(open, SPACE);
        const base = indent + this.indent;
        const column = statements.some(isLabel) ? Math.max(base, LABEL_COLUMN) : base;
        statements.forEach((statement, i) => {
            const previous = statements[i - 1];
            const start = firstLeaf(statement);
            if (isLabel(statement)) this.set(start, line(0, 1, 2, column));
            else if (previous && isLabel(previous)) this.set(start, { kind: 'afterLabel', column, labelWidth: previous.name.length + 1 });
            else this.set(start, line(column));
        });
        this.set(directLeaf(node, '}'), line(indent, 1, 1, column));
    }

    private set(leaf: CstNode | undefined, layout: Layout): void {
        if (leaf) this.layouts.set(leaf, layout);
    }

    /** One edit per gap between tokens whose whitespace differs from the layout. */
    private gapEdits(document: LangiumDocument, range: Range | undefined): TextEdit[] {
        const rootCst = document.parseResult.value.$cstNode;
        if (!rootCst) return [];
        const text = document.textDocument.getText();
        const eol = text.includes('\r\n') ? '\r\n' : '\n';
        const leaves = leavesOf(rootCst);
        const edits: TextEdit[] = [];
        const emit = (start: number, end: number, desired: string | undefined) => {
            if (desired === undefined) return;
            desired = desired.replace(/\n/g, eol);
            const existing = text.slice(start, end);
            if (existing === desired) return;
            const startLine = document.textDocument.positionAt(start).line;
            const endLine = document.textDocument.positionAt(end).line;
            // The line breaks after a range's last line are not the range's to change.
            if (range && (endLine < range.start.line || endLine > range.end.line)) return;
            if (range && startLine < range.start.line) {
                // A gap reaching into the range from a line above it: only the indentation of the
                // range's first line is the range's to change.
                const lineStart = start + existing.lastIndexOf('\n') + 1;
                const indent = desired.slice(desired.lastIndexOf('\n') + 1);
                if (text.slice(lineStart, end) !== indent) edits.push({ range: { start: document.textDocument.positionAt(lineStart), end: document.textDocument.positionAt(end) }, newText: indent });
                return;
            }
            edits.push({ range: { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) }, newText: desired });
        };
        let previousToken: CstNode | undefined;
        leaves.forEach((next, i) => {
            const previous = leaves[i - 1];
            const start = previous ? previous.end : 0;
            const existing = text.slice(start, next.offset);
            // Only whitespace is ever rewritten: text the tree does not cover stays as it is.
            if (!/\S/.test(existing)) emit(start, next.offset, this.gap(leaves, i, existing, previousToken));
            if (!next.hidden) previousToken = next;
        });
        const last = leaves[leaves.length - 1];
        if (last && !/\S/.test(text.slice(last.end))) emit(last.end, text.length, '\n');
        return edits;
    }

    /** The whitespace wanted before `leaves[i]`, or undefined to keep what is written. */
    private gap(leaves: CstNode[], i: number, existing: string, previousToken: CstNode | undefined): string | undefined {
        const next = leaves[i];
        const previous = leaves[i - 1];
        if (!previous) return '';
        const breaks = existing.split('\n').length - 1;
        if (next.hidden) {
            // A trailing comment keeps its alignment; a comment on its own line is indented like what follows it.
            if (breaks === 0) return undefined;
            let j = i + 1;
            while (j < leaves.length && leaves[j].hidden) j++;
            const layout = j < leaves.length ? this.layoutOf(leaves[j], previousToken) : line(0);
            if (layout.kind === 'line') return newlines(clamp(breaks, 1, Math.max(1, layout.max))) + this.leading(layout.commentIndent ?? layout.indent);
            if (layout.kind === 'afterLabel') return newlines(clamp(breaks, 1, 2)) + this.leading(layout.column);
            return undefined;
        }
        const layout = this.layoutOf(next, previousToken);
        const afterComment = previous.hidden;
        switch (layout.kind) {
            case 'line': {
                const min = afterComment ? 1 : layout.min;
                return newlines(clamp(breaks, min, Math.max(min, layout.max))) + this.leading(layout.indent);
            }
            case 'afterLabel':
                if (breaks === 0 && !afterComment) return ' '.repeat(Math.max(1, layout.column - layout.labelWidth));
                return newlines(1) + this.leading(layout.column);
            default:
                // Inside a line: a comment that ends its line cannot be followed on the same line.
                if (afterComment) return breaks > 0 ? undefined : ' ';
                return layout.kind === 'space' ? ' ' : '';
        }
    }

    /** The whitespace that starts a line at `column`: spaces, or tabs of the tab size (and spaces for the rest). */
    private leading(column: number): string {
        if (!this.tabs) return ' '.repeat(column);
        return '\t'.repeat(Math.floor(column / this.indent)) + ' '.repeat(column % this.indent);
    }

    /** The layout recorded for a token, else the spacing its neighbour asks for. */
    private layoutOf(leaf: CstNode, previousToken: CstNode | undefined): Layout {
        return this.layouts.get(leaf) ?? tokenSpacing(previousToken?.text, leaf.text);
    }
}

/** Spacing inside a line: `write(com1, r1)`, `device com1: serial`, `[r2]`, `-1`, `50%`. */
function tokenSpacing(previous: string | undefined, next: string): Layout {
    if ([',', ')', ']', ':', '(', '%'].includes(next)) return NONE;
    if (previous === '(' || previous === '[' || previous === '-') return NONE;
    return SPACE;
}

function newlines(count: number): string {
    return '\n'.repeat(count);
}

function clamp(value: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, value));
}

/** The tokens of the document in order, comments included (whitespace is not in the tree). */
function leavesOf(root: CstNode): CstNode[] {
    const leaves: CstNode[] = [];
    // A plain recursive walk: Langium's tree streams cost more than the layout itself at 10,000 VMs.
    const visit = (node: CstNode) => {
        if (isLeafCstNode(node)) {
            // Tokens the parser invented while recovering from an error have no text to lay out.
            if (node.length > 0 && Number.isFinite(node.offset)) leaves.push(node);
        } else if ('content' in node) {
            for (const child of node.content as CstNode[]) visit(child);
        }
    };
    visit(root);
    return leaves;
}

function firstLeaf(node: AstNode | undefined): CstNode | undefined {
    const first = (cst: CstNode): CstNode | undefined => {
        if (isLeafCstNode(cst)) return !cst.hidden && cst.length > 0 ? cst : undefined;
        if (!('content' in cst)) return undefined;
        for (const child of cst.content as CstNode[]) {
            const found = first(child);
            if (found) return found;
        }
        return undefined;
    };
    return node?.$cstNode ? first(node.$cstNode) : undefined;
}

/** A token written by the node's own rule (not by a nested rule), e.g. its `{`. */
function directLeaf(node: AstNode, text: string): CstNode | undefined {
    return directLeaves(node).find((l) => l.text === text);
}

function directLeaves(node: AstNode): CstNode[] {
    const leaves: CstNode[] = [];
    const visit = (cst: CstNode) => {
        if (isLeafCstNode(cst)) {
            if (!cst.hidden && cst.length > 0) leaves.push(cst);
        } else if (cst.astNode === node && 'content' in cst) {
            // Unassigned rule calls (`Element: Hardware | ...`) wrap the node's tokens in a composite of the same node.
            for (const child of cst.content as CstNode[]) visit(child);
        }
    };
    if (node.$cstNode) visit(node.$cstNode);
    return leaves;
}

/** The first token of each entry of a block: its child nodes and its own keywords that start a property. */
function entryStarts(node: AstNode, children: (AstNode | undefined)[], keywords: string[]): CstNode[] {
    const starts = children.map(firstLeaf).filter((l): l is CstNode => l !== undefined);
    // `memory` as a property keyword, not the word inside `overcommit memory 150%` (a nested rule).
    for (const leaf of directLeaves(node)) if (keywords.includes(leaf.text)) starts.push(leaf);
    return starts;
}
