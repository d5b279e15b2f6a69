// The fast engine: runs a vCPU's chunk in translated regions (translate.ts) and hands everything
// else to the shared machinery — `Machine.step` for syscalls, traps, VM exits, hypercalls, hw
// commands, faults, first touches of a page; the exact interpreter for the few instructions
// before a chunk / slice / budget boundary that falls inside a block. Same state, cycle for
// cycle, as the exact interpreter at every point the scheduler or a caller can observe.
// The commonest traps (cli / sti to one-command handlers, fused-trap.ts) skip the machine: the
// region takes them itself while what is left fits them (time mode), else the executor does.
import { OP, type Code } from '../cpu/code.js';
import type { HostCode, Machine } from '../machine.js';
import { ExactExecutor } from '../cpu/interpreter.js';
import { atBreakpoint, type Executor, type RunRequest, type RunResult } from '../executor.js';
import { CHUNK_CYCLES } from '../scheduler.js';
import { chargeInstructions } from '../machine/costs.js';
import { FUSED_ENTRY_STEPS } from '../machine/fused-entry.js';
import { FUSED_EPT_STEPS } from '../machine/fused-ept.js';
import { roomToFuse } from '../machine/fused-handler.js';
import { FUSED_TICK_STEPS, fusedTick } from '../machine/fused-tick.js';
import { fusedOut, fuseOut, outFits } from './fused-io.js';
import { L_HYPERVISOR, L_KERNEL, type Frame, type VcpuState, type VmState } from '../state.js';
import { blockMap, isMemoryAccess, type BlockMap } from './blocks.js';
import { hostFusion, FUSED_TRAP_STEPS, OPCODE_TABLE, type FusedTrap, type HostFusion } from './fused-trap.js';
import { TranslationError } from './splice.js';
import { ST_FINISH, ST_PARTIAL, ST_SLOW, translateRegion, type Region, type RegionContext } from './translate.js';

/** `left` never exceeds this (a small integer for V8); the executor loops for more. */
const MAX_LEFT = 1 << 30;
/** Page numbers are below 2^20 (32-bit byte addresses, 4 KiB pages): this bound never faults. */
const NO_PAGE_LIMIT = 1 << 20;
const NOTHING_TRANSLATED = new Uint8Array(0);
/** `fz` of a region call that may not take traps itself. */
const NO_FUSING = new Int32Array(OPCODE_TABLE).fill(-1);

/** The translations of one body: its block map and regions by entry pc (plain, and with binary translation's per-leader check). */
export class TranslatedCode {
    readonly map: BlockMap;
    private readonly plain: (Region | undefined)[] = [];
    private readonly checked: (Region | undefined)[] = [];
    constructor(readonly code: Code) {
        this.map = blockMap(code);
    }

    /** Entries whose translation was refused (splice.ts): the exact interpreter runs them. */
    private readonly refused = new Set<number>();

    /**
     * The region holding block start `pc` (translated on first use), or undefined if translation
     * refused it. `pc` may also be inside a block (after a stepped paged access): that region's
     * entry block is the rest of the block.
     */
    region(pc: number, checkTranslated: boolean): Region | undefined {
        const table = checkTranslated ? this.checked : this.plain;
        let region = table[pc];
        if (region === undefined) {
            if (this.refused.has(pc * 2 + (checkTranslated ? 1 : 0))) return undefined;
            try {
                region = translateRegion(this.code, this.map, pc, checkTranslated);
            } catch (e) {
                // a value that is not a plain integer where one was expected: never spliced, never a crash
                if (!(e instanceof TranslationError)) throw e;
                this.refused.add(pc * 2 + (checkTranslated ? 1 : 0));
                return undefined;
            }
            // re-entering at any block of the region (after a trap, a ret) runs the same function
            for (const s of region.starts) if (table[s] === undefined) table[s] = region;
            table[pc] = region;
        }
        return region;
    }

    /** Every region translated so far (tests inspect their source). */
    regions(): Region[] {
        return [...new Set([...this.plain, ...this.checked].filter((r): r is Region => r !== undefined))];
    }
}

/** Whether the top frame of `v` is about to run a paged load, store, push or pop. */
function retriesAccess(v: VcpuState): boolean {
    const top = v.frames[v.frames.length - 1];
    const code = top.code;
    return code !== undefined && top.layer <= L_KERNEL && v.paging && top.pc < code.instrs.length && isMemoryAccess(code.instrs[top.pc].op);
}

/**
 * The interrupt flag a fused trap's handler set, written only when it changes: each write looks
 * at the interrupt queue again (`InterruptState.due`), and the same value would find the same
 * `irqAt` (`popf` is only ever remembered while the flag is 0, so there is nothing to clear).
 */
function setIflag(v: VcpuState, flag: boolean): void {
    if (v.iflag !== flag) v.iflag = flag;
}

/**
 * `count` exits of a fused trap (counts.ts, `addCount`, written out: this site sees only VMs' exit
 * tables and the fused reasons, so V8 keeps it a plain property access, once per chunk or trap).
 */
function countFused(vm: VmState, fused: FusedTrap, count: number): void {
    const exits = vm.exits;
    exits[fused.reason] = (exits[fused.reason] ?? 0) + count;
}

export class FastExecutor implements Executor {
    readonly name = 'fast';
    /** Where the instructions ran: translated code, `Machine.step`, the exact interpreter (boundaries); traps, event entries and EPT violations fused. */
    readonly stats = { translated: 0, stepped: 0, exact: 0, regionCalls: 0, fused: 0, fusedEntries: 0, fusedTicks: 0, fusedOuts: 0, fusedEpts: 0 };
    private readonly exact = new ExactExecutor();
    private translations = new WeakMap<Code, TranslatedCode>();
    private readonly result: RunResult = { steps: 0, predicateHit: false, aheadBoundary: -1 };
    private readonly x: RegionContext = {
        left: 0, co: 1, need: 0, pages: new Map(), maxPage: 0, h: 0, fz: NO_FUSING, nt: new Int32Array(OPCODE_TABLE), tq: 0, ifl: 0,
    };
    private lastCode: Code | undefined;
    private lastTranslated: TranslatedCode | undefined;

    private otherCode: Code | undefined;
    private otherTranslated: TranslatedCode | undefined;

    private lastHost: HostCode | undefined;
    private lastFusion: HostFusion | undefined;

    /** The host's fused traps (the last one's kept at hand: a run calls this once per chunk). */
    private fusion(host: HostCode): HostFusion {
        if (host !== this.lastHost) {
            this.lastHost = host;
            this.lastFusion = hostFusion(host);
        }
        return this.lastFusion!;
    }

    /** Breakpoint flags changed (blocks.ts leaves flagged instructions out): translate afresh. */
    invalidate(): void {
        this.translations = new WeakMap();
        this.lastCode = this.otherCode = undefined;
        this.lastTranslated = this.otherTranslated = undefined;
    }

    /** The translation of a body (created on first use; code is immutable, so it is kept until `invalidate`). */
    translated(code: Code): TranslatedCode {
        if (code === this.lastCode) return this.lastTranslated!;
        // two entries: a guest loop that traps alternates between its code and the handler's
        let t = code === this.otherCode ? this.otherTranslated : this.translations.get(code);
        if (!t) {
            t = new TranslatedCode(code);
            this.translations.set(code, t);
        }
        this.otherCode = this.lastCode;
        this.otherTranslated = this.lastTranslated;
        this.lastCode = code;
        this.lastTranslated = t;
        return t;
    }

    run(machine: Machine, request: RunRequest): RunResult {
        // a predicate looks after every step: the interpreter's loop checks it (translated code could not stop)
        if (request.predicate !== undefined) return this.exact.run(machine, request);
        const r = this.result;
        r.aheadBoundary = -1;
        r.steps = this.runChunk(machine, request);
        return r;
    }

    private runChunk(machine: Machine, request: RunRequest): number {
        const { vcpu: v, until, budget } = request;
        const cpu = machine.cpu;
        const state = machine.state;
        const vm = state.vms[v.vm];
        const host = machine.hosts[vm.model.host.index];
        const cost = host.costs.instruction;
        // odd cost tables: the reference interpreter, as is
        if (!Number.isSafeInteger(cost) || cost < 0) return this.exact.steps(machine, request, until, budget);
        // breakpoints: flagged instructions are never translated (blocks.ts), so the executor
        // meets each one here, as a stepped instruction, and stops before it
        const checkBreakpoints = request.breakpoints;
        // fused traps skip frames: only when nobody watches frames come and go
        const canFuse = !checkBreakpoints && machine.listener.transition === undefined;
        const binary = host.technique === 'binary';
        const fusion = this.fusion(host);
        const trapCycles = host.costs.trap + cost;
        const declared = vm.model.memoryBytes;
        const guestMaxPage = declared > 0 ? Math.min(Math.floor(declared / 4096), NO_PAGE_LIMIT) : NO_PAGE_LIMIT;
        const x = this.x;
        // running ahead (drive.ts): guest frames only, and nothing but regions and fused traps
        const ahead = request.ahead;
        let n = 0;
        let stepNext = false;
        // after the machine stepped a paged load or store (a TLB miss: demand paging takes two per
        // fresh page), the rest of its block runs translated, as a region entered mid-block
        let tailFrame: Frame | undefined;
        let tailPc = -1;
        while (n < budget && cpu.time < until && v.pcpu === cpu.id && !v.yielded) {
            // an interrupt due at this instruction boundary (machine/exceptions.ts), as the interpreter
            if (v.ran >= v.irqAt) {
                if (ahead) break;
                const taken = this.interruptTurn(machine, request, canFuse, budget - n);
                if (taken > 0) {
                    n += taken;
                    if (machine.stopEvent !== undefined && request.pauseOnStops) break;
                    continue;
                }
            }
            // regions, fused traps and the exact steps of a block's edges end where an interrupt
            // falls due, as at the chunk's end: the loop's check above then takes it (fused)
            const end = v.irqAt > v.ran ? Math.min(until, cpu.time + (v.irqAt - v.ran)) : until;
            const f = v.frames[v.frames.length - 1];
            const code = f.code;
            if (ahead && f.layer > L_KERNEL) break;
            // traps fused here (the step path) or in the region: in a guest kernel, with room for
            // the frames they stand for; a fused cli / sti would skip the machine's look at a
            // pending interrupt
            const fuseHere = canFuse && f.layer === L_KERNEL && !f.user && v.irq.vector.length === 0 && roomToFuse(v);
            const t = code === undefined ? undefined : this.translated(code);
            // an instruction only the machine runs (blocks.ts): stepped, or fused, in this turn
            if (t !== undefined && !stepNext && f.pc < t.map.length && t.map.fast[f.pc] === 0) stepNext = true;
            if (t === undefined || stepNext) {
                // a hardware command, or an instruction only the machine runs
                stepNext = false;
                if (canFuse && code !== undefined && !ahead && !request.pauseOnStops && f.layer === L_KERNEL && !f.user) {
                    const steps = this.fuseOut(machine, v, f, code, until, budget - n);
                    if (steps > 0) {
                        n += steps;
                        const top = v.frames[v.frames.length - 1];
                        if (f.vector >= 0 && top !== f) {
                            // a handler returned: an access it retries is the machine's (as after a step);
                            // else the interrupted block's rest runs as a region entered where it stopped
                            if (retriesAccess(v)) stepNext = true;
                            else {
                                tailFrame = top;
                                tailPc = top.pc;
                            }
                        }
                        continue;
                    }
                }
                if (fuseHere && code !== undefined && budget - n >= FUSED_TRAP_STEPS && this.fuseTrap(machine, request, f, code, fusion, end)) {
                    n += FUSED_TRAP_STEPS;
                    if (this.result.aheadBoundary >= 0) break;
                    continue;
                }
                if (ahead || (checkBreakpoints && atBreakpoint(v))) break;
                if (code !== undefined && f.layer <= L_KERNEL && v.paging && isMemoryAccess(code.instrs[f.pc].op)) {
                    tailFrame = f;
                    tailPc = f.pc + 1;
                }
                const depth = v.frames.length;
                // an EPT violation's one-command handler may be taken whole in this step (machine/fused-ept.ts)
                const steps = state.steps;
                machine.step(v, canFuse && !request.pauseOnStops && budget - n >= 1 + FUSED_EPT_STEPS ? until : -1);
                n += state.steps - steps;
                this.stats.stepped++;
                if (state.steps - steps > 1) {
                    // the access runs again, on the page now backed: translated, as the rest of its block
                    this.stats.fusedEpts++;
                    tailFrame = f;
                    tailPc = f.pc;
                }
                if (machine.stopEvent !== undefined && request.pauseOnStops) break;
                // an exception handler returned: the access it retries missed the TLB and misses it
                // again (the handler mapped the page, the TLB has no entry yet): the machine's at once
                if (f.vector >= 0 && v.frames.length < depth) stepNext = retriesAccess(v);
                continue;
            }
            const pc = f.pc;
            const map = t.map;
            if (pc >= map.length) {
                if (ahead) break;
                machine.finishFrame(v);
                continue;
            }
            const tail = f === tailFrame && pc === tailPc;
            tailFrame = undefined;
            if (map.start[pc] === 0 && !tail) {
                // inside a block (a boundary cut it last time): exact steps up to the next block
                const e = this.interpret(machine, request, cpu.time < end ? end : until, Math.min(budget - n, map.next[pc] - pc));
                n += e;
                if (e === 0) break;
                continue;
            }
            if (f.zf && f.sf) {
                // a flag word translated code cannot hold (translate.ts, `fr`): one exact step at a time
                const e = this.interpret(machine, request, cpu.time < end ? end : until, 1);
                n += e;
                if (e === 0) break;
                continue;
            }
            const checkTranslated = binary && f.layer === L_KERNEL;
            const region = t.region(pc, checkTranslated);
            if (region === undefined) {
                const e = this.interpret(machine, request, cpu.time < end ? end : until, Math.min(budget - n, map.next[pc] - pc));
                n += e;
                if (e === 0) break;
                continue;
            }
            // Time mode (an instruction costs cycles): `left` counts cycles, so the region can take
            // fused traps too. The step budget caps those cycles at what cannot hold more steps
            // than it allows (a step costs at least `cost`, a fused trap's three `trapCycles` / 3);
            // a budget that binds first ends the call early, and the paths below finish exactly.
            // Without a cost per instruction (time stands still) `left` counts instructions.
            const room = end - cpu.time;
            const timeMode = cost >= 1;
            let left: number;
            if (timeMode) {
                const fusing = fuseHere && trapCycles >= 1;
                left = room + cost - 1;
                const byBudget = Math.floor((budget - n) * (fusing ? Math.min(cost, trapCycles / 3) : cost));
                if (byBudget < left) left = byBudget;
                x.co = cost;
                x.fz = fusing ? fusion.flags : NO_FUSING;
                x.tq = trapCycles;
            } else {
                left = budget - n;
                x.co = 1;
                x.fz = NO_FUSING;
            }
            if (left > MAX_LEFT) left = MAX_LEFT;
            x.left = left;
            x.need = 0;
            const paged = f.layer <= L_KERNEL && v.paging;
            if (paged) {
                // virtual pages the TLB holds with every access allowed (tlb.ts); a miss is the machine's
                x.pages = f.user ? v.tlb.fastUser : v.tlb.fastKernel;
                x.maxPage = NO_PAGE_LIMIT;
            } else if (f.layer <= L_KERNEL) {
                x.pages = vm.memory.pages;
                x.maxPage = guestMaxPage;
            } else {
                x.pages = state.hosts[vm.model.host.index].memory.pages;
                x.maxPage = NO_PAGE_LIMIT;
            }
            const translated = checkTranslated ? (vm.translated.get(t.code.id) ?? NOTHING_TRANSLATED) : NOTHING_TRANSLATED;
            const status = (paged ? region.counting() : region.fn)(f.regs, f, x, translated);
            this.stats.regionCalls++;
            if (paged) vm.mem.tlbHits += x.h;
            let k = left - x.left;
            if (timeMode) {
                // `left` counted cycles: what the fused traps took, the rest is instructions
                const traps = x.fz === NO_FUSING ? 0 : this.takeFusedTraps(machine, v, fusion);
                n += traps * FUSED_TRAP_STEPS;
                k = (k - traps * trapCycles) / cost;
            }
            if (k > 0) {
                this.stats.translated += k;
                chargeInstructions(machine, vm, v, f.layer, k, cost);
                n += k;
            }
            if (status === ST_SLOW) {
                // most often a cli / sti that does not fit before the chunk's end (time mode): taken
                // whole here, as the step path of the next turn would, when nothing else is due first
                if (x.fz !== NO_FUSING && v.ran < v.irqAt && n <= budget - FUSED_TRAP_STEPS && cpu.time < until && this.fuseTrap(machine, request, f, t.code, fusion, end)) {
                    n += FUSED_TRAP_STEPS;
                    if (this.result.aheadBoundary >= 0) break;
                    continue;
                }
                stepNext = true;
            }
            else if (status === ST_PARTIAL) {
                // the region ran up to where an interrupt falls due: the loop's check takes it (fused)
                if (cpu.time >= end && v.ran >= v.irqAt) continue;
                const e = this.interpret(machine, request, cpu.time < end ? end : until, Math.min(budget - n, x.need));
                n += e;
                if (e === 0) break;
            }
            else if (status === ST_FINISH) {
                if (ahead) break;
                machine.finishFrame(v);
                // a fault handler returned (demand paging's): the access it retries is the machine's at once
                if (f.vector >= 0 && retriesAccess(v)) stepNext = true;
            }
            // ST_LEAVE: the pc left the region; the next turn finds its region
        }
        return n;
    }

    /**
     * The trap of the instruction at `f.pc` taken whole (fused-trap.ts) if the host fuses it and
     * all three steps start before the chunk's `end`, as they would one by one; or, when the chunk
     * ends inside them, if the next chunk (which then starts there) is one the engine may run
     * ahead into (executor.ts, `RunResult.aheadBoundary`, set here). Whether it was taken.
     */
    private fuseTrap(machine: Machine, request: RunRequest, f: Frame, code: Code, fusion: HostFusion, end: number): boolean {
        const fused = fusion.traps[code.instrs[f.pc].op] ?? null;
        if (fused === null) return false;
        const time = machine.cpu.time;
        if (time + fused.trapCycles + fused.handlerCycles < end) {
            this.fuse(machine, request.vcpu, f, code, fused, request.ahead);
            return true;
        }
        const until = request.until;
        if (request.aheadLimit <= 0 || end !== until) return false;
        // the chunk ends after the trap step (or the handler's instruction); the rest falls in the next chunk
        const boundary = time + fused.trapCycles >= until ? time + fused.trapCycles : time + fused.trapCycles + fused.handlerCycles;
        if (boundary + CHUNK_CYCLES >= request.aheadLimit) return false;
        this.fuse(machine, request.vcpu, f, code, fused, request.ahead);
        this.result.aheadBoundary = boundary;
        return true;
    }

    /**
     * An interrupt is due (`v.ran >= v.irqAt`): a tick straight into the guest's handler
     * (fused-tick.ts), else the machine's path, the monitor's one-command handler in one go when
     * nothing watches (fused-entry.ts). The steps taken, 0 when nothing was.
     */
    private interruptTurn(machine: Machine, request: RunRequest, canFuse: boolean, budget: number): number {
        const v = request.vcpu;
        if (canFuse && !request.pauseOnStops && budget >= FUSED_TICK_STEPS) {
            const ticked = fusedTick(machine, v, request.until);
            if (ticked > 0) {
                this.stats.fusedEntries++;
                this.stats.fusedTicks++;
                return ticked;
            }
        }
        const taken = machine.interruptSteps(v, canFuse && !request.pauseOnStops && budget >= FUSED_ENTRY_STEPS ? request.until : -1);
        if (taken > 0) {
            this.stats.stepped++;
            if (taken === FUSED_ENTRY_STEPS) this.stats.fusedEntries++;
        }
        return taken;
    }

    /**
     * `count` instructions (at most) by the exact interpreter: boundaries, odd flag words, refused
     * translations. 0 only when it stopped before what the machine must do, running ahead.
     */
    private interpret(machine: Machine, request: RunRequest, until: number, count: number): number {
        const e = this.exact.steps(machine, request, until, count);
        this.stats.exact += e;
        return e;
    }

    /** Accounts the traps a region took itself (one charge for all of them); returns how many. */
    private takeFusedTraps(machine: Machine, v: VcpuState, fusion: HostFusion): number {
        const nt = this.x.nt;
        const vm = machine.state.vms[v.vm];
        let traps = 0;
        let cycles = 0;
        const ops = fusion.ops;
        for (let i = 0; i < ops.length; i++) {
            const op = ops[i];
            const count = nt[op];
            if (count === 0) continue;
            nt[op] = 0;
            const fused = fusion.traps[op]!;
            traps += count;
            cycles += count * (fused.trapCycles + fused.handlerCycles);
            countFused(vm, fused, count);
        }
        if (traps === 0) return 0;
        this.charge(machine, vm, v, traps, cycles);
        // the region records the flag of the last one
        setIflag(v, this.x.ifl !== 0);
        return traps;
    }

    /**
     * `out` to a timer or serial port through the monitor, taken whole if it fits (fused-io.ts),
     * or a handler's `iret` (what `Machine.step` does for it: one instruction, the return); the
     * steps taken, or 0.
     */
    private fuseOut(machine: Machine, v: VcpuState, f: Frame, code: Code, until: number, budget: number): number {
        const ins = code.instrs[f.pc];
        const vm = machine.state.vms[v.vm];
        if (ins.op === OP.iret && f.vector >= 0 && machine.hosts[vm.model.host.index].technique !== 'binary') {
            chargeInstructions(machine, vm, v, f.layer, 1, machine.hosts[vm.model.host.index].costs.instruction);
            this.stats.stepped++;
            machine.finishFrame(v);
            return 1;
        }
        if (ins.op !== OP.out) return 0;
        const out = fusedOut(machine.hosts[vm.model.host.index]);
        // every step starts before the chunk ends, as it would one by one
        if (out === null || budget < out.steps || machine.cpu.time + out.lastStart >= until || !outFits(vm, v, f, ins)) return 0;
        fuseOut(machine, vm, v, f, ins, out);
        this.stats.fusedOuts++;
        return out.steps;
    }

    /** A trap, its one-command handler and the return, as `Machine.step` would leave them (fused-trap.ts). */
    private fuse(machine: Machine, v: VcpuState, f: Frame, code: Code, fused: FusedTrap, ahead: boolean): void {
        const vm = machine.state.vms[v.vm];
        this.charge(machine, vm, v, 1, fused.trapCycles + fused.handlerCycles);
        countFused(vm, fused, 1);
        setIflag(v, fused.iflag);
        f.pc++;
        if (f.pc >= code.instrs.length && !ahead) machine.finishFrame(v);
    }

    /** The steps, cycles and guest instructions of `count` fused traps (their exits: the caller's). */
    private charge(machine: Machine, vm: VmState, v: VcpuState, count: number, cycles: number): void {
        machine.state.steps += count * FUSED_TRAP_STEPS;
        vm.instructions += count;
        v.instructions += count;
        vm.cycles[L_HYPERVISOR] += cycles;
        v.ran += cycles;
        machine.cpu.time += cycles;
        this.stats.fused += count;
    }
}
