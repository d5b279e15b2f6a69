// The words of the debugger's machine-level views, in English and Korean (l10n/catalog.ts):
// the memory view (readMemory / writeMemory), the Disassembly view and what the translator made
// of each instruction, instruction breakpoints, the Debug Console's completions.
import { defineMessages } from '../../l10n/catalog.js';

const en = {
    // ------------------------------------------------------------ memory
    badMemoryReference: (reference: string) => `'${reference}' is not a memory reference of this debugger (expected vm:NAME:ADDRESS or host:NAME:ADDRESS)`,
    noSuchMemory: (owner: string) => `no VM or hypervisor named '${owner}' in this simulation`,
    outsideMemory: (address: string, owner: string, bytes: number) => `${address} is outside the memory of ${owner} (${bytes} bytes)`,
    pageNotInUse: (owner: string, page: string) => `the page at ${page} of ${owner} is not in use yet: the debugger writes only pages the guest has used (a first touch would cost the simulated machine a page)`,
    pauseBeforeMemory: () => 'pause the simulation before writing memory',
    notBase64: () => "'data' is not base64",

    // ------------------------------------------------------------ disassembly
    notInstructionReference: (reference: string) => `'${reference}' is not the address of an instruction of this simulation`,
    pathSyscall: (name: string) => `syscall: user → kernel (${name})`,
    pathHypercall: (name: string, handler: string) => `hypercall ${name} → the hypervisor (${handler})`,
    pathWorldSwitch: (driver: string) => `world switch → the host OS (${driver})`,
    pathHardware: (name: string) => `hardware command ${name}`,
    pathStepped: () => 'stepped by the machine (an operand translated code cannot hold)',
    pathBreakpoint: () => 'stepped by the machine (a breakpoint is set here)',
    pathOnCpu: () => 'runs on the real CPU, privileged',
    pathUserFault: (op: string) => `#GP: ${op} is privileged in user mode`,
    pathNative: () => 'runs natively, no hypervisor involved',
    pathEnters: (frame: string, handler: string) => `${frame} → ${handler}`,
    pathNoHandler: () => 'enters the hypervisor, which has no handler for it',
    pathSilent: (op: string) => `does not trap: ${op} is sensitive but unprivileged, so it runs against the real machine's state (not virtualizable)`,
    pathReveals: (op: string) => `runs natively: ${op} shows the real machine, not the virtual one`,
    pathInline: () => 'rewritten inline: sets the virtual interrupt flag, no exit',
    pathEventMask: () => 'a store to the event mask in the shared info page: no trap, no hypercall',
    pathPassthrough: () => "straight to the VM's own device (passthrough): no trap, no hypervisor",
    noInstructionThere: (reference: string) => `no instruction at ${reference}`,
    instructionBreakpointHit: (address: string, frame: string, condition: string) => `instruction breakpoint at ${address} in ${frame}${condition}`,

    targetKernel: (frame: string, body: string) => `the guest kernel: ${frame} (${body})`,
    targetHypervisor: (frame: string, handler: string) => `the hypervisor: ${frame} (${handler}), where the kernel leaves the guest`,

    // ------------------------------------------------------------ the Debug Console
    memoryWordCompletion: () => 'the memory word at address a, in the memory this frame reads',
};

const ko: typeof en = {
    badMemoryReference: (reference: string) => `'${reference}'은(는) 이 디버거의 메모리 참조가 아닙니다 (vm:이름:주소 또는 host:이름:주소 형식이어야 합니다)`,
    noSuchMemory: (owner: string) => `이 시뮬레이션에 '${owner}'라는 VM이나 하이퍼바이저가 없습니다`,
    outsideMemory: (address: string, owner: string, bytes: number) => `${address}은(는) ${owner}의 메모리(${bytes}바이트) 밖입니다`,
    pageNotInUse: (owner: string, page: string) => `${owner}의 ${page} 페이지는 아직 쓰인 적이 없습니다: 디버거는 게스트가 사용한 페이지에만 씁니다 (처음 건드리면 시뮬레이션된 머신이 페이지 하나를 쓰게 됩니다)`,
    pauseBeforeMemory: () => '메모리를 쓰기 전에 시뮬레이션을 일시 중지하세요',
    notBase64: () => "'data'가 base64가 아닙니다",

    notInstructionReference: (reference: string) => `'${reference}'은(는) 이 시뮬레이션의 명령어 주소가 아닙니다`,
    pathSyscall: (name: string) => `시스템 콜: 사용자 모드 → 커널 (${name})`,
    pathHypercall: (name: string, handler: string) => `하이퍼콜 ${name} → 하이퍼바이저 (${handler})`,
    pathWorldSwitch: (driver: string) => `월드 스위치 → 호스트 OS (${driver})`,
    pathHardware: (name: string) => `하드웨어 명령 ${name}`,
    pathStepped: () => '머신이 한 단계씩 실행 (변환된 코드가 담을 수 없는 피연산자)',
    pathBreakpoint: () => '머신이 한 단계씩 실행 (여기에 중단점이 있음)',
    pathOnCpu: () => '실제 CPU에서 특권 모드로 실행',
    pathUserFault: (op: string) => `#GP: ${op}은(는) 사용자 모드에서 특권 명령어입니다`,
    pathNative: () => '하이퍼바이저 개입 없이 네이티브로 실행',
    pathEnters: (frame: string, handler: string) => `${frame} → ${handler}`,
    pathNoHandler: () => '하이퍼바이저로 들어가지만 처리할 핸들러가 없음',
    pathSilent: (op: string) => `트랩되지 않음: ${op}은(는) 민감하지만 특권 명령어가 아니어서 실제 머신의 상태로 실행됩니다 (가상화 불가능)`,
    pathReveals: (op: string) => `네이티브로 실행: ${op}은(는) 가상 머신이 아니라 실제 머신을 보여 줍니다`,
    pathInline: () => '인라인으로 다시 씀: 가상 인터럽트 플래그를 설정, VM 종료 없음',
    pathEventMask: () => '공유 정보 페이지의 이벤트 마스크에 저장: 트랩도 하이퍼콜도 없음',
    pathPassthrough: () => 'VM에 직접 할당된 장치(패스스루)로 바로 감: 트랩도 하이퍼바이저도 없음',
    noInstructionThere: (reference: string) => `${reference}에 명령어가 없습니다`,
    instructionBreakpointHit: (address: string, frame: string, condition: string) => `${frame}의 ${address} 명령어 중단점${condition}`,

    targetKernel: (frame: string, body: string) => `게스트 커널: ${frame} (${body})`,
    targetHypervisor: (frame: string, handler: string) => `하이퍼바이저: ${frame} (${handler}), 커널이 게스트를 떠나는 곳`,

    memoryWordCompletion: () => '주소 a의 메모리 워드 (이 프레임이 읽는 메모리)',
};

export const machineCodeMessages = defineMessages('debugger-machine-code', { en, ko });
