// Syntax errors as sentences: what was expected (a few words, or a kind such as "a name"),
// what was found, and "did you mean …?" when a close word was expected. Chevrotain's own
// messages list every token sequence the parser could take ("Expecting: one of these possible
// Token sequences: 1. [full] …"). Both providers replace Langium's defaults
// (vmdef-module.ts); every message is built here, in the words of syntax/messages.ts (the
// process's locale at parse time: the document factory parses again when it changes).
import type { Grammar } from 'langium';
import type { ILexerErrorMessageProvider, IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { closestWord } from '../did-you-mean.js';
import { loopTokensOf, statementRules, tokenGroups, type GroupKind, type TokenGroup } from './token-groups.js';
import { syntaxMessages as m } from './messages.js';

/** Quoted user text is cut after this many characters (a 1 MB identifier stays one line). */
const QUOTE_LIMIT = 40;

/** `text` in backquotes, cut on a character boundary (never half a UTF-16 surrogate pair). */
export function quote(text: string): string {
    const characters = Array.from(text.replace(LONE_SURROGATE, '\uFFFD'));
    const shown = characters.length > QUOTE_LIMIT ? `${characters.slice(0, QUOTE_LIMIT).join('')}…` : text;
    return `\`${shown}\``;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Langium appends a zero-width space to the rule names it gives Chevrotain. */
const ruleOf = (ruleName: string) => ruleName.replace(/\u200B/g, '');

const isWord = (text: string) => /^[A-Za-z_]\w*$/.test(text);

/** "a, b or c". */
function listing(items: string[]): string {
    return items.length <= 1 ? (items[0] ?? '') : m.or(items.slice(0, -1).join(', '), items[items.length - 1]);
}

/** What the parser expects, in words: a group of tokens, or a label where a statement starts. */
type Expected = GroupKind | 'label';

const WORDS: Record<Expected, () => string> = {
    declaration: m.declaration, instruction: m.instruction, label: m.label, operand: m.operand, register: m.register,
    number: m.number, string: m.string, name: m.name, end: m.end,
};

export class VmdefParserErrorMessageProvider implements IParserErrorMessageProvider {
    private readonly groups: TokenGroup[];
    /** Token type names that are terminals (ID, INT, ...), not keywords. */
    private readonly terminals: Set<string>;

    private readonly grammar: Grammar;
    /** Rules where a word starting a statement is an instruction or a label. */
    private readonly statementRules: Set<string>;

    constructor(grammar: Grammar) {
        this.grammar = grammar;
        this.groups = tokenGroups(grammar);
        this.statementRules = statementRules(grammar);
        this.terminals = new Set(grammar.rules.filter((r) => r.$type === 'TerminalRule').map((r) => r.name));
        this.terminals.add('EOF');
    }

    buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        const { expected, actual, previous, ruleName } = options;
        // `mvo r1, r2`: a word that is no instruction reads as a label, and the label lacks its colon.
        if (ruleOf(ruleName) === 'Label' && expected.name === ':' && previous && isWord(previous.image)) {
            const instruction = closestWord(previous.image, this.group('instruction'));
            return instruction ? m.notAnInstructionGuess(quote(previous.image), quote(instruction)) : m.notAnInstruction(quote(previous.image));
        }
        // A block ended where its closing `}` was expected: say what could have come instead.
        const alternatives = expected.name === '}' ? [...loopTokensOf(this.grammar, ruleOf(ruleName))] : [];
        return this.expectedFound([...alternatives, expected.name], actual, previous, ruleName);
    }

    buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return this.expectedFound([...this.group('declaration')], options.firstRedundant, undefined);
    }

    buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
        const expected = options.expectedPathsPerAlt.flatMap((paths) => paths.map((path) => path[0]?.name)).filter((n): n is string => !!n);
        if (ruleOf(options.ruleName) === 'Address' && options.actual[0]?.image === '[') return m.nestedMemoryOperand();
        return this.expectedFound(expected, options.actual[0], options.previous, options.ruleName);
    }

    buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
        const expected = options.expectedIterationPaths.map((path) => path[0]?.name).filter((n): n is string => !!n);
        return this.expectedFound(expected, options.actual[0], options.previous, options.ruleName);
    }

    private group(kind: GroupKind): ReadonlySet<string> {
        return this.groups.find((g) => g.kind === kind)?.tokens ?? new Set();
    }

    /** "expected X after `kw`, found Y; did you mean Z?" */
    private expectedFound(expected: string[], actual: IToken | undefined, previous: IToken | undefined, ruleName = ''): string {
        const described = this.describeExpected(expected, ruleName);
        const after = previous && !Number.isNaN(previous.startOffset) && isWord(previous.image) && !this.terminals.has(previous.tokenType?.name ?? '')
            ? quote(previous.image) : '';
        const expectedWords = listing(described.parts);
        // The found token could start what was expected, but what follows it does not fit (no
        // alternative matched further on): say so rather than claim it was not expected.
        if (actual && expected.includes(actual.tokenType?.name ?? '')) return m.expectedStartsOne(expectedWords, after, quote(actual.image));
        const found = this.describeFound(actual);
        const word = actual && isWord(actual.image) ? actual.image : undefined;
        const guess = word ? closestWord(word, described.suggestions) : undefined;
        return guess && guess !== word ? m.expectedFoundGuess(expectedWords, after, found, quote(guess)) : m.expectedFound(expectedWords, after, found);
    }

    /** The expected tokens as groups and single words; the keywords a guess may name. */
    private describeExpected(expected: string[], ruleName: string): { parts: string[]; suggestions: string[] } {
        const unique = [...new Set(expected)];
        const all = new Set(unique);
        const covered = new Set<string>();
        const chosen = new Set<TokenGroup>();
        const applicable = this.groups.filter((g) => g.tokens.size > 0 && [...g.tokens].every((t) => all.has(t)));
        for (const group of [...applicable].sort((a, b) => b.tokens.size - a.tokens.size)) {
            if ([...group.tokens].every((t) => covered.has(t))) continue;
            group.tokens.forEach((t) => covered.add(t));
            chosen.add(group);
        }
        const kinds: Expected[] = [...new Set(this.groups.filter((g) => chosen.has(g)).map((g) => g.kind))];
        // Where a statement starts (an instruction may come), a word is an instruction or a
        // label's name; elsewhere in the same rule (`program NAME {`) a name is a name.
        const statementStart = applicable.some((g) => g.kind === 'instruction');
        if (statementStart && this.statementRules.has(ruleOf(ruleName)) && kinds.includes('name')) kinds.splice(kinds.indexOf('name'), 1, 'instruction', 'label');
        const single = unique.filter((t) => !covered.has(t));
        const parts = [...new Set([...kinds.map((k) => WORDS[k]()), ...single.map((t) => (this.terminals.has(t) ? this.terminalWord(t) : quote(t)))])];
        const suggestions = single.filter((t) => !this.terminals.has(t) && isWord(t));
        if (kinds.includes('instruction')) suggestions.push(...this.group('instruction'));
        return { parts, suggestions };
    }

    private terminalWord(name: string): string {
        switch (name) {
            case 'ID': case 'NAME': return m.name();
            case 'INT': case 'DECIMAL': return m.number();
            case 'STRING': return m.string();
            case 'EOF': return m.end();
            default: return name;
        }
    }

    private describeFound(token: IToken | undefined): string {
        if (!token || token.tokenType?.name === 'EOF' || Number.isNaN(token.startOffset)) return m.end();
        if (token.tokenType?.name === 'STRING') return m.theString(quote(token.image));
        return quote(token.image);
    }
}

export class VmdefLexerErrorMessageProvider implements ILexerErrorMessageProvider {
    buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        const skipped = Array.from(fullText.substr(startOffset, Math.max(length, 1)));
        if (skipped.length === 1) {
            const code = skipped[0].codePointAt(0)!;
            return m.unexpectedCharacter(quote(skipped[0]), code.toString(16).toUpperCase().padStart(4, '0'));
        }
        return m.unexpectedCharacters(quote(skipped.join('')));
    }

    buildUnableToPopLexerModeMessage(token: IToken): string {
        return m.unexpected(quote(token.image));
    }
}
