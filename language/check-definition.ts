// The one way from source texts to a definition ready to simulate, for every front end: the
// `check`, `run` and `report` commands, the benchmarks and the debugger. Build and validate the
// files as one workspace with the standard library; a definition whose user files have an
// error is refused (the caller prints the diagnostics its way). No file system here: callers
// read the files first (io/source-files.ts), so each decides how a read failure is reported.
import { fileDiagnostics, type FileDiagnostic } from './file-diagnostics.js';
import { checkWorkspace, createServices, hasErrors, type CheckedWorkspace, type SourceFile } from './workspace.js';
import type { VmdefServices } from './vmdef-module.js';

export interface DefinitionCheck {
    /** The definition may be simulated: no user file has an error. */
    ok: boolean;
    /** Checked whatever the outcome (an editor-like caller may still want the documents). */
    workspace: CheckedWorkspace;
    /** Every diagnostic of the user's files, in file order, then by position. */
    diagnostics: FileDiagnostic[];
    errors: number;
    warnings: number;
}

/** Checks `files` (already read) as one workspace; when `ok`, `Simulation.create(workspace)` accepts it. */
export async function checkDefinition(files: SourceFile[], services: VmdefServices = createServices()): Promise<DefinitionCheck> {
    const workspace = await checkWorkspace(files, services);
    const diagnostics = fileDiagnostics(workspace, files);
    return {
        ok: !hasErrors(workspace.documents),
        workspace,
        diagnostics,
        errors: diagnostics.filter((d) => d.severity === 'error').length,
        warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    };
}
