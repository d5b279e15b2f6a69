// Installs a real VS Code for the end-to-end suite, offline: code-server 4.99.4 (VS Code 1.99.3)
// from npm, into a cache OUTSIDE the package's dependencies (default ~/.cache/vmdef-e2e).
// Idempotent: a finished install leaves a marker and is reused. See ../shared/VSCODE-E2E.md.
//
//   node scripts/e2e-install.mjs        # prints the code-server folder
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.99.4';
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function cacheDirectory() {
    return process.env.VMDEF_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'vmdef-e2e');
}

export function codeServerDirectory() {
    return path.join(cacheDirectory(), 'node_modules', 'code-server');
}

function fail(message) {
    process.stderr.write(`e2e-install: ${message}\n`);
    process.exit(2);
}

function run(command, args, options = {}) {
    const result = spawnSync(command, args, { stdio: 'inherit', ...options });
    if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** `@vscode/ripgrep` downloads rg in its postinstall unless this tarball is in $TMPDIR. */
function provideRipgrepTarball() {
    const dir = path.join(os.tmpdir(), RIPGREP_CACHE);
    const tarball = path.join(dir, RIPGREP_TARBALL);
    if (fs.existsSync(tarball)) return;
    if (!fs.existsSync('/usr/bin/rg')) fail('ripgrep is missing: apt-get install -y ripgrep');
    fs.mkdirSync(dir, { recursive: true });
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-rg-'));
    fs.copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    run('tar', ['-czf', tarball, '-C', staging, 'rg']);
    fs.rmSync(staging, { recursive: true, force: true });
}

export function ensureCodeServer() {
    const cache = cacheDirectory();
    const server = codeServerDirectory();
    const marker = path.join(cache, `.installed-code-server-${CODE_SERVER_VERSION}`);
    if (fs.existsSync(marker) && fs.existsSync(path.join(server, 'out', 'node', 'entry.js'))) return server;

    if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) fail('libkrb5-dev is missing (kerberos needs gssapi.h): apt-get install -y libkrb5-dev');
    provideRipgrepTarball();
    fs.mkdirSync(cache, { recursive: true });
    const manifest = path.join(cache, 'package.json');
    if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, JSON.stringify({ name: 'vmdef-e2e-cache', private: true }, null, 2) + '\n');
    process.stderr.write(`e2e-install: installing code-server@${CODE_SERVER_VERSION} into ${cache} (about 300 MB, once)\n`);
    const started = Date.now();
    run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
        cwd: cache,
        env: {
            ...process.env,
            npm_config_unsafe_perm: 'true', // its postinstall refuses to run as root otherwise
            npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`, which would ask
            npm_config_update_notifier: 'false',
        },
    });
    if (!fs.existsSync(path.join(server, 'out', 'node', 'entry.js'))) fail(`code-server did not install into ${server}`);
    fs.writeFileSync(marker, new Date().toISOString() + '\n');
    process.stderr.write(`e2e-install: done in ${Math.round((Date.now() - started) / 1000)} s\n`);
    return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    process.stdout.write(ensureCodeServer() + '\n');
}
