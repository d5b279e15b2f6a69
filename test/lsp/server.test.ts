// The bundled language server (out/server.js) as a separate process, over real JSON-RPC on stdio.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { codes, fileUri, LspClient, REPO_ROOT, SERVER_BUNDLE } from '../helpers/lsp-client.js';

// Two VMs of 2 vCPUs and 4 GiB on a host with 2 pCPUs and 4 GiB, no overcommit allowed.
const OVERCOMMITTED = `hardware small {
    cpu 2 cores
    memory 4 GiB
    device com1: serial
    device disk0: disk
}

hypervisor esx: type1 on small

vm a: linux on esx {
    vcpus 2
    memory 4 GiB
    devices com1
    run hello
}

vm b: linux on esx {
    vcpus 2
    memory 4 GiB
    devices com1
    run hello
}

program hello {
loop:   syscall write(com1, 1)
        jnz lop
        syscall exit(0)
}

program spare {
    nop
}
`;

const FIXED = OVERCOMMITTED.replace('cpu 2 cores', 'cpu 4 cores').replace('memory 4 GiB\n    device', 'memory 16 GiB\n    device')
    .replace('jnz lop', 'jnz loop');

// A file of the workspace folder that no client ever opens.
const CLOSED = `hardware spare_box {
    cpu 2 cores
    memory 4
}
`;

function lineOf(text: string, needle: string): number {
    return text.split('\n').findIndex((line) => line.includes(needle));
}

function find(diagnostics: Diagnostic[], code: string): Diagnostic {
    const found = diagnostics.find((d) => d.code === code);
    if (!found) throw new Error(`no ${code} in ${JSON.stringify(codes(diagnostics))}`);
    return found;
}

describe('language server over stdio', () => {
    let folder: string;
    let client: LspClient;
    let mainUri: string;

    beforeAll(async () => {
        if (!fs.existsSync(SERVER_BUNDLE)) execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: REPO_ROOT });
        folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-lsp-'));
        fs.writeFileSync(path.join(folder, 'main.vmdef'), OVERCOMMITTED);
        fs.writeFileSync(path.join(folder, 'closed.vmdef'), CLOSED);
        mainUri = fileUri(path.join(folder, 'main.vmdef'));
        client = new LspClient({ workspaceFolder: folder });
        await client.initialize();
    });

    afterAll(async () => {
        await client?.stop();
        if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    it('announces full or incremental sync and save notifications', () => {
        const sync = client.capabilities?.textDocumentSync;
        expect(typeof sync === 'object' && sync?.save).toBeTruthy();
    });

    it('publishes overcommit and other errors of an opened document, at their ranges', async () => {
        await client.open(mainUri, OVERCOMMITTED);
        const diagnostics = await client.diagnostics(mainUri, (d) => d.some((x) => x.code === 'cpu-overcommit'));
        const hypervisorLine = lineOf(OVERCOMMITTED, 'hypervisor esx');
        const esxColumn = OVERCOMMITTED.split('\n')[hypervisorLine].indexOf('esx');
        for (const code of ['cpu-overcommit', 'memory-overcommit']) {
            expect(find(diagnostics, code).range).toEqual({
                start: { line: hypervisorLine, character: esxColumn },
                end: { line: hypervisorLine, character: esxColumn + 3 },
            });
            expect(find(diagnostics, code).severity).toBe(1);
        }
        const label = find(diagnostics, 'undefined-label');
        const jnzLine = lineOf(OVERCOMMITTED, 'jnz lop');
        const lopColumn = OVERCOMMITTED.split('\n')[jnzLine].indexOf('lop');
        expect(label.range).toEqual({ start: { line: jnzLine, character: lopColumn }, end: { line: jnzLine, character: lopColumn + 3 } });
        // While typing there are no on-save diagnostics.
        expect(codes(diagnostics)).not.toContain('unused-declaration');
    });

    it('clears them when an edit fixes the document', async () => {
        const cleared = client.nextDiagnostics(mainUri, (d) => !d.some((x) => x.severity === 1));
        await client.change(mainUri, FIXED);
        const diagnostics = await cleared;
        expect(codes(diagnostics).filter((c) => /overcommit$|undefined-label/.test(c))).toEqual([]);
    });

    it('adds unused-declaration hints on save, and drops them on the next edit', async () => {
        const withHints = client.nextDiagnostics(mainUri, (d) => d.some((x) => x.code === 'unused-declaration'));
        await client.save(mainUri);
        const diagnostics = await withHints;
        const unused = diagnostics.filter((d) => d.code === 'unused-declaration');
        // `spare` is run by no VM; disk0 is named by no VM; com1, hello, linux are used.
        expect(unused.map((d) => d.message).sort()).toEqual([
            "device 'disk0' of 'small' is named by no VM",
            "program 'spare' is not run by any VM",
        ]);
        const spareLine = lineOf(FIXED, 'program spare');
        expect(unused.find((d) => d.message.includes('spare'))).toMatchObject({
            severity: 4, tags: [1],
            range: { start: { line: spareLine, character: 8 }, end: { line: spareLine, character: 13 } },
        });
        // The regular diagnostics are still there beside them (the union is published).
        const regular = diagnostics.filter((d) => d.code !== 'unused-declaration');
        expect(regular.length).toBe(diagnostics.length - 2);

        const withoutHints = client.nextDiagnostics(mainUri, (d) => !d.some((x) => x.code === 'unused-declaration'));
        await client.change(mainUri, FIXED + '\n');
        await withoutHints;
    });

    it('checks files of the workspace folder that were never opened', async () => {
        const diagnostics = await client.diagnostics(fileUri(path.join(folder, 'closed.vmdef')), (d) => d.length > 0);
        const missing = find(diagnostics, 'missing-unit');
        expect(missing.range.start).toEqual({ line: 2, character: 11 });
    });

    it('never publishes diagnostics for the standard library', () => {
        const stdlibDir = path.join(REPO_ROOT, 'language', 'stdlib');
        expect(client.published.filter((p) => p.uri.startsWith(fileUri(stdlibDir)))).toEqual([]);
    });

    it('survives garbage input and still answers requests', async () => {
        const garbageUri = fileUri(path.join(folder, 'garbage.vmdef'));
        let seed = 7;
        const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
        const bytes = Array.from({ length: 4000 }, () => String.fromCharCode(Math.floor(random() * 0x2500)));
        await client.open(garbageUri, bytes.join(''));
        const garbage = await client.diagnostics(garbageUri, (d) => d.length > 0);
        expect(garbage.every((d) => typeof d.code === 'string')).toBe(true);
        await client.change(garbageUri, 'vm { } } hypervisor : on ; program p { jmp');
        await client.nextDiagnostics(garbageUri, (d) => d.some((x) => x.code === 'syntax-error'));
        const symbols = await client.request<Array<{ name: string }>>('textDocument/documentSymbol', { textDocument: { uri: mainUri } });
        expect(symbols.map((s) => s.name)).toContain('esx');
        expect(client.alive).toBe(true);
    });
});
