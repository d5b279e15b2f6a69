// Langium 4.2.1's CstNodeBuilder.addHiddenNodes is called before EVERY consumed token, usually
// with no hidden tokens at all (whitespace is skipped by the lexer; only comments are hidden).
// With an empty list it still walks up from a fresh composite node and calls
// `container.content.indexOf(node)` on each ancestor — for the first token of every top-level
// element that is a linear scan of the root's children, so parsing is quadratic in the number
// of declarations (DESIGN.md, "Performance facts": ≈ 30% of parse time at 10,000 VMs).
// Adding zero nodes changes nothing, so that case returns at once. When there ARE comments the
// same walk is needed, but the node looked for was just added to its container, so searching
// from the end (`lastIndexOf`) finds it in one step instead of scanning the whole root.
//
// Every leaf of the syntax tree also got its line/column Range eagerly: three objects per token
// (≈ 1.5 million at 10,000 VMs), almost all never read, that cost parse time, GC time and tens
// of MB of peak memory. Leaves here compute their range from their offset when it is first
// asked for, with a per-document index of line starts.
//
// The syntax tree is the same (test/lsp/perf-overrides.test.ts compares it with Langium's).
import {
    CompositeCstNodeImpl, CstNodeBuilder, isAstNode, LeafCstNodeImpl, prepareLangiumParser,
    type AstNode, type CompositeCstNode, type CstNode, type LangiumCoreServices, type LangiumParser, type LexerResult, type Mutable,
    type ParseResult, type ParserOptions, type RootCstNode,
} from 'langium';
import type { Position, Range } from 'vscode-languageserver-types';
import { appendAll, replaceRange } from '../arrays.js';

type Tokens = Parameters<CstNodeBuilder['addHiddenNodes']>[0];
type Token = Tokens[number];
type Feature = Parameters<CstNodeBuilder['buildLeafNode']>[1];

const lineStartsOf = new WeakMap<RootCstNode, number[]>();

/** Offsets where lines start; line terminators as the lexer counts them: \n, \r\n, \r. */
function lineStarts(root: RootCstNode): number[] {
    let starts = lineStartsOf.get(root);
    if (!starts) {
        starts = [0];
        const text = root.fullText;
        for (let i = 0; i < text.length; i++) {
            const c = text.charCodeAt(i);
            if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
        }
        lineStartsOf.set(root, starts);
    }
    return starts;
}

/** The text of `root` changed (see incremental-parse.ts): its line starts are computed again. */
export function forgetLineStarts(root: RootCstNode): void {
    lineStartsOf.delete(root);
}

function positionAt(starts: number[], offset: number): Position {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= offset) low = mid;
        else high = mid - 1;
    }
    return { line: low, character: offset - starts[low] };
}

/** A leaf whose Range is computed from its offset on first use. */
export class LazyRangeLeafCstNode extends LeafCstNodeImpl {
    private lazyRange: Range | undefined;

    constructor(offset: number, length: number, tokenType: Token['tokenType'], hidden: boolean) {
        super(offset, length, undefined as unknown as Range, tokenType, hidden);
    }

    /** The text before this leaf grew or shrank by `delta` characters. */
    moveBy(delta: number): void {
        (this as unknown as { _offset: number })._offset += delta;
        this.lazyRange = undefined;
    }

    override get range(): Range {
        if (!this.lazyRange) {
            const starts = lineStarts(this.root);
            this.lazyRange = { start: positionAt(starts, this.offset), end: positionAt(starts, this.end) };
        }
        return this.lazyRange;
    }
}

/**
 * `content.push(node)` as Langium's CstNodeContainer does it (the node's container is the
 * composite), without its rest-parameter `push(...items)` and loop: two calls per token.
 */
export function appendChild(parent: CompositeCstNode, child: CstNode): void {
    (child as { container?: CompositeCstNode }).container = parent;
    arrayPush.call(parent.content, child);
}

const arrayPush = Array.prototype.push;

export class VmdefCstNodeBuilder extends CstNodeBuilder {
    /** Langium's own `rootNode` field is private; the same node, kept here. */
    private root: RootCstNode | undefined;

    override buildRootNode(input: string): RootCstNode {
        this.root = super.buildRootNode(input);
        return this.root;
    }

    /** Forgets the tree just built: else it stays reachable, a closed document's whole tree, until the next parse. */
    release(): void {
        this.root = undefined;
        const fields = this as unknown as { rootNode: RootCstNode | undefined; nodeStack: CompositeCstNode[] };
        fields.rootNode = undefined;
        fields.nodeStack = [];
    }

    override buildLeafNode(token: Token, feature?: Feature): LazyRangeLeafCstNode {
        const leaf = new LazyRangeLeafCstNode(token.startOffset, token.image.length, token.tokenType, !feature);
        leaf.grammarSource = feature;
        leaf.root = this.root!;
        appendChild(this.current, leaf);
        return leaf;
    }

    override buildCompositeNode(feature: Feature): CompositeCstNode {
        const node = new CompositeCstNodeImpl();
        node.grammarSource = feature;
        node.root = this.root!;
        appendChild(this.current, node);
        (this as unknown as { nodeStack: CompositeCstNode[] }).nodeStack.push(node);
        return node;
    }

    override addHiddenNodes(tokens: Tokens): void {
        if (tokens.length === 0) return;
        const root = this.root!;
        const nodes = tokens.map((token) => {
            const leaf = new LazyRangeLeafCstNode(token.startOffset, token.image.length, token.tokenType, true);
            leaf.root = root;
            return leaf;
        });
        let current: CompositeCstNode = this.current;
        // Within a composite node that has content already, the comments simply come next.
        if (current.content.length > 0) {
            appendAll(current.content, nodes);
            return;
        }
        // At a new, empty node: put them before the first ancestor that is not its parent's first child.
        while (current.container) {
            const index = current.container.content.lastIndexOf(current);
            if (index > 0) {
                replaceRange(current.container.content, index, 0, nodes);
                return;
            }
            current = current.container;
        }
        // The comments come before anything else in the file.
        replaceRange(root.content, 0, 0, nodes);
    }
}

/**
 * Langium's parser, with the node builder above and error paths one token long. `nodeBuilder` is a private field created in
 * LangiumParser's constructor and there is no service for it, so it is replaced on the
 * instance before the parser is finalized (and before any document is parsed).
 */
export function createVmdefParser(services: LangiumCoreServices): LangiumParser {
    const parser = prepareLangiumParser(services);
    (parser as unknown as { nodeBuilder: CstNodeBuilder }).nodeBuilder = new VmdefCstNodeBuilder();
    parser.finalize();
    // A syntax error makes Chevrotain list every token sequence, up to maxLookahead (3) tokens
    // long, that each alternative could start with; where a name may stand that is ≈ 100
    // tokens cubed, ≈ 200 ms per error. The messages only use the first token of each
    // (syntax/error-messages.ts), and predictions use ALL(*) regardless, so after the
    // self-analysis the paths need to be one token long.
    (parser as unknown as { wrapper: { maxLookahead: number } }).wrapper.maxLookahead = 1;
    parser.parse = parseLinkingContainers;
    return parser;
}

/** The private members of Langium 4.2.1's LangiumParser that its `parse` uses. */
interface ParserInternals {
    nodeBuilder: CstNodeBuilder;
    lexer: { tokenize(text: string): LexerResult };
    wrapper: { input: unknown; errors: ParseResult['parserErrors'] };
    allRules: Map<string, unknown>;
    mainRule: unknown;
    unorderedGroups: Map<string, unknown>;
    lexerResult: LexerResult | undefined;
    doParse(rule: unknown): AstNode;
}

/**
 * LangiumParser.parse of Langium 4.2.1, step for step, except the last: it sets every node's
 * `$container`, `$containerProperty` and `$containerIndex` with `linkContainers` below instead
 * of `AstUtils.linkContentToContainer`, which allocates an `Object.entries` array per node
 * and a closure per array (≈ 10% of parsing).
 */
function parseLinkingContainers<T extends AstNode = AstNode>(this: LangiumParser, input: string, options: ParserOptions = {}): ParseResult<T> {
    const self = this as unknown as ParserInternals;
    self.nodeBuilder.buildRootNode(input);
    const lexerResult = self.lexerResult = self.lexer.tokenize(input);
    self.wrapper.input = lexerResult.tokens;
    const ruleMethod = options.rule ? self.allRules.get(options.rule) : self.mainRule;
    if (!ruleMethod) {
        throw new Error(options.rule ? `No rule found with name '${options.rule}'` : 'No main rule available.');
    }
    const result = self.doParse(ruleMethod);
    self.nodeBuilder.addHiddenNodes(lexerResult.hidden);
    self.unorderedGroups.clear();
    self.lexerResult = undefined;
    linkContainers(result);
    const parseResult = {
        value: result as T,
        lexerErrors: lexerResult.errors,
        lexerReport: lexerResult.report,
        parserErrors: self.wrapper.errors,
    };
    // Nothing of this parse stays reachable from the parser (the builder's tree, the tokens).
    (self.nodeBuilder as VmdefCstNodeBuilder).release();
    self.wrapper.input = [];
    return parseResult;
}

/** `AstUtils.linkContentToContainer(node, { deep: true })`: the same properties, set in the same order. */
function linkContainers(node: AstNode): void {
    const record = node as unknown as Record<string, unknown>;
    for (const name of Object.keys(record)) {
        if (name.charCodeAt(0) === 36 /* $ */) continue;
        const value = record[name];
        if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                const item = value[index];
                if (isAstNode(item)) {
                    const child = item as Mutable<AstNode>;
                    child.$container = node;
                    child.$containerProperty = name;
                    child.$containerIndex = index;
                    linkContainers(item);
                }
            }
        } else if (isAstNode(value)) {
            const child = value as Mutable<AstNode>;
            child.$container = node;
            child.$containerProperty = name;
            linkContainers(value);
        }
    }
}
