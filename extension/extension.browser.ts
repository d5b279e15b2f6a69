// The VS Code extension in VS Code for the Web (vscode.dev, github.dev, code-server's web worker
// extension host; package.json `browser`): the language server in a web worker, Run File, the
// report, Compare with Native and the debugger inline in the extension host (the simulator is
// pure: no process to spawn), every file read through vscode.workspace.fs. extension/activation.ts adds the rest,
// as on the desktop.
import '../debugger/set-immediate.js';
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import stdlibTexts from 'vmdef:stdlib';
import { localeOf, setLocale } from '../l10n/locale.js';
import { setStdlibSource } from '../language/stdlib.js';
import { activateVmdef, type VmdefApi } from './activation.js';
import { CONNECTED_FILES_TIMEOUT_MS, requestConnectedFiles } from './connected-files.js';
import { CompareCommand } from './compare-command.js';
import { DivergenceMarks } from './divergence-marks.js';
import { ReportView } from './report-view.js';
import { RunCommand } from './run-command.js';
import { activateWebDebug, debugFileWeb } from './web/debug.js';
import { createWorkerLanguageClient } from './web/language-client.js';
import { compareInline } from './web/compare-inline.js';
import { reportInline, runInline } from './web/run-inline.js';

let client: BaseLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<VmdefApi> {
    // The simulator and the debugger write in VS Code's display language (one per window).
    setLocale(localeOf(vscode.env.language));
    // The standard library is built in; its documents are said to be where the extension ships
    // it, so a stack frame in a handler opens the shipped file.
    const stdlib = vscode.Uri.joinPath(context.extensionUri, 'language', 'stdlib');
    setStdlibSource(stdlib.path, stdlibTexts);
    const divergences = new DivergenceMarks();
    client = await createWorkerLanguageClient(context, divergences.middleware);
    return activateVmdef(context, client, (started) => {
        // The server answers with URIs here (`uris`): the files live in virtual file systems.
        const connected = (uri: vscode.Uri) => {
            const name = started.code2ProtocolConverter.asUri(uri);
            return requestConnectedFiles(started, name, name, CONNECTED_FILES_TIMEOUT_MS, vscode.l10n.t, true);
        };
        return {
            runner: new RunCommand(connected, runInline),
            report: new ReportView(connected, reportInline),
            comparer: new CompareCommand(connected, compareInline, divergences),
            debugFile: debugFileWeb,
            activateDebug: () => activateWebDebug(context, connected, stdlib),
        };
    });
}

export function deactivate(): Promise<void> | undefined {
    return client?.stop();
}
