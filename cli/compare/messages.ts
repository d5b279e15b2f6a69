// What `vmdef compare` writes for people, in English and Korean (l10n/catalog.ts). The JSON
// output (`--json`), option names and technique names stay as they are in every language.
import { defineMessages } from '../../l10n/catalog.js';

export const COMPARE_SYNOPSIS = 'vmdef compare --vm NAME [--under full,binary,para,hardware] [--json] [--strict-timing] [--max-instructions N] [--lang ko|en] FILE...';

const en = {
    needsVm: () => 'compare needs --vm NAME: the VM whose guest is compared with native',
    unknownVm: (name: string, known: string) => `no VM '${name}' in these files (VMs: ${known})`,
    unknownVmDidYouMean: (name: string, closest: string) => `no VM '${name}' in these files; did you mean '${closest}'?`,
    unknownTechnique: (text: string) => `--under lists techniques among full, binary, para, hardware, not '${text}'`,
    nativeLine: (vm: string, hardware: string, status: string, instructions: number, cycles: number) =>
        `${vm} natively on ${hardware}: ${status} after ${instructions} guest instruction(s), ${cycles} cycles`,
    faithful: (technique: string, cycles: number, overhead: string) => `${technique}: no divergence from native (${cycles} cycles, ${overhead} over native)`,
    diverges: (technique: string, where: string, instruction: string) => `${technique}: diverges from native after \`${instruction}\` at ${where}`,
    values: (what: string, native: string, virtual: string) => `    ${what}: native ${native}, virtualized ${virtual}`,
    statusRunning: () => 'still running',
    /** Where an interrupt was taken (`what` is `interrupt NAME`): the JSON's `instruction N` and `never`. */
    atInstruction: (n: string) => `at instruction ${n}`,
    never: () => 'never',
    help: () => `usage: ${COMPARE_SYNOPSIS}

Runs the guest of VM NAME natively (the same VM moved onto its hypervisor's hardware) and under
each technique in lockstep, and stops each at the first divergence: a register, flag, memory
word or console byte that differs from native. Prints the instruction, its source line and both
values. Timing (rdtsc, cycle counts) is not a divergence unless --strict-timing.
  --vm NAME             the VM compared
  --under LIST          the techniques compared with native (default: full,binary,para,hardware)
  --json                one JSON object { vm, native, runs: [...] } instead
  --states              with --json: both guest states at each divergence (at.states)
  --strict-timing       rdtsc values that differ count as a divergence
  --max-instructions N  compare at most N guest instructions (default: up to the cycle limit)
  --max-cycles N        the cycle limit of each run (default 10^9)
  --cost-preset NAME    cost preset of hypervisors that name none (modern, p4_2006)
  --lang ko|en          the language of the output (--json keys stay English)

Exit codes: 0 no technique diverges, 1 one does (or the definition has errors), 2 bad usage or
unusable input (an unknown VM), 3 internal error.
`,
};

const ko: typeof en = {
    needsVm: () => 'compare 명령에는 --vm NAME이 필요합니다: 네이티브 실행과 비교할 게스트의 VM',
    unknownVm: (name, known) => `이 파일들에 VM '${name}'이(가) 없습니다 (VM: ${known})`,
    unknownVmDidYouMean: (name, closest) => `이 파일들에 VM '${name}'이(가) 없습니다. '${closest}'을(를) 뜻했나요?`,
    unknownTechnique: (text) => `--under에는 full, binary, para, hardware 중에서 기법을 나열합니다 ('${text}'은(는) 쓸 수 없음)`,
    nativeLine: (vm, hardware, status, instructions, cycles) =>
        `${vm}, ${hardware}에서 네이티브 실행: 게스트 명령어 ${instructions}개 뒤 ${status}, ${cycles}사이클`,
    faithful: (technique, cycles, overhead) => `${technique}: 네이티브와 다른 점 없음 (${cycles}사이클, 네이티브 대비 ${overhead} 추가)`,
    diverges: (technique, where, instruction) => `${technique}: ${where}의 \`${instruction}\` 실행 뒤 네이티브와 달라짐`,
    values: (what, native, virtual) => `    ${what}: 네이티브 ${native}, 가상화 ${virtual}`,
    statusRunning: () => '실행 중',
    atInstruction: (n) => `명령어 ${n}번째에서`,
    never: () => '끝내 받지 못함',
    help: () => `사용법: ${COMPARE_SYNOPSIS}

VM NAME의 게스트를 네이티브로(같은 VM을 하이퍼바이저의 하드웨어 위로 옮겨) 그리고 각 가상화 기법으로
나란히 실행하고, 네이티브와 처음 달라지는 곳(레지스터, 플래그, 메모리 워드, 콘솔 바이트)에서 멈춥니다.
그 명령어와 소스 줄, 두 값을 출력합니다. --strict-timing이 없으면 타이밍(rdtsc, 사이클 수)은
차이로 보지 않습니다.
  --vm NAME             비교할 VM
  --under LIST          네이티브와 비교할 기법 (기본값: full,binary,para,hardware)
  --json                대신 JSON 객체 { vm, native, runs: [...] } 하나를 출력
  --states              --json과 함께: 달라진 곳마다 두 게스트 상태를 덧붙임 (at.states)
  --strict-timing       rdtsc 값이 다르면 차이로 봄
  --max-instructions N  게스트 명령어를 최대 N개까지 비교 (기본값: 사이클 한도까지)
  --max-cycles N        실행마다의 사이클 한도 (기본값 10^9)
  --cost-preset NAME    costs를 지정하지 않은 하이퍼바이저의 비용 프리셋 (modern, p4_2006)
  --lang ko|en          출력 언어 (--json의 키는 영어 그대로)

종료 코드: 0 어느 기법도 달라지지 않음, 1 달라지는 기법이 있음(또는 정의에 오류 있음),
2 잘못된 사용법 또는 사용할 수 없는 입력(없는 VM), 3 내부 오류.
`,
};

export const compareMessages = defineMessages('compare', { en, ko });
