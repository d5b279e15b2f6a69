// Starts the vmdef language server (out/server.js, an ESM bundle) as a separate Node process
// over IPC and connects VS Code to it: diagnostics, hover, completion, code actions, ...
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_NAME, vmdefClientOptions } from './client-options.js';
import { LANGUAGE_ID } from './language-id.js';

export function createLanguageClient(context: vscode.ExtensionContext, middleware?: Middleware): LanguageClient {
    const module = context.asAbsolutePath('out/server.js');
    // The server is plain Node; under desktop VS Code `fork` uses the Electron binary as Node.
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    return new LanguageClient(LANGUAGE_ID, CLIENT_NAME, serverOptions, vmdefClientOptions(context, middleware));
}
