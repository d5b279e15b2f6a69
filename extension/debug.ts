// Debugging .vmdef files. The debugger (simulator/debug/, DAP) plugs in HERE: its
// `contributes.debuggers` entry, the debug adapter descriptor factory (inline adapter, or
// out/debug-adapter.js), the configuration provider and breakpoints belong in activateDebug.
// Until a debugger of type `vmdef` is registered, "vmdef: Debug File" gets VS Code's own
// error for an unknown debug type — nothing here pretends to debug.
import * as vscode from 'vscode';
import { documentToRun } from './run-command.js';

export const DEBUG_TYPE = 'vmdef';

/** Registers the debugger's parts; nothing yet (see the comment above). */
export function activateDebug(_context: vscode.ExtensionContext): void {}

/** "vmdef: Debug File" and the `Debug` code lens: launch the `vmdef` debugger on the file. */
export async function debugFile(uri: vscode.Uri | undefined): Promise<boolean> {
    const document = await documentToRun(uri);
    if (!document) {
        void vscode.window.showErrorMessage('vmdef: open a .vmdef file to debug it.');
        return false;
    }
    if (document.isDirty) await document.save();
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    return vscode.debug.startDebugging(folder, {
        type: DEBUG_TYPE,
        request: 'launch',
        name: `Debug ${vscode.workspace.asRelativePath(document.uri)}`,
        program: document.uri.fsPath,
        stopOnEntry: true,
    });
}
