// Reading the files named on the command line. Bad input gets one clear line, never a stack trace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceFile } from '../language/workspace.js';

/** Larger files are refused: the parser runs at about 1 MB/s (DESIGN.md), so 16 MB is already ~15 s. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export class InputError extends Error {}

export function readInputs(args: string[]): SourceFile[] {
    const files: SourceFile[] = [];
    for (const arg of args) {
        for (const file of expand(arg)) files.push({ path: file, text: readTextFile(file) });
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

/**
 * The text of one source file, with the checks every reader of user files applies: a regular
 * file (a FIFO, device or directory is refused before it is read, so `/dev/zero` cannot grow
 * memory and a FIFO without a writer cannot block), at most MAX_FILE_BYTES (counted while
 * reading, so a file growing meanwhile stays bounded), and text (no NUL byte). Failures are
 * InputErrors of one line that start with the file's name.
 */
export function readTextFile(file: string): string {
    let fd: number;
    try {
        // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused once open)
        fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (e) {
        throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    try {
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) throw new InputError(`${file}: not a regular file (${fileKind(stat)})`);
        if (stat.size > MAX_FILE_BYTES) throw tooLarge(file, stat.size);
        const buffer = readAtMost(fd, MAX_FILE_BYTES + 1);
        if (buffer.length > MAX_FILE_BYTES) throw tooLarge(file, buffer.length);
        if (buffer.includes(0)) throw new InputError(`${file}: not a text file`);
        return buffer.toString('utf8');
    } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    } finally {
        fs.closeSync(fd);
    }
}

function tooLarge(file: string, size: number): InputError {
    const over = size > MAX_FILE_BYTES + 1 ? `${(size / 1048576).toFixed(1)} MB` : `over ${MAX_FILE_BYTES / 1048576} MB`;
    return new InputError(`${file}: too large (${over}; the limit is ${MAX_FILE_BYTES / 1048576} MB)`);
}

/** Up to `limit` bytes from an open file, in chunks (never more memory than the limit). */
function readAtMost(fd: number, limit: number): Buffer {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < limit) {
        const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit - total));
        const n = fs.readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
        total += n;
    }
    return Buffer.concat(chunks, total);
}

function fileKind(stat: fs.Stats): string {
    if (stat.isDirectory()) return 'a directory';
    if (stat.isFIFO()) return 'a FIFO';
    if (stat.isCharacterDevice()) return 'a character device';
    if (stat.isBlockDevice()) return 'a block device';
    if (stat.isSocket()) return 'a socket';
    return 'not a file';
}
