// A split workspace in the real VS Code: the VM in guest.vmdef runs on the hypervisor declared
// in host.vmdef (test/fixtures/workspaces/split-run). Run File, the report and Debug File on
// guest.vmdef ask the language server for the connected files and pass them along: the VM's
// console output, exit 0, a report, a debug session stopped in guest.vmdef. An unrelated file
// with errors, open beside them, stays out (it would fail the run), and an unsaved edit of
// host.vmdef is saved first (the CLI reads the disk).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { consoleExpectationsOf, extensionApi, EXTENSION_ID, openInEditor, until } from './helpers.js';

/** The bundle runs from out/test/e2e/suite/: the fixtures are in the source tree. */
const FIXTURE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'workspaces', 'split-run');

describe('split workspace: Run File, report and Debug pass the connected files', () => {
    let dir: string;
    let guest: string;
    let host: string;
    let unrelated: string;

    before(async () => {
        // a copy: the test edits host.vmdef and saves it
        dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-e2e-split-')));
        for (const name of ['guest.vmdef', 'host.vmdef']) fs.copyFileSync(path.join(FIXTURE, name), path.join(dir, name));
        guest = path.join(dir, 'guest.vmdef');
        host = path.join(dir, 'host.vmdef');
        // shares nothing with the two, and has an error (memory without a unit): passed along, it would fail the run
        unrelated = path.join(dir, 'unrelated.vmdef');
        fs.writeFileSync(unrelated, 'hardware split_unrelated {\n    cpu 2 cores\n    memory 4\n}\n');
        await extensionApi();
        // The folder is not the window's workspace: opening the files is how the server gets to know them.
        await vscode.workspace.openTextDocument(unrelated);
        await vscode.workspace.openTextDocument(host);
    });

    after(async () => {
        if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it('Run File on guest.vmdef: `vmdef run guest.vmdef host.vmdef`, the VM\'s console output, exit code 0; host.vmdef saved first', async () => {
        const api = await extensionApi();
        const hostDocument = await vscode.workspace.openTextDocument(host);
        const edit = new vscode.WorkspaceEdit();
        edit.insert(hostDocument.uri, new vscode.Position(0, 0), '// edited, not saved, before the run\n');
        assert.ok(await vscode.workspace.applyEdit(edit));
        assert.ok(hostDocument.isDirty);

        const editor = await openInEditor(guest);
        const before = api.getRunOutput().length;
        await vscode.commands.executeCommand('vmdef.runFile', editor.document.uri);
        const received = api.getRunOutput().slice(before);

        const commandLine = received.split('\n').find((l) => l.startsWith('$ vmdef run'));
        assert.equal(commandLine, `$ vmdef run ${guest} ${host}`, `the channel got:\n${received}`);
        assert.doesNotMatch(received, /unrelated|did not answer|could not answer|alone/, `the channel got:\n${received}`);
        const expected = consoleExpectationsOf(editor.document.getText());
        assert.deepEqual(expected.map((e) => e.vm), ['builder']);
        assert.ok(received.includes(expected[0].text), `the VM's console output "${expected[0].text}" is not in the channel:\n${received}`);
        assert.match(received, /^builder\s+desktop_hv\s+halted\s/m);
        assert.match(received, /\[exit code 0\]/);

        assert.equal(hostDocument.isDirty, false, 'host.vmdef was not saved before the run');
        assert.match(fs.readFileSync(host, 'utf8'), /^\/\/ edited, not saved, before the run\n/);
    });

    it('the report of guest.vmdef is made of both files', async () => {
        const api = await extensionApi();
        const editor = await openInEditor(guest);
        await vscode.commands.executeCommand('vmdef.showReport', editor.document.uri);
        const html = await until('the report', () => api.getReportHtml() || undefined);
        assert.doesNotMatch(html, /vmdef-report-error/, `vmdef report failed:\n${html.replace(/<[^>]+>/g, ' ')}`);
        for (const name of ['builder', 'desktop_hv']) assert.ok(html.includes(name), `the report does not mention ${name}`);
        await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
    });

    it('Debug File on guest.vmdef: the launch configuration gets files = [host.vmdef], and the session stops in guest.vmdef', async function () {
        const registered = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes?.debuggers ?? []).some((d: { type: string }) => d.type === 'vmdef');
        if (!registered) this.skip();
        const stops: { reason: string; threadId: number }[] = [];
        const tracker = vscode.debug.registerDebugAdapterTrackerFactory('vmdef', {
            createDebugAdapterTracker: () => ({
                onDidSendMessage: (message: { type: string; event?: string; body?: { reason: string; threadId: number } }) => {
                    if (message.type === 'event' && message.event === 'stopped' && message.body) stops.push(message.body);
                },
            }),
        });
        try {
            const editor = await openInEditor(guest);
            assert.equal(await vscode.commands.executeCommand('vmdef.debugFile', editor.document.uri), true);
            const session = await until('the vmdef debug session', () => vscode.debug.activeDebugSession);
            assert.equal(session.configuration.program, guest);
            assert.deepEqual(session.configuration.files, [host]);
            const entry = await until('the stop on entry', () => stops[0], 20_000);
            assert.equal(entry.reason, 'entry');
            const { stackFrames } = await session.customRequest('stackTrace', { threadId: entry.threadId, startFrame: 0, levels: 20 });
            const top = stackFrames[0] as { name: string; source?: { path?: string } };
            assert.equal(top.name, 'greet');
            const file = top.source?.path ?? '';
            assert.equal(file.includes('://') ? vscode.Uri.parse(file).fsPath : file, guest);
            await vscode.debug.stopDebugging(session);
            await until('the session to end', () => (vscode.debug.activeDebugSession ? undefined : true));
        } finally {
            tracker.dispose();
        }
    });
});
