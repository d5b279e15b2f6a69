// `vmdef test` through the real bundled CLI: a line per expectation with the measured value,
// the summary, exit codes, `--json`, Korean, one simulation per folder, files with errors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vmdef } from '../helpers/cli.js';
import { countdown } from './countdown.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-test-'));

const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
};

beforeAll(() => {
    write('mixed/lab.vmdef', countdown('full', [
        '    expect status halted',
        '    expect console "3\\n2\\n1\\n"',
        '    expect exits.io <= 2',
        '    expect cycles.hypervisor < 10%',
        '    expect faithful',
    ].join('\n')));
    write('good/lab.vmdef', countdown('full', '    expect exits.hlt == 1\n    expect hypercalls.console_io == 0'));
    write('none/plain.vmdef', countdown('full', ''));
    write('broken/lab.vmdef', countdown('full', '    expect exits.oi == 0'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vmdef test', () => {
    it('prints pass or fail per expectation with the measured value, then the summary; exit 1 on a failure', () => {
        const r = vmdef(['test', 'mixed/lab.vmdef'], dir);
        expect(r.stderr).toBe('');
        expect(r.stdout.split('\n')).toEqual([
            'mixed/lab.vmdef:6:5: pass web: expect status halted — measured halted',
            'mixed/lab.vmdef:7:5: pass web: expect console "3\\n2\\n1\\n" — measured "3\\n2\\n1\\n"',
            'mixed/lab.vmdef:8:5: fail web: expect exits.io <= 2 — measured 3 exits',
            expect.stringMatching(/^mixed\/lab\.vmdef:9:5: fail web: expect cycles\.hypervisor < 10% — measured 9\d(\.\d)?% of the VM's cycles$/),
            // decided by comparing with native (lab/compare-source.ts): the countdown has no sensitive instruction
            'mixed/lab.vmdef:10:5: pass web: expect faithful — measured no divergence from native under full',
            '5 expectations: 3 passed, 2 failed',
            '',
        ]);
        expect(r.status).toBe(1);
    });

    it('--json: the counts and every expectation with its verdict and measured value', () => {
        const r = vmdef(['test', '--json', 'mixed/lab.vmdef'], dir);
        const report = JSON.parse(r.stdout);
        expect(report).toMatchObject({ passed: 3, failed: 2, notEvaluated: 0, diagnostics: [] });
        expect(report.expectations[2]).toEqual({
            file: 'mixed/lab.vmdef', line: 8, column: 5, vm: 'web', expect: 'exits.io <= 2', verdict: 'fail', measured: 3, message: '3 exits',
        });
        expect(report.expectations[1]).toMatchObject({ expect: 'console "3\\n2\\n1\\n"', verdict: 'pass', measured: '3\n2\n1\n' });
        expect(report.expectations[4]).toMatchObject({ expect: 'faithful', verdict: 'pass', measured: 'faithful' });
        expect(r.status).toBe(1);
    });

    it('--lang ko: the lines and summary in Korean, expectations as written', () => {
        const r = vmdef(['test', '--lang', 'ko', 'mixed/lab.vmdef'], dir);
        expect(r.stdout).toContain('mixed/lab.vmdef:8:5: 실패 web: expect exits.io <= 2 — 측정값 exit 3회\n');
        expect(r.stdout).toContain('통과 web: expect faithful — 측정값 full에서 네이티브와 어긋남 없음');
        expect(r.stdout.endsWith('기대값 5개: 통과 3, 실패 2\n')).toBe(true);
    });

    it('runs each folder as its own system (the same VM name in two); a folder with errors prints them, the others still run', () => {
        const r = vmdef(['test', 'good', 'mixed/lab.vmdef', 'none', 'broken'], dir);
        expect(r.stdout).toMatch(/^broken\/lab\.vmdef:6:12: error unknown-expect-path: 'exits\.oi' is no figure/m);
        expect(r.stdout).toContain('good/lab.vmdef:6:5: pass web: expect exits.hlt == 1 — measured 1 exit\n');
        expect(r.stdout).toContain('good/lab.vmdef:7:5: pass web: expect hypercalls.console_io == 0 — measured 0 hypercalls\n');
        expect(r.stdout).toContain('mixed/lab.vmdef:8:5: fail web');
        expect(r.stdout).toMatch(/^\S*none: no expect lines$/m);
        expect(r.stdout.endsWith('7 expectations: 5 passed, 2 failed\n')).toBe(true);
        expect(r.status).toBe(1);
    });

    it('exit 0 when every expectation passes; nothing to test is exit 1', () => {
        const good = vmdef(['test', 'good'], dir);
        expect(good.stdout.endsWith('2 expectations: 2 passed, 0 failed\n')).toBe(true);
        expect(good.status).toBe(0);
        const none = vmdef(['test', 'none'], dir);
        expect(none.stdout.endsWith('no expect lines in these files: nothing to test\n')).toBe(true);
        expect(none.status).toBe(1);
    });

    it('has its help; without a file it is a usage error', () => {
        const help = vmdef(['test', '--help']);
        expect(help.stdout.startsWith('usage: vmdef test ')).toBe(true);
        expect(help.stdout).toContain('  --json ');
        const usage = vmdef(['test']);
        expect(usage.status).toBe(2);
        expect(usage.stderr).toBe('vmdef: test needs at least one FILE\n');
    });
});
