// The language client's options, the same whether the server runs in a Node process (desktop)
// or in a web worker (VS Code for the Web).
import * as vscode from 'vscode';
import type { LanguageClientOptions, Middleware } from 'vscode-languageclient';
import { LANGUAGE_ID } from './language-id.js';

export const CLIENT_NAME = 'vmdef Language Server';

export function vmdefClientOptions(context: vscode.ExtensionContext, middleware?: Middleware): LanguageClientOptions {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.vmdef');
    context.subscriptions.push(watcher);
    return {
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
        outputChannelName: CLIENT_NAME,
        middleware,
    };
}
