// Memory virtualization's static checks (LANGUAGE.md §11): nested paging needs EPT/NPT, the
// paravirtual MMU needs a paravirtualized guest, and the sizes a real part has.
import type { ValidationAcceptor } from 'langium';
import type { Hardware, Hypervisor } from '../generated/ast.js';
import { hasNestedPaging, MAX_SHADOWS, MAX_TLB_ENTRIES, MAX_WALK_LEVELS, MIN_WALK_LEVELS } from '../paging.js';
import { effectiveTechnique } from '../profiles/settings.js';
import { keywordRange } from './ranges.js';
import { validationMessages as m } from './messages.js';

export function checkHypervisorPaging(hypervisor: Hypervisor, accept: ValidationAcceptor): void {
    const hardware = hypervisor.hardware?.ref;
    if (hypervisor.paging === 'nested' && hardware && !hasNestedPaging(hardware)) {
        accept('error', m.nestedPagingUnavailable(hardware.name),
            { node: hypervisor, range: keywordRange(hypervisor, 'paging', 'paging'), code: 'nested-paging-unavailable' });
    }
    const technique = effectiveTechnique(hypervisor) ?? 'full';
    if (hypervisor.paging === 'direct' && technique !== 'para') {
        accept('error', m.directPagingNeedsPara(technique),
            { node: hypervisor, range: keywordRange(hypervisor, 'paging', 'paging'), code: 'direct-paging-needs-para' });
    }
    if (hypervisor.shadows !== undefined && (hypervisor.shadows < 1 || hypervisor.shadows > MAX_SHADOWS)) {
        accept('error', m.pagingValueOutOfRange('shadows', hypervisor.shadows, 1, MAX_SHADOWS),
            { node: hypervisor, range: keywordRange(hypervisor, 'shadows', 'shadows'), code: 'paging-value-out-of-range' });
    }
}

export function checkHardwarePaging(hardware: Hardware, accept: ValidationAcceptor): void {
    const tlb = hardware.tlb?.entries;
    if (tlb !== undefined && (tlb < 1 || tlb > MAX_TLB_ENTRIES)) {
        accept('error', m.pagingValueOutOfRange('tlb', tlb, 1, MAX_TLB_ENTRIES), { node: hardware.tlb!, code: 'paging-value-out-of-range' });
    }
    const levels = hardware.walk?.levels;
    if (levels !== undefined && (levels < MIN_WALK_LEVELS || levels > MAX_WALK_LEVELS)) {
        accept('error', m.pagingValueOutOfRange('walk levels', levels, MIN_WALK_LEVELS, MAX_WALK_LEVELS),
            { node: hardware.walk!, code: 'paging-value-out-of-range' });
    }
}
