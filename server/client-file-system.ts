// The language server's file system in VS Code for the Web: the worker has no disk, and the
// workspace's files live in the client's virtual file systems (`vscode-vfs:` for a GitHub
// repository on vscode.dev, `vscode-remote:` for code-server…), so the server asks the client to
// read them (`vmdef/readFile`, `vmdef/readDirectory`; extension/web/workspace-files.ts answers
// through vscode.workspace.fs). Only asynchronous reads exist: Langium loads the workspace and
// changed files with those. An unreadable file loads as empty text and the reason is logged,
// as on the desktop (server/source-file-system.ts): one file must not stop the workspace.
import { EmptyFileSystemProvider, URI, type FileSystemNode, type FileSystemProvider } from 'langium';
import type { Connection } from 'vscode-languageserver';

export const READ_FILE_REQUEST = 'vmdef/readFile';
export const READ_DIRECTORY_REQUEST = 'vmdef/readDirectory';

export interface ReadParams {
    uri: string;
}

/** `vmdef/readFile`'s answer: the text, or why there is none. */
export type ReadFileResult = { text: string } | { error: string };

/** `vmdef/readDirectory`'s answer: the folder's entries (symbolic links followed or left out by the client). */
export interface DirectoryEntry {
    uri: string;
    isFile: boolean;
    isDirectory: boolean;
}

export class ClientFileSystemProvider implements FileSystemProvider {
    /** What Langium does not use to load a workspace answers as for no file system at all. */
    private readonly none = new EmptyFileSystemProvider();
    readonly stat = this.none.stat.bind(this.none);
    readonly statSync = this.none.statSync.bind(this.none);
    readonly exists = this.none.exists.bind(this.none);
    readonly existsSync = this.none.existsSync.bind(this.none);
    readonly readBinary = this.none.readBinary.bind(this.none);
    readonly readBinarySync = this.none.readBinarySync.bind(this.none);
    readonly readFileSync = this.none.readFileSync.bind(this.none);
    readonly readDirectorySync = this.none.readDirectorySync.bind(this.none);

    constructor(private readonly connection: Connection) {}

    async readFile(uri: URI): Promise<string> {
        const params: ReadParams = { uri: uri.toString() };
        const result = await this.connection.sendRequest<ReadFileResult>(READ_FILE_REQUEST, params);
        if ('text' in result) return result.text;
        this.connection.console.error(`vmdef: left out ${result.error}`);
        return '';
    }

    async readDirectory(uri: URI): Promise<FileSystemNode[]> {
        const params: ReadParams = { uri: uri.toString() };
        const entries = await this.connection.sendRequest<DirectoryEntry[]>(READ_DIRECTORY_REQUEST, params);
        return entries.map((e) => ({ uri: URI.parse(e.uri), isFile: e.isFile, isDirectory: e.isDirectory }));
    }
}
