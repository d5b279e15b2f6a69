// Data breakpoints: "stop when r1 of web/vcpu0's countdown frame changes" and "stop when the
// memory word at 0x1000 of web changes". A register watch names a vCPU, a layer (its depth from
// the bottom of the stack and its name, so a later frame at the same depth with another name is
// not confused with it) and a register. A word watch names a memory — a VM's guest memory, or a
// hypervisor's own (where handler frames keep their stacks: the memory `[a]` reads in such a
// frame, expression.ts / inspect.ts) — and an aligned word address, fixed when the watch is set
// (gdb's `watch -l`). Every vCPU of a VM shares its memory, so a word watch stops on whichever
// vCPU wrote the word. A write of the same value changes nothing and does not stop, as for
// registers. While any watch is set the runtime checks them after every instruction (single
// steps: slower than a plain continue, which the README says); with none set nothing is checked.
import type { Simulation } from '../simulator/engine.js';
import { REGISTER_NAMES } from '../simulator/cpu/code.js';
import type { Frame } from '../simulator/state.js';
import { describeWhere, frameLabel } from './describe.js';
import { debuggerMessages as m } from './messages.js';

export const WATCHABLE = [...REGISTER_NAMES, 'zf', 'sf', 'if'];

/** Whose memory a word watch reads: a VM's guest memory, or a hypervisor's (handler and host frames). */
export type MemorySpace = 'vm' | 'host';

interface WatchBase {
    id: number;
    /** The dataId it was set from (a restart sets it again from this). */
    dataId: string;
    /** The value when last checked (undefined: a register's frame does not exist now). */
    last: number | boolean | undefined;
}

interface RegisterWatch extends WatchBase {
    kind: 'register';
    vcpu: number;
    depth: number;
    frameName: string;
    register: string;
}

interface WordWatch extends WatchBase {
    kind: 'word';
    space: MemorySpace;
    /** Index into sim.state.vms or sim.state.hosts (state objects are replaced on restore: looked up on every read). */
    index: number;
    /** The VM's or hypervisor's name, for descriptions. */
    owner: string;
    address: number;
}

type Watch = RegisterWatch | WordWatch;

export interface WatchHit {
    /** The vCPU of the first watch that changed (for a memory word: the vCPU that wrote it). */
    vcpu: number;
    ids: number[];
    description: string;
}

function readRegister(sim: Simulation, w: RegisterWatch): number | boolean | undefined {
    const v = sim.state.vcpus[w.vcpu];
    const f: Frame | undefined = v?.frames[w.depth];
    if (!f || f.name !== w.frameName) return undefined;
    if (w.register === 'zf') return f.zf;
    if (w.register === 'sf') return f.sf;
    if (w.register === 'if') return v.iflag;
    return f.regs[REGISTER_NAMES.indexOf(w.register)];
}

/** Reads without touching the page (an unused page reads 0): watching must not change the machine. */
function readWord(sim: Simulation, w: WordWatch): number {
    const memory = w.space === 'vm' ? sim.state.vms[w.index].memory : sim.state.hosts[w.index].memory;
    return memory.read(w.address);
}

function read(sim: Simulation, w: Watch): number | boolean | undefined {
    return w.kind === 'register' ? readRegister(sim, w) : readWord(sim, w);
}

/** `0:1:r1` — vCPU, depth from the bottom of its stack, register. */
export function dataId(vcpu: number, depth: number, register: string): string {
    return `${vcpu}:${depth}:${register}`;
}

/** The aligned word an address falls in (the CPU ignores the low two bits, like `load`). */
export function wordAddress(address: number): number {
    return ((address >>> 0) - ((address >>> 0) % 4)) >>> 0;
}

export function hex(address: number): string {
    return `0x${(address >>> 0).toString(16)}`;
}

/** `word:vm:web:0x1000` — a word of VM web's guest memory; `word:host:hv:0xfff0` — of hypervisor hv's own. */
export function wordDataId(space: MemorySpace, owner: string, address: number): string {
    return `word:${space}:${owner}:${hex(wordAddress(address))}`;
}

/** How a word watch is named to the user: `[0x1000] of web`, `[0xfffc] of hv's memory`. */
export function wordLabel(space: MemorySpace, owner: string, address: number): string {
    return space === 'vm' ? m.wordOfVm(hex(address), owner) : m.wordOfHypervisor(hex(address), owner);
}

export class Watches {
    private list: Watch[] = [];
    private nextId = 1;
    private words = false;
    /**
     * Per vCPU, its top frame and pc before the last step (kept only while word watches are set):
     * after a step wrote a watched word, where the writer was is the writing instruction.
     */
    private readonly beforeStep: { frame: Frame | undefined; pc: number }[] = [];

    constructor(private readonly sim: Simulation) {}

    get any(): boolean {
        return this.list.length > 0;
    }

    /** Replaces all watches; an id that names no frame or no memory word now is refused with a reason. */
    set(ids: string[]): { id?: number; verified: boolean; message?: string }[] {
        this.list = [];
        const result = ids.map((text) => {
            const w = this.parse(String(text), this.nextId);
            if ('message' in w) return { verified: false, message: w.message };
            this.nextId++;
            this.list.push(w);
            return { id: w.id, verified: true };
        });
        this.afterListChange();
        return result;
    }

    /**
     * After a restart: the previous session's watches, with their ids (the client knows them),
     * that still name something -- every memory word; a register whose frame exists at the start.
     */
    adopt(previous: Watches): void {
        this.nextId = Math.max(this.nextId, previous.nextId);
        this.list = [];
        for (const old of previous.list) {
            const w = this.parse(old.dataId, old.id);
            if (!('message' in w)) this.list.push(w);
        }
        this.afterListChange();
    }

    private parse(text: string, id: number): Watch | { message: string } {
        return text.startsWith('word:') ? this.wordWatch(text, id) : this.registerWatch(text, id);
    }

    private afterListChange(): void {
        this.words = this.list.some((w) => w.kind === 'word');
        this.remember();
    }

    private registerWatch(text: string, id: number): RegisterWatch | { message: string } {
        const [vcpuText, depthText, register] = text.split(':');
        const vcpu = Number(vcpuText);
        const depth = Number(depthText);
        const f = this.sim.state.vcpus[vcpu]?.frames[depth];
        if (!f || !WATCHABLE.includes(register)) return { message: m.nothingToWatch(text) };
        const w: RegisterWatch = { kind: 'register', id, dataId: text, vcpu, depth, frameName: f.name, register, last: undefined };
        w.last = readRegister(this.sim, w);
        return w;
    }

    /** `word:vm:NAME:ADDRESS` or `word:host:NAME:ADDRESS`; bounded by the VM's declared memory. */
    private wordWatch(text: string, id: number): WordWatch | { message: string } {
        const [, space, owner, addressText] = text.split(':');
        const address = /^(0x[0-9a-f]+|[0-9]+)$/i.test(addressText ?? '') ? Number(addressText) : NaN;
        if ((space !== 'vm' && space !== 'host') || !owner || !Number.isSafeInteger(address)) {
            return { message: m.notMemoryWord(text) };
        }
        if (address > 0xffffffff) return { message: m.addressNotIn32Bits(hex(address)) };
        let index: number;
        if (space === 'vm') {
            index = this.sim.state.vms.findIndex((vm) => vm.model.name === owner);
            if (index < 0) return { message: m.noVmNamed(owner) };
            const declared = this.sim.state.vms[index].model.memoryBytes;
            if (declared > 0 && address >= declared) return { message: m.outsideVm(hex(address), owner, declared) };
        } else {
            index = this.sim.model.hosts.findIndex((h) => h.name === owner);
            if (index < 0) return { message: m.noHypervisorNamed(owner) };
        }
        const w: WordWatch = { kind: 'word', id, dataId: text, space, index, owner, address: wordAddress(address), last: 0 };
        w.last = readWord(this.sim, w);
        return w;
    }

    /** Takes the current values as the reference (after a stop, a time travel, an edit). */
    rebase(): void {
        for (const w of this.list) w.last = read(this.sim, w);
        this.remember();
    }

    /** Whether a watched value differs from its reference (cheap: checked after every step). */
    changed(): boolean {
        for (const w of this.list) {
            const now = read(this.sim, w);
            if (now !== undefined && w.last !== undefined && now !== w.last) return true;
            // the frame came back (a new syscall at that depth): start watching it from here
            if (w.last === undefined && now !== undefined) w.last = now;
        }
        this.remember();
        return false;
    }

    /**
     * The watches that changed, described, and their new values as the reference. `writer` is
     * the vCPU whose step changed them (the engine says which ran): a word's stop is shown on it.
     */
    take(writer?: number): WatchHit | undefined {
        const ids: number[] = [];
        const parts: string[] = [];
        let vcpu = -1;
        for (const w of this.list) {
            const now = read(this.sim, w);
            if (now !== undefined && w.last !== undefined && now !== w.last) {
                ids.push(w.id);
                if (w.kind === 'register') {
                    if (vcpu < 0) vcpu = w.vcpu;
                    parts.push(m.changed(m.registerOf(w.register, this.sim.state.vcpus[w.vcpu].name, frameLabel(w.frameName)), String(w.last), String(now)));
                } else {
                    const by = this.writer(w, writer);
                    if (vcpu < 0) vcpu = by.vcpu;
                    parts.push(m.changed(wordLabel(w.space, w.owner, w.address), String(w.last), String(now)) + by.text);
                }
            }
            w.last = now;
        }
        this.remember();
        return ids.length > 0 ? { vcpu, ids, description: parts.join('; ') } : undefined;
    }

    /** Who wrote a word: the vCPU that ran the step, at the instruction it was about to execute. */
    private writer(w: WordWatch, writer: number | undefined): { vcpu: number; text: string } {
        const s = this.sim.state;
        if (writer === undefined || !s.vcpus[writer]) {
            // unknown (should not happen): the VM's first vCPU, without a location
            const fallback = w.space === 'vm' ? (s.vms[w.index].vcpus[0] ?? 0) : 0;
            return { vcpu: fallback, text: '' };
        }
        const before = this.beforeStep[writer];
        const at = before?.frame ? m.atPlace(describeWhere(before.frame, before.pc)) : '';
        return { vcpu: writer, text: m.writtenBy(s.vcpus[writer].name) + at };
    }

    /** Notes where every vCPU is before the next step (only with word watches: register stops need no writer). */
    private remember(): void {
        if (!this.words) return;
        const vcpus = this.sim.state.vcpus;
        for (let i = 0; i < vcpus.length; i++) {
            const frames = vcpus[i].frames;
            const f = frames[frames.length - 1];
            const slot = this.beforeStep[i];
            if (slot) {
                slot.frame = f;
                slot.pc = f ? f.pc : 0;
            } else this.beforeStep[i] = { frame: f, pc: f ? f.pc : 0 };
        }
    }
}
