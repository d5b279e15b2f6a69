// The report's memory section (a VM card's, §11): for each VM that paged, its paging mode, TLB hit
// rate, walk references, faults by kind, shadows built, refusals, and a bar of the cycles that
// came from memory — in English and Korean; nothing for a VM that never turned paging on.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../simulator/report/page.js';
import type { SimulationResult, VmResult } from '../../simulator/result.js';
import { run } from '../simulator/helpers.js';

// a kernel that maps four pages, touches two, rewrites one entry through its table's self-map
const KERNEL = `store [0x1004], 0x2007
store [0x2000], 0x10007
store [0x2004], 0x11007
store [0x2020], 0x2003
lcr3 0x1000
store [0x00400000], 1
store [0x00401000], 2
store [0x00408004], 0x12007
invlpg 0x00401000
load r1, [0x00401000]
hlt`;

const DEFINITION = `hardware box { cpu 2 cores @ 1 GHz memory 1 GiB }
hardware box2 { cpu 2 cores @ 1 GHz memory 1 GiB extensions vtx, ept }
hypervisor shadowed: type1 on box { virtualization full }
hypervisor nested: type1 on box2 { virtualization hardware }
vm s on shadowed { memory 16 MiB run k }
vm n on nested { memory 16 MiB run k }
vm flat on shadowed { memory 16 MiB run plain }
program k {
${KERNEL}
}
program plain { mov r1, 1
hlt }
`;

let result: SimulationResult;
let english: string;
let korean: string;
beforeAll(async () => {
    result = (await run(DEFINITION)).result;
    english = renderReport(result, { files: ['memory.vmdef'] });
    korean = renderReport(result, { files: ['memory.vmdef'], locale: 'ko' });
});

const vmOf = (name: string): VmResult => result.vms.find((v) => v.name === name)!;
function sectionOf(html: string, vm: string): string {
    const match = new RegExp(`<section class="memory" data-memory="${vm}">[\\s\\S]*?</section>`).exec(html);
    if (!match) throw new Error(`no memory section for ${vm}`);
    return match[0];
}
const faultCount = (section: string, kind: string): string => new RegExp(`<tr data-memory-fault="${kind}"><td>[^<]*</td><td class="num">([\\d,]+)<`).exec(section)![1];

describe('the memory section of a VM card', () => {
    it('shadow paging: mode, hit rate, walks, hidden faults, page-table writes, shadows built', () => {
        const s = sectionOf(english, 's');
        const mem = vmOf('s').memory;
        expect(s).toContain('<code data-paging="shadow">shadow</code>');
        const accesses = mem.tlbHits + mem.tlbMisses;
        expect(s).toContain(`${mem.tlbHits} of ${accesses} accesses`);
        expect(s).toContain(`data-tlb-hit-rate="${(mem.tlbHits / accesses).toFixed(4)}"`);
        expect(s).toContain(`data-walk-refs="${mem.walkRefs}"`);
        expect(mem.hiddenPageFaults).toBe(4);
        expect(faultCount(s, 'hidden')).toBe('4');
        expect(faultCount(s, 'pte')).toBe('1');
        expect(faultCount(s, 'ept')).toBe('0');
        expect(s).toContain('data-shadows-built="1"');
        // the bar: the hypervisor's paging work and the walks, as the result counts them
        expect(mem.pagingCycles).toBeGreaterThan(0);
        expect(s).toContain(`data-memory-cycles="paging" data-cycles="${mem.pagingCycles}"`);
        expect(s).toContain(`data-memory-cycles="walks" data-cycles="${mem.walkCycles}"`);
        expect(s).toContain('the hypervisor&#39;s paging work: 6,290 cycles');
    });

    it('nested paging: EPT violations, no hidden faults, no shadows', () => {
        const s = sectionOf(english, 'n');
        const mem = vmOf('n').memory;
        expect(s).toContain('<code data-paging="nested">nested</code>');
        expect(faultCount(s, 'hidden')).toBe('0');
        expect(faultCount(s, 'pte')).toBe('0');
        expect(faultCount(s, 'ept')).toBe(String(mem.eptViolations));
        expect(mem.eptViolations).toBeGreaterThan(0);
        expect(s).not.toContain('data-shadows-built');
        // 8 references a walk
        expect(mem.walkRefs).toBe(8 * mem.tlbMisses);
    });

    it('is absent for a VM that never turned paging on', () => {
        expect(english).not.toContain('data-memory="flat"');
    });

    it('in Korean: the same figures, the words in Korean', () => {
        const en = sectionOf(english, 's');
        const ko = sectionOf(korean, 's');
        expect(ko).toContain('메모리 가상화');
        expect(ko).toContain('TLB 적중률');
        expect(ko).toContain('히든 페이지 폴트');
        expect(ko).toContain('하이퍼바이저의 페이징 작업');
        expect(ko).not.toContain('Memory virtualization');
        const data = (html: string) => [...html.matchAll(/ data-[\w-]+="[^"]*"/g)].map((match) => match[0]);
        expect(data(ko)).toEqual(data(en));
    });
});
