// What every host's debug configuration provider does first (no Node built-in here): F5 with no
// launch.json debugs the active .vmdef file; `vmdef.maxCycles` / `vmdef.costPreset` fill in
// what the configuration leaves out.
import * as vscode from 'vscode';
import { documentToRun } from './documents.js';

export const DEBUG_TYPE = 'vmdef';

/**
 * `config` completed, or undefined to abort the launch (no program: the user is told). `program`
 * names the active document as the host's adapter reads it (a path, or a URI on the web).
 */
export function fillLaunchDefaults(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
    program: (document: vscode.TextDocument) => string,
): vscode.DebugConfiguration | undefined {
    if (!config.type && !config.request && !config.name) {
        const editor = vscode.window.activeTextEditor;
        if (editor?.document.languageId === 'vmdef') {
            config.type = DEBUG_TYPE;
            config.name = vscode.l10n.t('Debug file');
            config.request = 'launch';
            config.program = program(editor.document);
            config.stopOnEntry = true;
        }
    }
    if (!config.program) {
        void vscode.window.showInformationMessage(vscode.l10n.t('vmdef: open a .vmdef file (or set "program" in launch.json) to debug it.'));
        return undefined; // abort the launch
    }
    const settings = vscode.workspace.getConfiguration('vmdef', folder?.uri);
    if (config.maxCycles === undefined) {
        const maxCycles = settings.get<number>('maxCycles');
        if (typeof maxCycles === 'number' && maxCycles > 0) config.maxCycles = Math.floor(maxCycles);
    }
    if (config.costPreset === undefined) {
        const preset = settings.get<string>('costPreset');
        if (preset) config.costPreset = preset;
    }
    return config;
}

/** Launches the `vmdef` debugger on the file `uri` (or the active one); false when there is none. */
export async function debugDocument(uri: vscode.Uri | undefined, program: (document: vscode.TextDocument) => string): Promise<boolean> {
    const document = await documentToRun(uri);
    if (!document) {
        void vscode.window.showErrorMessage(vscode.l10n.t('vmdef: open a .vmdef file to debug it.'));
        return false;
    }
    if (document.isDirty) await document.save();
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    return vscode.debug.startDebugging(folder, {
        type: DEBUG_TYPE,
        request: 'launch',
        name: vscode.l10n.t('Debug {0}', vscode.workspace.asRelativePath(document.uri)),
        program: program(document),
        stopOnEntry: true,
    });
}
