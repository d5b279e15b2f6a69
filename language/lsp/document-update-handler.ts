// How the workspace follows the editor's documents beyond Langium's defaults.
//
// Closing: Langium keeps a closed document in the workspace with the text it had in the editor.
// For a .vmdef file of the workspace that is what the workspace scan would load anyway (and the
// disk wins again if the editor dropped unsaved edits). But a document that is not such a file
// — an `untitled:` buffer, a `notes.txt` opened as vmdef, a .vmdef outside the workspace
// folders, a deleted file — stayed forever: its names in workspace symbols, phantom
// `duplicate-name` errors in other files, its whole tree held in memory (issue 10). It leaves
// the workspace when closed, and its diagnostics are cleared.
//
// Registration: Langium asks the client to watch files without awaiting the answer; a client
// that refuses sent the rejection nowhere and the server exited. The refusal is logged instead.
import { URI, UriUtils, type TextDocument } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import { DidChangeWatchedFilesNotification, type TextDocumentChangeEvent } from 'vscode-languageserver';
import { isStdlibUri } from '../stdlib.js';

export class VmdefDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly shared: LangiumSharedServices;

    constructor(services: LangiumSharedServices) {
        super(services);
        this.shared = services;
    }

    didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        void this.afterClose(URI.parse(event.document.uri), event.document.getText());
    }

    private async afterClose(uri: URI, text: string): Promise<void> {
        const onDisk = this.isWorkspaceFile(uri) ? await this.diskText(uri) : undefined;
        if (onDisk === undefined) this.fireDocumentUpdate([], [uri]);
        // The editor may have dropped unsaved edits: the workspace goes back to the disk.
        else if (onDisk !== text) this.fireDocumentUpdate([uri], []);
    }

    /** A .vmdef file under a workspace folder (or the standard library): what the workspace scan loads. */
    private isWorkspaceFile(uri: URI): boolean {
        if (uri.scheme !== 'file' || UriUtils.extname(uri) !== '.vmdef') return false;
        if (isStdlibUri(uri)) return true;
        const folders = this.workspaceManager.workspaceFolders ?? [];
        return folders.some((folder) => UriUtils.contains(URI.parse(folder.uri), uri));
    }

    /** The file's text on disk; undefined when it is gone (deleted, or not a file any more). */
    private async diskText(uri: URI): Promise<string | undefined> {
        const files = this.shared.workspace.FileSystemProvider;
        try {
            return (await files.stat(uri)).isFile ? await files.readFile(uri) : undefined;
        } catch {
            return undefined;
        }
    }

    protected override registerFileWatcher(services: LangiumSharedServices): void {
        const connection = services.lsp.Connection;
        const watchers = this.getWatchers();
        if (!connection || watchers.length === 0) return;
        connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((error: unknown) =>
            connection.console.warn(`the client refused to watch files (${(error as Error)?.message ?? error})`));
    }
}
