// The documents and settings a command acts on, for every host (no Node built-in here).
import * as vscode from 'vscode';

/** The file a command acts on: the argument (code lens, explorer) or the active .vmdef editor. */
export async function documentToRun(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === 'vmdef') return active;
    // A walkthrough or webview has the focus: the .vmdef file visible beside it.
    return vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.languageId === 'vmdef');
}

/** The file name of a URI (`hello.vmdef`), whatever its scheme. */
export function baseName(uri: vscode.Uri): string {
    return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

export interface SimulationSettings {
    /** `vmdef.maxCycles`, when set to a positive number (whole cycles). */
    maxCycles?: number;
    /** `vmdef.costPreset`, when changed from the default `modern`. */
    costPreset?: string;
}

/** `vmdef.maxCycles` / `vmdef.costPreset` for a run of `scope` (left out when not set). */
export function simulationSettings(scope: vscode.Uri): SimulationSettings {
    const config = vscode.workspace.getConfiguration('vmdef', scope);
    const settings: SimulationSettings = {};
    const maxCycles = config.get<number>('maxCycles');
    if (typeof maxCycles === 'number' && maxCycles > 0) settings.maxCycles = Math.floor(maxCycles);
    // Only a changed preset is passed, so the default never depends on the CLI knowing the option.
    const preset = config.get<string>('costPreset');
    if (preset && preset !== 'modern') settings.costPreset = preset;
    return settings;
}
