// The language server reads the folder's files through io/source-files.ts (issue 10 item 10):
// a file over the size cap is left out with a logged line, and the rest of the workspace
// still loads and publishes.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../io/source-files.js';
import { MAX_SOURCE_CHARS } from '../../language/limits.js';
import { fileUri, LspClient, REPO_ROOT, SERVER_BUNDLE } from '../helpers/lsp-client.js';

describe('the language server reads the folder safely', () => {
    let folder: string;
    let client: LspClient;
    const logs: string[] = [];

    beforeAll(async () => {
        if (!fs.existsSync(SERVER_BUNDLE)) execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: REPO_ROOT });
        folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-server-read-')));
        fs.writeFileSync(path.join(folder, 'a-vms.vmdef'), 'hypervisor hv: type1 on box\n');
        // the hardware the hypervisor names, in a file one byte over the cap
        const hardware = 'hardware box { cpu 1 cores memory 1 GiB }\n';
        fs.writeFileSync(path.join(folder, 'b-huge.vmdef'), hardware + ' '.repeat(MAX_FILE_BYTES + 1 - hardware.length));
        client = new LspClient({ workspaceFolder: folder });
        client.connection.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
        await client.initialize();
    });

    afterAll(async () => {
        await client?.stop();
        fs.rmSync(folder, { recursive: true, force: true });
    });

    it('leaves out the oversized file, says so, and still checks the others', async () => {
        const uri = fileUri(path.join(folder, 'a-vms.vmdef'));
        await client.open(uri, fs.readFileSync(path.join(folder, 'a-vms.vmdef'), 'utf8'));
        const diagnostics = await client.diagnostics(uri, (d) => d.length > 0);
        expect(diagnostics.map((d) => d.message)).toContain("Could not resolve reference to Hardware named 'box'.");
        expect(logs.some((l) => l.includes(`vmdef: left out ${path.join(folder, 'b-huge.vmdef')}: too large`))).toBe(true);
        expect(client.alive).toBe(true);
    });

    it('a document over the source limit, opened or in the folder: file-too-large at 1:1 and nothing else', async () => {
        // each line an error (a hypervisor on hardware that does not exist): none of them is published
        const text = 'hypervisor k: type1 on nowhere\n'.repeat(Math.ceil((MAX_SOURCE_CHARS + 1) / 31));
        const onDisk = path.join(folder, 'c-big.vmdef');
        fs.writeFileSync(onDisk, text);
        await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(onDisk), type: 1 }] });
        const opened = fileUri(path.join(folder, 'd-big.vmdef'));
        await client.open(opened, text);
        for (const uri of [opened, fileUri(onDisk)]) {
            const diagnostics = await client.diagnostics(uri, (d) => d.length > 0);
            expect(diagnostics.map((d) => [d.code, d.range.start, d.range.end])).toEqual([['file-too-large', { line: 0, character: 0 }, { line: 0, character: 0 }]]);
        }
        expect(client.alive).toBe(true);
    });
});
