// "vmdef: Run File": `vmdef run FILE OTHER...` in a child process — the file and the files
// connected to it by references (a VM here, its hypervisor there), as the language server
// sees the workspace — each VM's console output and the summary streamed to the "vmdef"
// output channel as the CLI prints them.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runCli, type CliResult } from './cli-process.js';
import { samePath, type ConnectedFiles } from './connected-files.js';

/** The files to pass along with a file (extension.ts asks the language server). */
export type ConnectedFilesOf = (file: vscode.Uri) => Promise<ConnectedFiles>;

export class RunCommand implements vscode.Disposable {
    private readonly channel: vscode.OutputChannel;
    /** What the channel received since activation: output channels cannot be read back through the API. */
    private received = '';

    constructor(private readonly context: vscode.ExtensionContext, private readonly connected: ConnectedFilesOf) {
        this.channel = vscode.window.createOutputChannel('vmdef');
    }

    /** Everything written to the "vmdef" channel so far (for tests, through the extension's API). */
    output(): string {
        return this.received;
    }

    async run(uri: vscode.Uri | undefined): Promise<CliResult | undefined> {
        const document = await documentToRun(uri);
        if (!document) {
            void vscode.window.showErrorMessage(vscode.l10n.t('vmdef: open a .vmdef file to run it.'));
            return undefined;
        }
        const file = document.uri.fsPath;
        this.channel.show(true);
        const result = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('vmdef: running {0}', path.basename(file)), cancellable: true },
            async (_progress, token) => {
                // The CLI reads the files from disk: run what the user sees.
                if (document.isDirty) await document.save();
                const connected = await this.connected(document.uri);
                if (connected.fallback) this.append(vscode.l10n.t('vmdef: {0}: running {1} alone', connected.fallback, path.basename(file)) + '\n');
                await saveDocuments(connected.files);
                const args = ['run', ...settingsArguments(document.uri), ...connected.files];
                this.append(`$ vmdef ${args.map(quoteIfNeeded).join(' ')}\n`);
                return runCli(this.context, args, { cwd: path.dirname(file), token, onOutput: (text) => this.append(text) });
            },
        );
        this.append((result.code === null ? vscode.l10n.t('[vmdef run was stopped]') : vscode.l10n.t('[exit code {0}]', result.code)) + '\n\n');
        return result;
    }

    private append(text: string): void {
        this.received += text;
        this.channel.append(text);
    }

    dispose(): void {
        this.channel.dispose();
    }
}

/** `vmdef.maxCycles` / `vmdef.costPreset` as `vmdef run` / `vmdef report` options (left out when not set). */
export function settingsArguments(scope: vscode.Uri): string[] {
    const config = vscode.workspace.getConfiguration('vmdef', scope);
    const args: string[] = [];
    const maxCycles = config.get<number>('maxCycles');
    if (typeof maxCycles === 'number' && maxCycles > 0) args.push('--max-cycles', String(Math.floor(maxCycles)));
    // Only a changed preset is passed, so the default never depends on the CLI knowing the option.
    const preset = config.get<string>('costPreset');
    if (preset && preset !== 'modern') args.push('--cost-preset', preset);
    return args;
}

/** Saves the open documents among `files` that have unsaved changes (the CLI and the debugger read the disk). */
export async function saveDocuments(files: string[]): Promise<void> {
    for (const document of vscode.workspace.textDocuments) {
        if (document.isDirty && document.uri.scheme !== 'untitled' && files.some((f) => samePath(f, document.uri.fsPath))) await document.save();
    }
}

/** The file a command acts on: the argument (code lens, explorer) or the active .vmdef editor. */
export async function documentToRun(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === 'vmdef') return active;
    // A walkthrough or webview has the focus: the .vmdef file visible beside it.
    return vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.languageId === 'vmdef');
}

function quoteIfNeeded(arg: string): string {
    return /[\s"']/.test(arg) ? JSON.stringify(arg) : arg;
}
