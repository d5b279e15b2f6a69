// "vmdef: Show Simulation Report": the page of `vmdef report` in a webview beside the editor.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exampleFiles, extensionApi, openInEditor, screenshot, until } from './helpers.js';

function reportTabs(): vscode.Tab[] {
    return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('vmdef.report'));
}

describe('vmdef: Show Simulation Report', () => {
    it('opens the report of type1-vs-type2.vmdef beside the editor', async () => {
        const api = await extensionApi();
        const file = exampleFiles().find((f) => path.basename(f) === 'type1-vs-type2.vmdef');
        assert.ok(file);
        const editor = await openInEditor(file);
        await vscode.commands.executeCommand('vmdef.showReport', editor.document.uri);
        const tab = await until('the report tab', () => reportTabs()[0]);
        assert.equal(tab.label, 'Report: type1-vs-type2.vmdef');
        assert.notEqual(tab.group.viewColumn, vscode.ViewColumn.One, 'the report should open beside the editor');
        const html = api.getReportHtml();
        assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
        assert.doesNotMatch(html, /vmdef-report-error/, `vmdef report failed:\n${html.replace(/<[^>]+>/g, ' ')}`);
        // The report names both hypervisors and their VMs.
        for (const name of ['baremetal', 'hosted']) assert.ok(html.includes(name), `the report does not mention ${name}`);
        await screenshot('report');
    });

    it('refreshes the report when the file is saved', async () => {
        const api = await extensionApi();
        // A file of its own, outside the workspace, with names no example uses.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-e2e-report-'));
        const file = path.join(dir, 'refresh.vmdef');
        fs.writeFileSync(file, [
            'hardware e2e_box { cpu 2 cores memory 2 GiB device com1: serial }',
            'hypervisor e2e_hv: type1 on e2e_box',
            'vm e2e_before: linux on e2e_hv { memory 512 MiB devices com1 run e2e_hello }',
            'program e2e_hello { syscall write(com1, "hi\\n") syscall exit(0) }',
            '',
        ].join('\n'));
        try {
            const editor = await openInEditor(file);
            await vscode.commands.executeCommand('vmdef.showReport', editor.document.uri);
            await until('the first report', () => (api.getReportHtml().includes('e2e_before') ? true : undefined));
            const line = editor.document.lineAt(2);
            const at = line.text.indexOf('e2e_before');
            await editor.edit((edit) => edit.replace(new vscode.Range(2, at, 2, at + 'e2e_before'.length), 'e2e_after'));
            assert.ok(await editor.document.save());
            await until('the report of the saved file', () => (api.getReportHtml().includes('e2e_after') ? true : undefined));
            assert.ok(!api.getReportHtml().includes('e2e_before'));
        } finally {
            await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    after(async () => {
        for (const tab of reportTabs()) await vscode.window.tabGroups.close(tab);
    });
});
