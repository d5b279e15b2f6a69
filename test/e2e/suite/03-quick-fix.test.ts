// Quick fixes from the language server, applied the way the light bulb applies them: the
// diagnostic they fix goes away. The edit is reverted afterwards (the example stays as shipped).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostics, exampleFiles, expectationsOf, extensionApi, mismatches, openInEditor, waitForDiagnostics } from './helpers.js';

/** Codes whose fix is mechanical (LANGUAGE.md §7): raise the ratio, switch to binary/hardware. */
const FIXABLE = ['cpu-overcommit', 'memory-overcommit', 'fidelity-violation'];

describe('quick fixes', () => {
    for (const code of FIXABLE) {
        it(`fixes ${code}`, async () => {
            const api = await extensionApi();
            const file = exampleFiles().find((f) => expectationsOf(fs.readFileSync(f, 'utf8')).some((e) => e.code === code));
            assert.ok(file, `no example expects ${code}`);
            const editor = await openInEditor(file);
            const uri = editor.document.uri;
            const expected = expectationsOf(editor.document.getText());
            const before = await waitForDiagnostics(api, uri, (d) => mismatches(expected, d).length === 0, 20_000);
            const target = before.find((d) => codeOf(d) === code)!;

            const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
                'vscode.executeCodeActionProvider', uri, target.range, vscode.CodeActionKind.QuickFix.value,
            );
            const fixes = (actions ?? []).filter((a) => a.diagnostics?.some((d) => codeOf(d) === code));
            assert.ok(fixes.length > 0, `no quick fix for ${code} at ${path.basename(file)}:${target.range.start.line + 1}; code actions: ${(actions ?? []).map((a) => a.title).join(', ') || '(none)'}`);
            const fix = fixes.find((a) => a.isPreferred) ?? fixes[0];
            try {
                if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), `applying "${fix.title}" failed`);
                if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
                assert.ok(editor.document.isDirty, `"${fix.title}" changed nothing`);
                const sameSpot = (d: vscode.Diagnostic) => codeOf(d) === code && d.range.start.line === target.range.start.line;
                try {
                    await waitForDiagnostics(api, uri, (d) => !d.some(sameSpot), 20_000);
                } catch {
                    assert.fail(`after "${fix.title}" ${code} is still reported:\n${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`);
                }
            } finally {
                await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One });
                await vscode.commands.executeCommand('workbench.action.files.revert');
            }
            assert.equal(editor.document.isDirty, false);
            // Reverted: the diagnostic is back, so the test saw the fix do the work.
            await waitForDiagnostics(api, uri, (d) => mismatches(expected, d).length === 0, 20_000);
        });
    }
});
