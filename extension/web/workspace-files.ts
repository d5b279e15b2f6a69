// Answers the web worker server's reads (server/client-file-system.ts) through
// vscode.workspace.fs, which reaches every file system VS Code for the Web mounts (a GitHub
// repository on vscode.dev, code-server's remote disk, a local folder opened in the browser).
// The same limits as on the desktop (io/source-files.ts): .vmdef text under the size cap.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { sourceMessages as m } from '../../io/messages.js';
import { MAX_FILE_BYTES, SOURCE_EXTENSION, SourceReadError } from '../../io/source-files.js';
import {
    READ_DIRECTORY_REQUEST, READ_FILE_REQUEST, type DirectoryEntry, type ReadFileResult, type ReadParams,
} from '../../server/client-file-system.js';

export function serveWorkspaceFiles(client: BaseLanguageClient): void {
    client.onRequest(READ_FILE_REQUEST, async (params: ReadParams): Promise<ReadFileResult> => {
        try {
            return { text: await readWorkspaceText(vscode.Uri.parse(params.uri)) };
        } catch (e) {
            return { error: e instanceof Error ? e.message : String(e) };
        }
    });
    client.onRequest(READ_DIRECTORY_REQUEST, async (params: ReadParams): Promise<DirectoryEntry[]> => {
        const folder = vscode.Uri.parse(params.uri);
        const entries = await vscode.workspace.fs.readDirectory(folder).then(undefined, () => []);
        return entries.map(([name, type]) => ({
            uri: vscode.Uri.joinPath(folder, name).toString(),
            // a symbolic link is followed by the file system: FileType says File or Directory besides
            isFile: (type & vscode.FileType.File) !== 0,
            isDirectory: (type & vscode.FileType.Directory) !== 0,
        }));
    });
}

/** A file's text: the open document's (what the user sees, saved or not), else the file system's. */
export async function readWorkspaceText(uri: vscode.Uri): Promise<string> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    const name = uri.toString(true);
    const stat = await vscode.workspace.fs.stat(uri);
    if ((stat.type & vscode.FileType.File) === 0) throw new SourceReadError(name, (stat.type & vscode.FileType.Directory) !== 0 ? m.directory(SOURCE_EXTENSION) : m.notRegular());
    if (!uri.path.endsWith(SOURCE_EXTENSION)) throw new SourceReadError(name, m.notVmdef(SOURCE_EXTENSION));
    if (stat.size > MAX_FILE_BYTES) throw new SourceReadError(name, m.tooLarge((stat.size / 1048576).toFixed(1), MAX_FILE_BYTES / 1048576));
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.includes(0)) throw new SourceReadError(name, m.binary());
    return new TextDecoder('utf-8').decode(bytes);
}
