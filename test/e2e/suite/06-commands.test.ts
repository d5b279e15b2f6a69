// Code lenses, the debug command's hand-off to VS Code's debugger, and the walkthrough's example.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exampleFiles, extensionApi, EXTENSION_ID, openInEditor, screenshot, until } from './helpers.js';

describe('commands and code lenses', () => {
    it('puts Run | Debug above each hypervisor and Compare with Native above each vm', async () => {
        await extensionApi();
        const file = exampleFiles().find((f) => path.basename(f) === 'type1-vs-type2.vmdef')!;
        const editor = await openInEditor(file);
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
        const lines = editor.document.getText().split('\n');
        const hypervisorLines = lines.flatMap((l, i) => (/^hypervisor /.test(l) ? [i] : []));
        const vms = lines.flatMap((l, i) => /^vm (\w+)/.exec(l)?.slice(1).map((name) => ({ line: i, name })) ?? []);
        assert.equal(hypervisorLines.length, 2);
        assert.equal(vms.length, 2);
        const ours = lenses.filter((l) => l.command?.command.startsWith('vmdef.'));
        assert.deepEqual(
            ours.map((l) => `${l.range.start.line}:${l.command!.title}:${l.command!.command}${l.command!.arguments?.[1] ? `:${l.command!.arguments[1]}` : ''}`),
            [
                ...hypervisorLines.flatMap((line) => [`${line}:Run:vmdef.runFile`, `${line}:Debug:vmdef.debugFile`]),
                ...vms.map(({ line, name }) => `${line}:Compare with Native:vmdef.compareWithNative:${name}`),
            ],
        );
        assert.equal(ours[0].command!.arguments?.[0]?.toString(), editor.document.uri.toString());
    });

    it('vmdef: Debug File starts a debug session of type vmdef (or VS Code refuses while no debugger is registered)', async () => {
        await extensionApi();
        const file = exampleFiles().find((f) => path.basename(f) === 'hello-type1.vmdef')!;
        const editor = await openInEditor(file);
        const debuggers: { type: string }[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes?.debuggers ?? [];
        const registered = debuggers.some((d) => d.type === 'vmdef');
        let session: vscode.DebugSession | undefined;
        const listener = vscode.debug.onDidStartDebugSession((s) => (session = s));
        try {
            if (!registered) {
                // VS Code's own refusal: a message to the user (tests refuse to show dialogs, so it throws here).
                const outcome = await vscode.commands.executeCommand<boolean>('vmdef.debugFile', editor.document.uri).then((ok) => String(ok), (e: Error) => e.message);
                assert.match(outcome, /false|Configured debug type 'vmdef' is not supported/);
                assert.equal(session, undefined, 'a debug session started without a vmdef debugger');
            } else {
                const started = await vscode.commands.executeCommand<boolean>('vmdef.debugFile', editor.document.uri);
                assert.equal(started, true, 'the vmdef debugger did not start');
                const s = await until('the debug session', () => session);
                assert.equal(s.type, 'vmdef');
                await vscode.debug.stopDebugging(s);
                // stopDebugging resolves before the session is gone: the next suite must not meet it
                await until('the debug session to end', () => (vscode.debug.activeDebugSession ? undefined : true));
            }
        } finally {
            listener.dispose();
        }
    });

    it('the snippets, expanded by VS Code with their defaults, make a definition that checks clean', async () => {
        const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
        const snippetsFile = path.join(extension.extensionPath, extension.packageJSON.contributes.snippets[0].path);
        const snippets: Record<string, { prefix: string | string[]; body: string[] }> = JSON.parse(fs.readFileSync(snippetsFile, 'utf8'));
        for (const name of ['hardware', 'hypervisor type1', 'hypervisor type2', 'vm', 'program', 'os']) assert.ok(snippets[name], `no ${name} snippet`);
        // Plain text, so the language server never sees these names next to the examples'.
        const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' });
        const editor = await vscode.window.showTextDocument(document, { preview: false });
        const insert = async (name: string, rename: [string, string][] = []) => {
            await editor.insertSnippet(new vscode.SnippetString(snippets[name].body.join('\n')), editor.document.positionAt(editor.document.getText().length));
            // Leave snippet mode with the defaults, then make the second host's names unique.
            await vscode.commands.executeCommand('leaveSnippet');
            let text = editor.document.getText();
            for (const [from, to] of rename) text = text.replace(new RegExp(`\\b${from}\\b(?![\\s\\S]*\\b${from}\\b)`), to);
            await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), text + '\n'));
        };
        for (const name of ['hardware', 'hypervisor type1', 'vm', 'program', 'os', 'os paravirtualized']) await insert(name);
        await insert('hardware', [['server', 'laptop']]);
        await insert('hypervisor type2');
        const text = editor.document.getText();
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-e2e-snippets-'));
        try {
            const file = path.join(dir, 'snippets.vmdef');
            fs.writeFileSync(file, text);
            const check = spawnSync(process.execPath, [path.join(extension.extensionPath, 'out', 'cli.js'), 'check', file], {
                encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 60_000,
            });
            assert.equal(check.status, 0, `the expanded snippets do not check clean:\n${check.stdout}${check.stderr}\n${text}`);
            assert.match(text, /hypervisor xen: type1 on server/);
            assert.match(text, /hypervisor vbox: type2 on laptop \{\n\s+host linux/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it('the walkthrough opens the bundled Type 1 example and its Run step runs it', async () => {
        const api = await extensionApi();
        const walkthroughs = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.walkthroughs;
        assert.equal(walkthroughs[0].steps[0].completionEvents[0], 'onCommand:vmdef.openExample');
        const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
        for (const step of walkthroughs[0].steps) assert.ok(fs.existsSync(path.join(extensionPath, step.media.markdown)), `missing ${step.media.markdown}`);
        await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${walkthroughs[0].id}`, false);
        await screenshot('walkthrough');
        await vscode.commands.executeCommand('vmdef.openExample');
        const active = vscode.window.activeTextEditor;
        assert.ok(active);
        assert.equal(path.basename(active.document.uri.fsPath), 'hello-type1.vmdef');
        assert.equal(active.document.languageId, 'vmdef');
        // The step's link runs the command without arguments: the example beside the walkthrough.
        const before = api.getRunOutput().length;
        await vscode.commands.executeCommand('vmdef.runFile');
        const received = api.getRunOutput().slice(before);
        assert.ok(received.includes(`$ vmdef run ${active.document.uri.fsPath}`), received);
        assert.match(received, /liftoff/);
    });
});
