// The debugger and guest paging over real DAP (docs/debugging.md, "Memory"): a step in that meets
// the monitor's work on memory — a hidden page fault, a page-table store it takes, an EPT
// violation — stops in the monitor's handler (stdlib/monitors.vmdef) above the guest's, described; a true page fault's entry
// into the guest kernel and an mmu_update's outcome are described; the Memory scope and
// `translate()` show the walk under shadow, nested and direct paging; a data breakpoint on a
// page-table entry stops when the guest kernel or mmu_update writes it.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdapter, fixture, lineOf, MONITORS_FILE, OS_FILE, Session } from './dap-helpers.js';

let session: Session;
beforeAll(ensureAdapter, 120_000);
afterEach(async () => session?.close());

const SHADOW = fixture('paging-shadow.vmdef');
const NESTED = fixture('paging-nested.vmdef');
const DIRECT = fixture('paging-direct.vmdef');
const MMU = fixture('paging-mmu.vmdef');
/** The program's first store to a fresh page (the same line in the three programs). */
const TOUCH = lineOf(SHADOW, /^touch:/);
/** linux's page_fault: the directory entry it writes for a new table (a store the shadow monitor takes). */
const DIRECTORY_STORE = lineOf(OS_FILE, /^\s+store \[r3\], r4/, /fault page_fault\(address, code\)/);
/** linux's page_fault: the page's table entry. */
const TABLE_STORE = lineOf(OS_FILE, /^\s+store \[r3\], r5/, /fault page_fault\(address, code\)/);
// a page's entry in a table that is there already (a new table goes with its first entry in one mmu_update_batch)
const XEN_MMU_UPDATE = lineOf(OS_FILE, /hypercall mmu_update\(r6, r5\)/);

async function launchAt(program: string, file: string, line: number, locale?: string): Promise<void> {
    session = new Session(locale ? { locale } : {});
    await session.launch(program, {}, (dc) => dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line }] }));
    expect((await session.stopped()).body.reason).toBe('breakpoint');
}

async function step(kind: 'in' | 'out' = 'in'): Promise<DebugProtocol.StoppedEvent> {
    if (kind === 'in') await session.dc.stepInRequest({ threadId: 1 });
    else await session.dc.stepOutRequest({ threadId: 1 });
    return session.stopped();
}

async function stack(): Promise<string[]> {
    return (await session.stack(1)).map((f) => `${f.name} ${f.file}:${f.line}`);
}

/** A variable's children, by name → shown value. */
async function children(v: DebugProtocol.Variable | undefined): Promise<Map<string, string>> {
    expect(v?.variablesReference).toBeGreaterThan(0);
    const r = await session.dc.variablesRequest({ variablesReference: v!.variablesReference });
    return new Map(r.body.variables.map((c) => [c.name, c.value]));
}

async function translate(address: string): Promise<{ result: string; steps: Map<string, string> }> {
    const r = await session.dc.evaluateRequest({ expression: `translate(${address})`, frameId: await session.frameId(1), context: 'watch' });
    return { result: r.body.result, steps: await children({ name: '', value: '', variablesReference: r.body.variablesReference }) };
}

describe('stepping into the monitor\'s work on memory', () => {
    it('shadow: a hidden page fault that finds a true fault stops in the monitor\'s page_fault handler, its injection, a data breakpoint on the directory entry, a hidden fault that fills, a page-table store (callout pte_write)', async () => {
        await launchAt(SHADOW, SHADOW, TOUCH);
        // the binary monitor's handlers (stdlib/monitors.vmdef): their first instruction
        const pageFault = `monitors.vmdef:${lineOf(MONITORS_FILE, /hw shadow_fill\(address, code\)/, /^monitor binary/)}`;
        const pteWrite = `monitors.vmdef:${lineOf(MONITORS_FILE, /hw shadow_update\(entry, value\)/, /^monitor binary/)}`;
        let stop = await step();
        expect(stop.body).toMatchObject({ reason: 'step', description: "hidden page fault at 0x400000: the guest's tables say fault → true page fault, injected into linux page_fault" });
        expect(await stack()).toEqual([`trap page_fault ${pageFault}`, `pages paging-shadow.vmdef:${TOUCH}`]);
        // the handler's frame has the Memory scope with its work and the walk of its address
        const memory = await session.scope(await session.frameId(1, 0), 'Memory');
        expect(memory.get('paging')?.value).toBe('shadow paging');
        const work = await children(memory.get('work'));
        expect(work.get('what')).toBe('trap page_fault');
        expect(work.get('address')).toBe('0x400000');
        expect(work.get('translate(0x400000)')).toBe('0x400000 → page fault (not present)');
        // its first command: the walk, a hardware frame of its own
        stop = await step();
        expect(stop.body.description).toBe('hw shadow_fill(4194304, 6)');
        // out of the handler: back at the store, which has not completed
        expect((await step('out')).body.description).toMatch(/^returned to trap page_fault/);
        expect((await step('out')).body.description).toBe(`returned to pages (paging-shadow.vmdef:${TOUCH})`);
        expect(await stack()).toEqual([`pages paging-shadow.vmdef:${TOUCH}`]);
        // the monitor's `hw inject` handed the fault on: the guest kernel's handler, no second trap
        stop = await step();
        expect(stop.body.description).toBe('#PF: page fault at 0x400000 (not present, write, user): true page fault → injected into linux page_fault');
        expect((await stack())[0]).toBe(`fault page_fault os.vmdef:${lineOf(OS_FILE, /fault page_fault\(address, code\)/) + 1}`);
        // a data breakpoint on the directory entry the handler writes (a page-table entry is a memory word)
        const info = await session.dc.dataBreakpointInfoRequest({ name: '[0x1004]', frameId: await session.frameId(1) });
        await session.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
        await session.dc.continueRequest({ threadId: 1 });
        stop = await session.stopped();
        expect(stop.body.reason).toBe('data breakpoint');
        expect(stop.body.description).toMatch(new RegExp(`^\\[0x1004\\] of guest changed: 0 → \\d+, written by guest/vcpu0 at fault page_fault \\(os.vmdef:${DIRECTORY_STORE}\\)$`));
        await session.dc.setDataBreakpointsRequest({ breakpoints: [] });
        // out of the kernel's handler: the store runs again, misses the shadow again, and this time the walk fills it
        expect((await step('out')).body.description).toBe(`returned to pages (paging-shadow.vmdef:${TOUCH})`);
        stop = await step();
        expect(stop.body.description).toBe('hidden page fault at 0x400000: shadow miss → fill');
        expect((await stack())[0]).toBe(`trap page_fault ${pageFault}`);
        // not walked yet: the shadow lacks the page
        expect((await translate('0x400123')).steps.get('shadow_entry')).toBe('absent: a TLB miss here is a hidden page fault');
        expect((await step('out')).body.description).toBe(`returned to pages (paging-shadow.vmdef:${TOUCH})`);
        const walk = await translate('0x400123');
        expect(walk.result).toMatch(/^0x400123 → guest-physical 0x1\d\d123 \(present, writable, user\)$/);
        expect(walk.steps.get('directory_entry')).toMatch(/^\[0x1004\] = 0x\w+ \(present, writable, user, accessed\)$/);
        expect(walk.steps.get('table_entry')).toMatch(/^\[0x10000\] = 0x\w+ \(present, writable, user, accessed, dirty\)$/);
        expect(walk.steps.get('shadow_entry')).toMatch(/^filled: → 0x1\w+, as the guest's entry$/);
        expect(walk.steps.get('table_page')).toBe('write-protected: a store to it goes to the monitor');
        expect(walk.steps.get('tlb')).toMatch(/^in the TLB: /);
        // the next page's fault: its table entry, in a table the monitor now protects, is a callout
        await session.dc.setBreakpointsRequest({ source: { path: OS_FILE }, breakpoints: [{ line: TABLE_STORE }] });
        await session.dc.continueRequest({ threadId: 1 });
        expect((await session.stopped()).body.reason).toBe('breakpoint');
        stop = await step();
        expect(stop.body.description).toBe('page-table store at 0x10004 (guest-physical 0x10004): callout (translated code) → the monitor drops the shadow entry it changes');
        expect((await stack()).slice(0, 2)).toEqual([`callout pte_write ${pteWrite}`, `fault page_fault os.vmdef:${TABLE_STORE}`]);
        const store = await children((await session.scope(await session.frameId(1, 0), 'Memory')).get('work'));
        expect(store.get('address')).toBe('0x10004');
    });

    it('nested: the guest takes its own page fault; the retried store is an EPT violation, in the monitor\'s EPT_VIOLATION handler; translate() shows the nested step', async () => {
        await launchAt(NESTED, NESTED, TOUCH);
        await step();
        const stop = await step();
        expect(stop.body.description).toBe('#PF: page fault at 0x400000 (not present, write, user): page fault → linux page_fault (no hypervisor on the way)');
        await step('out');
        expect((await step()).body.description).toBe('EPT violation gpa 0x100000: the host backs the page');
        expect(await stack()).toEqual([`VM exit 48 EPT_VIOLATION monitors.vmdef:${lineOf(MONITORS_FILE, /hw ept_map\(gpa\)/, /on EPT_VIOLATION/)}`, `pages paging-nested.vmdef:${TOUCH}`]);
        const memory = await session.scope(await session.frameId(1, 0), 'Memory');
        expect(memory.get('paging')?.value).toBe('nested paging');
        const tlb = await children(memory.get('tlb'));
        expect(tlb.get('0x400000')).toBe('→ 0x100000 (present, writable, user, dirty)');
        expect((await children(memory.get('work'))).get('address')).toBe('0x100000');
        // the handler has not mapped it yet
        expect((await translate('0x400123')).steps.get('host_physical')).toBe('guest-physical page 0x100000 is not backed yet: its first touch is an EPT violation');
        expect((await step('out')).body.description).toBe(`returned to pages (paging-nested.vmdef:${TOUCH})`);
        const walk = await translate('0x400123');
        expect(walk.result).toBe('0x400123 → guest-physical 0x100123 (present, writable, user)');
        expect(walk.steps.get('ept')).toBe('two-dimensional walk: every guest table reference goes through the nested table (8 references)');
        expect(walk.steps.get('host_physical')).toBe('guest-physical page 0x100000 is backed by host memory');
        // the Debug Console offers the function and the scope's names
        const frameId = await session.frameId(1);
        const offered = async (text: string) => (await session.dc.completionsRequest({ text, column: text.length + 1, frameId })).body.targets.map((t) => t.label);
        expect(await offered('tran')).toEqual(['translations', 'translate(a)']);
        expect(await offered('memory.t')).toEqual(['tlb']);
    });

    it('direct: xenlinux maps its second page with mmu_update, validated; the Memory scope and translate() read without changing', async () => {
        await launchAt(DIRECT, DIRECT, TOUCH);
        // the store faults (the page is not mapped); the para monitor takes the fault first
        await step();
        expect((await step()).body.description).toBe('trap: store → exception — page fault at 0x400000: the hypervisor takes it first and reflects it to the guest kernel');
        await session.dc.setBreakpointsRequest({ source: { path: DIRECT }, breakpoints: [] });  // not on the retried store
        await session.dc.setBreakpointsRequest({ source: { path: OS_FILE }, breakpoints: [{ line: XEN_MMU_UPDATE }] });
        await session.dc.continueRequest({ threadId: 1 });
        await session.stopped();
        expect((await step()).body.description).toBe('hypercall mmu_update(65540, 1052679)');
        expect((await step()).body.description).toBe('hw pte_write(65540, 1052679)');
        const before = await session.scope(await session.frameId(1, 0), 'Memory');
        const counters = await children(before.get('counters'));
        const stop = await step();
        expect(stop.body.description).toBe(`mmu_update validated: [0x10004] ← 0x101007; returned to fault page_fault (os.vmdef:${XEN_MMU_UPDATE + 1})`);
        // looking (translate) walked nothing: the counters are the ones before the step
        const walk = await translate('0x401000');
        expect(walk.result).toBe('0x401000 → guest-physical 0x101000 (present, writable, user)');
        // the table, walked for the first page, is read-only to the guest now
        expect(walk.steps.get('table_page')).toBe('read-only to the guest: changed with mmu_update');
        const after = await children((await session.scope(await session.frameId(1, 0), 'Memory')).get('counters'));
        expect(after.get('tlbMisses')).toBe(counters.get('tlbMisses'));
        expect(after.get('walkRefs')).toBe(counters.get('walkRefs'));
        expect(Number(after.get('pteWrites'))).toBe(Number(counters.get('pteWrites')) + 1);
    });

    it('direct: a refused mmu_update is described; a data breakpoint on the entry stops when mmu_update writes it', async () => {
        session = new Session();
        await session.launch(MMU, { stopOnEntry: true });
        await session.stopped();
        const info = await session.dc.dataBreakpointInfoRequest({ name: '[0x2004]', frameId: await session.frameId(1) });
        await session.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
        await session.dc.continueRequest({ threadId: 1 });
        const hit = await session.stopped();
        expect(hit.body.reason).toBe('data breakpoint');
        expect(hit.body.description).toBe(`[0x2004] of t changed: 0 → 69639, written by t/vcpu0 at hw pte_write`);
        await session.dc.setDataBreakpointsRequest({ breakpoints: [] });
        await session.dc.setBreakpointsRequest({ source: { path: MMU }, breakpoints: [{ line: lineOf(MMU, /mmu_update\(0x2008/) }] });
        await session.dc.continueRequest({ threadId: 1 });
        await session.stopped();
        await step();
        await step();
        expect((await step()).body.description).toMatch(/^mmu_update refused: \[0x2008\] ← 0x7fff0007 names memory outside the VM \(r0 = -1\); returned to kernel \(paging-mmu.vmdef:\d+\)$/);
    });

    it('in Korean: the work, its frame and the Memory scope', async () => {
        await launchAt(SHADOW, SHADOW, TOUCH, 'ko');
        const stop = await step();
        expect(stop.body.description).toBe('0x400000에서 숨은 페이지 폴트: 게스트 페이지 테이블이 폴트라고 함 → 진짜 페이지 폴트, linux page_fault에 주입');
        expect((await stack())[0]).toBe(`트랩 page_fault monitors.vmdef:${lineOf(MONITORS_FILE, /hw shadow_fill\(address, code\)/, /^monitor binary/)}`);
        const memory = await session.scope(await session.frameId(1, 0), '메모리');
        // names stay English; the words are Korean
        expect(memory.get('paging')?.value).toBe('shadow 페이징');
    });
});
