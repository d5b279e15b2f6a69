// What the hypervisor keeps to virtualize a VM's page tables (LANGUAGE.md §11), as state cloned
// with the VM: under `shadow`, the shadow tables it built — one per recent `lcr3` root, at most
// `shadows N`, least recently loaded first, each the set of virtual pages it has filled — and
// under `shadow` and `direct` the guest's table pages it write-protects (a directory, or a table
// and the directory slot it serves).
//
// Both maps are the shared empty one (shared-empty.ts) until the VM's paging puts something in
// them: most VMs never turn paging on. Writers take them with `ownRoots` / `ownTables`.
import { copyMap, ownMap, sharedEmptyMap } from './shared-empty.js';

export class ShadowState {
    /** Shadow root (the guest's CR3) -> the virtual pages filled; Map order = least recently loaded first. */
    roots = sharedEmptyMap<number, Set<number>>();
    /** Write-protected guest table pages: guest-physical page -> directory index it serves (-1: a directory). */
    tables = sharedEmptyMap<number, number>();

    /** `roots`, to add to. */
    ownRoots(): Map<number, Set<number>> {
        return (this.roots = ownMap(this.roots));
    }

    /** `tables`, to add to. */
    ownTables(): Map<number, number> {
        return (this.tables = ownMap(this.tables));
    }

    clone(): ShadowState {
        const s = new ShadowState();
        for (const [root, filled] of this.roots) s.ownRoots().set(root, new Set(filled));
        s.tables = copyMap(this.tables);
        return s;
    }
}
