// The token builder's two changes to Langium's (language/syntax/token-builder.ts): names as a
// token category, and longer alternatives computed with one partial-match expression per
// terminal — the same tokens otherwise.
import { DefaultTokenBuilder } from 'langium';
import { Lexer, type TokenType } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../language/workspace.js';
import { VmdefTokenBuilder } from '../../language/syntax/token-builder.js';

const grammar = createServices().Grammar;
const names = (tokens: TokenType[] | TokenType | undefined) => (Array.isArray(tokens) ? tokens : tokens ? [tokens] : []).map((t) => t.name);

describe('the token builder', () => {
    const ours = new VmdefTokenBuilder().buildTokens(grammar) as TokenType[];
    const langiums = new DefaultTokenBuilder().buildTokens(grammar) as TokenType[];

    it('gives every token the longer alternatives Langium gives it', () => {
        expect(ours.map((t) => t.name)).toEqual(langiums.map((t) => t.name));
        expect(ours.map((t) => [t.name, names(t.LONGER_ALT)])).toEqual(langiums.map((t) => [t.name, names(t.LONGER_ALT)]));
        expect(names(ours.find((t) => t.name === 'vm')!.LONGER_ALT)).toEqual(['ID']);
    });

    it('puts ID and every word keyword but the registers in the category NAME, which is never lexed', () => {
        const name = ours.find((t) => t.name === 'NAME')!;
        expect(name.PATTERN).toBe(Lexer.NA);
        const inCategory = ours.filter((t) => names(t.CATEGORIES).includes('NAME')).map((t) => t.name);
        expect(inCategory).toContain('ID');
        expect(inCategory).toEqual(expect.arrayContaining(['vm', 'hardware', 'mov', 'timer', 'syscall']));
        for (const register of ['r0', 'r7', 'sp', 'INT', 'STRING', '{', ':']) expect(inCategory).not.toContain(register);
    });
});
