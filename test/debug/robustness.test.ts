// An endless guest can always be paused; a file with errors ends the session cleanly with its
// diagnostics; restart and terminate; requests the adapter cannot honour get an error reply.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

describe('robustness', () => {
    it('pauses `loop: jmp loop` promptly, again and again', async () => {
        session = new Session();
        // no cycle limit in reach: the fast engine runs this self-loop at billions of cycles a
        // second, past the default limit (10⁹) before the third pause on an idle machine
        await session.launch(fixture('loop.vmdef'), { maxCycles: 2 ** 52 });
        for (let i = 0; i < 3; i++) {
            await new Promise((r) => setTimeout(r, 150)); // let it run
            const asked = performance.now();
            await session.dc.pauseRequest({ threadId: 1 });
            const stop = await session.stopped();
            const latency = performance.now() - asked;
            expect(stop.body.reason).toBe('pause');
            expect(stop.body.description).toMatch(/^paused at step \d+, \d+ cycles$/);
            // generous for a loaded 2-core machine; the slices are ~8 ms
            expect(latency).toBeLessThan(1000);
            expect(await session.stack(1)).toMatchObject([{ name: 'forever', line: 18 }]);
            // while running, the thread list still answers
            await session.dc.continueRequest({ threadId: 1 });
            const threads = await session.dc.threadsRequest();
            expect(threads.body.threads.map((t) => t.name)).toEqual(['spin/vcpu0']);
        }
    });

    it('a step request while running is refused, not queued', async () => {
        session = new Session();
        await session.launch(fixture('loop.vmdef'));
        await expect(session.dc.nextRequest({ threadId: 1 })).rejects.toThrow('the simulation is running: pause it first');
        await session.dc.pauseRequest({ threadId: 1 });
        expect((await session.stopped()).body.reason).toBe('pause');
    });

    it('a file with errors: diagnostics in the output, an error reply to launch, terminated', async () => {
        session = new Session();
        await session.dc.start();
        await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
        await expect(session.dc.launchRequest({ program: fixture('errors.vmdef') } as never)).rejects.toThrow('errors.vmdef has 4 error(s); fix them before debugging');
        await session.next('terminated');
        expect(session.stderr).toContain(`${fixture('errors.vmdef')}:6:12: error cpu-overcommit: `);
        expect(session.stderr).toContain(`${fixture('errors.vmdef')}:17:9: error undefined-label: undefined label 'nowhere'`);
    });

    it('a missing file and a missing program attribute get one clear line each', async () => {
        session = new Session();
        await session.dc.start();
        await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
        await expect(session.dc.launchRequest({ program: fixture('nope.vmdef') } as never)).rejects.toThrow(/^\/.*nope\.vmdef: no such file or directory$/);
        await session.close();
        session = new Session();
        await session.dc.start();
        await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
        await expect(session.dc.launchRequest({} as never)).rejects.toThrow("launch needs 'program': the .vmdef file to debug");
    });

    it('restart starts over from the first instruction, keeping breakpoints', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), {}, (dc) => dc.setBreakpointsRequest({ source: { path: fixture('type1.vmdef') }, breakpoints: [{ line: 23 }] }));
        await session.stopped();
        await session.dc.continueRequest({ threadId: 1 });
        await session.stopped();
        expect(await session.evaluate('r1')).toBe('2');
        await session.dc.restartRequest({ arguments: { program: fixture('type1.vmdef') } } as never);
        const stop = await session.stopped();
        expect(stop.body.reason).toBe('breakpoint');
        expect(await session.evaluate('r1')).toBe('3');
    });

    it('terminate ends a running session with a terminated event', async () => {
        session = new Session();
        await session.launch(fixture('loop.vmdef'));
        await session.dc.terminateRequest();
        await session.next('terminated');
    });

    it('a maxCycles limit ends an endless guest with status limit and exit code 1', async () => {
        session = new Session();
        await session.launch(fixture('loop.vmdef'), { maxCycles: 100_000 });
        const exited = await session.next<import('@vscode/debugprotocol').DebugProtocol.ExitedEvent>('exited');
        expect(exited.body.exitCode).toBe(1);
        expect(session.output).toMatch(/spin \(hv\): limit — cycle limit 100000 reached; 100000 instructions/);
    });
});

describe('bad requests', () => {
    it('a request without its arguments or with an unknown thread is answered with an error, and the session goes on', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), { stopOnEntry: true });
        await session.stopped();
        await expect(session.dc.send('next')).rejects.toThrow(/^vmdef debugger: /);
        const none = await session.dc.stackTraceRequest({ threadId: 99 });
        expect(none.body.stackFrames).toEqual([]);
        await expect(session.dc.send('noSuchRequest', {})).rejects.toThrow(/unrecognized request/);
        await expect(session.dc.setVariableRequest({ variablesReference: 12345, name: 'r1', value: '1' })).rejects.toThrow('only registers and flags can be changed');
        await session.dc.nextRequest({ threadId: 1 });
        expect((await session.stopped()).body.reason).toBe('step');
    });

    it('a definition whose VMs have nothing to run ends at once, even with stopOnEntry', async () => {
        session = new Session();
        await session.launch(fixture('idle.vmdef'), { stopOnEntry: true });
        const exited = await session.next<import('@vscode/debugprotocol').DebugProtocol.ExitedEvent>('exited');
        expect(exited.body.exitCode).toBe(0);
        await session.next('terminated');
    });
});

describe('several VMs', () => {
    it('console lines are prefixed with the VM that wrote them; one thread per vCPU', async () => {
        session = new Session();
        await session.launch(fixture('two-vms.vmdef'), { stopOnEntry: true });
        await session.stopped();
        const threads = await session.dc.threadsRequest();
        expect(threads.body.threads.map((t) => t.name)).toEqual(['a/vcpu0', 'b/vcpu0']);
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        expect(session.stdout.split('\n').filter(Boolean).sort()).toEqual(['a| 1', 'a| 2', 'b| 1', 'b| 2']);
    });
});
