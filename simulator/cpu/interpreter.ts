// The exact interpreter's run loop: a `switch` over compiled instructions with the pc exact at
// every instruction. Simple instructions on registers and integers (the bulk of any guest
// loop) run here with the frame's registers in hand and one integer cycle counter; anything
// else — memory, calls, syscalls, sensitive instructions, hardware commands, a block to
// translate, a fault — goes through `Machine.step`, which holds the full semantics.
import { alu, DIVIDE_ERROR, jumpTaken } from './semantics.js';
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
            // the fast path: simple instructions of one frame
            if (code !== undefined && !(binary && f.layer === L_KERNEL)) {
                const instrs = code.instrs;
                const regs = f.regs;
                let pc = f.pc;
                let time = cpu.time;
                let zf = f.zf;
                let sf = f.sf;
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
                        case F.ADD_RR: case F.ADD_RI: case F.SUB_RR: case F.SUB_RI: {
                            const b = ins.fast === F.ADD_RR || ins.fast === F.SUB_RR ? regs[ins.bv] : ins.bv;
                            const r = ins.fast <= F.ADD_RI ? (regs[ins.av] + b) | 0 : (regs[ins.av] - b) | 0;
                            regs[ins.av] = r;
                            zf = r === 0;
                            sf = r < 0;
                            pc++;
                            break;
                        }
                        case F.ALU_RR: case F.ALU_RI: {
                            const r = alu(ins.op, regs[ins.av], ins.fast === F.ALU_RR ? regs[ins.bv] : ins.bv);
                            if (r === DIVIDE_ERROR) break fast;
                            regs[ins.av] = r;
                            zf = r === 0;
                            sf = r < 0;
                            pc++;
                            break;
                        }
                        case F.INC: {
                            const r = (regs[ins.av] + 1) | 0;
                            regs[ins.av] = r;
                            zf = r === 0;
                            sf = r < 0;
                            pc++;
                            break;
                        }
                        case F.DEC: {
                            const r = (regs[ins.av] - 1) | 0;
                            regs[ins.av] = r;
                            zf = r === 0;
                            sf = r < 0;
                            pc++;
                            break;
                        }
                        case F.CMP_RR: case F.CMP_RI: {
                            const d = regs[ins.av] - (ins.fast === F.CMP_RR ? regs[ins.bv] : ins.bv);
                            zf = d === 0;
                            sf = d < 0;
                            pc++;
                            break;
                        }
                        case F.JMP:
                            pc = ins.target;
                            break;
                        case F.JZ:
                            pc = zf ? ins.target : pc + 1;
                            break;
                        case F.JNZ:
                            pc = zf ? pc + 1 : ins.target;
                            break;
                        case F.JCC:
                            pc = jumpTaken(ins.op, zf, sf) ? ins.target : pc + 1;
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
                    f.zf = zf;
                    f.sf = sf;
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
