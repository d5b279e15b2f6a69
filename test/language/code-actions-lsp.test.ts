// Quick fixes and cross-file overcommit through the real bundled language server (JSON-RPC on
// stdio): a VM file and a hypervisor file in one workspace folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { fileUri, LspClient } from '../helpers/lsp-client.js';

const HOST = `hardware small {
    cpu 4 cores
    memory 8 GiB
    device com1: serial
}

hypervisor esx: type1 on small {
    reserve 1 cpus
}
`;
const VMS = `vm one: linux on esx { vcpus 2 memory 2 GiB }
vm two: linux on esx { vcpus 2 memory 2 GiB }
`;

function applyEdits(text: string, edits: TextEdit[]): string {
    const lines = text.split('\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
        text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
    }
    return text;
}

const has = (code: string) => (list: Diagnostic[]) => list.some((d) => d.code === code);
const lacks = (code: string) => (list: Diagnostic[]) => !list.some((d) => d.code === code);

describe('quick fixes over LSP', () => {
    let folder: string;
    let client: LspClient;
    let hostUri: string;
    let vmsUri: string;

    beforeAll(async () => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-fix-'));
        fs.writeFileSync(path.join(folder, 'host.vmdef'), HOST);
        fs.writeFileSync(path.join(folder, 'vms.vmdef'), VMS);
        hostUri = fileUri(path.join(folder, 'host.vmdef'));
        vmsUri = fileUri(path.join(folder, 'vms.vmdef'));
        client = new LspClient({ workspaceFolder: folder });
        await client.initialize();
        await client.open(hostUri, HOST);
        await client.open(vmsUri, VMS);
    });

    afterAll(async () => {
        await client?.stop();
        fs.rmSync(folder, { recursive: true, force: true });
    });

    it('reports overcommit on the hypervisor file, re-validated when the VM file changes', async () => {
        const list = await client.diagnostics(hostUri, has('cpu-overcommit'));
        const d = list.find((x) => x.code === 'cpu-overcommit')!;
        expect(d.range.start).toEqual({ line: 6, character: 11 });
        expect(d.relatedInformation?.map((r) => r.location.uri)).toEqual([vmsUri, vmsUri]);
        // Dropping one VM in the other file fixes the hypervisor's diagnostic.
        const fewer = VMS.split('\n')[0] + '\n';
        await client.change(vmsUri, fewer);
        await client.nextDiagnostics(hostUri, lacks('cpu-overcommit'));
        await client.change(vmsUri, VMS);
        await client.nextDiagnostics(hostUri, has('cpu-overcommit'));
    });

    it('offers the ratio fix as a code action whose edit clears the error', async () => {
        const list = await client.diagnostics(hostUri, has('cpu-overcommit'));
        const diagnostic = list.find((x) => x.code === 'cpu-overcommit')!;
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri: hostUri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
        });
        expect(actions.map((a) => a.title)).toEqual(['Allow CPU overcommit up to 1.4:1']);
        const fixed = applyEdits(HOST, actions[0].edit!.changes![hostUri]);
        expect(fixed).toContain('{\n    overcommit cpu 1.4\n    reserve 1 cpus\n}');
        await client.change(hostUri, fixed);
        const after = await client.nextDiagnostics(hostUri, lacks('cpu-overcommit'));
        expect(after.map((d) => d.code)).toEqual(['cpu-overcommit-allowed']);
        expect(client.stderr).not.toMatch(/Error|at .*\.js:/);
    });
});
