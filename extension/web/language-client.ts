// The language server in VS Code for the Web: out/server.browser.js (server/main.browser.ts) in
// a web worker, connected over its messages; the worker reads the workspace's files through
// this client (workspace-files.ts), since it has no file system of its own.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { CLIENT_NAME, vmdefClientOptions } from '../client-options.js';
import { LANGUAGE_ID } from '../language-id.js';
import { serveWorkspaceFiles } from './workspace-files.js';

export function createWorkerLanguageClient(context: vscode.ExtensionContext): LanguageClient {
    const script = vscode.Uri.joinPath(context.extensionUri, 'out', 'server.browser.js');
    const worker = new Worker(script.toString(true));
    const client = new LanguageClient(LANGUAGE_ID, CLIENT_NAME, vmdefClientOptions(context), worker);
    serveWorkspaceFiles(client);
    return client;
}
