// Every line the command line writes for people, in English and Korean (l10n/catalog.ts). JSON
// output, option names, codes and the `vmdef:` prefix stay as they are in every language.
import { defineMessages } from '../l10n/catalog.js';

/** The synopsis lines; `usage:` / `사용법:` is added by `usage` below. */
const SYNOPSIS = {
    check: 'vmdef check [--format text|json] [--lang ko|en] FILE...',
    run: 'vmdef run [--json] [--trace] [--explain] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact] [--lang ko|en] FILE...',
    report: 'vmdef report [-o FILE.html] [--theme auto|light|dark] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact] [--lang ko|en] FILE...',
    test: 'vmdef test [--json] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact] [--lang ko|en] FILE...',
    compare: 'vmdef compare --vm NAME [--under full,binary,...] [--json] [--strict-timing] [--lang ko|en] FILE...',
    help: 'vmdef COMMAND --help',
};

/** `label` then the synopses, the later ones indented under the first (Hangul is two columns wide). */
function usage(label: string, width: number): string {
    const lines = [SYNOPSIS.check, SYNOPSIS.run, SYNOPSIS.report, SYNOPSIS.test, SYNOPSIS.compare, SYNOPSIS.help];
    return lines.map((line, i) => (i === 0 ? `${label} ${line}` : ' '.repeat(width + 1) + line)).join('\n');
}

const enFiles = `FILE... are .vmdef files or directories (a directory stands for every .vmdef file below it);
the files of one folder are one system, each folder a separate one; a file named twice is read once.`;
const enSimulation = `  --max-cycles N        stop VMs still running after N host cycles (status limit; default 10^9)
  --cost-preset NAME    cost preset of hypervisors that name none (modern, p4_2006)
  --engine fast|exact   the translating engine (default) or the reference interpreter: same results
  --lang ko|en          the language of the summary and messages (--json keys stay English)`;
const enExit = 'Exit codes: 0 done, 1 the definition has errors, 2 bad usage or unusable input, 3 internal error.';

const en = {
    usage: () => usage('usage:', 6),
    unknownCommand: (name: string) => `unknown command '${name}'`,
    internalError: (message: string) => `internal error: ${message}`,
    unknownOption: (option: string) => `unknown option ${option}`,
    takesNoValue: (option: string) => `${option} takes no value`,
    needsValue: (option: string) => `${option} needs a value`,
    needsFile: (command: string) => `${command} needs at least one FILE`,
    separateSystems: (command: string, count: number, folders: string) =>
        `${command}: these files are ${count} separate systems, one per folder (${folders}); ${command} one folder at a time`,
    needsPositive: (option: string, text: string) => `${option} needs a positive whole number, not '${text}'`,
    notOneOf: (option: string, choices: string, text: string) => `${option} is ${choices}, not '${text}'`,
    /** The last two of a list of choices: `fast or exact`. */
    orList: (first: string, last: string) => `${first} or ${last}`,

    checkSummary: (files: number, errors: number, warnings: number) =>
        `checked ${files} file${files === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,

    columnVm: () => 'vm',
    columnHypervisor: () => 'hypervisor',
    columnStatus: () => 'status',
    columnInstructions: () => 'instructions',
    columnGuest: () => 'guest',
    columnKernel: () => 'kernel',
    columnHost: () => 'host',
    columnWaiting: () => 'waiting',
    columnTotal: () => 'total (all vCPUs)',
    columnExits: () => 'exits',
    /** The hypervisor column of a native VM: no hypervisor, its hardware. */
    nativeOn: (hardware: string) => `native on ${hardware}`,
    statusHalted: () => 'halted',
    statusFaulted: () => 'faulted',
    statusHostFailed: () => 'host-failed',
    statusLimit: () => 'limit',
    stoppedAt: (vm: string, reason: string, at: string) => `${vm}: ${reason} at ${at}`,
    stopped: (vm: string, reason: string) => `${vm}: ${reason}`,
    fidelityViolations: (vm: string, count: number) => `${vm}: ${count} fidelity violation(s)`,
    hypercalls: (vm: string, counts: string) => `${vm}: hypercalls ${counts}`,
    profile: (hypervisor: string, name: string, title: string, fromProfile: string, written: string) =>
        `${hypervisor}: like ${name} (as ${title}); from the profile: ${fromProfile}; written: ${written}`,
    interrupts: (vm: string, raised: number, delivered: number, lost: number, maxDelay: number) =>
        `${vm}: interrupts raised ${raised}, delivered ${delivered}, lost ${lost}, longest delay ${maxDelay} cycles`,
    faults: (vm: string, counts: string) => `${vm}: exceptions by vector ${counts}`,
    processes: (vm: string, count: number, switches: number) => `${vm}: processes ${count}, context switches ${switches}`,
    swappedPages: (vm: string, count: number) => `${vm}: ${count} page(s) swapped in`,
    memory: (vm: string, paging: string, hitRate: string, misses: number, walkRefs: number, faults: string) =>
        `${vm}: memory (${paging} paging) TLB hit rate ${hitRate}, ${misses} miss(es), ${walkRefs} walk reference(s); ${faults}`,
    memoryFaults: (guest: number, hidden: number, pte: number, ept: number, shadows: number, refused: number) =>
        `page faults ${guest} guest / ${hidden} hidden, PTE writes ${pte}, EPT violations ${ept}, shadows built ${shadows}, refused ${refused}`,
    deviceIo: (vm: string, device: string, path: string, accesses: number, exits: number, bytes: number, perByte: string, refused: number) =>
        `${vm}: ${device} (${path}) ${accesses} access(es), ${exits} exit(s), ${bytes} byte(s), ${perByte} exits/byte${refused ? `, ${refused} DMA request(s) refused` : ''}`,
    consoleDropped: (vm: string, bytes: number, kept: string) =>
        `${vm}: ${bytes} bytes of console output dropped (the result keeps the last ${kept} of each VM's console)`,
    consoleStreamStopped: (vm: string, limit: string) =>
        `vmdef: VM '${vm}' wrote more than ${limit} to its console; the rest is not shown here (see the summary)`,
    worldSwitch: () => 'world switch',
    elapsed: (cycles: number) => `elapsed: ${cycles} host cycles (wall-clock time of the run; a VM's total adds up its vCPUs)`,
    progress: (megacycles: number) => `simulating… ${megacycles} M cycles`,

    outputNoDirectory: (output: string, directory: string) => `${output}: directory ${directory} does not exist`,
    outputIsInput: (output: string) => `${output}: is an input file; refusing to write the report over it (choose another -o)`,
    outputIsDirectory: (output: string) => `${output}: is a directory; name a file with -o`,
    outputCannotWrite: (output: string, code: string) => `${output}: cannot write (${code})`,

    help: () => `vmdef — check, simulate and report on .vmdef hypervisor definitions.

${en.usage()}

Commands:
  check    print the diagnostics of the files (file:line:column: severity code: message)
  run      simulate every VM: console output, then a summary per VM
  report   simulate and write one self-contained HTML report
  test     simulate and check the VMs' expect lines: pass or fail, with the measured value
  compare  run a VM's guest natively and under each technique; stop at the first divergence

${enFiles}
  --lang ko|en          the language of messages (default: from LC_ALL, LC_MESSAGES or LANG)
${enExit}
`,
    helpCheck: () => `usage: ${SYNOPSIS.check}

Prints every diagnostic of the files, then one summary line (files, errors, warnings).
  --format text|json    text (default) or a JSON array of diagnostics only (--json is the same)
  --lang ko|en          the language of messages (JSON keys and codes stay English)

${enFiles}
Exit codes: 0 no errors, 1 errors, 2 bad usage or unusable input, 3 internal error.
`,
    helpRun: () => `usage: ${SYNOPSIS.run}

Simulates every VM of the files: the guests' console output as it is written (prefixed \`vm| \`
when there are several VMs), then a table per VM. A file with errors prints its diagnostics.
  --json                one JSON object with the whole result instead
  --trace               every layer transition, with its cycle time
  --explain             the same in plain language: who executes what in which mode, and why it
                        enters the kernel or the hypervisor, at what cost (at most 1,000 lines)
${enSimulation}

${enFiles}
${enExit}
`,
    helpReport: () => `usage: ${SYNOPSIS.report}

Simulates the files and writes one self-contained HTML report; prints the path it wrote.
  -o, --output FILE     where to write (default: next to the first input, its name with .html);
                        never one of the inputs
  --theme auto|light|dark   colours (auto follows the viewer's preference)
${enSimulation}

${enFiles}
${enExit}
`,
    helpTest: () => `usage: ${SYNOPSIS.test}

Simulates each folder of the files that has expect lines (a lab's checks, docs/language.md) and
prints one line per expectation: pass, fail or not evaluated, with the measured value; then a
summary. A file with errors prints its errors; a folder without expect lines is named.
  --json                one JSON object instead: passed, failed, notEvaluated, expectations
                        (file, line, column, vm, expect, verdict, measured, message), diagnostics
${enSimulation}

${enFiles}
Exit codes: 0 every expectation passed (or was not evaluated), 1 one failed, a file has errors or
there was no expect line, 2 bad usage or unusable input, 3 internal error.
`,
};

const koFiles = `FILE...은 .vmdef 파일이나 디렉터리입니다(디렉터리는 그 아래의 모든 .vmdef 파일을 뜻합니다).
한 폴더의 파일들이 하나의 시스템이고 폴더마다 별개의 시스템이며, 두 번 적은 파일은 한 번만 읽습니다.`;
const koSimulation = `  --max-cycles N        호스트 사이클 N이 지난 뒤에도 실행 중인 VM을 멈춤 (상태 limit, 기본값 10^9)
  --cost-preset NAME    costs를 지정하지 않은 하이퍼바이저의 비용 프리셋 (modern, p4_2006)
  --engine fast|exact   바이너리 변환 엔진(기본값) 또는 기준 인터프리터: 결과는 같음
  --lang ko|en          요약과 메시지의 언어 (--json의 키는 영어 그대로)`;
const koExit = '종료 코드: 0 완료, 1 정의에 오류 있음, 2 잘못된 사용법 또는 사용할 수 없는 입력, 3 내부 오류.';

const ko: typeof en = {
    usage: () => usage('사용법:', 7),
    unknownCommand: (name) => `알 수 없는 명령 '${name}'`,
    internalError: (message) => `내부 오류: ${message}`,
    unknownOption: (option) => `알 수 없는 옵션 ${option}`,
    takesNoValue: (option) => `${option} 옵션은 값을 받지 않습니다`,
    needsValue: (option) => `${option} 옵션에 값이 필요합니다`,
    needsFile: (command) => `${command} 명령에는 FILE이 하나 이상 필요합니다`,
    separateSystems: (command, count, folders) =>
        `${command}: 이 파일들은 폴더마다 하나씩인 별개의 시스템 ${count}개입니다(${folders}). 한 번에 한 폴더씩 ${command} 하세요`,
    needsPositive: (option, text) => `${option} 옵션에는 양의 정수가 필요합니다 ('${text}'은(는) 쓸 수 없음)`,
    notOneOf: (option, choices, text) => `${option} 옵션의 값은 ${choices} 중 하나입니다 ('${text}'은(는) 쓸 수 없음)`,
    orList: (first, last) => `${first}, ${last}`,

    checkSummary: (files, errors, warnings) => `파일 ${files}개 검사: 오류 ${errors}개, 경고 ${warnings}개`,

    columnVm: () => 'VM',
    columnHypervisor: () => '하이퍼바이저',
    columnStatus: () => '상태',
    columnInstructions: () => '명령어 수',
    columnGuest: () => '게스트',
    columnKernel: () => '게스트 커널',
    columnHost: () => '호스트 OS',
    columnWaiting: () => '대기',
    columnTotal: () => '합계(전체 vCPU)',
    columnExits: () => 'exit/트랩',
    nativeOn: (hardware) => `${hardware}에서 네이티브`,
    statusHalted: () => '정상 종료',
    statusFaulted: () => '폴트',
    statusHostFailed: () => '호스트 장애',
    statusLimit: () => '사이클 한도',
    stoppedAt: (vm, reason, at) => `${vm}: ${reason} (위치 ${at})`,
    stopped: (vm, reason) => `${vm}: ${reason}`,
    fidelityViolations: (vm, count) => `${vm}: 충실성(fidelity) 위반 ${count}건`,
    hypercalls: (vm, counts) => `${vm}: 하이퍼콜 ${counts}`,
    profile: (hypervisor, name, title, fromProfile, written) =>
        `${hypervisor}: like ${name} (${title} 방식); 프로파일에서: ${fromProfile}; 직접 작성: ${written}`,
    interrupts: (vm, raised, delivered, lost, maxDelay) =>
        `${vm}: 인터럽트 발생 ${raised}, 전달 ${delivered}, 유실 ${lost}, 최대 지연 ${maxDelay}사이클`,
    faults: (vm, counts) => `${vm}: 벡터별 예외 ${counts}`,
    processes: (vm, count, switches) => `${vm}: 프로세스 ${count}개, 문맥 교환 ${switches}번`,
    swappedPages: (vm, count) => `${vm}: 스왑 인된 페이지 ${count}개`,
    memory: (vm, paging, hitRate, misses, walkRefs, faults) =>
        `${vm}: 메모리 (${paging} 페이징) TLB 적중률 ${hitRate}, 미스 ${misses}회, 페이지 워크 메모리 참조 ${walkRefs}회; ${faults}`,
    memoryFaults: (guest, hidden, pte, ept, shadows, refused) =>
        `페이지 폴트 게스트 ${guest} / 히든 ${hidden}, PTE 쓰기 ${pte}, EPT 위반 ${ept}, 만든 섀도 테이블 ${shadows}, 거부 ${refused}`,
    deviceIo: (vm, device, path, accesses, exits, bytes, perByte, refused) =>
        `${vm}: ${device} (${path}) 접근 ${accesses}회, exit ${exits}회, ${bytes}바이트, 바이트당 exit ${perByte}${refused ? `, 거부된 DMA 요청 ${refused}건` : ''}`,
    consoleDropped: (vm, bytes, kept) => `${vm}: 콘솔 출력 ${bytes}바이트를 버림 (결과에는 VM마다 콘솔의 마지막 ${kept}만 남김)`,
    consoleStreamStopped: (vm, limit) => `vmdef: VM '${vm}'의 콘솔 출력이 ${limit}를 넘어 나머지는 여기에 표시하지 않음 (요약 참고)`,
    worldSwitch: () => '월드 스위치',
    elapsed: (cycles) => `경과 시간: 호스트 사이클 ${cycles} (실행의 벽시계 시간. VM별 합계는 그 VM의 vCPU 사이클을 모두 더한 값)`,
    progress: (megacycles) => `시뮬레이션 중… ${megacycles}M 사이클`,

    outputNoDirectory: (output, directory) => `${output}: 디렉터리 ${directory}이(가) 없습니다`,
    outputIsInput: (output) => `${output}: 입력 파일입니다. 입력 파일 위에 보고서를 덮어쓰지 않습니다 (-o로 다른 파일을 지정하세요)`,
    outputIsDirectory: (output) => `${output}: 디렉터리입니다. -o로 파일 이름을 지정하세요`,
    outputCannotWrite: (output, code) => `${output}: 쓸 수 없습니다 (${code})`,

    help: () => `vmdef — .vmdef 하이퍼바이저 정의를 검사하고, 시뮬레이션하고, 보고서로 만듭니다.

${ko.usage()}

명령:
  check    파일의 진단을 출력 (file:line:column: severity code: message)
  run      모든 가상 머신(VM)을 시뮬레이션: 콘솔 출력 다음에 VM별 요약
  report   시뮬레이션하고 독립 실행형 HTML 보고서 한 개를 작성
  test     시뮬레이션하고 VM의 expect 줄을 검사: 통과/실패와 측정값
  compare  VM의 게스트를 네이티브와 각 기법으로 실행하고 처음 달라지는 곳에서 멈춤

${koFiles}
  --lang ko|en          메시지 언어 (기본값: LC_ALL, LC_MESSAGES, LANG 순으로 결정)
${koExit}
`,
    helpCheck: () => `사용법: ${SYNOPSIS.check}

파일의 진단을 모두 출력한 다음, 요약 한 줄(파일, 오류, 경고 개수)을 출력합니다.
  --format text|json    text(기본값) 또는 진단만 담은 JSON 배열 (--json과 같음)
  --lang ko|en          메시지 언어 (JSON의 키와 코드는 영어 그대로)

${koFiles}
종료 코드: 0 오류 없음, 1 오류 있음, 2 잘못된 사용법 또는 사용할 수 없는 입력, 3 내부 오류.
`,
    helpRun: () => `사용법: ${SYNOPSIS.run}

파일에 정의된 모든 VM을 시뮬레이션합니다. 게스트의 콘솔 출력을 쓰이는 대로 보여 주고(VM이 여럿이면
각 줄 앞에 \`vm| \`), 이어서 VM별 표를 출력합니다. 오류가 있는 파일은 진단을 출력합니다.
  --json                대신 전체 결과를 JSON 객체 하나로 출력
  --trace               계층 전환(시스템 콜, 트랩, VM exit, 하이퍼콜, 월드 스위치)을 사이클 시각과 함께 출력
  --explain             같은 내용을 쉬운 말로: 누가 어떤 모드에서 무엇을 실행하고, 왜 커널이나
                        하이퍼바이저로 들어가며 비용이 얼마인지 (최대 1,000줄)
${koSimulation}

${koFiles}
${koExit}
`,
    helpReport: () => `사용법: ${SYNOPSIS.report}

파일을 시뮬레이션하고 독립 실행형 HTML 보고서 한 개를 작성한 뒤, 작성한 경로를 출력합니다.
  -o, --output FILE     저장할 위치 (기본값: 첫 번째 입력 파일 옆, 확장자만 .html로 바꾼 이름).
                        입력 파일 위에는 절대 쓰지 않음
  --theme auto|light|dark   색상 (auto는 보는 사람의 설정을 따름)
${koSimulation}

${koFiles}
${koExit}
`,
    helpTest: () => `사용법: ${SYNOPSIS.test}

파일의 폴더 가운데 expect 줄이 있는 폴더마다 시뮬레이션하고(실습의 검사 항목, docs/language.md),
기대값마다 통과, 실패, 평가 안 함을 측정값과 함께 한 줄씩 출력한 뒤 요약을 출력합니다. 오류가 있는
파일은 오류를 출력하고, expect 줄이 없는 폴더는 그 이름을 알려 줍니다.
  --json                대신 JSON 객체 하나로 출력: passed, failed, notEvaluated, expectations
                        (file, line, column, vm, expect, verdict, measured, message), diagnostics
${koSimulation}

${koFiles}
종료 코드: 0 모든 기대값 통과(또는 평가 안 함), 1 실패한 기대값, 오류가 있는 파일 또는 expect 줄 없음,
2 잘못된 사용법 또는 사용할 수 없는 입력, 3 내부 오류.
`,
};

export const cliMessages = defineMessages('cli', { en, ko });
