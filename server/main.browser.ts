// The vmdef language server in a web worker, for the extension in VS Code for the Web
// (extension/web/language-client.ts starts it): the same server as out/server.js
// (server/start.ts) over the worker's messages, with the standard library built in and the
// workspace's files read through the client (server/client-file-system.ts). The client
// watches the files (VS Code always can), so there is no watcher here.
import '../debugger/set-immediate.js';
import { URI } from 'langium';
import stdlibTexts from 'vmdef:stdlib';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser.js';
import { setStdlibSource } from '../language/stdlib.js';
import { ClientFileSystemProvider } from './client-file-system.js';
import { startVmdefServer } from './start.js';

/** Where the built-in standard library's documents are said to be until the client says (no workspace file is there). */
export const BROWSER_STDLIB_DIR = '/vmdef-standard-library';

setStdlibSource(BROWSER_STDLIB_DIR, stdlibTexts);
const scope = self as unknown as Worker;
const connection = createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
startVmdefServer({
    connection,
    fileSystemProvider: () => new ClientFileSystemProvider(connection),
    // The client says where the extension ships the library (`vmdef.stdlibUri`): its documents
    // get those URIs, so go to definition into it opens a file the workbench can read.
    beforeStart: (shared) => shared.lsp.LanguageServer.onInitialize((params) => {
        const where: unknown = (params.initializationOptions as { vmdef?: { stdlibUri?: unknown } } | undefined)?.vmdef?.stdlibUri;
        if (typeof where === 'string') setStdlibSource(URI.parse(where).path, stdlibTexts, where);
    }),
});
