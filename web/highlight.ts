// Highlighting for CodeMirror, derived from the TextMate grammar (syntaxes/vmdef.tmLanguage.json)
// so the playground colours words as VS Code does: every word pattern of the grammar
// (`\b(?:mov|add|…)\b`, `\b(hardware|program|os)…`) becomes a rule "this word → this scope",
// and the scope's first parts pick the CodeMirror tag. Keywords of the Langium grammar the
// TextMate grammar does not list (`syscall`, `monitor`, …) are keywords.
import { StreamLanguage, type StringStream } from '@codemirror/language';
import grammar from '../syntaxes/vmdef.tmLanguage.json';
import langiumKeywords from 'vmdef:keywords';

interface Pattern { name?: string; match?: string; captures?: Record<string, { name?: string }>; patterns?: Pattern[] }

/** TextMate scope prefix → CodeMirror tag (names from @lezer/highlight), most specific first. */
const SCOPE_TAGS: [string, string][] = [
    ['storage.type', 'definitionKeyword'],
    ['storage.modifier', 'modifier'],
    ['keyword.control', 'controlKeyword'],
    ['keyword.other.instruction', 'operatorKeyword'],
    ['keyword.other.unit', 'unit'],
    ['invalid', 'invalid'],
    ['support.function', 'variableName.standard'],
    ['support.constant', 'atom'],
    ['variable.language', 'variableName.special'],
    ['keyword', 'keyword'],
];

function tagOf(scope: string | undefined): string | undefined {
    return scope && SCOPE_TAGS.find(([prefix]) => scope.startsWith(prefix))?.[1];
}

/** `\b(?:a|r[0-7])\b` or `\b(a|b)\s+…` → its alternatives as anchored regexes. */
function wordAlternatives(match: string): RegExp[] {
    const group = /^\\b\((?:\?:)?([^()]+)\)/.exec(match);
    if (!group) return [];
    return group[1].split('|').filter((alt) => /^[\w[\]\-?]+$/.test(alt)).map((alt) => new RegExp(`^(?:${alt})$`));
}

function collectRules(patterns: Pattern[], rules: [RegExp, string][]): void {
    for (const p of patterns) {
        if (p.patterns) collectRules(p.patterns, rules);
        const tag = tagOf(p.name ?? p.captures?.['1']?.name);
        if (p.match && tag) for (const word of wordAlternatives(p.match)) rules.push([word, tag]);
    }
}

const rules: [RegExp, string][] = [];
collectRules(Object.values(grammar.repository as Record<string, Pattern>), rules);
const keywords = new Set(langiumKeywords);

function wordTag(word: string): string | undefined {
    return rules.find(([re]) => re.test(word))?.[1] ?? (keywords.has(word) ? 'keyword' : undefined);
}

interface State { inComment: boolean; afterDeclaration: boolean }

function token(stream: StringStream, state: State): string | null {
    if (state.inComment) {
        state.inComment = !stream.skipTo('*/');
        if (state.inComment) stream.skipToEnd();
        else stream.pos += 2;
        return 'comment';
    }
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
        stream.skipToEnd();
        return 'comment';
    }
    if (stream.match('/*')) {
        state.inComment = true;
        return token(stream, state) ?? 'comment';
    }
    if (stream.match(/^"([^"\\]|\\.)*("|$)/)) return 'string';
    if (stream.match(/^0x[0-9a-fA-F]+\b/) || stream.match(/^-?\d+(\.\d+)?/)) return 'number';
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/) as RegExpMatchArray | null;
    if (!word) {
        stream.next();
        return /[{}()[\]]/.test(stream.current()) ? 'bracket' : 'punctuation';
    }
    const text = word[0];
    if (state.afterDeclaration) {
        state.afterDeclaration = false;
        return 'typeName.definition';
    }
    const tag = wordTag(text);
    if (tag === 'definitionKeyword') state.afterDeclaration = true;
    if (tag) return tag;
    if (stream.match(/^\s*:/, false) && !stream.match(/^\s*:\s*(serial|disk|nic|timer|type1|type2)\b/, false)) return 'labelName';
    return 'variableName';
}

export const vmdefLanguage = StreamLanguage.define<State>({
    name: 'vmdef',
    startState: () => ({ inComment: false, afterDeclaration: false }),
    token,
    languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } },
});
