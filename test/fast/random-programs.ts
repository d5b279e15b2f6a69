// Seeded random .vmdef workspaces for the differential tests: random hosts (technique, Type 1 /
// Type 2, pCPUs, scheduler and timeslice, cost preset and overrides, small host memory so pages
// swap), random VMs (with or without an OS, vCPUs, memory, pin, weight, fault injection) and
// random guest code (arithmetic with edge values, memory inside and past the VM, loops,
// forward and backward jumps, calls and rets, syscalls, privileged, sensitive and revealing
// instructions in kernel and user mode), sometimes a user OS and user monitor handlers with
// loops of their own. Deterministic: the same seed gives the same text.
import { prng, Rng } from '../helpers/prng.js';

// `native`: one VM on the hardware itself, no hypervisor (LANGUAGE.md §9)
const TECHNIQUES = ['full', 'binary', 'para', 'hardware', 'native'] as const;
const REGS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
const ALU = ['add', 'sub', 'mul', 'div', 'mod', 'and', 'or', 'xor', 'shl', 'shr'];
const JUMPS = ['jmp', 'jz', 'jnz', 'je', 'jne', 'jl', 'jle', 'jg', 'jge'];
const EDGE = [0, 1, -1, 2, 3, 4, 7, 31, 32, 33, 255, 4096, 65535, 2147483647, -2147483648, 1000000007, -123456];

export interface Scenario {
    text: string;
    maxCycles: number;
    technique: string;
    kind: 'type1' | 'type2';
}

interface CodeOptions {
    /** Kernel code (may use privileged instructions freely). */
    kernel: boolean;
    /** Syscalls it may call (user code under an OS). */
    syscalls: string[];
    /** Hypercalls it may use (a kernel without OS under para). */
    hypercalls: string[];
    memoryBytes: number;
    /** Parameters it may read (syscall bodies, handlers). */
    params: string[];
    /** A paravirtualized kernel: no privileged instructions. */
    paravirtualized?: boolean;
    /** Handler code: hw commands allowed. */
    handler: boolean;
    length: number;
}

function operandValue(r: Rng, o: CodeOptions): string {
    if (o.params.length > 0 && r.chance(0.1)) return r.pick(o.params);
    if (r.chance(0.55)) return r.pick(REGS);
    const v = r.chance(0.5) ? r.pick(EDGE) : r.int(-100, 100);
    return String(v);
}

function address(r: Rng, o: CodeOptions): string {
    if (r.chance(0.5)) return r.pick(REGS);
    const limit = Math.max(16, o.memoryBytes);
    // mostly inside the VM, a few past its end (#PF), some unaligned
    const a = r.chance(0.97) ? r.int(0, limit - 4) : r.int(limit, limit + 8192);
    return String(r.chance(0.8) ? a & ~3 : a);
}

/** A body of `o.length` random instructions with labels L0…; every loop is bounded by the budget anyway. */
export function randomBody(r: Rng, o: CodeOptions): string {
    const lines: string[] = [];
    const labels = Math.max(1, Math.floor(o.length / 5));
    const placed = new Set<number>();
    const label = () => `L${r.int(0, labels - 1)}`;
    for (let i = 0; i < o.length; i++) {
        if (r.chance(0.2)) {
            const l = r.int(0, labels - 1);
            if (!placed.has(l)) {
                placed.add(l);
                lines.push(`L${l}:`);
            }
        }
        const kind = r.next();
        if (kind < 0.3) {
            const op = r.pick(ALU);
            // a register divisor is often 0 (#DE): mostly divide by a constant
            const b = (op === 'div' || op === 'mod') && r.chance(0.7) ? String(r.pick([3, -7, 1, -1, 4096, 2147483647])) : operandValue(r, o);
            lines.push(`${op} ${r.pick(REGS)}, ${b}`);
        }
        else if (kind < 0.38) lines.push(`mov ${r.pick(REGS)}, ${operandValue(r, o)}`);
        else if (kind < 0.44) lines.push(`${r.pick(['inc', 'dec'])} ${r.pick(REGS)}`);
        else if (kind < 0.5) lines.push(`cmp ${operandValue(r, o)}, ${operandValue(r, o)}`);
        else if (kind < 0.56) lines.push(`load ${r.pick(REGS)}, [${address(r, o)}]`);
        else if (kind < 0.62) lines.push(`store [${address(r, o)}], ${operandValue(r, o)}`);
        else if (kind < 0.66) lines.push(r.chance(0.5) ? `push ${operandValue(r, o)}` : `pop ${r.chance(0.05) ? 'sp' : r.pick(REGS)}`);
        else if (kind < 0.72) {
            // a counted loop: mov rX, n; L: ...; dec rX; jnz L
            const reg = r.pick(['r6', 'r7']);
            const inner = `LOOP${i}`;
            lines.push(`mov ${reg}, ${r.int(1, 40)}`, `${inner}:`);
            for (let k = r.int(1, 4); k > 0; k--) lines.push(`${r.pick(ALU.filter((x) => x !== 'div' && x !== 'mod'))} ${r.pick(REGS.slice(0, 6))}, ${r.int(-9, 9)}`);
            if (r.chance(0.3)) lines.push(`store [${address(r, o)}], ${r.pick(REGS)}`);
            lines.push(`dec ${reg}`, `jnz ${inner}`);
        } else if (kind < 0.8) lines.push(`${r.pick(JUMPS)} ${label()}`);
        else if (kind < 0.83) lines.push(r.chance(0.6) ? `call ${label()}` : 'ret');
        else if (kind < 0.86) lines.push('nop');
        else if (o.handler) {
            lines.push(r.pick(['hw emulate()', 'hw timer(5)', `hw mmu_flush(${r.pick(REGS)})`, 'hw get_flags()', 'hw cpu_id()', 'hw read_tsc()']));
        } else if (o.syscalls.length > 0 && kind < 0.93) {
            const s = r.pick(o.syscalls);
            if (s === 'write') lines.push(r.chance(0.5) ? `syscall write(com1, ${r.pick(REGS)})` : `syscall write(com1, "w${i}\\n")`);
            else if (s === 'read') lines.push('syscall read(com1)');
            else if (s === 'switch_mm') lines.push(`syscall switch_mm(${r.pick(REGS)})`);
            else if (s === 'exit') {
                if (r.chance(0.2)) lines.push('syscall exit(0)');
            } else if (s === 'spin') lines.push(`syscall spin(${r.pick(REGS)})`);
            else lines.push(`syscall ${s}()`);
        } else if (o.hypercalls.length > 0 && kind < 0.9) {
            lines.push(r.pick([`hypercall console_io(com1, ${r.pick(REGS)})`, 'hypercall sched_op(0, 0)', `hypercall mmu_update(${r.pick(REGS)}, ${r.pick(REGS)})`]));
        } else {
            // privileged, sensitive, revealing: trap, exit, callout, native, fidelity, or #GP in user mode
            const p = r.pick(['out com1, r1', 'out com2, r2', 'in r1, com2', 'out com1, "p\\n"', 'in r2, com1', 'cli', 'sti', 'lcr3 r3', 'invlpg r4', 'lidt r5',
                'pushf', 'popf', 'sgdt r1', 'sidt r2', 'smsw r3', 'cpuid r4', 'rdtsc r5', 'hlt']);
            if (p === 'hlt' && r.chance(0.7)) lines.push('nop');
            else if (!o.kernel && r.chance(0.8)) lines.push('nop'); // user code: a few #GP, not every program
            else if (o.paravirtualized && !['pushf', 'popf', 'sgdt r1', 'sidt r2', 'smsw r3', 'cpuid r4', 'rdtsc r5'].includes(p)) lines.push('nop');
            else lines.push(p);
        }
    }
    // labels that were used but not placed go at the end (a jump there ends the body)
    for (let l = 0; l < labels; l++) if (!placed.has(l)) lines.push(`L${l}:`);
    return lines.map((l) => (l.endsWith(':') ? l : `    ${l}`)).join('\n');
}

/** One random workspace. */
export function randomScenario(seed: number, tag = '', monitors = true): Scenario {
    const r = new Rng(prng(seed));
    const technique = r.pick(TECHNIQUES);
    const kind = r.chance(0.35) ? 'type2' : 'type1';
    const pcpus = r.int(1, 3);
    const clock = r.pick(['1 GHz', '2 GHz', '500 MHz']);
    const hostMemKiB = r.pick([256, 512, 4096, 1048576]);
    const preset = r.pick(['modern', 'p4_2006', 'modern { trap 77 exit 91 }', 'p4_2006 { translate 5 swap 33 }']);
    const scheduler = r.chance(0.5) ? `scheduler credit { timeslice ${r.int(1, 40)} us }` : r.chance(0.5) ? `scheduler round_robin { timeslice ${r.int(2, 30)} us }` : '';
    const lines: string[] = [];
    const native = technique === 'native';
    // the hardware line is written last: a passed-through device needs an IOMMU (vtd), known after the VMs
    const hardwareLine = (iommu: boolean) => {
        const extensions = [...(technique === 'hardware' ? ['vtx'] : []), ...(iommu ? ['vtd'] : [])];
        return `hardware hw${tag} { cpu ${pcpus} cores @ ${clock} memory ${hostMemKiB} KiB ${extensions.length ? `extensions ${extensions.join(', ')}` : ''} device com1: serial device com2: serial device disk0: disk ${native ? `costs ${preset}` : ''} }`;
    };
    lines.push(hardwareLine(false));
    const hostOs = kind === 'type2' ? `host linux { reserve 0 cpus, 0 KiB } ${r.chance(0.3) ? `fail host at ${r.int(5, 300)} us` : ''}` : '';
    if (!native) lines.push(`hypervisor hv${tag}: ${kind} on hw${tag} { virtualization ${technique} ${hostOs} overcommit cpu 8.0, memory 1000.0 ${scheduler} costs ${preset} }`);
    const userOs = r.chance(0.3);
    const guestOs = technique === 'para' ? 'xenlinux' : r.pick(['linux', 'windows', ...(userOs ? [`myos${tag}`] : [])]);
    const syscallsOf: Record<string, string[]> = {
        linux: ['write', 'read', 'exit', 'sched_yield', 'switch_mm'],
        xenlinux: ['write', 'read', 'exit', 'sched_yield', 'switch_mm'],
        windows: ['NtYieldExecution'],
        [`myos${tag}`]: ['write', 'spin', 'exit'],
    };
    if (userOs && technique !== 'para') {
        const o: CodeOptions = { kernel: true, syscalls: [], hypercalls: [], memoryBytes: 65536, params: ['value'], handler: false, length: r.int(3, 12) };
        lines.push(`os myos${tag} {\n  syscall write(dev, value) {\n    out dev, value\n  }\n  syscall spin(value) {\n${randomBody(r, o)}\n  }\n  syscall exit(code) {\n    hlt\n  }\n}`);
    }
    if (r.chance(0.25) && technique !== 'hardware' && !native && monitors) {
        // user monitor handlers with code of their own (hypervisor layer, host memory)
        const o: CodeOptions = { kernel: true, syscalls: [], hypercalls: [], memoryBytes: 65536, params: [], handler: true, length: r.int(2, 10) };
        lines.push(`monitor ${technique} {\n  on disable_interrupts() {\n${randomBody(r, o)}\n    hw set_if(0)\n  }\n}`);
    }
    // natively, one VM owns the machine (its memory at most the machine's)
    const vms = native ? 1 : r.int(1, 4);
    let com2PassedThrough = false;
    for (let i = 0; i < vms; i++) {
        const withOs = r.chance(0.5);
        const vcpus = r.int(1, Math.min(2, pcpus));
        const memKiB = native ? Math.min(hostMemKiB, r.pick([64, 128, 1024])) : r.pick([64, 128, 1024]);
        const memoryBytes = memKiB * 1024;
        const programs: string[] = [];
        for (let c = 0; c < vcpus; c++) {
            const name = `p${tag}_${i}_${c}`;
            const o: CodeOptions = {
                kernel: !withOs,
                syscalls: withOs ? syscallsOf[guestOs] : [],
                hypercalls: !withOs && technique === 'para' && r.chance(0.5) ? ['console_io'] : [],
                memoryBytes, params: [], handler: false, length: r.int(5, 40), paravirtualized: !withOs && technique === 'para',
            };
            // a device passed through to VM 0 is no other VM's (device-not-assigned): they use com1
            const body = randomBody(r, o);
            lines.push(`program ${name} {\n${com2PassedThrough ? body.replace(/\bcom2\b/g, 'com1') : body}\n}`);
            programs.push(`run ${name}${c > 0 ? ` on vcpu ${c}` : ''}`);
        }
        const pin = r.chance(0.2) ? `pin ${r.int(0, pcpus - 1)}` : '';
        const weight = r.chance(0.3) ? `weight ${r.pick([64, 256, 1024])}` : '';
        const fail = r.chance(0.15) ? `fail at ${r.int(1, 200)} us` : '';
        const passthrough = r.chance(0.15) && i === 0;
        if (passthrough) com2PassedThrough = true;
        const devices = passthrough ? 'devices com1 passthrough com2' : com2PassedThrough ? 'devices com1' : 'devices com1, com2';
        if (native) lines.push(`vm v${tag}_${i}${withOs ? `: ${guestOs}` : ''} on hw${tag} { vcpus ${vcpus} memory ${memKiB} KiB ${fail} ${programs.join(' ')} }`);
        else lines.push(`vm v${tag}_${i}${withOs ? `: ${guestOs}` : ''} on hv${tag} { vcpus ${vcpus} memory ${memKiB} KiB ${devices} ${pin} ${weight} ${fail} ${programs.join(' ')} }`);
    }
    lines[0] = hardwareLine(com2PassedThrough);
    const maxCycles = r.pick([3_000, 20_000, 77_777, 150_000]);
    return { text: lines.join('\n') + '\n', maxCycles, technique, kind };
}
