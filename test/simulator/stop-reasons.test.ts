// Stop reasons as data (simulator/messages.ts, stop-reason.ts): the result keeps the English text
// it always had as `reason` and adds the catalog code and arguments; the presenters write it in
// the current locale. The simulator itself holds no locale: a Korean process gets the same result.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSummary } from '../../cli/run.js';
import { runSummary } from '../../debugger/describe.js';
import { currentLocale, setLocale } from '../../l10n/locale.js';
import { stopReasonLanguages } from '../../simulator/messages.js';
import type { StopEvent } from '../../simulator/machine/events.js';
import { renderReport } from '../../simulator/report/page.js';
import { localizedStop } from '../../simulator/stop-reason.js';
import { box, build, run, vm } from './helpers.js';

const initial = currentLocale();
afterEach(() => setLocale(initial));

const USER_CLI = `${box('full')}vm app: linux on hv { vcpus 1 memory 64 MiB devices com1 run bad }
program bad {
    mov r1, 1
    cli
    syscall exit(0)
}
`;

describe('stop reasons', () => {
    it('a fault: English reason as before, plus code, arguments and vector; the same result in a Korean process', async () => {
        const { result } = await run(USER_CLI);
        expect(vm(result, 'app').stop).toEqual({
            reason: "#GP: privileged instruction 'cli' in user mode",
            code: 'privileged-in-user-mode', args: ['cli'], vector: '#GP',
            at: { file: expect.stringContaining('sim-test.vmdef'), line: 6, column: 5 },
        });
        setLocale('ko');
        const korean = await run(USER_CLI);
        expect(korean.result).toEqual(result);
        expect(localizedStop(vm(korean.result, 'app').stop!)).toBe("#GP: 사용자 모드에서 특권 명령 'cli' 실행");
    });

    it('stop events carry the code too: a fault, then the cycle limit, in both languages', async () => {
        const text = `${box('full').replace('1 cores', '2 cores')}vm a: linux on hv { memory 64 MiB run bad }\nvm b: linux on hv { memory 64 MiB run spin }
program bad { div r1, r0 }
program spin {
loop: jmp loop
}
`;
        const sim = await build(text, { maxCycles: 100_000 });
        const stops: StopEvent[] = [];
        sim.listener = { stop: (e) => stops.push(e) };
        sim.run();
        expect(stops.map(({ kind, vm, message, code, args }) => ({ kind, vm, message, code, args }))).toEqual([
            { kind: 'fault', vm: 'a', message: '#DE: division by zero or overflow', code: 'divide-error', args: [] },
            { kind: 'limit', vm: 'b', message: 'cycle limit 100000 reached', code: 'cycle-limit', args: [100000] },
        ]);
        setLocale('ko');
        expect(stops.map(localizedStop)).toEqual(['#DE: 0으로 나누기 또는 오버플로', '사이클 한도 100000에 도달']);
    });

    it('injected failures and a shutdown that stops other vCPUs', async () => {
        const hosted = `hardware laptop { cpu 3 cores @ 1 GHz memory 8 GiB device com1: serial }
hypervisor hosted: type2 on laptop { host linux { reserve 1 cpus, 1 GiB } virtualization full fail host at 1 ms }
vm g on hosted { memory 16 MiB run spin }
program spin {
loop: jmp loop
}
`;
        const { result } = await run(hosted);
        expect(vm(result, 'g').stop).toMatchObject({ reason: 'host OS linux of hosted failed at 1000000 cycles', code: 'host-os-failed', args: ['linux', 'hosted', 1000000] });
        setLocale('ko');
        expect(localizedStop(vm(result, 'g').stop!)).toBe('hosted의 호스트 OS linux이(가) 1000000 사이클에 장애로 멈춤');
    });

    it('the presenters write the reason in the current locale: CLI summary, debugger summary, report', async () => {
        const { result } = await run(USER_CLI);
        expect(formatSummary(result)).toContain("app: #GP: privileged instruction 'cli' in user mode at /virtual/sim-test.vmdef:6:5");
        setLocale('ko');
        expect(formatSummary(result)).toContain("#GP: 사용자 모드에서 특권 명령 'cli' 실행");
        expect(runSummary(result)).toContain("#GP: 사용자 모드에서 특권 명령 'cli' 실행");
        setLocale('en');
        const page = renderReport(result, { files: ['fault.vmdef'], maxCycles: 1e9, locale: 'ko' });
        expect(page).toContain("#GP: 사용자 모드에서 특권 명령 &#39;cli&#39; 실행");
        expect(page).not.toContain('privileged instruction');
    });

    it('a result without a code (an older vmdef, a reason written as text) is shown as it came', () => {
        setLocale('ko');
        expect(localizedStop({ reason: 'something else' })).toBe('something else');
        expect(localizedStop({ reason: 'x', code: 'no-such-code', args: [] })).toBe('x');
    });

    it('every reason of the catalog is raised somewhere in the simulator (or the debugger: compareWith), by its code', () => {
        const source = ['../../simulator', '../../debugger'].map((dir) => path.resolve(import.meta.dirname, dir)).flatMap((root) =>
            fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
                .filter((f) => f.endsWith('.ts') && !f.endsWith('messages.ts'))
                .map((f) => fs.readFileSync(path.join(root, f), 'utf8'))).join('\n');
        const unused = Object.keys(stopReasonLanguages.en).filter((code) => !source.includes(`reason('${code}'`));
        expect(unused).toEqual([]);
    });
});
