// The language server with a second real client: Neovim, headless (Debian 12 ships 0.7.2;
// scripts/system-deps.sh installs it). test/lsp/neovim/client.lua starts out/server.js over
// stdio, opens a split workspace's file with errors and writes what Neovim shows to a JSON
// file. Run twice: as Neovim answers registrations (null) and as a strict client refusing them
// with an error — Langium's unawaited registration used to end the server then (issue 10).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_BUNDLE } from '../helpers/lsp-client.js';

const CLIENT = path.join(import.meta.dirname, 'neovim', 'client.lua');

function neovimVersion(): string | undefined {
    const found = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    return found.status === 0 ? /NVIM v([\d.]+)/.exec(found.stdout)?.[1] : undefined;
}

const version = neovimVersion();
if (!version && process.env.CI) throw new Error('nvim is missing: scripts/system-deps.sh installs it (apt-get install neovim); in CI this test must run');
if (!version) console.warn('test/lsp/neovim.test.ts skipped: nvim is not installed (apt-get install neovim; in CI it is required)');

const HOST = (hv: string) => `hardware box { cpu 4 cores memory 8 GiB device com1: serial }
hypervisor ${hv}: type1 on box
`;
const VMS = `vm web: linux on hv { vcpus 1 memory 1 GiB devices com1 run hello }
program hello {
loop:   syscall write(com1, 1)
        jnz lop
        syscall exit(0)
}
// 😀 in a comment is fine, outside it is not:
😀
`;

interface Seen {
    line: number;
    col: number;
    code: string;
    severity: number;
    message: string;
}

interface NeovimResult {
    error?: string;
    published: boolean;
    diagnostics: Seen[];
    hover: string | null;
    noticed_change: boolean;
    changed: Seen[];
    alive: boolean;
    exit_code?: number;
    events: string[];
}

const folders: string[] = [];
afterAll(() => {
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

function runNeovim(refuseRegistrations: boolean): NeovimResult {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-nvim-'));
    folders.push(folder);
    fs.writeFileSync(path.join(folder, 'host.vmdef'), HOST('hv'));
    fs.writeFileSync(path.join(folder, 'vms.vmdef'), VMS);
    const out = path.join(folder, 'result.json');
    const hoverLine = VMS.split('\n')[0];
    const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${CLIENT}`], {
        cwd: folder,
        encoding: 'utf8',
        timeout: 90_000,
        env: {
            ...process.env,
            VMDEF_NODE: process.execPath,
            VMDEF_SERVER: SERVER_BUNDLE,
            VMDEF_ROOT: folder,
            VMDEF_FILE: path.join(folder, 'vms.vmdef'),
            VMDEF_OUT: out,
            VMDEF_REFUSE: refuseRegistrations ? '1' : '0',
            VMDEF_HOVER_LINE: '0',
            VMDEF_HOVER_COL: String(hoverLine.indexOf('vcpus') + 1),
            VMDEF_CHANGE_FILE: path.join(folder, 'host.vmdef'),
            VMDEF_CHANGE_TEXT: HOST('renamed'),
            VMDEF_CHANGE_CODE: 'unresolved-reference',
        },
    });
    if (!fs.existsSync(out)) throw new Error(`Neovim wrote no result (status ${run.status}, signal ${run.signal}): ${run.stderr}${run.stdout}`);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as NeovimResult;
}

const lines = (seen: Seen[]) => seen.map((d) => [d.line, d.code]).sort();

describe.skipIf(!version)(`Neovim ${version ?? '(absent)'} as the language client`, () => {
    if (!fs.existsSync(SERVER_BUNDLE)) execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: path.resolve(import.meta.dirname, '..', '..') });

    it.each([
        ['answering registrations as Neovim does', false],
        ['refusing registrations with an error', true],
    ])('shows the diagnostics, hovers, and follows a file changed on disk — %s', (_how, refuse) => {
        const result = runNeovim(refuse);
        expect(result.error).toBeUndefined();
        // Neovim's JSON decoder took every notification (none carries half a surrogate pair)
        expect(result.published).toBe(true);
        expect(lines(result.diagnostics)).toEqual([[3, 'undefined-label'], [7, 'syntax-error']]);
        expect(result.diagnostics.find((d) => d.code === 'undefined-label')).toMatchObject({ col: 12, severity: 1 });
        expect(result.hover).toMatch(/^\*\*vcpus\*\* — the number of virtual CPUs/);
        // the server watched host.vmdef itself: Neovim 0.7 cannot register a file watcher
        expect(result.noticed_change).toBe(true);
        // (its hypervisor gone, the VM's device is unknown too)
        expect(lines(result.changed)).toEqual([[0, 'unknown-device'], [0, 'unresolved-reference'], [3, 'undefined-label'], [7, 'syntax-error']]);
        expect(result.alive).toBe(true);
        expect(result.exit_code).toBe(0);
        // nothing asked: Neovim 0.7 announces no dynamic registration (the server used to ask anyway, and die of the refusal)
        expect(result.events).toEqual([]);
    }, 120_000);
});
