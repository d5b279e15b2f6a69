// The monitors' paging handlers (LANGUAGE.md §11, stdlib/monitors.vmdef): the MMU enters them like
// any trap, callout or VM exit — a hidden page fault, a store to a write-protected guest table, a
// first touch under nested paging — they run their `hw` commands, and the access runs again.
// Checked on the frames entered (the listener's transitions), per technique, on both engines.
import { describe, expect, it } from 'vitest';
import type { Transition } from '../../simulator/engine.js';
import { box, run, vm } from '../simulator/helpers.js';

/**
 * A kernel whose directory (0x1000) maps virtual 0x00400000 to frame 0x10 and its own table
 * (0x2000) at 0x00408000; it stores to the page (a hidden fault under shadow), edits a table
 * entry through the self-map (a table store), reads the page back and halts.
 */
const BODY = `store [0x1004], 0x2007
store [0x2000], 0x10007
store [0x2020], 0x2003
lcr3 0x1000
store [0x00400000], 5
store [0x00408004], 0x11007
load r1, [0x00400000]
out com1, r1
hlt`;

function system(technique: string, hw = ''): string {
    const ext = technique === 'hardware' ? `extensions vtx${hw}` : '';
    return `${box(technique, '', ext)}vm t on hv { memory 16 MiB devices com1 run p }\nprogram p {\n${BODY}\n}\n`;
}

async function entered(technique: string, engine: 'exact' | 'fast', hw = ''): Promise<{ names: string[]; console: string; entry: number }> {
    const names: string[] = [];
    const { sim, result } = await run(system(technique, hw), { engine, listener: { transition: (t: Transition) => { if (t.direction === 'enter') names.push(t.name); } } });
    return { names, console: vm(result, 't').console, entry: sim.state.vms[0].memory.read(0x2004) };
}

describe.each(['exact', 'fast'] as const)('paging handlers (%s engine)', (engine) => {
    it.each([
        ['full', '', ['trap page_fault', 'hw shadow_fill', 'trap pte_write', 'hw pte_decode', 'hw shadow_update']],
        ['binary', '', ['trap page_fault', 'hw shadow_fill', 'callout pte_write', 'hw shadow_update']],
        ['hardware', '', ['VM exit 0 EXCEPTION_NMI_PAGE_FAULT', 'hw shadow_fill', 'VM exit 0 EXCEPTION_NMI_PTE_WRITE', 'hw pte_decode', 'hw shadow_update']],
        ['hardware', ', ept', ['VM exit 48 EPT_VIOLATION', 'hw ept_map']],
    ])('%s%s: the handlers and their commands', async (technique, hw, expected) => {
        const { names, console, entry } = await entered(technique, engine, hw);
        // the stores that entered a handler completed when they ran again: the page's, the table entry's
        expect(console).toBe('5\n');
        expect(entry).toBe(0x11007);
        const paging = names.filter((n) => expected.includes(n));
        for (const name of expected) expect(paging, name).toContain(name);
        // every command runs inside the handler that issued it: a handler comes first
        expect(expected).toContain(paging[0]);
        expect(paging[0].startsWith('hw ')).toBe(false);
    });
});
