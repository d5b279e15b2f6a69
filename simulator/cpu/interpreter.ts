// The exact interpreter's run loop, with the pc exact at every instruction. Simple instructions
// on registers and integers (the bulk of any guest loop) run in its inner loop (simple-loop.ts)
// with the frame's registers in hand and one integer cycle counter; anything
// else — memory, calls, syscalls, sensitive instructions, hardware commands, a block to
// translate, a fault — goes through `Machine.step`, which holds the full semantics.
import { atBreakpoint, type Executor, type RunRequest, type RunResult } from '../executor.js';
import type { Machine } from '../machine.js';
import { chargeInstructions } from '../machine/costs.js';
import { L_KERNEL } from '../state.js';
import { F_NONE } from './fast-forms.js';
import { newSimpleRun, pagedLoop, simpleLoop, type SimpleRun } from './simple-loop.js';

export class ExactExecutor implements Executor {
    readonly name = 'exact';
    /** The inner loop's in and out (reused). */
    private readonly s: SimpleRun = newSimpleRun();
    private readonly result: RunResult = { steps: 0, predicateHit: false, aheadBoundary: -1 };

    run(machine: Machine, request: RunRequest): RunResult {
        const r = this.result;
        r.predicateHit = false;
        r.steps = this.steps(machine, request, request.until, request.budget);
        return r;
    }

    /** Nothing derived from the code is kept. */
    invalidate(): void {}

    /**
     * Runs `request.vcpu` until the clock reaches `until` or `budget` steps (the fast executor
     * calls this for the instructions it does not translate); returns the steps executed.
     */
    steps(machine: Machine, request: RunRequest, until: number, budget: number): number {
        const v = request.vcpu;
        const cpu = machine.cpu;
        const checkBreakpoints = request.breakpoints;
        const ahead = request.ahead;
        const pauseOnStops = request.pauseOnStops;
        const vm = machine.state.vms[v.vm];
        const host = machine.hosts[vm.model.host.index];
        const cost = host.costs.instruction;
        const binary = host.technique === 'binary';
        // the debugger's predicate (step over / out, data breakpoints): checked after every step
        // (the fast path then runs one instruction per turn)
        const predicate = request.predicate;
        const s = this.s;
        let n = 0;
        while (n < budget && cpu.time < until && v.pcpu === cpu.id && !v.yielded) {
            // an interrupt due at this instruction boundary (machine/exceptions.ts)
            if (v.ran >= v.irqAt) {
                if (ahead) break;
                if (machine.interrupt(v)) {
                    n++;
                    if (predicate !== undefined && predicate()) {
                        this.result.predicateHit = true;
                        break;
                    }
                    if (machine.stopEvent !== undefined && pauseOnStops) break;
                    continue;
                }
            }
            const f = v.frames[v.frames.length - 1];
            const code = f.code;
            // running ahead (drive.ts): only the guest's own instructions, nothing the machine does
            if (ahead && (code === undefined || f.layer > L_KERNEL || f.pc >= code.instrs.length)) break;
            // the fast path: simple instructions of one frame (simple-loop.ts, generated from the
            // semantics table). A flag word with zf and sf both set (popf, set_flags) has no
            // number `fr` can hold: the machine steps it.
            // (only when the next instruction has a fast form: a trap or a hw command goes straight
            // to the machine)
            if (code !== undefined && code.instrs[f.pc]?.fast !== F_NONE && !(binary && f.layer === L_KERNEL) && !(f.zf && f.sf)) {
                // one counter for the step budget and the time: instruction i starts at
                // time + i·cost, so it runs iff i < (until − time) / cost
                let limit = budget - n;
                // a predicate looks after every step: one instruction per turn (accounted below)
                if (predicate !== undefined) limit = 1;
                else if (cost > 0) {
                    // a batch ends where an interrupt falls due (irqAt, in the vCPU's time), as the chunk's end
                    const end = v.irqAt > v.ran ? Math.min(until, cpu.time + (v.irqAt - v.ran)) : until;
                    const byTime = Math.ceil((end - cpu.time) / cost);
                    if (byTime < limit) limit = byTime;
                }
                // memory: a guest frame's is the VM's, bounded by its declared size; handler and
                // driver stacks are the host's
                const guestSide = f.layer <= L_KERNEL;
                // paging on: virtual pages the TLB holds with every access allowed (tlb.ts)
                const paged = guestSide && v.paging;
                const declared = guestSide && !paged ? vm.model.memoryBytes : 0;
                s.pc = f.pc;
                s.fr = f.zf ? 0 : f.sf ? -1 : 1;
                s.limit = limit;
                s.breakpoints = checkBreakpoints;
                s.pages = paged ? (f.user ? v.tlb.fastUser : v.tlb.fastKernel) : guestSide ? vm.memory.pages : machine.state.hosts[vm.model.host.index].memory.pages;
                s.memoryLimit = declared > 0 ? declared : 0x1_0000_0000;
                const k = (paged ? pagedLoop : simpleLoop)(code.instrs, f.regs, s);
                if (paged) vm.mem.tlbHits += s.hits;
                if (k > 0) {
                    f.pc = s.pc;
                    f.zf = s.fr === 0;
                    f.sf = s.fr < 0;
                    chargeInstructions(machine, vm, v, f.layer, k, cost);
                    n += k;
                    if (s.pc >= code.instrs.length) {
                        // ahead, the return waits for this pCPU's turn (the engine does it then)
                        if (ahead) break;
                        machine.finishFrame(v);
                    }
                    if (predicate !== undefined && predicate()) {
                        this.result.predicateHit = true;
                        break;
                    }
                    continue;
                }
            }
            if (ahead || (checkBreakpoints && atBreakpoint(v))) break;
            machine.step(v);
            n++;
            if (predicate !== undefined && predicate()) {
                this.result.predicateHit = true;
                break;
            }
            if (machine.stopEvent !== undefined && pauseOnStops) break;
        }
        return n;
    }
}
