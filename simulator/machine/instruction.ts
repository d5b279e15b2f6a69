// One instruction of a frame with code, in any layer, with general operands (parameters too):
// the simple instructions by the semantics table (cpu/semantics.ts, as every executor), memory
// and the stack, calls and returns, then entries into other layers and the sensitive ones.
// Executors run the common simple instructions themselves and hand the rest here.
import { OP, type Instr } from '../cpu/code.js';
import { alu, divideFaults, flagsNumber, jumpTaken, MAX_CALL_DEPTH, SIMPLE_BY_OP, type SimpleSemantics } from '../cpu/semantics.js';
import type { Machine } from '../machine.js';
import { L_KERNEL, PK_STR, type Frame, type VcpuState, type VmState } from '../state.js';
import { charge, chargeTranslation } from './costs.js';
import { issueCommand } from './hardware.js';
import { advance, finish, hypercall, syscall } from './layers.js';
import { arg, cacheTranslation, EPT_VIOLATION, load, paged, pagedAccess, pop32, push32, read, setDest, store } from './operands.js';
import { enterPagingHandler } from './paging-exits.js';
import { PAGE_SIZE } from '../memory.js';
import { PageFaultReason } from './mmu.js';
import { raiseException, vectorOfMnemonic } from './exceptions.js';
import { writeConsole } from './devices.js';
import { sensitive } from './sensitive.js';
import { emitStop, Fault, kill } from './stops.js';
import { reason } from '../stop-reason.js';

export function instruction(m: Machine, vm: VmState, v: VcpuState, f: Frame): void {
    const code = f.code!;
    const ins = code.instrs[f.pc];
    const host = m.hosts[vm.model.host.index];
    if (f.layer <= L_KERNEL) {
        vm.instructions++;
        v.instructions++;
        if (!f.user && host.technique === 'binary' && code.leaders[f.pc]) chargeTranslation(m, vm, v, code, f.pc);
    }
    const s = SIMPLE_BY_OP[ins.op];
    if (s !== undefined) {
        simple(m, vm, v, f, ins, s, host.costs.instruction);
        return;
    }
    switch (ins.op) {
        case 15 satisfies typeof OP.load: case 16 satisfies typeof OP.store:
        case 17 satisfies typeof OP.push: case 18 satisfies typeof OP.pop:
            // a page fault the guest takes: the instruction runs again after its handler
            if (!memory(m, vm, v, f, ins)) return;
            charge(m, vm, v, f.layer, host.costs.instruction);
            advance(m, vm, v, f);
            return;
        case 28 satisfies typeof OP.call:
            charge(m, vm, v, f.layer, host.costs.call);
            call(m, vm, v, f, ins);
            return;
        case 29 satisfies typeof OP.ret:
            // translated kernel code returns through the translation cache: an indirect jump
            charge(m, vm, v, f.layer, host.costs.ret + (!f.user && f.layer === L_KERNEL && host.technique === 'binary' ? host.costs.ret_bt : 0));
            ret(m, vm, v, f);
            return;
        case 30 satisfies typeof OP.syscall:
            syscall(m, vm, v, f, ins, host);
            return;
        case 46 satisfies typeof OP.hypercall:
            hypercall(m, vm, v, f, ins, host);
            return;
        case 47 satisfies typeof OP.hw:
            issueCommand(m, vm, v, f, ins, host);
            return;
        case 48 satisfies typeof OP.iret:
            if (f.vector < 0) throw new Fault('#GP', reason('iret-outside-handler'));
            charge(m, vm, v, f.layer, host.costs.instruction);
            finish(m, vm, v, f);
            return;
        case 49 satisfies typeof OP.abort:
            abort(m, vm, v, f, ins);
            return;
    }
    sensitive(m, vm, v, f, ins, host);
}

/** nop, mov, arithmetic, cmp, jumps: what the table says, on any operands. */
function simple(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr, s: SimpleSemantics, cost: number): void {
    const op = ins.op;
    if (s.taken) {
        charge(m, vm, v, f.layer, cost);
        if (jumpTaken(op, f.zf, f.sf)) jump(m, vm, v, f, ins);
        else advance(m, vm, v, f);
        return;
    }
    const a = s.reads === 'ab' || s.reads === 'a' ? read(m, f, ins.ak, ins.av) : 0;
    const b = s.reads === 'ab' || s.reads === 'b' ? read(m, f, ins.bk, ins.bv) : 0;
    if (divideFaults(op, a, b)) throw new Fault('#DE', reason('divide-error'));
    if (s.value) {
        const r = alu(op, a, b);
        setDest(f, ins.ak, ins.av, r);
        if (s.flags === 'value') setFlags(f, r);
    } else if (s.flags) setFlags(f, flagsNumber(op, a, b));
    charge(m, vm, v, f.layer, cost);
    advance(m, vm, v, f);
}

/** zf: the number is 0; sf: it is negative. */
function setFlags(f: Frame, n: number): void {
    f.zf = n === 0;
    f.sf = n < 0;
}

/**
 * load, store, push, pop: checked accesses (#PF past the VM's memory, first touches, swap).
 * False when a paged load or store raised a page fault for the guest's handler: demand paging
 * takes one per fresh page, raised here without the throw of other faults (which cost more
 * than the rest of the fault).
 */
function memory(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr): boolean {
    switch (ins.op) {
        case 15 satisfies typeof OP.load: {
            const address = read(m, f, ins.mk, ins.mv);
            if (!paged(v, f)) setDest(f, ins.ak, ins.av, load(m, vm, v, f, address));
            else {
                const physical = pagedAccess(m, vm, v, f, address, false);
                if (physical < 0) return physical <= EPT_VIOLATION ? eptExit(m, vm, v, f, address, EPT_VIOLATION - physical) : raisePageFault(m, vm, v, address, -1 - physical);
                setDest(f, ins.ak, ins.av, vm.memory.read(physical));
            }
            return true;
        }
        case 16 satisfies typeof OP.store: {
            const address = read(m, f, ins.mk, ins.mv);
            const value = read(m, f, ins.bk, ins.bv);
            if (!paged(v, f)) store(m, vm, v, f, address, value);
            else {
                const physical = pagedAccess(m, vm, v, f, address, true, value);
                if (physical < 0) return physical <= EPT_VIOLATION ? eptExit(m, vm, v, f, address, EPT_VIOLATION - physical) : raisePageFault(m, vm, v, address, -1 - physical);
                vm.memory.write(physical, value);
            }
            return true;
        }
        case 17 satisfies typeof OP.push:
            push32(m, vm, v, f, read(m, f, ins.ak, ins.av));
            return true;
        case 18 satisfies typeof OP.pop:
            setDest(f, ins.ak, ins.av, pop32(m, vm, v, f));
            return true;
    }
    return true;
}

/**
 * The page fault a guest access at `va` got (error `code`), handed to the guest's handler as
 * `Machine.step` hands a thrown one (its `fault`); without a handler it is thrown after all, and
 * the VM stops as before. Returns false: the instruction did not complete.
 */
const PAGE_FAULT_VECTOR = vectorOfMnemonic('#PF')!;

function raisePageFault(m: Machine, vm: VmState, v: VcpuState, va: number, code: number): false {
    vm.mem.guestPageFaults++;
    if (raiseException(m, vm, v, PAGE_FAULT_VECTOR, va, code, new PageFaultReason(va, code, '#PF'))) return false;
    throw new Fault('#PF', new PageFaultReason(va, code), va, code);
}

/**
 * The access at `va` reached guest-physical `page`, which no host page backs yet (nested paging):
 * the monitor's EPT_VIOLATION handler, then the access again. Taken whole (fused-ept.ts), the
 * page is there now, and the executors' fast paths may reach it for the retry. Returns false.
 */
function eptExit(m: Machine, vm: VmState, v: VcpuState, f: Frame, va: number, page: number): false {
    enterPagingHandler(m, vm, v, f, 'eptViolation', page * PAGE_SIZE, 0);
    if (v.frames[v.frames.length - 1] === f) cacheTranslation(vm, v, va >>> 12, page, vm.memory);
    return false;
}

/**
 * `abort TEXT` (guest kernel): the kernel ends the VM's program, as a kernel kills a process it
 * cannot let go on — the text on its console (`Segmentation fault`), status `faulted` with the
 * reason of the exception being handled.
 */
function abort(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr): void {
    if (f.user) throw new Fault('#GP', reason('abort-in-user-mode'));
    charge(m, vm, v, f.layer, m.hosts[vm.model.host.index].costs.instruction);
    arg(m, f, ins.ak, ins.av);
    const text = m.argKind === PK_STR ? m.strings[m.argValue] : `${m.argValue}\n`;
    writeConsole(m, vm, text);
    // the exception being handled: its reason, at the instruction that faulted
    let i = v.frames.length - 1;
    while (i > 0 && v.frames[i].reason === undefined) i--;
    const handled = v.frames[i].reason !== undefined ? v.frames[i] : undefined;
    const below = handled && v.frames[i - 1];
    const at = below?.code?.instrs[Math.min(below.pc, below.code.instrs.length - 1)]?.loc ?? ins.loc;
    const why = handled?.reason ?? reason('aborted', text.trim());
    kill(m, vm, 'faulted', why, at);
    emitStop(m, 'fault', vm, v, why, at);
}

function call(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr): void {
    if (f.calls.length >= MAX_CALL_DEPTH) throw new Fault('#SS', reason('call-depth', MAX_CALL_DEPTH));
    f.calls.push(f.pc + 1);
    jump(m, vm, v, f, ins);
}

/** Back to the return address; with none, the body returns. */
function ret(m: Machine, vm: VmState, v: VcpuState, f: Frame): void {
    if (f.calls.length > 0) {
        f.pc = f.calls.pop()!;
        if (f.pc >= f.code!.instrs.length) finish(m, vm, v, f);
    } else finish(m, vm, v, f);
}

function jump(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr): void {
    if (ins.target < 0) throw new Fault('#UD', reason('undefined-label'));
    f.pc = ins.target;
    if (f.pc >= f.code!.instrs.length) finish(m, vm, v, f);
}
