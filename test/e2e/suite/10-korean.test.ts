// The language server in Korean inside real VS Code: `vmdef.language` set to `ko` rewrites the
// diagnostics of an open file in Korean — the same codes on the same lines — and `auto` (VS
// Code's display language, English here) brings the English back.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, exampleFiles, expectationsOf, extensionApi, mismatches, openInEditor, screenshot, waitForDiagnostics } from './helpers.js';

const HANGUL = /[\uac00-\ud7a3]/;

describe('Korean', () => {
    it('vmdef.language ko: the overcommit diagnostics in Korean, codes unchanged; auto: English again', async () => {
        const api = await extensionApi();
        const file = exampleFiles().find((f) => path.basename(f) === 'overcommit.vmdef');
        assert.ok(file, 'examples/overcommit.vmdef is missing');
        const editor = await openInEditor(file);
        const uri = editor.document.uri;
        const expected = expectationsOf(editor.document.getText());
        const cpuOvercommit = (d: readonly vscode.Diagnostic[]) => d.find((x) => codeOf(x) === 'cpu-overcommit');
        const english = await waitForDiagnostics(api, uri, (d) => mismatches(expected, d).length === 0, 20_000);
        assert.match(cpuOvercommit(english)!.message, /^CPU overcommit: 12 vCPUs on 7 usable pCPUs/);

        const config = vscode.workspace.getConfiguration('vmdef');
        await config.update('language', 'ko', vscode.ConfigurationTarget.Global);
        try {
            const korean = await waitForDiagnostics(api, uri,
                (d) => mismatches(expected, d).length === 0 && d.every((x) => HANGUL.test(x.message)), 20_000);
            assert.equal(cpuOvercommit(korean)!.message, 'CPU 오버커밋: vCPU 12개 / 사용 가능한 pCPU 7개 = 1.71:1. 허용된 오버커밋 비율: 1.0 (pCPU 8개 − 예약 1개, 하이퍼바이저 몫)');
            assert.deepEqual(korean.map(codeOf).sort(), english.map(codeOf).sort());
            await vscode.commands.executeCommand('workbench.actions.view.problems');
            await screenshot('diagnostics-korean');
        } finally {
            await config.update('language', undefined, vscode.ConfigurationTarget.Global);
        }
        const back = await waitForDiagnostics(api, uri, (d) => mismatches(expected, d).length === 0 && !d.some((x) => HANGUL.test(x.message)), 20_000);
        assert.equal(cpuOvercommit(back)!.message, cpuOvercommit(english)!.message);
    });
});
