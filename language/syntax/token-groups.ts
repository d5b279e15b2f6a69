// What the parser may expect next, in words. Chevrotain reports expected tokens one by one —
// at the start of a statement that is every opcode, every register, every word that may be a
// name. Here sets of tokens that belong together are read off the grammar (the tokens a rule
// can start with), so a message can say "an instruction" or "a name" instead of 90 tokens,
// and stays right when the grammar gains a keyword.
import { GrammarAST, type Grammar } from 'langium';

/** What a group stands for; syntax/messages.ts words it ("an instruction", "a name" …). */
export type GroupKind = 'declaration' | 'instruction' | 'operand' | 'register' | 'number' | 'string' | 'name' | 'end';

/** A kind of thing the parser expects, and the tokens (by token type name) that start it. */
export interface TokenGroup {
    kind: GroupKind;
    tokens: ReadonlySet<string>;
}

interface First {
    tokens: Set<string>;
    /** The element can match nothing. */
    nullable: boolean;
}

/** The tokens `element` can start with (token type names: a keyword's text, a terminal's name). */
function firstOf(element: GrammarAST.AbstractElement | undefined, visiting: Set<GrammarAST.AbstractRule>): First {
    const optional = element?.cardinality === '?' || element?.cardinality === '*';
    const first = firstOfRequired(element, visiting);
    return optional ? { tokens: first.tokens, nullable: true } : first;
}

function firstOfRequired(element: GrammarAST.AbstractElement | undefined, visiting: Set<GrammarAST.AbstractRule>): First {
    if (!element) return { tokens: new Set(), nullable: true };
    if (GrammarAST.isKeyword(element)) return { tokens: new Set([element.value]), nullable: false };
    if (GrammarAST.isAssignment(element)) return firstOf(element.terminal, visiting);
    if (GrammarAST.isCrossReference(element)) return element.terminal ? firstOf(element.terminal, visiting) : { tokens: new Set(['ID']), nullable: false };
    if (GrammarAST.isRuleCall(element)) {
        const rule = element.rule.ref;
        if (!rule) return { tokens: new Set(), nullable: false };
        if (!GrammarAST.isParserRule(rule)) return { tokens: new Set([rule.name]), nullable: false };
        if (visiting.has(rule)) return { tokens: new Set(), nullable: false };
        visiting.add(rule);
        const first = firstOf(rule.definition, visiting);
        visiting.delete(rule);
        return first;
    }
    if (GrammarAST.isAlternatives(element) || GrammarAST.isUnorderedGroup(element)) {
        const tokens = new Set<string>();
        let nullable = false;
        for (const alternative of element.elements) {
            const first = firstOf(alternative, visiting);
            first.tokens.forEach((t) => tokens.add(t));
            nullable ||= first.nullable;
        }
        return { tokens, nullable };
    }
    if (GrammarAST.isGroup(element)) {
        const tokens = new Set<string>();
        for (const part of element.elements) {
            const first = firstOf(part, visiting);
            first.tokens.forEach((t) => tokens.add(t));
            if (!first.nullable) return { tokens, nullable: false };
        }
        return { tokens, nullable: true };
    }
    return { tokens: new Set(), nullable: true };
}

/** The tokens rule `name` of `grammar` can start with. */
export function firstTokensOf(grammar: Grammar, name: string): Set<string> {
    const rule = grammar.rules.find((r) => r.name === name);
    if (!rule || !GrammarAST.isParserRule(rule)) throw new Error(`the grammar has no parser rule ${name}`);
    return firstOf(rule.definition, new Set([rule])).tokens;
}

/**
 * What may come next inside rule `name`'s repeated parts (`(…)*`, `(…)+`): what could have
 * continued a block where the parser, finding none of it, expected the closing `}`. Lists
 * (`(',' …)*`) are left out: a comma is rarely what was meant.
 */
export function loopTokensOf(grammar: Grammar, name: string): Set<string> {
    const rule = grammar.rules.find((r) => r.name === name);
    const tokens = new Set<string>();
    if (!rule || !GrammarAST.isParserRule(rule)) return tokens;
    for (const element of walk(rule.definition)) {
        if (element.cardinality !== '*' && element.cardinality !== '+') continue;
        const first = firstOfRequired(element, new Set([rule])).tokens;
        if (first.has(',')) continue;
        first.forEach((t) => tokens.add(t));
    }
    return tokens;
}

/** The rules whose repeated part is a statement (`body+=Statement*`), and Statement itself. */
export function statementRules(grammar: Grammar): Set<string> {
    const names = new Set(['Statement']);
    for (const rule of grammar.rules) {
        if (!GrammarAST.isParserRule(rule)) continue;
        for (const element of walk(rule.definition)) {
            if (GrammarAST.isAssignment(element) && GrammarAST.isRuleCall(element.terminal) && element.terminal.rule.ref?.name === 'Statement') names.add(rule.name);
        }
    }
    return names;
}

/** Every keyword of the grammar that is a word (not punctuation such as `{` or `@`). */
export function wordKeywords(grammar: Grammar): Set<string> {
    const words = new Set<string>();
    for (const rule of grammar.rules) {
        if (!GrammarAST.isParserRule(rule)) continue;
        for (const node of walk(rule.definition)) if (GrammarAST.isKeyword(node) && /^[A-Za-z_]\w*$/.test(node.value)) words.add(node.value);
    }
    return words;
}

function* walk(element: GrammarAST.AbstractElement): Generator<GrammarAST.AbstractElement> {
    yield element;
    if (GrammarAST.isAssignment(element)) yield* walk(element.terminal);
    else if (GrammarAST.isAlternatives(element) || GrammarAST.isGroup(element) || GrammarAST.isUnorderedGroup(element)) {
        for (const child of element.elements) yield* walk(child);
    }
}

/**
 * The groups a message may name, in the order a message lists them. A set of expected tokens
 * that contains a whole group is described by the group's words (the largest groups first:
 * where a name may stand, every keyword may, and "a name" says it all).
 */
export function tokenGroups(grammar: Grammar): TokenGroup[] {
    const first = (rule: string) => firstTokensOf(grammar, rule);
    return [
        { kind: 'declaration', tokens: first('Element') },
        { kind: 'instruction', tokens: first('Instruction') },
        { kind: 'operand', tokens: first('Operand') },
        { kind: 'register', tokens: first('Register') },
        { kind: 'number', tokens: first('Num') },
        { kind: 'number', tokens: new Set(['-', 'INT']) },
        { kind: 'number', tokens: new Set(['INT']) },
        { kind: 'string', tokens: new Set(['STRING']) },
        { kind: 'name', tokens: new Set(['NAME']) },
        { kind: 'end', tokens: new Set(['EOF']) },
    ];
}
