// Hardware commands, the unified `hw NAME(args)` set a hypervisor (or host driver) uses to touch
// the machine: issuing one (a hardware frame; under Type 2 first the host OS's driver, a world
// switch each way), running it (what each command does, its cost), and the devices it writes to.
import { HW, HW_INFO, K, OP, SP, type Instr } from '../cpu/code.js';
import { flagsWord, FLAG_IF, FLAG_SF, FLAG_ZF, VIRTUAL_CPUID } from '../cpu/semantics.js';
import type { HostCode, Machine } from '../machine.js';
import { L_HOST, L_HYPERVISOR, L_KERNEL, PK_INT, type Frame, type VcpuState, type VmState } from '../state.js';
import { charge } from './costs.js';
import { checkDepth, enter, finish, guestFrame, HANDLER_STACK_TOP, newFrame, pushFrame } from './layers.js';
import { readDevice, writeDevice } from './devices.js';
import { bind } from './operands.js';
import { armTimer, idle, inject } from './interrupts.js';
import { invalidatePage, loadRoot } from './mmu.js';
import { validatedPteBatch, validatedPteWrite } from './mmu-update.js';
import { PAGING_COMMANDS } from './paging-exits.js';
import { Fault, halt, setStop } from './stops.js';
import { reason } from '../stop-reason.js';

/** `hw NAME(args)`: enters the hardware frame that runs the command, or the host driver that issues it. */
export function issueCommand(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
    if (f.layer <= L_KERNEL) throw new Fault('#UD', reason('hw-outside-hypervisor', ins.name));
    const info = ins.hw >= 0 ? HW_INFO[ins.hw] : undefined;
    if (!info) throw new Fault('#UD', reason('unknown-hw-command', ins.name));
    checkDepth(v);
    charge(m, vm, v, f.layer, host.costs.instruction);
    if (f.kind === 'hypervisor' && host.model.kind === 'type2' && info.viaHost) {
        viaHost(m, vm, v, f, ins, host);
        return;
    }
    const frame = newFrame(m, 'hardware', HW_FRAME_NAME[ins.hw], undefined, false, f.layer, ins.loc);
    frame.hw = ins.name;
    frame.hwCode = ins.hw;
    bind(m, f, frame, ins.argk, ins.argv);
    pushFrame(m, v, frame);
}

/** Type 2: the hypervisor asks the host OS to touch the hardware — a world switch each way. */
function viaHost(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
    charge(m, vm, v, L_HOST, host.costs.world_switch);
    // the host OS's address space: an untagged TLB is flushed
    if (!host.taggedTlb) v.tlb.flush();
    const driver = host.drivers.get(ins.name);
    if (driver) {
        const frame = newFrame(m, 'host', `host ${host.hostOsName} ${ins.name}`, driver, false, L_HOST);
        bind(m, f, frame, ins.argk, ins.argv);
        frame.regs[SP] = HANDLER_STACK_TOP;
        enter(m, vm, v, frame);
        return;
    }
    // a host OS without that driver: the host kernel runs the command itself (a code-less host
    // frame that `runCommand` executes; leaving it pays the world switch back)
    const frame = newFrame(m, 'host', `host ${host.hostOsName} ${ins.name}`, undefined, false, L_HOST, ins.loc);
    frame.hw = ins.name;
    frame.hwCode = ins.hw;
    bind(m, f, frame, ins.argk, ins.argv);
    pushFrame(m, v, frame);
}

/** Runs the hardware command of a code-less frame, then returns to the frame that issued it. */
export function runCommand(m: Machine, vm: VmState, v: VcpuState, f: Frame): void {
    const info = HW_INFO[f.hwCode];
    if (info.cost) {
        const costs = m.hosts[vm.model.host.index].costs;
        // a port access issued by the monitor is answered by its device model (an emulated
        // device), not the slow real device; a host driver's (Type 2) reaches the real one
        const n = info.cost === 'io' && f.layer === L_HYPERVISOR ? costs.device : costs[info.cost];
        if (info.paging) vm.mem.pagingCycles += n;
        charge(m, vm, v, f.layer, n);
    }
    const result = COMMANDS[f.hwCode](m, vm, v, f);
    if (result === STOPPED) return;
    f.regs[0] = result;
    finish(m, vm, v, f);
}

/** A command's result (r0 of its frame), or STOPPED: the vCPU stopped, nothing returns. */
type Command = (m: Machine, vm: VmState, v: VcpuState, f: Frame) => number;
const STOPPED = -0.5;
const param = (f: Frame, i: number): number => f.pv[i] ?? 0;

/** What each command does, by name (every command of the ISA has its entry: the type checks it). */
const COMMAND_BY_NAME: Record<keyof typeof HW, Command> = {
    io_write: (m, vm, v, f) => {
        writeDevice(m, vm, v, f.pk[0] ?? PK_INT, f.pv[0] ?? -1, f.pk[1] ?? PK_INT, param(f, 1));
        return 0;
    },
    io_read: (m, vm, v, f) => readDevice(m, vm, v, f.pk[0] ?? PK_INT, param(f, 0)),
    halt: (m, vm, v) => (idle(m, vm, v, reason('hw-halt')) ? 0 : STOPPED),
    shutdown: (m, vm, v, f) => {
        shutdown(m, vm, v, param(f, 0));
        return STOPPED;
    },
    yield: (_m, _vm, v) => {
        v.yielded = true;
        return 0;
    },
    timer: (_m, _vm, v, f) => {
        armTimer(v, param(f, 0));
        return 0;
    },
    mmu_load: (m, vm, v, f) => {
        loadRoot(m, vm, v, param(f, 0));
        return 0;
    },
    mmu_flush: (m, vm, v, f) => {
        invalidatePage(m, vm, v, param(f, 0));
        return 0;
    },
    pte_write: (m, vm, v, f) => validatedPteWrite(m, vm, v, param(f, 0), param(f, 1)),
    pte_write_batch: (m, vm, v, f) => validatedPteBatch(m, vm, v, param(f, 0), param(f, 1)),
    ...PAGING_COMMANDS,
    idt_load: (_m, _vm, v, f) => {
        loadIdt(v, guestFrame(v), param(f, 0));
        return 0;
    },
    idt_base: (_m, _vm, v) => v.idt,
    set_if: (_m, _vm, v, f) => {
        v.iflag = param(f, 0) !== 0;
        return 0;
    },
    get_flags: (_m, _vm, v) => {
        const guest = guestFrame(v);
        return flagsWord(guest?.zf ?? false, guest?.sf ?? false, v.iflag);
    },
    set_flags: (_m, _vm, v, f) => {
        const guest = guestFrame(v);
        const word = param(f, 0);
        if (guest) {
            guest.zf = (word & FLAG_ZF) !== 0;
            guest.sf = (word & FLAG_SF) !== 0;
        }
        v.iflag = (word & FLAG_IF) !== 0;
        return 0;
    },
    cpu_id: () => VIRTUAL_CPUID,
    read_tsc: (_m, _vm, v) => v.ran | 0,
    emulate: () => 0,
    inject: (m, vm, v, f) => {
        inject(m, vm, v, param(f, 0), param(f, 1));
        return 0;
    },
};
const COMMANDS: Command[] = [];
for (const [name, index] of Object.entries(HW)) COMMANDS[index] = COMMAND_BY_NAME[name as keyof typeof HW];

/** Hardware frame names by HW index: `hw io_write` (not built per command). */
const HW_FRAME_NAME: string[] = [];
for (const [name, index] of Object.entries(HW)) HW_FRAME_NAME[index] = `hw ${name}`;

/**
 * The guest's interrupt table base; when the guest's `lidt` named a label of its own code
 * (a kernel without OS), that label is where every vector enters (machine/exceptions.ts).
 */
export function loadIdt(v: VcpuState, guest: Frame | undefined, base: number): void {
    v.idt = base;
    const ins = guest?.code?.instrs[guest.pc];
    v.idtCode = ins !== undefined && ins.op === OP.lidt && ins.ak === K.label ? guest!.code : undefined;
}

/**
 * The kernel powers its VM off: every vCPU stops, wherever it was. The VM halts; if that cut
 * other vCPUs off, its stop reason says so and names them, at the guest instruction that asked.
 */
function shutdown(m: Machine, vm: VmState, v: VcpuState, code: number): void {
    const stopped: string[] = [];
    for (const id of vm.vcpus) {
        const other = m.state.vcpus[id];
        if (other !== v && !other.done) {
            other.done = true;
            m.onDescheduled(other);
            stopped.push(other.name);
        }
    }
    if (stopped.length === 0) {
        halt(m, vm, v, reason('shutdown', code));
        return;
    }
    const guest = guestFrame(v);
    const at = guest?.code?.instrs[Math.min(guest.pc, guest.code.instrs.length - 1)]?.loc;
    const why = reason('shutdown-stopping', code, v.name, stopped.join(', '));
    if (vm.status === 'running') setStop(vm, why, at);
    halt(m, vm, v, why);
}
