// Wrong-type DAP arguments (`threadId: "x"`, `lines: 5`, `expression: {}`) get one clear
// sentence back — never a JavaScript error or stack trace — and the session goes on.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VmdefDebugSession } from '../../debugger/session.js';
import { ensureAdapter, fixture, Session } from './dap-helpers.js';

const FILE = fixture('type1.vmdef');

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

/** The error message of a request's reply ('' when it succeeded). */
async function errorOf(command: string, args: unknown): Promise<string> {
    try {
        await session.dc.send(command, args);
        return '';
    } catch (e) {
        return (e as Error).message;
    }
}

/** What no reply may contain: a stack frame line, a JavaScript error name or its usual wording. */
function expectNoJavaScript(message: string): void {
    expect(message).not.toMatch(/\n\s+at |\bat .*\.js:\d+|TypeError|ReferenceError|is not a function|Cannot read propert|undefined \(reading/);
}

async function stoppedOnEntry(): Promise<number> {
    session = new Session();
    await session.launch(FILE, { stopOnEntry: true });
    await session.stopped();
    return session.frameId(1);
}

describe('wrong-type DAP arguments', () => {
    it('the reported cases: threadId "x", lines 5, expression {} — a clear error each, then a step still works', async () => {
        await stoppedOnEntry();
        expect(await errorOf('next', { threadId: 'x' })).toBe(`vmdef debugger: next: 'threadId' must be a whole number, not "x"`);
        expect(await errorOf('setBreakpoints', { source: { path: FILE }, lines: 5 })).toBe("vmdef debugger: setBreakpoints: 'lines' must be a list, not 5");
        expect(await errorOf('evaluate', { expression: {} })).toBe("vmdef debugger: evaluate: 'expression' must be a string, not an object");
        expect(await errorOf('setBreakpoints', { source: { path: FILE }, breakpoints: [{ line: 23 }, { line: '24' }] }))
            .toBe(`vmdef debugger: setBreakpoints: 'breakpoints[1].line' must be a whole number, not "24"`);
        expect(await errorOf('evaluate', undefined)).toBe("vmdef debugger: evaluate: 'expression' is missing");
        await session.dc.nextRequest({ threadId: 1 });
        expect((await session.stopped()).body.reason).toBe('step');
        expect(session.stderr).toBe('');
    });

    it('every field of every request the adapter reads, given each wrong type: a sentence, never JavaScript', async () => {
        const frameId = await stoppedOnEntry();
        const scopes = await session.dc.scopesRequest({ frameId });
        const registers = scopes.body.scopes[0].variablesReference;
        const requests: [string, Record<string, unknown>][] = [
            ['next', { threadId: 1 }], ['stepIn', { threadId: 1 }], ['stepOut', { threadId: 1 }], ['stepBack', { threadId: 1 }],
            ['continue', { threadId: 1 }], ['reverseContinue', { threadId: 1 }], ['pause', { threadId: 1 }],
            ['setBreakpoints', { source: { path: FILE }, breakpoints: [{ line: 23, condition: 'r1 > 0' }], lines: [23] }],
            ['breakpointLocations', { source: { path: FILE }, line: 1, endLine: 30 }],
            ['setFunctionBreakpoints', { breakpoints: [{ name: 'io_out', condition: 'r1 > 0' }] }],
            ['setExceptionBreakpoints', { filters: ['faults'], filterOptions: [{ filterId: 'faults' }] }],
            ['dataBreakpointInfo', { name: 'r1', frameId, variablesReference: registers, asAddress: false, bytes: 4 }],
            ['setDataBreakpoints', { breakpoints: [{ dataId: '0:0:r1', accessType: 'write' }] }],
            ['exceptionInfo', { threadId: 1 }],
            ['stackTrace', { threadId: 1, startFrame: 0, levels: 5 }],
            ['scopes', { frameId }],
            ['variables', { variablesReference: registers }],
            ['setVariable', { variablesReference: registers, name: 'r1', value: '1' }],
            ['setExpression', { expression: 'r1', value: '1', frameId }],
            ['evaluate', { expression: 'r1', frameId, context: 'watch' }],
            ['restart', { arguments: { program: FILE } }],
            ['restartFrame', { frameId }],
        ];
        const wrong: unknown[] = ['x', 5, {}, [], true, null];
        const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);
        let tried = 0;
        for (const [command, valid] of requests) {
            for (const field of Object.keys(valid)) {
                for (const value of wrong) {
                    if (kind(value) === kind(valid[field])) continue;
                    const message = await errorOf(command, { ...valid, [field]: value });
                    tried++;
                    expect(message, `${command} ${field}=${JSON.stringify(value)}`).not.toBe('');
                    expect(message).toMatch(new RegExp(`^vmdef debugger: ${command}: '${field.replace(/[[\]]/g, '\\$&')}`));
                    expectNoJavaScript(message);
                }
            }
        }
        expect(tried).toBeGreaterThan(150);
        // nothing moved, nothing broke: still at the entry, and a step works
        expect((await session.stack(1))[0]).toMatchObject({ name: 'countdown', line: 20 });
        await session.dc.nextRequest({ threadId: 1 });
        expect((await session.stopped()).body.reason).toBe('step');
        expect(session.stderr).toBe('');
    });

    it('a launch with a wrong-type attribute is refused in its reply and the session ends', async () => {
        session = new Session();
        await session.dc.start();
        await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
        await expect(session.dc.launchRequest({ program: FILE, stopOnEntry: 'yes' } as never)).rejects.toThrow(`launch: 'stopOnEntry' must be true or false, not "yes"`);
        await session.next('terminated');
    });

    it('an error thrown inside a handler is answered with its message, not the stack DebugSession would send', async () => {
        // a handler with a bug, run inline (DebugSession catches it and would reply '{_stack}')
        class Buggy extends VmdefDebugSession {
            protected override threadsRequest(): void {
                throw new TypeError("Cannot read properties of undefined (reading 'vcpus')");
            }
        }
        const buggy = new Buggy(() => '');
        const replies: DebugProtocol.Response[] = [];
        buggy.onDidSendMessage((m) => replies.push(m as DebugProtocol.Response));
        buggy.handleMessage({ seq: 1, type: 'request', command: 'threads' } as DebugProtocol.Request);
        expect(replies).toHaveLength(1);
        expect(replies[0]).toMatchObject({ success: false, message: "vmdef debugger: Cannot read properties of undefined (reading 'vcpus')" });
        expect(replies[0].message).not.toMatch(/\n\s+at /);
        buggy.dispose();
    });
});
