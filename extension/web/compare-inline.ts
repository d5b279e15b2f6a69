// Compare with Native in VS Code for the Web: no process to spawn, so the comparison runs in the
// extension host itself (cli/compare/in-memory.ts) on the texts read as Run File reads them
// (run-inline.ts). The comparison is bounded by `vmdef.maxCycles` (or the simulator's default).
import * as vscode from 'vscode';
import { compareInMemory } from '../../cli/compare/in-memory.js';
import type { CompareExecutor } from '../compare-command.js';
import { simulationSettings } from '../documents.js';
import { sourcesOf } from './run-inline.js';

export const compareInline: CompareExecutor = async ({ document, vm, connected }) => {
    const read = await sourcesOf(connected.files);
    if ('error' in read) return read;
    const compared = await compareInMemory(read.sources, vm, { ...simulationSettings(document.uri), names: read.names });
    if (compared.kind === 'refused') return { error: compared.lines.join('\n') };
    if (!compared.report) return { error: vscode.l10n.t('no VM {0} in these files', vm) };
    // the sources are named by their URIs' paths (run-inline.ts): back to the URIs
    const uris = connected.files.map((f) => vscode.Uri.parse(f));
    return { report: compared.report, uriOf: (file) => uris.find((u) => u.path === file) };
};
