// The sentences of `vmdef run --explain` (narrate.ts), in English and Korean. Instructions,
// frame names (`trap io_out`), VM and vCPU names stay as the file and the engine write them.
import { defineMessages } from '../../l10n/catalog.js';

const en = {
    techniqueFull: () => 'trap-and-emulate',
    techniqueBinary: () => 'binary translation',
    techniquePara: () => 'paravirtualization',
    techniqueHardware: () => 'hardware-assisted virtualization',
    techniqueNative: () => 'no hypervisor',
    layerGuest: () => 'the guest program',
    layerKernel: () => 'the guest kernel',
    layerHypervisor: () => 'the hypervisor',
    layerHost: () => 'the host OS',
    layerHardware: () => 'the hardware',
    modeUser: () => 'user mode',
    modeKernel: () => 'kernel mode',
    syscall: (vcpu: string, instruction: string, os: string) => `${vcpu} executes \`${instruction}\` in user mode: a system call, so it enters its kernel (${os}) — user → kernel`,
    trap: (vcpu: string, instruction: string, mode: string, technique: string, handler: string, cycles: string) =>
        `${vcpu} executes \`${instruction}\` in ${mode}; under ${technique} it is privileged, so it traps to the hypervisor's ${handler} handler (${cycles} cycles)`,
    callout: (vcpu: string, instruction: string, mode: string, technique: string, handler: string, cycles: string) =>
        `${vcpu} executes \`${instruction}\` in ${mode}; under ${technique} the translator replaced it with a callout, so the translated code calls the hypervisor's ${handler} handler (${cycles} cycles)`,
    vmExit: (vcpu: string, instruction: string, mode: string, technique: string, reason: string, cycles: string) =>
        `${vcpu} executes \`${instruction}\` in ${mode}; under ${technique} the CPU leaves the guest with a VM exit (${reason}) to the hypervisor (${cycles} cycles)`,
    hypercall: (vcpu: string, instruction: string, handler: string, cycles: string) =>
        `${vcpu} executes \`${instruction}\`: the paravirtualized kernel asks the hypervisor directly, a hypercall to ${handler} (${cycles} cycles)`,
    worldSwitch: (vcpu: string, frame: string, cycles: string) => `${vcpu}: the hypervisor cannot touch the hardware itself, so it switches worlds to the host OS: ${frame} (${cycles} cycles)`,
    hardware: (vcpu: string, who: string, instruction: string) => `${vcpu}: ${who} issues the hardware command \`${instruction}\``,
    boots: (vcpu: string, os: string) => `${vcpu} starts in ${os}'s boot { } in kernel mode: the kernel sets itself up before the program's first instruction`,
    enters: (vcpu: string, frame: string, from: string, to: string) => `${vcpu} enters ${frame}: ${from} → ${to}`,
    leaves: (vcpu: string, frame: string, to: string) => `${vcpu} returns from ${frame} to ${to}`,
    omitted: (count: number, max: number) => `… ${count} more layer changes not explained (at most ${max} lines)`,
};

const ko: typeof en = {
    techniqueFull: () => '전가상화(트랩 후 에뮬레이션)',
    techniqueBinary: () => '바이너리 변환',
    techniquePara: () => '반가상화',
    techniqueHardware: () => '하드웨어 지원 가상화',
    techniqueNative: () => '하이퍼바이저 없음',
    layerGuest: () => '게스트 프로그램',
    layerKernel: () => '게스트 커널',
    layerHypervisor: () => '하이퍼바이저',
    layerHost: () => '호스트 OS',
    layerHardware: () => '하드웨어',
    modeUser: () => '사용자 모드',
    modeKernel: () => '커널 모드',
    syscall: (vcpu: string, instruction: string, os: string) => `${vcpu}이(가) 사용자 모드에서 \`${instruction}\`을(를) 실행합니다: 시스템 콜이므로 커널(${os})로 들어갑니다 — 사용자 → 커널`,
    trap: (vcpu: string, instruction: string, mode: string, technique: string, handler: string, cycles: string) =>
        `${vcpu}이(가) ${mode}에서 \`${instruction}\`을(를) 실행합니다. ${technique}에서는 특권 명령어이므로 하이퍼바이저의 ${handler} 핸들러로 트랩됩니다 (${cycles} 사이클)`,
    callout: (vcpu: string, instruction: string, mode: string, technique: string, handler: string, cycles: string) =>
        `${vcpu}이(가) ${mode}에서 \`${instruction}\`을(를) 실행합니다. ${technique}에서는 변환기가 이 명령어를 콜아웃으로 바꿨으므로, 변환된 코드가 하이퍼바이저의 ${handler} 핸들러를 호출합니다 (${cycles} 사이클)`,
    vmExit: (vcpu: string, instruction: string, mode: string, technique: string, reason: string, cycles: string) =>
        `${vcpu}이(가) ${mode}에서 \`${instruction}\`을(를) 실행합니다. ${technique}에서는 CPU가 VM exit(${reason})로 게스트를 떠나 하이퍼바이저로 갑니다 (${cycles} 사이클)`,
    hypercall: (vcpu: string, instruction: string, handler: string, cycles: string) =>
        `${vcpu}이(가) \`${instruction}\`을(를) 실행합니다: 반가상화 커널이 하이퍼바이저에 직접 요청하는 하이퍼콜입니다 (${handler}, ${cycles} 사이클)`,
    worldSwitch: (vcpu: string, frame: string, cycles: string) => `${vcpu}: 하이퍼바이저가 하드웨어를 직접 다룰 수 없으므로 호스트 OS로 월드 스위치합니다: ${frame} (${cycles} 사이클)`,
    hardware: (vcpu: string, who: string, instruction: string) => `${vcpu}: ${who}이(가) 하드웨어 명령 \`${instruction}\`을(를) 내립니다`,
    boots: (vcpu: string, os: string) => `${vcpu}이(가) 커널 모드에서 ${os}의 boot { }로 시작합니다: 프로그램의 첫 명령어 전에 커널이 스스로를 준비합니다`,
    enters: (vcpu: string, frame: string, from: string, to: string) => `${vcpu}이(가) ${frame}에 들어갑니다: ${from} → ${to}`,
    leaves: (vcpu: string, frame: string, to: string) => `${vcpu}이(가) ${frame}에서 ${to}(으)로 돌아갑니다`,
    omitted: (count: number, max: number) => `… 계층 전환 ${count}개는 설명하지 않았습니다 (최대 ${max}줄)`,
};

export const explainMessages = defineMessages('explain', { en, ko });
