// The command line in Korean and English, through the real bundled CLI: `--lang` on any command,
// else the locale of the environment (LC_ALL over LC_MESSAGES over LANG); JSON stays English.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../cli/display-width.js';
import { vmdef } from '../helpers/cli.js';

const HELLO = path.resolve('examples/hello-type1.vmdef');
const KOREAN = { LANG: 'ko_KR.UTF-8' };
const HANGUL = /[\uac00-\ud7a3]/;

describe('vmdef in Korean', () => {
    it('--lang ko and LANG=ko_KR.UTF-8 give the Korean help, synopses aligned under 사용법:', () => {
        for (const [args, env] of [[['--lang', 'ko', '--help'], {}], [['--help'], KOREAN], [['help', '--lang=ko'], {}]] as const) {
            const r = vmdef([...args], undefined, undefined, env);
            expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 0, stderr: '' });
            expect(r.stdout).toMatch(/^사용법: vmdef check /m);
            expect(r.stdout).toMatch(/^ {8}vmdef run /m);
            expect(r.stdout).toContain('명령:');
            expect(r.stdout).toContain('  --lang ko|en ');
        }
        const run = vmdef(['run', '--help'], undefined, undefined, KOREAN);
        expect(run.stdout.startsWith('사용법: vmdef run ')).toBe(true);
        expect(run.stdout).toContain('  --max-cycles N        호스트 사이클 N');
    });

    it('check prints its summary line in Korean; the diagnostics keep their codes', () => {
        expect(vmdef(['check', '--lang', 'ko', HELLO])).toEqual({ status: 0, stdout: '파일 1개 검사: 오류 0개, 경고 0개\n', stderr: '' });
        const r = vmdef(['check', 'examples/overcommit.vmdef', HELLO], undefined, undefined, KOREAN);
        expect(r.status).toBe(1);
        const lines = r.stdout.trimEnd().split('\n');
        const errors = lines.filter((l) => / error [\w-]+: /.test(l)).length;
        expect(errors).toBeGreaterThan(0);
        expect(lines.at(-1)).toBe(`파일 2개 검사: 오류 ${errors}개, 경고 0개`);
    });

    it('check --lang ko prints every diagnostic message in Korean, with the same places, severities and codes', () => {
        const file = 'examples/overcommit.vmdef';
        const english = vmdef(['check', file]).stdout.trimEnd().split('\n').slice(0, -1);
        const korean = vmdef(['check', '--lang', 'ko', file]).stdout.trimEnd().split('\n').slice(0, -1);
        const head = (line: string) => /^(\S+:\d+:\d+: \w+ [\w-]+): /.exec(line)![1];
        expect(english.length).toBeGreaterThan(3);
        expect(korean.map(head)).toEqual(english.map(head));
        for (const line of korean) expect(line.slice(head(line).length + 2), line).toMatch(HANGUL);
        expect(korean[0]).toBe(`${file}:11:12: error cpu-overcommit: CPU 오버커밋: vCPU 12개 / 사용 가능한 pCPU 7개 = 1.71:1. 허용된 오버커밋 비율: 1.0 (pCPU 8개 − 예약 1개, 하이퍼바이저 몫)`);
        // JSON: the same keys and codes, the messages in Korean
        const diagnostics = JSON.parse(vmdef(['check', '--format', 'json', '--lang', 'ko', file]).stdout) as { code: string; message: string }[];
        expect(diagnostics.map((d) => d.code)).toEqual(english.map((l) => head(l).split(' ').pop()));
        expect(diagnostics.every((d) => HANGUL.test(d.message))).toBe(true);
    });

    it('run prints the summary table in Korean, its columns aligned by terminal width, numbers unchanged', () => {
        const english = vmdef(['run', 'examples/popek-goldberg.vmdef']).stdout.split('\n');
        const korean = vmdef(['run', '--lang', 'ko', 'examples/popek-goldberg.vmdef']).stdout.split('\n');
        const header = korean.findIndex((l) => l.startsWith('VM '));
        expect(korean[header]).toMatch(/^VM\s+하이퍼바이저\s+상태\s+명령어 수\s+게스트\s+게스트 커널\s+하이퍼바이저\s+호스트 OS\s+대기\s+합계\(전체 vCPU\)\s+exit\/트랩$/);
        // every column starts at the same terminal column in the heading, the rule and the rows
        const starts = (line: string) => [...line.matchAll(/(?<=  )\S/g)].map((match) => displayWidth(line.slice(0, match.index)));
        expect(starts(korean[header + 2])).toEqual(starts(korean[header]));
        expect(korean[header + 2]).toMatch(/^broken\s+classic\s+정상 종료\s+6\s+0\s+2\s+5605\s/);
        expect(korean).toContain('broken: 충실성(fidelity) 위반 2건');
        // the same figures as in English
        const elapsed = english.find((l) => l.startsWith('elapsed: '))!.match(/\d+/)![0];
        expect(korean.find((l) => l.startsWith('경과 시간: '))).toContain(`호스트 사이클 ${elapsed} `);
    });

    it('run --json keeps English keys and codes under a Korean locale', () => {
        const r = vmdef(['run', '--json', '--lang', 'ko', HELLO]);
        const json = JSON.parse(r.stdout);
        expect(json.vms[0]).toMatchObject({ name: 'web', status: 'halted', exits: { io: 4, hlt: 1 } });
    });

    it('run writes a fault reason in Korean; --json keeps the English reason and adds its code and the Korean message', () => {
        const file = 'test/debug/fixtures/fault.vmdef';
        const korean = vmdef(['run', '--lang', 'ko', file]);
        expect(korean.stdout).toContain(`app: #GP: 사용자 모드에서 특권 명령 'cli' 실행`);
        expect(vmdef(['run', file]).stdout).toContain(`app: #GP: privileged instruction 'cli' in user mode`);
        const json = JSON.parse(vmdef(['run', '--json', '--lang', 'ko', file]).stdout);
        expect(json.vms[0].stop).toMatchObject({
            reason: "#GP: privileged instruction 'cli' in user mode", code: 'privileged-in-user-mode', args: ['cli'], vector: '#GP',
            message: "#GP: 사용자 모드에서 특권 명령 'cli' 실행",
        });
    });

    it('bad input and bad usage are one Korean line, with the same exit codes', () => {
        const missing = vmdef(['check', 'nofile.vmdef'], undefined, undefined, KOREAN);
        expect(missing).toEqual({ status: 2, stdout: '', stderr: 'vmdef: nofile.vmdef: 그런 파일이나 디렉터리가 없습니다\n' });
        const preset = vmdef(['run', '--cost-preset', 'nope', HELLO], undefined, undefined, KOREAN);
        expect(preset.stderr).toBe("vmdef: 알 수 없는 비용 프리셋 'nope' (있는 프리셋: modern, p4_2006)\n");
        const engine = vmdef(['run', '--engine', 'slow', HELLO], undefined, undefined, KOREAN);
        expect(engine.status).toBe(2);
        expect(engine.stderr).toBe("vmdef: --engine 옵션의 값은 fast, exact 중 하나입니다 ('slow'은(는) 쓸 수 없음)\n");
        const command = vmdef(['compile'], undefined, undefined, KOREAN);
        expect(command.status).toBe(2);
        expect(command.stderr).toMatch(/^vmdef: 알 수 없는 명령 'compile'\n사용법: vmdef check /);
    });

    it('report writes its refusals in Korean', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-lang-'));
        try {
            const r = vmdef(['report', '--lang', 'ko', HELLO, '-o', dir]);
            expect(r).toEqual({ status: 2, stdout: '', stderr: `vmdef: ${dir}: 디렉터리입니다. -o로 파일 이름을 지정하세요\n` });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('choosing the language', () => {
    it('--lang en under a Korean LANG gives English, wherever --lang stands', () => {
        for (const args of [['--lang', 'en', 'check', HELLO], ['check', '--lang=en', HELLO], ['check', HELLO, '--lang', 'en']]) {
            expect({ args, ...vmdef(args, undefined, undefined, KOREAN) }).toEqual({ args, status: 0, stdout: 'checked 1 file: 0 errors, 0 warnings\n', stderr: '' });
        }
        const help = vmdef(['--help', '--lang', 'en'], undefined, undefined, KOREAN);
        expect(help.stdout).toMatch(/^usage: vmdef check /m);
        expect(help.stdout).not.toMatch(HANGUL);
    });

    it('LC_ALL wins over LANG, LC_MESSAGES over LANG; C and unset are English', () => {
        const summary = (env: Record<string, string>) => vmdef(['check', HELLO], undefined, undefined, env).stdout;
        expect(summary({ LANG: 'ko_KR.UTF-8', LC_ALL: 'C' })).toBe('checked 1 file: 0 errors, 0 warnings\n');
        expect(summary({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'ko_KR.UTF-8' })).toBe('파일 1개 검사: 오류 0개, 경고 0개\n');
        expect(summary({ LC_ALL: 'ko_KR.UTF-8' })).toBe('파일 1개 검사: 오류 0개, 경고 0개\n');
        expect(summary({})).toBe('checked 1 file: 0 errors, 0 warnings\n');
    });

    it('a bad or missing --lang is a usage error (exit 2) naming the choices, before anything runs', () => {
        for (const args of [['--lang', 'xx', 'check', HELLO], ['check', HELLO, '--lang=fr'], ['run', HELLO, '--lang'], ['--lang', 'ko-KR', '--help']]) {
            const r = vmdef(args);
            expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status: 2, stdout: '' });
            expect(r.stderr).toMatch(/^vmdef: --lang (is en or ko, not '[^']+'|needs a value)\nusage: vmdef check /);
        }
        // in the environment's language
        expect(vmdef(['--lang', 'xx', 'check', HELLO], undefined, undefined, KOREAN).stderr).toMatch(/^vmdef: --lang 옵션의 값은 en, ko 중 하나입니다 \('xx'은\(는\) 쓸 수 없음\)\n사용법: /);
    });
});
