// The language reference (docs/language.md) is complete and true: every keyword of the
// grammar, every instruction, hardware command and cost entry, and every diagnostic code the
// checker can produce is documented; every documented code still exists, and its one-line
// example really produces it, with the documented severity. Cost figures are those of the
// standard library.
import { AstUtils, GrammarAST } from 'langium';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VmdefGrammar } from '../../language/generated/grammar.js';
import { COST_NAMES, HW_COMMANDS } from '../../language/isa.js';
import { checkWorkspace, diagnosticsOf } from '../../language/workspace.js';
import { codesIn, collectDiagnosticCodes } from './diagnostic-codes.js';
import { documentedCodes, fences, inlineCode, readDoc, ROOT } from './markdown.js';

const REFERENCE = readDoc('docs/language.md');
const KOREAN_CODES = readDoc('docs/ko/diagnostics.md');

/** The text of a `## Heading` section, up to the next `## `. */
function section(heading: string): string {
    const start = REFERENCE.indexOf(`\n## ${heading}\n`);
    if (start < 0) throw new Error(`docs/language.md has no section '## ${heading}'`);
    const end = REFERENCE.indexOf('\n## ', start + 4);
    return REFERENCE.slice(start, end < 0 ? undefined : end);
}

/** Table rows of a text: their cells, trimmed (header and separator rows left out). */
function tableRows(text: string): string[][] {
    return text.split('\n').filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/.test(l))
        .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

function grammarKeywords(rule?: string): Set<string> {
    const grammar = VmdefGrammar();
    const roots = rule ? grammar.rules.filter((r) => r.name === rule) : grammar.rules;
    const words = new Set<string>();
    for (const root of roots) {
        for (const node of AstUtils.streamAllContents(root)) {
            if (GrammarAST.isKeyword(node) && /^[A-Za-z_]\w*$/.test(node.value)) words.add(node.value);
        }
    }
    return words;
}

describe('docs/language.md covers the grammar', () => {
    const codeWords = new Set([...inlineCode(REFERENCE), ...fences(REFERENCE).map((f) => f.body)]
        .flatMap((code) => code.match(/[A-Za-z_]\w*/g) ?? []));
    const keywords = [...grammarKeywords()].sort();

    it('reads the keywords from the grammar', () => {
        expect(keywords).toEqual(expect.arrayContaining(['hardware', 'hypervisor', 'vm', 'program', 'os', 'monitor', 'costs', 'mov', 'hypercall', 'hw']));
    });
    it('shows every keyword of the grammar in code', () => {
        expect(keywords.filter((k) => !codeWords.has(k))).toEqual([]);
    });
    it('has a row for every instruction in "Guest instructions"', () => {
        const documented = new Set(tableRows(section('Guest instructions')).flatMap((row) => codeSpans(row[0]).map((c) => c.split(/\s/)[0])));
        const opcodes = ['Op0', 'Op1', 'Op2', 'Jump', 'SyscallCall', 'HypercallCall', 'HwCommand'].flatMap((r) => [...grammarKeywords(r)]);
        expect(opcodes.length).toBeGreaterThan(40);
        expect(opcodes.filter((op) => !documented.has(op))).toEqual([]);
    });
});

describe('docs/language.md: hardware commands and costs', () => {
    it('documents every hardware command with its parameters, and no other', () => {
        const rows = tableRows(section('Hardware commands')).map((row) => codeSpans(row[0])[0]).filter((c) => c?.startsWith('hw '));
        const documented = Object.fromEntries(rows.map((c) => {
            const m = /^hw (\w+)\(([^)]*)\)$/.exec(c)!;
            return [m[1], m[2] ? m[2].split(/,\s*/) : []];
        }));
        expect(documented).toEqual(Object.fromEntries(Object.entries(HW_COMMANDS).map(([name, info]) => [name, info.params])));
    });

    it("documents every cost entry with the standard library's figures", () => {
        const stdlib = fs.readFileSync(path.join(ROOT, 'language', 'stdlib', 'costs.vmdef'), 'utf8');
        const presets = new Map<string, Record<string, number>>();
        for (const m of stdlib.replace(/\/\/.*$/gm, '').matchAll(/costs\s+(\w+)\s*\{([^}]*)\}/g)) {
            presets.set(m[1], Object.fromEntries([...m[2].matchAll(/(\w+)\s+(\d+)/g)].map((e) => [e[1], Number(e[2])])));
        }
        const rows = tableRows(section('Costs')).filter((row) => /^`\w+`$/.test(row[0]));
        const figure = (cell: string) => Number(cell.replace(/,/g, ''));
        expect(rows.map((row) => row[0].slice(1, -1)).sort()).toEqual([...COST_NAMES].sort());
        expect(Object.fromEntries(rows.map((row) => [row[0].slice(1, -1), figure(row[2])]))).toEqual(presets.get('modern'));
        expect(Object.fromEntries(rows.map((row) => [row[0].slice(1, -1), figure(row[3])]))).toEqual(presets.get('p4_2006'));
    });
});

describe('docs/language.md: diagnostic codes', () => {
    const produced = collectDiagnosticCodes();
    const documented = documentedCodes(REFERENCE);

    it('finds the codes in the source, in all the forms they are written', () => {
        // a `code:` property, an assignment to `.code`, the argument after a DiagnosticSeverity
        expect([...produced.keys()]).toEqual(expect.arrayContaining(['cpu-overcommit', 'syntax-error', 'undefined-label', 'guest-fault', 'unused-declaration']));
    });
    it('the collector follows constants, ternaries, shorthands and severity arguments', () => {
        const found = codesIn([{ file: 'language/a.ts', text: `
            const CODES = { overcommit: 'form-a' } as const;
            const ONE = 'form-b';
            accept('error', 'm', { node, code: CODES.overcommit });
            accept('error', 'm', { node, code: ONE });
            const code = flag ? 'form-c' : 'form-d';
            report({ code, message: 'not-a-code' });
            diagnostics[i].code = x ?? 'form-e';
            add(range, DiagnosticSeverity.Warning, 'form-f', \`message\`);
            const unrelated = { name: 'not-a-code-either' };
        ` }]);
        expect([...found.keys()].sort()).toEqual(['form-a', 'form-b', 'form-c', 'form-d', 'form-e', 'form-f']);
    });
    it('documents every code the checker and the server can produce', () => {
        expect([...produced.keys()].filter((code) => !documented.some((d) => d.code === code)).sort()).toEqual([]);
    });
    it('documents no code that no longer exists, and each once', () => {
        expect(documented.filter((d) => !produced.has(d.code)).map((d) => d.code)).toEqual([]);
        const seen = documented.map((d) => d.code);
        expect(seen.filter((c, i) => seen.indexOf(c) !== i)).toEqual([]);
    });

    // The preamble the examples assume, as the page shows it.
    const preamble = fences(section('Diagnostics')).find((f) => f.info === 'vmdef')?.body ?? '';
    const rows = tableRows(section('Diagnostics')).filter((row) => /^`[a-z-]+`$/.test(row[0]));
    // Codes produced only by the server come from on-save checks: `vmdef check` cannot show them.
    const checkable = rows.filter((row) => [...(produced.get(row[0].slice(1, -1)) ?? [])].some((f) => f.startsWith('language')));

    it('has a preamble and checkable examples', () => {
        expect(preamble).toContain('hypervisor hv');
        expect(checkable.length).toBeGreaterThan(30);
    });
    for (const row of checkable) {
        // a row may give one example per case of its "when" (each must give the code on its own)
        const [code, severity, examples] = [row[0].slice(1, -1), row[1], codeSpans(row[3])];
        it(`${code}: each of its examples gives it, as ${severity}`, async () => {
            expect(examples.length).toBeGreaterThan(0);
            for (const example of examples) {
                const file = path.join(ROOT, 'test', 'docs', `${code}.vmdef`);
                const workspace = await checkWorkspace([{ path: file, text: `${preamble}${example}\n` }]);
                const found = diagnosticsOf(workspace.documents[0]).filter((d) => d.code === code);
                const names = ['', 'error', 'warning', 'information', 'hint'];
                expect(found.map((d) => names[d.severity ?? 1]), example).toContain(severity);
            }
        });
    }
});

describe('docs/ko/diagnostics.md: the diagnostic table in Korean', () => {
    const SEVERITY: Record<string, string> = { 오류: 'error', 경고: 'warning', 정보: 'information', 힌트: 'hint' };
    const english = new Map(tableRows(section('Diagnostics')).filter((row) => /^`[a-z-]+`$/.test(row[0])).map((row) => [row[0].slice(1, -1), row]));
    const korean = tableRows(KOREAN_CODES).filter((row) => /^`[a-z-]+`$/.test(row[0]));
    const codes = korean.map((row) => row[0].slice(1, -1));

    it('has a row for every code of the reference, and no other, each once', () => {
        expect(english.size).toBeGreaterThan(40);
        expect([...english.keys()].filter((code) => !codes.includes(code))).toEqual([]);
        expect(codes.filter((code) => !english.has(code))).toEqual([]);
        expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
    });
    it('gives each code the severity and the example of the reference, and says when in Korean', () => {
        const wrong = korean.filter((row) => {
            const en = english.get(row[0].slice(1, -1));
            return !en || SEVERITY[row[1]] !== en[1] || codeSpans(row[3])[0] !== codeSpans(en[3])[0] || !/[\uac00-\ud7a3]/.test(row[2]);
        });
        expect(wrong.map((row) => row[0])).toEqual([]);
    });
});
