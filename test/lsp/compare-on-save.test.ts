// `diverges-from-native` on save (server/compare-on-save.ts), through the real language server:
// the VM under `full` whose kernel does cli; pushf gets the warning at the pushf with both
// values; the same kernel under `binary` does not diverge and gets none.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, REPO_ROOT, SERVER_BUNDLE, fileUri } from '../helpers/lsp-client.js';

const TEXT = `hardware m1 { cpu 1 cores memory 1 GiB device com1: serial }
hardware m2 { cpu 1 cores memory 1 GiB device com1: serial }
hypervisor classic: type1 on m1 { virtualization full }
hypervisor bt: type1 on m2 { virtualization binary }
vm broken on classic { memory 64 MiB devices com1 run k1 }
vm fixed on bt { memory 64 MiB devices com1 run k2 }
program k1 {
    cli
    pushf
    hlt
}
program k2 {
    cli
    pushf
    hlt
}
`;

describe('compare on save', () => {
    let folder: string;
    let client: LspClient;

    beforeAll(async () => {
        if (!fs.existsSync(SERVER_BUNDLE)) execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: REPO_ROOT });
        folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-compare-save-'));
        client = new LspClient({ workspaceFolder: folder });
        await client.initialize();
    });

    afterAll(async () => {
        await client?.stop();
        if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    it('marks the instruction where the full VM diverges from native, with both values; the binary one not', async () => {
        const file = path.join(folder, 'pg.vmdef');
        fs.writeFileSync(file, TEXT);
        const uri = fileUri(file);
        await client.open(uri, TEXT);
        await client.diagnostics(uri);
        const next = client.nextDiagnostics(uri, (d) => d.some((x) => x.code === 'diverges-from-native'));
        await client.save(uri);
        const found = (await next).filter((d) => d.code === 'diverges-from-native');
        expect(found.map((d) => ({ start: d.range.start, severity: d.severity, source: d.source }))).toEqual([
            { start: { line: 8, character: 4 }, severity: 2, source: 'vmdef compare' },
        ]);
        expect(found[0].message).toBe("VM 'broken' diverges from native here under full: [0xffffc] is 514, natively 2 (`vmdef compare` shows every technique)");
    });
});
