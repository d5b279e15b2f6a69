// What the debugger shows about a stopped vCPU, as plain trees (no DAP here): the scopes
// Registers (of one layer's frame), Virtual CPU (what the hypervisor keeps for the vCPU),
// VM, Hypervisor and Host. The same trees feed the expression evaluator, so anything visible
// can be watched or used in a breakpoint condition by its dotted name (`exits.io`,
// `cycles.hypervisor`, `pcpus.pcpu0`).
import type { Simulation } from '../simulator/engine.js';
import { REGISTER_NAMES } from '../simulator/cpu/code.js';
import { LAYERS } from '../simulator/result.js';
import { PAGE_SIZE, SparseMemory } from '../simulator/memory.js';
import { L_GUEST, L_HOST, L_KERNEL, type Frame, type VcpuState } from '../simulator/state.js';
import { EXIT_REASON } from '../language/isa.js';
import { PROFILE_SETTINGS } from '../language/profiles/settings.js';
import type { HostModel } from '../simulator/model.js';
import { PK_DEV, PK_STR } from '../simulator/state.js';
import { ExpressionError, type Resolver, type Value } from './expression.js';
import { group, leaf, type VarNode } from './var-node.js';
export { group, leaf, type VarNode };
import { frameLabel, paramsText, statusWord, valueText } from './describe.js';
import { debuggerMessages as m } from './messages.js';
import { memoryReference } from './machine-code/memory.js';
import { memoryMessages as mm } from './memory/messages.js';
import { memoryScope } from './memory/scope.js';


export type ScopeName = 'Registers' | 'Virtual CPU' | 'VM' | 'Hypervisor' | 'Host' | 'Memory';
export const SCOPES: ScopeName[] = ['Registers', 'Virtual CPU', 'VM', 'Hypervisor', 'Host', 'Memory'];

/** The prefix that names a scope in an expression (`vm.exits.io`); the frame's registers need none. */
const SCOPE_PREFIX: Record<ScopeName, string> = { Registers: 'registers', 'Virtual CPU': 'vcpu', VM: 'vm', Hypervisor: 'hypervisor', Host: 'host', Memory: 'memory' };
const SCOPE_BY_PREFIX = new Map(SCOPES.map((s) => [SCOPE_PREFIX[s], s]));

/** Scopes are known by their English name (ScopeName); the Variables view shows this. */
const SCOPE_LABELS: Record<ScopeName, () => string> = {
    Registers: m.scopeRegisters, 'Virtual CPU': m.scopeVirtualCpu, VM: m.scopeVm, Hypervisor: m.scopeHypervisor, Host: m.scopeHost, Memory: mm.scopeMemory,
};

/** A scope's name in the current language (`Registers`, in Korean `레지스터`). */
export function scopeLabel(scope: ScopeName): string {
    return SCOPE_LABELS[scope]();
}

const PRIVILEGE_WORDS = { user: m.privilegeUser, kernel: m.privilegeKernel, hypervisor: m.privilegeHypervisor, host: m.privilegeHost };
const STATE_WORDS = { done: m.stateDone, running: m.stateRunning, ready: m.stateReady };

/**
 * A value conditions compare (`privilege == "kernel"`) stays English; the Variables view shows
 * its word beside it in another language (`커널 모드 (kernel)`).
 */
function wordLeaf(name: string, value: string, word: string): VarNode {
    return leaf(name, value, m.word(word, value));
}

/** Every exit reason `exits` counts (language/isa.ts), and `fault`: listed from the start, at 0. */
const EXIT_REASONS = [...new Set([...Object.values(EXIT_REASON), 'fault'])];


export function privilegeOf(f: Frame): 'user' | 'kernel' | 'hypervisor' | 'host' {
    if (f.layer === L_GUEST) return 'user';
    if (f.layer === L_KERNEL) return 'kernel';
    return f.kind === 'host' || f.layer === L_HOST ? 'host' : 'hypervisor';
}

/** `frameIndex` counts from the innermost frame (0 = top of stack), as the call stack shows them. */
export function frameAt(v: VcpuState, frameIndex: number): Frame | undefined {
    const shown = shownFrames(v);
    return shown[shown.length - 1 - frameIndex];
}

/**
 * The frames the call stack shows, outermost first. A program its kernel ended from a fault
 * handler (`abort`) shows the instruction that faulted on top, as a debugger user expects at the
 * fault: the handler frames left above it are the kernel killing the program, not its state.
 */
export function shownFrames(v: VcpuState): Frame[] {
    if (!v.done) return v.frames;
    const handler = v.frames.findIndex((f) => f.reason !== undefined);
    return handler > 0 ? v.frames.slice(0, handler) : v.frames;
}

/** Names setVariable / setExpression may assign in a frame: registers, `pc` (code frames), flags. */
export function isAssignableRegister(name: string): boolean {
    return REGISTER_NAMES.includes(name) || name === 'pc' || name === 'zf' || name === 'sf' || name === 'if';
}

const WORD_MIN = -(2 ** 31);
const WORD_MAX = 2 ** 32 - 1;

/**
 * A 32-bit word typed by the user (setVariable, setExpression): decimal or 0x hex, optionally
 * negative, from -2147483648 to 0xffffffff (an unsigned bit pattern such as an address is
 * stored as the same int32 the CPU holds); anything else is refused rather than wrapped.
 */
export function parseWord(text: string): { value: number } | { error: string } {
    const t = text.trim();
    if (!/^-?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(t)) return { error: m.notInteger(text) };
    const negative = t.startsWith('-');
    const n = negative ? -Number(t.slice(1)) : Number(t);
    if (n < WORD_MIN || n > WORD_MAX) return { error: m.notIn32Bits(t) };
    return { value: n | 0 };
}

function hex(address: number): string {
    return `0x${(address >>> 0).toString(16)}`;
}

export class Inspector {
    constructor(private readonly sim: Simulation) {}

    scope(name: ScopeName, vcpuId: number, frameIndex: number): VarNode[] {
        switch (name) {
            case 'Registers': return this.registers(vcpuId, frameIndex);
            case 'Virtual CPU': return this.virtualCpu(vcpuId);
            case 'VM': return this.vm(vcpuId);
            case 'Hypervisor': return this.hypervisor(vcpuId);
            case 'Host': return this.host(vcpuId);
            case 'Memory': return memoryScope(this.sim, vcpuId);
        }
    }

    registers(vcpuId: number, frameIndex: number): VarNode[] {
        const v = this.sim.state.vcpus[vcpuId];
        const f = v && frameAt(v, frameIndex);
        if (!f) return [];
        const out: VarNode[] = REGISTER_NAMES.map((r, i) => leaf(r, f.regs[i], r === 'sp' ? `0x${(f.regs[i] >>> 0).toString(16)}` : undefined, true));
        const space = this.memorySpace(vcpuId, frameIndex);
        if (!('error' in space)) for (const node of out) node.memoryReference = memoryReference({ space: space.space, owner: space.owner, address: (node.value as number) >>> 0 });
        out.push(leaf('pc', f.pc, undefined, f.code !== undefined));
        out.push(leaf('zf', f.zf, undefined, true));
        out.push(leaf('sf', f.sf, undefined, true));
        out.push(leaf('if', v.iflag, undefined, true));
        const privilege = privilegeOf(f);
        out.push(wordLeaf('privilege', privilege, PRIVILEGE_WORDS[privilege]()));
        if (f.pk.length > 0) {
            const names = f.code?.params ?? [];
            // typed values (a number stays a number in `cmd + 1`), shown as the call stack words them
            const param = (k: number, i: number) => leaf(names[i] ?? `arg${i}`, this.paramValue(v, k, f.pv[i]), valueText(this.sim, v, k, f.pv[i]));
            out.push(group('params', f.pk.map(param), `(${paramsText(this.sim, v, f)})`));
        }
        return out;
    }

    /** A bound parameter's value: a device by name, a string's text, a number. */
    private paramValue(v: VcpuState, kind: number, value: number): Value {
        if (kind === PK_STR) return this.sim.strings.strings[value] ?? '';
        if (kind === PK_DEV) return this.sim.model.vms[v.vm].host.devices[value]?.name ?? `device ${value}`;
        return value;
    }

    virtualCpu(vcpuId: number): VarNode[] {
        const s = this.sim.state;
        const v = s.vcpus[vcpuId];
        if (!v) return [];
        const host = this.sim.model.vms[v.vm].host;
        // the innermost hypervisor frame is the exit / trap / hypercall being handled
        const pending = [...v.frames].reverse().find((f) => f.kind === 'hypervisor');
        const state = v.done ? 'done' : v.pcpu >= 0 ? 'running' : 'ready';
        return [
            leaf('name', v.name),
            wordLeaf('state', state, STATE_WORDS[state]()),
            leaf('pcpu', v.pcpu >= 0 ? s.pcpus[v.pcpu].index : -1, v.pcpu >= 0 ? m.pcpuOf(`pcpu${s.pcpus[v.pcpu].index}`, host.name) : m.none()),
            leaf('virtual_if', v.iflag, v.iflag ? m.interruptsEnabled(String(v.iflag)) : m.interruptsDisabled(String(v.iflag))),
            leaf('cr3', v.cr3, (host.technique === 'hardware' ? m.guestPageTableRoot : m.shadowPageTableRoot)(hex(v.cr3))),
            leaf('idt', v.idt, m.interruptTable(hex(v.idt))),
            leaf('tsc', v.ran, m.timeStampCounter(v.ran)),
            pending ? leaf('pending', pending.name, frameLabel(pending.name)) : wordLeaf('pending', 'none', m.none()),
            leaf('layers', v.frames.length, v.frames.map((f) => frameLabel(f.name)).join(' → ')),
            leaf('vruntime', Math.round(v.vruntime)),
        ];
    }

    vm(vcpuId: number): VarNode[] {
        const v = this.sim.state.vcpus[vcpuId];
        if (!v) return [];
        const vm = this.sim.state.vms[v.vm];
        const cycles = LAYERS.map((l, i) => leaf(l, vm.cycles[i]));
        const total = LAYERS.reduce((sum, _l, i) => sum + vm.cycles[i], 0);
        cycles.push(leaf('total', total));
        // counters that have not happened yet are there, at 0: `exits.hlt >= 0` holds at every stop
        const exits = counters(EXIT_REASONS, vm.exits);
        const hypercalls = counters([...(this.sim.machine.hosts[vm.model.host.index]?.hypercalls.keys() ?? [])], vm.hypercalls);
        return [
            leaf('name', vm.model.name),
            wordLeaf('status', vm.status, statusWord(vm.status)),
            leaf('instructions', vm.instructions),
            group('cycles', cycles, m.total(total)),
            group('exits', exits, countersText(exits)),
            group('hypercalls', hypercalls, countersText(hypercalls)),
            leaf('fidelity_violations', vm.fidelityViolations),
            group('memory', [
                leaf('declared_bytes', vm.model.memoryBytes),
                leaf('touched_pages', vm.memory.touchedPages),
                leaf('touched_bytes', vm.memory.touchedPages * PAGE_SIZE),
                leaf('swapped_pages', vm.swappedPages),
            ], m.pagesTouched(vm.memory.touchedPages, vm.model.memoryBytes)),
            leaf('translations', vm.translations),
            leaf('console', vm.console, JSON.stringify(vm.console)),
        ];
    }

    hypervisor(vcpuId: number): VarNode[] {
        const s = this.sim.state;
        const v = s.vcpus[vcpuId];
        if (!v) return [];
        const host = this.sim.model.vms[v.vm].host;
        const hs = s.hosts[host.index];
        const pending = [...v.frames].reverse().find((f) => f.kind === 'hypervisor');
        const costs = host.costs;
        let current = 'none';
        let cost = 0;
        if (pending) {
            current = pending.name;
            // a hypercall under `hardware` is a VMCALL exit (a profile's enlightenment)
            cost = pending.name.startsWith('hypercall') ? (host.technique === 'hardware' ? costs.exit : costs.hypercall)
                : pending.name.startsWith('VM exit') ? costs.exit
                    : pending.name.startsWith('callout') ? costs.callout : costs.trap;
        }
        return [
            leaf('name', host.name),
            leaf('kind', host.kind),
            leaf('technique', host.technique),
            pending ? leaf('current', current, frameLabel(current)) : wordLeaf('current', current, m.none()),
            leaf('current_cost', cost, pending ? m.cyclesOfPreset(cost, host.costPreset) : '0'),
            leaf('scheduler', host.scheduler.policy),
            leaf('slice_cycles', host.scheduler.sliceCycles),
            leaf('ready_queue', hs.ready.length, hs.ready.map((id) => s.vcpus[id].name).join(', ') || m.empty()),
            group('costs', Object.entries(costs).map(([k, n]) => leaf(k, n)), host.costPreset),
            ...profileNodes(host),
        ];
    }

    host(vcpuId: number): VarNode[] {
        const s = this.sim.state;
        const v = s.vcpus[vcpuId];
        if (!v) return [];
        const host = this.sim.model.vms[v.vm].host;
        const hs = s.hosts[host.index];
        const map = hs.pcpus.map((id) => {
            const p = s.pcpus[id];
            const who = p.vcpu >= 0 ? s.vcpus[p.vcpu].name : 'idle';
            return leaf(`pcpu${p.index}`, who, m.pcpuAt(p.vcpu >= 0 ? who : m.word(m.idle(), who), p.time));
        });
        const used = hs.touchedPages * PAGE_SIZE;
        return [
            leaf('hardware', host.hardware),
            host.hostOs ? leaf('host_os', host.hostOs.name) : leaf('host_os', 'none (Type 1)', m.noneType1()),
            group('pcpus', map, map.map((p) => `${p.name}: ${p.value}`).join(', ')),
            leaf('usable_pcpus', host.usablePcpus),
            leaf('usable_bytes', host.usableBytes),
            leaf('touched_bytes', used),
            leaf('free_bytes', Math.max(0, host.usableBytes - used)),
            leaf('clock_hz', host.clockHz),
            leaf('time', this.sim.time),
            leaf('failed_at', hs.failedAt ?? -1, hs.failedAt === undefined ? m.no() : m.cycles(hs.failedAt)),
        ];
    }

    /** One scope's variables, each with the expression that names it (`evaluateName`). */
    variables(name: ScopeName, vcpuId: number, frameIndex: number): VarNode[] {
        const nodes = this.scope(name, vcpuId, frameIndex);
        nameTree(nodes, name === 'Registers' ? '' : `${SCOPE_PREFIX[name]}.`);
        return nodes;
    }

    /**
     * Resolves a dotted name for an expression: registers of the frame first, then any scope's
     * variables (`exits.io`, `vm.exits.io`, `host.pcpus.pcpu0`).
     */
    resolver(vcpuId: number, frameIndex: number): Resolver {
        const v = this.sim.state.vcpus[vcpuId];
        const f = v && frameAt(v, frameIndex);
        const scopes = new Map<ScopeName, VarNode[]>();
        const resolve: Resolver = (name) => {
            // registers and flags directly: a breakpoint condition is evaluated on every hit
            if (f) {
                const r = REGISTER_NAMES.indexOf(name);
                if (r >= 0) return f.regs[r];
                if (name === 'zf') return f.zf;
                if (name === 'sf') return f.sf;
                if (name === 'if') return v.iflag;
                if (name === 'pc') return f.pc;
            }
            return this.lookup(vcpuId, frameIndex, name, scopes)?.value;
        };
        resolve.word = (address) => {
            const r = this.readWord(vcpuId, frameIndex, address);
            if ('error' in r) throw new ExpressionError(r.error, 1);
            return r.value;
        };
        return resolve;
    }

    /**
     * The node a dotted name denotes: with a scope prefix (`vm.name`, `registers.r1`) in that
     * scope only; without, the frame's registers, then its parameters (`cmd`, as `params.cmd`),
     * then the other scopes in order. `scopes` caches the trees built for one stop.
     */
    lookup(vcpuId: number, frameIndex: number, name: string, scopes = new Map<ScopeName, VarNode[]>()): VarNode | undefined {
        const path = name.split('.');
        const tree = (scope: ScopeName) => {
            let nodes = scopes.get(scope);
            if (!nodes) scopes.set(scope, (nodes = this.scope(scope, vcpuId, frameIndex)));
            return nodes;
        };
        const prefixed = path.length > 1 ? SCOPE_BY_PREFIX.get(path[0]) : undefined;
        if (prefixed) return findPath(tree(prefixed), path.slice(1));
        for (const scope of SCOPES) {
            const node = findPath(tree(scope), path) ?? (scope === 'Registers' ? findPath(tree(scope), ['params', ...path]) : undefined);
            if (node) return node;
        }
        return undefined;
    }

    /**
     * The memory `load d, [a]` reads in this frame: the VM's for the guest program and kernel,
     * the hypervisor's own for handler and host frames (machine/operands.ts does the same), with the VM's
     * declared size as the bound of guest addresses.
     */
    private memoryOf(vcpuId: number, frameIndex: number): { memory: SparseMemory; declared: number; owner: string } | { error: string } {
        const space = this.memorySpace(vcpuId, frameIndex);
        if ('error' in space) return space;
        const memory = space.space === 'host' ? this.sim.state.hosts[space.index].memory : this.sim.state.vms[space.index].memory;
        return { memory, declared: space.declared, owner: space.owner };
    }

    /**
     * Whose memory `[a]` means in this frame, by name and index (a data breakpoint on a word
     * keeps these, not the frame): the VM's for guest frames, its hypervisor's for the others.
     */
    memorySpace(vcpuId: number, frameIndex: number): { space: 'vm' | 'host'; index: number; owner: string; declared: number } | { error: string } {
        const v = this.sim.state.vcpus[vcpuId];
        const f = v && frameAt(v, frameIndex);
        if (!f) return { error: m.noSuchFrame() };
        const vm = this.sim.state.vms[v.vm];
        if (f.layer > L_KERNEL) return { space: 'host', index: vm.model.host.index, owner: vm.model.host.name, declared: 0 };
        return { space: 'vm', index: v.vm, owner: vm.model.name, declared: vm.model.memoryBytes };
    }

    /** Reads the word at `address` without touching its page (an unused page reads 0, as the CPU would see it). */
    readWord(vcpuId: number, frameIndex: number, address: number): { value: number } | { error: string } {
        const space = this.memoryOf(vcpuId, frameIndex);
        if ('error' in space) return space;
        if (space.declared > 0 && (address >>> 0) >= space.declared) return { error: m.outsideVm(hex(address), space.owner, space.declared) };
        return { value: space.memory.read(address) };
    }

    /**
     * Writes the word at `address` (setExpression `[a]`). Only pages the guest has already used:
     * a first touch costs the simulated machine a page (touched pages, swap), which the debugger
     * must not add behind the engine's back.
     */
    writeWord(vcpuId: number, frameIndex: number, address: number, text: string): { value: number } | { error: string } {
        const space = this.memoryOf(vcpuId, frameIndex);
        if ('error' in space) return space;
        if (space.declared > 0 && (address >>> 0) >= space.declared) return { error: m.outsideVm(hex(address), space.owner, space.declared) };
        const page = SparseMemory.pageOf(address);
        if (!space.memory.has(page)) return { error: m.pageUnused(space.owner, hex(page * PAGE_SIZE)) };
        const word = parseWord(text);
        if ('error' in word) return word;
        space.memory.write(address, word.value);
        return { value: space.memory.read(address) };
    }

    /** Writes a register or flag of one frame (setVariable); returns the new value or an error message. */
    setRegister(vcpuId: number, frameIndex: number, name: string, text: string): { value: Value } | { error: string } {
        const v = this.sim.state.vcpus[vcpuId];
        const f = v && frameAt(v, frameIndex);
        if (!f) return { error: m.noSuchFrame() };
        const t = text.trim();
        if (name === 'zf' || name === 'sf' || name === 'if') {
            const b = t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : undefined;
            if (b === undefined) return { error: m.isFlag(name) };
            if (name === 'if') v.iflag = b;
            else f[name] = b;
            return { value: b };
        }
        const word = parseWord(text);
        if ('error' in word) return word;
        const n = word.value;
        const r = REGISTER_NAMES.indexOf(name);
        if (r >= 0) {
            f.regs[r] = n;
            return { value: f.regs[r] };
        }
        if (name === 'pc') {
            if (!f.code || n < 0 || n >= f.code.instrs.length) return { error: m.pcRange((f.code?.instrs.length ?? 1) - 1) };
            f.pc = n;
            return { value: n };
        }
        return { error: m.cannotChange(name) };
    }
}

function findPath(nodes: VarNode[], path: string[]): VarNode | undefined {
    let list: VarNode[] | undefined = nodes;
    let node: VarNode | undefined;
    for (const part of path) {
        node = list?.find((n) => n.name === part);
        if (!node) return undefined;
        list = node.children;
    }
    return node;
}

function counters(names: string[], counts: Record<string, number>): VarNode[] {
    const all = [...names, ...Object.keys(counts).filter((k) => !names.includes(k))];
    return all.map((k) => leaf(k, Object.hasOwn(counts, k) ? counts[k] : 0));
}

/** `io 3, hlt 1` — the counters that happened; `none` before any. */
function countersText(nodes: VarNode[]): string {
    return nodes.filter((n) => n.value !== 0).map((n) => `${n.name} ${n.value}`).join(', ') || m.none();
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Sets every node's evaluateName: `prefix` + its path, when each part is a name the expression language reads. */
function nameTree(nodes: VarNode[], prefix: string): void {
    for (const node of nodes) {
        if (!NAME.test(node.name)) continue;
        node.evaluateName = prefix + node.name;
        if (node.children) nameTree(node.children, `${node.evaluateName}.`);
    }
}

/** A hypervisor `like` a profile: its name, and where each setting came from (profile, written, default). */
function profileNodes(host: HostModel): VarNode[] {
    const profile = host.profile;
    if (!profile) return [];
    const origins = PROFILE_SETTINGS.map((setting) => wordLeaf(setting, profile.origins[setting], ORIGIN_WORDS[profile.origins[setting]]()));
    return [
        leaf('profile', profile.name, m.profileAs(profile.title)),
        group('settings_from', origins, PROFILE_SETTINGS.map((s) => `${s}: ${ORIGIN_WORDS[profile.origins[s]]()}`).join(', ')),
    ];
}

const ORIGIN_WORDS = { profile: m.originProfile, written: m.originWritten, default: m.originDefault };
