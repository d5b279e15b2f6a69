// Starts the vmdef language server (out/server.js, an ESM bundle) as a separate Node process
// over IPC and connects VS Code to it: diagnostics, hover, completion, code actions, ...
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const LANGUAGE_ID = 'vmdef';

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
    const module = context.asAbsolutePath('out/server.js');
    // The server is plain Node; under desktop VS Code `fork` uses the Electron binary as Node.
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.vmdef');
    context.subscriptions.push(watcher);
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: LANGUAGE_ID }],
        // The server writes its messages in `vmdef.language` from the first build on (`auto`:
        // VS Code's display language, which the client sends as `locale`); changes come below.
        initializationOptions: { vmdef: { language: vscode.workspace.getConfiguration('vmdef').get<string>('language', 'auto') } },
        synchronize: {
            fileEvents: watcher,
            // vmdef.simulateOnSave, vmdef.maxCycles, vmdef.costPreset, vmdef.language reach the server as
            // workspace/didChangeConfiguration.
            configurationSection: 'vmdef',
        },
        // `vmdef.trace.server` is read by the client itself (the setting name is `<id>.trace.server`).
        outputChannelName: 'vmdef Language Server',
    };
    return new LanguageClient(LANGUAGE_ID, 'vmdef Language Server', serverOptions, clientOptions);
}
