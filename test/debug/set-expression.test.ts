// setExpression over real DAP (the Watch view's edit): a register, a flag and a memory word
// are assigned, the Variables view and evaluate show the new value, and the program then runs
// with it (its console output changes). Anything that is not a place is refused with a reason.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Expression, ExpressionError } from '../../debugger/expression.js';
import { ensureAdapter, fixture, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

const TYPE1 = fixture('type1.vmdef');
const MEMORY = fixture('memory.vmdef');

/** Launches `program` stopped at `line`, as VS Code does (it handles `invalidated` events). */
async function stopAt(program: string, line: number): Promise<{ frameId: number; invalidated: DebugProtocol.Event[] }> {
    session = new Session();
    const invalidated: DebugProtocol.Event[] = [];
    session.dc.on('invalidated', (e: DebugProtocol.Event) => invalidated.push(e));
    await session.dc.start();
    const init = await session.dc.initializeRequest({ adapterID: 'vmdef', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsInvalidatedEvent: true });
    expect(init.body?.supportsSetExpression).toBe(true);
    const launched = session.dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
    await session.next('initialized');
    await session.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line }] });
    await session.dc.configurationDoneRequest();
    await launched;
    const stop = await session.stopped();
    expect(stop.body.reason).toBe('breakpoint');
    return { frameId: await session.frameId(1), invalidated };
}

/** The test client has no setExpressionRequest: the request as VS Code sends it. */
async function setExpression(args: DebugProtocol.SetExpressionArguments): Promise<DebugProtocol.SetExpressionResponse> {
    return (await session.dc.customRequest('setExpression', args)) as DebugProtocol.SetExpressionResponse;
}

async function runToEnd(program: string): Promise<void> {
    await session.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    await session.dc.continueRequest({ threadId: 1 });
    await session.next('terminated');
}

describe('setExpression', () => {
    it('assigns a register: Variables and evaluate show it, the program counts down from it', async () => {
        const { frameId, invalidated } = await stopAt(TYPE1, 22);
        expect(await session.evaluate('r1', frameId)).toBe('3');
        const set = await setExpression({ expression: 'r1', value: '5', frameId });
        expect(set.body).toMatchObject({ value: '5', type: 'integer' });
        // the event follows the response
        for (let i = 0; i < 100 && invalidated.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect(invalidated.map((e) => e.body)).toEqual([{ areas: ['variables'], threadId: 1, stackFrameId: frameId }]);
        expect((await session.scope(frameId, 'Registers')).get('r1')?.value).toBe('5');
        expect(await session.evaluate('r1 * 2', frameId)).toBe('10');
        await runToEnd(TYPE1);
        expect(session.stdout).toBe('5\n4\n3\n2\n1\nliftoff\n');
    });

    it('assigns a flag: zf set before jnz ends the loop after the first line', async () => {
        const { frameId } = await stopAt(TYPE1, 24);
        expect(await session.evaluate('r1', frameId)).toBe('2');
        expect((await session.scope(frameId, 'Registers')).get('zf')?.value).toBe('false');
        const set = await setExpression({ expression: 'zf', value: 'true', frameId });
        expect(set.body).toMatchObject({ value: 'true', type: 'flag' });
        expect((await session.scope(frameId, 'Registers')).get('zf')?.value).toBe('true');
        await runToEnd(TYPE1);
        expect(session.stdout).toBe('3\nliftoff\n');
    });

    it('assigns a memory word as evaluate reads it ([address]); the program loads the new value', async () => {
        // stopped after `store [r2], r1` (r2 = 4096, r1 = 7), before `load r3, [r2]`
        const { frameId } = await stopAt(MEMORY, 23);
        expect(await session.evaluate('[4096]', frameId)).toBe('7');
        expect(await session.evaluate('[r2] + 1', frameId)).toBe('8');
        const set = await setExpression({ expression: '[0x1000]', value: '-42', frameId });
        expect(set.body).toMatchObject({ value: '-42', type: 'integer' });
        expect(await session.evaluate('[r2]', frameId)).toBe('-42');
        // an address computed from a register names the same word
        await setExpression({ expression: '[r2 + 0]', value: '0x10', frameId });
        expect(await session.evaluate('[4096]', frameId)).toBe('16');
        await setExpression({ expression: '[ r2 ]', value: '-42', frameId });
        await runToEnd(MEMORY);
        expect(session.stdout).toBe('-42\n');
    });

    it('refuses what is not a register, a flag or a used memory word, with the reason; the session goes on', async () => {
        const { frameId } = await stopAt(MEMORY, 23);
        const refuse = (expression: string, value: string) => setExpression({ expression, value, frameId });
        await expect(refuse('r1 + 1', '3')).rejects.toThrow("'r1 + 1' is computed, not a place: only a register (r0–r7, sp, pc), a flag (zf, sf, if) or a memory word ([address]) can be set");
        await expect(refuse('vm.instructions', '3')).rejects.toThrow("'vm.instructions' is read-only");
        await expect(refuse('nosuch', '3')).rejects.toThrow("unknown name 'nosuch'");
        await expect(refuse('r1 +', '3')).rejects.toThrow('expression expected (column 5)');
        await expect(refuse('r1', 'abc')).rejects.toThrow("'abc' is not an integer");
        await expect(refuse('r1', '0x100000000')).rejects.toThrow('0x100000000 does not fit in 32 bits');
        await expect(refuse('r1', '-2147483649')).rejects.toThrow('-2147483649 does not fit in 32 bits');
        await expect(refuse('zf', '2')).rejects.toThrow('zf is a flag: true or false');
        await expect(refuse('[0x2000]', '1')).rejects.toThrow("counter's page at 0x2000 has not been used yet");
        await expect(refuse('[0x100000]', '1')).rejects.toThrow("address 0x100000 is outside counter's 1048576 bytes");
        await expect(session.dc.evaluateRequest({ expression: '[0x100000]', frameId })).rejects.toThrow("address 0x100000 is outside counter's 1048576 bytes (column 1)");
        // nothing changed; the bounds are inclusive at both ends
        expect(await session.evaluate('r1', frameId)).toBe('7');
        expect((await refuse('r1', '0xffffffff')).body.value).toBe('-1');
        expect((await refuse('r1', '-2147483648')).body.value).toBe('-2147483648');
        expect(await session.evaluate('[r2]', frameId)).toBe('7');
        await runToEnd(MEMORY);
        expect(session.stdout).toBe('7\n');
    });
});

describe('memory words in breakpoint conditions', () => {
    it('a condition over [a] decides whether the breakpoint stops', async () => {
        session = new Session();
        await session.launch(MEMORY, {}, (dc) => dc.setBreakpointsRequest({ source: { path: MEMORY }, breakpoints: [{ line: 24, condition: '[r2] == 8' }, { line: 25, condition: '[r2] == 7' }] }));
        const stop = await session.stopped();
        expect(stop.body.description).toBe('breakpoint at count line 25 ([r2] == 7)');
        expect(await session.stack(1)).toMatchObject([{ name: 'count', line: 25 }]);
    });
});

describe('memory words in the expression language', () => {
    const memory = new Map([[4096, 7]]);
    const resolve = Object.assign((name: string) => (name === 'r2' ? 4096 : undefined), { word: (a: number) => memory.get(a) ?? 0 });

    it('reads [address] through the resolver and names it as a place', () => {
        expect(Expression.parse('[r2] * 2').evaluate(resolve)).toBe(14);
        expect(Expression.parse('[0x1000] == 7 && [8] == 0').evaluate(resolve)).toBe(true);
        const place = Expression.parse('[r2 + 0]').place();
        expect(place?.kind === 'word' && place.address(resolve)).toBe(4096);
        expect(Expression.parse('r1').place()).toEqual({ kind: 'name', name: 'r1' });
        expect(Expression.parse('[r2] + 1').place()).toBeUndefined();
        expect(Expression.parse('-r1').place()).toBeUndefined();
    });

    it('reports a missing bracket and memory where there is none, located', () => {
        expect(() => Expression.parse('[r2')).toThrow("missing ']'");
        try {
            Expression.parse('1 + [4]').evaluate((name) => (name === 'r1' ? 1 : undefined));
            expect.unreachable();
        } catch (e) {
            expect(e).toBeInstanceOf(ExpressionError);
            expect([(e as ExpressionError).message, (e as ExpressionError).column]).toEqual(['memory cannot be read here', 5]);
        }
    });
});
