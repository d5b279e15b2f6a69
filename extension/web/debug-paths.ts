// The debug session names files by path, as on the desktop; VS Code for the Web's files are URIs
// of other schemes (`vscode-vfs://github/…`). Between the two, every DAP message's `source.path`
// is translated: a URI VS Code sends (a breakpoint's file) becomes its path for the session, a
// path the session sends (a stack frame's file) becomes the URI again, so the editor opens the
// right file. The session stays the one the desktop runs.
import * as vscode from 'vscode';
import { translateSourcePaths, URI_LIKE } from './source-paths.js';

/** What VS Code needs of an inline adapter (the DAP session is one). */
export interface InlineAdapter {
    handleMessage(message: vscode.DebugProtocolMessage): void;
    onDidSendMessage: vscode.Event<vscode.DebugProtocolMessage>;
    dispose(): void;
}

/** `session` behind a translation of file names: `toPath` on the way in, `toUri` on the way out. */
export class UriTranslatingAdapter implements vscode.DebugAdapter {
    private readonly sent = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
    readonly onDidSendMessage = this.sent.event;
    private readonly subscription: vscode.Disposable;

    constructor(private readonly session: InlineAdapter, private readonly toUri: (path: string) => vscode.Uri) {
        this.subscription = session.onDidSendMessage((message) => this.sent.fire(translateSourcePaths(message, (path) => this.toUri(path).toString())));
    }

    handleMessage(message: vscode.DebugProtocolMessage): void {
        this.session.handleMessage(translateSourcePaths(message, (path) => (URI_LIKE.test(path) ? vscode.Uri.parse(path).path : path)));
    }

    dispose(): void {
        this.subscription.dispose();
        this.sent.dispose();
        this.session.dispose();
    }
}
