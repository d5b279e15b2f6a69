// Simulate-on-save never runs past its own budget (issue 10, item 8): a definition asking for
// absurd numbers of CPUs is not simulated, a run that would take long is cut at its time budget —
// each with an information diagnostic saying so. In process with small budgets, then through
// the real language server with the shipped ones.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cancellation, type LangiumDocument } from 'langium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { editorWorkspace } from '../../language/workspace.js';
import { ON_SAVE_TIME_BUDGET_MS, simulateOnSaveCheck, type OnSaveBudget } from '../../server/simulate-on-save.js';
import { fileUri, LspClient } from '../helpers/lsp-client.js';
import { createLspServices } from '../../language/lsp/lsp-module.js';

const ENDLESS = `hardware box { cpu 2 cores memory 1 MiB device com1: serial }
hypervisor hv: type1 on box
vm spin on hv { vcpus 1 memory 256 KiB run forever }
program forever {
        mov r1, 0
again:  inc r1
        jmp again
}
`;
const HUGE = ENDLESS.replace('cpu 2 cores', 'cpu 1000000000 cores');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

async function runCheck(text: string, budget: Partial<OnSaveBudget>, maxCycles: number): Promise<Diagnostic[]> {
    const ws = await editorWorkspace([{ path: '/budget/main.vmdef', text }], createLspServices());
    const check = simulateOnSaveCheck({ enabled: async () => true, maxCycles: async () => maxCycles, costPreset: async () => undefined, budget });
    return check.run(ws.documents[0] as LangiumDocument, ws.services, Cancellation.CancellationToken.None);
}

describe('simulate-on-save budget, in process', () => {
    it('does not simulate a definition asking for more CPUs than the budget, and says so on its cpu line', async () => {
        const started = Date.now();
        const found = await runCheck(ENDLESS.replace('cpu 2 cores', 'cpu 64 cores'), { cpus: 32 }, 1e15);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(found.map((d) => [d.code, d.severity, d.range.start.line])).toEqual([['simulation-skipped', 3, 0]]);
        expect(found[0].message).toContain('65 pCPUs and vCPUs in all, more than the 32 simulated on save');
    });

    it('cuts a run at its time budget and says where the VM was', async () => {
        const started = Date.now();
        const found = await runCheck(ENDLESS, { timeMs: 300 }, 1e15);
        const elapsed = Date.now() - started;
        expect(elapsed).toBeGreaterThanOrEqual(300);
        expect(elapsed).toBeLessThan(3_000);
        const cut = found.find((d) => d.code === 'simulation-cut')!;
        expect(cut.severity).toBe(3);
        expect([lineOf(ENDLESS, 'inc r1'), lineOf(ENDLESS, 'jmp again')]).toContain(cut.range.start.line);
        expect(cut.message).toMatch(/^simulation on save stopped at its time budget \(0\.3 s\) after [\d,]+ cycles: VM 'spin' still running here/);
        expect(found.some((d) => d.code === 'cycle-limit')).toBe(false);
    });

    it('cuts a run at its memory budget', async () => {
        const found = await runCheck(ENDLESS, { heapBytes: Number.NEGATIVE_INFINITY }, 1e15);
        expect(found.find((d) => d.code === 'simulation-cut')?.message).toContain('memory budget');
    });
});

describe('simulate-on-save budget, through the language server', () => {
    let folder: string;
    let client: LspClient;

    beforeAll(async () => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-budget-'));
        // a cycle limit no run on save could reach: only the time budget can stop it
        client = new LspClient({ workspaceFolder: folder, initializationOptions: { vmdef: { maxCycles: 1e15 } } });
        await client.initialize();
    });

    afterAll(async () => {
        await client?.stop();
        if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    async function save(name: string, text: string): Promise<{ found: Diagnostic[]; elapsed: number }> {
        const uri = fileUri(path.join(folder, name));
        fs.writeFileSync(path.join(folder, name), text);
        await client.open(uri, text);
        await client.diagnostics(uri);
        const started = Date.now();
        const next = client.nextDiagnostics(uri, (d) => d.some((x) => x.code === 'simulation-cut' || x.code === 'simulation-skipped' || x.severity === 1), 30_000);
        await client.save(uri);
        const found = await next;
        return { found, elapsed: Date.now() - started };
    }

    it('returns a run that would go on for hours within its time budget, saying it was cut', async () => {
        const { found, elapsed } = await save('endless.vmdef', ENDLESS);
        expect(found.map((d) => d.code)).toContain('simulation-cut');
        expect(elapsed).toBeGreaterThanOrEqual(ON_SAVE_TIME_BUDGET_MS);
        expect(elapsed).toBeLessThan(ON_SAVE_TIME_BUDGET_MS + 5_000);
    });

    it('answers `cpu 1000000000 cores` at once, without growing the server', async () => {
        const { found, elapsed } = await save('huge.vmdef', HUGE);
        expect(elapsed).toBeLessThan(5_000);
        // not simulated: by this budget, or because validation already calls the size an error
        expect(found.some((d) => d.code === 'simulation-skipped' || d.severity === 1)).toBe(true);
        expect(found.some((d) => d.code === 'cycle-limit' || d.code === 'simulation-cut')).toBe(false);
        const rss = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${client.process.pid}/status`, 'utf8'))![1]) * 1024;
        expect(rss).toBeLessThan(1024 * 2 ** 20);
        expect(client.alive).toBe(true);
    });
});
