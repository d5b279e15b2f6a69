// Documents that are not .vmdef files on disk (an `untitled:` buffer, a `notes.txt` opened as
// vmdef) are served while open and leave the workspace when closed: no crash on the next open,
// no phantom duplicate-name, no symbol left behind, their memory released (issue 10, item 5).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SymbolInformation } from 'vscode-languageserver-protocol';
import { codes, fileUri, HEAP_PROBE_ARGS, LspClient } from '../helpers/lsp-client.js';

const HOST = (name: string) => `hardware ${name} {
    cpu 2 cores
    memory 4 GiB
}
`;

/** The server's resident set in MiB (Linux), read from /proc. */
function rssMiB(pid: number): number {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** A definition of about `bytes` bytes: programs of a thousand instructions, and one error. */
function largeDefinition(bytes: number): string {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < bytes; i++) {
        const part = `program big_${i} {\n${`    mov r1, ${i}\n    add r1, 2\n`.repeat(500)}    hlt\n}\n`;
        parts.push(part);
        size += part.length;
    }
    return parts.join('') + 'vm v on nowhere { vcpus 1 memory 1 MiB }\n';
}

describe('documents that are not .vmdef files on disk', () => {
    let folder: string;
    let client: LspClient;

    beforeAll(async () => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-closed-'));
        client = new LspClient({ workspaceFolder: folder, nodeArgs: HEAP_PROBE_ARGS });
        await client.initialize();
    });

    afterAll(async () => {
        await client?.stop();
        if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    const symbols = (query: string) => client.request<SymbolInformation[]>('workspace/symbol', { query });

    it.each([
        ['an untitled buffer', 'untitled:Untitled-1', 'twin_a', 'main_a.vmdef'],
        ['a notes.txt opened as vmdef', 'notes.txt', 'twin_b', 'main_b.vmdef'],
    ])('serves %s, and drops it when closed', async (_what, name, twin, mainName) => {
        const uri = name.includes(':') ? name : fileUri(path.join(folder, name));
        if (!name.includes(':')) fs.writeFileSync(path.join(folder, name), HOST(twin));
        await client.open(uri, HOST(twin) + 'vm v on nowhere { vcpus 1 memory 1 MiB }\n');
        // served while open: its own diagnostics, its declarations in the workspace
        expect(codes(await client.diagnostics(uri, (d) => d.length > 0))).toContain('unresolved-reference');
        expect((await symbols(twin)).map((s) => s.name)).toContain(twin);

        const cleared = client.nextDiagnostics(uri, (d) => d.length === 0);
        await client.close(uri);
        await cleared;

        // The same name declared in a real file: no phantom duplicate of the closed document.
        const mainUri = fileUri(path.join(folder, mainName));
        fs.writeFileSync(path.join(folder, mainName), HOST(twin));
        await client.open(mainUri, HOST(twin));
        expect(codes(await client.diagnostics(mainUri))).toEqual([]);
        expect((await symbols(twin)).map((s) => s.location.uri)).toEqual([mainUri]);
        expect(client.alive).toBe(true);
        expect(client.stderr).not.toMatch(/service registry/);
    });

    it('a .vmdef file of the workspace closed with unsaved edits goes back to what is on disk', async () => {
        const file = path.join(folder, 'kept.vmdef');
        fs.writeFileSync(file, HOST('on_disk'));
        const uri = fileUri(file);
        await client.open(uri, HOST('edited'));
        await client.diagnostics(uri);
        expect((await symbols('edited')).map((s) => s.name)).toEqual(['edited']);
        await client.close(uri);
        await expect.poll(async () => (await symbols('on_disk')).map((s) => s.name), { timeout: 10_000 }).toEqual(['on_disk']);
        expect(await symbols('edited')).toEqual([]);
    });

    it('a .vmdef file deleted while open leaves the workspace when closed', async () => {
        const file = path.join(folder, 'gone.vmdef');
        fs.writeFileSync(file, HOST('gone_box') + 'vm g on nowhere { vcpus 1 memory 1 MiB }\n');
        const uri = fileUri(file);
        await client.open(uri, fs.readFileSync(file, 'utf8'));
        await client.diagnostics(uri, (d) => d.length > 0);
        fs.rmSync(file);
        const cleared = client.nextDiagnostics(uri, (d) => d.length === 0);
        await client.close(uri);
        await cleared;
        expect(await symbols('gone_box')).toEqual([]);
    });

    it('releases the memory of large untitled documents opened and closed ten times', async () => {
        const text = largeDefinition(150_000);
        let heapOpen = 0;
        const cycle = async (i: number) => {
            const uri = `untitled:Untitled-${i}`;
            const shown = client.nextDiagnostics(uri, (d) => d.length > 0, 60_000);
            await client.open(uri, text);
            await shown;
            if (i === 1) heapOpen = await client.heapAfterGc();
            const cleared = client.nextDiagnostics(uri, (d) => d.length === 0, 60_000);
            await client.close(uri);
            await cleared;
        };
        await cycle(1);
        const heap1 = await client.heapAfterGc();
        const rss1 = rssMiB(client.process.pid!);
        for (let i = 2; i <= 10; i++) await cycle(i);
        // What one open document holds (so the measure can see a document at all) ...
        const perDocument = heapOpen - heap1;
        expect(perDocument / 2 ** 20).toBeGreaterThan(5);
        // ... and nine more closed ones hold none of it, once the server has finished with the
        // last close (on a loaded machine its update may still hold that document's tree when
        // the cleared diagnostics arrive; a leak holds it, and the others, for good).
        await expect.poll(async () => (await client.heapAfterGc()) - heap1, { timeout: 10_000, interval: 500 }).toBeLessThan(perDocument / 2);
        const rss10 = rssMiB(client.process.pid!);
        expect(rss10 - rss1).toBeLessThan(300);
        expect(await symbols('big_1')).toEqual([]);
        expect(client.alive).toBe(true);
    }, 180_000);
});
