// The exact interpreter's run loop: a `switch` over compiled instructions with the pc exact at
// every instruction. Simple instructions on registers and integers (the bulk of any guest
// loop) run here with the frame's registers in hand and one integer cycle counter; anything
// else — memory, calls, syscalls, sensitive instructions, hardware commands, a block to
// translate, a fault — goes through `Machine.step`, which holds the full semantics.
import { alu, DIVIDE_ERROR, jumpTaken } from './semantics.js';
import { K, OP } from './code.js';
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
                    const op = ins.op;
                    switch (op) {
                        case OP.nop:
                            pc++;
                            break;
                        case OP.mov:
                            if (ins.ak !== K.reg || (ins.bk !== K.reg && ins.bk !== K.imm)) break fast;
                            regs[ins.av] = ins.bk === K.reg ? regs[ins.bv] : ins.bv;
                            pc++;
                            break;
                        case OP.add: case OP.sub: case OP.mul: case OP.div: case OP.mod:
                        case OP.and: case OP.or: case OP.xor: case OP.shl: case OP.shr: {
                            if (ins.ak !== K.reg || (ins.bk !== K.reg && ins.bk !== K.imm)) break fast;
                            const r = alu(op, regs[ins.av], ins.bk === K.reg ? regs[ins.bv] : ins.bv);
                            if (r === DIVIDE_ERROR) break fast;
                            regs[ins.av] = r;
                            zf = r === 0;
                            sf = r < 0;
                            pc++;
                            break;
                        }
                        case OP.inc: case OP.dec: {
                            if (ins.ak !== K.reg) break fast;
                            const r = op === OP.inc ? (regs[ins.av] + 1) | 0 : (regs[ins.av] - 1) | 0;
                            regs[ins.av] = r;
                            zf = r === 0;
                            sf = r < 0;
                            pc++;
                            break;
                        }
                        case OP.cmp: {
                            if ((ins.ak !== K.reg && ins.ak !== K.imm) || (ins.bk !== K.reg && ins.bk !== K.imm)) break fast;
                            const d = (ins.ak === K.reg ? regs[ins.av] : ins.av) - (ins.bk === K.reg ? regs[ins.bv] : ins.bv);
                            zf = d === 0;
                            sf = d < 0;
                            pc++;
                            break;
                        }
                        case OP.jmp: case OP.jz: case OP.jnz: case OP.je: case OP.jne:
                        case OP.jl: case OP.jle: case OP.jg: case OP.jge:
                            if (ins.target < 0 || ins.target >= instrs.length) break fast;
                            pc = jumpTaken(op, zf, sf) ? ins.target : pc + 1;
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
