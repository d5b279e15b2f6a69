// A split workspace over real DAP: `program` holds the VM and its guest code, the `files` launch
// attribute brings the file with its hardware and hypervisor. On its own the program does not
// resolve; with `files` it stops at breakpoints and the stack goes from the guest into the
// hypervisor's handler. A file in `files` that cannot be read is a launch error, not a crash.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, lineOf, MONITORS_FILE, OS_FILE, ROOT, Session } from './dap-helpers.js';

const GUEST = fixture('split/guest.vmdef');
const HOST = fixture('split/host.vmdef');
const WRITE_LINE = lineOf(GUEST, /syscall write\(com1, r1\)/);

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

describe('launch with program + files', () => {
    it('stops at a breakpoint in the program file; the stack runs from the guest into the hypervisor', async () => {
        session = new Session();
        let verified: (number | undefined)[] = [];
        await session.launch(GUEST, { files: [HOST] }, async (dc) => {
            const r = await dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [{ line: WRITE_LINE }] });
            verified = r.body.breakpoints.map((b) => (b.verified ? b.line : undefined));
        });
        expect(verified).toEqual([WRITE_LINE]);

        let stop = await session.stopped();
        expect(session.output).toContain('vmdef: debugging guest.vmdef (with host.vmdef): web on hv (type1, full)');
        expect(stop.body.reason).toBe('breakpoint');
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', path: GUEST, line: WRITE_LINE }]);
        expect(await session.evaluate('r1')).toBe('3');

        // into the full monitor's trap handler for the write's `out` (hardware and hypervisor from host.vmdef)
        const handlerLine = lineOf(MONITORS_FILE, /hw io_write\(dev, value\)/, /^monitor full/);
        await session.dc.setBreakpointsRequest({ source: { path: MONITORS_FILE }, breakpoints: [{ line: handlerLine }] });
        await session.dc.continueRequest({ threadId: 1 });
        stop = await session.stopped();
        expect(stop.body.reason).toBe('breakpoint');
        expect(await session.stack(1)).toMatchObject([
            { name: 'trap io_out', path: MONITORS_FILE, line: handlerLine },
            { name: 'syscall write', path: OS_FILE },
            { name: 'countdown', path: GUEST, line: WRITE_LINE },
        ]);

        await session.dc.setBreakpointsRequest({ source: { path: MONITORS_FILE }, breakpoints: [] });
        await session.dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [] });
        await session.dc.continueRequest({ threadId: 1 });
        const exited = await session.next<import('@vscode/debugprotocol').DebugProtocol.ExitedEvent>('exited');
        expect(exited.body.exitCode).toBe(0);
        expect(session.stdout).toBe('3\n2\n1\nliftoff\n');
    });

    it('relative paths in files resolve like program (the adapter\'s working directory)', async () => {
        session = new Session();
        await session.launch(path.relative(ROOT, GUEST), { files: [path.relative(ROOT, HOST)], stopOnEntry: true });
        const stop = await session.stopped();
        expect(stop.body.reason).toBe('entry');
        expect(await session.stack(1)).toMatchObject([{ name: 'countdown', path: GUEST }]);
    });

    it('program alone does not resolve: an error reply naming the unresolved host (a hypervisor, or hardware for a native VM)', async () => {
        session = new Session();
        await session.dc.start();
        await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
        await expect(session.dc.launchRequest({ program: GUEST } as never)).rejects.toThrow('guest.vmdef has 2 error(s); fix them before debugging');
        await session.next('terminated');
        expect(session.stderr).toContain(`${GUEST}:2:18: error unresolved-reference: Could not resolve reference to Hypervisor or Hardware named 'hv'.`);
    });
});

describe('launch errors in files', () => {
    it('a missing file: an error reply naming it and the attribute, then terminated', async () => {
        session = new Session();
        await session.dc.start();
        await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
        const missing = fixture('split/no-such-host.vmdef');
        await expect(session.dc.launchRequest({ program: GUEST, files: [HOST, missing] } as never))
            .rejects.toThrow(`in 'files': ${missing}: no such file or directory`);
        await session.next('terminated');
        expect(session.stderr).toContain(`vmdef: in 'files': ${missing}: no such file or directory`);
        // the adapter is still there: it answers the next request
        const threads = await session.dc.threadsRequest();
        expect(threads.success).toBe(true);
    });

    it('files that is not a list of paths: one clear line', async () => {
        session = new Session();
        await session.dc.start();
        await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
        await expect(session.dc.launchRequest({ program: GUEST, files: HOST } as never))
            .rejects.toThrow(`'files' must be a list of .vmdef paths, not ${JSON.stringify(HOST)}`);
    });

    it('errors in a file of files are shown at their file and line, and the launch names every file', async () => {
        // the split workspace plus type1.vmdef, which declares `box` and `hv` too: the names clash in the folder
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-split-'));
        const copy = (file: string) => {
            const target = path.join(folder, path.basename(file));
            fs.copyFileSync(file, target);
            return target;
        };
        try {
            const [guest, host, clashing] = [copy(GUEST), copy(HOST), copy(fixture('type1.vmdef'))];
            session = new Session();
            await session.dc.start();
            await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
            await expect(session.dc.launchRequest({ program: guest, files: [host, clashing] } as never))
                .rejects.toThrow(/^guest\.vmdef \+ host\.vmdef \+ type1\.vmdef have \d+ error\(s\); fix them before debugging$/);
            expect(session.stderr).toMatch(new RegExp(`${clashing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error duplicate-`));
        } finally {
            fs.rmSync(folder, { recursive: true, force: true });
        }
    });

    it('a file of files in another folder is refused: each folder is a separate system', async () => {
        session = new Session();
        await session.dc.start();
        await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
        await expect(session.dc.launchRequest({ program: GUEST, files: [HOST, fixture('type1.vmdef')] } as never))
            .rejects.toThrow(`${fixture('type1.vmdef')} named in 'files' is in another folder than 'program': each folder is a separate system, so the files must share the folder of guest.vmdef`);
    });
});
