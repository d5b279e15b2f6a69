// `vmdef compare` through the real bundled CLI: the divergence printed with its line and both
// values and exit 1, a faithful technique exit 0, --json in LANGUAGE.md §13's shape (--states: both
// guest states at the divergence), Korean, a missed interrupt in words, and bad input as one
// located line (unknown VM with the closest name, a file with errors).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vmdef } from '../helpers/cli.js';

const PG = path.resolve('examples/popek-goldberg.vmdef');
let dir: string;

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-compare-'));
    fs.writeFileSync(path.join(dir, 'bad.vmdef'), 'hardware h { cpu 1 cores memory 1 GiB }\nvm v on nowhere { run p }\nprogram p { nop }\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vmdef compare', () => {
    it('prints where full diverges (the pushf, both values) and exits 1', () => {
        const r = vmdef(['compare', PG, '--vm', 'broken', '--under', 'full,binary']);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(1);
        expect(r.stdout.split('\n').slice(0, 4)).toEqual([
            expect.stringMatching(/^broken natively on pc: halted after 6 guest instruction\(s\), \d+ cycles$/),
            'full: diverges from native after `pushf` at examples/popek-goldberg.vmdef:41',
            '    [0xffffc]: native 2, virtualized 514 (0x202)',
            expect.stringMatching(/^binary: no divergence from native \(\d+ cycles, [\d.]+% over native\)$/),
        ]);
    });

    it('--json --states adds both guest states to a divergence (what VS Code shows side by side)', () => {
        const r = vmdef(['compare', PG, '--vm', 'broken', '--under', 'full', '--json', '--states']);
        expect(r.status).toBe(1);
        const at = JSON.parse(r.stdout).runs[0].at;
        expect(Object.keys(at)).toEqual(['file', 'line', 'instruction', 'what', 'native', 'virtual', 'states']);
        expect(at.states.native).toEqual({
            values: { r0: 0, r1: 0, r2: 0, r3: 0, r4: 0, r5: 0, r6: 0, r7: 0, sp: 0xffffc, zf: 0, sf: 0, if: 0 },
            console: '""', status: 'running',
        });
        expect(at.states.virtual).toMatchObject({ values: { sp: 0xffffc, if: 0 }, status: 'running' });
    });

    it('exits 0 when no technique diverges; --json has the shape of LANGUAGE.md §13; --lang ko', () => {
        const r = vmdef(['compare', PG, '--vm', 'fixed', '--under', 'binary,hardware', '--json']);
        expect(r.status).toBe(0);
        const report = JSON.parse(r.stdout);
        expect(Object.keys(report)).toEqual(['vm', 'native', 'runs']);
        expect(report.runs.map((run: Record<string, unknown>) => Object.keys(run))).toEqual([
            ['technique', 'diverged', 'at', 'cycles', 'overhead'], ['technique', 'diverged', 'at', 'cycles', 'overhead']]);
        expect(report.runs.map((run: { technique: string; at: unknown }) => [run.technique, run.at])).toEqual([['binary', null], ['hardware', null]]);
        const ko = vmdef(['compare', PG, '--vm', 'broken', '--under', 'full', '--lang', 'ko']);
        expect(ko.status).toBe(1);
        expect(ko.stdout).toContain('네이티브와 달라짐');
        expect(ko.stdout).toContain('[0xffffc]: 네이티브 2, 가상화 514 (0x202)');
    });

    it('an interrupt the technique keeps out: where native took it, and never (the popf hole), in both languages', () => {
        const file = path.resolve('examples/interrupts.vmdef');
        const r = vmdef(['compare', file, '--vm', 'v_full', '--under', 'full,hardware']);
        expect(r.status).toBe(1);
        expect(r.stdout.split('\n').slice(1, 4)).toEqual([
            'full: diverges from native after `popf` at examples/interrupts.vmdef:72',
            '    interrupt timer: native at instruction 2010, virtualized never',
            expect.stringMatching(/^hardware: no divergence from native/),
        ]);
        const json = JSON.parse(vmdef(['compare', file, '--vm', 'v_full', '--under', 'full', '--json']).stdout);
        expect(json.runs[0].at).toMatchObject({ what: 'interrupt timer', native: 'instruction 2010', virtual: 'never' });
        const ko = vmdef(['compare', file, '--vm', 'v_full', '--under', 'full', '--lang', 'ko']);
        expect(ko.stdout).toContain('interrupt timer: 네이티브 명령어 2010번째에서, 가상화 끝내 받지 못함');
    });

    it('bad input: no --vm, an unknown VM (the closest suggested), an unknown technique, a file with errors', () => {
        expect(vmdef(['compare', PG])).toMatchObject({ status: 2, stderr: expect.stringContaining('compare needs --vm NAME') });
        expect(vmdef(['compare', PG, '--vm', 'brokn'])).toMatchObject({ status: 2, stderr: "vmdef: no VM 'brokn' in these files; did you mean 'broken'?\n" });
        expect(vmdef(['compare', PG, '--vm', 'broken', '--under', 'full,magic'])).toMatchObject({ status: 2, stderr: expect.stringContaining("not 'magic'") });
        const bad = vmdef(['compare', path.join(dir, 'bad.vmdef'), '--vm', 'v']);
        expect(bad.status).toBe(1);
        expect(bad.stdout + bad.stderr).toMatch(/bad\.vmdef:2:\d+: error/);
        expect(vmdef(['compare', '--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('--strict-timing') });
    });
});
