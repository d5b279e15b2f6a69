// `vmdef check [--format text|json] FILE...` — LANGUAGE.md §8: the diagnostics, then (text
// only: JSON output stays one pure JSON array) a summary line, as `terraform validate` does.
import type { DefinitionCheck } from '../language/check-definition.js';
import { printDiagnostics, type DiagnosticFormat } from './diagnostics-output.js';
import { EXIT_ERRORS, EXIT_OK } from './exit-codes.js';
import { checkInputs } from './inputs.js';
import { cliMessages as m } from './messages.js';
import { oneOf, parseArgs } from './options.js';

export async function checkCommand(args: string[]): Promise<number> {
    const parsed = parseArgs(args, { '--format': oneOf('text', 'json'), '--json': 'flag' }, 'check');
    const format: DiagnosticFormat = parsed.values.has('json') ? 'json' : ((parsed.values.get('format') ?? 'text') as DiagnosticFormat);
    const { files, check } = await checkInputs(parsed.files);
    printDiagnostics(check.diagnostics, format);
    if (format === 'text') process.stdout.write(checkSummary(files.length, check) + '\n');
    return check.ok ? EXIT_OK : EXIT_ERRORS;
}

/** `checked 2 files: 0 errors, 1 warning` (information and hints are not counted). */
export function checkSummary(files: number, check: Pick<DefinitionCheck, 'errors' | 'warnings'>): string {
    return m.checkSummary(files, check.errors, check.warnings);
}
