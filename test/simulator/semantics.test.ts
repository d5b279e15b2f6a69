// The simple instructions are defined once (simulator/cpu/semantics.ts): the interpreter's inner
// loop is generated from that table, the translator splices its text, the machine runs functions
// built from it. These tests pin the table's meaning and what the generated loop may contain.
import { describe, expect, it } from 'vitest';
import { K, OP } from '../../simulator/cpu/opcodes.js';
import { alu, divideFaults, flagsNumber, jumpTaken, SIMPLE, statementText, takenText } from '../../simulator/cpu/semantics.js';
import { FAST_FORMS, fastForm } from '../../simulator/cpu/fast-forms.js';
import { PAGED_LOOP_SOURCE, SIMPLE_LOOP_SOURCE } from '../../simulator/cpu/simple-loop.js';

const JUMPS = Object.keys(SIMPLE).map(Number).filter((op) => SIMPLE[op].taken);

describe('the semantics table', () => {
    it('computes int32 arithmetic as x86 does (wrap, truncating idiv, logical shr, exact cmp)', () => {
        expect(alu(OP.add, 0x7fffffff, 1)).toBe(-2147483648);
        expect(alu(OP.mul, 65536, 65536)).toBe(0);
        expect(alu(OP.div, -7, 2)).toBe(-3);
        expect(alu(OP.mod, -7, 2)).toBe(-1);
        expect(alu(OP.shr, -1, 28)).toBe(15);
        expect(alu(OP.shl, 1, 33)).toBe(2);
        expect(alu(OP.dec, -2147483648, 0)).toBe(2147483647);
        expect(alu(OP.mov, 5, 9)).toBe(9);
        // cmp: the exact difference, so INT_MIN < 1 although INT_MIN − 1 wraps to INT_MAX
        expect(flagsNumber(OP.cmp, -2147483648, 1)).toBeLessThan(0);
        expect([divideFaults(OP.div, 1, 0), divideFaults(OP.mod, -2147483648, -1), divideFaults(OP.div, -2147483648, 1), divideFaults(OP.add, 1, 0)])
            .toEqual([true, true, false, false]);
    });

    it('derives each jump condition over the flags number from the same definition the machine uses', () => {
        const states: Array<[number, boolean, boolean]> = [[0, true, false], [-3, false, true], [4, false, false]];
        for (const op of JUMPS) {
            const test = new Function('fr', `return ${takenText(op)};`) as (fr: number) => boolean;
            for (const [fr, zf, sf] of states) expect(test(fr), `op ${op} fr ${fr}`).toBe(jumpTaken(op, zf, sf));
        }
        expect(takenText(OP.jle)).toBe('(fr <= 0)');
    });

    it('writes a division guard that leaves before the instruction', () => {
        expect(statementText(OP.div, 'r1', 'r1', 'r2', 'LEAVE')).toBe('if (r2 === 0 || (r1 === -2147483648 && r2 === -1)) LEAVE r1 = fr = (r1 / r2) | 0;');
        expect(statementText(OP.cmp, '', 'r1', '7', 'LEAVE')).toBe('fr = r1 - 7;');
    });
});

describe("the interpreter's generated inner loop", () => {
    it.each([['plain', SIMPLE_LOOP_SOURCE], ['paged', PAGED_LOOP_SOURCE]])('%s: has a case for every fast form and only fixed text and integers', (_, source) => {
        const words = new Set(source.match(/[A-Za-z_$][A-Za-z0-9_$]*/g));
        expect([...words].filter((w) => !ALLOWED.has(w))).toEqual([]);
        expect(source).not.toMatch(/["'`\\]|\/\*|\/\/|\$\{/);
        for (let n = 1; n < FAST_FORMS.length; n++) expect(source).toContain(`case ${n}: {`);
    });

    it('counts memory accesses only in the paged loop (the counter slows the plain one)', () => {
        expect(SIMPLE_LOOP_SOURCE).not.toContain('h++');
        expect(PAGED_LOOP_SOURCE.split('h++').length - 1).toBe(2);
    });

    it('gives each operand shape its own form, and none to what the machine must run', () => {
        const ins = (op: number, ak: number, bk: number, target = -1) => ({ op, ak, bk, mk: K.none, target });
        const rr = fastForm(ins(OP.add, K.reg, K.reg), 5);
        const ri = fastForm(ins(OP.add, K.reg, K.imm), 5);
        expect(rr).not.toBe(ri);
        expect(FAST_FORMS[rr]).toEqual({ op: OP.add, shape: 'rr' });
        expect(fastForm(ins(OP.add, K.param, K.imm), 5)).toBe(0);
        expect(fastForm(ins(OP.jz, K.none, K.none, 5), 5)).toBe(0);
        expect(FAST_FORMS[fastForm(ins(OP.jz, K.none, K.none, 4), 5)]).toEqual({ op: OP.jz, shape: 'jump' });
        expect(fastForm(ins(OP.out, K.dev, K.imm), 5)).toBe(0);
    });
});

const ALLOWED = new Set([
    'let', 'const', 'fast', 'while', 'switch', 'case', 'default', 'break', 'if', 'return', 'undefined',
    'pc', 'fr', 'k', 'a', 'tp', 'ta', 's', 'limit', 'breakpoints', 'pages', 'memoryLimit', 'bp', 'PG', 'ML', 'EMPTY',
    'instrs', 'ins', 'regs', 'av', 'bv', 'mk', 'mv', 'bk', 'target', 'get', 'page', 'Math', 'imul', 'h', 'hits',
]);
