// The debugger in the client's language (DAP `initialize` → `locale`, which VS Code sets to its
// display language): Korean stop descriptions, call stack layers, scope names, variable words,
// refusals and Debug Console lines for `ko`; English for `en`, as with no locale at all (every
// other test of test/debug). What the expression language reads stays English in every
// language: variable names, and the values conditions compare.
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as fs from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { currentLocale, setLocale } from '../../l10n/locale.js';
import { VmdefDebugSession } from '../../debugger/session.js';
import { ensureAdapter, fixture, lineOf, MONITORS_FILE, Session } from './dap-helpers.js';

const TYPE1 = fixture('type1.vmdef');

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

/** Launched on type1.vmdef, stopped on entry, then stepped in three times: into the full monitor's trap handler. */
async function inTrapHandler(locale: string): Promise<DebugProtocol.StoppedEvent[]> {
    session = new Session({ locale });
    await session.launch(TYPE1, { stopOnEntry: true });
    const stops = [await session.stopped()];
    for (let i = 0; i < 3; i++) {
        await session.dc.stepInRequest({ threadId: 1 });
        stops.push(await session.stopped());
    }
    return stops;
}

async function scopeNames(frameId: number): Promise<string[]> {
    return (await session.dc.scopesRequest({ frameId })).body.scopes.map((s) => s.name);
}

describe('the debugger in Korean (initialize: locale ko)', () => {
    it('stop descriptions, the call stack, scope names and variable words in Korean; names and compared values stay English', async () => {
        const stops = await inTrapHandler('ko-KR');
        expect(stops.map((s) => s.body.description)).toEqual([
            '시작 지점: web/vcpu0, countdown (type1.vmdef:20)',
            '단계 실행: countdown (type1.vmdef:22)',
            '시스템 콜 write(com1, 3): 사용자 모드 → 커널 모드',
            '트랩: out com1 → io_out',
        ]);
        // the reasons are DAP's words, the same in every language
        expect(stops.map((s) => s.body.reason)).toEqual(['entry', 'step', 'step', 'step']);
        const ioOut = lineOf(MONITORS_FILE, /hw emulate\(\)/, /^monitor full/);
        expect(await session.stack(1)).toMatchObject([
            { name: '트랩 io_out', line: ioOut, origin: 'vmdef 표준 라이브러리' },
            { name: '시스템 콜 write' },
            { name: 'countdown', line: 22 },
        ]);

        const frameId = await session.frameId(1);
        expect(await scopeNames(frameId)).toEqual(['레지스터', '가상 CPU', '가상 머신', '하이퍼바이저', '호스트', '메모리']);
        const regs = await session.scope(frameId, '레지스터');
        expect([...regs.keys()]).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'sp', 'pc', 'zf', 'sf', 'if', 'privilege', 'params']);
        expect(regs.get('privilege')?.value).toBe('하이퍼바이저 (hypervisor)');
        const vcpu = await session.scope(frameId, '가상 CPU');
        expect(vcpu.get('state')?.value).toBe('실행 중 (running)');
        expect(vcpu.get('pending')?.value).toBe('트랩 io_out');
        expect(vcpu.get('layers')?.value).toBe('countdown → 시스템 콜 write → 트랩 io_out');
        const host = await session.scope(frameId, '호스트');
        expect(host.get('host_os')?.value).toBe('없음 (타입 1)');
        // a condition compares the English value, whatever the language shows
        expect(await session.evaluate('privilege == "hypervisor" && vm.status == "running"', frameId)).toBe('true');
        expect(await session.evaluate('vcpu.pending', frameId)).toBe('트랩 io_out');
        expect(await session.evaluate('vcpu.pending == "trap io_out"', frameId)).toBe('true');
        // an expression error, located, in Korean
        await expect(session.dc.evaluateRequest({ expression: 'r1 +', frameId, context: 'repl' })).rejects.toThrow('식이 와야 합니다 (5열)');
        await expect(session.dc.evaluateRequest({ expression: 'nope', frameId, context: 'repl' })).rejects.toThrow("알 수 없는 이름 'nope' (1열)");
    });

    it('exception filters, argument errors and the Debug Console in Korean; filter ids stay English', async () => {
        session = new Session();
        await session.dc.start();
        const init = await session.dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path', locale: 'ko' });
        const filters = init.body?.exceptionBreakpointFilters ?? [];
        expect(filters.map((f) => [f.filter, f.label])).toEqual([
            ['traps', '트랩과 VM 종료(VM exit)'], ['hypercalls', '하이퍼콜'], ['faults', '게스트 폴트'],
            ['fidelity', '충실성(fidelity) 위반'], ['host-failed', '호스트 장애'], ['interrupts', '보류된 인터럽트'],
        ]);
        expect(filters.every((f) => /[가-힣]/.test(f.description ?? ''))).toBe(true);
        const launched = session.dc.launchRequest({ program: TYPE1, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
        await session.next('initialized');
        await session.dc.configurationDoneRequest();
        await launched;
        await session.stopped();
        await expect(session.dc.stepInRequest({ threadId: 'x' } as never)).rejects.toThrow(`vmdef debugger: stepIn: 'threadId' 값은 정수 형식이어야 합니다 (받은 값: "x")`);
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        expect(session.output).toContain('vmdef: type1.vmdef 디버깅: web → 하이퍼바이저 ');
        expect(session.output).toMatch(/^web \(\w+\): 정상 종료; 명령어 \d+개, \d+ 사이클 \(게스트 \d+, 게스트 커널 \d+, 하이퍼바이저 \d+, 호스트 \d+, 대기 \d+\)$/m);
        expect(session.output).toMatch(/^호스트 사이클 \d+만큼 시뮬레이션함$/m);
    });

    it('a guest fault stops with its reason in Korean, and the end summary gives it in Korean too', async () => {
        session = new Session({ locale: 'ko' });
        await session.launch(fixture('fault.vmdef'), {}, (dc) => dc.setExceptionBreakpointsRequest({ filters: ['faults'] }));
        const stop = await session.stopped();
        expect(stop.body.description).toBe("게스트 폴트 (app): #GP: 사용자 모드에서 특권 명령 'cli' 실행 (위치 fault.vmdef:21:5)");
        await session.dc.continueRequest({ threadId: 1 });
        await session.next('terminated');
        expect(session.output).toContain("app (hv): 폴트로 중단 — #GP: 사용자 모드에서 특권 명령 'cli' 실행;");
    });

    it('an idle vCPU is labelled in Korean and stepping it is refused in Korean', async () => {
        session = new Session({ locale: 'ko' });
        await session.launch(fixture('idle-vcpu.vmdef'), { stopOnEntry: true });
        await session.stopped();
        const idle = await session.dc.stackTraceRequest({ threadId: 3 });
        expect(idle.body.stackFrames.map((f) => [f.name, f.presentationHint])).toEqual([['프로그램 없음: 유휴', 'label']]);
        await expect(session.dc.stepInRequest({ threadId: 3 })).rejects.toThrow(/^trio\/vcpu2에는 프로그램이 없습니다: 유휴 상태라 단계 실행할 것이 없습니다/);
        // the session goes on
        await session.dc.nextRequest({ threadId: 1 });
        expect((await session.stopped()).body.description).toMatch(/^단계 실행: busy \(idle-vcpu\.vmdef:\d+\)$/);
    });
});

describe('the debugger in English (initialize: locale en)', () => {
    it('the same steps, scopes and refusals word for word as without a locale', async () => {
        const stops = await inTrapHandler('en');
        expect(stops.map((s) => s.body.description)).toEqual([
            'entry: web/vcpu0 at countdown (type1.vmdef:20)',
            'step: countdown (type1.vmdef:22)',
            'syscall write(com1, 3): user → kernel',
            'trap: out com1 → io_out',
        ]);
        expect((await session.stack(1)).map((f) => f.name)).toEqual(['trap io_out', 'syscall write', 'countdown']);
        const frameId = await session.frameId(1);
        expect(await scopeNames(frameId)).toEqual(['Registers', 'Virtual CPU', 'VM', 'Hypervisor', 'Host', 'Memory']);
        expect((await session.scope(frameId, 'Registers')).get('privilege')?.value).toBe('hypervisor');
        expect((await session.scope(frameId, 'Virtual CPU')).get('state')?.value).toBe('running');
        await expect(session.dc.evaluateRequest({ expression: 'r1 +', frameId, context: 'repl' })).rejects.toThrow('expression expected (column 5)');
    });
});

describe('whose locale an in-process session follows', () => {
    /** The labels of the exception filters an inline session answers `initialize` with. */
    function initialize(session: VmdefDebugSession, locale: string): Promise<string[]> {
        const answered = new Promise<string[]>((resolve) => session.onDidSendMessage((m) => {
            const r = m as DebugProtocol.InitializeResponse;
            if (r.type === 'response' && r.command === 'initialize') resolve((r.body?.exceptionBreakpointFilters ?? []).map((f) => f.label));
        }));
        session.handleMessage({ seq: 1, type: 'request', command: 'initialize', arguments: { adapterID: 'vmdef', pathFormat: 'path', locale } } as DebugProtocol.Request);
        return answered;
    }
    const read = (file: string) => fs.readFileSync(file, 'utf8');

    it('the stand-alone session takes the client\'s; the extension host\'s (followClientLocale false) keeps the process\'s', async () => {
        const before = currentLocale();
        try {
            setLocale('en');
            // inline in the extension host: the extension set the process's locale from VS Code's language
            expect((await initialize(new VmdefDebugSession(read, false), 'ko'))[0]).toBe('Traps and VM exits');
            expect(currentLocale()).toBe('en');
            expect((await initialize(new VmdefDebugSession(read), 'ko'))[0]).toBe('트랩과 VM 종료(VM exit)');
            expect(currentLocale()).toBe('ko');
        } finally {
            setLocale(before);
        }
    });
});
