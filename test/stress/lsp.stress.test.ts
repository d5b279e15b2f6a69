// Every stress input through one real language server (out/server.js over stdio, 1 GiB heap):
// opened from disk and as an unsaved `untitled:` document, edited, saved and closed. The server
// must answer each with diagnostics in bounded time and stay alive for the next.
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileUri, LspClient } from '../helpers/lsp-client.js';
import { stressInputs } from './inputs.js';
import { NODE_LIMITS, stressBudget, TIME_LIMIT_MS, uncleanText, writeInputs } from './outcome.js';

const budget = stressBudget(stressInputs(), 15_000);
const inputs = budget.inputs;
const { dir, files } = writeInputs(inputs);
let client: LspClient;
const UNTITLED_MAX = 200_000;

beforeAll(async () => {
    const saved = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = NODE_LIMITS.replace(' --stack-size=984', '');
    try {
        client = new LspClient({ workspaceFolder: dir });
    } finally {
        process.env.NODE_OPTIONS = saved;
    }
    await client.initialize();
});

afterAll(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
});

function hasError(diagnostics: { severity?: number }[]): boolean {
    return diagnostics.some((d) => d.severity === 1);
}

describe('stress: the language server', () => {
    for (const [n, input] of inputs.entries()) {
        it(`${input.name}: open, edit, save and close — from disk (and untitled when small)`, async (ctx) => {
            budget.begin(() => ctx.skip());
            // Large inputs go through once (from disk): the suite's time budget. Small ones also as untitled.
            const uris = [fileUri(files.get(input.name)!), `untitled:Untitled-${n + 1}`].slice(0, input.text.length > UNTITLED_MAX ? 1 : 2);
            for (const uri of uris) {
                await client.open(uri, input.text);
                const opened = await client.nextDiagnostics(uri, () => true, TIME_LIMIT_MS);
                expect(hasError(opened), JSON.stringify(opened.slice(0, 3))).toBe(Boolean(input.errors));
                expect(uncleanText(opened.map((d) => d.message).join('\n'), input)).toEqual([]);
                // Every message is whole UTF-16: a lone surrogate makes strict JSON clients drop the notification.
                for (const d of opened) expect(d.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
                await client.change(uri, `${input.text}\n// edited\n`);
                await client.nextDiagnostics(uri, () => true, TIME_LIMIT_MS);
                await client.save(uri);
                await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
                expect(client.alive, client.stderr.slice(-2000)).toBe(true);
            }
        }, 4 * TIME_LIMIT_MS);
    }

    it('still answers after all of them: a small file gets its diagnostics and a hover', async () => {
        const uri = 'untitled:after-stress';
        await client.open(uri, 'hardware h { cpu 2 cores memory 1 GiB }\nhypervisor hv: type1 on h { }\nvm v on hv { vcpus 9 memory 1 GiB }\n');
        const diagnostics = await client.nextDiagnostics(uri, () => true, 20_000);
        expect(diagnostics.map((d) => d.code)).toContain('vcpus-exceed-host');
        const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 11 } });
        expect(hover).toBeDefined();
        expect(client.alive).toBe(true);
        expect(client.stderr).not.toMatch(/Maximum call stack|FATAL ERROR|unhandled/i);
    });
});
