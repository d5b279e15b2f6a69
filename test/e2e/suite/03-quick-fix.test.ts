// Quick fixes from the language server, applied the way the light bulb applies them: the
// diagnostic they fix goes away. Every edit is reverted (the examples stay as shipped).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostics, exampleFiles, expectationsOf, extensionApi, mismatches, openInEditor, republished, waitForDiagnostics } from './helpers.js';

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
            const sameSpot = (d: vscode.Diagnostic) => codeOf(d) === code && d.range.start.line === target.range.start.line;

            // VS Code's command does not say which diagnostic an action fixes (several may share
            // the range), so each quick fix offered there is tried, the preferred one first.
            const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
                'vscode.executeCodeActionProvider', uri, target.range, vscode.CodeActionKind.QuickFix.value,
            );
            const fixes = (actions ?? []).filter((a) => a.edit || a.command).sort((a, b) => Number(!!b.isPreferred) - Number(!!a.isPreferred));
            assert.ok(fixes.length > 0, `no quick fix offered at ${path.basename(file)}:${target.range.start.line + 1} (${code})`);
            const tried: string[] = [];
            let fixed: string | undefined;
            for (const fix of fixes) {
                const after = await applyAndWait(editor, fix);
                tried.push(`"${fix.title}" → ${describeDiagnostics(after.filter((d) => d.range.start.line === target.range.start.line))}`);
                if (!after.some(sameSpot)) fixed = fix.title;
                await revert(editor);
                if (fixed) break;
            }
            assert.ok(fixed, `no quick fix removed ${code} on line ${target.range.start.line + 1}:\n${tried.join('\n')}`);
            // Reverted: the diagnostic is back, so the test saw the fix do the work.
            await waitForDiagnostics(api, uri, (d) => mismatches(expected, d).length === 0, 20_000);
        });
    }
});

async function applyAndWait(editor: vscode.TextEditor, fix: vscode.CodeAction): Promise<vscode.Diagnostic[]> {
    const uri = editor.document.uri;
    const wait = republished(uri);
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), `applying "${fix.title}" failed`);
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.ok(editor.document.isDirty, `"${fix.title}" changed nothing`);
    return wait;
}

async function revert(editor: vscode.TextEditor): Promise<void> {
    if (!editor.document.isDirty) return;
    const wait = republished(editor.document.uri);
    await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(editor.document.isDirty, false, 'the quick fix could not be reverted');
    await wait;
}
