// Runs the same end-to-end suite in a desktop VS Code with @vscode/test-electron, where one is
// installed: VSCODE_PATH, or `code` on PATH (resolved to the Electron binary). This machine has
// none and cannot download one, so by default a missing VS Code is an error (exit 2);
// `--optional` turns it into an explanation and exit 0.
//
//   node test/e2e/run-electron.mjs [--optional]   (after `npm run build`)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from '../../scripts/e2e-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const optional = process.argv.includes('--optional');

/** The VS Code executable: VSCODE_PATH, or the binary behind `code` on PATH. */
function findVscode() {
    if (process.env.VSCODE_PATH) return fs.existsSync(process.env.VSCODE_PATH) ? process.env.VSCODE_PATH : undefined;
    let launcher;
    try {
        launcher = execFileSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).trim();
    } catch {
        return undefined;
    }
    if (!launcher) return undefined;
    const real = fs.realpathSync(launcher);
    // Linux packages: /usr/share/code/bin/code → /usr/share/code/code; macOS: .../Resources/app/bin/code → .../MacOS/Electron.
    const candidates = [path.join(path.dirname(real), '..', 'code'), path.join(path.dirname(real), '..', '..', '..', 'MacOS', 'Electron'), path.join(path.dirname(real), '..', 'Code.exe')];
    return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

const vscodeExecutablePath = findVscode();
if (!vscodeExecutablePath) {
    const message = 'no desktop VS Code found (set VSCODE_PATH to its executable, or put `code` on PATH); '
        + 'this machine runs the suite in code-server instead: npm run test:e2e';
    process.stderr.write(`e2e-electron: ${message}\n`);
    process.exit(optional ? 0 : 2);
}
for (const bundle of ['out/extension.cjs', 'out/server.js', 'out/cli.js']) {
    if (!fs.existsSync(path.join(root, bundle))) {
        process.stderr.write(`e2e-electron: ${bundle} is missing: run \`npm run build\` first\n`);
        process.exit(2);
    }
}

const suite = await buildSuite();
const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-e2e-electron-'));
try {
    await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: root,
        extensionTestsPath: suite,
        launchArgs: [path.join(root, 'examples'), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', userData],
        extensionTestsEnv: { VMDEF_E2E_ARTIFACTS: path.join(root, 'test-artifacts') },
    });
} catch (error) {
    process.stderr.write(`e2e-electron: ${error?.message ?? error}\n`);
    process.exitCode = 1;
} finally {
    fs.rmSync(userData, { recursive: true, force: true });
}
