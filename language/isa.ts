// The guest instruction set and the hypervisor's unified hardware command set, as tables the
// validator, the simulator and the debugger all read (LANGUAGE.md §4, stdlib/monitors.vmdef).

/**
 * A table looked up by text (an opcode, or a user's `hw NAME`): null-prototype, so `constructor`
 * or `__proto__` are not found on Object.prototype, and frozen.
 */
function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
    return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** Privileged: only the guest kernel may run them; they trap / exit / are translated. */
export const PRIVILEGED = new Set(['in', 'out', 'hlt', 'cli', 'sti', 'lcr3', 'invlpg', 'lidt']);

/**
 * Privileged, yet a paravirtualized kernel may use them: there they stand for a plain store to
 * the event mask of its shared info page (Xen's `evtchn_upcall_mask`), no trap, no hypercall.
 */
export const PV_EVENT_MASK = new Set(['cli', 'sti']);

/** Sensitive but unprivileged: the x86 holes of Popek & Goldberg. Under `full` they do not trap. */
export const SENSITIVE_UNPRIVILEGED = new Set(['popf', 'pushf', 'sgdt', 'sidt', 'smsw']);

/** Reveal the real machine: always exit under `hardware`, translated under `binary`. */
export const REVEALING = new Set(['cpuid', 'rdtsc']);

/** Exit reasons counted in `exits` (LANGUAGE.md §8), per privileged or revealing opcode. */
export const EXIT_REASON: Readonly<Record<string, string>> = table({
    in: 'io', out: 'io', hlt: 'hlt', lcr3: 'cr', invlpg: 'invlpg', lidt: 'idt',
    cli: 'irq', sti: 'irq', cpuid: 'cpuid', rdtsc: 'rdtsc',
});

/** The handler a `full` or `binary` monitor runs for each sensitive opcode (stdlib/monitors.vmdef). */
export const MONITOR_HANDLER: Readonly<Record<string, string>> = table({
    out: 'io_out', in: 'io_in', hlt: 'halt', lcr3: 'load_cr3', invlpg: 'invalidate_page', lidt: 'load_idt',
    cli: 'disable_interrupts', sti: 'enable_interrupts',
    pushf: 'push_flags', popf: 'pop_flags', sgdt: 'store_gdt', sidt: 'store_idt', smsw: 'store_msw',
    cpuid: 'cpu_id', rdtsc: 'read_tsc',
});

/** Intel VT-x basic exit reasons (SDM vol. 3C, appendix C) for the opcodes that exit under `hardware`. */
export const VMX_EXIT: Readonly<Record<string, { number: number; handler: string }>> = table({
    out: { number: 30, handler: 'IO_INSTRUCTION' },
    in: { number: 30, handler: 'IO_INSTRUCTION_IN' },
    hlt: { number: 12, handler: 'HLT' },
    lcr3: { number: 28, handler: 'CR_ACCESS' },
    invlpg: { number: 14, handler: 'INVLPG' },
    lidt: { number: 46, handler: 'GDTR_IDTR_ACCESS' },
    cpuid: { number: 10, handler: 'CPUID' },
    rdtsc: { number: 16, handler: 'RDTSC' },
});

/** The CPU's exception vectors a kernel may handle (`fault NAME`, docs/language.md, Exceptions and interrupts). */
export const FAULT_VECTORS: Readonly<Record<string, number>> = table({
    divide_error: 0, invalid_opcode: 6, general_protection: 13, page_fault: 14,
});
/** The timer's vector (`interrupt timer`); devices follow it in the hardware's declaration order. */
export const TIMER_VECTOR = 32;
export const FIRST_DEVICE_VECTOR = 33;

/**
 * The monitor handlers that receive exceptions and interrupts: `full`, `binary` and `para` by
 * these names; `hardware` by VT-x exit reason (0 exception, 1 external interrupt, 7 interrupt window).
 */
export const EVENT_HANDLER = { exception: 'exception', interrupt: 'interrupt' } as const;
export const VMX_EVENT_EXIT = {
    exception: { number: 0, handler: 'EXCEPTION_NMI' },
    interrupt: { number: 1, handler: 'EXTERNAL_INTERRUPT' },
    window: { number: 7, handler: 'INTERRUPT_WINDOW' },
} as const;

export interface HwCommandInfo {
    params: string[];
    /** Writes its result to r0 of the handler. */
    result?: boolean;
    /** Touches real hardware, so on a Type 2 hypervisor it goes through the host OS's driver. */
    viaHost?: boolean;
    /** The cost table entry charged for it, if any. */
    cost?: CostName;
    /** Its cost is the hypervisor's work for guest paging (counted apart too: the report's memory section). */
    paging?: boolean;
    // What it does, for people: language/lsp/messages.ts (hwCommandDocs), in English and Korean.
}

export const HW_COMMANDS: Readonly<Record<string, HwCommandInfo>> = table({
    io_write: { params: ['dev', 'value'], viaHost: true, cost: 'io' },
    io_read: { params: ['dev'], result: true, viaHost: true, cost: 'io' },
    halt: { params: [], viaHost: true },
    yield: { params: [] },
    timer: { params: ['delay'], viaHost: true, cost: 'timer' },
    mmu_load: { params: ['root'], viaHost: true, cost: 'mmu' },
    mmu_flush: { params: ['address'], viaHost: true, cost: 'mmu' },
    idt_load: { params: ['base'] },
    set_if: { params: ['flag'] },
    get_flags: { params: [], result: true },
    set_flags: { params: ['value'] },
    cpu_id: { params: [], result: true },
    read_tsc: { params: [], result: true },
    shutdown: { params: ['code'] },
    emulate: { params: [], cost: 'emulate' },
    idt_base: { params: [], result: true },
    inject: { params: ['vector', 'code'], cost: 'inject' },
    pte_write: { params: ['entry', 'value'], result: true, cost: 'mmu' },
    // memory virtualization (LANGUAGE.md §11): the monitors' paging handlers (stdlib/monitors.vmdef)
    shadow_fill: { params: ['address', 'code'], result: true, paging: true },
    shadow_update: { params: ['entry', 'value'], cost: 'shadow_update', paging: true },
    pte_decode: { params: [], cost: 'pte_decode', paging: true },
    ept_map: { params: ['gpa'], cost: 'mmu', paging: true },
    pte_write_batch: { params: ['requests', 'count'], result: true },
});

/**
 * The monitor handlers the MMU enters for the hypervisor's paging work (LANGUAGE.md §11): by
 * these names under `full` and `binary`; under `hardware` by VT-x exit. Without EPT a guest #PF
 * exits with reason 0 EXCEPTION_NMI (shadow paging sets bit 14 of the exception bitmap; the exit
 * qualification holds the faulting address), whether it is a shadow miss or a store to a
 * write-protected guest table: the stdlib names the two cases apart, as IO_INSTRUCTION_IN does
 * for reason 30. `exit` is the `exits` reason counted.
 */
export const PAGING_HANDLER = {
    pageFault: { handler: 'page_fault', vmx: { number: 0, handler: 'EXCEPTION_NMI_PAGE_FAULT' }, exit: 'pagefault' },
    pteWrite: { handler: 'pte_write', vmx: { number: 0, handler: 'EXCEPTION_NMI_PTE_WRITE' }, exit: 'pte' },
    eptViolation: { handler: undefined, vmx: { number: 48, handler: 'EPT_VIOLATION' }, exit: 'ept' },
} as const;
export type PagingWork = keyof typeof PAGING_HANDLER;

/** Entries of a cost preset (stdlib/costs.vmdef documents each). */
export const COST_NAMES = [
    'instruction', 'syscall', 'syscall_bt', 'trap', 'emulate', 'exit', 'hypercall', 'translate',
    'callout', 'world_switch', 'io', 'timer', 'mmu', 'swap',
    'device', 'irq_mask', 'inline', 'call', 'ret', 'ret_bt', 'exception', 'exception_vmx', 'inject', 'walk_ref',
    'shadow_update', 'pte_decode',
] as const;
export type CostName = (typeof COST_NAMES)[number];
export type CostTable = Record<CostName, number>;

export const DEFAULT_COST_PRESET = 'modern';
