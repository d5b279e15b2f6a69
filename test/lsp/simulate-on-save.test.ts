// The simulator on save (server/simulate-on-save.ts), through the real language server.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, REPO_ROOT, SERVER_BUNDLE, fileUri } from '../helpers/lsp-client.js';

// All files of the test share one workspace, where names are global: each text gets its own.
const header = (t: string) => `hardware box_${t} { cpu 2 cores memory 1 MiB device com1: serial }
hypervisor hv_${t}: type1 on box_${t} { overcommit memory 4.0 }
`;

const FAULTING = (t: string) => header(t) + `vm web_${t}: linux on hv_${t} { vcpus 1 memory 256 KiB devices com1 run p_${t} }
program p_${t} {
    mov r1, 1
    cli
    syscall exit(0)
}
`;

const FIDELITY = (t: string) => header(t) + `vm k_${t} on hv_${t} { vcpus 1 memory 256 KiB devices com1 run kernel_${t} }
program kernel_${t} {
    pushf
    popf
    hlt
}
`;

const ENDLESS = (t: string) => header(t) + `vm spin_${t} on hv_${t} { vcpus 1 memory 256 KiB run forever_${t} }
program forever_${t} {
        mov r1, 0
again:  inc r1
        jmp again
}
`;

// 3 MiB touched page by page on a host with 1 MiB: the hypervisor must swap.
const SWAPPING = (t: string) => header(t) + `vm big_${t} on hv_${t} {
    vcpus 1
    memory 3 MiB
    run toucher_${t}
}
program toucher_${t} {
        mov r1, 0
next:   store [r1], r1
        add r1, 4096
        cmp r1, 3000000
        jl next
        hlt
}
`;

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));
const simulated = (d: Diagnostic[]) => d.filter((x) => x.source === 'vmdef simulator');

describe('simulate on save', () => {
    let folder: string;
    let client: LspClient;

    beforeAll(async () => {
        if (!fs.existsSync(SERVER_BUNDLE)) execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: REPO_ROOT });
        folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-sim-save-'));
        client = new LspClient({ workspaceFolder: folder });
        await client.initialize();
    });

    afterAll(async () => {
        await client?.stop();
        if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    async function saveAndWait(name: string, source: (tag: string) => string, code: string): Promise<{ uri: string; text: string; found: Diagnostic[] }> {
        const text = source(name.replace(/\W/g, '_'));
        const file = path.join(folder, name);
        fs.writeFileSync(file, text);
        const uri = fileUri(file);
        await client.open(uri, text);
        await client.diagnostics(uri);
        const next = client.nextDiagnostics(uri, (d) => d.some((x) => x.code === code));
        await client.save(uri);
        return { uri, text, found: simulated(await next) };
    }

    it('reports a guest fault at the faulting instruction', async () => {
        const { found, text } = await saveAndWait('fault.vmdef', FAULTING, 'guest-fault');
        const fault = found.find((d) => d.code === 'guest-fault')!;
        expect(fault.severity).toBe(1);
        expect(fault.range.start).toEqual({ line: lineOf(text, '    cli'), character: 4 });
        expect(fault.message).toContain('#GP');
        expect(fault.message).toContain("'web_fault_vmdef'");
    });

    it('reports each fidelity violation that was executed', async () => {
        const { found, text } = await saveAndWait('fidelity.vmdef', FIDELITY, 'fidelity-violation-executed');
        const lines = found.filter((d) => d.code === 'fidelity-violation-executed').map((d) => d.range.start.line).sort();
        expect(lines).toEqual([lineOf(text, 'pushf'), lineOf(text, 'popf')]);
    });

    it('reports a VM that hit the cycle limit inside its loop', async () => {
        const { found, text } = await saveAndWait('endless.vmdef', ENDLESS, 'cycle-limit');
        const limit = found.find((d) => d.code === 'cycle-limit')!;
        expect(limit.severity).toBe(2);
        expect([lineOf(text, 'inc r1'), lineOf(text, 'jmp again')]).toContain(limit.range.start.line);
    });

    it('reports memory pressure that forced swapping on the VM memory', async () => {
        const { found, text } = await saveAndWait('swap.vmdef', SWAPPING, 'memory-swapping');
        const swap = found.find((d) => d.code === 'memory-swapping')!;
        expect(swap.range.start.line).toBe(lineOf(text, 'memory 3 MiB'));
        expect(swap.message).toMatch(/\d+ page\(s\) swapped/);
    });

    it('drops the simulator diagnostics on the next edit', async () => {
        const { uri, text } = await saveAndWait('fault2.vmdef', FAULTING, 'guest-fault');
        const cleared = client.nextDiagnostics(uri, (d) => !d.some((x) => x.code === 'guest-fault'));
        await client.change(uri, text.replace('    cli\n', ''));
        await cleared;
    });

    it('a deleted file leaves no simulator diagnostics behind, even while its editor is still open', async () => {
        // VS Code (and code-server's web worker host) may send the watcher's deletion before the
        // editor's didClose: the regular diagnostics were cleared, the on-save ones stayed published
        const { uri } = await saveAndWait('fault3.vmdef', FAULTING, 'guest-fault');
        const cleared = client.nextDiagnostics(uri, (d) => d.length === 0);
        fs.rmSync(path.join(folder, 'fault3.vmdef'));
        await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
        await cleared;
    });

    it('a file saved and deleted in one batch of watcher events stays deleted, its editor still open', async () => {
        // Langium alone read [changed, deleted] as "deleted, then changed" and loaded the open editor's text again
        const { uri } = await saveAndWait('fault4.vmdef', FAULTING, 'guest-fault');
        const cleared = client.nextDiagnostics(uri, (d) => d.length === 0);
        fs.rmSync(path.join(folder, 'fault4.vmdef'));
        await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }, { uri, type: 3 }] });
        await cleared;
        // a request waits for the workspace update the notification started: past it, the last word is said
        await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }).catch(() => undefined);
        expect([...client.published].reverse().find((p) => p.uri === uri)?.diagnostics).toEqual([]);
    });
});

describe('simulate on save in a folder with an unrelated broken file', () => {
    it('still simulates the saved file: only the files connected to it by references count', async () => {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-sim-save-broken-'));
        fs.writeFileSync(path.join(folder, 'broken.vmdef'), 'hardware broken { cpu 2 cores memory 4 }\n');
        const client = new LspClient({ workspaceFolder: folder });
        try {
            await client.initialize();
            const text = FAULTING('iso');
            const file = path.join(folder, 'fault.vmdef');
            fs.writeFileSync(file, text);
            const uri = fileUri(file);
            await client.open(uri, text);
            await client.diagnostics(uri);
            const next = client.nextDiagnostics(uri, (d) => d.some((x) => x.code === 'guest-fault'));
            await client.save(uri);
            const fault = simulated(await next).find((d) => d.code === 'guest-fault')!;
            expect(fault.range.start.line).toBe(lineOf(text, '    cli'));
        } finally {
            await client.stop();
            fs.rmSync(folder, { recursive: true, force: true });
        }
    });
});
