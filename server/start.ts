// The vmdef language server on any connection and file system: the Node process (server/main.ts)
// and the web worker of VS Code for the Web (server/main.browser.ts) differ only in transport,
// file system and who watches the files; everything the server does is set up here.
import { startLanguageServer } from 'langium/lsp';
import { isOperationCancelled, type FileSystemProvider, type LangiumSharedCoreServices } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { createVmdefLspServices } from '../language/lsp/lsp-module.js';
import { DiagnosticsPublisher, OnSaveRunner, registerOnSaveCheck } from './on-save.js';
import { unusedDeclarationCheck } from './unused-declaration.js';
import { ON_SAVE_MAX_CYCLES, simulateOnSaveCheck } from './simulate-on-save.js';
import { compareOnSaveCheck } from './compare-on-save.js';
import { registerHypervisorUsageRequest } from './usage-request.js';
import { registerConnectedFilesRequest } from './connected-files.js';
import { collapseFileEvents } from './file-events.js';
import { followLocaleSetting, rebuildUserDocuments } from '../language/lsp/locale-setting.js';

export interface ServerHost {
    connection: Connection;
    fileSystemProvider: (services: LangiumSharedCoreServices) => FileSystemProvider;
    /** Called before the server starts, to add what only this host does (watching files, say). */
    beforeStart?: (shared: LangiumSharedServices) => void;
}

/** Sets the server up on `host` and starts it; returns the shared services. */
export function startVmdefServer(host: ServerHost): LangiumSharedServices {
    const { connection } = host;
    registerOnSaveCheck(unusedDeclarationCheck);
    const { shared } = createVmdefLspServices({ connection, fileSystemProvider: host.fileSystemProvider });

    // Settings `vmdef.simulateOnSave`, `vmdef.maxCycles`, `vmdef.costPreset` (package.json `contributes.configuration`).
    const setting = async <T>(name: string, fallback: T): Promise<T> =>
        ((await shared.workspace.ConfigurationProvider.getConfiguration('vmdef', name).catch(() => undefined)) as T | undefined) ?? fallback;
    // The inlay hints of `expect` lines change on save: a client that can be told so is told.
    let inlayHintRefresh = false;
    shared.lsp.LanguageServer.onInitialize((params) => (inlayHintRefresh = params.capabilities.workspace?.inlayHint?.refreshSupport === true));
    const simulation = {
        enabled: () => setting('simulateOnSave', true),
        maxCycles: () => setting('maxCycles', ON_SAVE_MAX_CYCLES),
        costPreset: () => setting<string | undefined>('costPreset', undefined),
    };
    registerOnSaveCheck(simulateOnSaveCheck({
        ...simulation,
        refreshInlayHints: () => {
            if (inlayHintRefresh) connection.languages.inlayHint.refresh().catch(() => undefined);
        },
    }));
    registerOnSaveCheck(compareOnSaveCheck(simulation));

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
    // A file deleted from the workspace: Langium then publishes an empty list for it (registered
    // after this one), which must not bring its on-save diagnostics back. The deletion may come
    // before the editor's didClose, or without one.
    shared.workspace.DocumentBuilder.onUpdate((_changed, deleted) => {
        for (const uri of deleted) {
            runner.changed(uri.toString());
            publisher.forget(uri.toString());
        }
    });

    // The language of every message: `vmdef.language`, else the client's. When it changes, every
    // diagnostic is written again: the documents are built again, the on-save checks run again.
    followLocaleSetting(shared, () => {
        // The on-save checks read references: only once the rebuild has linked them again. A build
        // cancelled by an edit leaves its documents to the next build, which takes them all.
        rebuildUserDocuments(shared).then(() => {
            for (const uri of publisher.withOnSave()) void runner.saved(uri);
        }, (e: unknown) => {
            if (!isOperationCancelled(e)) connection.console.error(`rebuilding in another language failed: ${(e as Error)?.message ?? e}`);
        });
    });

    // Langium announces `textDocumentSync.save` only when its update handler has a
    // `didSaveDocument` method, so the save hook is installed there (before the server starts).
    const updateHandler = shared.lsp.DocumentUpdateHandler as { didSaveDocument?: (event: { document: { uri: string } }) => void };
    updateHandler.didSaveDocument = (event) => void runner.saved(event.document.uri);
    collapseFileEvents(shared.lsp.DocumentUpdateHandler);

    // The extension's status bar asks for the hypervisor under the cursor (server/usage-request.ts).
    registerHypervisorUsageRequest(connection, shared);
    // Run File, the report and F5 pass a file's connected files along (server/connected-files.ts).
    registerConnectedFilesRequest(connection, shared);

    host.beforeStart?.(shared);
    startLanguageServer(shared);
    return shared;
}
