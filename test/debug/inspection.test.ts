// Scopes, variables, setVariable, evaluate and console output over real DAP.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

async function stopInHandler(launch: Record<string, unknown> = {}): Promise<number> {
    session = new Session();
    await session.launch(fixture('type1.vmdef'), launch, (dc) => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'io_out' }] }));
    await session.stopped();
    return session.frameId(1, 0);
}

describe('launch attribute costPreset', () => {
    it('prices a hypervisor that names no preset with the one given', async () => {
        const frameId = await stopInHandler({ costPreset: 'p4_2006' });
        const hv = await session.scope(frameId, 'Hypervisor');
        expect(hv.get('current_cost')?.value).toBe('2500 cycles (p4_2006)');
    });

    it('refuses an unknown preset in the reply to launch', async () => {
        session = new Session();
        await session.dc.start();
        await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path' });
        await expect(session.dc.launchRequest({ program: fixture('type1.vmdef'), costPreset: 'nope' } as never)).rejects.toThrow("unknown cost preset 'nope'");
    });
});

describe('variables', () => {
    it('scopes of a handler frame: Registers, Virtual CPU, VM, Hypervisor, Host, Memory', async () => {
        const frameId = await stopInHandler();
        const scopes = await session.dc.scopesRequest({ frameId });
        expect(scopes.body.scopes.map((s) => s.name)).toEqual(['Registers', 'Virtual CPU', 'VM', 'Hypervisor', 'Host', 'Memory']);

        const regs = await session.scope(frameId, 'Registers');
        expect([...regs.keys()]).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'sp', 'pc', 'zf', 'sf', 'if', 'privilege', 'params']);
        expect(regs.get('privilege')?.value).toBe('hypervisor');
        expect(regs.get('params')?.value).toBe('(com1, 3)');

        const vcpu = await session.scope(frameId, 'Virtual CPU');
        expect(vcpu.get('pending')?.value).toBe('trap io_out');
        expect(vcpu.get('layers')?.value).toBe('countdown → syscall write → trap io_out');
        expect(vcpu.get('virtual_if')?.value).toMatch(/^true/);

        const vm = await session.scope(frameId, 'VM');
        expect(vm.get('exits')?.value).toBe('io 1');
        expect(vm.get('console')?.value).toBe('""');
        expect(vm.get('status')?.value).toBe('running');

        const hv = await session.scope(frameId, 'Hypervisor');
        expect(hv.get('technique')?.value).toBe('full');
        expect(hv.get('current')?.value).toBe('trap io_out');
        expect(hv.get('current_cost')?.value).toBe('1000 cycles (modern)');

        const host = await session.scope(frameId, 'Host');
        const pcpus = await session.dc.variablesRequest({ variablesReference: host.get('pcpus')!.variablesReference });
        expect(pcpus.body.variables.map((v) => [v.name, v.value.split(' @')[0]])).toEqual([['pcpu0', 'web/vcpu0'], ['pcpu1', 'idle'], ['pcpu2', 'idle'], ['pcpu3', 'idle']]);
        expect(host.get('usable_bytes')?.value).toBe(String(8 * 2 ** 30));
        expect(Number(host.get('free_bytes')?.value)).toBe(8 * 2 ** 30 - Number(host.get('touched_bytes')?.value));

        // the guest program's frame has its own registers, in user mode
        const guest = await session.scope(await session.frameId(1, 2), 'Registers');
        expect(guest.get('r1')?.value).toBe('3');
        expect(guest.get('privilege')?.value).toBe('user');
    });

    it('setVariable on r1 changes what the program prints', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), {}, (dc) => dc.setBreakpointsRequest({ source: { path: fixture('type1.vmdef') }, breakpoints: [{ line: 22 }] }));
        await session.stopped();
        const frameId = await session.frameId(1);
        const scopes = await session.dc.scopesRequest({ frameId });
        const registers = scopes.body.scopes[0].variablesReference;
        const set = await session.dc.setVariableRequest({ variablesReference: registers, name: 'r1', value: '1' });
        expect(set.body.value).toBe('1');
        await session.dc.setBreakpointsRequest({ source: { path: fixture('type1.vmdef') }, breakpoints: [] });
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        expect(session.stdout).toBe('1\nliftoff\n');
    });

    it('setVariable refuses a value that is not an integer and scopes that are read-only', async () => {
        const frameId = await stopInHandler();
        const scopes = await session.dc.scopesRequest({ frameId });
        await expect(session.dc.setVariableRequest({ variablesReference: scopes.body.scopes[0].variablesReference, name: 'r2', value: 'abc' })).rejects.toThrow("'abc' is not an integer");
        await expect(session.dc.setVariableRequest({ variablesReference: scopes.body.scopes[2].variablesReference, name: 'status', value: '1' })).rejects.toThrow('only registers and flags can be changed');
    });
});

describe('evaluate', () => {
    it('registers, figures of the scopes and simple expressions; never code', async () => {
        const frameId = await stopInHandler();
        const guestFrame = await session.frameId(1, 2);
        expect(await session.evaluate('r1', guestFrame)).toBe('3');
        expect(await session.evaluate('r1 * 2 + 1', guestFrame)).toBe('7');
        expect(await session.evaluate('r1 == 3 && !zf', guestFrame)).toBe('true');
        expect(await session.evaluate('exits.io', frameId)).toBe('1');
        expect(await session.evaluate('vm.cycles.hypervisor > 0', frameId)).toBe('true');
        expect(await session.evaluate('technique', frameId)).toBe('full');
        expect(await session.evaluate('privilege', frameId)).toBe('hypervisor');
        const group = await session.dc.evaluateRequest({ expression: 'exits', frameId, context: 'watch' });
        expect(group.body.variablesReference).toBeGreaterThan(0);
        await expect(session.dc.evaluateRequest({ expression: 'process.exit(1)', frameId, context: 'repl' })).rejects.toThrow(/unknown name 'process.exit'|unexpected/);
        await expect(session.dc.evaluateRequest({ expression: 'r9', frameId, context: 'hover' })).rejects.toThrow("unknown name 'r9'");
        // the adapter is still alive and answering
        expect(await session.evaluate('1 + 1', frameId)).toBe('2');
    });
});

describe('output', () => {
    it('console output arrives as stdout events while stepping, the session ends with a summary and exit code 0', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), { stopOnEntry: true });
        await session.stopped();
        for (let i = 0; i < 2; i++) {
            await session.dc.nextRequest({ threadId: 1 });
            await session.stopped();
        }
        expect(session.stdout).toBe('3\n');
        await session.dc.continueRequest({ threadId: 1 });
        const exited = await session.next<import('@vscode/debugprotocol').DebugProtocol.ExitedEvent>('exited');
        expect(exited.body.exitCode).toBe(0);
        await session.next('terminated');
        expect(session.stdout).toBe('3\n2\n1\nliftoff\n');
        // 19 instructions: the program's 12, its kernel's 5 (four outs, a hlt) and linux's boot finding
        // 1 MiB too small for paging (cmp r0, 512 · jl flat: LANGUAGE.md §11)
        expect(session.output).toMatch(/web \(hv\): halted; 19 instructions, \d+ cycles \(guest \d+, kernel \d+, hypervisor \d+, host 0, waiting 0\)/);
        expect(session.output).toMatch(/simulated \d+ host cycles/);
    });

    it('trace prints every layer change in the Debug Console', async () => {
        session = new Session();
        await session.launch(fixture('type1.vmdef'), { trace: true });
        await session.next('terminated');
        expect(session.output).toMatch(/web\/vcpu0: guest → kernel syscall write/);
        expect(session.output).toMatch(/web\/vcpu0: kernel → hypervisor trap io_out/);
        expect(session.output).toMatch(/web\/vcpu0: hypervisor → hardware hw io_write/);
    });
});
