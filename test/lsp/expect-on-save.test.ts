// `expect` lines in the editor, through the real language server on stdio: on save a failed
// expectation is a diagnostic `expect-failed` on its line with the measured value, a passing one
// an inlay hint after it (`✓ 3 exits`); the client is asked to refresh its hints; an edit hides both.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { LspClient, REPO_ROOT, SERVER_BUNDLE, fileUri } from '../helpers/lsp-client.js';
import { countdown } from '../lab/countdown.js';

const TEXT = countdown('full', ['    expect status halted', '    expect exits.io <= 2', '    expect exits.io == 3', '    expect faithful'].join('\n'));
const lineOf = (needle: string) => TEXT.split('\n').findIndex((l) => l.includes(needle));
const endOf = (needle: string) => ({ line: lineOf(needle), character: TEXT.split('\n')[lineOf(needle)].length });

describe('expect lines on save', () => {
    let folder: string;
    let client: LspClient;
    let refreshes = 0;
    let uri: string;

    beforeAll(async () => {
        if (!fs.existsSync(SERVER_BUNDLE)) execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: REPO_ROOT });
        folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-expect-save-'));
        client = new LspClient({
            workspaceFolder: folder,
            capabilities: {
                textDocument: { publishDiagnostics: {}, synchronization: { didSave: true }, inlayHint: {} },
                workspace: { workspaceFolders: true, configuration: true, inlayHint: { refreshSupport: true } },
            },
        });
        client.connection.onRequest('workspace/inlayHint/refresh', () => {
            refreshes++;
            return null;
        });
        await client.initialize();
        const file = path.join(folder, 'lab.vmdef');
        fs.writeFileSync(file, TEXT);
        uri = fileUri(file);
        await client.open(uri, TEXT);
        await client.diagnostics(uri);
    });

    afterAll(async () => {
        await client?.stop();
        if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    const hints = () => client.request<InlayHint[]>('textDocument/inlayHint', {
        textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    });

    it('a failed expectation is an error expect-failed on its line, with the measured value; passing ones are no diagnostic', async () => {
        const published = client.nextDiagnostics(uri, (d) => d.some((x) => x.code === 'expect-failed'));
        await client.save(uri);
        const failed = (await published).filter((d) => d.code === 'expect-failed');
        expect(failed).toEqual([expect.objectContaining({
            severity: 1,
            range: { start: { line: lineOf('exits.io <= 2'), character: 4 }, end: endOf('exits.io <= 2') },
            message: 'web: expect exits.io <= 2 failed — measured 3 exits',
        })]);
    });

    it('passing ones get an inlay hint with what was measured, and the client is asked to refresh', async () => {
        expect(refreshes).toBeGreaterThan(0);
        const found = (await hints()).filter((h) => typeof h.label === 'string' && /^[✓–]/.test(h.label));
        expect(found.map((h) => ({ position: h.position, label: h.label }))).toEqual([
            { position: endOf('status halted'), label: '✓ halted' },
            { position: endOf('exits.io == 3'), label: '✓ 3 exits' },
            { position: endOf('faithful'), label: '✓ no divergence from native under full' },
        ]);
    });

    it('the next edit hides the hints and drops expect-failed until the next save', async () => {
        const cleared = client.nextDiagnostics(uri, (d) => !d.some((x) => x.code === 'expect-failed'));
        await client.change(uri, TEXT.replace('exits.io <= 2', 'exits.io <= 3'));
        await cleared;
        expect((await hints()).filter((h) => String(h.label).startsWith('✓'))).toEqual([]);
    });
});
