// Nothing from a .vmdef file but validated integers reaches generated JavaScript: hostile
// labels, VM / program / OS / device names and strings (quotes, backticks, comment ends,
// template holes, newlines, HTML) and huge or odd numbers are looked at in the generated source
// itself, and the program still runs exactly as under the interpreter.
import { describe, expect, it } from 'vitest';
import { K, OP, type Code, type Instr } from '../../simulator/cpu/code.js';
import { Simulation } from '../../simulator/engine.js';
import { blockMap } from '../../simulator/fast/blocks.js';
import { FastExecutor, TranslatedCode } from '../../simulator/fast/executor.js';
import { int, int32, TranslationError } from '../../simulator/fast/splice.js';
import { translateRegion } from '../../simulator/fast/translate.js';
import { both, errorsOf, workspaceOf } from './compare.js';

const HOSTILE_STRINGS = [
    '\\"); process.exit(1); (\\"',
    '`${process.exit(1)}`',
    '*/ process.exit(1) /*',
    '${globalThis.pwned = 1}',
    'line\\nbreak\\r\\u2028',
    '</script><script>alert(1)</script>',
    "' + require('fs') + '",
];

const text = `
hardware __proto__ { cpu 1 cores @ 1 GHz memory 1 GiB device constructor: serial device toString: serial }
hypervisor valueOf: type1 on __proto__ { virtualization binary }
os hasOwnProperty {
    syscall eval(Function, globalThis) {
        mov r6, globalThis           // a parameter: read from the frame, never spliced
        cmp r6, Function
        mov r1, 0xffffffff
        add r1, 4294967295
process:
        and r1, 0xfffc
        store [r1], 2147483648
        inc r2
        cmp r2, 3
        jl process
        out Function, globalThis
    }
    syscall exit(code) {
        hlt
    }
}
vm prototype: hasOwnProperty on valueOf { memory 64 KiB devices constructor, toString run require }
program require {
        mov r3, -2147483648
        mov sp, 60000
${HOSTILE_STRINGS.map((s, i) => `        syscall eval(constructor, "${s}")\n        mov r3, 3\nreturn${i}:\n        add r5, 0x7fffffff\n        dec r3\n        jnz return${i}`).join('\n')}
window:
        mul r3, -1
        push r3
        pop r4
        syscall eval(toString, r4)
        syscall exit(0)
}
`;

const ALLOWED_WORDS = new Set([
    'let', 'const', 'out', 'for', 'switch', 'case', 'default', 'break', 'continue', 'if', 'return', 'undefined', 'true',
    'R', 'F', 'X', 'T', 'C', 'PV', 'pv', 'PG', 'MP', 'EMPTY', 'zf', 'sf', 'fr', 'pc', 'left', 'st', 'a', 'p', 't', 'g', 'need',
    'pages', 'maxPage', 'calls', 'get', 'push', 'pop', 'length', 'Math', 'imul',
    'r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'co', 'CO', 'fz', 'FZ', 'nt', 'NT', 'tq', 'TQ', 'ifl', 'hc', 'h',
    // the page slots (translate.ts): one per address register, `k` for constant addresses
    ...['0', '1', '2', '3', '4', '5', '6', '7', '8', 'k'].flatMap((slot) => [`p${slot}`, `w${slot}`]),
]);
/** A parameter's page slot (`pq0`, `wq0`: its number spliced as a validated integer). */
const PARAM_SLOT = /^[pw]q\d+$/;

/** Every identifier is from the translator's fixed vocabulary, every number a safe int32. */
function expectOnlyIntegersAndFixedText(source: string): void {
    const words = source.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? [];
    expect([...new Set(words.filter((w) => !ALLOWED_WORDS.has(w) && !PARAM_SLOT.test(w)))]).toEqual([]);
    expect(source).not.toMatch(/["'`\\]|\/\*|\/\/|\$\{/);
    for (const n of source.match(/\b\d+\b/g) ?? []) {
        expect(Number.isSafeInteger(Number(n)) && Math.abs(Number(n)) <= 2 ** 31, n).toBe(true);
    }
}

describe('generated code holds only validated integers', () => {
    it('hostile names, labels and strings never reach the source, and the program runs as under the interpreter', async () => {
        const workspace = await workspaceOf([{ path: '/hostile/prototype.vmdef', text }]);
        expect(errorsOf(workspace)).toEqual([]);
        const sim = Simulation.create(workspace, { engine: 'fast' });
        const fast = sim.executor as FastExecutor;
        const result = sim.run();
        const prototype = result.vms[0];
        // the strings arrived on the console, byte for byte, through the string table
        expect(prototype.console).toContain('`${process.exit(1)}`');
        expect(prototype.console).toContain('*/ process.exit(1) /*');
        expect(prototype.console).toContain('</script>');
        expect(prototype.status).toBe('halted');
        const sources = sim.codes.flatMap((code) => fast.translated(code).regions().map((r) => r.source));
        expect(sources.length).toBeGreaterThanOrEqual(2);
        const all = sources.join('\n');
        for (const s of sources) expectOnlyIntegersAndFixedText(s);
        for (const name of ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'require', 'eval', 'Function', 'globalThis', 'process', 'window', 'return0', 'script']) {
            expect(all, name).not.toContain(name);
        }
        // the odd immediates arrived as int32 (0xffffffff and 4294967295 are −1; 2147483648 → −2147483648)
        expect(all).toContain('-2147483648');
        expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
        const { exact, fast: again } = both(workspace, { trace: true });
        expect(again).toEqual(exact);
    });

    it('refuses to splice anything but an integer in range', () => {
        expect(int32(-5)).toBe('(-5)');
        expect(int32(2147483647)).toBe('2147483647');
        for (const bad of [NaN, Infinity, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, '1); evil(' as unknown as number, {} as unknown as number]) {
            expect(() => int32(bad), String(bad)).toThrow(TranslationError);
        }
        expect(() => int(9, 0, 8)).toThrow(TranslationError);
    });

    it('a tampered instruction is stepped by the machine, never translated; a tampered table index throws', () => {
        const loc = { file: '/x', line: 1, column: 1 };
        const ins = (op: number, fields: Partial<Instr>): Instr => ({
            op, cls: 0, ak: K.none, av: 0, bk: K.none, bv: 0, mk: K.none, mv: 0, target: -1, name: '', argk: [], argv: [], loc, bp: false, ...fields,
        } as Instr);
        const instrs = [
            ins(OP.mov, { ak: K.reg, av: 1, bk: K.imm, bv: '0); globalThis.pwned = 1; (' as unknown as number }),
            ins(OP.mov, { ak: K.reg, av: 9, bk: K.imm, bv: 1 }),
            ins(OP.add, { ak: K.reg, av: 1, bk: K.imm, bv: 2 ** 40 }),
            ins(OP.jmp, { target: 1e9 }),
            ins(OP.inc, { ak: K.reg, av: 2 }),
        ];
        const code = { id: 0, kind: 'program', name: 'x', file: '/x', params: [], instrs, leaders: new Uint8Array(6).fill(0), blockOf: new Int32Array(6), blocks: 1 } as Code;
        code.leaders[0] = 1;
        const map = blockMap(code);
        expect([...map.fast.slice(0, 5)]).toEqual([0, 0, 0, 0, 1]);
        const region = translateRegion(code, map, 0, false);
        expectOnlyIntegersAndFixedText(region.source);
        expect(region.source).not.toContain('pwned');
        (code.blockOf as Int32Array)[4] = -7;
        code.leaders[4] = 1;
        expect(() => translateRegion(code, blockMap(code), 4, true)).toThrow(TranslationError);
        // the executor does not crash on it: that entry runs in the exact interpreter instead
        expect(new TranslatedCode(code).region(4, true)).toBeUndefined();
        expect(new TranslatedCode(code).region(4, false)).toBeDefined();
    });
});
