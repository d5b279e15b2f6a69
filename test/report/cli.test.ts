// `vmdef report` through the bundled CLI (out/cli.js; `npm test` builds it first).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'out/cli.js');
let dir: string;

function vmdef(...args: string[]) {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run \`npm run build\` first (npm test does)`);
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

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
