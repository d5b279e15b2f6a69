// "vmdef: Run File" runs `vmdef run FILE` and streams what it prints to the "vmdef" output
// channel: each VM's console output, then the summary.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { consoleExpectationsOf, exampleFiles, extensionApi, EXTENSION_ID, openInEditor, screenshot } from './helpers.js';

describe('vmdef: Run File', () => {
    const runnable = exampleFiles().filter((f) => consoleExpectationsOf(fs.readFileSync(f, 'utf8')).length > 0);

    it('some example states its console output', () => {
        assert.ok(runnable.length > 0, 'no example has a // @console annotation');
    });

    for (const file of runnable) {
        it(`${path.basename(file)}: the output channel gets the console output and the summary`, async () => {
            const api = await extensionApi();
            const editor = await openInEditor(file);
            const before = api.getRunOutput().length;
            await vscode.commands.executeCommand('vmdef.runFile', editor.document.uri);
            const received = api.getRunOutput().slice(before);

            // The channel shows exactly what the command line prints for the same file.
            const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
            const cli = spawnSync(process.execPath, [path.join(extensionPath, 'out', 'cli.js'), 'run', file], {
                encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 60_000,
            });
            assert.equal(cli.status, 0, `vmdef run ${path.basename(file)} failed:\n${cli.stderr}${cli.stdout}`);
            assert.ok(received.includes(cli.stdout), `the channel did not get vmdef run's output.\nchannel:\n${received}\ncli:\n${cli.stdout}`);
            assert.match(received, /\[exit code 0\]/);

            for (const { vm, text } of consoleExpectationsOf(editor.document.getText())) {
                for (const line of text.split('\n').filter(Boolean)) {
                    assert.ok(received.includes(line), `VM ${vm}: "${line}" missing from the channel:\n${received}`);
                }
            }
            if (path.basename(file) === 'hello-type1.vmdef') await screenshot('run-output');
        });
    }

    it('vmdef.maxCycles bounds the run (--max-cycles)', async () => {
        const api = await extensionApi();
        const file = exampleFiles().find((f) => path.basename(f) === 'type1-vs-type2.vmdef');
        assert.ok(file);
        const config = vscode.workspace.getConfiguration('vmdef');
        await config.update('maxCycles', 1000, vscode.ConfigurationTarget.Global);
        try {
            const before = api.getRunOutput().length;
            await vscode.commands.executeCommand('vmdef.runFile', vscode.Uri.file(file));
            const received = api.getRunOutput().slice(before);
            assert.match(received, /^\$ vmdef run --max-cycles 1000 /m);
            assert.match(received, /cycle limit 1000 reached/);
        } finally {
            await config.update('maxCycles', undefined, vscode.ConfigurationTarget.Global);
        }
    });

    it('a file with errors is not run: the channel shows the diagnostics and exit code 1', async () => {
        const api = await extensionApi();
        const file = exampleFiles().find((f) => path.basename(f) === 'overcommit.vmdef');
        assert.ok(file);
        const before = api.getRunOutput().length;
        await vscode.commands.executeCommand('vmdef.runFile', vscode.Uri.file(file));
        const received = api.getRunOutput().slice(before);
        assert.match(received, /cpu-overcommit/);
        assert.match(received, /\[exit code 1\]/);
    });
});
