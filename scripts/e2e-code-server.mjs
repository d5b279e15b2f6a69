// Runs the end-to-end suite inside a real VS Code, offline: code-server 4.99.4 (VS Code 1.99.3,
// installed on demand into ~/.cache/vmdef-e2e by e2e-install.mjs) opened in Debian's headless
// Chromium through playwright-core, with VS Code's own extension-development payload. The
// extension host's console comes back through codeAutomationLog, the suite's result through
// codeAutomationExit; screenshots are taken while the suite waits for them. See
// ../shared/VSCODE-E2E.md.
//
//   node scripts/e2e-code-server.mjs [--grep TEXT] [--bench] [--keep] [--vsix FILE] [--web]
//   --vsix: test the packaged extension (unpacked as VS Code installs it) instead of the tree.
//   --web: VS Code for the Web — the extension's `browser` entry in the workbench's web worker
//   extension host (a copy of the manifest without `main`), the suite test/e2e/web/, on a copy
//   of a few examples and the split-workspace fixture.
//   env: VMDEF_E2E_TIMEOUT_MS (default 600000), VMDEF_E2E_BENCH_OUT, CHROMIUM_PATH
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildSuite, buildWebSuite } from './e2e-build.mjs';
import { ensureCodeServer } from './e2e-install.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCREENSHOT_MARKER = '[vmdef-e2e:screenshot]';
/** The workbench's own chatter on every start; VMDEF_E2E_VERBOSE=1 shows it. */
const NOISE = /^(Creating a socket|Resolving connection token|Resolved connection token|Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|ChatSessionStore:|\[Service Worker\]|Creation of workbench contribution)/;
const args = process.argv.slice(2);
const option = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
};
const timeoutMs = Number(process.env.VMDEF_E2E_TIMEOUT_MS ?? 600_000);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = path.join(root, 'test-artifacts');
const web = args.includes('--web');

function log(message) {
    process.stderr.write(`e2e: ${message}\n`);
}

// the web suite compares with the CLI's output (webWorkspace)
const bundles = web ? ['out/extension.browser.js', 'out/server.browser.js', 'out/cli.js'] : ['out/extension.cjs', 'out/server.js', 'out/cli.js'];
for (const bundle of bundles) {
    if (!fs.existsSync(path.join(root, bundle))) {
        log(`${bundle} is missing: run \`npm run build\` first (npm run test:e2e does)`);
        process.exit(2);
    }
}
if (!fs.existsSync(chromiumPath)) {
    log(`no Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    process.exit(2);
}

const codeServer = ensureCodeServer();
const suite = web ? await buildWebSuite() : await buildSuite();
fs.mkdirSync(artifacts, { recursive: true });

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-e2e-'));
const workspace = web ? webWorkspace(path.join(temp, 'workspace')) : path.join(root, 'examples');
const extensionRoot = option('--vsix') ? unpackVsix(path.resolve(option('--vsix')), path.join(temp, 'vsix')) : web ? webOnlyCopy(path.join(temp, 'web-extension')) : root;
const userData = path.join(temp, 'user-data');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
// A quiet workbench: nothing opens by itself, nothing is restored, nothing phones home.
fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'window.restoreWindows': 'none',
    'files.hotExit': 'off',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'git.enabled': false,
    'editor.codeLens': true,
}, null, 2));
const configFile = path.join(temp, 'config.yaml');
fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
const serverLog = path.join(temp, 'code-server.log');

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const serverOut = fs.openSync(serverLog, 'a');
const server = spawn(process.execPath, [
    path.join(codeServer, 'out', 'node', 'entry.js'),
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened',
    '--user-data-dir', userData, '--extensions-dir', path.join(temp, 'extensions'),
    '--config', configFile, workspace,
], {
    detached: true, // its own process group: the extension host and language server die with it
    stdio: ['ignore', serverOut, serverOut],
    env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(temp, 'xdg-config'),
        XDG_DATA_HOME: path.join(temp, 'xdg-data'),
        EXTENSIONS_GALLERY: '{}',
        // Read by the suite in the extension host (test/e2e/suite/helpers.ts).
        VMDEF_E2E_ARTIFACTS: artifacts,
        VMDEF_E2E_SCREENSHOTS: '1',
        ...(args.includes('--bench') ? { VMDEF_E2E_BENCH: '1' } : {}),
        ...(option('--grep') ? { VMDEF_E2E_GREP: option('--grep') } : {}),
    },
});

let browser;
let finished = false;
const started = Date.now();

async function cleanUp() {
    await browser?.close().catch(() => {});
    killGroup(server.pid, 'SIGTERM');
    await waitForExit(server, 3000);
    killGroup(server.pid, 'SIGKILL');
    fs.closeSync(serverOut);
}

async function finish(code, reason) {
    if (finished) return;
    finished = true;
    if (reason) log(reason);
    await cleanUp();
    if (code !== 0) {
        log(`code-server log (${serverLog}):`);
        process.stderr.write(tail(fs.readFileSync(serverLog, 'utf8'), 200) + '\n');
    }
    if (!args.includes('--keep')) fs.rmSync(temp, { recursive: true, force: true });
    log(`${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(code);
}

const hardTimeout = setTimeout(() => void finish(1, `hard timeout: no result after ${timeoutMs / 1000} s`), timeoutMs);
hardTimeout.unref?.();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void finish(130, `stopped by ${signal}`));
server.on('exit', (code, signal) => void finish(1, `code-server exited early (${code ?? signal})`));

try {
    await waitForHealth(origin, 60_000);
    log(`code-server ${origin} is up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let screenshots = Promise.resolve();
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
        // The extension host's console.log arguments, printf-style like Node's console (mocha's reporter uses %s).
        const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
        const marker = text.indexOf(SCREENSHOT_MARKER);
        if (marker >= 0) {
            const name = text.slice(marker + SCREENSHOT_MARKER.length).trim().split(/\s+/)[0].replace(/[^\w.-]/g, '_');
            screenshots = screenshots.then(() => takeScreenshot(page, name));
            return;
        }
        if (!NOISE.test(text) || process.env.VMDEF_E2E_VERBOSE) process.stdout.write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', async (code) => {
        await screenshots;
        void finish(Number(code) === 0 ? 0 : 1, Number(code) === 0 ? undefined : `the suite exited with ${code}`);
    });
    page.on('pageerror', (error) => log(`workbench page error: ${error.message}`));
    const remote = (file) => `vscode-remote://127.0.0.1:${port}${file}`;
    const payload = [
        ['extensionDevelopmentPath', remote(extensionRoot)],
        ['extensionTestsPath', remote(web ? path.join(extensionRoot, 'out', 'test', path.basename(suite)) : suite)],
        ['skipWelcome', 'true'],
        ['skipReleaseNotes', 'true'],
    ];
    const url = `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log(`opening the workbench on ${workspace}, extension ${extensionRoot}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
} catch (error) {
    await finish(1, `could not start the suite: ${error?.message ?? error}`);
}

async function takeScreenshot(page, name) {
    const file = path.join(artifacts, `${name}.png`);
    const partial = `${file}.partial`;
    try {
        await page.screenshot({ path: partial, type: 'png' });
        fs.renameSync(partial, file); // the suite waits for the final name
        log(`screenshot ${path.relative(root, file)}`);
    } catch (error) {
        log(`screenshot ${name} failed: ${error?.message ?? error}`);
    }
}

/**
 * The extension as VS Code for the Web sees it: its manifest without `main`, so the workbench
 * can only run it in its web worker extension host (code-server runs an extension with both
 * entries in its Node extension host; the payload's `extensionDevelopmentKind: web` made no
 * difference to a development extension on the remote disk). Everything else is linked from the tree; the web suite is copied in, since the
 * workbench runs a suite in the extension host of the extension whose folder holds it.
 */
function webOnlyCopy(dir) {
    fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    delete manifest.main;
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    for (const entry of fs.readdirSync(root)) {
        if (['package.json', 'out', 'node_modules', '.git'].includes(entry)) continue;
        fs.symlinkSync(path.join(root, entry), path.join(dir, entry));
    }
    for (const bundle of ['extension.browser.js', 'server.browser.js']) fs.symlinkSync(path.join(root, 'out', bundle), path.join(dir, 'out', bundle));
    fs.cpSync(path.dirname(suite), path.join(dir, 'out', 'test'), { recursive: true });
    return dir;
}

/**
 * The web suite's folder: examples with annotations, and a split workspace (guest.vmdef's
 * hypervisor in host.vmdef); beside them, what `vmdef run` prints for the two runs the suite
 * makes (`*.cli.txt`), which the suite, with no process to spawn, finds in the output channel.
 */
function webWorkspace(dir) {
    fs.mkdirSync(dir, { recursive: true });
    for (const name of ['hello-type1.vmdef', 'overcommit.vmdef']) fs.copyFileSync(path.join(root, 'examples', name), path.join(dir, name));
    for (const name of ['guest.vmdef', 'host.vmdef']) fs.copyFileSync(path.join(root, 'test/fixtures/workspaces/split-run', name), path.join(dir, name));
    for (const files of [['hello-type1.vmdef'], ['guest.vmdef', 'host.vmdef']]) {
        const cli = spawnSync(process.execPath, [path.join(root, 'out', 'cli.js'), '--lang', 'en', 'run', ...files], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
        if (cli.status !== 0) throw new Error(`vmdef run ${files.join(' ')} failed: ${cli.stderr}`);
        fs.writeFileSync(path.join(dir, files[0].replace(/\.vmdef$/, '.cli.txt')), cli.stdout);
    }
    return dir;
}

/** A .vsix is a zip whose `extension/` folder is what VS Code installs. */
function unpackVsix(vsix, dir) {
    if (!fs.existsSync(vsix)) {
        log(`${vsix} does not exist: run \`npm run package\` first`);
        process.exit(2);
    }
    const result = spawnSync('unzip', ['-q', '-o', vsix, 'extension/*', '-d', dir], { encoding: 'utf8' });
    if (result.status !== 0) {
        log(`unzip ${vsix} failed (apt-get install -y unzip): ${result.stderr || result.error?.message}`);
        process.exit(2);
    }
    return path.join(dir, 'extension');
}

function freePort() {
    return new Promise((resolve, reject) => {
        const probe = net.createServer();
        probe.once('error', reject);
        probe.listen(0, '127.0.0.1', () => {
            const { port: free } = probe.address();
            probe.close(() => resolve(free));
        });
    });
}

async function waitForHealth(base, limitMs) {
    const deadline = Date.now() + limitMs;
    for (;;) {
        try {
            const response = await fetch(`${base}/healthz`);
            if (response.status === 200) return;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`code-server did not answer ${base}/healthz within ${limitMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
}

function killGroup(pid, signal) {
    try {
        process.kill(-pid, signal);
    } catch {
        // already gone
    }
}

function waitForExit(child, limitMs) {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
        const timer = setTimeout(resolve, limitMs);
        child.once('exit', () => {
            clearTimeout(timer);
            resolve();
        });
    });
}

function tail(text, lines) {
    return text.split('\n').slice(-lines).join('\n');
}
