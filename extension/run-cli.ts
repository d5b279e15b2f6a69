// Run File on the desktop: `vmdef run FILE OTHER...` in a child process (cli-process.ts), its
// output streamed to the channel as the CLI prints it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runCli, type CliResult } from './cli-process.js';
import { samePath } from './connected-files.js';
import { simulationSettings } from './documents.js';
import type { RunExecutor } from './run-command.js';

export function runWithCli(context: vscode.ExtensionContext): RunExecutor {
    return async ({ document, connected, token, append }) => {
        await saveDocuments(connected.files);
        const args = ['run', ...settingsArguments(document.uri), ...connected.files];
        append(`$ vmdef ${args.map(quoteIfNeeded).join(' ')}\n`);
        const result: CliResult = await runCli(context, args, { cwd: path.dirname(document.uri.fsPath), token, onOutput: append });
        return result.code === null ? vscode.l10n.t('[vmdef run was stopped]') : vscode.l10n.t('[exit code {0}]', result.code);
    };
}

/** `vmdef.maxCycles` / `vmdef.costPreset` as `vmdef run` / `vmdef report` options (left out when not set). */
export function settingsArguments(scope: vscode.Uri): string[] {
    const { maxCycles, costPreset } = simulationSettings(scope);
    const args: string[] = [];
    if (maxCycles !== undefined) args.push('--max-cycles', String(maxCycles));
    if (costPreset !== undefined) args.push('--cost-preset', costPreset);
    return args;
}

/** Saves the open documents among `files` that have unsaved changes (the CLI and the debugger read the disk). */
export async function saveDocuments(files: string[]): Promise<void> {
    for (const document of vscode.workspace.textDocuments) {
        if (document.isDirty && document.uri.scheme !== 'untitled' && files.some((f) => samePath(f, document.uri.fsPath))) await document.save();
    }
}

function quoteIfNeeded(arg: string): string {
    return /[\s"']/.test(arg) ? JSON.stringify(arg) : arg;
}
