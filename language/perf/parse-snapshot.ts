// A parse result written down at build time and built again at run time without parsing: the
// standard library (language/stdlib/, ~4,500 tokens) is parsed at every start of the command
// line, the language server and the debug adapter, ≈ 60–80 ms of a cold process. Rebuilding its
// syntax tree and AST from numbers costs a fraction of that (stdlib-snapshot.ts uses it).
//
// The result must be the one the parser gives, object for object: the syntax tree's nodes (kind,
// offset, length, hidden comments, grammar element, token type, container, root, AST node), and
// the AST's nodes with their properties in the order the parser set them (the linker and
// validators walk keys in order), their `$container*` links and references made by the linker's
// `buildReference`, as Langium's own Hydrator does. Grammar elements are numbered as the Hydrator
// numbers them (pre-order over the grammar), the same generated grammar at build and run time.
//
// The encoding is generic over the object graph, not over the grammar: whatever the parser makes
// is written down key by key, and anything it does not know how to write (a value of another kind,
// a node reached twice) refuses the whole file rather than guess. test/language/parse-snapshot.test.ts
// compares every library file rebuilt with a fresh parse.
import {
    AstUtils, CompositeCstNodeImpl, GrammarAST, isAstNode, isReference, RootCstNodeImpl,
    type AstNode, type CstNode, type Grammar, type LangiumCoreServices, type Mutable, type ParseResult, type Reference,
} from 'langium';
import type { TokenType } from 'chevrotain';
import { appendChild, LazyRangeLeafCstNode } from './cst-node-builder.js';

/** The snapshot as written to disk (JSON). */
export interface ParseSnapshot {
    /** How many grammar elements the grammar had and the token types' names: a snapshot of another grammar is not used. */
    grammar: { elements: number; hash: number; tokens: string[] };
    /** AST node shapes: the node's `$type`, then each key with the kind of its value (`key kind`). */
    shapes: string[][];
    strings: string[];
    /** The AST's numbers (token values: any double); the streams hold their index. */
    numbers: number[];
    files: Record<string, SnapshotFile>;
}

/**
 * One file. Its streams are strings of digits (see `encodeDigits`): a string costs JSON.parse
 * nothing but a copy, and a file the process does not use (os.vmdef, for a definition without
 * an OS) is never decoded.
 */
export interface SnapshotFile {
    text: string;
    /** The syntax tree, pre-order: composite `0 grammar+1 children`, leaf `1|2(hidden) grammar+1 token offsetDelta(zigzag) length`. */
    cst: string;
    /** The AST, pre-order: a shape, then each key's value as its kind says. */
    ast: string;
}

// Non-negative integers as base-32 digits, most significant first: the last digit of a number is
// one of the 32 characters from '#', the others one of the 32 from ']' (neither range holds a
// character JSON escapes). Almost every number in the streams is below 32: one character.
const LAST_DIGIT = 35;
const MORE_DIGIT = 93;

export function encodeDigits(values: number[]): string {
    let out = '';
    for (const value of values) {
        if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not a stream number: ${value}`);
        let digits = String.fromCharCode(LAST_DIGIT + (value % 32));
        for (let rest = Math.floor(value / 32); rest > 0; rest = Math.floor(rest / 32)) digits = String.fromCharCode(MORE_DIGIT + (rest % 32)) + digits;
        out += digits;
    }
    return out;
}

/** Reads the numbers of `encodeDigits` one after the other (decoded at once: one small loop). */
class Digits {
    private at = 0;
    private readonly values: number[];
    constructor(text: string) {
        const values: number[] = [];
        let value = 0;
        for (let i = 0; i < text.length; i++) {
            const c = text.charCodeAt(i);
            if (c >= MORE_DIGIT) value = value * 32 + (c - MORE_DIGIT);
            else {
                values.push(value * 32 + (c - LAST_DIGIT));
                value = 0;
            }
        }
        this.values = values;
    }

    get done(): boolean {
        return this.at >= this.values.length;
    }

    next(): number {
        return this.values[this.at++];
    }
}

const zigzag = (n: number) => (n < 0 ? -2 * n - 1 : 2 * n);
const unzigzag = (n: number) => (n % 2 === 1 ? -(n + 1) / 2 : n / 2);

const COMPOSITE = 0;
const LEAF = 1;
const HIDDEN_LEAF = 2;

/** Value kinds of an AST node's keys; an array's kind is `a` followed by its items' kind (`a` alone: empty). */
const enum Kind {
    Type = 'T', String = 's', Number = 'n', Boolean = 'b', Undefined = 'u', Child = 'c', Reference = 'r',
    CstNode = 'k', Container = 'p', ContainerProperty = 'q', ContainerIndex = 'i',
}

/** Grammar elements by the Hydrator's numbering (DefaultHydrator.createGrammarElementIdMap), per grammar. */
const grammarElementsOf = new WeakMap<Grammar, GrammarAST.AbstractElement[]>();

function grammarElements(grammar: Grammar): GrammarAST.AbstractElement[] {
    let elements = grammarElementsOf.get(grammar);
    if (!elements) {
        elements = [];
        for (const element of AstUtils.streamAst(grammar)) if (GrammarAST.isAbstractElement(element)) elements.push(element);
        grammarElementsOf.set(grammar, elements);
    }
    return elements;
}

/** A hash of the grammar elements' types and keyword values, in their numbering: another grammar (almost surely) hashes differently. */
function grammarHash(elements: GrammarAST.AbstractElement[]): number {
    let hash = 0x811c9dc5;
    const add = (s: string) => {
        for (let i = 0; i < s.length; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193);
    };
    for (const element of elements) {
        add(element.$type);
        if (GrammarAST.isKeyword(element)) add(element.value);
    }
    return hash >>> 0;
}

/** A table of values, each written once and referred to by its index. */
class Table<K, V = K> {
    readonly values: V[] = [];
    private readonly ids = new Map<K, number>();

    /** The index of the value under `key`, added (as `value`) if it is not in the table yet. */
    id(key: K, value: V): number {
        let id = this.ids.get(key);
        if (id === undefined) {
            id = this.values.push(value) - 1;
            this.ids.set(key, id);
        }
        return id;
    }
}

/** Builds the snapshot of several parse results (one per file name); throws on anything it cannot write down exactly. */
export class SnapshotWriter {
    private readonly shapes = new Table<string, string[]>();
    private readonly strings = new Table<string>();
    private readonly numbers = new Table<number>();
    private readonly tokens = new Table<string>();
    private readonly files: Record<string, SnapshotFile> = {};
    private readonly elementIds: Map<GrammarAST.AbstractElement, number>;

    constructor(private readonly services: LangiumCoreServices) {
        this.elementIds = new Map(grammarElements(services.Grammar).map((e, i) => [e, i]));
    }

    add(name: string, text: string, result: ParseResult): void {
        if (result.lexerErrors.length > 0 || result.parserErrors.length > 0) throw new Error(`${name}: a text with syntax errors is not snapshotted`);
        const root = result.value.$cstNode?.root;
        if (!root || root.fullText !== text) throw new Error(`${name}: the parse result is not of this text`);
        const cstIds = new Map<CstNode, number>();
        const cst: number[] = [];
        if (root.grammarSource !== undefined) throw new Error('a root with a grammar element');
        const linked = { cst: 0, ast: 0 };
        this.writeCst(root, cst, cstIds, { end: 0 }, linked);
        const ast: number[] = [];
        const seen = new Set<AstNode>();
        this.writeAst(result.value, undefined, undefined, undefined, ast, cstIds, seen);
        // Each syntax tree node's AST node is set when that AST node's $cstNode is: the links must pair up.
        linked.ast = [...seen].filter((n) => n.$cstNode !== undefined).length;
        if (linked.ast !== linked.cst) throw new Error('syntax tree nodes linked to AST nodes outside the AST');
        this.files[name] = { text, cst: encodeDigits(cst), ast: encodeDigits(ast) };
    }

    snapshot(): ParseSnapshot {
        return {
            grammar: { elements: this.elementIds.size, hash: grammarHash([...this.elementIds.keys()]), tokens: this.tokens.values },
            shapes: this.shapes.values, strings: this.strings.values, numbers: this.numbers.values, files: this.files,
        };
    }

    private writeCst(node: CstNode, out: number[], ids: Map<CstNode, number>, last: { end: number }, linked: { cst: number }): void {
        ids.set(node, ids.size);
        const grammar = node.grammarSource === undefined ? 0 : this.elementIds.get(node.grammarSource as GrammarAST.AbstractElement)! + 1;
        if (Number.isNaN(grammar)) throw new Error('a syntax tree node from another grammar');
        const content = (node as { content?: CstNode[] }).content;
        if (content) {
            if (node === node.root ? !(node instanceof RootCstNodeImpl) : (node.constructor as unknown) !== CompositeCstNodeImpl) throw new Error(`unknown syntax tree node ${node.constructor.name}`);
            // The AST node link is rebuilt from the AST side: it must be the node whose $cstNode this is.
            const astNode = (node as unknown as { _astNode?: AstNode })._astNode;
            if (astNode !== undefined && astNode.$cstNode !== node) throw new Error('a syntax tree node linked to an AST node that is not its own');
            if (astNode !== undefined) linked.cst++;
            out.push(COMPOSITE, grammar, content.length);
            for (const child of content) {
                if (child.container !== node || child.root !== node.root) throw new Error('a syntax tree node with another container or root');
                this.writeCst(child, out, ids, last, linked);
            }
        } else {
            if ((node.constructor as unknown) !== LazyRangeLeafCstNode) throw new Error(`unknown syntax tree leaf ${node.constructor.name}`);
            if ((node as unknown as { _astNode?: AstNode })._astNode !== undefined) throw new Error('a leaf linked to an AST node');
            const tokenType = (node as unknown as { tokenType: TokenType }).tokenType;
            if (this.services.parser.Lexer.definition[tokenType.name] !== tokenType) throw new Error(`token type ${tokenType.name} is not the lexer's`);
            out.push(node.hidden ? HIDDEN_LEAF : LEAF, grammar, this.tokens.id(tokenType.name, tokenType.name), zigzag(node.offset - last.end), node.length);
            last.end = node.end;
        }
    }

    private writeAst(node: AstNode, parent: AstNode | undefined, property: string | undefined, index: number | undefined,
        out: number[], cstIds: Map<CstNode, number>, seen: Set<AstNode>): void {
        if (seen.has(node)) throw new Error('an AST node reached twice');
        seen.add(node);
        const record = node as unknown as Record<string, unknown>;
        const keys = Object.keys(record);
        const kinds = keys.map((key) => this.kindOf(key, record[key]));
        const shape = [node.$type, ...keys.map((key, i) => `${key} ${kinds[i]}`)];
        out.push(this.shapes.id(shape.join('\n'), shape));
        keys.forEach((key, i) => {
            const value = record[key];
            const kind = kinds[i];
            if (kind === Kind.Container && value !== parent) throw new Error('$container is not the parent');
            if (kind === Kind.ContainerProperty && value !== property) throw new Error('$containerProperty is not the property');
            if (kind === Kind.ContainerIndex && value !== index) throw new Error('$containerIndex is not the index');
            if (kind[0] === 'a') {
                const items = value as unknown[];
                out.push(items.length);
                items.forEach((item, j) => this.writeValue(kind.substring(1), item, node, key, j, out, cstIds, seen));
            } else {
                this.writeValue(kind, value, node, key, undefined, out, cstIds, seen);
            }
        });
    }

    private writeValue(kind: string, value: unknown, node: AstNode, key: string, index: number | undefined,
        out: number[], cstIds: Map<CstNode, number>, seen: Set<AstNode>): void {
        switch (kind) {
            case Kind.String: out.push(this.strings.id(value as string, value as string)); break;
            case Kind.Number: out.push(this.numbers.id(value as number, value as number)); break;
            case Kind.Boolean: out.push(value ? 1 : 0); break;
            case Kind.Child: this.writeAst(value as AstNode, node, key, index, out, cstIds, seen); break;
            case Kind.Reference: {
                const reference = value as Reference;
                // As the linker's buildReference makes it, not resolved yet
                const state = reference as unknown as { _ref?: unknown; _nodeDescription?: unknown };
                if (!('_ref' in state) || state._ref !== undefined || state._nodeDescription !== undefined || reference.$refNode === undefined) {
                    throw new Error('a reference that is not a fresh one');
                }
                out.push(this.cstId(reference.$refNode, cstIds), this.strings.id(reference.$refText, reference.$refText));
                break;
            }
            case Kind.CstNode: {
                const cstNode = value as CstNode;
                if ((cstNode as unknown as { _astNode?: AstNode })._astNode !== node) throw new Error('an AST node whose syntax tree node is linked to another');
                out.push(this.cstId(cstNode, cstIds));
                break;
            }
            default: break; // $type, undefined and the container links: known from the shape and the walk
        }
    }

    private kindOf(key: string, value: unknown): string {
        if (key === '$type') return Kind.Type;
        if (key === '$cstNode') return Kind.CstNode;
        if (key === '$container') return Kind.Container;
        if (key === '$containerProperty') return Kind.ContainerProperty;
        if (key === '$containerIndex') return Kind.ContainerIndex;
        if (key.startsWith('$')) throw new Error(`unknown AST key ${key}`);
        if (Array.isArray(value)) {
            const kinds = new Set(value.map((item) => this.kindOf('', item)));
            if (kinds.size > 1) throw new Error(`an array of several kinds (${key})`);
            const [kind] = kinds;
            if (kind !== undefined && kind[0] === 'a') throw new Error(`an array of arrays (${key})`);
            return `a${kind ?? ''}`;
        }
        if (typeof value === 'string') return Kind.String;
        if (typeof value === 'number' && !Object.is(value, -0) && Number.isFinite(value)) return Kind.Number;
        if (typeof value === 'boolean') return Kind.Boolean;
        if (value === undefined) return Kind.Undefined;
        if (isReference(value)) return Kind.Reference;
        if (isAstNode(value)) return Kind.Child;
        throw new Error(`a value that cannot be written down (${key}: ${typeof value})`);
    }

    private cstId(node: CstNode, ids: Map<CstNode, number>): number {
        const id = ids.get(node);
        if (id === undefined) throw new Error('a syntax tree node outside the tree');
        return id;
    }
}

/** A shape made ready for building: its keys and kinds. */
interface Shape {
    type: string;
    keys: string[];
    kinds: string[];
}

/** Builds parse results from a snapshot, for one language's services. */
export class SnapshotReader {
    private readonly shapes: Shape[];
    private readonly tokens: TokenType[];
    private readonly elements: GrammarAST.AbstractElement[];

    /** Throws when the snapshot is of another grammar. */
    constructor(private readonly snapshot: ParseSnapshot, private readonly services: LangiumCoreServices) {
        this.elements = grammarElements(services.Grammar);
        const definition = services.parser.Lexer.definition;
        this.tokens = snapshot.grammar.tokens.map((name) => definition[name]);
        if (snapshot.grammar.elements !== this.elements.length || snapshot.grammar.hash !== grammarHash(this.elements) || this.tokens.some((t) => t === undefined)) {
            throw new Error('the parse snapshot is of another grammar');
        }
        this.shapes = snapshot.shapes.map(([type, ...slots]) => ({
            type,
            keys: slots.map((s) => s.substring(0, s.indexOf(' '))),
            kinds: slots.map((s) => s.substring(s.indexOf(' ') + 1)),
        }));
    }

    /** The parse result of `name` if the snapshot holds it for exactly this text. */
    read<T extends AstNode = AstNode>(name: string, text: string): ParseResult<T> | undefined {
        const file = Object.prototype.hasOwnProperty.call(this.snapshot.files, name) ? this.snapshot.files[name] : undefined;
        if (!file || file.text !== text) return undefined;
        const cst = this.buildCst(new Digits(file.cst), text);
        const value = new AstBuilder(new Digits(file.ast), cst, this.shapes, this.snapshot, this.services).build();
        return { value: value as T, lexerErrors: [], lexerReport: { diagnostics: [] }, parserErrors: [] };
    }

    private buildCst(data: Digits, text: string): CstNode[] {
        const nodes: CstNode[] = [];
        const root = new RootCstNodeImpl(text);
        root.root = root;
        nodes.push(root);
        const elements = this.elements;
        const tokens = this.tokens;
        // the composites being filled, with how many children each still has to come
        const stack: CompositeCstNodeImpl[] = [];
        const left: number[] = [];
        data.next(); // the root: composite, no grammar element
        data.next();
        let current: CompositeCstNodeImpl = root;
        let remaining = data.next();
        let end = 0;
        while (!data.done) {
            while (remaining === 0) {
                current = stack.pop()!;
                remaining = left.pop()!;
            }
            const tag = data.next();
            const grammar = data.next();
            let node: Mutable<CstNode>;
            let children = 0;
            if (tag === COMPOSITE) {
                node = new CompositeCstNodeImpl();
                children = data.next();
            } else {
                const tokenType = tokens[data.next()];
                const offset = end + unzigzag(data.next());
                const length = data.next();
                node = new LazyRangeLeafCstNode(offset, length, tokenType, tag === HIDDEN_LEAF);
                end = offset + length;
            }
            node.grammarSource = grammar === 0 ? undefined : elements[grammar - 1];
            node.root = root;
            appendChild(current, node);
            nodes.push(node);
            remaining--;
            if (tag === COMPOSITE) {
                stack.push(current);
                left.push(remaining);
                current = node as CompositeCstNodeImpl;
                remaining = children;
            }
        }
        return nodes;
    }
}

/** One file's AST, read from its numbers in pre-order. */
class AstBuilder {
    private readonly strings: string[];
    private readonly numbers: number[];

    constructor(
        private readonly data: Digits,
        private readonly cst: CstNode[],
        private readonly shapes: Shape[],
        snapshot: ParseSnapshot,
        private readonly services: LangiumCoreServices,
    ) {
        this.strings = snapshot.strings;
        this.numbers = snapshot.numbers;
    }

    build(): AstNode {
        return this.node(undefined, undefined, undefined);
    }

    private node(parent: AstNode | undefined, property: string | undefined, index: number | undefined): AstNode {
        const shape = this.shapes[this.data.next()];
        const node = {} as Record<string, unknown>;
        const { keys, kinds } = shape;
        for (let k = 0; k < keys.length; k++) {
            const key = keys[k];
            const kind = kinds[k];
            if (kind.charCodeAt(0) === 97 /* a */) {
                const count = this.data.next();
                const items = new Array<unknown>(count);
                const itemKind = kind.substring(1);
                for (let j = 0; j < count; j++) items[j] = this.value(itemKind, node, key, j, shape);
                node[key] = items;
            } else {
                switch (kind) {
                    case Kind.Container: node[key] = parent; break;
                    case Kind.ContainerProperty: node[key] = property; break;
                    case Kind.ContainerIndex: node[key] = index; break;
                    default: node[key] = this.value(kind, node, key, undefined, shape);
                }
            }
        }
        return node as unknown as AstNode;
    }

    private value(kind: string, node: Record<string, unknown>, key: string, index: number | undefined, shape: Shape): unknown {
        const data = this.data;
        switch (kind) {
            case Kind.Type: return shape.type;
            case Kind.String: return this.strings[data.next()];
            case Kind.Number: return this.numbers[data.next()];
            case Kind.Boolean: return data.next() === 1;
            case Kind.Undefined: return undefined;
            case Kind.Child: return this.node(node as unknown as AstNode, key, index);
            case Kind.Reference: {
                const refNode = this.cst[data.next()];
                const refText = this.strings[data.next()];
                return this.services.references.Linker.buildReference(node as unknown as AstNode, key, refNode, refText);
            }
            case Kind.CstNode: {
                const cstNode = this.cst[data.next()];
                (cstNode as Mutable<CstNode>).astNode = node as unknown as AstNode;
                return cstNode;
            }
            default: throw new Error(`unknown value kind ${kind} in the parse snapshot`);
        }
    }
}
