// Every bundled example, opened in the editor, gets exactly the diagnostics its `// @expect`
// annotations announce (codes and lines), from the real language server through the client.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exampleFiles, expectationsOf, extensionApi, mismatches, openInEditor, screenshot, waitForDiagnostics } from './helpers.js';

describe('diagnostics of the bundled examples', () => {
    const files = exampleFiles();

    it('the examples folder has annotated examples', () => {
        assert.ok(files.length >= 5, `only ${files.length} examples`);
        assert.ok(files.some((f) => expectationsOf(fs.readFileSync(f, 'utf8')).length > 0), 'no example has an @expect annotation');
    });

    for (const file of files) {
        const expected = expectationsOf(fs.readFileSync(file, 'utf8'));
        const label = expected.length ? expected.map((e) => `${e.line + 1}:${e.code}`).join(', ') : 'clean';
        it(`${path.basename(file)}: ${label}`, async () => {
            const api = await extensionApi();
            const editor = await openInEditor(file);
            assert.equal(editor.document.languageId, 'vmdef');
            let last: readonly vscode.Diagnostic[] = [];
            try {
                await waitForDiagnostics(api, editor.document.uri, (d) => {
                    last = d;
                    return mismatches(expected, d).length === 0;
                }, 20_000);
            } catch (e) {
                assert.fail(`${path.basename(file)}:\n${mismatches(expected, last).join('\n')}\n(${(e as Error).message})`);
            }
            if (path.basename(file) === 'popek-goldberg.vmdef') {
                // Guest code with privileged, sensitive-unprivileged and data instructions side by side.
                const line = expected[0]?.line ?? 0;
                editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenter);
                await screenshot('highlighting');
            }
        });
    }

    it('shows the overcommit errors in the editor and the Problems panel', async () => {
        const api = await extensionApi();
        const file = files.find((f) => path.basename(f) === 'overcommit.vmdef');
        assert.ok(file, 'examples/overcommit.vmdef is missing');
        const editor = await openInEditor(file);
        const expected = expectationsOf(editor.document.getText());
        const diagnostics = await waitForDiagnostics(api, editor.document.uri, (d) => mismatches(expected, d).length === 0, 20_000);
        assert.ok(diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
        await vscode.commands.executeCommand('workbench.actions.view.problems');
        // Back to the editor, cursor on the hypervisor: the squiggle and the status bar item show.
        const shown = await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
        const line = expected[0].line;
        shown.selection = new vscode.Selection(line, 14, line, 14);
        await api.refreshUsage(shown);
        await screenshot('diagnostics');
    });
});
