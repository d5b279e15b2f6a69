// A guest kernel that turns paging on, shared by the MMU's tests and the paging modes' tests (a
// test file imported by another would register its tests twice).

/**
 * A unikernel: directory at 0x1000, one table at 0x2000 for 0x00400000–0x007FFFFF, mapping
 * virtual page 0x400 + i to frame 0x10 + i (`pages` of them, flags `flags`), and the table
 * itself at virtual 0x00408000 (so the kernel can edit it with paging on), then `body`.
 */
export function pagedKernel(body: string, pages = 4, flags = 7): string {
    const maps = Array.from({ length: pages }, (_, i) => `store [${0x2000 + 4 * i}], ${(0x10 + i) * 4096 + flags}`).join('\n');
    return `store [0x1004], 0x2007\n${maps}\nstore [0x2020], 0x2003\nlcr3 0x1000\n${body}`;
}
