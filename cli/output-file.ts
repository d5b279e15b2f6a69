// Writing the report: never over one of the inputs (compared by real path, so a symbolic link or
// `./x` cannot slip through), and atomically — the page goes to a temporary file in the same
// folder, then is renamed over the target, so a failed or interrupted write leaves the old file
// whole and no reader ever sees half a page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { realPath } from '../io/source-files.js';
import type { SourceFile } from '../language/workspace.js';
import { InputError } from './inputs.js';
import { cliMessages as m } from './messages.js';

/** Refuses (exit 2) an output whose folder is missing, that is a directory, or that is one of `inputs`. */
export function checkOutput(output: string, inputs: readonly SourceFile[]): void {
    if (!fs.existsSync(path.dirname(path.resolve(output)))) throw new InputError(m.outputNoDirectory(output, path.dirname(output)));
    if (!fs.existsSync(output)) return;
    if (fs.statSync(output).isDirectory()) throw new InputError(m.outputIsDirectory(output));
    const target = realPath(output);
    if (inputs.some((input) => realPath(input.path) === target)) throw new InputError(m.outputIsInput(output));
}

/** Writes `text` to `output` by a rename of a temporary file next to it. */
export function writeAtomically(output: string, text: string): void {
    // a symbolic link is replaced by its target's new content, not by a file in its place
    const target = fs.existsSync(output) ? realPath(output) : path.resolve(output);
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
    try {
        fs.writeFileSync(temporary, text, { flag: 'wx' });
        fs.renameSync(temporary, target);
    } catch (e) {
        fs.rmSync(temporary, { force: true });
        throw new InputError(m.outputCannotWrite(output, (e as NodeJS.ErrnoException).code ?? 'error'));
    }
}
