// The exact interpreter's run loop: a `switch` over compiled instructions with the pc exact at
// every instruction. Simple instructions on registers and integers (the bulk of any guest
// loop) run here with the frame's registers in hand and one integer cycle counter; anything
// else — memory, calls, syscalls, sensitive instructions, hardware commands, a block to
// translate, a fault — goes through `Machine.step`, which holds the full semantics.
import { alu, divideFaults } from './semantics.js';
import { F } from './code.js';
import { atBreakpoint, type Executor, type RunRequest, type RunResult } from '../executor.js';
import type { Machine } from '../machine.js';
import { L_KERNEL } from '../state.js';

/** The TLB's initial entry (never matched: tp = −1), an Int32Array so `ta` keeps one type. */
const NO_PAGE: Int32Array = new Int32Array(1024);

export class ExactExecutor implements Executor {
    readonly name = 'exact';
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
        let n = 0;
        while (n < budget && cpu.time < until && v.pcpu === cpu.id && !v.yielded) {
            const f = v.frames[v.frames.length - 1];
            const code = f.code;
            // running ahead (drive.ts): only the guest's own instructions, nothing the machine does
            if (ahead && (code === undefined || f.layer > L_KERNEL || f.pc >= code.instrs.length)) break;
            // the fast path: simple instructions of one frame. The flags travel as ONE number,
            // `fr`: the last result, or the exact difference of a cmp (zf = fr === 0, sf = fr < 0),
            // which V8 keeps in a register where two booleans halved the loop's speed. A flag word
            // with zf and sf both set (popf, set_flags) has no such number: the machine steps it.
            if (code !== undefined && !(binary && f.layer === L_KERNEL) && !(f.zf && f.sf)) {
                const instrs = code.instrs;
                const regs = f.regs;
                let pc = f.pc;
                let fr = f.zf ? 0 : f.sf ? -1 : 1;
                let k = 0;
                // one counter for the step budget and the time: instruction i starts at
                // time + i·cost, so it runs iff i < (until − time) / cost
                let limit = budget - n;
                // a predicate looks after every step: one instruction per turn (accounted below)
                if (predicate !== undefined) limit = 1;
                else if (cost > 0) {
                    const byTime = Math.ceil((until - cpu.time) / cost);
                    if (byTime < limit) limit = byTime;
                }
                // memory (Machine.touch): a guest frame's is the VM's, bounded by its declared size;
                // handler and driver stacks are the host's. A one-page TLB: `tp` → `ta`.
                const guestSide = f.layer <= L_KERNEL;
                const pages = guestSide ? vm.memory.pages : machine.state.hosts[vm.model.host.index].memory.pages;
                const declared = guestSide ? vm.model.memoryBytes : 0;
                const memoryLimit = declared > 0 ? declared : 0x1_0000_0000;
                let tp = -1;
                let ta = NO_PAGE;
                fast: while (k < limit) {
                    const ins = instrs[pc];
                    if (ins === undefined || (checkBreakpoints && ins.bp)) break;
                    switch (ins.fast) {
                        case 1 satisfies typeof F.NOP:
                            pc++;
                            break;
                        case 2 satisfies typeof F.MOV_RR:
                            regs[ins.av] = regs[ins.bv];
                            pc++;
                            break;
                        case 3 satisfies typeof F.MOV_RI:
                            regs[ins.av] = ins.bv;
                            pc++;
                            break;
                        case 4 satisfies typeof F.ADD_RR:
                            regs[ins.av] = fr = (regs[ins.av] + regs[ins.bv]) | 0;
                            pc++;
                            break;
                        case 5 satisfies typeof F.ADD_RI:
                            regs[ins.av] = fr = (regs[ins.av] + ins.bv) | 0;
                            pc++;
                            break;
                        case 6 satisfies typeof F.SUB_RR:
                            regs[ins.av] = fr = (regs[ins.av] - regs[ins.bv]) | 0;
                            pc++;
                            break;
                        case 7 satisfies typeof F.SUB_RI:
                            regs[ins.av] = fr = (regs[ins.av] - ins.bv) | 0;
                            pc++;
                            break;
                        case 21 satisfies typeof F.AND_RR:
                            regs[ins.av] = fr = (regs[ins.av] & regs[ins.bv]);
                            pc++;
                            break;
                        case 22 satisfies typeof F.AND_RI:
                            regs[ins.av] = fr = (regs[ins.av] & ins.bv);
                            pc++;
                            break;
                        case 23 satisfies typeof F.OR_RR:
                            regs[ins.av] = fr = (regs[ins.av] | regs[ins.bv]);
                            pc++;
                            break;
                        case 24 satisfies typeof F.OR_RI:
                            regs[ins.av] = fr = (regs[ins.av] | ins.bv);
                            pc++;
                            break;
                        case 25 satisfies typeof F.XOR_RR:
                            regs[ins.av] = fr = (regs[ins.av] ^ regs[ins.bv]);
                            pc++;
                            break;
                        case 26 satisfies typeof F.XOR_RI:
                            regs[ins.av] = fr = (regs[ins.av] ^ ins.bv);
                            pc++;
                            break;
                        case 27 satisfies typeof F.SHL_RR:
                            regs[ins.av] = fr = (regs[ins.av] << (regs[ins.bv] & 31));
                            pc++;
                            break;
                        case 28 satisfies typeof F.SHL_RI:
                            regs[ins.av] = fr = (regs[ins.av] << (ins.bv & 31));
                            pc++;
                            break;
                        case 29 satisfies typeof F.SHR_RR:
                            regs[ins.av] = fr = ((regs[ins.av] >>> (regs[ins.bv] & 31)) | 0);
                            pc++;
                            break;
                        case 30 satisfies typeof F.SHR_RI:
                            regs[ins.av] = fr = ((regs[ins.av] >>> (ins.bv & 31)) | 0);
                            pc++;
                            break;
                        case 31 satisfies typeof F.MUL_RR:
                            regs[ins.av] = fr = Math.imul(regs[ins.av], regs[ins.bv]);
                            pc++;
                            break;
                        case 32 satisfies typeof F.MUL_RI:
                            regs[ins.av] = fr = Math.imul(regs[ins.av], ins.bv);
                            pc++;
                            break;
                        case 8 satisfies typeof F.ALU_RR: case 9 satisfies typeof F.ALU_RI: {
                            // div and mod (semantics.ts: #DE is checked before alu)
                            const a = regs[ins.av];
                            const b = ins.fast === F.ALU_RR ? regs[ins.bv] : ins.bv;
                            if (divideFaults(ins.op, a, b)) break fast;
                            regs[ins.av] = fr = alu(ins.op, a, b);
                            pc++;
                            break;
                        }
                        case 10 satisfies typeof F.INC:
                            regs[ins.av] = fr = (regs[ins.av] + 1) | 0;
                            pc++;
                            break;
                        case 11 satisfies typeof F.DEC:
                            regs[ins.av] = fr = (regs[ins.av] - 1) | 0;
                            pc++;
                            break;
                        case 12 satisfies typeof F.CMP_RR:
                            fr = regs[ins.av] - regs[ins.bv];
                            pc++;
                            break;
                        case 13 satisfies typeof F.CMP_RI:
                            fr = regs[ins.av] - ins.bv;
                            pc++;
                            break;
                        case 14 satisfies typeof F.JMP:
                            pc = ins.target;
                            break;
                        case 15 satisfies typeof F.JZ:
                            pc = fr === 0 ? ins.target : pc + 1;
                            break;
                        case 16 satisfies typeof F.JNZ:
                            pc = fr !== 0 ? ins.target : pc + 1;
                            break;
                        case 17 satisfies typeof F.JL:
                            pc = fr < 0 ? ins.target : pc + 1;
                            break;
                        case 18 satisfies typeof F.JLE:
                            pc = fr <= 0 ? ins.target : pc + 1;
                            break;
                        case 19 satisfies typeof F.JG:
                            pc = fr > 0 ? ins.target : pc + 1;
                            break;
                        case 33 satisfies typeof F.LOAD: {
                            const a = ins.mk === 1 ? regs[ins.mv] : ins.mv;
                            if ((a >>> 0) >= memoryLimit) break fast;
                            if (a >>> 12 !== tp) {
                                // a page not there yet (first touch, swap, the page limit): the machine
                                const page = pages.get(a >>> 12);
                                if (page === undefined) break fast;
                                tp = a >>> 12;
                                ta = page;
                            }
                            regs[ins.av] = ta[(a & 4095) >> 2];
                            pc++;
                            break;
                        }
                        case 34 satisfies typeof F.STORE: {
                            const a = ins.mk === 1 ? regs[ins.mv] : ins.mv;
                            if ((a >>> 0) >= memoryLimit) break fast;
                            if (a >>> 12 !== tp) {
                                const page = pages.get(a >>> 12);
                                if (page === undefined) break fast;
                                tp = a >>> 12;
                                ta = page;
                            }
                            ta[(a & 4095) >> 2] = ins.bk === 1 ? regs[ins.bv] : ins.bv;
                            pc++;
                            break;
                        }
                        case 20 satisfies typeof F.JGE:
                            pc = fr >= 0 ? ins.target : pc + 1;
                            break;
                        default:
                            break fast;
                    }
                    k++;
                    // running off the end returns: `ins` is undefined there, the machine does it
                }
                if (k > 0) {
                    f.pc = pc;
                    f.zf = fr === 0;
                    f.sf = fr < 0;
                    const cycles = k * cost;
                    cpu.time += cycles;
                    vm.cycles[f.layer] += cycles;
                    v.ran += cycles;
                    if (f.layer <= L_KERNEL) vm.instructions += k;
                    machine.state.steps += k;
                    n += k;
                    if (pc >= instrs.length) {
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
