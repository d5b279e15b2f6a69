// The VS Code extension on the desktop (and in code-server's Node extension host): the language
// server in a Node process, Run File, the report and Compare with Native through the bundled CLI in a child process,
// the debug adapter inline (extension/activation.ts adds the rest).
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { activateVmdef, type VmdefApi } from './activation.js';
import { CONNECTED_FILES_TIMEOUT_MS, requestConnectedFiles } from './connected-files.js';
import { activateDebug, debugFile } from './debug.js';
import { compareWithCli } from './compare-cli.js';
import { CompareCommand } from './compare-command.js';
import { DivergenceMarks } from './divergence-marks.js';
import { createLanguageClient } from './language-client.js';
import { reportWithCli } from './report-cli.js';
import { ReportView } from './report-view.js';
import { runWithCli } from './run-cli.js';
import { RunCommand } from './run-command.js';

export type { VmdefApi };

let client: BaseLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): VmdefApi {
    const divergences = new DivergenceMarks();
    client = createLanguageClient(context, divergences.middleware);
    return activateVmdef(context, client, (started) => {
        // Run File, the report and F5 act on a file and the files connected to it (server/connected-files.ts).
        const connected = (uri: vscode.Uri) =>
            requestConnectedFiles(started, uri.fsPath, started.code2ProtocolConverter.asUri(uri), CONNECTED_FILES_TIMEOUT_MS, vscode.l10n.t);
        return {
            runner: new RunCommand(connected, runWithCli(context)),
            report: new ReportView(connected, reportWithCli(context)),
            comparer: new CompareCommand(connected, compareWithCli(context), divergences),
            debugFile,
            activateDebug: () => activateDebug(context, connected),
        };
    });
}

export function deactivate(): Promise<void> | undefined {
    return client?.stop();
}
