// The Debug Console's completions and the loaded sources over real DAP, in a handler frame.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, MONITORS_FILE, OS_FILE, Session } from './dap-helpers.js';

const TYPE1 = fixture('type1.vmdef');
let session: Session;
let frameId: number;

beforeAll(async () => {
    await ensureAdapter();
    session = new Session();
    await session.launch(TYPE1, {}, (dc) => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'io_out' }] }));
    await session.stopped();
    frameId = await session.frameId(1, 0);
}, 120_000);
afterAll(async () => session?.close());

async function complete(text: string, column = text.length + 1): Promise<{ label: string; start?: number; length?: number; type?: string }[]> {
    const r = await session.dc.customRequest('completions', { text, column, frameId });
    return r.body.targets.map((t: { label: string; start?: number; length?: number; type?: string }) => ({ label: t.label, start: t.start, length: t.length, type: t.type }));
}

describe('Debug Console completions', () => {
    it('are advertised, with . and [ as triggers', () => {
        expect(session.capabilities).toMatchObject({ supportsCompletionsRequest: true, completionTriggerCharacters: ['.', '['], supportsLoadedSourcesRequest: true });
    });

    it('offer the registers, the frame’s parameters, the scopes’ prefixes and figures by what is typed', async () => {
        expect((await complete('r')).map((t) => t.label)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'registers', 'ready_queue']);
        expect(await complete('1 + val')).toEqual([{ label: 'value', start: 5, length: 3, type: 'variable' }]);
        expect((await complete('hyp')).map((t) => [t.label, t.type])).toEqual([['hypervisor', 'module'], ['hypercalls', 'property']]);
    });

    it('after a dot: the children of what is before it (figures of the VM, a scope’s variables)', async () => {
        expect(await complete('vm.ex')).toEqual([{ label: 'exits', start: 4, length: 2, type: 'property' }]);
        expect((await complete('vm.exits.h')).map((t) => t.label)).toEqual(['hlt']);
        expect((await complete('hypervisor.tech')).map((t) => t.label)).toEqual(['technique']);
    });

    it('the memory syntax: [a] on an empty word, registers inside [', async () => {
        expect((await complete('')).map((t) => t.label)).toContain('[a]');
        expect((await complete('[s')).map((t) => t.label)).toEqual(['sp']);
    });
});

describe('loaded sources', () => {
    it('are the launched file, then the standard library files whose code runs', async () => {
        const r = await session.dc.customRequest('loadedSources', {});
        expect(r.body.sources.map((s: { path: string }) => s.path)).toEqual([TYPE1, MONITORS_FILE, OS_FILE]);
        expect(r.body.sources[1].origin).toBe('vmdef standard library');
    });
});
