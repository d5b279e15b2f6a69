// The VS Code extension: starts the language server, and adds the status bar usage item,
// Run / Debug / Report commands and code lenses, and the getting-started walkthrough.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { HypervisorCodeLenses } from './code-lens.js';
import { CONNECTED_FILES_TIMEOUT_MS, requestConnectedFiles } from './connected-files.js';
import { activateDebug, debugFile } from './debug.js';
import { createLanguageClient, LANGUAGE_ID } from './language-client.js';
import { ReportView } from './report-view.js';
import { RunCommand } from './run-command.js';
import { UsageStatusBar } from './status-bar.js';

/** What `vscode.extensions.getExtension('vmdef.vmdef').exports` offers (tests, other extensions). */
export interface VmdefApi {
    /** Resolves once the language server runs. */
    ready: Promise<void>;
    /** Everything "vmdef: Run File" wrote to the "vmdef" output channel. */
    getRunOutput(): string;
    /** Whether the language server has published diagnostics (even none) for the document. */
    diagnosticsPublished(uri: vscode.Uri): boolean;
    /** The HTML the report webview shows ('' when it is closed). */
    getReportHtml(): string;
    /** The status bar item for the cursor's hypervisor, after asking the server for `editor`. */
    refreshUsage(editor: vscode.TextEditor | undefined): Promise<ReturnType<UsageStatusBar['current']>>;
    /** Milliseconds: `activate` itself, and activation until the language server answered `initialize`. */
    timings(): { activateMs: number; serverReadyMs: number | undefined };
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): VmdefApi {
    const started = performance.now();
    let serverReadyMs: number | undefined;

    client = createLanguageClient(context);
    const ready = client.start().then(() => {
        serverReadyMs = performance.now() - started;
    });
    // A server that fails to start is reported by the client in its output channel; `ready`
    // still rejects for API users, but an unobserved rejection must not reach the host.
    ready.catch(() => undefined);
    // Run File, the report and F5 act on a file and the files connected to it (server/connected-files.ts).
    const connected = (uri: vscode.Uri) =>
        requestConnectedFiles(client, uri.fsPath, client?.code2ProtocolConverter.asUri(uri) ?? uri.toString(), CONNECTED_FILES_TIMEOUT_MS, vscode.l10n.t);
    const runner = new RunCommand(context, connected);
    const report = new ReportView(context, connected);
    const usage = new UsageStatusBar(client);
    context.subscriptions.push(
        runner,
        report,
        usage,
        vscode.commands.registerCommand('vmdef.runFile', (uri?: vscode.Uri) => runner.run(uri)),
        vscode.commands.registerCommand('vmdef.debugFile', (uri?: vscode.Uri) => debugFile(uri)),
        vscode.commands.registerCommand('vmdef.showReport', (uri?: vscode.Uri) => report.show(uri)),
        vscode.commands.registerCommand('vmdef.openExample', () => openExample(context)),
        vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, new HypervisorCodeLenses()),
    );
    activateDebug(context, connected);
    const activateMs = performance.now() - started;

    return {
        ready,
        getRunOutput: () => runner.output(),
        diagnosticsPublished: (uri) => client?.diagnostics?.has(uri) ?? false,
        getReportHtml: () => report.currentHtml(),
        refreshUsage: async (editor) => {
            await usage.update(editor);
            return usage.current();
        },
        timings: () => ({ activateMs, serverReadyMs }),
    };
}

export function deactivate(): Promise<void> | undefined {
    return client?.stop();
}

/** The walkthrough's first step: the bundled Type 1 example, opened read-write from the extension. */
async function openExample(context: vscode.ExtensionContext): Promise<void> {
    const uri = vscode.Uri.joinPath(context.extensionUri, 'examples', 'hello-type1.vmdef');
    await vscode.window.showTextDocument(uri, { preview: false });
}
