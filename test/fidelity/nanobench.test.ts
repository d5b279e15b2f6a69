// LANGUAGE.md §14 under `costs p4_2006`: every row's figures within ±25% of Adams & Agesen 2006
// (those the paper does not mark ≈), every ordering between columns exact, both engines alike,
// and the README's table the one measured here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { fidelityTable, measure, PAPER_COLUMNS, ROWS, TURNS, type Measured, type Row } from './nanobench.js';

const measured = new Map<Row, Measured>();

beforeAll(async () => {
    for (const row of ROWS) {
        const exact = await measure(row, 'exact');
        const fast = await measure(row, 'fast');
        // the two engines agree cycle for cycle
        expect(fast, row.name).toEqual(exact);
        measured.set(row, exact);
    }
}, 600_000);

describe.each(ROWS.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    test('each figure the paper gives exactly is within ±25%', () => {
        const m = measured.get(row)!;
        for (const column of PAPER_COLUMNS) {
            const paper = row.paper[column];
            if (paper.approx) continue;
            expect(m[column], column).toBeGreaterThanOrEqual(paper.cycles * 0.75);
            expect(m[column], column).toBeLessThanOrEqual(paper.cycles * 1.25);
        }
    });

    test('the columns come in the paper\'s order', () => {
        const m = measured.get(row)!;
        for (const a of PAPER_COLUMNS) {
            for (const b of PAPER_COLUMNS) {
                expect(Math.sign(m[a] - m[b]), `${a} vs ${b}`).toBe(Math.sign(row.paper[a].cycles - row.paper[b].cycles));
            }
        }
    });
});

test('under trap-and-emulate a syscall traps to the monitor, which reflects it into the guest kernel', () => {
    const syscall = measured.get(ROWS.find((r) => r.name === 'syscall')!)!;
    // p4_2006: the native entry (242) and a trap's round trip (2,500)
    expect(syscall.full).toBe(242 + 2500);
});

test('a divide by zero reaches the guest kernel without a VM exit under VT-x, through the monitor under binary translation', () => {
    const divide = measured.get(ROWS.find((r) => r.name === 'divide by zero')!)!;
    // p4_2006: `exception` 885 + the handler's and the retried division's 4 instructions;
    // VT-x: + `exception_vmx` 125; binary: + `trap` 2,500, the handler's `hw inject` 1 + 300
    expect(divide.native).toBe(889);
    expect(divide.hardware).toBe(889 + 125);
    expect(divide.binary).toBe(889 + 2500 + 301 + 1);
    expect(divide.full).toBe(889 + 2500 + 301);
});

test('the README\'s fidelity table is the one measured', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(fidelityTable(ROWS.map((row) => ({ row, measured: measured.get(row)! }))));
});

test('a true page fault under shadow paging is one trap: the hidden fault\'s walk finds it, the monitor injects it', () => {
    const pageFault = measured.get(ROWS.find((r) => r.name === 'page fault')!)!;
    // p4_2006: natively `exception` 885 + a two-level walk (2 × `walk_ref` 20) + 4 instructions;
    // under shadow paging + the hidden fault's `trap` 2,500 or `exit` 10,000 into the monitor's
    // handler, its 4 instructions (hw shadow_fill, cmp, je, hw inject) and `inject` 300 (VT-x: +
    // `exception_vmx` 125), and the one hidden fault that filled the mapped page's shadow entry
    // (`trap` / `exit` + `mmu` 1,093 + the walk + the handler's 3 instructions), spread over the turns
    expect(pageFault.native).toBe(885 + 40 + 4);
    expect(pageFault.full).toBe(929 + 2500 + 4 + 300 + Math.round((2500 + 1093 + 40 + 3) / TURNS));
    expect(pageFault.hardware).toBe(929 + 125 + 10000 + 4 + 300 + Math.round((10000 + 1093 + 40 + 3) / TURNS));
});

test('a page-table write: a store natively, a callout and the shadow\'s update under BT, an exit and a decode under VT-x, a hypercall under para', () => {
    const ptemod = measured.get(ROWS.find((r) => r.name === 'ptemod')!)!;
    expect(ptemod.native).toBe(1);
    // p4_2006: `callout` 154 + the handler's `hw shadow_update` (1 + 236); `exit` 10,000 + its
    // `hw pte_decode` (1 + 2,492) + `hw shadow_update` (1 + 236)
    expect(ptemod.binary).toBeCloseTo(1 + 154 + 1 + 236, -1);
    expect(ptemod.hardware).toBeCloseTo(1 + 10000 + 1 + 2492 + 1 + 236, -1);
    // direct paging: `hypercall` 1,500 + the monitor's `hw pte_write` (1 + `mmu` 1,093)
    expect(ptemod.para).toBe(1500 + 1094);
});
