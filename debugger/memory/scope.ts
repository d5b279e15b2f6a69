// The Memory scope of a stopped vCPU (LANGUAGE.md §11): its paging mode and CR3, the TLB of its
// pCPU as it sees it (virtual page → frame, bits), what the hypervisor keeps (shadow roots,
// write-protected table pages), the VM's memory counters, and — when the stop is in the
// monitor's paging handler (simulator/machine/paging-exits.ts) — its work with the walk of its address. Read only, like walk.ts.
import type { Simulation } from '../../simulator/engine.js';
import { FRAME_MASK } from '../../simulator/tlb.js';
import { group, leaf, type VarNode } from '../var-node.js';
import { memoryMessages as mm } from './messages.js';
import { flagsText, hex, translation } from './walk.js';
import { shownWork } from './work.js';

const COUNTERS = ['tlbHits', 'tlbMisses', 'walkRefs', 'guestPageFaults', 'hiddenPageFaults', 'pteWrites', 'eptViolations', 'shadowsBuilt', 'refused'] as const;

export function memoryScope(sim: Simulation, vcpuId: number): VarNode[] {
    const v = sim.state.vcpus[vcpuId];
    if (!v) return [];
    const vm = sim.state.vms[v.vm];
    const paging = sim.machine.hosts[vm.model.host.index].paging;
    const capacity = sim.machine.hosts[vm.model.host.index].tlbEntries;
    const mode = !v.paging ? mm.pagingOff() : paging === 'native' ? mm.nativeMode() : mm.pagingMode(paging);
    const entries = [...v.tlb.entries].map(([vpn, entry]) => leaf(hex(vpn << 12), entry >>> 0, `→ ${hex(entry & FRAME_MASK)} ${flagsText(entry)}`));
    const pcpu = v.pcpu >= 0 ? `pcpu${sim.state.pcpus[v.pcpu].index}` : mm.noPcpu();
    const nodes: VarNode[] = [
        leaf('paging', v.paging ? paging : 'off', mode),
        leaf('cr3', v.cr3 >>> 0, hex(v.cr3)),
        group('tlb', entries, mm.tlbOf(entries.length, capacity, pcpu)),
    ];
    if (paging === 'shadow') {
        const filled = vm.shadow.roots.get(v.cr3)?.size ?? 0;
        nodes.push(leaf('shadow_roots', vm.shadow.roots.size, mm.shadowRoots(vm.shadow.roots.size, filled)));
    }
    if (paging === 'shadow' || paging === 'direct') nodes.push(leaf('protected_tables', vm.shadow.tables.size, mm.protectedTables(vm.shadow.tables.size)));
    const counters = COUNTERS.map((name) => leaf(name, vm.mem[name]));
    nodes.push(group('counters', counters, mm.countersSummary(vm.mem.tlbHits, vm.mem.tlbMisses, vm.mem.guestPageFaults + vm.mem.hiddenPageFaults)));
    // stopped in a paging handler of the monitor: its work, and the walk of a virtual address
    const shown = shownWork(v);
    if (shown) {
        const work = [leaf('what', shown.name), leaf('address', hex(shown.address))];
        if (shown.virtual) work.push(translation(sim, vcpuId, shown.address));
        nodes.push(group('work', work, shown.name));
    }
    return nodes;
}
