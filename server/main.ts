// The vmdef language server: `node out/server.js --stdio` (or `--node-ipc`, `--socket=N`, as
// the client chooses; vscode-languageserver reads the transport from the arguments).
import { URI } from 'langium';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { WorkspaceWatcher } from './file-watcher.js';
import { SourceFileSystem } from './source-file-system.js';
import { startVmdefServer } from './start.js';
import { useStdlibSnapshotBesideBundle } from '../language/stdlib-snapshot-file.js';

// The standard library is built from the build's parse snapshot, not parsed (language/stdlib-snapshot.ts).
useStdlibSnapshotBesideBundle();

const connection = createConnection(ProposedFeatures.all);
// A request to the client that fails (a client refusing a registration, say) must not end the
// server: Node exits on an unhandled rejection. Each one is a bug to fix where it starts; this
// keeps the server up and says where.
process.on('unhandledRejection', (reason) => {
    connection.console.error(`unhandled rejection: ${(reason as Error)?.stack ?? (reason as Error)?.message ?? String(reason)}`);
});

startVmdefServer({
    connection,
    ...SourceFileSystem,
    // A client that cannot watch files for the server (no dynamic registration): the server
    // watches the workspace folders itself (server/file-watcher.ts). Open documents are the
    // client's business: what it sends is their text, whatever is on disk.
    beforeStart: (shared) => {
        const documents = shared.workspace.TextDocuments;
        let clientWatchesFiles = false;
        shared.lsp.LanguageServer.onInitialize((params) => {
            clientWatchesFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
        });
        shared.lsp.LanguageServer.onInitialized(() => {
            if (clientWatchesFiles) return;
            const watcher = new WorkspaceWatcher((changes) => {
                const closed = changes.filter((change) => !documents.get(change.uri));
                if (closed.length > 0) shared.lsp.DocumentUpdateHandler.didChangeWatchedFiles?.({ changes: closed });
            }, (message) => connection.console.warn(message));
            for (const folder of shared.workspace.WorkspaceManager.workspaceFolders ?? []) {
                const uri = URI.parse(folder.uri);
                if (uri.scheme === 'file') watcher.watch(uri.fsPath);
            }
            connection.onShutdown(() => watcher.dispose());
        });
    },
});
