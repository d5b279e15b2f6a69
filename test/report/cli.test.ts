// `vmdef report` through the bundled CLI (out/cli.js; `npm test` builds it first).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vmdef as run } from '../helpers/cli.js';

let dir: string;

const vmdef = (...args: string[]) => run(args);

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-report-cli-'));
});

afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

describe('vmdef report (CLI)', () => {
    it('writes the page, prints its path, and gives the same bytes every time', () => {
        const first = path.join(dir, 'a.html');
        const second = path.join(dir, 'b.html');
        expect(vmdef('report', 'examples/paravirt.vmdef', '-o', first)).toEqual({ status: 0, stdout: `${first}\n`, stderr: '' });
        expect(vmdef('report', 'examples/paravirt.vmdef', `--output=${second}`).status).toBe(0);
        const html = fs.readFileSync(first, 'utf8');
        expect(fs.readFileSync(second, 'utf8')).toBe(html);
        expect(html).toContain('<code>examples/paravirt.vmdef</code>');
        expect(html.match(/data-vm-card="([^"]*)"/g)).toEqual(['data-vm-card="pv"', 'data-vm-card="hvm"']);
        expect(html).toContain('<td>paravirtualization</td>');
    });

    it('passes --max-cycles to the simulator and --theme to the page', () => {
        const out = path.join(dir, 'limited.html');
        expect(vmdef('report', 'examples/paravirt.vmdef', '-o', out, '--max-cycles', '1000', '--theme', 'dark').status).toBe(0);
        const html = fs.readFileSync(out, 'utf8');
        expect(html).toContain('Cycle limit: 1,000');
        expect(html.match(/data-status="([^"]*)"/g)).toEqual(['data-status="limit"', 'data-status="limit"']);
        expect(html).toContain('<html lang="en" data-theme="dark">');
        expect(html).toMatch(/data-stat="cycles"><div class="value num">1,\d{3}</);
    });

    it('writes the page in the language of --lang or of LANG, the figures unchanged', () => {
        const english = path.join(dir, 'english.html');
        const korean = path.join(dir, 'korean.html');
        const fromLang = path.join(dir, 'from-lang.html');
        expect(vmdef('report', 'examples/paravirt.vmdef', '-o', english).status).toBe(0);
        expect(vmdef('report', '--lang', 'ko', 'examples/paravirt.vmdef', '-o', korean)).toEqual({ status: 0, stdout: `${korean}\n`, stderr: '' });
        expect(run(['report', 'examples/paravirt.vmdef', '-o', fromLang], undefined, undefined, { LANG: 'ko_KR.UTF-8' }).status).toBe(0);
        const html = fs.readFileSync(korean, 'utf8');
        expect(fs.readFileSync(fromLang, 'utf8')).toBe(html);
        expect(html).toContain('<html lang="ko">');
        expect(html).toContain('<td>반가상화</td>');
        expect(html).toContain('<h2 id="timeline-h">타임라인</h2>');
        const cycles = (page: string) => /data-stat="cycles"><div class="value num">([\d,]+)</.exec(page)?.[1];
        expect(cycles(html)).toBe(cycles(fs.readFileSync(english, 'utf8')));
    });

    it('refuses bad usage with one line and exit 2, writing nothing', () => {
        const out = path.join(dir, 'never.html');
        const cases: [string[], string][] = [
            [['report', '-o', out], 'vmdef: report needs at least one FILE\n'],
            [['report', 'examples/paravirt.vmdef', '-o', out, '--max-cycles', 'lots'], "vmdef: --max-cycles needs a positive whole number, not 'lots'\n"],
            [['report', 'examples/paravirt.vmdef', '-o', out, '--theme', 'blue'], "vmdef: --theme is auto, light or dark, not 'blue'\n"],
            [['report', 'examples/paravirt.vmdef', '-o'], 'vmdef: -o needs a value\n'],
            [['report', 'examples/paravirt.vmdef', '-o', out, '--frobnicate'], 'vmdef: unknown option --frobnicate\n'],
            [['report', 'examples/missing.vmdef', '-o', out], 'vmdef: examples/missing.vmdef: no such file or directory\n'],
            [['report', 'examples/paravirt.vmdef', '-o', path.join(dir, 'no/such/dir/r.html')], `vmdef: ${path.join(dir, 'no/such/dir/r.html')}: directory ${path.join(dir, 'no/such/dir')} does not exist\n`],
        ];
        for (const [args, stderr] of cases) {
            expect({ args, ...vmdef(...args) }).toEqual({ args, status: 2, stdout: '', stderr });
        }
        expect(fs.existsSync(out)).toBe(false);
    });

    it('prints the diagnostics of a file with errors and exits 1 without writing', () => {
        const out = path.join(dir, 'errors.html');
        const r = vmdef('report', 'examples/overcommit.vmdef', '-o', out);
        expect(r.status).toBe(1);
        expect(r.stdout.split('\n')).toContain('examples/overcommit.vmdef:16:5: error vcpus-exceed-host: VM \'db\' has 8 vCPUs but host \'small\' has 7 usable pCPUs (8 pCPUs − 1 reserved): it cannot boot');
        expect(fs.existsSync(out)).toBe(false);
    });
});

describe('vmdef report never loses a file (issue 10 item 11, issue 11 item 11)', () => {
    const example = fs.readFileSync('examples/hello-type1.vmdef', 'utf8');
    let folder: string;

    beforeAll(() => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-report-safety-'));
        fs.writeFileSync(path.join(folder, 'self.vmdef'), example);
        fs.mkdirSync(path.join(folder, 'sub'));
        fs.writeFileSync(path.join(folder, 'sub', 'other.vmdef'), '// nothing here\n');
        fs.symlinkSync(path.join(folder, 'self.vmdef'), path.join(folder, 'link.html'));
    });

    afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

    it('refuses to write over an input file, by any name, with exit 2 and one line', () => {
        const self = path.join(folder, 'self.vmdef');
        const cases: [string[], string][] = [
            [['report', self, '-o', self], self],
            [['report', self, '-o', path.join(folder, 'sub', '..', 'self.vmdef')], path.join(folder, 'sub', '..', 'self.vmdef')],
            [['report', self, '-o', path.join(folder, 'link.html')], path.join(folder, 'link.html')],
            [['report', folder, '--output', path.join(folder, 'sub', 'other.vmdef')], path.join(folder, 'sub', 'other.vmdef')],
        ];
        for (const [args, output] of cases) {
            expect({ args, ...vmdef(...args) }).toEqual({
                args, status: 2, stdout: '', stderr: `vmdef: ${output}: is an input file; refusing to write the report over it (choose another -o)\n`,
            });
        }
        expect(fs.readFileSync(self, 'utf8')).toBe(example);
        expect(fs.readFileSync(path.join(folder, 'sub', 'other.vmdef'), 'utf8')).toBe('// nothing here\n');
    });

    it('without -o writes FILE.html next to the first input (not into the current folder) and prints where', () => {
        const r = run(['report', path.join(folder, 'self.vmdef'), path.join(folder, 'sub', 'other.vmdef')], dir);
        expect(r).toEqual({ status: 0, stdout: `${path.join(folder, 'self.html')}\n`, stderr: '' });
        expect(fs.readFileSync(path.join(folder, 'self.html'), 'utf8')).toContain('data-vm-card="web"');
        expect(fs.existsSync(path.join(dir, 'report.html'))).toBe(false);
        const relative = run(['report', 'sub/other.vmdef', 'self.vmdef'], folder);
        expect(relative).toEqual({ status: 0, stdout: 'sub/other.html\n', stderr: '' });
        expect(fs.existsSync(path.join(folder, 'sub', 'other.html'))).toBe(true);
    });

    it('replaces an existing report by a rename (atomically), leaving no temporary file', () => {
        const out = path.join(folder, 'atomic.html');
        const before = path.join(folder, 'before.html');
        fs.writeFileSync(out, 'the previous report');
        fs.linkSync(out, before); // a second name of the old file: an in-place write would change it too
        expect(vmdef('report', path.join(folder, 'self.vmdef'), '-o', out).status).toBe(0);
        expect(fs.readFileSync(before, 'utf8')).toBe('the previous report');
        expect(fs.readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
        expect(fs.readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
});
