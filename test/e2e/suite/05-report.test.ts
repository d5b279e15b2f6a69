// "vmdef: Show Simulation Report": the page of `vmdef report` in a webview beside the editor.
import * as assert from 'node:assert/strict';
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

    after(async () => {
        for (const tab of reportTabs()) await vscode.window.tabGroups.close(tab);
    });
});
