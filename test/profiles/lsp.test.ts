// `like` in the editor, over real JSON-RPC with the bundled server: completion after `like`
// lists the seven profiles with what each sets, the hover on `like` lists them all, the hover
// on a profile's name says what it sets, and an unknown name is `unknown-profile`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { fileUri, LspClient } from '../helpers/lsp-client.js';

const TEXT = `hardware rack1 { cpu 4 cores memory 8 GiB extensions vtx }
hypervisor dc: type1 on rack1 { like xen }
hypervisor other: type1 on rack2 { like xenn }
hardware rack2 { cpu 4 cores memory 8 GiB }
`;

const at = (needle: string, offset = 0) => {
    const lines = TEXT.split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    return { line, character: lines[line].indexOf(needle) + offset };
};

describe('like NAME in the language server', () => {
    let folder: string;
    let uri: string;
    let client: LspClient;

    beforeAll(async () => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-profiles-'));
        fs.writeFileSync(path.join(folder, 'main.vmdef'), TEXT);
        uri = fileUri(path.join(folder, 'main.vmdef'));
        client = new LspClient({ workspaceFolder: folder, initializationOptions: { vmdef: { simulateOnSave: false } } });
        await client.initialize();
        await client.open(uri, TEXT);
    }, 60_000);

    afterAll(async () => {
        await client.stop();
        fs.rmSync(folder, { recursive: true, force: true });
    });

    it('unknown-profile on the name, suggesting the closest', async () => {
        const diagnostics: Diagnostic[] = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'unknown-profile'));
        const d = diagnostics.find((x) => x.code === 'unknown-profile')!;
        expect(d.range).toEqual({ start: at('xenn'), end: at('xenn', 4) });
        expect(d.message).toContain("did you mean 'xen'?");
    });

    it('completion after `like` offers the seven profiles, each with what it sets', async () => {
        const reply = await client.connection.sendRequest<CompletionList | CompletionItem[]>('textDocument/completion', {
            textDocument: { uri }, position: at('like xen', 5),
        });
        const items = Array.isArray(reply) ? reply : reply.items;
        const profiles = items.filter((i) => ['xen', 'oracle_vm_server', 'hyperv', 'vmware_workstation', 'virtualbox', 'kvm', 'esxi'].includes(i.label));
        expect(profiles.map((i) => i.label).sort()).toEqual(['esxi', 'hyperv', 'kvm', 'oracle_vm_server', 'virtualbox', 'vmware_workstation', 'xen']);
        expect(profiles.find((i) => i.label === 'xen')?.detail).toBe('Xen, type1: virtualization para; reserve 1 cpus, 1 GiB (control domain / root partition); scheduler credit; default VM weight 256');
        expect(profiles.find((i) => i.label === 'hyperv')?.detail).toContain('hypercalls (VMCALL): HvCallFlushVirtualAddressList');
    });

    it('the hover on `like` lists every profile; on a profile name, what it sets', async () => {
        const keyword = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: at('like xen', 1) });
        const text = (keyword.contents as { value: string }).value;
        expect(text).toContain('**like** — behave like a real hypervisor');
        for (const name of ['xen', 'oracle_vm_server', 'hyperv', 'vmware_workstation', 'virtualbox', 'kvm', 'esxi']) expect(text).toContain(`- \`like ${name}\` — `);
        expect(text).toContain('- `like virtualbox` — VirtualBox, type2: virtualization hardware; requires vtx or svm');

        const name = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: at('like xen', 6) });
        const hover = (name.contents as { value: string }).value;
        expect(hover).toContain('**Xen** (`like xen`, type1)');
        expect(hover).toContain('- reserve 1 cpus, 1 GiB (control domain / root partition)');
        expect(hover).toContain('Anything written in the hypervisor block overrides the profile.');
    });
});
