// Inside a real VS Code (code-server + headless Chromium, as the e2e suite runs): the
// extension's activation time and the time from opening a generated 1,000-VM file to its
// first diagnostics. The measurement itself is test/e2e/suite/09-bench.test.ts; this runs it
// through the e2e runner and reports the JSON it writes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function run(report) {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-bench-vscode-')), 'e2e-bench.json');
    const runner = spawnSync(process.execPath, ['scripts/e2e-code-server.mjs', '--bench', '--grep', 'bench'], {
        cwd: root,
        env: { ...process.env, VMDEF_E2E_BENCH_OUT: out },
        encoding: 'utf8',
        timeout: 15 * 60_000,
    });
    if (runner.status !== 0 || !fs.existsSync(out)) {
        throw new Error(`the e2e bench failed (exit ${runner.status}): ${(runner.stdout + runner.stderr).trim().split('\n').slice(-5).join(' | ')}`);
    }
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    const where = `${result.appName} ${result.vscode}, load average ${os.loadavg()[0].toFixed(1)}`;
    report({ name: 'VS Code: extension activation', value: result.activateMs, unit: 'ms', target: { max: 300 }, note: where });
    if (result.serverReadyMs !== null) report({ name: 'VS Code: language server ready', value: result.serverReadyMs, unit: 'ms', note: 'from activation' });
    report({
        name: `VS Code: open a ${result.vms.toLocaleString('en-US')}-VM file → first diagnostics`,
        value: result.firstDiagnosticsMs,
        unit: 'ms',
        target: { max: 2000 },
        note: `${result.lines.toLocaleString('en-US')} lines, ${(result.bytes / 1e6).toFixed(2)} MB, ${result.diagnostics} diagnostics`,
    });
}
