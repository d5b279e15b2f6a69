// io/source-files.ts, the one reader of .vmdef sources (CLI, language server, debugger), and the
// language server's file system built on it (issue 10 item 10).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, readSourceFile, readSources, SourceReadError } from '../../io/source-files.js';
import { SourceFileSystemProvider } from '../../server/source-file-system.js';

let dir: string;
const at = (name: string) => path.join(dir, name);

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-sources-'));
    fs.writeFileSync(at('a.vmdef'), 'program a { hlt }\n');
    fs.mkdirSync(at('sub'));
    fs.writeFileSync(at('sub/b.vmdef'), 'program b { hlt }\n');
    fs.writeFileSync(at('sub/notes.txt'), 'not a source');
    fs.mkdirSync(at('.hidden'));
    fs.writeFileSync(at('.hidden/c.vmdef'), 'program c { hlt }\n');
    fs.writeFileSync(at('big.vmdef'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    fs.writeFileSync(at('nul.vmdef'), 'program a {\0}');
    fs.symlinkSync(at('a.vmdef'), at('alias.vmdef'));
    execFileSync('mkfifo', [at('fifo.vmdef')]);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function refusal(read: () => unknown): string {
    try {
        read();
    } catch (e) {
        expect(e).toBeInstanceOf(SourceReadError);
        return (e as Error).message;
    }
    throw new Error('not refused');
}

describe('readSources', () => {
    it('expands a directory to its .vmdef files (sorted, hidden folders left out), each file once by real path', () => {
        const sources = readSources([at('a.vmdef'), at('sub'), at('alias.vmdef'), path.join(dir, 'sub', '..', 'a.vmdef'), at('sub/b.vmdef')]);
        expect(sources).toEqual([
            { path: at('a.vmdef'), text: 'program a { hlt }\n' },
            { path: at('sub/b.vmdef'), text: 'program b { hlt }\n' },
        ]);
    });

    it('refuses with one line naming the file', () => {
        expect(refusal(() => readSources([at('missing.vmdef')]))).toBe(`${at('missing.vmdef')}: no such file or directory`);
        expect(refusal(() => readSources([at('sub/notes.txt')]))).toBe(`${at('sub/notes.txt')}: not a .vmdef file (rename it to end in .vmdef to check it)`);
        const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
        expect(refusal(() => readSources([empty]))).toBe(`${empty}: a directory with no .vmdef files`);
    });
});

describe('readSourceFile', () => {
    it('refuses what is not a regular text file within the size cap, without blocking on a FIFO', () => {
        expect(refusal(() => readSourceFile(at('big.vmdef')))).toBe(`${at('big.vmdef')}: too large (16.0 MB; the limit is 16 MB)`);
        expect(refusal(() => readSourceFile(at('nul.vmdef')))).toBe(`${at('nul.vmdef')}: not a text file`);
        for (const file of [at('fifo.vmdef'), '/dev/zero', '/dev/null']) {
            expect(refusal(() => readSourceFile(file))).toBe(`${file}: not a regular file (a device, pipe or socket cannot be read as a source)`);
        }
        expect(refusal(() => readSourceFile(at('sub')))).toBe(`${at('sub')}: a directory, not a .vmdef file`);
        expect(readSourceFile(at('alias.vmdef'))).toBe('program a { hlt }\n');
    });
});

describe("the language server's file system", () => {
    it('reads sources like the CLI; a refused file is empty text and a logged line, never a rejection or a hang', async () => {
        const logged: string[] = [];
        const provider = new SourceFileSystemProvider((line) => logged.push(line));
        expect(await provider.readFile(URI.file(at('a.vmdef')))).toBe('program a { hlt }\n');
        expect(await provider.readFile(URI.file(at('big.vmdef')))).toBe('');
        expect(provider.readFileSync(URI.file(at('fifo.vmdef')))).toBe('');
        expect(logged).toEqual([
            `vmdef: left out ${at('big.vmdef')}: too large (16.0 MB; the limit is 16 MB)`,
            `vmdef: left out ${at('fifo.vmdef')}: not a regular file (a device, pipe or socket cannot be read as a source)`,
        ]);
    });
});
