// Re-parsing only the top-level declarations an edit touched. Langium re-parses a whole
// document on every change; the parser runs at ≈ 1 MB/s, so on a 1,000-VM file each keystroke
// cost ≈ 200 ms before linking even started (DESIGN.md, "Performance facts"). A .vmdef file is
// a flat list of declarations, each starting with a keyword, so the declarations around the
// change can be parsed on their own and spliced into the existing tree; the rest only moves.
//
// It is used only when it cannot differ from a full parse: the old tree had no syntax errors,
// the re-parsed text has none, and no token can join across the edges of the re-parsed
// stretch (whitespace on both sides, no line comment running to its end). Anything else falls
// back to Langium's full parse. test/lsp/incremental-parse.test.ts compares both on random edits.
//
// Syntax errors are worded when the text is parsed, in the process's locale then; Langium
// parses only a changed text, so a document with syntax errors is parsed again when the
// language changed since (the server's `vmdef.language`, language/lsp/locale-setting.ts).
import {
    DefaultLangiumDocumentFactory, DocumentState, type AstNode, type CstNode, type LangiumDocument, type LangiumSharedCoreServices,
    type LangiumDocuments, type ParseResult, type RootCstNode, type Cancellation, type URI,
} from 'langium';
import { isTooLarge, tooLargeParse } from '../source-size.js';
import { currentLocale, type Locale } from '../../l10n/locale.js';
import type { Model } from '../generated/ast.js';
import { replaceRange } from '../arrays.js';
import { forgetLineStarts, LazyRangeLeafCstNode, VmdefCstNodeBuilder } from './cst-node-builder.js';
import { stdlibSnapshotParse } from '../stdlib-snapshot.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class VmdefDocumentFactory extends DefaultLangiumDocumentFactory {
    /** How many updates were parsed incrementally / in full (for tests and benchmarks). */
    readonly stats = { incremental: 0, full: 0 };

    /** The workspace's documents (a getter: they are built after this factory). */
    private readonly documents?: () => LangiumDocuments;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.documents = () => services.workspace.LangiumDocuments;
    }

    /** The locale each parse result's syntax errors are worded in. */
    private readonly wordedIn = new WeakMap<ParseResult, Locale>();

    protected override parse<T extends AstNode>(uri: URI, text: string, options?: Parameters<DefaultLangiumDocumentFactory['parse']>[2]): ParseResult<T> {
        if (isTooLarge(text)) return tooLargeParse(super.parse<T>(uri, '', options), text);
        this.releaseTree(uri);
        return this.worded(this.fromSnapshot<T>(uri, text) ?? super.parse<T>(uri, text, options));
    }

    protected override async parseAsync<T extends AstNode>(uri: URI, text: string, cancellationToken: Cancellation.CancellationToken): Promise<ParseResult<T>> {
        if (isTooLarge(text)) return tooLargeParse(await super.parseAsync<T>(uri, '', cancellationToken), text);
        this.releaseTree(uri);
        return this.worded(this.fromSnapshot<T>(uri, text) ?? await super.parseAsync<T>(uri, text, cancellationToken));
    }

    /** A standard library file, unchanged, is built from the build's snapshot instead of parsed (stdlib-snapshot.ts). */
    private fromSnapshot<T extends AstNode>(uri: URI, text: string): ParseResult<T> | undefined {
        return stdlibSnapshotParse<T>(uri, text, this.serviceRegistry.getServices(uri));
    }

    /**
     * A document parsed again in full keeps its old tree until the new one is assigned: two
     * trees of a large file at once. The builder has already unlinked the document and removed
     * it from the index (it is in state Changed), so nothing needs the old tree while the new
     * one is built: the document holds an empty parse result meanwhile. Should the parse not
     * finish, that result's text differs from the document's, so the next build parses it again.
     */
    private releaseTree(uri: URI): void {
        const document = this.documents?.().getDocument(uri);
        if (!document || document.state !== DocumentState.Changed || !document.parseResult.value.$cstNode) return;
        const placeholder = { $type: 'Model', elements: [], $document: document } as unknown as AstNode;
        document.parseResult = { value: placeholder, lexerErrors: [], parserErrors: [] };
    }

    private worded<T extends AstNode>(result: ParseResult<T>): ParseResult<T> {
        this.wordedIn.set(result, currentLocale());
        return result;
    }

    override async update<T extends AstNode = AstNode>(document: LangiumDocument<T>, cancellationToken: Cancellation.CancellationToken): Promise<LangiumDocument<T>> {
        const root = document.parseResult.value.$cstNode?.root;
        const newText = this.textDocuments?.get(document.uri.toString())?.getText();
        const { parseResult } = document;
        const hasErrors = parseResult.lexerErrors.length > 0 || parseResult.parserErrors.length > 0;
        if (root && hasErrors && (this.wordedIn.get(parseResult) ?? 'en') !== currentLocale()) {
            // Same text or not, parse it in full (Langium's update below then finds it current).
            const text = newText ?? root.fullText;
            document.parseResult = await this.parseAsync<T>(document.uri, text, cancellationToken);
            (document.parseResult.value as Mutable<AstNode>).$document = document;
            return super.update(document, cancellationToken);
        }
        if (root && newText !== undefined && root.fullText !== newText) {
            // On success the tree now holds newText, so Langium's update below does not parse again.
            if (this.reparse(document as LangiumDocument, root, newText)) this.stats.incremental++;
            else this.stats.full++;
        }
        return super.update(document, cancellationToken);
    }

    private reparse(document: LangiumDocument, root: RootCstNode, newText: string): boolean {
        const { parseResult } = document;
        const model = parseResult.value as Model;
        if (parseResult.lexerErrors.length > 0 || parseResult.parserErrors.length > 0 || !Array.isArray(model.elements)) return false;
        if (isTooLarge(newText)) return false; // the full parse refuses it (source-size.ts)
        const oldText = root.fullText;
        const elements = model.elements;
        if (elements.length === 0) return false;

        // The changed stretch: [start, oldEnd) in the old text is [start, newEnd) in the new one.
        let start = 0;
        const shorter = Math.min(oldText.length, newText.length);
        while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
        let suffix = 0;
        while (suffix < shorter - start && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
        const oldEnd = oldText.length - suffix;
        const delta = newText.length - oldText.length;

        // Declarations [first, next) are re-parsed: from the last one starting at or before the
        // change to the first one starting after it (or the end of the file).
        const offsets = elements.map((e) => e.$cstNode?.offset ?? -1);
        if (offsets.some((o, i) => o < 0 || (i > 0 && o <= offsets[i - 1]))) return false;
        let first = -1;
        for (let i = 0; i < offsets.length && offsets[i] <= start; i++) first = i;
        let next = first + 1;
        while (next < offsets.length && offsets[next] <= oldEnd) next++;
        const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
        // No token may run across the edges: whitespace must separate the stretch from its neighbours.
        while (first >= 0 && offsets[first] > 0 && !isSpace(oldText.charCodeAt(offsets[first] - 1))) first--;
        const regionStart = first < 0 ? 0 : offsets[first];
        while (next < offsets.length && !isSpace(oldText.charCodeAt(offsets[next] - 1))) next++;
        const regionOldEnd = next < offsets.length ? offsets[next] : oldText.length;
        const regionNewEnd = regionOldEnd + delta;
        if (regionNewEnd < start) return false;
        const firstIndex = Math.max(first, 0);

        const services = this.serviceRegistry.getServices(document.uri);
        // Moving the tree needs leaves that can move (our node builder's).
        if (!isOurs(services.parser.LangiumParser)) return false;
        const sub = services.parser.LangiumParser.parse<Model>(newText.substring(regionStart, regionNewEnd));
        if (sub.lexerErrors.length > 0 || sub.parserErrors.length > 0 || !sub.value.$cstNode) return false;
        const subRoot = sub.value.$cstNode.root;
        // A line comment that ends where the stretch ends would go on in the full text.
        const last = subRoot.content[subRoot.content.length - 1];
        if (last && last.hidden && last.end === subRoot.fullText.length && regionNewEnd < newText.length) return false;

        // The syntax tree: keep what lies before, move what lies after, put the new part between.
        const rootContent = root.content as CstNode[];
        let from = 0;
        while (from < rootContent.length && rootContent[from].offset < regionStart) from++;
        let to = from;
        while (to < rootContent.length && rootContent[to].offset < regionOldEnd) to++;
        for (let i = to; i < rootContent.length; i++) moveTree(rootContent[i], delta, root);
        const added = [...subRoot.content];
        for (const node of added) moveTree(node, regionStart, root);
        replaceRange(rootContent, from, to - from, added);
        (root as unknown as { _text: string })._text = newText;
        clearRangeCache(root);
        forgetLineStarts(root);

        // The AST: the new declarations replace the old ones in the model.
        const removed = next - firstIndex;
        replaceRange(elements, firstIndex, removed, sub.value.elements);
        for (let i = firstIndex; i < elements.length; i++) {
            const element = elements[i] as Mutable<AstNode>;
            element.$container = model;
            element.$containerProperty = 'elements';
            element.$containerIndex = i;
        }
        return true;
    }
}

function isOurs(parser: unknown): boolean {
    return (parser as { nodeBuilder?: unknown }).nodeBuilder instanceof VmdefCstNodeBuilder;
}

/** Shifts every leaf below `node` by `delta` characters and hangs the nodes on `root`. */
function moveTree(node: CstNode, delta: number, root: RootCstNode): void {
    (node as Mutable<CstNode>).root = root;
    if (node instanceof LazyRangeLeafCstNode) {
        node.moveBy(delta);
        return;
    }
    clearRangeCache(node);
    const content = (node as { content?: CstNode[] }).content;
    if (content) for (const child of content) moveTree(child, delta, root);
}

function clearRangeCache(node: CstNode): void {
    (node as unknown as { _rangeCache?: unknown })._rangeCache = undefined;
}
