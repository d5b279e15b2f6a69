// Everything the Variables view shows evaluates to what it shows (its evaluateName, in the Watch
// view or the Debug Console); counters that have not happened yet are 0, not unknown names; a
// handler's parameters evaluate by name, as numbers where they are numbers.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, lineOf, Session } from './dap-helpers.js';

const TYPE1 = fixture('type1.vmdef');
const PARA = fixture('para.vmdef');

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

/** Every variable below a reference, depth first, with the path it was reached by. */
async function walk(reference: number, path: string): Promise<{ variable: DebugProtocol.Variable; path: string }[]> {
    const r = await session.dc.variablesRequest({ variablesReference: reference });
    const out: { variable: DebugProtocol.Variable; path: string }[] = [];
    for (const variable of r.body.variables) {
        out.push({ variable, path: `${path}/${variable.name}` });
        if (variable.variablesReference > 0) out.push(...(await walk(variable.variablesReference, `${path}/${variable.name}`)));
    }
    return out;
}

/**
 * For every frame of thread 1 and every scope: each variable has an evaluateName, and
 * evaluating it in that frame gives exactly the value shown. Returns how many were checked.
 */
async function everyVariableEvaluatesToItsValue(): Promise<number> {
    const stack = await session.dc.stackTraceRequest({ threadId: 1 });
    let checked = 0;
    for (const frame of stack.body.stackFrames) {
        const scopes = await session.dc.scopesRequest({ frameId: frame.id });
        for (const scope of scopes.body.scopes) {
            for (const { variable, path } of await walk(scope.variablesReference, `${frame.name}/${scope.name}`)) {
                expect(variable.evaluateName, path).toBeDefined();
                const r = await session.dc.evaluateRequest({ expression: variable.evaluateName!, frameId: frame.id, context: 'watch' });
                expect(r.body.result, `${path} = ${variable.evaluateName}`).toBe(variable.value);
                checked++;
            }
        }
    }
    return checked;
}

describe('evaluating what the Variables view shows', () => {
    it('a handler frame, the kernel and the guest below it (full virtualization): every variable, and the parameters by name', async () => {
        session = new Session();
        await session.launch(TYPE1, {}, (dc) => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'io_out' }] }));
        await session.stopped();
        expect((await session.stack(1)).map((f) => f.name)).toEqual(['trap io_out', 'syscall write', 'countdown']);
        expect(await everyVariableEvaluatesToItsValue()).toBeGreaterThan(150);
        const handler = await session.frameId(1, 0);
        expect(await session.evaluate('dev', handler)).toBe('com1');
        expect(await session.evaluate('dev == "com1"', handler)).toBe('true');
        expect(await session.evaluate('params.value', handler)).toBe('3');
        expect(await session.evaluate('params.value + 1', handler)).toBe('4');
        expect(await session.evaluate('value * 2', handler)).toBe('6');
        // counters that have not happened yet
        expect(await session.evaluate('exits.hlt', handler)).toBe('0');
        expect(await session.evaluate('vm.exits.cpuid + exits.io', handler)).toBe('1');
    });

    it('a hypercall handler (paravirtualization): cmd is the number 2, hypercalls not made yet are 0', async () => {
        session = new Session();
        await session.launch(PARA, { stopOnEntry: true });
        await session.stopped();
        // before any hypercall
        expect(await session.evaluate('hypercalls.console_io')).toBe('0');
        expect(await session.evaluate('hypercalls.sched_op == 0')).toBe('true');
        await session.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sched_op' }] });
        await session.dc.continueRequest({ threadId: 1 });
        expect((await session.stopped()).body.reason).toBe('function breakpoint');
        expect((await session.stack(1)).map((f) => f.name)).toEqual(['hypercall sched_op', 'syscall exit', 'report']);
        expect(await everyVariableEvaluatesToItsValue()).toBeGreaterThan(150);
        const handler = await session.frameId(1, 0);
        expect(await session.evaluate('cmd', handler)).toBe('2');
        expect(await session.evaluate('params.cmd + 1', handler)).toBe('3');
        expect(await session.evaluate('cmd == 2 && arg == 0', handler)).toBe('true');
        expect(await session.evaluate('hypercalls.console_io', handler)).toBe('2');
    });

    it('a condition on a counter not yet counted (`exits.hlt >= 0`) holds at every hit, with no error', async () => {
        session = new Session();
        const line = lineOf(TYPE1, /dec r1/);
        await session.launch(TYPE1, {}, (dc) => dc.setBreakpointsRequest({ source: { path: TYPE1 }, breakpoints: [{ line, condition: 'exits.hlt >= 0 && exits.cpuid == 0' }] }));
        for (let hit = 0; hit < 3; hit++) {
            const stop = await session.stopped();
            expect(stop.body.reason).toBe('breakpoint');
            expect(stop.body.description).toBe(`breakpoint at countdown line ${line} (exits.hlt >= 0 && exits.cpuid == 0)`);
            await session.dc.continueRequest({ threadId: 1 });
        }
        await session.next('terminated');
    });
});
