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
};

const ko: typeof en = {
    badMemoryReference: (reference: string) => `'${reference}'은(는) 이 디버거의 메모리 참조가 아닙니다 (vm:이름:주소 또는 host:이름:주소 형식이어야 합니다)`,
    noSuchMemory: (owner: string) => `이 시뮬레이션에 '${owner}'라는 VM이나 하이퍼바이저가 없습니다`,
    outsideMemory: (address: string, owner: string, bytes: number) => `${address}은(는) ${owner}의 메모리(${bytes}바이트) 밖입니다`,
    pageNotInUse: (owner: string, page: string) => `${owner}의 ${page} 페이지는 아직 쓰인 적이 없습니다: 디버거는 게스트가 사용한 페이지에만 씁니다 (처음 건드리면 시뮬레이션된 머신이 페이지 하나를 쓰게 됩니다)`,
    pauseBeforeMemory: () => '메모리를 쓰기 전에 시뮬레이션을 일시 중지하세요',
    notBase64: () => "'data'가 base64가 아닙니다",
};

export const machineCodeMessages = defineMessages('debugger-machine-code', { en, ko });
