// Every message of the validator, in English and Korean (l10n/catalog.ts): units, hardware,
// hypervisors, overcommit (overcommit.ts words the arithmetic), VMs, names, who runs which
// code (code-checks.ts), operands, limits, and the cap on diagnostics per file. Keywords,
// names, opcodes and codes stay as written; lists arrive joined (`a, b`). docs/language.md
// documents the codes, which are the same in every language.
import { defineMessages } from '../../l10n/catalog.js';

export const validationMessages = defineMessages('validation', {
    en: {
        none: () => 'none',
        or: () => ' or ',
        /** A unit dimension (units.ts). */
        memory: () => 'memory', time: () => 'time', frequency: () => 'frequency', cpus: () => 'cpus',
        missingUnit: (value: number, units: string) => `${value} needs a unit${units ? ` (${units})` : ''}`,
        unitOfOtherDimension: (unit: string, actual: string, expected: string, units: string) =>
            `'${unit}' is a ${actual} unit; expected ${expected}${units ? ` (${units})` : ''}`,
        unknownUnit: (unit: string, expected: string, units: string) => `'${unit}' is not a known unit; expected ${expected}${units ? ` (${units})` : ''}`,
        notTopologyUnit: (unit: string) => `'${unit}' is not a CPU topology unit (sockets, cores, threads)`,
        noCpuPart: (count: number, unit: string) => `${count} ${unit}: a CPU needs at least one`,

        noCpu: (hardware: string) => `hardware '${hardware}' has no 'cpu'`,
        noMemory: (hardware: string) => `hardware '${hardware}' has no 'memory'`,
        hostOsRequired: (hypervisor: string) => `Type 2 hypervisor '${hypervisor}' runs on a host OS: declare it with 'host OSNAME { reserve ... }'`,
        hostOsForbidden: (hypervisor: string) => `Type 1 hypervisor '${hypervisor}' runs on bare metal: it has no host OS (use 'type2' for a hosted one)`,
        failHostNeedsType2: (hypervisor: string) => `'fail host' needs a Type 2 hypervisor: '${hypervisor}' has no host OS`,
        hwVirtUnavailable: (hardware: string) => `'virtualization hardware' needs VT-x or AMD-V: hardware '${hardware}' declares no 'extensions vtx' or 'svm'`,
        routineArity: (syscall: string, params: number, routine: string, routineParams: number) =>
            `syscall '${syscall}' takes ${params} parameter(s) but routine '${routine}' it is bound to takes ${routineParams}: the syscall's arguments fill the routine's parameters one for one`,
        osInheritanceCycle: (os: string, chain: string) => `os '${os}' is built on itself: ${chain} → …; an OS's bases must end in an OS built on none`,
        nestedPagingUnavailable: (hardware: string) => `'paging nested' needs EPT or NPT: hardware '${hardware}' declares no 'extensions ept' or 'npt'`,
        directPagingNeedsPara: (technique: string) =>
            `'paging direct' (the paravirtual MMU) needs a paravirtualized guest that calls 'mmu_update': use it with 'virtualization para', not '${technique}'`,
        pagingValueOutOfRange: (what: string, value: number, min: number, max: number) => `${what} ${value}: must be between ${min} and ${max}`,
        hardwareInUse: (hardware: string, first: string) =>
            `hardware '${hardware}' already runs hypervisor '${first}' (one hypervisor per machine; declare identical hardware twice to compare)`,

        cpuOvercommit: (detail: string) => `CPU overcommit: ${detail}`,
        cpuOvercommitAllowed: (detail: string) => `CPU overcommitted within the allowed ratio: ${detail}`,
        memoryOvercommit: (detail: string) => `memory overcommit: ${detail}`,
        memoryOvercommitAllowed: (detail: string) => `memory overcommitted within the allowed ratio (ballooning/swapping): ${detail}`,
        /** overcommit.ts: `12 vCPUs on 7 usable pCPUs = 1.71:1; overcommit allowed: 1.0 (8 pCPUs - 1 reserved by the hypervisor)`. */
        cpuDemand: (vcpus: number, usable: string, ratio: string, allowed: string, reserved: string) =>
            `${vcpus} vCPUs on ${usable} usable pCPUs = ${ratio}; overcommit allowed: ${allowed}${reserved}`,
        memoryDemand: (demand: string, usable: string, ratio: string, allowed: string, reserved: string) =>
            `${demand} on ${usable} usable = ${ratio}; overcommit allowed: ${allowed}${reserved}`,
        unbounded: () => 'unbounded',
        pcpusReserved: (pcpus: number, reserved: string, by: string) => ` (${pcpus} pCPUs − ${reserved} reserved${by})`,
        memoryReserved: (memory: string, reserved: string, by: string) => ` (${memory} − ${reserved} reserved${by})`,
        byHypervisor: () => ' by the hypervisor',
        byHost: () => ' by the host OS',
        byBoth: () => ' by the hypervisor and host OS',
        vmDemand: (vm: string, vcpus: number, memory: string) => `VM '${vm}': ${vcpus} vCPUs, ${memory}`,
        noMemoryDeclared: () => 'no memory',

        unknownCostEntry: (name: string, known: string) => `unknown cost entry '${name}' (known: ${known})`,
        unknownCostOverride: (name: string, known: string) => `unknown cost override '${name}' (known: ${known})`,

        noVcpus: () => 'a VM needs at least 1 vCPU',
        vcpusExceedHost: (vm: string, vcpus: number, hardware: string, usable: number, reserved: string) =>
            `VM '${vm}' has ${vcpus} vCPUs but host '${hardware}' has ${usable} usable pCPUs${reserved}: it cannot boot`,
        pinOutOfRange: (pcpu: number, hardware: string, last: number) => `pCPU ${pcpu} does not exist: hardware '${hardware}' has pCPUs 0–${last}`,
        passedThrough: (device: string, vm: string, self: string) =>
            `device '${device}' is passed through to VM '${vm}'${self}: a passthrough device belongs to one VM alone`,
        alreadyUsed: (device: string, vm: string, self: string) =>
            `device '${device}' is already used by VM '${vm}'${self}: a passthrough device belongs to one VM alone`,
        thisVm: () => ' (this VM)',
        passthroughWithoutIommu: (device: string, hardware: string) =>
            `device '${device}' is passed through without an IOMMU: hardware '${hardware}' declares no 'extensions vtd' or 'amdvi', so its DMA could reach any memory`,
        inputNotSerial: (device: string, kind: string) => `'input' gives bytes to a serial device's 'in': '${device}' is a ${kind}`,
        firstNamedBy: (vm: string) => `first named by VM '${vm}'`,
        pvKernelRequired: (hypervisor: string, os: string) => `hypervisor '${hypervisor}' uses 'virtualization para': OS '${os}' is not 'paravirtualized'`,
        pvKernelNeedsPara: (os: string, hypervisor: string, technique: string) =>
            `OS '${os}' is paravirtualized: its kernel calls the hypervisor with hypercalls, which hypervisor '${hypervisor}' ('virtualization ${technique}') does not handle; use 'virtualization para' or an unmodified OS`,
        vcpuOutOfRange: (vm: string, last: number, vcpu: number) => `VM '${vm}' has vCPUs 0–${last}; there is no vcpu ${vcpu}`,
        processesWithoutOs: (vm: string, vcpu: number) =>
            `VM '${vm}' has no OS: its program is the kernel, with no scheduler to switch between the programs of vcpu ${vcpu} (only the first would run); give it an OS ('vm ${vm}: linux') or one program per vCPU`,
        processesOffBootVcpu: (vm: string, vcpu: number) =>
            `several programs on vcpu ${vcpu} of VM '${vm}': processes run on vCPU 0, where the OS boots (paging, the tick); only the first would run here`,
        osWithoutSyscalls: (os: string) =>
            `OS '${os}' has no system calls (nor has any OS it is built on): it is a base for other OSes ('os NAME: ${os} { ... }'), and a program on it could not call its kernel; declare the VM on an OS built on it`,
        processesWithoutSwitch: (os: string) =>
            `OS '${os}' switches no address space in its 'interrupt timer' (no 'lcr3' or 'hypercall mmuext_op'): these processes run one after another, sharing one directory`,
        nativeHardwareInUse: (hardware: string, other: string) =>
            `hardware '${hardware}' already runs ${other}: a native VM owns its machine, so one native VM per hardware and no hypervisor beside it (declare identical hardware twice to compare)`,
        otherNativeVm: (vm: string) => `native VM '${vm}'`,
        otherHypervisor: (hypervisor: string) => `hypervisor '${hypervisor}'`,
        nativeNotApplicable: (property: string, vm: string) =>
            `'${property}' does not apply to VM '${vm}': it runs natively, one vCPU per pCPU, with no hypervisor scheduling it`,
        vmMemoryExceedsHost: (vm: string, memory: string, hardware: string, available: string) =>
            `VM '${vm}' declares ${memory} but hardware '${hardware}' has ${available}: a native VM's memory is the machine's`,
        pvKernelNative: (os: string, hardware: string) =>
            `OS '${os}' is paravirtualized: its kernel calls a hypervisor with hypercalls, and natively on '${hardware}' there is none; use an unmodified OS`,

        duplicateName: (name: string, kind: string, location: string) =>
            `'${name}' is already declared (${kind} at ${location}); names of hardware, hypervisors, VMs, programs and OSes are unique among the files of a folder`,
        duplicateNameElsewhere: (name: string, kind: string, location: string) =>
            `'${name}' is already declared (${kind} at ${location}); names of hardware, hypervisors, VMs, programs and OSes are unique among the files of a folder; to keep two variants of a definition side by side, put each in its own folder (every folder is a separate system)`,
        firstDeclaration: (name: string) => `first declaration of '${name}'`,
        /** local-names.ts: `duplicate label 'loop' in program 'p'`. */
        duplicateLocal: (what: string, name: string, where: string) => `duplicate ${what} '${name}' in ${where}`,
        device: () => 'device', label: () => 'label', syscall: () => 'syscall', driver: () => 'driver', routine: () => 'routine',
        parameter: () => 'parameter', handler: () => 'handler', costEntry: () => 'cost entry',
        inHardware: (name: string) => `hardware '${name}'`,
        inProgram: (name: string) => `program '${name}'`,
        inOs: (name: string) => `OS '${name}'`,
        inCode: (name: string) => `'${name}'`,
        inMonitor: (technique: string) => `monitor ${technique}`,
        inCosts: (name: string) => `costs '${name}'`,
    },
    ko: {
        none: () => '없음',
        or: () => ' 또는 ',
        memory: () => '메모리', time: () => '시간', frequency: () => '주파수', cpus: () => 'CPU 수',
        missingUnit: (value, units) => `${value}에는 단위가 필요합니다${units ? ` (${units})` : ''}`,
        unitOfOtherDimension: (unit, actual, expected, units) =>
            `'${unit}'은(는) ${actual} 단위입니다. 여기에는 ${expected} 단위가 와야 합니다${units ? ` (${units})` : ''}`,
        unknownUnit: (unit, expected, units) => `'${unit}'은(는) 알 수 없는 단위입니다. 여기에는 ${expected} 단위가 와야 합니다${units ? ` (${units})` : ''}`,
        notTopologyUnit: (unit) => `'${unit}'은(는) CPU 토폴로지 단위가 아닙니다 (sockets, cores, threads)`,
        noCpuPart: (count, unit) => `${count} ${unit}: CPU에는 적어도 하나가 있어야 합니다`,

        noCpu: (hardware) => `하드웨어 '${hardware}'에 'cpu'가 없습니다`,
        noMemory: (hardware) => `하드웨어 '${hardware}'에 'memory'가 없습니다`,
        hostOsRequired: (hypervisor) => `Type 2 하이퍼바이저 '${hypervisor}'은(는) 호스트 OS 위에서 실행됩니다: 'host OSNAME { reserve ... }'로 호스트 OS를 선언하세요`,
        hostOsForbidden: (hypervisor) => `Type 1 하이퍼바이저 '${hypervisor}'은(는) 베어메탈에서 실행되므로 호스트 OS가 없습니다 (호스트형이라면 'type2'를 쓰세요)`,
        failHostNeedsType2: (hypervisor) => `'fail host'는 Type 2 하이퍼바이저에만 쓸 수 있습니다: '${hypervisor}'에는 호스트 OS가 없습니다`,
        hwVirtUnavailable: (hardware) => `'virtualization hardware'에는 VT-x나 AMD-V가 필요합니다: 하드웨어 '${hardware}'에 'extensions vtx'나 'svm'이 선언되어 있지 않습니다`,
        routineArity: (syscall, params, routine, routineParams) =>
            `시스템 콜 '${syscall}'의 매개변수는 ${params}개인데 연결된 루틴 '${routine}'의 매개변수는 ${routineParams}개입니다: 시스템 콜의 인자가 루틴의 매개변수에 하나씩 대응해야 합니다`,
        osInheritanceCycle: (os, chain) => `os '${os}'이(가) 자기 자신을 기반으로 합니다: ${chain} → …; 기반 OS를 따라가면 기반이 없는 OS에서 끝나야 합니다`,
        nestedPagingUnavailable: (hardware) => `'paging nested'에는 EPT나 NPT가 필요합니다: 하드웨어 '${hardware}'에 'extensions ept'나 'npt'가 선언되어 있지 않습니다`,
        directPagingNeedsPara: (technique) =>
            `'paging direct'(반가상화 MMU)는 'mmu_update'를 호출하는 반가상화 게스트가 필요합니다: '${technique}'가 아니라 'virtualization para'와 함께 쓰세요`,
        pagingValueOutOfRange: (what, value, min, max) => `${what} ${value}: ${min}에서 ${max} 사이여야 합니다`,
        hardwareInUse: (hardware, first) =>
            `하드웨어 '${hardware}'에서는 이미 하이퍼바이저 '${first}'이(가) 실행됩니다 (머신 하나에 하이퍼바이저 하나. 비교하려면 같은 하드웨어를 두 번 선언하세요)`,

        cpuOvercommit: (detail) => `CPU 오버커밋: ${detail}`,
        cpuOvercommitAllowed: (detail) => `허용 비율 안의 CPU 오버커밋: ${detail}`,
        memoryOvercommit: (detail) => `메모리 오버커밋: ${detail}`,
        memoryOvercommitAllowed: (detail) => `허용 비율 안의 메모리 오버커밋 (벌루닝/스와핑): ${detail}`,
        cpuDemand: (vcpus, usable, ratio, allowed, reserved) =>
            `vCPU ${vcpus}개 / 사용 가능한 pCPU ${usable}개 = ${ratio}. 허용된 오버커밋 비율: ${allowed}${reserved}`,
        memoryDemand: (demand, usable, ratio, allowed, reserved) =>
            `${demand} / 사용 가능한 ${usable} = ${ratio}. 허용된 오버커밋 비율: ${allowed}${reserved}`,
        unbounded: () => '무한대',
        pcpusReserved: (pcpus, reserved, by) => ` (pCPU ${pcpus}개 − 예약 ${reserved}개${by})`,
        memoryReserved: (memory, reserved, by) => ` (${memory} − 예약 ${reserved}${by})`,
        byHypervisor: () => ', 하이퍼바이저 몫',
        byHost: () => ', 호스트 OS 몫',
        byBoth: () => ', 하이퍼바이저와 호스트 OS 몫',
        vmDemand: (vm, vcpus, memory) => `VM '${vm}': vCPU ${vcpus}개, ${memory}`,
        noMemoryDeclared: () => '메모리 없음',

        unknownCostEntry: (name, known) => `알 수 없는 비용 항목 '${name}' (알려진 항목: ${known})`,
        unknownCostOverride: (name, known) => `알 수 없는 비용 재정의 '${name}' (알려진 항목: ${known})`,

        noVcpus: () => 'VM에는 vCPU가 적어도 1개 있어야 합니다',
        vcpusExceedHost: (vm, vcpus, hardware, usable, reserved) =>
            `VM '${vm}'의 vCPU는 ${vcpus}개인데 호스트 '${hardware}'에서 사용 가능한 pCPU는 ${usable}개입니다${reserved}: 부팅할 수 없습니다`,
        pinOutOfRange: (pcpu, hardware, last) => `pCPU ${pcpu}은(는) 없습니다: 하드웨어 '${hardware}'의 pCPU는 0–${last}번입니다`,
        passedThrough: (device, vm, self) =>
            `장치 '${device}'은(는) 이미 VM '${vm}'${self}에 패스스루되어 있습니다: 패스스루 장치는 VM 하나만 쓸 수 있습니다`,
        alreadyUsed: (device, vm, self) =>
            `장치 '${device}'은(는) 이미 VM '${vm}'${self}이(가) 쓰고 있습니다: 패스스루 장치는 VM 하나만 쓸 수 있습니다`,
        thisVm: () => '(이 VM)',
        passthroughWithoutIommu: (device, hardware) =>
            `장치 '${device}'이(가) IOMMU 없이 패스스루됩니다: 하드웨어 '${hardware}'에 'extensions vtd'나 'amdvi'가 선언되어 있지 않아 장치의 DMA가 모든 메모리에 닿을 수 있습니다`,
        inputNotSerial: (device, kind) => `'input'은 시리얼 장치의 'in'에 바이트를 줍니다: '${device}'은(는) ${kind}입니다`,
        firstNamedBy: (vm) => `VM '${vm}'이(가) 처음 지정함`,
        pvKernelRequired: (hypervisor, os) => `하이퍼바이저 '${hypervisor}'은(는) 'virtualization para'를 씁니다: OS '${os}'은(는) 'paravirtualized'가 아닙니다`,
        pvKernelNeedsPara: (os, hypervisor, technique) =>
            `OS '${os}'은(는) 반가상화 OS입니다: 그 커널은 하이퍼콜로 하이퍼바이저를 호출하지만 하이퍼바이저 '${hypervisor}'('virtualization ${technique}')은(는) 하이퍼콜을 처리하지 않습니다. 'virtualization para'나 수정하지 않은 OS를 쓰세요`,
        vcpuOutOfRange: (vm, last, vcpu) => `VM '${vm}'의 vCPU는 0–${last}번입니다. vcpu ${vcpu}은(는) 없습니다`,
        processesWithoutOs: (vm, vcpu) =>
            `VM '${vm}'에는 OS가 없습니다: 프로그램 자체가 커널이라 vcpu ${vcpu}의 프로그램들 사이를 전환할 스케줄러가 없습니다 (첫 프로그램만 실행됩니다). OS를 주거나('vm ${vm}: linux') vCPU마다 프로그램 하나만 두세요`,
        processesOffBootVcpu: (vm, vcpu) =>
            `VM '${vm}'의 vcpu ${vcpu}에 프로그램이 여럿입니다: 프로세스는 OS가 부팅하는(페이징, 타이머 틱) vCPU 0에서만 실행되므로 여기서는 첫 프로그램만 실행됩니다`,
        osWithoutSyscalls: (os) =>
            `OS '${os}'에는 시스템 콜이 없습니다(기반 OS에도 없음): 다른 OS의 기반('os NAME: ${os} { ... }')으로 쓰는 OS이며, 이 위의 프로그램은 커널을 호출할 수 없습니다. 이 OS를 기반으로 하는 OS 위에 VM을 선언하세요`,
        processesWithoutSwitch: (os) =>
            `OS '${os}'의 'interrupt timer'는 주소 공간을 전환하지 않습니다('lcr3'이나 'hypercall mmuext_op'가 없음): 이 프로세스들은 페이지 디렉터리 하나를 함께 쓰며 차례로 하나씩 실행됩니다`,
        nativeHardwareInUse: (hardware, other) =>
            `하드웨어 '${hardware}'은(는) 이미 ${other}을(를) 실행합니다: 네이티브 VM은 기계 전체를 차지하므로 하드웨어 하나에 네이티브 VM 하나만, 하이퍼바이저 없이 둘 수 있습니다 (비교하려면 같은 하드웨어를 두 번 선언하세요)`,
        otherNativeVm: (vm) => `네이티브 VM '${vm}'`,
        otherHypervisor: (hypervisor) => `하이퍼바이저 '${hypervisor}'`,
        nativeNotApplicable: (property, vm) =>
            `'${property}'은(는) VM '${vm}'에 적용되지 않습니다: 이 VM은 네이티브로 실행되어 pCPU마다 vCPU 하나이고, 스케줄링하는 하이퍼바이저가 없습니다`,
        vmMemoryExceedsHost: (vm, memory, hardware, available) =>
            `VM '${vm}'은(는) 메모리 ${memory}를 선언했지만 하드웨어 '${hardware}'에는 ${available}이(가) 있습니다: 네이티브 VM의 메모리는 기계의 메모리입니다`,
        pvKernelNative: (os, hardware) =>
            `OS '${os}'은(는) 반가상화 OS입니다: 그 커널은 하이퍼콜로 하이퍼바이저를 호출하는데, '${hardware}'에서 네이티브로 실행하면 하이퍼바이저가 없습니다. 수정하지 않은 OS를 쓰세요`,

        duplicateName: (name, kind, location) =>
            `'${name}'은(는) 이미 선언되어 있습니다 (${location}의 ${kind}). 하드웨어, 하이퍼바이저, VM, 프로그램, OS의 이름은 한 폴더의 파일들 안에서 유일해야 합니다`,
        duplicateNameElsewhere: (name, kind, location) =>
            `'${name}'은(는) 이미 선언되어 있습니다 (${location}의 ${kind}). 하드웨어, 하이퍼바이저, VM, 프로그램, OS의 이름은 한 폴더의 파일들 안에서 유일해야 합니다. 한 정의의 두 변형을 나란히 두려면 각각 다른 폴더에 넣으세요 (폴더마다 별개의 시스템입니다)`,
        firstDeclaration: (name) => `'${name}'의 첫 선언`,
        duplicateLocal: (what, name, where) => `${where}에 ${what} '${name}'이(가) 중복됩니다`,
        device: () => '장치', label: () => '레이블', syscall: () => '시스템 콜', driver: () => '드라이버', routine: () => '루틴',
        parameter: () => '매개변수', handler: () => '핸들러', costEntry: () => '비용 항목',
        inHardware: (name) => `하드웨어 '${name}'`,
        inProgram: (name) => `프로그램 '${name}'`,
        inOs: (name) => `OS '${name}'`,
        inCode: (name) => `'${name}'`,
        inMonitor: (technique) => `monitor ${technique} 선언`,
        inCosts: (name) => `비용 프리셋 '${name}'`,
    },
});

/** Who runs which code (code-checks.ts), operands (memory-operands.ts, operand-checks.ts), limits, the diagnostic cap. */
export const codeMessages = defineMessages('code-checks', {
    en: {
        unknownDevice: (device: string, hardware: string, devices: string) => `unknown device '${device}': hardware '${hardware}' has ${devices}`,
        unknownDeviceNone: (device: string, hardware: string) => `unknown device '${device}': hardware '${hardware}' has no devices`,
        deviceNotAssigned: (device: string, vm: string, devices: string) =>
            `device '${device}' is not assigned to VM '${vm}' (its 'devices' are ${devices}): add it to the VM's 'devices' to use it`,
        deviceNotAssignedNone: (device: string, vm: string) =>
            `device '${device}' is not assigned to VM '${vm}' (it has no 'devices'): add it to the VM's 'devices' to use it`,
        unknownHwCommand: (name: string, known: string) => `unknown hardware command 'hw ${name}' (known: ${known})`,
        hwArity: (name: string, count: number, params: string, got: number) => `'hw ${name}' takes ${count} argument(s) (${params}), got ${got}`,
        unknownHypercall: (name: string, known: string) => `unknown hypercall '${name}': no 'monitor para' handles it (known: ${known})`,
        hypercallArity: (name: string, count: number, params: string, got: number) => `hypercall '${name}' takes ${count} argument(s) (${params}), got ${got}`,
        hwInGuest: (name: string, where: string) =>
            `'hw ${name}' belongs to the hypervisor's hardware command set: ${where} cannot use it (use an instruction, a syscall or a hypercall)`,
        guestProgram: () => 'a guest program',
        syscallOfOs: (os: string) => `a syscall of guest OS '${os}'`,
        privilegedInUser: (opcode: string, vm: string, os: string) =>
            `'${opcode}' is privileged: in user code (VM '${vm}' runs this program under OS '${os}') it faults (#GP) and the program is killed`,
        privilegedInPvKernel: (opcode: string, vm: string) =>
            `'${opcode}' is privileged: VM '${vm}' runs this code as its kernel under 'virtualization para', which allows hypercalls only`,
        fidelityViolation: (opcode: string, hypervisor: string) =>
            `'${opcode}' is sensitive but not privileged: under 'virtualization full' on '${hypervisor}' it does not trap and silently behaves wrongly (Popek-Goldberg); use 'binary' or 'hardware'`,
        fidelityViolationPara: (opcode: string, hypervisor: string) =>
            `'${opcode}' is sensitive but not privileged: the paravirtualized kernel runs deprivileged on '${hypervisor}', where it does not trap and silently behaves wrongly (Popek-Goldberg); use the hypervisor's interface (a hypercall or the shared info page) instead`,
        hypercallNative: (name: string, vm: string, hardware: string) =>
            `'hypercall ${name}': VM '${vm}' runs natively on hardware '${hardware}', with no hypervisor to call`,
        hypercallInUser: (name: string) => `'hypercall ${name}' in user code: only a paravirtualized guest kernel may call the hypervisor`,
        hypercallNotPara: (name: string, vm: string, hypervisor: string, technique: string) =>
            `'hypercall ${name}': VM '${vm}' runs on hypervisor '${hypervisor}' with 'virtualization ${technique}', not 'para'`,
        syscallWithoutOs: (name: string, vm: string) => `'syscall ${name}': VM '${vm}' has no OS, so there is no kernel to enter`,
        unknownSyscall: (os: string, vm: string, name: string, syscalls: string) =>
            `OS '${os}' (of VM '${vm}') declares no syscall '${name}' (it has ${syscalls})`,
        syscallArity: (name: string, os: string, count: number, params: string, got: number) =>
            `syscall '${name}' of OS '${os}' takes ${count} argument(s) (${params}), got ${got}`,
        hypercallInPlainOs: (name: string, os: string) => `'hypercall ${name}' in OS '${os}', which is not declared 'paravirtualized'`,
        privilegedInPvOs: (opcode: string, os: string) => `'${opcode}' is privileged: OS '${os}' is paravirtualized and must use a hypercall instead`,
        unknownName: (name: string, handler: string, names: string) => `'${name}' is neither a parameter nor a label of handler '${handler}' (${names})`,

        memoryOperandNotAllowed: (where: string) =>
            `a memory operand is not allowed ${where}: only \`load d, [a]\` reads memory and \`store [a], s\` writes it; load the value into a register first`,
        inInstruction: (opcode: string) => `in \`${opcode}\``,
        asFirstOperand: (opcode: string) => `as the first operand of \`${opcode}\``,
        asSecondOperand: (opcode: string) => `as the second operand of \`${opcode}\``,
        asArgument: () => 'as an argument (arguments are passed by value)',
        memoryOperandRequiredFirst: (opcode: string) => `\`${opcode}\` needs a memory operand \`[address]\` as its first operand (\`load d, [a]\`, \`store [a], s\`)`,
        memoryOperandRequiredSecond: (opcode: string) => `\`${opcode}\` needs a memory operand \`[address]\` as its second operand (\`load d, [a]\`, \`store [a], s\`)`,
        stringOperand: (where: string) =>
            `a string is text, not a number: ${where} (strings are written with 'out DEV, "text"' or passed to a syscall, a hypercall or 'hw io_write')`,
        hwNeedsNumber: (name: string) => `'hw ${name}' needs a number here`,
        needsNumberOrRegister: (opcode: string) => `'${opcode}' needs a number or a register here`,
        operandNeedsNumberOrRegister: () => 'this operand needs a number or a register',

        tooManyPcpus: (pcpus: string, max: string) => `${pcpus} pCPUs: a hardware has at most ${max} (sockets × cores × threads)`,
        tooManyVcpus: (vcpus: string, max: string) => `${vcpus} vCPUs: a VM has at most ${max}`,
        tooMuchMemory: (text: string, max: string) => `${text}: memory is at most ${max} (what x86-64 addresses with 4-level paging)`,
        tooManyCpus: (text: string, max: string) => `${text}: a host has at most ${max} pCPUs`,
        clockNeverTicks: (text: string) => `a clock of ${text} never ticks: the clock is at least 1 MHz`,
        clockTooSlow: (text: string) => `a clock of ${text} is too slow: the clock is at least 1 MHz`,
        clockTooFast: (text: string, max: number) => `a clock of ${text} is faster than any CPU: the clock is at most ${max} GHz`,
        timesliceTooShort: (text: string) => `a time slice of ${text} is shorter than a world switch: time slices are at least 1 us`,
        immediateTooLarge: (text: string, min: string, max: string) => `${text} does not fit a 32-bit register: an immediate is from ${min} to ${max} (0xFFFFFFFF)`,
        costTooHigh: (cycles: string, max: string) =>
            `a cost of ${cycles} cycles: one operation costs at most ${max} cycles (the default cycle limit of a whole run)`,
        instructionCostTooLow: (min: string) =>
            `an instruction costs at least ${min} cycle: at 0, time never advances and a guest loop would never reach the cycle limit`,

        truncated: (hidden: number, counts: string, shown: number) =>
            `${hidden} more diagnostics not shown${counts ? ` (${counts})` : ''}: a file shows at most ${shown}, errors first; fix these to see the rest`,
        errors: (count: number) => `${count} error${count === 1 ? '' : 's'}`,
        warnings: (count: number) => `${count} warning${count === 1 ? '' : 's'}`,
        fileTooLarge: (size: string, max: string) =>
            `this file is too large to check (${size} characters; a file holds at most ${max} characters): split it into several files of one folder`,
        validationFailed: (reason: string) => `internal error while checking this file (${reason}); it is treated as invalid — please report it`,
    },
    ko: {
        unknownDevice: (device, hardware, devices) => `알 수 없는 장치 '${device}': 하드웨어 '${hardware}'의 장치는 ${devices}입니다`,
        unknownDeviceNone: (device, hardware) => `알 수 없는 장치 '${device}': 하드웨어 '${hardware}'에는 장치가 없습니다`,
        deviceNotAssigned: (device, vm, devices) =>
            `장치 '${device}'은(는) VM '${vm}'에 할당되지 않았습니다 (이 VM의 'devices'는 ${devices}): 쓰려면 VM의 'devices'에 추가하세요`,
        deviceNotAssignedNone: (device, vm) =>
            `장치 '${device}'은(는) VM '${vm}'에 할당되지 않았습니다 (이 VM에는 'devices'가 없습니다): 쓰려면 VM의 'devices'에 추가하세요`,
        unknownHwCommand: (name, known) => `알 수 없는 하드웨어 명령 'hw ${name}' (알려진 명령: ${known})`,
        hwArity: (name, count, params, got) => `'hw ${name}'은(는) 인자 ${count}개(${params})를 받는데 ${got}개가 주어졌습니다`,
        unknownHypercall: (name, known) => `알 수 없는 하이퍼콜 '${name}': 이를 처리하는 'monitor para'가 없습니다 (알려진 하이퍼콜: ${known})`,
        hypercallArity: (name, count, params, got) => `하이퍼콜 '${name}'은(는) 인자 ${count}개(${params})를 받는데 ${got}개가 주어졌습니다`,
        hwInGuest: (name, where) =>
            `'hw ${name}'은(는) 하이퍼바이저의 하드웨어 명령 집합에 속합니다: ${where}에서는 쓸 수 없습니다 (명령어, 시스템 콜, 하이퍼콜을 쓰세요)`,
        guestProgram: () => '게스트 프로그램',
        syscallOfOs: (os) => `게스트 OS '${os}'의 시스템 콜`,
        privilegedInUser: (opcode, vm, os) =>
            `'${opcode}'은(는) 특권 명령어입니다: 사용자 코드에서는(VM '${vm}'이(가) 이 프로그램을 OS '${os}' 위에서 실행) 폴트(#GP)가 나서 프로그램이 종료됩니다`,
        privilegedInPvKernel: (opcode, vm) =>
            `'${opcode}'은(는) 특권 명령어입니다: VM '${vm}'은(는) 이 코드를 'virtualization para'에서 커널로 실행하며, 여기서는 하이퍼콜만 쓸 수 있습니다`,
        fidelityViolation: (opcode, hypervisor) =>
            `'${opcode}'은(는) 민감하지만 특권 명령어가 아닙니다: '${hypervisor}'의 'virtualization full'에서는 트랩되지 않고 조용히 잘못 동작합니다(Popek-Goldberg). 'binary'나 'hardware'를 쓰세요`,
        fidelityViolationPara: (opcode, hypervisor) =>
            `'${opcode}'은(는) 민감하지만 특권 명령어가 아닙니다: 반가상화 커널은 '${hypervisor}'에서 특권을 낮춰 실행되므로 트랩되지 않고 조용히 잘못 동작합니다(Popek-Goldberg). 대신 하이퍼바이저의 인터페이스(하이퍼콜이나 공유 정보 페이지)를 쓰세요`,
        hypercallNative: (name, vm, hardware) =>
            `'hypercall ${name}': VM '${vm}'은(는) 하드웨어 '${hardware}'에서 네이티브로 실행되어 호출할 하이퍼바이저가 없습니다`,
        hypercallInUser: (name) => `사용자 코드의 'hypercall ${name}': 하이퍼바이저는 반가상화 게스트 커널만 호출할 수 있습니다`,
        hypercallNotPara: (name, vm, hypervisor, technique) =>
            `'hypercall ${name}': VM '${vm}'은(는) 'para'가 아니라 'virtualization ${technique}'인 하이퍼바이저 '${hypervisor}' 위에서 실행됩니다`,
        syscallWithoutOs: (name, vm) => `'syscall ${name}': VM '${vm}'에는 OS가 없어 진입할 커널이 없습니다`,
        unknownSyscall: (os, vm, name, syscalls) =>
            `OS '${os}'(VM '${vm}'의 OS)에는 시스템 콜 '${name}'이(가) 선언되어 있지 않습니다 (선언된 시스템 콜: ${syscalls})`,
        syscallArity: (name, os, count, params, got) =>
            `OS '${os}'의 시스템 콜 '${name}'은(는) 인자 ${count}개(${params})를 받는데 ${got}개가 주어졌습니다`,
        hypercallInPlainOs: (name, os) => `OS '${os}'의 'hypercall ${name}': 이 OS는 'paravirtualized'로 선언되지 않았습니다`,
        privilegedInPvOs: (opcode, os) => `'${opcode}'은(는) 특권 명령어입니다: OS '${os}'은(는) 반가상화 OS이므로 대신 하이퍼콜을 써야 합니다`,
        unknownName: (name, handler, names) => `'${name}'은(는) 핸들러 '${handler}'의 매개변수도 레이블도 아닙니다 (${names})`,

        memoryOperandNotAllowed: (where) =>
            `${where} 메모리 피연산자를 쓸 수 없습니다: 메모리는 \`load d, [a]\`로만 읽고 \`store [a], s\`로만 씁니다. 먼저 값을 레지스터에 로드하세요`,
        inInstruction: (opcode) => `\`${opcode}\`에는`,
        asFirstOperand: (opcode) => `\`${opcode}\`의 첫째 피연산자로는`,
        asSecondOperand: (opcode) => `\`${opcode}\`의 둘째 피연산자로는`,
        asArgument: () => '인자로는 (인자는 값으로 전달됩니다)',
        memoryOperandRequiredFirst: (opcode) => `\`${opcode}\`의 첫째 피연산자는 메모리 피연산자 \`[address]\`여야 합니다 (\`load d, [a]\`, \`store [a], s\`)`,
        memoryOperandRequiredSecond: (opcode) => `\`${opcode}\`의 둘째 피연산자는 메모리 피연산자 \`[address]\`여야 합니다 (\`load d, [a]\`, \`store [a], s\`)`,
        stringOperand: (where) =>
            `문자열은 숫자가 아니라 텍스트입니다: ${where} (문자열은 'out DEV, "text"'로 쓰거나 시스템 콜, 하이퍼콜, 'hw io_write'에 넘길 수 있습니다)`,
        hwNeedsNumber: (name) => `'hw ${name}'의 이 자리에는 숫자가 와야 합니다`,
        needsNumberOrRegister: (opcode) => `'${opcode}'의 이 자리에는 숫자나 레지스터가 와야 합니다`,
        operandNeedsNumberOrRegister: () => '이 피연산자 자리에는 숫자나 레지스터가 와야 합니다',

        tooManyPcpus: (pcpus, max) => `pCPU ${pcpus}개: 하드웨어 하나의 pCPU는 최대 ${max}개입니다 (sockets × cores × threads)`,
        tooManyVcpus: (vcpus, max) => `vCPU ${vcpus}개: VM 하나의 vCPU는 최대 ${max}개입니다`,
        tooMuchMemory: (text, max) => `${text}: 메모리는 최대 ${max}입니다 (x86-64가 4단계 페이징으로 주소를 지정할 수 있는 크기)`,
        tooManyCpus: (text, max) => `${text}: 호스트의 pCPU는 최대 ${max}개입니다`,
        clockNeverTicks: (text) => `클럭 ${text}은(는) 한 번도 틱하지 않습니다: 클럭은 최소 1 MHz입니다`,
        clockTooSlow: (text) => `클럭 ${text}은(는) 너무 느립니다: 클럭은 최소 1 MHz입니다`,
        clockTooFast: (text, max) => `클럭 ${text}은(는) 어떤 CPU보다도 빠릅니다: 클럭은 최대 ${max} GHz입니다`,
        timesliceTooShort: (text) => `타임 슬라이스 ${text}은(는) 월드 스위치보다 짧습니다: 타임 슬라이스는 최소 1 us입니다`,
        immediateTooLarge: (text, min, max) => `${text}은(는) 32비트 레지스터에 들어가지 않습니다: 즉값은 ${min}부터 ${max}(0xFFFFFFFF)까지입니다`,
        costTooHigh: (cycles, max) => `비용 ${cycles} 사이클: 연산 하나의 비용은 최대 ${max} 사이클입니다 (실행 전체의 기본 사이클 한도)`,
        instructionCostTooLow: (min) => `명령어 하나의 비용은 최소 ${min} 사이클입니다: 0이면 시간이 흐르지 않아 게스트 루프가 사이클 한도에 영원히 닿지 않습니다`,

        truncated: (hidden, counts, shown) =>
            `진단 ${hidden}개를 더 표시하지 않았습니다${counts ? ` (${counts})` : ''}: 파일 하나에는 오류부터 최대 ${shown}개까지 표시합니다. 이것들을 고치면 나머지가 보입니다`,
        errors: (count) => `오류 ${count}개`,
        warnings: (count) => `경고 ${count}개`,
        fileTooLarge: (size, max) => `이 파일은 너무 커서 검사할 수 없습니다 (${size}자, 파일 하나는 최대 ${max}자): 같은 폴더의 여러 파일로 나누세요`,
        validationFailed: (reason) => `이 파일을 검사하다가 내부 오류가 났습니다 (${reason}). 이 파일은 유효하지 않은 것으로 처리합니다 — 문제를 알려 주세요`,
    },
});

/** Exceptions and interrupts (interrupt-checks.ts, docs/language.md, Exceptions and interrupts). */
export const interruptMessages = defineMessages('interrupt-checks', {
    en: {
        unknownFault: (name: string, known: string) => `the CPU has no exception '${name}' (it has ${known})`,
        unknownInterrupt: (name: string, known: string) => `no interrupt '${name}': a kernel handles 'timer' and the devices of its hardware (${known})`,
        iretOutsideHandler: () =>
            `'iret' returns from an exception or interrupt handler: only an OS's 'fault' / 'interrupt' handler or a program that installs its table with 'lidt LABEL' may use it`,
        noTimerHandler: (vm: string, kernel: string) =>
            `VM '${vm}' arms a timer here, but ${kernel} has no timer handler: the tick will be lost (add 'interrupt timer() { ... }' to the OS, or 'lidt LABEL' to the program)`,
        kernelOs: (os: string) => `its OS '${os}'`,
        kernelProgram: (program: string) => `its kernel '${program}'`,
    },
    ko: {
        unknownFault: (name, known) => `CPU에는 '${name}' 예외가 없습니다 (있는 것: ${known})`,
        unknownInterrupt: (name, known) => `'${name}' 인터럽트는 없습니다: 커널은 'timer'와 자기 하드웨어의 장치들을 처리합니다 (${known})`,
        iretOutsideHandler: () =>
            `'iret'은 예외·인터럽트 핸들러에서 돌아가는 명령입니다: OS의 'fault' / 'interrupt' 핸들러나 'lidt LABEL'로 자기 테이블을 설치하는 프로그램에서만 쓸 수 있습니다`,
        noTimerHandler: (vm, kernel) =>
            `VM '${vm}'이(가) 여기서 타이머를 설정하지만 ${kernel}에는 타이머 핸들러가 없어 틱이 유실됩니다 (OS에 'interrupt timer() { ... }'를, 또는 프로그램에 'lidt LABEL'을 추가하세요)`,
        kernelOs: (os) => `OS '${os}'`,
        kernelProgram: (program) => `커널 '${program}'`,
    },
});
