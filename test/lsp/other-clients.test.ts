// The server with clients that are not VS Code (issue 10, "Other editors"): a client that refuses
// registrations, settings passed in initializationOptions / didChangeConfiguration, files changed
// on disk when the client does not watch them, messages a strict JSON decoder accepts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ClientCapabilities, Diagnostic } from 'vscode-languageserver-protocol';
import { codes, fileUri, LspClient, type LspClientOptions } from '../helpers/lsp-client.js';

/** What Neovim 0.7 announces about the workspace: no dynamic registration of anything. */
const NEOVIM_07: ClientCapabilities = {
    textDocument: { publishDiagnostics: { relatedInformation: true }, synchronization: { didSave: true }, hover: { contentFormat: ['markdown', 'plaintext'] } },
    workspace: { workspaceFolders: true, configuration: true, applyEdit: true },
};

/** A client that says it can register dynamically, and then refuses. */
const BOASTFUL: ClientCapabilities = {
    ...NEOVIM_07,
    workspace: { ...NEOVIM_07.workspace, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
};

const HOST = (hv: string) => `hardware box { cpu 4 cores memory 8 GiB device com1: serial }
hypervisor ${hv}: type1 on box
`;
const VMS = `vm web: linux on hv { vcpus 1 memory 1 GiB devices com1 run hello }
program hello {
    syscall write(com1, 1)
    syscall exit(0)
}
`;
// Faults when simulated (cli in user code), and has an unused program: every save publishes.
const FAULTING = `hardware h2 { cpu 2 cores memory 1 MiB device com1: serial }
hypervisor hv2: type1 on h2
vm f: linux on hv2 { vcpus 1 memory 256 KiB devices com1 run p }
program p {
    cli
    syscall exit(0)
}
program spare { nop }
`;

const clients: LspClient[] = [];
const folders: string[] = [];

async function start(options: Omit<LspClientOptions, 'workspaceFolder'>, files: Record<string, string> = {}): Promise<{ client: LspClient; folder: string }> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-other-'));
    folders.push(folder);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text);
    const client = new LspClient({ workspaceFolder: folder, ...options });
    clients.push(client);
    await client.initialize();
    return { client, folder };
}

afterAll(() => {
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
});

const hasCode = (code: string) => (d: Diagnostic[]) => d.some((x) => x.code === code);

describe('a client that refuses registrations', () => {
    it.each([
        ['without dynamic registration (Neovim 0.7): nothing is registered', NEOVIM_07, 0],
        ['claiming dynamic registration, then refusing: the server stays up', BOASTFUL, 2],
    ])('%s', async (_what, capabilities, registrations) => {
        const { client, folder } = await start({ capabilities, refuseRegistration: true }, { 'vms.vmdef': VMS, 'host.vmdef': HOST('hv') });
        const uri = fileUri(path.join(folder, 'vms.vmdef'));
        await client.open(uri, VMS);
        expect(codes(await client.diagnostics(uri))).toEqual([]);
        // the refusals have been answered by now; the server is still there and answers
        await new Promise((r) => setTimeout(r, 300));
        expect(client.alive).toBe(true);
        expect(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } })).toBeTruthy();
        expect(client.registrations.map((r) => r.method).sort()).toHaveLength(registrations);
        expect(client.stderr).not.toMatch(/MethodNotFound|unhandled/i);
    });
});

describe('settings from clients other than VS Code', () => {
    async function savedCodes(client: LspClient, uri: string): Promise<string[]> {
        const next = client.nextDiagnostics(uri, hasCode('unused-declaration'));
        await client.save(uri);
        return codes(await next);
    }

    it('takes vmdef.* from initializationOptions, then from didChangeConfiguration (nested or dotted)', async () => {
        const { client, folder } = await start({ capabilities: NEOVIM_07, initializationOptions: { vmdef: { simulateOnSave: false } } }, { 'f.vmdef': FAULTING });
        const uri = fileUri(path.join(folder, 'f.vmdef'));
        await client.open(uri, FAULTING);
        await client.diagnostics(uri);
        // workspace/configuration answers null for `vmdef` here: it does not hide initializationOptions
        expect(await savedCodes(client, uri)).not.toContain('guest-fault');

        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { vmdef: { simulateOnSave: true } } });
        expect(await savedCodes(client, uri)).toContain('guest-fault');

        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { 'vmdef.simulateOnSave': false } });
        expect(await savedCodes(client, uri)).not.toContain('guest-fault');
    });

    it('asks again with workspace/configuration when a change comes without settings', async () => {
        let simulate = false;
        const { client, folder } = await start({ capabilities: NEOVIM_07, configuration: (section) => (section === 'vmdef' ? { simulateOnSave: simulate } : null) }, { 'f.vmdef': FAULTING });
        const uri = fileUri(path.join(folder, 'f.vmdef'));
        await client.open(uri, FAULTING);
        await client.diagnostics(uri);
        expect(await savedCodes(client, uri)).not.toContain('guest-fault');
        simulate = true;
        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
        await new Promise((r) => setTimeout(r, 300));
        expect(await savedCodes(client, uri)).toContain('guest-fault');
    });
});

describe('files changed on disk when the client does not watch them', () => {
    it('the server watches the workspace folders itself: changed, deleted and new files', async () => {
        const { client, folder } = await start({ capabilities: NEOVIM_07 }, { 'vms.vmdef': VMS, 'host.vmdef': HOST('hv') });
        const uri = fileUri(path.join(folder, 'vms.vmdef'));
        await client.open(uri, VMS);
        expect(codes(await client.diagnostics(uri))).toEqual([]);

        fs.writeFileSync(path.join(folder, 'host.vmdef'), HOST('renamed')); // another program edits the file
        await client.nextDiagnostics(uri, hasCode('unresolved-reference'));
        fs.writeFileSync(path.join(folder, 'host.vmdef'), HOST('hv'));
        await client.nextDiagnostics(uri, (d) => d.length === 0);
        fs.rmSync(path.join(folder, 'host.vmdef'));
        await client.nextDiagnostics(uri, hasCode('unresolved-reference'));
        // a new folder with files in it (as a checkout creates them): a system of its own (one
        // folder, one system), whose files the server reads and checks
        fs.mkdirSync(path.join(folder, 'infra'));
        const infraVms = fileUri(path.join(folder, 'infra', 'vms.vmdef'));
        fs.writeFileSync(path.join(folder, 'infra', 'vms.vmdef'), VMS);
        await client.nextDiagnostics(infraVms, hasCode('unresolved-reference'));
        fs.writeFileSync(path.join(folder, 'infra', 'host.vmdef'), HOST('hv'));
        await client.nextDiagnostics(infraVms, (d) => d.length === 0);
        expect(codes(await client.diagnostics(uri))).toContain('unresolved-reference');
    });
});

describe('messages a strict JSON decoder accepts', () => {
    it('an emoji outside a comment gives a diagnostic without half a UTF-16 pair', async () => {
        const { client, folder } = await start({ capabilities: NEOVIM_07 });
        const uri = fileUri(path.join(folder, 'emoji.vmdef'));
        await client.open(uri, 'hardware h { cpu 2 cores memory 1 GiB } 😀\n');
        const diagnostics = await client.diagnostics(uri, (d) => d.length > 0);
        expect(diagnostics.map((d) => d.code)).toContain('syntax-error');
        for (const d of diagnostics) expect(d.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    });
});
