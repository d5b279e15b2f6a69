// The on-save diagnostics' messages, in English and Korean (l10n/catalog.ts): unused
// declarations (unused-declaration.ts) and what the simulation on save found, or why it was cut
// or skipped (simulate-on-save.ts). What the simulator says of a stop arrives written in the
// current locale (simulator/messages.ts, `localizedStop`). Figures arrive formatted (`1,000`).
import { defineMessages } from '../l10n/catalog.js';

export const onSaveMessages = defineMessages('on-save', {
    en: {
        programNotRun: (program: string) => `program '${program}' is not run by any VM`,
        osNotUsed: (os: string) => `os '${os}' is used by no VM and no host`,
        deviceNotNamed: (device: string, hardware: string) => `device '${device}' of '${hardware}' is named by no VM`,

        tooLarge: (cpus: string, max: string) =>
            `not simulated on save: the definition asks for ${cpus} pCPUs and vCPUs in all, more than the ${max} simulated on save (\`vmdef run\` simulates it)`,
        cutByTime: (seconds: number, cycles: string) =>
            `simulation on save stopped at its time budget (${seconds} s) after ${cycles} cycles; what it found until then is shown (\`vmdef run\` runs to the end)`,
        cutByTimeAt: (seconds: number, cycles: string, vm: string) =>
            `simulation on save stopped at its time budget (${seconds} s) after ${cycles} cycles: VM '${vm}' still running here; what it found until then is shown (\`vmdef run\` runs to the end)`,
        cutByMemory: (mebibytes: number, cycles: string) =>
            `simulation on save stopped at its memory budget (${mebibytes} MiB) after ${cycles} cycles; what it found until then is shown (\`vmdef run\` runs to the end)`,
        cutByMemoryAt: (mebibytes: number, cycles: string, vm: string) =>
            `simulation on save stopped at its memory budget (${mebibytes} MiB) after ${cycles} cycles: VM '${vm}' still running here; what it found until then is shown (\`vmdef run\` runs to the end)`,

        faulted: (vm: string, why: string) => `VM '${vm}' faulted: ${why}`,
        executedFidelityViolation: (vm: string, why: string) => `VM '${vm}' executed it: ${why}`,
        didNotFinish: (vm: string, why: string) => `VM '${vm}' did not finish: ${why} (still running here)`,
        stopped: (vm: string, why: string) => `VM '${vm}' stopped: ${why}`,
        swapping: (vm: string, pages: number) =>
            `memory pressure: VM '${vm}' had ${pages} page(s) swapped in because the host's memory was overcommitted`,
        divergesFromNative: (vm: string, technique: string, what: string, native: string, virtual: string) =>
            `VM '${vm}' diverges from native here under ${technique}: ${what} is ${virtual}, natively ${native} (\`vmdef compare\` shows every technique)`,
    },
    ko: {
        programNotRun: (program) => `프로그램 '${program}'을(를) 실행하는 VM이 없습니다`,
        osNotUsed: (os) => `OS '${os}'을(를) 쓰는 VM도 호스트도 없습니다`,
        deviceNotNamed: (device, hardware) => `'${hardware}'의 장치 '${device}'을(를) 지정한 VM이 없습니다`,

        tooLarge: (cpus, max) =>
            `저장 시 시뮬레이션 생략: 정의에 pCPU와 vCPU가 모두 ${cpus}개로, 저장 시 시뮬레이션하는 한도 ${max}개보다 많습니다 (\`vmdef run\`으로 시뮬레이션하세요)`,
        cutByTime: (seconds, cycles) =>
            `저장 시 시뮬레이션이 ${cycles} 사이클 만에 시간 한도(${seconds}초)에 걸려 멈췄습니다. 그때까지 찾은 것을 표시합니다 (\`vmdef run\`은 끝까지 실행합니다)`,
        cutByTimeAt: (seconds, cycles, vm) =>
            `저장 시 시뮬레이션이 ${cycles} 사이클 만에 시간 한도(${seconds}초)에 걸려 멈췄습니다: VM '${vm}'은(는) 여기서 아직 실행 중이었습니다. 그때까지 찾은 것을 표시합니다 (\`vmdef run\`은 끝까지 실행합니다)`,
        cutByMemory: (mebibytes, cycles) =>
            `저장 시 시뮬레이션이 ${cycles} 사이클 만에 메모리 한도(${mebibytes} MiB)에 걸려 멈췄습니다. 그때까지 찾은 것을 표시합니다 (\`vmdef run\`은 끝까지 실행합니다)`,
        cutByMemoryAt: (mebibytes, cycles, vm) =>
            `저장 시 시뮬레이션이 ${cycles} 사이클 만에 메모리 한도(${mebibytes} MiB)에 걸려 멈췄습니다: VM '${vm}'은(는) 여기서 아직 실행 중이었습니다. 그때까지 찾은 것을 표시합니다 (\`vmdef run\`은 끝까지 실행합니다)`,

        faulted: (vm, why) => `VM '${vm}'에서 폴트 발생: ${why}`,
        executedFidelityViolation: (vm, why) => `VM '${vm}'이(가) 이 명령어를 실행했습니다: ${why}`,
        didNotFinish: (vm, why) => `VM '${vm}'이(가) 끝나지 않았습니다: ${why} (여기서 아직 실행 중)`,
        stopped: (vm, why) => `VM '${vm}'이(가) 멈췄습니다: ${why}`,
        swapping: (vm, pages) =>
            `메모리 압박: 호스트 메모리가 오버커밋되어 VM '${vm}'의 페이지 ${pages}개가 스왑 인되었습니다`,
        divergesFromNative: (vm, technique, what, native, virtual) =>
            `VM '${vm}'이(가) ${technique}에서 여기서 네이티브와 달라집니다: ${what}이(가) ${virtual}, 네이티브에서는 ${native} (\`vmdef compare\`는 모든 기법을 보여 줍니다)`,
    },
});
