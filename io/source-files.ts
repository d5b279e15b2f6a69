// Reading `.vmdef` sources from disk, for every reader: the command line, the language server's
// workspace loading and (one call) the debugger. One place applies the limits, so no caller can
// forget one: a size cap, regular files only (a FIFO or a device such as /dev/zero is refused
// before it is opened, so nothing blocks or reads forever), text only (no NUL byte), the
// `.vmdef` extension, directories expanded to the `.vmdef` files below them, and each file
// once (by real path, so `a.vmdef ./a.vmdef dir/` reads a.vmdef once). A refusal is a
// SourceReadError whose message is one line naming the file, the reason in the
// process's locale (io/messages.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceFile } from '../language/workspace.js';
import { sourceMessages as m } from './messages.js';

/** Larger files are refused: the parser runs at about 1 MB/s, so 16 MB is already ~15 s. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export const SOURCE_EXTENSION = '.vmdef';

/** Why a source cannot be read; `message` is `FILE: reason`. */
export class SourceReadError extends Error {
    constructor(readonly file: string, readonly reason: string) {
        super(`${file}: ${reason}`);
    }
}

/** `16.0` for a size in bytes, as the refusal of a too large file shows it. */
function megabytes(bytes: number): string {
    return (bytes / 1048576).toFixed(1);
}

/**
 * The sources named by `args` (files or directories), each file once, in the order named
 * (a directory's files sorted by path), each `path` as named or as found below the directory. Throws a SourceReadError for the first unusable one.
 */
export function readSources(args: string[]): SourceFile[] {
    const seen = new Set<string>();
    const sources: SourceFile[] = [];
    for (const file of args.flatMap(expand)) {
        const real = realPath(file);
        if (seen.has(real)) continue;
        seen.add(real);
        sources.push({ path: file, text: readSourceFile(file) });
    }
    return sources;
}

/** One source file's text, with every check of this module but the directory expansion. */
export function readSourceFile(file: string): string {
    const stat = statOf(file);
    if (!stat.isFile()) throw new SourceReadError(file, stat.isDirectory() ? m.directory(SOURCE_EXTENSION) : m.notRegular());
    if (path.extname(file) !== SOURCE_EXTENSION) throw new SourceReadError(file, m.notVmdef(SOURCE_EXTENSION));
    if (stat.size > MAX_FILE_BYTES) throw new SourceReadError(file, m.tooLarge(megabytes(stat.size), MAX_FILE_BYTES / 1048576));
    const buffer = readCapped(file);
    if (buffer.includes(0)) throw new SourceReadError(file, m.binary());
    return buffer.toString('utf8');
}

/** The real path of `file` (symbolic links and `..` resolved), to tell two names of one file apart. */
export function realPath(file: string): string {
    try {
        return fs.realpathSync(file);
    } catch {
        return path.resolve(file);
    }
}

/** A directory stands for every `.vmdef` file below it (hidden folders and node_modules left out). */
function expand(arg: string): string[] {
    if (!statOf(arg).isDirectory()) return [arg];
    const found: string[] = [];
    const walk = (dir: string) => {
        const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
        for (const entry of entries) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
            else if (entry.isFile() && entry.name.endsWith(SOURCE_EXTENSION)) found.push(full);
        }
    };
    try {
        walk(arg);
    } catch (e) {
        throw new SourceReadError(arg, m.unreadable(errorCode(e)));
    }
    if (found.length === 0) throw new SourceReadError(arg, m.emptyDirectory(SOURCE_EXTENSION));
    return found;
}

function statOf(file: string): fs.Stats {
    try {
        return fs.statSync(file);
    } catch (e) {
        throw new SourceReadError(file, errorCode(e) === 'ENOENT' ? m.missing() : m.unreadable(errorCode(e)));
    }
}

/**
 * Reads at most MAX_FILE_BYTES + 1 bytes. O_NONBLOCK: should the file have been swapped for a
 * FIFO since it was checked, opening does not wait for a writer; the descriptor is checked again.
 */
function readCapped(file: string): Buffer {
    let fd: number | undefined;
    try {
        fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) throw new SourceReadError(file, m.notRegular());
        const chunks: Buffer[] = [];
        let total = 0;
        for (;;) {
            const chunk = Buffer.allocUnsafe(Math.min(1 << 20, MAX_FILE_BYTES + 1 - total));
            const n = fs.readSync(fd, chunk, 0, chunk.length, null);
            if (n === 0) break;
            chunks.push(chunk.subarray(0, n));
            total += n;
            if (total > MAX_FILE_BYTES) throw new SourceReadError(file, m.tooLarge(megabytes(total), MAX_FILE_BYTES / 1048576));
        }
        return Buffer.concat(chunks, total);
    } catch (e) {
        if (e instanceof SourceReadError) throw e;
        throw new SourceReadError(file, m.unreadable(errorCode(e)));
    } finally {
        if (fd !== undefined) fs.closeSync(fd);
    }
}

function errorCode(e: unknown): string {
    return (e as NodeJS.ErrnoException)?.code ?? 'error';
}
