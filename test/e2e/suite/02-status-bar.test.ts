// The status bar item for the hypervisor under the cursor: vCPUs and memory in use against
// what the host has left after reservations, red beyond the allowed overcommit. The figures
// come from the language server (`vmdef/hypervisorUsage`).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exampleFiles, extensionApi, lineOf, openInEditor } from './helpers.js';

function example(name: string): string {
    const file = exampleFiles().find((f) => path.basename(f) === name);
    assert.ok(file, `examples/${name} is missing`);
    return file;
}

describe('status bar: hypervisor usage', () => {
    it('overcommitted hypervisor: 12 of 7 usable vCPUs, 40 of 30 GiB, red', async () => {
        const api = await extensionApi();
        const editor = await openInEditor(example('overcommit.vmdef'));
        const line = lineOf(editor.document, /^hypervisor esx/);
        editor.selection = new vscode.Selection(line, 12, line, 12);
        const item = await api.refreshUsage(editor);
        assert.ok(item, 'no status bar item for the hypervisor under the cursor');
        assert.match(item.text, /esx 12\/7 vCPU · 40\/30 GiB$/);
        assert.equal(item.overcommitted, true);
        assert.equal(item.usage.cpuRatioAllowed, 1);
    });

    it('cursor in a VM: the hypervisor it runs on, within capacity', async () => {
        const api = await extensionApi();
        const editor = await openInEditor(example('hello-type1.vmdef'));
        const line = lineOf(editor.document, /^\s+vcpus 1/);
        editor.selection = new vscode.Selection(line, 6, line, 6);
        const item = await api.refreshUsage(editor);
        assert.ok(item, 'no status bar item for the VM under the cursor');
        assert.match(item.text, /hv 1\/4 vCPU · 1\/8 GiB$/);
        assert.equal(item.overcommitted, false);
    });

    it('type 2: the host OS reservation is not usable', async () => {
        const api = await extensionApi();
        const editor = await openInEditor(example('type1-vs-type2.vmdef'));
        const line = lineOf(editor.document, /^hypervisor hosted/);
        editor.selection = new vscode.Selection(line, 12, line, 12);
        const item = await api.refreshUsage(editor);
        assert.ok(item);
        assert.match(item.text, /hosted 2\/7 vCPU · 4\/30 GiB$/);
    });

    it('no hypervisor under the cursor: the item is hidden', async () => {
        const api = await extensionApi();
        const editor = await openInEditor(example('hello-type1.vmdef'));
        const line = lineOf(editor.document, /^program countdown/);
        editor.selection = new vscode.Selection(line, 3, line, 3);
        assert.equal(await api.refreshUsage(editor), undefined);
    });
});
