// "vmdef: Run File": the file and the files connected to it by references (a VM here, its
// hypervisor there), as the language server sees the workspace, simulated — each VM's console
// output and the summary written to the "vmdef" output channel as `vmdef run` prints them. How
// the simulation runs is the host's (a `RunExecutor`): the CLI in a child process on the desktop
// (run-cli.ts), the simulator inline in VS Code for the Web (web/run-inline.ts).
import * as vscode from 'vscode';
import type { ConnectedFiles } from './connected-files.js';
import { baseName, documentToRun } from './documents.js';

export { documentToRun };

/** The files to pass along with a file (extension.ts asks the language server). */
export type ConnectedFilesOf = (file: vscode.Uri) => Promise<ConnectedFiles>;

/** Runs `document` with its connected files, writing to the channel through `append`; returns the closing line. */
export type RunExecutor = (run: {
    document: vscode.TextDocument;
    connected: ConnectedFiles;
    token: vscode.CancellationToken;
    append: (text: string) => void;
}) => Promise<string>;

export class RunCommand implements vscode.Disposable {
    private readonly channel: vscode.OutputChannel;
    /** What the channel received since activation: output channels cannot be read back through the API. */
    private received = '';

    constructor(private readonly connected: ConnectedFilesOf, private readonly execute: RunExecutor) {
        this.channel = vscode.window.createOutputChannel('vmdef');
    }

    /** Everything written to the "vmdef" channel so far (for tests, through the extension's API). */
    output(): string {
        return this.received;
    }

    async run(uri: vscode.Uri | undefined): Promise<void> {
        const document = await documentToRun(uri);
        if (!document) {
            void vscode.window.showErrorMessage(vscode.l10n.t('vmdef: open a .vmdef file to run it.'));
            return;
        }
        const name = baseName(document.uri);
        this.channel.show(true);
        const closing = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('vmdef: running {0}', name), cancellable: true },
            async (_progress, token) => {
                // The CLI reads the files from disk: run what the user sees.
                if (document.isDirty) await document.save();
                const connected = await this.connected(document.uri);
                if (connected.fallback) this.append(vscode.l10n.t('vmdef: {0}: running {1} alone', connected.fallback, name) + '\n');
                return this.execute({ document, connected, token, append: (text) => this.append(text) });
            },
        );
        this.append(closing + '\n\n');
    }

    private append(text: string): void {
        this.received += text;
        this.channel.append(text);
    }

    dispose(): void {
        this.channel.dispose();
    }
}
