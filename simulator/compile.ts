// AST → compiled code: every body the machine model uses (programs, syscalls, monitor handlers,
// host OS drivers) compiled to `Code` (cpu/code.ts), once per host it runs on. With model.ts,
// the only simulator code that sees the Langium AST; everything after works on `Code`.
import type { AstNode } from 'langium';
import type { Handler, Os, Program, Statement } from '../language/generated/ast.js';
import { EVENT_HANDLER, MONITOR_HANDLER, PAGING_HANDLER, PRIVILEGED, REVEALING, SENSITIVE_UNPRIVILEGED, VMX_EVENT_EXIT, VMX_EXIT } from '../language/isa.js';
import { vectorOfHandler } from './machine/vectors.js';
import { newPathTable } from './machine/instruction-path.js';
import { compileBody, OP, StringTable, type Code, type CodeKind, type CompileContext, type OpName } from './cpu/code.js';
import type { EventEntry, HostCode, VmCode } from './machine.js';
import type { HostModel, MachineModel, MonitorTechnique, VmModel } from './model.js';
import { bootOf, driversOf, syscallCode, syscallsOf, vectorsOf } from '../language/os-members.js';
import { sharedEmptyMap } from './shared-empty.js';

/** Everything compiled for one simulation. */
export interface CompiledMachine {
    readonly strings: StringTable;
    /** Every body, in compile order (`Code.id` is the index). */
    readonly codes: Code[];
    readonly hosts: HostCode[];
    readonly vms: VmCode[];
    /** Per VM, per vCPU: the program it runs (undefined: none). */
    readonly programs: (Code | undefined)[][];
    /** Per VM, per vCPU: the programs it runs after the first, as processes (compiled last: the ids above do not move); undefined: none. */
    readonly laterProcesses: (Code[][] | undefined)[];
}

/** Compiles the model: hosts first, then each VM's syscalls, then the programs (the ids follow that order). */
export function compileMachine(model: MachineModel): CompiledMachine {
    const compiler = new Compiler(model);
    const hosts = model.hosts.map((h) => compiler.host(h));
    const vms = model.vms.map((vm) => compiler.vm(vm));
    const programs = model.vms.map((vm) => vm.programs.map((program) => program && compiler.program(vm, program)));
    // (most VMs run one program per vCPU: nothing for them, not an empty array per vCPU)
    const laterProcesses = model.vms.map((vm) => (vm.processes.some((list) => list.length > 1) ? vm.processes.map((list) => list.slice(1).map((program) => compiler.program(vm, program))) : undefined));
    return { strings: compiler.strings, codes: compiler.codes, hosts, vms, programs, laterProcesses };
}

/** A VM's OS on its host: its system calls, its exception and interrupt handlers by vector, its `boot { }` (`VmCode`; shared, never written). */
type Kernel = Pick<VmCode, 'syscalls' | 'vectors' | 'boot'>;

/** A VM without an OS: no system calls, no handlers, no boot. */
const NO_KERNEL: Kernel = { syscalls: sharedEmptyMap(), vectors: [], boot: undefined };

/** The instructions a monitor handles, in the order their handlers are compiled. */
const SENSITIVE = [...PRIVILEGED, ...SENSITIVE_UNPRIVILEGED, ...REVEALING];

class Compiler {
    readonly strings = new StringTable();
    readonly codes: Code[] = [];
    /**
     * Compiled bodies by AST node, then by host (device numbers differ) and name (an inherited
     * body, `os linux: pc_kernel`'s timer, is compiled once under each OS that runs it).
     */
    private readonly cache = new Map<AstNode, Map<string, Code>>();
    /**
     * What each OS gives its VMs, by host: one map of its system calls and one table of its
     * handlers for all its VMs on a host (1,000 VMs of one OS rebuilt them each: ~6 MB per
     * simulation; the bodies themselves were already compiled once, `cache`).
     */
    private readonly kernels = new Map<Os, Map<HostModel, Kernel>>();

    constructor(private readonly model: MachineModel) {}

    host(host: HostModel): HostCode {
        const technique = host.technique;
        const trapHandler: (Code | undefined)[] = [];
        const trapName: string[] = [];
        // natively nothing traps: no monitor, no handlers
        if (technique !== 'native') for (const opcode of SENSITIVE) {
            const entry = this.trapEntry(host, technique, opcode);
            if (!entry) continue;
            const op = OP[opcode as OpName];
            trapHandler[op] = entry.code;
            trapName[op] = entry.name;
        }
        const hypercalls = new Map<string, Code>();
        if (technique === 'para') for (const h of this.model.monitors.para.values()) hypercalls.set(h.name, this.handler(host, 'para', h));
        // a profile's paravirtual interface (Hyper-V's enlightenments): hypercalls by VMCALL
        if (technique === 'hardware') for (const h of host.profile?.hypercalls ?? []) hypercalls.set(h.name, this.handler(host, host.profile!.name, h));
        const drivers = new Map<string, Code>();
        const os: Os | undefined = host.hostOs;
        if (os) for (const d of driversOf(os)) drivers.set(d.name, this.handler(host, os.name, d, 'driver'));
        return { model: host, technique, costs: host.costs, trapHandler, trapName, paths: newPathTable(), hypercalls, drivers, hostOsName: os?.name ?? 'host',
            nestedPaging: host.paging === 'nested',
            paging: host.paging, tlbEntries: host.tlbEntries, walkLevels: host.walkLevels, taggedTlb: host.taggedTlb, shadows: host.shadows,
            events: {
                exception: this.eventEntry(host, 'exception'),
                interrupt: this.eventEntry(host, 'interrupt'),
                window: technique === 'hardware' ? this.eventEntry(host, 'window') : undefined,
            },
            apicv: technique === 'hardware' && host.extensions.includes('apicv'),
            pagingWork: {
                pageFault: this.pagingEntry(host, 'pageFault'),
                pteWrite: this.pagingEntry(host, 'pteWrite'),
                eptViolation: this.pagingEntry(host, 'eptViolation'),
            },
        };
    }

    /** The monitor handler the MMU enters for the hypervisor's paging work (isa.ts PAGING_HANDLER), and its frame name. */
    private pagingEntry(host: HostModel, work: keyof typeof PAGING_HANDLER): EventEntry | undefined {
        const technique = host.technique;
        if (technique === 'native' || technique === 'para') return undefined;
        const monitor = this.model.monitors[technique];
        const entry = PAGING_HANDLER[work];
        if (technique === 'hardware') {
            const h = monitor.get(entry.vmx.handler);
            return h ? { code: this.handler(host, technique, h), name: `VM exit ${entry.vmx.number} ${entry.vmx.handler}` } : undefined;
        }
        const h = entry.handler === undefined ? undefined : monitor.get(entry.handler);
        // a hidden page fault is a real #PF into the monitor even under binary translation; a
        // table store in translated code is a callout
        const via = technique === 'binary' && work === 'pteWrite' ? 'callout' : 'trap';
        return h ? { code: this.handler(host, technique, h), name: `${via} ${h.name}` } : undefined;
    }

    /** The monitor handler an exception, an interrupt or an interrupt window enters (docs/language.md, Exceptions and interrupts), and its frame name. */
    private eventEntry(host: HostModel, event: 'exception' | 'interrupt' | 'window'): EventEntry | undefined {
        const technique = host.technique;
        const monitor = technique === 'native' ? undefined : this.model.monitors[technique];
        if (!monitor) return undefined;
        if (technique === 'hardware') {
            const exit = VMX_EVENT_EXIT[event];
            const h = monitor.get(exit.handler);
            return h ? { code: this.handler(host, technique, h), name: `VM exit ${exit.number} ${exit.handler}` } : undefined;
        }
        const h = event === 'window' ? undefined : monitor.get(EVENT_HANDLER[event]);
        return h ? { code: this.handler(host, technique, h), name: `${technique === 'binary' ? 'callout' : 'trap'} ${h.name}` } : undefined;
    }

    /** The handler a sensitive instruction enters on this host, and the frame's name; none if it runs natively. */
    private trapEntry(host: HostModel, technique: MonitorTechnique, opcode: string): { code: Code; name: string } | undefined {
        const monitor = this.model.monitors[technique];
        if (technique === 'hardware') {
            const exit = VMX_EXIT[opcode];
            const h = exit && monitor.get(exit.handler);
            return exit && h ? { code: this.handler(host, technique, h), name: `VM exit ${exit.number} ${exit.handler}` } : undefined;
        }
        const handlerName = MONITOR_HANDLER[opcode];
        // a paravirtualized kernel never traps; if a privileged instruction gets there anyway
        // (a kernel without OS on a para hypervisor), trap-and-emulate handles it
        const h = monitor.get(handlerName) ?? (technique === 'para' ? this.model.monitors.full.get(handlerName) : undefined);
        if (!h) return undefined;
        return { code: this.handler(host, technique, h), name: `${technique === 'binary' ? 'callout' : 'trap'} ${handlerName}` };
    }

    vm(vm: VmModel): VmCode {
        const kernel = vm.os ? this.kernel(vm.host, vm.os) : NO_KERNEL;
        return { model: vm, syscalls: kernel.syscalls, vectors: kernel.vectors, boot: kernel.boot };
    }

    /** What `os` gives its VMs on `host`, compiled at its first VM there and shared by the others. */
    private kernel(host: HostModel, os: Os): Kernel {
        let perHost = this.kernels.get(os);
        if (!perHost) this.kernels.set(os, (perHost = new Map()));
        const known = perHost.get(host);
        if (known) return known;
        const syscalls = new Map<string, Code>();
        for (const s of syscallsOf(os)) {
            // a bound syscall runs its routine's body, compiled under the syscall's name
            const code = syscallCode(s);
            if (code) syscalls.set(s.name, this.compile(host, 'syscall', `${os.name}.${s.name}`, code.owner, code.body, code.params));
        }
        // the kernel's exception and interrupt handlers, by vector
        const vectors: (Code | undefined)[] = [];
        for (const h of vectorsOf(os)) {
            const vector = vectorOfHandler(host, h.kind, h.name);
            if (vector === undefined || vectors[vector]) continue;
            vectors[vector] = this.compile(host, 'syscall', `${os.name}.${h.name}`, h, h.body, h.params.map((p) => p.name));
        }
        // `boot { }` (LANGUAGE.md §11): kernel code vCPU 0 runs before the program
        const boot = bootOf(os);
        const kernel: Kernel = { syscalls, vectors, boot: boot ? this.compile(host, 'syscall', `${os.name}.boot`, boot, boot.body, []) : undefined };
        perHost.set(host, kernel);
        return kernel;
    }

    program(vm: VmModel, program: Program): Code {
        return this.compile(vm.host, 'program', program.name, program, program.body, []);
    }

    private handler(host: HostModel, technique: string, h: Handler, kind: CodeKind = 'handler'): Code {
        return this.compile(host, kind, `${technique}.${h.name}`, h, h.body, h.params.map((p) => p.name));
    }

    private compile(host: HostModel, kind: CodeKind, name: string, owner: AstNode, body: Statement[], params: string[]): Code {
        let perHost = this.cache.get(owner);
        if (!perHost) this.cache.set(owner, (perHost = new Map()));
        const key = `${host.index} ${name}`;
        let code = perHost.get(key);
        if (!code) {
            const ctx: CompileContext = { strings: this.strings, devices: host.deviceByName, nextId: () => this.codes.length };
            code = compileBody(ctx, kind, name, owner, body, params);
            code.host = host.index;
            const c = host.costs;
            if (c.call !== c.instruction || c.ret !== c.instruction || (host.technique === 'binary' && c.ret_bt !== 0)) code.steppedCalls = true;
            this.codes.push(code);
            perHost.set(key, code);
        }
        return code;
    }
}
