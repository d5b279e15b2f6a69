// What `vmdef test` and the editor say about `expect` lines, in English and Korean
// (l10n/catalog.ts): verdicts, measured values with their unit, the summary. The JSON of
// `vmdef test --json` keeps its keys and verdicts in English.
import { defineMessages } from '../l10n/catalog.js';

const en = {
    pass: () => 'pass',
    fail: () => 'fail',
    notEvaluated: () => 'not evaluated',
    measured: (value: string) => `measured ${value}`,
    needsCompare: () => 'the VM could not be compared with native',
    notCompared: (technique: string) => `the comparison has no run under ${technique}`,
    notRun: () => 'the VM did not run',
    nativeFaithful: () => 'native: there is nothing to diverge from',
    faithfulUnder: (technique: string) => `no divergence from native under ${technique}`,
    diverged: (technique: string, at: string, instruction: string, what: string, native: string, virtual: string) =>
        `diverges from native under ${technique} at ${at} (${instruction}): ${what} is ${virtual}, natively ${native}`,
    /** The diagnostic `expect-failed` on an `expect` line. */
    failed: (vm: string, expectation: string, detail: string) => `${vm}: expect ${expectation} failed — ${detail}`,
    /** The inlay hint after a passing `expect`: `\u2713 3 exits`. */
    passedHint: (value: string) => `✓ ${value}`,
    notEvaluatedHint: (why: string) => `– not evaluated: ${why}`,
    noExpectations: (system: string) => `${system}: no expect lines`,
    nothingToTest: () => 'no expect lines in these files: nothing to test',
    summary: (total: number, passed: number, failed: number, notEvaluated: number) =>
        `${total} expectation${total === 1 ? '' : 's'}: ${passed} passed, ${failed} failed${notEvaluated ? `, ${notEvaluated} not evaluated` : ''}`,

    // a measured figure with its unit, by what the path counts
    exits: (n: string) => `${n} exit${n === '1' ? '' : 's'}`,
    hypercalls: (n: string) => `${n} hypercall${n === '1' ? '' : 's'}`,
    faults: (n: string) => `${n} exception${n === '1' ? '' : 's'}`,
    cycles: (n: string) => `${n} cycles`,
    percentOfCycles: (n: string) => `${n}% of the VM's cycles`,
    instructions: (n: string) => `${n} instruction${n === '1' ? '' : 's'}`,
    interrupts: (n: string) => `${n} interrupt${n === '1' ? '' : 's'}`,
    pages: (n: string) => `${n} page${n === '1' ? '' : 's'}`,
    bytes: (n: string) => `${n} byte${n === '1' ? '' : 's'}`,
    accesses: (n: string) => `${n} access${n === '1' ? '' : 'es'}`,
    requests: (n: string) => `${n} request${n === '1' ? '' : 's'}`,
    exitsPerByte: (n: string) => `${n} exits per byte`,
    violations: (n: string) => `${n} fidelity violation${n === '1' ? '' : 's'}`,
    refused: (n: string) => `${n} refused`,

    // the validator (language/validation/expect-checks.ts)
    unknownPath: (path: string, closest: string) => `'${path}' is no figure of a VM's results; the closest: ${closest}`,
    unknownStatus: (status: string, statuses: string) => `'${status}' is not a VM status: ${statuses}`,
    percentNotCycles: (path: string) => `'${path}' is not cycles: a percentage is of the VM's total cycles, so only cycles.LAYER takes %`,

    // what a figure is (hover and completion: lab/figure-docs.ts)
    docInstructions: () => 'guest-side instructions executed',
    docCycles: (layer: string) => `cycles charged to the ${layer} layer, summed over the VM's vCPUs (with %: its share of the VM's total)`,
    docCyclesTotal: () => "the VM's cycles in all layers, summed over its vCPUs",
    docExits: (reason: string) => `times the hypervisor took control because of the guest, for reason ${reason} (0 if never)`,
    docHypercalls: (name: string) => `hypercalls ${name} the guest kernel made (0 if none)`,
    docFidelity: () => 'sensitive-unprivileged instructions run under `full` that behaved wrongly',
    docRaised: () => 'interrupts raised: a timer expired, a device signalled',
    docDelivered: () => "interrupts delivered to the guest kernel's handler",
    docLost: () => 'interrupts still pending when the VM ended, or with no handler',
    docMaxDelay: () => 'the longest wait between raising an interrupt and delivering it, in cycles',
    docFaults: (vector: string) => `exceptions ${vector} raised in the guest that its kernel handled or tried to (0 if none)`,
    docDeclaredBytes: () => "the VM's declared memory, in bytes",
    docTouchedPages: () => '4 KiB pages of guest memory the VM touched',
    docSwappedPages: () => "pages swapped in because the host's memory was overcommitted",
    docDevice: (figure: string, device: string) => `${figure} of device ${device} as this VM used it (0 if it never did)`,
    docConsoleDropped: () => 'bytes of console output dropped from the front (the result keeps the last 1 MiB)',
};

const ko: typeof en = {
    pass: () => '통과',
    fail: () => '실패',
    notEvaluated: () => '평가 안 함',
    measured: (value) => `측정값 ${value}`,
    needsCompare: () => '이 VM은 네이티브와 비교할 수 없습니다',
    notCompared: (technique) => `비교 결과에 ${technique} 실행이 없습니다`,
    notRun: () => 'VM이 실행되지 않았습니다',
    nativeFaithful: () => '네이티브: 어긋날 기준이 없습니다',
    faithfulUnder: (technique) => `${technique}에서 네이티브와 어긋남 없음`,
    diverged: (technique, at, instruction, what, native, virtual) =>
        `${technique}에서 ${at} (${instruction})부터 네이티브와 어긋남: ${what}이(가) ${virtual}, 네이티브에서는 ${native}`,
    failed: (vm, expectation, detail) => `${vm}: expect ${expectation} 실패 — ${detail}`,
    passedHint: (value) => `✓ ${value} (통과)`,
    notEvaluatedHint: (why) => `– 평가 안 함: ${why}`,
    noExpectations: (system) => `${system}: expect 줄이 없습니다`,
    nothingToTest: () => '이 파일들에는 expect 줄이 없어 검사할 것이 없습니다',
    summary: (total, passed, failed, notEvaluated) => `기대값 ${total}개: 통과 ${passed}, 실패 ${failed}${notEvaluated ? `, 평가 안 함 ${notEvaluated}` : ''}`,

    exits: (n) => `exit ${n}회`,
    hypercalls: (n) => `하이퍼콜 ${n}회`,
    faults: (n) => `예외 ${n}회`,
    cycles: (n) => `${n}사이클`,
    percentOfCycles: (n) => `VM 전체 사이클의 ${n}%`,
    instructions: (n) => `명령어 ${n}개`,
    interrupts: (n) => `인터럽트 ${n}개`,
    pages: (n) => `${n}페이지`,
    bytes: (n) => `${n}바이트`,
    accesses: (n) => `접근 ${n}회`,
    requests: (n) => `요청 ${n}건`,
    exitsPerByte: (n) => `바이트당 exit ${n}회`,
    violations: (n) => `충실성 위반 ${n}건`,
    refused: (n) => `거부 ${n}건`,

    unknownPath: (path, closest) => `'${path}'은(는) VM 결과의 수치가 아닙니다. 가장 가까운 것: ${closest}`,
    unknownStatus: (status, statuses) => `'${status}'은(는) VM 상태가 아닙니다: ${statuses}`,
    percentNotCycles: (path) => `'${path}'은(는) 사이클이 아닙니다: 백분율은 VM 전체 사이클에 대한 비율이므로 cycles.계층에만 %를 쓸 수 있습니다`,

    docInstructions: () => '실행된 게스트 쪽 명령어 수',
    docCycles: (layer) => `${layer} 계층에 청구된 사이클, VM의 모든 vCPU 합계 (%를 쓰면 VM 전체 사이클에서 차지하는 비율)`,
    docCyclesTotal: () => 'VM의 모든 계층 사이클, 모든 vCPU 합계',
    docExits: (reason) => `게스트 때문에 하이퍼바이저가 제어를 가져간 횟수, 사유 ${reason} (없으면 0)`,
    docHypercalls: (name) => `게스트 커널이 호출한 하이퍼콜 ${name}의 횟수 (없으면 0)`,
    docFidelity: () => '`full`에서 실행되어 잘못 동작한 민감하지만 비특권인 명령어 수',
    docRaised: () => '발생한 인터럽트: 타이머 만료, 장치 신호',
    docDelivered: () => '게스트 커널의 핸들러에 전달된 인터럽트',
    docLost: () => 'VM이 끝날 때 아직 대기 중이었거나 핸들러가 없던 인터럽트',
    docMaxDelay: () => '인터럽트 발생부터 전달까지 가장 오래 기다린 시간(사이클)',
    docFaults: (vector) => `게스트에서 발생해 커널이 처리했거나 처리하려 한 예외 ${vector}의 횟수 (없으면 0)`,
    docDeclaredBytes: () => 'VM에 선언된 메모리(바이트)',
    docTouchedPages: () => 'VM이 건드린 게스트 메모리의 4 KiB 페이지 수',
    docSwappedPages: () => '호스트 메모리가 오버커밋되어 스왑 인된 페이지 수',
    docDevice: (figure, device) => `이 VM이 사용한 장치 ${device}의 ${figure} (사용하지 않았으면 0)`,
    docConsoleDropped: () => '앞에서부터 버린 콘솔 출력 바이트 수 (결과에는 마지막 1 MiB만 남김)',
};

export const labMessages = defineMessages('lab', { en, ko });
