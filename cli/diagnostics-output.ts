// How the command line prints diagnostics: one `file:line:column: severity code: message` line
// each (language/file-diagnostics.ts), or one JSON array (LANGUAGE.md §8) and nothing else.
import { formatDiagnostic, type FileDiagnostic } from '../language/file-diagnostics.js';

export type DiagnosticFormat = 'text' | 'json';

export function printDiagnostics(diagnostics: FileDiagnostic[], format: DiagnosticFormat): void {
    if (format === 'json') process.stdout.write(JSON.stringify(diagnostics, null, 2) + '\n');
    else for (const d of diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
}
