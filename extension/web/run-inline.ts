// Run File and the report in VS Code for the Web: no process to spawn, so the simulator runs in
// the extension host itself (cli/run-in-memory.ts, the CLI's own check-and-simulate glue) on
// the texts read through vscode.workspace.fs (or the open editors: what the user sees),
// yielding between chunks so the host stays responsive; Cancel in the progress stops it.
import * as vscode from 'vscode';
import { runInMemory, type InMemoryRun } from '../../cli/run-in-memory.js';
import { yieldToEventLoop } from '../../debugger/set-immediate.js';
import type { SourceFile } from '../../language/workspace.js';
import { simulationSettings } from '../documents.js';
import type { ReportMaker } from '../report-view.js';
import type { RunExecutor } from '../run-command.js';
import { readWorkspaceText } from './workspace-files.js';

/** The connected files (URIs, server/connected-files.ts `uris`) read, named as the workspace names them. */
export async function sourcesOf(files: string[]): Promise<{ sources: SourceFile[]; names: string[] } | { error: string }> {
    const sources: SourceFile[] = [];
    const names: string[] = [];
    for (const file of files) {
        const uri = vscode.Uri.parse(file);
        try {
            // the path keeps folders apart (one folder, one system) whatever the file system
            sources.push({ path: uri.path, text: await readWorkspaceText(uri) });
        } catch (e) {
            return { error: e instanceof Error ? e.message : String(e) };
        }
        names.push(vscode.workspace.asRelativePath(uri));
    }
    return { sources, names };
}

async function simulate(file: vscode.Uri, files: string[], options: { onConsole?: (text: string) => void; cancelled?: () => boolean } = {}): Promise<InMemoryRun | { kind: 'unreadable'; error: string }> {
    const read = await sourcesOf(files);
    if ('error' in read) return { kind: 'unreadable', error: read.error };
    return runInMemory(read.sources, { ...simulationSettings(file), names: read.names, yieldToHost: yieldToEventLoop, ...options });
}

export const runInline: RunExecutor = async ({ document, connected, token, append }) => {
    append(`$ vmdef run ${connected.files.map((f) => vscode.workspace.asRelativePath(vscode.Uri.parse(f))).join(' ')}\n`);
    const run = await simulate(document.uri, connected.files, { onConsole: append, cancelled: () => token.isCancellationRequested });
    switch (run.kind) {
        case 'unreadable':
            append(run.error + '\n');
            return vscode.l10n.t('[vmdef run could not read the files]');
        case 'refused':
            append(run.lines.join('\n') + '\n');
            return vscode.l10n.t('[vmdef run refused the definition]');
        case 'cancelled':
            return vscode.l10n.t('[vmdef run was stopped]');
        case 'done':
            // as `vmdef run` prints it: the console, a line break if it ends mid-line, a blank line, the summary
            append((run.console === '' || run.console.endsWith('\n') ? '' : '\n') + '\n' + run.summary);
            return vscode.l10n.t('[vmdef run finished]');
    }
};

export const reportInline: ReportMaker = {
    // nothing to save: the open editors' texts are read as they are
    saveConnected: async () => undefined,
    sameFile: (file, document) => file === document.toString(),
    async make(file, connected) {
        const run = await simulate(file, connected.files);
        if (run.kind === 'done') return { html: run.reportHtml };
        if (run.kind === 'unreadable') return { error: run.error };
        return { error: run.kind === 'refused' ? run.lines.join('\n') : '' };
    },
};
