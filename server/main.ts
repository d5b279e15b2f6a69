// The vmdef language server: `node out/server.js --stdio` (or `--node-ipc`, `--socket=N`, as
// the client chooses; vscode-languageserver reads the transport from the arguments).
import { startLanguageServer } from 'langium/lsp';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createVmdefServices } from '../language/vmdef-module.js';
import { DiagnosticsPublisher, OnSaveRunner, registerOnSaveCheck } from './on-save.js';
import { unusedDeclarationCheck } from './unused-declaration.js';
import { ON_SAVE_MAX_CYCLES, simulateOnSaveCheck } from './simulate-on-save.js';
import { registerHypervisorUsageRequest } from './usage-request.js';
import { registerConnectedFilesRequest } from './connected-files.js';
import { SourceFileSystem } from './source-file-system.js';

registerOnSaveCheck(unusedDeclarationCheck);

const connection = createConnection(ProposedFeatures.all);
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
documents.onDidClose((event) => publisher.forget(event.document.uri));

// Langium announces `textDocumentSync.save` only when its update handler has a
// `didSaveDocument` method, so the save hook is installed there (before the server starts).
const updateHandler = shared.lsp.DocumentUpdateHandler as { didSaveDocument?: (event: { document: { uri: string } }) => void };
updateHandler.didSaveDocument = (event) => void runner.saved(event.document.uri);

// The extension's status bar asks for the hypervisor under the cursor (server/usage-request.ts).
registerHypervisorUsageRequest(connection, shared);
// Run File, the report and F5 pass a file's connected files along (server/connected-files.ts).
registerConnectedFilesRequest(connection, shared);

startLanguageServer(shared);
