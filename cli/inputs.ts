// The files named on the command line, read (io/source-files.ts: size cap, regular text
// .vmdef files, each once) and checked as one workspace (language/check-definition.ts).
// Bad input gets one clear line and exit 2, never a stack trace.
import { checkDefinition, type DefinitionCheck } from '../language/check-definition.js';
import type { CheckedWorkspace, SourceFile } from '../language/workspace.js';
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
export async function runnableInputs(args: string[], format: DiagnosticFormat): Promise<{ files: SourceFile[]; workspace: CheckedWorkspace } | undefined> {
    const { files, check } = await checkInputs(args);
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
