// The vmdef language server: `node out/server.js --stdio` (or `--node-ipc`, `--socket=N`, as
// the client chooses; vscode-languageserver reads the transport from the arguments).
import { startLanguageServer } from 'langium/lsp';
import { URI } from 'langium';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createVmdefServices } from '../language/vmdef-module.js';
import { DiagnosticsPublisher, OnSaveRunner, registerOnSaveCheck } from './on-save.js';
import { unusedDeclarationCheck } from './unused-declaration.js';
import { ON_SAVE_MAX_CYCLES, simulateOnSaveCheck } from './simulate-on-save.js';
import { registerHypervisorUsageRequest } from './usage-request.js';
import { registerConnectedFilesRequest } from './connected-files.js';
import { WorkspaceWatcher } from './file-watcher.js';
import { SourceFileSystem } from './source-file-system.js';

registerOnSaveCheck(unusedDeclarationCheck);

const connection = createConnection(ProposedFeatures.all);
// A request to the client that fails (a client refusing a registration, say) must not end the
// server: Node exits on an unhandled rejection. Each one is a bug to fix where it starts; this
// keeps the server up and says where.
process.on('unhandledRejection', (reason) => {
    connection.console.error(`unhandled rejection: ${(reason as Error)?.stack ?? (reason as Error)?.message ?? String(reason)}`);
});
const { shared } = createVmdefServices({ connection, ...SourceFileSystem });

// Settings `vmdef.simulateOnSave`, `vmdef.maxCycles`, `vmdef.costPreset` (package.json `contributes.configuration`).
const setting = async <T>(name: string, fallback: T): Promise<T> =>
    ((await shared.workspace.ConfigurationProvider.getConfiguration('vmdef', name).catch(() => undefined)) as T | undefined) ?? fallback;
registerOnSaveCheck(simulateOnSaveCheck({
    enabled: () => setting('simulateOnSave', true),
    maxCycles: () => setting('maxCycles', ON_SAVE_MAX_CYCLES),
    costPreset: () => setting<string | undefined>('costPreset', undefined),
}));

// Every publishDiagnostics goes through the publisher, which adds the on-save diagnostics and
// keeps the standard library's documents out. Langium publishes from inside its document
// builder through `connection.sendDiagnostics`, and has no service for that, hence the wrap.
const send = connection.sendDiagnostics.bind(connection);
const publisher = new DiagnosticsPublisher({ sendDiagnostics: send });
connection.sendDiagnostics = (params) => publisher.publishRegular(params.uri, params.diagnostics);

const runner = new OnSaveRunner(shared, publisher, (message) => connection.console.error(message));
const documents = shared.workspace.TextDocuments;
documents.onDidChangeContent((change) => runner.changed(change.document.uri));
documents.onDidClose((event) => {
    runner.changed(event.document.uri);
    publisher.forget(event.document.uri);
});

// Langium announces `textDocumentSync.save` only when its update handler has a
// `didSaveDocument` method, so the save hook is installed there (before the server starts).
const updateHandler = shared.lsp.DocumentUpdateHandler as { didSaveDocument?: (event: { document: { uri: string } }) => void };
updateHandler.didSaveDocument = (event) => void runner.saved(event.document.uri);

// The extension's status bar asks for the hypervisor under the cursor (server/usage-request.ts).
registerHypervisorUsageRequest(connection, shared);
// Run File, the report and F5 pass a file's connected files along (server/connected-files.ts).
registerConnectedFilesRequest(connection, shared);

// A client that cannot watch files for the server (no dynamic registration): the server
// watches the workspace folders itself (server/file-watcher.ts). Open documents are the
// client's business: what it sends is their text, whatever is on disk.
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

startLanguageServer(shared);
