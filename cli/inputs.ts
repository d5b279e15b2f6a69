// Reading the files named on the command line. Bad input gets one clear line, never a stack trace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toUri, type SourceFile } from '../language/workspace.js';
import { systemLabel, systemOfUri } from '../language/systems.js';

/** Larger files are refused: the parser runs at about 1 MB/s (DESIGN.md), so 16 MB is already ~15 s. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export class InputError extends Error {}

export function readInputs(args: string[]): SourceFile[] {
    const files: SourceFile[] = [];
    for (const arg of args) {
        for (const file of expand(arg)) files.push({ path: file, text: readText(file) });
    }
    return files;
}

/** A directory stands for every `.vmdef` file below it. */
function expand(arg: string): string[] {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(arg);
    } catch {
        throw new InputError(`${arg}: no such file or directory`);
    }
    if (!stat.isDirectory()) return [arg];
    const found: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
            else if (entry.isFile() && entry.name.endsWith('.vmdef')) found.push(full);
        }
    };
    walk(arg);
    if (found.length === 0) throw new InputError(`${arg}: a directory with no .vmdef files`);
    return found;
}

function readText(file: string): string {
    let buffer: Buffer;
    try {
        const size = fs.statSync(file).size;
        if (size > MAX_FILE_BYTES) {
            throw new InputError(`${file}: too large (${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB)`);
        }
        buffer = fs.readFileSync(file);
    } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (buffer.includes(0)) throw new InputError(`${file}: not a text file`);
    return buffer.toString('utf8');
}

/**
 * `run` and `report` simulate one system: the files of one folder (language/systems.ts). Files
 * from several folders are separate systems that would share names: refused, naming the folders.
 */
export function oneSystem(files: SourceFile[], command: string): SourceFile[] {
    const systems = [...new Set(files.map((file) => systemOfUri(toUri(file.path))))];
    if (systems.length > 1) {
        throw new InputError(`${command}: these files are ${systems.length} separate systems, one per folder (${systems.map(systemLabel).join(', ')}); ${command} one folder at a time`);
    }
    return files;
}
