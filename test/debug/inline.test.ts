// The inline form VS Code uses (DebugAdapterInlineImplementation): the same session class
// driven through handleMessage / onDidSendMessage in this process, no stdio.
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VmdefDebugSession } from '../../debugger/session.js';
import { fixture } from './dap-helpers.js';

describe('inline session', () => {
    it('initializes, launches, stops on entry and steps into the kernel through handleMessage', async () => {
        // the session reads launched files through the reader it is given, never by itself
        const read: string[] = [];
        const session = new VmdefDebugSession((file) => {
            read.push(file);
            return fs.readFileSync(file, 'utf8');
        });
        const sent: DebugProtocol.ProtocolMessage[] = [];
        const waiters: [(m: DebugProtocol.ProtocolMessage) => boolean, (m: DebugProtocol.ProtocolMessage) => void][] = [];
        session.onDidSendMessage((m) => {
            const msg = m as DebugProtocol.ProtocolMessage;
            sent.push(msg);
            for (const w of [...waiters]) if (w[0](msg)) {
                waiters.splice(waiters.indexOf(w), 1);
                w[1](msg);
            }
        });
        let seq = 1;
        const wait = (pred: (m: any) => boolean) => new Promise<any>((resolve) => {
            const found = sent.find(pred);
            if (found) resolve(found);
            else waiters.push([pred, resolve]);
        });
        const request = (command: string, args?: unknown) => {
            const s = seq++;
            session.handleMessage({ seq: s, type: 'request', command, arguments: args } as DebugProtocol.Request);
            return wait((m) => m.type === 'response' && m.request_seq === s);
        };
        const init = await request('initialize', { adapterID: 'vmdef', pathFormat: 'path' });
        expect(init.body.supportsStepBack).toBe(true);
        expect(init.body.exceptionBreakpointFilters.map((f: any) => f.filter)).toEqual(['traps', 'hypercalls', 'faults', 'fidelity', 'host-failed', 'interrupts']);
        const launched = request('launch', { program: fixture('type1.vmdef'), stopOnEntry: true });
        await wait((m) => m.type === 'event' && m.event === 'initialized');
        await request('configurationDone');
        expect((await launched).success).toBe(true);
        expect(read).toEqual([fixture('type1.vmdef')]);
        const entry = await wait((m) => m.event === 'stopped');
        expect(entry.body).toMatchObject({ reason: 'entry', threadId: 1 });
        await request('stepIn', { threadId: 1 });
        await request('stepIn', { threadId: 1 });
        const stepped = await wait((m) => m.event === 'stopped' && m.body.description?.startsWith('syscall'));
        expect(stepped.body.description).toBe('syscall write(com1, 3): user → kernel');
        const stack = await request('stackTrace', { threadId: 1 });
        expect(stack.body.stackFrames.map((f: any) => f.name)).toEqual(['syscall write', 'countdown']);
        await request('disconnect', {});
        session.dispose();
    });
});
