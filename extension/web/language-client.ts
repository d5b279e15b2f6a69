// The language server in VS Code for the Web: out/server.browser.js (server/main.browser.ts) in
// a web worker, connected over its messages; the worker reads the workspace's files through
// this client (workspace-files.ts), since it has no file system of its own.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';
import { LanguageClient } from 'vscode-languageclient/browser';
import { CLIENT_NAME, vmdefClientOptions } from '../client-options.js';
import { LANGUAGE_ID } from '../language-id.js';
import { serveWorkspaceFiles } from './workspace-files.js';

export async function createWorkerLanguageClient(context: vscode.ExtensionContext, middleware?: Middleware): Promise<LanguageClient> {
    const worker = await startServerWorker(vscode.Uri.joinPath(context.extensionUri, 'out', 'server.browser.js'));
    const options = vmdefClientOptions(context, middleware);
    // the standard library's documents are the extension's files (server/main.browser.ts)
    const stdlibUri = vscode.Uri.joinPath(context.extensionUri, 'language', 'stdlib').toString();
    options.initializationOptions = { vmdef: { ...options.initializationOptions.vmdef, stdlibUri } };
    const client = new LanguageClient(LANGUAGE_ID, CLIENT_NAME, options, worker);
    serveWorkspaceFiles(client);
    return client;
}

/**
 * The worker, started from the script's URL as VS Code for the Web serves extensions
 * (vscode.dev, github.dev). An extension installed on a remote host (code-server) has
 * `vscode-remote:` URIs, from which the web extension host starts no worker: there the script
 * is read through vscode.workspace.fs and started from a Blob URL.
 */
async function startServerWorker(script: vscode.Uri): Promise<Worker> {
    if (script.scheme !== 'vscode-remote') return new Worker(script.toString(true));
    const source = await vscode.workspace.fs.readFile(script);
    return new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
}
