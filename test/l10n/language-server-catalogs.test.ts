// The language server's catalogs cover what they describe: every `hw` command and every
// instruction of the grammar has its words in both languages, every kind of reference Langium
// can fail to link has a Korean word, and lookups by user text find only real entries.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HW_COMMANDS } from '../../language/isa.js';
import { hwCommandDoc, instructionHover } from '../../language/lsp/instruction-docs.js';
import { keywordHover } from '../../language/lsp/keyword-docs.js';
import { referenceKinds } from '../../language/syntax/messages.js';
import { withLocale } from '../../l10n/locale.js';

const HANGUL = /[\uac00-\ud7a3]/;
const grammar = fs.readFileSync(path.resolve(import.meta.dirname, '../../language/vmdef.langium'), 'utf8');

describe('language server catalogs', () => {
    it('describe every hw command and every instruction of the grammar, in English and in Korean', () => {
        for (const name of Object.keys(HW_COMMANDS)) {
            expect(withLocale('en', () => hwCommandDoc(name)), name).toMatch(/^[a-z].* /);
            expect(withLocale('ko', () => hwCommandDoc(name)), name).toMatch(HANGUL);
        }
        const opcodes = [...grammar.matchAll(/opcode=\(([^)]*)\)/g)].flatMap((m) => [...m[1].matchAll(/'(\w+)'/g)].map((o) => o[1]));
        expect(opcodes.length).toBeGreaterThan(40);
        for (const opcode of [...opcodes, 'syscall', 'hypercall']) {
            expect(withLocale('en', () => instructionHover(opcode)), opcode).toMatch(new RegExp(`^\\*\\*${opcode}\\*\\* — [a-z]`));
            expect(withLocale('ko', () => instructionHover(opcode)), opcode).toMatch(HANGUL);
        }
    });

    it('have a word for every type a reference can name', () => {
        const types = new Set([...grammar.matchAll(/\[(\w+):/g)].map((m) => m[1]));
        expect([...types].filter((t) => !Object.hasOwn(referenceKinds, t))).toEqual([]);
    });

    it('find nothing for user text that is no entry (Object.prototype included)', () => {
        for (const text of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
            expect(keywordHover(text)).toBeUndefined();
            expect(instructionHover(text)).toBeUndefined();
            expect(hwCommandDoc(text)).toBeUndefined();
        }
        expect(withLocale('ko', () => keywordHover('hardware', 'technique'))).toMatch(/^\*\*hardware\*\* — 하드웨어 지원 가상화/);
    });
});
