// What the extension does once its language client exists, on the desktop (extension.ts) and in
// VS Code for the Web (extension.browser.ts) alike: the status bar usage item, the Run / Debug /
// Report commands and code lenses, the walkthrough's example, and the API for tests. Each host
// brings its own client (a Node process or a web worker) and its own way to run, report and
// debug (the CLI in a child process, or the simulator inline); no Node built-in here.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { HypervisorCodeLenses } from './code-lens.js';
import type { CompareCommand } from './compare-command.js';
import { LANGUAGE_ID } from './language-id.js';
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

/** Run File and its output channel. */
export interface Runner extends vscode.Disposable {
    run(uri: vscode.Uri | undefined): Promise<unknown>;
    output(): string;
}

/** The simulation report's webview. */
export interface Reporter extends vscode.Disposable {
    show(uri: vscode.Uri | undefined): Promise<void>;
    currentHtml(): string;
}

/** A host's way to run, report and debug (the client is started before these are made). */
export interface HostParts {
    runner: Runner;
    report: Reporter;
    comparer: CompareCommand;
    debugFile(uri: vscode.Uri | undefined): Promise<boolean>;
    /** Registers the debug adapter and configuration provider. */
    activateDebug(): void;
}

export function activateVmdef(context: vscode.ExtensionContext, client: BaseLanguageClient, parts: (client: BaseLanguageClient) => HostParts): VmdefApi {
    const started = performance.now();
    let serverReadyMs: number | undefined;

    const ready = client.start().then(() => {
        serverReadyMs = performance.now() - started;
    });
    // A server that fails to start is reported by the client in its output channel; `ready`
    // still rejects for API users, but an unobserved rejection must not reach the host.
    ready.catch(() => undefined);
    const { runner, report, comparer, debugFile, activateDebug } = parts(client);
    const usage = new UsageStatusBar(client);
    context.subscriptions.push(
        runner,
        report,
        comparer,
        usage,
        vscode.commands.registerCommand('vmdef.runFile', (uri?: vscode.Uri) => runner.run(uri)),
        vscode.commands.registerCommand('vmdef.debugFile', (uri?: vscode.Uri) => debugFile(uri)),
        vscode.commands.registerCommand('vmdef.showReport', (uri?: vscode.Uri) => report.show(uri)),
        // resolves with the side-by-side view's URI (tests read it)
        vscode.commands.registerCommand('vmdef.compareWithNative', (uri?: vscode.Uri, vm?: string) => comparer.run(uri, vm)),
        vscode.commands.registerCommand('vmdef.openExample', () => openExample(context)),
        vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, new HypervisorCodeLenses()),
    );
    activateDebug();
    const activateMs = performance.now() - started;

    return {
        ready,
        getRunOutput: () => runner.output(),
        diagnosticsPublished: (uri) => client.diagnostics?.has(uri) ?? false,
        getReportHtml: () => report.currentHtml(),
        refreshUsage: async (editor) => {
            await usage.update(editor);
            return usage.current();
        },
        timings: () => ({ activateMs, serverReadyMs }),
    };
}

/** The walkthrough's first step: the bundled Type 1 example, opened read-write from the extension. */
async function openExample(context: vscode.ExtensionContext): Promise<void> {
    const uri = vscode.Uri.joinPath(context.extensionUri, 'examples', 'hello-type1.vmdef');
    await vscode.window.showTextDocument(uri, { preview: false });
}
