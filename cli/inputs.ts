// The files named on the command line, read (io/source-files.ts: size cap, regular text
// .vmdef files, each once) and checked as one workspace (language/check-definition.ts).
// Bad input gets one clear line and exit 2, never a stack trace.
import { checkDefinition, type DefinitionCheck } from '../language/check-definition.js';
import type { CheckedWorkspace, SourceFile } from '../language/workspace.js';
import { systemLabel, systemOfUri } from '../language/systems.js';
import { cliMessages as m } from './messages.js';
import { readSources, SourceReadError } from '../io/source-files.js';
import { printDiagnostics, type DiagnosticFormat } from './diagnostics-output.js';

/** Bad usage or unusable input: `main` prints the message as one line and exits 2. */
export class InputError extends Error {}

export interface CheckedInputs {
    files: SourceFile[];
    check: DefinitionCheck;
}

export async function checkInputs(args: string[]): Promise<CheckedInputs> {
    const files = readInputs(args);
    return { files, check: await checkDefinition(files) };
}

/**
 * The checked workspace of `args` for `run` and `report`, or undefined when a user file has an
 * error: its diagnostics are printed (as `check` prints them) and the command exits 1.
 */
export async function runnableInputs(args: string[], format: DiagnosticFormat, command: 'run' | 'report' | 'compare'): Promise<{ files: SourceFile[]; workspace: CheckedWorkspace } | undefined> {
    const { files, check } = await checkInputs(args);
    oneSystem(check.workspace, command);
    if (check.ok) return { files, workspace: check.workspace };
    printDiagnostics(check.diagnostics, format);
    return undefined;
}

export function readInputs(args: string[]): SourceFile[] {
    try {
        return readSources(args);
    } catch (e) {
        if (e instanceof SourceReadError) throw new InputError(e.message);
        throw e;
    }
}

/**
 * `run` and `report` simulate one system: the files of one folder (language/systems.ts). Files
 * of several folders that declare something are separate systems that may share names:
 * refused, naming the folders (a file that declares nothing belongs to no system).
 */
function oneSystem(workspace: CheckedWorkspace, command: string): void {
    const systems = new Set<string>();
    for (const document of workspace.documents) if (document.parseResult.value.elements.length > 0) systems.add(systemOfUri(document.uri));
    if (systems.size > 1) throw new InputError(m.separateSystems(command, systems.size, [...systems].map(systemLabel).join(', ')));
}
