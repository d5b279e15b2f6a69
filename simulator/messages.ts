// Why a VM or a vCPU stopped — every reason the simulator gives (a fault, a halt, a limit, an
// injected failure, a fidelity violation), in English and Korean (l10n/catalog.ts); and, at the
// end, why the simulator refuses to start (`SimulationError`).
//
// HOW TO ADD A REASON. The simulator never writes a reason as text: it names an entry of this
// catalog, with its arguments, and stays free of locale state.
//   1. Add an entry under `en` and `ko` below. Its key is the reason's stable `code` (kebab-case,
//      English, never changed once released: it is in `vmdef run --json` as `stop.code`); its
//      parameters are the reason's `args` (strings and numbers only: they go into the JSON).
//   2. Raise it with the entry's name: `throw new Fault('#PF', reason('page-not-present', address))`
//      (machine/stops.ts), or pass `reason(...)` to `halt`, `kill`, `emitStop`. TypeScript checks
//      the code and the arguments' number and types.
// The result keeps the English text as `stop.reason` (what scripts have always read) and adds
// `code` and `args`; each presenter (CLI, report, debugger, language server, playground) writes
// the reason in its user's language with `stopReasonText` (stop-reason.ts). A fault's vector
// (`#GP`) is no text: it stays as it is in every language. test/l10n checks that both languages
// have the same codes and placeholders.
import { defineMessages } from '../l10n/catalog.js';

const en = {
    // faults raised by an instruction (the VM ends `faulted`)
    'privileged-in-user-mode': (op: string) => `privileged instruction '${op}' in user mode`,
    'divide-error': () => 'division by zero or overflow',
    'address-outside-memory': (address: number, declared: number) => `address ${address} is outside the VM's ${declared} bytes`,
    'call-depth': (max: number) => `call depth over ${max}`,
    'layer-depth': (max: number) => `kernel stack overflow: more than ${max} nested layers (double fault)`,
    'undefined-label': () => 'jump to an undefined label',
    'unknown-instruction': (op: number) => `unknown instruction ${op}`,
    'unresolved-operand': (name: string) => `'${name}' is not a parameter or a device of this host`,
    'missing-operand': () => 'missing operand',
    'destination-not-register': () => 'the destination must be a register',
    'syscall-without-os': (name: string) => `syscall ${name}: this VM has no OS`,
    'unknown-syscall': (os: string, name: string) => `${os} has no syscall ${name}`,
    'hypercall-from-user-mode': (name: string) => `hypercall ${name} from user mode`,
    'hypercall-not-para': (name: string, hypervisor: string) => `hypercall ${name}: ${hypervisor} is not paravirtualized`,
    'unknown-hypercall': (name: string) => `no hypercall ${name} in the para monitor`,
    'no-monitor-handler': (technique: string, op: string) => `no ${technique} monitor handler for '${op}'`,
    'hw-outside-hypervisor': (command: string) => `hw ${command} outside the hypervisor`,
    'unknown-hw-command': (command: string) => `unknown hardware command ${command}`,
    'not-a-device': (text: string) => `"${text}" is not a device`,
    'no-such-device': (device: number, hardware: string) => `no device ${device} on ${hardware}`,
    'device-not-assigned': (device: string, vm: string, devices: string) =>
        `device '${device}' is not assigned to VM '${vm}' (its devices: ${devices})`,
    'device-not-assigned-none': (device: string, vm: string) => `device '${device}' is not assigned to VM '${vm}' (it has no devices)`,

    // bounds of the simulator itself (`limit`)
    'memory-limit': (pages: number, mebibytes: number) => `the simulator's memory limit: ${pages} pages (${mebibytes} MiB) touched in all`,
    'cycle-limit': (cycles: number) => `cycle limit ${cycles} reached`,
    'no-pcpu': () => 'no pCPU may run its vCPUs (pin or reservations)',

    // injected failures (`fail at`, `fail host at`)
    'injected-fault': (cycles: number) => `fail at ${cycles} cycles`,
    'host-os-failed': (os: string, hypervisor: string, cycles: number) => `host OS ${os} of ${hypervisor} failed at ${cycles} cycles`,

    // halts (the VM ends `halted`) and what the listener hears on the way
    'program-ended': () => 'program ended',
    hlt: () => 'hlt',
    'hw-halt': () => 'hw halt',
    shutdown: (code: number) => `hw shutdown(${code})`,
    'shutdown-stopping': (code: number, vcpu: string, stopped: string) => `powered off by hw shutdown(${code}) from ${vcpu}: stopped ${stopped}`,
    'fidelity-violation': (op: string, technique: string) => `${op} did not trap: fidelity violation under ${technique}`,
    'diverges-from-native': (vm: string, technique: string, instruction: string, what: string, native: string, virtual: string) =>
        `${vm} diverges from native under ${technique} after \`${instruction}\`: ${what} is ${virtual}, natively ${native}`,

    // exceptions and interrupts (machine/exceptions.ts)
    'iret-outside-handler': () => 'iret outside an interrupt or exception handler',
    'abort-in-user-mode': () => 'abort in user mode',
    aborted: (text: string) => `aborted: ${text}`,
    'injected-exception': (vector: number) => `vector ${vector}: injected by the monitor`,
    'interrupt-held-back': (name: string, since: number, line: number) =>
        `${name} interrupt pending since cycle ${since}: the hypervisor still sees if=0 — popf at line ${line} did not trap`,

    // memory virtualization (machine/mmu.ts, shadow-paging.ts)
    'page-fault': (address: string, kind: string, access: string, mode: string) => `page fault at ${address} (${kind}, ${access}, ${mode})`,
    'frame-refused': (address: string, physical: string, declared: number) =>
        `refused: virtual ${address} maps guest-physical ${physical}, outside the VM's ${declared} bytes`,
    'page-table-store': (address: string) => `page fault at ${address}: a store to a page table under paravirtual paging (use mmu_update)`,
};

export type StopReasonCode = keyof typeof en;

const ko: typeof en = {
    'privileged-in-user-mode': (op) => `사용자 모드에서 특권 명령 '${op}' 실행`,
    'divide-error': () => '0으로 나누기 또는 오버플로',
    'address-outside-memory': (address, declared) => `주소 ${address}이(가) VM 메모리(${declared}바이트) 범위를 벗어남`,
    'call-depth': (max) => `call 중첩 깊이가 ${max}을(를) 넘음`,
    'layer-depth': (max) => `커널 스택 오버플로: 계층이 ${max}단계를 넘게 중첩됨 (더블 폴트)`,
    'undefined-label': () => '정의되지 않은 레이블로 점프',
    'unknown-instruction': (op) => `알 수 없는 명령 ${op}`,
    'unresolved-operand': (name) => `'${name}'은(는) 이 호스트의 매개변수도 장치도 아님`,
    'missing-operand': () => '피연산자 없음',
    'destination-not-register': () => '목적지 피연산자는 레지스터여야 함',
    'syscall-without-os': (name) => `syscall ${name}: 이 VM에는 OS가 없음`,
    'unknown-syscall': (os, name) => `${os}에 시스템 콜 ${name}이(가) 없음`,
    'hypercall-from-user-mode': (name) => `사용자 모드에서 하이퍼콜 ${name} 호출`,
    'hypercall-not-para': (name, hypervisor) => `하이퍼콜 ${name}: ${hypervisor}은(는) 반가상화 하이퍼바이저가 아님`,
    'unknown-hypercall': (name) => `반가상화 모니터에 하이퍼콜 ${name}이(가) 없음`,
    'no-monitor-handler': (technique, op) => `${technique} 모니터에 '${op}' 처리기가 없음`,
    'hw-outside-hypervisor': (command) => `하이퍼바이저 밖에서 hw ${command} 실행`,
    'unknown-hw-command': (command) => `알 수 없는 하드웨어 명령 ${command}`,
    'not-a-device': (text) => `"${text}"은(는) 장치가 아님`,
    'no-such-device': (device, hardware) => `${hardware}에 장치 ${device}이(가) 없음`,
    'device-not-assigned': (device, vm, devices) => `장치 '${device}'은(는) VM '${vm}'에 할당되지 않음 (할당된 장치: ${devices})`,
    'device-not-assigned-none': (device, vm) => `장치 '${device}'은(는) VM '${vm}'에 할당되지 않음 (할당된 장치 없음)`,

    'memory-limit': (pages, mebibytes) => `시뮬레이터 메모리 한도 도달: 전체에서 ${pages}페이지(${mebibytes} MiB)를 사용함`,
    'cycle-limit': (cycles) => `사이클 한도 ${cycles}에 도달`,
    'no-pcpu': () => '이 VM의 vCPU를 실행할 수 있는 pCPU가 없음 (pin 또는 예약 때문)',

    'injected-fault': (cycles) => `${cycles} 사이클에 주입된 장애 (fail at)`,
    'host-os-failed': (os, hypervisor, cycles) => `${hypervisor}의 호스트 OS ${os}이(가) ${cycles} 사이클에 장애로 멈춤`,

    'program-ended': () => '프로그램 종료',
    hlt: () => 'hlt 실행',
    'hw-halt': () => 'hw halt 실행',
    shutdown: (code) => `hw shutdown(${code})로 전원 꺼짐`,
    'shutdown-stopping': (code, vcpu, stopped) => `${vcpu}의 hw shutdown(${code})로 전원 꺼짐: ${stopped} 중단됨`,
    'fidelity-violation': (op, technique) => `${op}이(가) 트랩되지 않음: ${technique} 기법의 충실성 위반`,
    'diverges-from-native': (vm, technique, instruction, what, native, virtual) =>
        `${vm}이(가) ${technique}에서 \`${instruction}\` 실행 뒤 네이티브와 달라짐: ${what}이(가) ${virtual}, 네이티브에서는 ${native}`,

    'iret-outside-handler': () => '인터럽트·예외 핸들러 밖에서 iret 실행',
    'abort-in-user-mode': () => '사용자 모드에서 abort 실행',
    aborted: (text) => `중단됨: ${text}`,
    'injected-exception': (vector) => `벡터 ${vector}: 모니터가 주입함`,
    'interrupt-held-back': (name, since, line) =>
        `${name} 인터럽트가 사이클 ${since}부터 대기 중: 하이퍼바이저는 아직 if=0으로 봅니다 — ${line}행의 popf가 트랩되지 않았습니다`,

    'page-fault': (address, kind, access, mode) => `${address}에서 페이지 폴트 (${kind}, ${access}, ${mode})`,
    'frame-refused': (address, physical, declared) =>
        `거부됨: 가상 주소 ${address}이(가) VM 메모리(${declared}바이트) 밖의 게스트 물리 주소 ${physical}을(를) 가리킴`,
    'page-table-store': (address) => `${address}에서 페이지 폴트: 반가상화 페이징에서 페이지 테이블에 직접 쓰기 (mmu_update를 쓰세요)`,
};

/** The reasons in the current locale; `stopReasonLanguages.en` gives the English the results keep. */
export const stopReasonMessages = defineMessages('stop-reasons', { en, ko });
export const stopReasonLanguages = { en, ko } as const;

/** Why the simulator refuses to start (`SimulationError`): written when thrown, in the current locale. */
export const simulationErrorMessages = defineMessages('simulation-errors', {
    en: {
        definitionHasErrors: () => 'the definition has errors; fix them before running',
        stdlibError: (place: string, message: string) => `standard library error at ${place}: ${message}`,
        unknownCostPreset: (preset: string, known: string) => `unknown cost preset '${preset}' (there are: ${known})`,
        noVcpu: (id: number) => `no vCPU ${id}`,
    },
    ko: {
        definitionHasErrors: () => '정의에 오류가 있습니다. 오류를 고친 다음 실행하세요',
        stdlibError: (place, message) => `표준 라이브러리 오류(${place}): ${message}`,
        unknownCostPreset: (preset, known) => `알 수 없는 비용 프리셋 '${preset}' (있는 프리셋: ${known})`,
        noVcpu: (id) => `vCPU ${id}이(가) 없습니다`,
    },
});
