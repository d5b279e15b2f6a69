// The words of the debugger's view of guest paging, in English and Korean (l10n/catalog.ts): the
// stop descriptions of the monitor's work on memory, the frame that shows it, the Memory scope
// and the walk `translate(address)` shows. Names of variables stay English (`tlb`, `cr3`).
import { defineMessages } from '../../l10n/catalog.js';

const en = {
    // ------------------------------------------------------------ the monitor's work (stop descriptions)
    hiddenFill: (address: string) => `hidden page fault at ${address}: shadow miss → fill`,
    hiddenTrue: (address: string, handler: string) => `hidden page fault at ${address}: the guest's tables say fault → true page fault, injected into ${handler}`,
    trueFault: (handler: string) => `true page fault → injected into ${handler}`,
    pageFaultFirst: (address: string) => ` — page fault at ${address}: the hypervisor takes it first and reflects it to the guest kernel`,
    guestFault: (handler: string) => `page fault → ${handler} (no hypervisor on the way)`,
    pteWrite: (address: string, physical: string, via: string) => `page-table store at ${address} (guest-physical ${physical}): ${via} → the monitor drops the shadow entry it changes`,
    viaTrap: () => 'trap',
    viaExit: () => 'VM exit pte',
    viaCallout: () => 'callout (translated code)',
    eptViolation: (name: string, gpa: string) => `${name} violation gpa ${gpa}: the host backs the page`,
    mmuValidated: (entry: string, value: string) => `mmu_update validated: [${entry}] ← ${value}`,
    mmuRefused: (entry: string, value: string) => `mmu_update refused: [${entry}] ← ${value} names memory outside the VM (r0 = -1)`,
    interruptTable: () => "the guest kernel's interrupt table",

    // ------------------------------------------------------------ the Memory scope
    scopeMemory: () => 'Memory',
    pagingOff: () => 'off: addresses are guest-physical (no lcr3 yet)',
    pagingMode: (mode: string) => `${mode} paging`,
    nativeMode: () => 'native (no hypervisor)',
    tlbOf: (entries: number, capacity: number, pcpu: string) => `${entries} of ${capacity} entries (${pcpu})`,
    noPcpu: () => 'not on a pCPU',
    shadowRoots: (roots: number, filled: number) => `${roots} shadow roots; the current one has ${filled} pages filled`,
    protectedTables: (count: number) => `${count} guest table pages write-protected`,
    countersSummary: (hits: number, misses: number, faults: number) => `TLB ${hits} hits, ${misses} misses; ${faults} page faults`,

    // ------------------------------------------------------------ translate(address)
    translateUsage: () => 'translate(ADDRESS): a virtual address, e.g. translate(0x400123)',
    walkPagingOff: (address: string) => `${address} (paging off: guest-physical)`,
    walkFault: (why: string) => `page fault (${why})`,
    walkRefused: (address: string) => `refused: ${address} is outside the VM's memory`,
    notPresent: () => 'not present',
    guestPhysical: (address: string) => `guest-physical ${address}`,
    tlbHit: (entry: string) => `in the TLB: ${entry} (no walk)`,
    tlbMiss: (refs: number) => `not in the TLB: a miss walks ${refs} memory references`,
    eptBacked: (page: string) => `guest-physical page ${page} is backed by host memory`,
    eptUnbacked: (page: string, name: string) => `guest-physical page ${page} is not backed yet: its first touch is an ${name} violation`,
    eptWalk: (refs: number) => `two-dimensional walk: every guest table reference goes through the nested table (${refs} references)`,
    shadowFilled: (frame: string) => `filled: → ${frame}, as the guest's entry`,
    shadowEmpty: () => 'absent: a TLB miss here is a hidden page fault',
    shadowNoRoot: () => 'no shadow for this CR3 yet',
    tableProtected: () => 'write-protected: a store to it goes to the monitor',
    tableOpen: () => 'not write-protected (the monitor has not walked it)',
    directTable: () => 'read-only to the guest: changed with mmu_update',
};

const ko: typeof en = {
    hiddenFill: (address) => `${address}에서 숨은 페이지 폴트: 섀도 미스 → 채움`,
    hiddenTrue: (address, handler) => `${address}에서 숨은 페이지 폴트: 게스트 페이지 테이블이 폴트라고 함 → 진짜 페이지 폴트, ${handler}에 주입`,
    trueFault: (handler) => `진짜 페이지 폴트 → ${handler}에 주입`,
    pageFaultFirst: (address) => ` — ${address}에서 페이지 폴트: 하이퍼바이저가 먼저 받아 게스트 커널로 넘김`,
    guestFault: (handler) => `페이지 폴트 → ${handler} (하이퍼바이저를 거치지 않음)`,
    pteWrite: (address, physical, via) => `${address}의 페이지 테이블 쓰기 (게스트 물리 ${physical}): ${via} → 모니터가 바뀐 섀도 엔트리를 버림`,
    viaTrap: () => '트랩',
    viaExit: () => 'VM 종료 pte',
    viaCallout: () => '콜아웃 (변환된 코드)',
    eptViolation: (name, gpa) => `${name} 위반 gpa ${gpa}: 호스트가 페이지를 할당함`,
    mmuValidated: (entry, value) => `mmu_update 검증 통과: [${entry}] ← ${value}`,
    mmuRefused: (entry, value) => `mmu_update 거부: [${entry}] ← ${value}이(가) VM 밖의 메모리를 가리킴 (r0 = -1)`,
    interruptTable: () => '게스트 커널의 인터럽트 테이블',

    scopeMemory: () => '메모리',
    pagingOff: () => '꺼짐: 주소가 게스트 물리 주소 (아직 lcr3 없음)',
    pagingMode: (mode) => `${mode} 페이징`,
    nativeMode: () => '네이티브 (하이퍼바이저 없음)',
    tlbOf: (entries, capacity, pcpu) => `엔트리 ${capacity}개 중 ${entries}개 (${pcpu})`,
    noPcpu: () => 'pCPU에 올라가 있지 않음',
    shadowRoots: (roots, filled) => `섀도 루트 ${roots}개; 현재 루트는 페이지 ${filled}개를 채움`,
    protectedTables: (count) => `쓰기 보호된 게스트 테이블 페이지 ${count}개`,
    countersSummary: (hits, misses, faults) => `TLB 히트 ${hits}, 미스 ${misses}; 페이지 폴트 ${faults}`,

    translateUsage: () => 'translate(주소): 가상 주소, 예: translate(0x400123)',
    walkPagingOff: (address) => `${address} (페이징 꺼짐: 게스트 물리 주소)`,
    walkFault: (why) => `페이지 폴트 (${why})`,
    walkRefused: (address) => `거부: ${address}은(는) VM 메모리 밖`,
    notPresent: () => '없음',
    guestPhysical: (address) => `게스트 물리 ${address}`,
    tlbHit: (entry) => `TLB에 있음: ${entry} (워크 없음)`,
    tlbMiss: (refs) => `TLB에 없음: 미스가 나면 메모리 참조 ${refs}번을 워크함`,
    eptBacked: (page) => `게스트 물리 페이지 ${page}은(는) 호스트 메모리가 받침`,
    eptUnbacked: (page, name) => `게스트 물리 페이지 ${page}은(는) 아직 할당 전: 처음 접근하면 ${name} 위반`,
    eptWalk: (refs) => `2차원 워크: 게스트 테이블 참조마다 중첩 페이지 테이블을 거침 (참조 ${refs}번)`,
    shadowFilled: (frame) => `채워짐: → ${frame}, 게스트 엔트리와 같음`,
    shadowEmpty: () => '없음: 여기서 TLB 미스가 나면 숨은 페이지 폴트',
    shadowNoRoot: () => '이 CR3의 섀도가 아직 없음',
    tableProtected: () => '쓰기 보호됨: 쓰면 모니터로 감',
    tableOpen: () => '쓰기 보호 안 됨 (모니터가 아직 워크하지 않음)',
    directTable: () => '게스트에게는 읽기 전용: mmu_update로 바꿈',
};

export const memoryMessages = defineMessages('debugger-memory', { en, ko });
