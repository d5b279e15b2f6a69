// A tiny, safe expression language for conditional breakpoints, watches, hovers and the Debug
// Console: `r1 == 0`, `r2 > 3 && r1 != 0`, `exits.io * 2`, `!zf`, `[r2 + 4] == 7` (the memory
// word at an address, as `load d, [a]` reads it in that frame). It is parsed here by a small
// recursive-descent parser and evaluated over values the caller resolves (registers, flags,
// the figures of the variables view) — never by `eval`/`Function`, so user text can only ever
// name values and combine them with these operators.
//
//   expr    := or
//   or      := and ('||' and)*
//   and     := cmp ('&&' cmp)*
//   cmp     := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum)?
//   sum     := product (('+'|'-') product)*
//   product := unary (('*'|'/'|'%') unary)*
//   unary   := ('-'|'!') unary | atom
//   atom    := integer (decimal or 0x hex) | "string" | name ('.' name)* | '(' expr ')' | 'true' | 'false'
//            | '[' expr ']'   (a memory word)

import { debuggerMessages as m } from './messages.js';

export type Value = number | boolean | string;

/**
 * Resolves a (possibly dotted) name such as `r1`, `zf`, `exits.io`; undefined if unknown.
 * `word`, when present, reads the memory word at an address (`[a]`); it throws an
 * ExpressionError for an address the frame cannot read.
 */
export interface Resolver {
    (name: string): Value | undefined;
    word?: (address: number) => number;
}

/** What setExpression can assign to: a name (a register or flag, if the caller allows it) or a memory word. */
export type Place = { kind: 'name'; name: string } | { kind: 'word'; address: (resolve: Resolver) => number };

export class ExpressionError extends Error {
    constructor(message: string, readonly column: number) {
        super(message);
    }
}

type Node =
    | { kind: 'lit'; value: Value }
    | { kind: 'name'; name: string; column: number }
    | { kind: 'word'; address: Node; column: number }
    | { kind: 'unary'; op: string; arg: Node }
    | { kind: 'binary'; op: string; left: Node; right: Node };

interface Token {
    kind: 'num' | 'str' | 'name' | 'op' | 'end';
    text: string;
    column: number;
}

/** Longest operators first so `<=` is not read as `<` `=`. */
const OPERATORS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')', '[', ']'];
/** Expressions longer than this are refused (they come from a text box, and recursion is bounded). */
export const MAX_EXPRESSION_LENGTH = 1000;
const MAX_DEPTH = 64;

function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
            i++;
            continue;
        }
        const column = i + 1;
        const hex = /^0[xX][0-9a-fA-F]+/.exec(text.slice(i));
        const dec = /^[0-9]+/.exec(text.slice(i));
        if (hex || dec) {
            const t = (hex ?? dec)![0];
            tokens.push({ kind: 'num', text: t, column });
            i += t.length;
            continue;
        }
        const name = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(text.slice(i));
        if (name) {
            tokens.push({ kind: 'name', text: name[0], column });
            i += name[0].length;
            continue;
        }
        if (c === '"') {
            let j = i + 1;
            let s = '';
            while (j < text.length && text[j] !== '"') {
                if (text[j] === '\\' && j + 1 < text.length) {
                    const e = text[j + 1];
                    s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
                    j += 2;
                } else s += text[j++];
            }
            if (j >= text.length) throw new ExpressionError(m.unterminatedString(), column);
            tokens.push({ kind: 'str', text: s, column });
            i = j + 1;
            continue;
        }
        const op = OPERATORS.find((o) => text.startsWith(o, i));
        if (!op) throw new ExpressionError(m.unexpected(c), column);
        tokens.push({ kind: 'op', text: op, column });
        i += op.length;
    }
    tokens.push({ kind: 'end', text: '', column: text.length + 1 });
    return tokens;
}

class Parser {
    private pos = 0;
    private depth = 0;
    constructor(private readonly tokens: Token[]) {}

    parse(): Node {
        const node = this.or();
        const t = this.peek();
        if (t.kind !== 'end') throw new ExpressionError(m.unexpected(t.text), t.column);
        return node;
    }

    private peek(): Token {
        return this.tokens[this.pos];
    }

    private accept(...ops: string[]): string | undefined {
        const t = this.peek();
        if (t.kind === 'op' && ops.includes(t.text)) {
            this.pos++;
            return t.text;
        }
        return undefined;
    }

    private left(next: () => Node, ops: string[]): Node {
        let node = next();
        for (let op = this.accept(...ops); op; op = this.accept(...ops)) node = { kind: 'binary', op, left: node, right: next() };
        return node;
    }

    private or = (): Node => this.left(this.and, ['||']);
    private and = (): Node => this.left(this.cmp, ['&&']);
    private cmp = (): Node => {
        const left = this.sum();
        const op = this.accept('==', '!=', '<=', '>=', '<', '>');
        return op ? { kind: 'binary', op, left, right: this.sum() } : left;
    };
    private sum = (): Node => this.left(this.product, ['+', '-']);
    private product = (): Node => this.left(this.unary, ['*', '/', '%']);

    private unary = (): Node => {
        const op = this.accept('-', '!');
        if (!op) return this.atom();
        if (++this.depth > MAX_DEPTH) throw new ExpressionError(m.nestedTooDeeply(), this.peek().column);
        const node: Node = { kind: 'unary', op, arg: this.unary() };
        this.depth--;
        return node;
    };

    private atom(): Node {
        const t = this.peek();
        if (t.kind === 'num') {
            this.pos++;
            return { kind: 'lit', value: Number(t.text) };
        }
        if (t.kind === 'str') {
            this.pos++;
            return { kind: 'lit', value: t.text };
        }
        if (t.kind === 'name') {
            this.pos++;
            if (t.text === 'true' || t.text === 'false') return { kind: 'lit', value: t.text === 'true' };
            return { kind: 'name', name: t.text, column: t.column };
        }
        if (this.accept('(')) {
            if (++this.depth > MAX_DEPTH) throw new ExpressionError(m.nestedTooDeeply(), t.column);
            const node = this.or();
            this.depth--;
            if (!this.accept(')')) throw new ExpressionError(m.missing(')'), this.peek().column);
            return node;
        }
        if (this.accept('[')) {
            if (++this.depth > MAX_DEPTH) throw new ExpressionError(m.nestedTooDeeply(), t.column);
            const address = this.or();
            this.depth--;
            if (!this.accept(']')) throw new ExpressionError(m.missing(']'), this.peek().column);
            return { kind: 'word', address, column: t.column };
        }
        throw new ExpressionError(t.kind === 'end' ? m.expressionExpected() : m.unexpected(t.text), t.column);
    }
}

/** A parsed expression; evaluate it many times (a breakpoint condition on every hit). */
export class Expression {
    private constructor(readonly text: string, private readonly root: Node) {}

    /** Parses `text`; throws ExpressionError with a 1-based column on bad input. */
    static parse(text: string): Expression {
        if (text.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(m.expressionTooLong(MAX_EXPRESSION_LENGTH), 1);
        return new Expression(text, new Parser(tokenize(text)).parse());
    }

    /** Every name the expression reads (to check them before the first evaluation). */
    names(): string[] {
        const out: string[] = [];
        const walk = (n: Node): void => {
            if (n.kind === 'name') out.push(n.name);
            else if (n.kind === 'word') walk(n.address);
            else if (n.kind === 'unary') walk(n.arg);
            else if (n.kind === 'binary') {
                walk(n.left);
                walk(n.right);
            }
        };
        walk(this.root);
        return out;
    }

    evaluate(resolve: Resolver): Value {
        return evaluateNode(this.root, resolve);
    }

    /** The place the whole expression denotes (`r1`, `[0x1000]`), or undefined for anything computed (`r1 + 1`). */
    place(): Place | undefined {
        const root = this.root;
        if (root.kind === 'name') return { kind: 'name', name: root.name };
        if (root.kind === 'word') return { kind: 'word', address: (resolve) => addressOf(root, resolve) };
        return undefined;
    }
}

/** The byte address of `[a]`: a 32-bit unsigned number (the CPU ignores the low two bits, like `load`). */
function addressOf(n: { address: Node; column: number }, resolve: Resolver): number {
    const a = evaluateNode(n.address, resolve);
    if (typeof a !== 'number') throw new ExpressionError(m.addressIsNumber(), n.column);
    return a >>> 0;
}

/** `operator`: the operator that needs it (`-`, `<`). */
function num(v: Value, operator: string): number {
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    throw new ExpressionError(m.needsNumber(operator), 1);
}

function truthy(v: Value): boolean {
    return typeof v === 'string' ? v.length > 0 : typeof v === 'boolean' ? v : v !== 0;
}

function evaluateNode(n: Node, resolve: Resolver): Value {
    switch (n.kind) {
        case 'lit':
            return n.value;
        case 'name': {
            const v = resolve(n.name);
            if (v === undefined) throw new ExpressionError(m.unknownName(n.name), n.column);
            return v;
        }
        case 'word': {
            const address = addressOf(n, resolve);
            if (!resolve.word) throw new ExpressionError(m.memoryNotHere(), n.column);
            try {
                return resolve.word(address);
            } catch (e) {
                // the reader knows why (outside the VM's memory), the parser knows where
                throw e instanceof ExpressionError ? new ExpressionError(e.message, n.column) : e;
            }
        }
        case 'unary': {
            const v = evaluateNode(n.arg, resolve);
            return n.op === '!' ? !truthy(v) : -num(v, '-');
        }
        case 'binary': {
            if (n.op === '&&') return truthy(evaluateNode(n.left, resolve)) && truthy(evaluateNode(n.right, resolve));
            if (n.op === '||') return truthy(evaluateNode(n.left, resolve)) || truthy(evaluateNode(n.right, resolve));
            const a = evaluateNode(n.left, resolve);
            const b = evaluateNode(n.right, resolve);
            if (n.op === '==' || n.op === '!=') {
                const same = typeof a === 'string' || typeof b === 'string' ? String(a) === String(b) : num(a, n.op) === num(b, n.op);
                return n.op === '==' ? same : !same;
            }
            if (n.op === '+' && (typeof a === 'string' || typeof b === 'string')) return String(a) + String(b);
            const x = num(a, n.op);
            const y = num(b, n.op);
            switch (n.op) {
                case '<': return x < y;
                case '<=': return x <= y;
                case '>': return x > y;
                case '>=': return x >= y;
                // figures such as cycles exceed 32 bits: arithmetic stays in doubles, truncated like the guest's div
                case '+': return x + y;
                case '-': return x - y;
                case '*': return x * y;
                case '/':
                case '%':
                    if (y === 0) throw new ExpressionError(m.divisionByZero(), 1);
                    return n.op === '/' ? Math.trunc(x / y) : x % y;
            }
        }
    }
    throw new ExpressionError(m.cannotEvaluate(), 1);
}

/** Whether a value counts as true for a breakpoint condition. */
export function isTrue(v: Value): boolean {
    return truthy(v);
}
