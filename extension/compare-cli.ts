// Compare with Native on the desktop: `vmdef compare --vm NAME --json --states FILE OTHER...` in a
// child process (cli-process.ts), its JSON read back; a refused definition's diagnostics (the
// JSON array `--json` prints then) or the CLI's own error become the message shown.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompareReport } from '../simulator/compare/report.js';
import { runCli } from './cli-process.js';
import type { CompareExecutor } from './compare-command.js';
import { saveDocuments, settingsArguments } from './run-cli.js';

interface RefusalLine {
    file: string;
    line: number;
    column: number;
    message: string;
}

export function compareWithCli(context: vscode.ExtensionContext): CompareExecutor {
    return async ({ document, vm, connected, token }) => {
        await saveDocuments(connected.files);
        const args = ['compare', '--vm', vm, '--json', '--states', ...settingsArguments(document.uri), ...connected.files];
        const result = await runCli(context, args, { cwd: path.dirname(document.uri.fsPath), token });
        if (result.code === null) return { error: vscode.l10n.t('[vmdef compare was stopped]') };
        const answer = parsed(result.stdout);
        if (answer && 'runs' in answer) return { report: answer, uriOf: (file) => vscode.Uri.file(file) };
        if (Array.isArray(answer)) return { error: answer.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n') };
        return { error: result.stderr || result.stdout || vscode.l10n.t('vmdef compare exited with code {0}', String(result.code)) };
    };
}

function parsed(stdout: string): CompareReport | RefusalLine[] | undefined {
    try {
        return JSON.parse(stdout) as CompareReport | RefusalLine[];
    } catch {
        return undefined;
    }
}
