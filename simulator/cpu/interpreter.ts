// The exact interpreter's run loop: a `switch` over compiled instructions with the pc exact at
// every instruction. Simple instructions on registers and integers (the bulk of any guest
// loop) run here with the frame's registers in hand and one integer cycle counter; anything
// else — memory, calls, syscalls, sensitive instructions, hardware commands, a block to
// translate, a fault — goes through `Machine.step`, which holds the full semantics.
import { alu, divideFaults } from './semantics.js';
import { F } from './code.js';
import type { Executor, Simulation } from '../engine.js';
import type { VcpuState } from '../state.js';
import { L_KERNEL } from '../state.js';

export class ExactExecutor implements Executor {
    readonly name = 'exact';

    run(sim: Simulation, v: VcpuState, until: number, budget: number): number {
        const machine = sim.machine;
        const cpu = machine.cpu;
        const checkBreakpoints = sim.breakpointsActive;
        const vm = machine.state.vms[v.vm];
        const host = machine.hosts[vm.model.host.index];
        const cost = host.costs.instruction;
        const binary = host.technique === 'binary';
        let n = 0;
        while (n < budget && cpu.time < until && v.pcpu === cpu.id && !v.yielded) {
            const f = v.frames[v.frames.length - 1];
            const code = f.code;
            // the fast path: simple instructions of one frame. The flags travel as ONE number,
            // `fr`: the last result, or the exact difference of a cmp (zf = fr === 0, sf = fr < 0),
            // which V8 keeps in a register where two booleans halved the loop's speed. A flag word
            // with zf and sf both set (popf, set_flags) has no such number: the machine steps it.
            if (code !== undefined && !(binary && f.layer === L_KERNEL) && !(f.zf && f.sf)) {
                const instrs = code.instrs;
                const regs = f.regs;
                let pc = f.pc;
                let time = cpu.time;
                let fr = f.zf ? 0 : f.sf ? -1 : 1;
                let k = 0;
                const limit = budget - n;
                fast: while (k < limit && time < until) {
                    const ins = instrs[pc];
                    if (ins === undefined || (checkBreakpoints && ins.bp)) break;
                    switch (ins.fast) {
                        case F.NOP:
                            pc++;
                            break;
                        case F.MOV_RR:
                            regs[ins.av] = regs[ins.bv];
                            pc++;
                            break;
                        case F.MOV_RI:
                            regs[ins.av] = ins.bv;
                            pc++;
                            break;
                        case F.ADD_RR:
                            regs[ins.av] = fr = (regs[ins.av] + regs[ins.bv]) | 0;
                            pc++;
                            break;
                        case F.ADD_RI:
                            regs[ins.av] = fr = (regs[ins.av] + ins.bv) | 0;
                            pc++;
                            break;
                        case F.SUB_RR:
                            regs[ins.av] = fr = (regs[ins.av] - regs[ins.bv]) | 0;
                            pc++;
                            break;
                        case F.SUB_RI:
                            regs[ins.av] = fr = (regs[ins.av] - ins.bv) | 0;
                            pc++;
                            break;
                        case F.ALU_RR: case F.ALU_RI: {
                            const a = regs[ins.av];
                            const b = ins.fast === F.ALU_RR ? regs[ins.bv] : ins.bv;
                            if (divideFaults(ins.op, a, b)) break fast;
                            regs[ins.av] = fr = alu(ins.op, a, b);
                            pc++;
                            break;
                        }
                        case F.INC:
                            regs[ins.av] = fr = (regs[ins.av] + 1) | 0;
                            pc++;
                            break;
                        case F.DEC:
                            regs[ins.av] = fr = (regs[ins.av] - 1) | 0;
                            pc++;
                            break;
                        case F.CMP_RR:
                            fr = regs[ins.av] - regs[ins.bv];
                            pc++;
                            break;
                        case F.CMP_RI:
                            fr = regs[ins.av] - ins.bv;
                            pc++;
                            break;
                        case F.JMP:
                            pc = ins.target;
                            break;
                        case F.JZ:
                            pc = fr === 0 ? ins.target : pc + 1;
                            break;
                        case F.JNZ:
                            pc = fr !== 0 ? ins.target : pc + 1;
                            break;
                        case F.JL:
                            pc = fr < 0 ? ins.target : pc + 1;
                            break;
                        case F.JLE:
                            pc = fr <= 0 ? ins.target : pc + 1;
                            break;
                        case F.JG:
                            pc = fr > 0 ? ins.target : pc + 1;
                            break;
                        case F.JGE:
                            pc = fr >= 0 ? ins.target : pc + 1;
                            break;
                        default:
                            break fast;
                    }
                    time += cost;
                    k++;
                    if (pc >= instrs.length) {
                        // running off the end returns: let the machine do it on the next step
                        break;
                    }
                }
                if (k > 0) {
                    f.pc = pc;
                    f.zf = fr === 0;
                    f.sf = fr < 0;
                    const cycles = k * cost;
                    cpu.time = time;
                    vm.cycles[f.layer] += cycles;
                    v.ran += cycles;
                    if (f.layer <= L_KERNEL) vm.instructions += k;
                    machine.state.steps += k;
                    n += k;
                    if (pc >= instrs.length && f.pc >= instrs.length) {
                        machine.finishFrame(v);
                    }
                    continue;
                }
            }
            if (checkBreakpoints && sim.atBreakpoint(v)) break;
            machine.step(v);
            n++;
            if (machine.stopEvent !== undefined && sim.pauseOnStops) break;
        }
        return n;
    }
}
