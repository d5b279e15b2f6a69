// What the hypervisor keeps to virtualize a VM's page tables (LANGUAGE.md §11), as state cloned
// with the VM: under `shadow`, the shadow tables it built — one per recent `lcr3` root, at most
// `shadows N`, least recently loaded first, each the set of virtual pages it has filled — and
// under `shadow` and `direct` the guest's table pages it write-protects (a directory, or a table
// and the directory slot it serves).
export class ShadowState {
    /** Shadow root (the guest's CR3) -> the virtual pages filled; Map order = least recently loaded first. */
    roots = new Map<number, Set<number>>();
    /** Write-protected guest table pages: guest-physical page -> directory index it serves (-1: a directory). */
    tables = new Map<number, number>();

    clone(): ShadowState {
        const s = new ShadowState();
        for (const [root, filled] of this.roots) s.roots.set(root, new Set(filled));
        s.tables = new Map(this.tables);
        return s;
    }
}
