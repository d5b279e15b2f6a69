// Memory virtualization's defaults (LANGUAGE.md §11), read by the validator and the simulator's
// model alike: which paging a hypervisor uses when it names none, the TLB's size, the walk's depth.
import type { Hardware, Hypervisor } from './generated/ast.js';
import { effectiveTechnique } from './profiles/settings.js';

/** How the hypervisor virtualizes the guest's page tables; `native` for a VM on bare metal. */
export type PagingMode = 'shadow' | 'nested' | 'direct' | 'native';

/** `tlb N entries` when the hardware says nothing (per pCPU). */
export const DEFAULT_TLB_ENTRIES = 64;
/** The guest's tables are two-level (32-bit x86 without PAE); `walk levels 4` models x86-64's cost. */
export const GUEST_LEVELS = 2;
/** `shadows N` when the hypervisor says nothing: shadow roots kept for recent `lcr3` targets. */
export const DEFAULT_SHADOWS = 4;
/** Bounds of `tlb N entries`, `walk levels N` and `shadows N` (a real part has these). */
export const MAX_TLB_ENTRIES = 4096;
export const MIN_WALK_LEVELS = 2;
export const MAX_WALK_LEVELS = 5;
export const MAX_SHADOWS = 64;

/** The hardware has nested paging (Intel EPT or AMD NPT). */
export function hasNestedPaging(hardware: Hardware | undefined): boolean {
    return hardware?.extensions.some((e) => e === 'ept' || e === 'npt') ?? false;
}

/** The hardware tags its TLB entries (VPID or ASID): exits and world switches do not flush it. */
export function hasTaggedTlb(hardware: Hardware | undefined): boolean {
    return hardware?.extensions.some((e) => e === 'vpid' || e === 'asid') ?? false;
}

/**
 * The paging a hypervisor uses: its `paging`, else by technique — `full` and `binary` shadow,
 * `hardware` nested with EPT/NPT (shadow without: first-generation VT-x), `para` direct. The
 * technique may come from the hypervisor's profile (`like hyperv`).
 */
export function pagingOf(hypervisor: Hypervisor): PagingMode {
    if (hypervisor.paging) return hypervisor.paging as PagingMode;
    switch (effectiveTechnique(hypervisor) ?? 'full') {
        case 'para': return 'direct';
        case 'hardware': return hasNestedPaging(hypervisor.hardware?.ref) ? 'nested' : 'shadow';
        default: return 'shadow';
    }
}
