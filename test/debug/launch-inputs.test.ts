// The files a launch names are read as the CLI reads them (io/source-files.ts): a device, a
// FIFO, a directory, a binary or a too-large file is a clear launch error in bounded time —
// never a hang (a FIFO with no writer) or memory growing without bound (`program: /dev/zero`
// once reached 16.8 GB).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOURCE_CHARS } from '../../language/limits.js';
import { ensureAdapter, fixture, Session } from './dap-helpers.js';

let session: Session;
let dir: string;
beforeAll(async () => {
    await ensureAdapter();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-launch-inputs-'));
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(async () => session?.close());

/** Launches with these attributes; returns the error reply, having seen the session end, and how long it took. */
async function refusedLaunch(args: Record<string, unknown>): Promise<{ message: string; ms: number }> {
    session = new Session();
    await session.dc.start();
    await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
    const started = performance.now();
    let message = '';
    try {
        await session.dc.launchRequest(args as never);
    } catch (e) {
        message = (e as Error).message;
    }
    await session.next('terminated', 5_000);
    return { message, ms: performance.now() - started };
}

const cases: [string, () => string, RegExp][] = [
    ['/dev/zero (a character device)', () => '/dev/zero', /^\/dev\/zero: not a regular file \(a device, pipe or socket cannot be read as a source\)$/],
    ['a FIFO with no writer', () => {
        const fifo = path.join(dir, 'pipe.vmdef');
        if (!fs.existsSync(fifo)) expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
        return fifo;
    }, /pipe\.vmdef: not a regular file \(a device, pipe or socket cannot be read as a source\)$/],
    ['a directory', () => dir, /: a directory, not a \.vmdef file$/],
    ['a binary file', () => {
        const file = path.join(dir, 'binary.vmdef');
        fs.writeFileSync(file, Buffer.from([0x68, 0x61, 0x72, 0x00, 0x01, 0x02]));
        return file;
    }, /binary\.vmdef: not a text file$/],
    ['a file over 16 MB', () => {
        const file = path.join(dir, 'huge.vmdef');
        fs.writeFileSync(file, '// a comment\n'.repeat(Math.ceil((17 * 2 ** 20) / 13)));
        return file;
    }, /huge\.vmdef: too large \(17\.0 MB; the limit is 16 MB\)$/],
];

describe('launch refuses files the CLI refuses', () => {
    for (const [what, make, expected] of cases) {
        it(`program: ${what}`, async () => {
            const { message, ms } = await refusedLaunch({ program: make() });
            expect(message).toMatch(expected);
            expect(ms).toBeLessThan(5_000);
            expect(session.stderr).toContain(`vmdef: ${message}`);
        });
    }

    it("the same checks for a file named in 'files' (in the folder of 'program': one folder, one system)", async () => {
        const program = path.join(dir, 'type1.vmdef');
        fs.copyFileSync(fixture('type1.vmdef'), program);
        const fifo = path.join(dir, 'extra-pipe.vmdef');
        if (!fs.existsSync(fifo)) expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
        const { message, ms } = await refusedLaunch({ program, files: [fifo] });
        expect(message).toBe(`in 'files': ${fifo}: not a regular file (a device, pipe or socket cannot be read as a source)`);
        expect(ms).toBeLessThan(5_000);
    });

    it('a file over the source limit (read, not parsed): a launch error with file-too-large at 1:1', async () => {
        const program = path.join(dir, 'big.vmdef');
        fs.writeFileSync(program, 'vm broken on nowhere\n'.repeat(Math.ceil((MAX_SOURCE_CHARS + 1) / 21)));
        const { message, ms } = await refusedLaunch({ program });
        expect(message).toMatch(/big\.vmdef/);
        expect(ms).toBeLessThan(20_000);
        expect(session.stderr).toContain(`${program}:1:1: error file-too-large: this file is too large to check`);
        expect(session.stderr).not.toContain('unresolved-reference');
    });

    it('a readable file still launches', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), { stopOnEntry: true });
        expect((await session.stopped()).body.reason).toBe('entry');
    });
});
