// The sensitive instructions under each technique: whether a privileged, sensitive or revealing
// instruction traps (full, para), calls out or is translated inline (binary), exits (hardware),
// or runs on the CPU as it is — natively (no hypervisor), in hypervisor and host code, on a
// passthrough device, unintercepted — and what it then does and shows (the real machine's flags
// and tables, or the guest's own under VT-x and natively).
import { CLS_SENSITIVE, OP, type Instr } from '../cpu/code.js';
import { opName } from '../cpu/opcodes.js';
import {
    flagsWord, FLAG_IF, FLAG_SF, FLAG_ZF, GUEST_GDT_BASE, GUEST_MSW, HOST_CPUID, HOST_GDT_BASE, HOST_IDT_BASE, HOST_MSW,
} from '../cpu/semantics.js';
import type { HostCode, Machine } from '../machine.js';
import { L_KERNEL, PK_STR, type Frame, type VcpuState, type VmState } from '../state.js';
import { charge } from './costs.js';
import { checkAssigned, readDevice, writeDevice } from './devices.js';
import { setEventMask } from './event-mask.js';
import { loadIdt } from './hardware.js';
import { idle, popfDidNotTrap } from './interrupts.js';
import { pathNumber, type PATH } from './instruction-path.js';
import { advance, enterHypervisor } from './layers.js';
import { invalidatePage, loadRoot } from './mmu.js';
import { arg, pop32, push32, read, setDest } from './operands.js';
import { emitStop, Fault } from './stops.js';
import { reason } from '../stop-reason.js';

/** A privileged, sensitive or revealing instruction of frame `f`: where it goes is instructionPath's. */
export function sensitive(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
    // literal cases (each checked against PATH's member): `case PATH.hypervisor` is a property
    // load per case at run time, and a trap tested eight of them first (~70 machine instructions
    // a trap, 2% of the exact engine's trap-heavy loop)
    switch (pathNumber(host.paths, ins.cls, ins.op, host, f.user, f.layer > L_KERNEL)) {
        case 0 satisfies typeof PATH['on-cpu']: case 5 satisfies typeof PATH.unintercepted: case 8 satisfies typeof PATH.reveals:
            native(m, vm, v, f, ins, host);
            return;
        case 7 satisfies typeof PATH['no-trap']:
            sensitiveNative(m, vm, v, f, ins, host);
            return;
        case 1 satisfies typeof PATH['user-fault']:
            throw new Fault('#GP', reason('privileged-in-user-mode', opName(ins.op)));
        case 2 satisfies typeof PATH.device:
            // direct assignment: the device is the VM's own, no hypervisor involved
            if (assignedDevice(m, vm, f, ins)) native(m, vm, v, f, ins, host);
            else enterHypervisor(m, vm, v, f, ins, host);
            return;
        case 3 satisfies typeof PATH['event-mask']:
            setEventMask(m, vm, v, f, ins.op === OP.cli, host);
            return;
        case 4 satisfies typeof PATH['inline-flag']:
            // VT-x: the guest's own interrupt flag, no exit (as native: TPR shadowing); binary
            // translation rewrites it inline into a store to the virtual flag, cheaper than native
            v.iflag = ins.op === OP.sti;
            charge(m, vm, v, f.layer, host.technique === 'hardware' ? host.costs.irq_mask : host.costs.inline);
            advance(m, vm, v, f);
            return;
        case 6 satisfies typeof PATH.hypervisor:
            enterHypervisor(m, vm, v, f, ins, host);
            return;
        case 9 satisfies typeof PATH.undefined:
            throw new Fault('#UD', reason('unknown-instruction', ins.op));
    }
}

/**
 * An in / out of the guest: a device the VM was not given is `#GP` here, before the hypervisor is
 * entered; true if it goes to a passthrough device (direct assignment).
 */
function assignedDevice(m: Machine, vm: VmState, f: Frame, ins: Instr): boolean {
    const [k, val] = ins.op === OP.out ? [ins.ak, ins.av] : [ins.bk, ins.bv];
    arg(m, f, k, val);
    checkAssigned(m, vm, m.argKind, m.argValue);
    return m.argKind !== PK_STR && vm.model.passthrough.has(m.argValue);
}

/** A privileged or revealing instruction executed without the hypervisor (host code, passthrough, unintercepted). */
function native(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
    if (ins.cls === CLS_SENSITIVE) {
        sensitiveNative(m, vm, v, f, ins, host);
        return;
    }
    const layer = f.layer;
    // changing the interrupt mask on the real CPU serializes it (Adams & Agesen's cr8wr)
    charge(m, vm, v, layer, ins.op === OP.cli || ins.op === OP.sti ? host.costs.irq_mask : host.costs.instruction);
    switch (ins.op) {
        case 32 satisfies typeof OP.out: {
            arg(m, f, ins.ak, ins.av);
            const devKind = m.argKind;
            const dev = m.argValue;
            arg(m, f, ins.bk, ins.bv);
            writeDevice(m, vm, v, devKind, dev, m.argKind, m.argValue);
            charge(m, vm, v, layer, host.costs.io);
            break;
        }
        case 31 satisfies typeof OP.in:
            arg(m, f, ins.bk, ins.bv);
            charge(m, vm, v, layer, host.costs.io);
            setDest(f, ins.ak, ins.av, readDevice(m, vm, v, m.argKind, m.argValue));
            break;
        case 33 satisfies typeof OP.hlt:
            // with interrupts on and one to come: wait for it, then go on after the hlt
            if (!idle(m, vm, v, reason('hlt'))) return;
            break;
        case 34 satisfies typeof OP.cli: case 35 satisfies typeof OP.sti:
            v.iflag = ins.op === OP.sti;
            break;
        case 36 satisfies typeof OP.lcr3:
            loadRoot(m, vm, v, read(m, f, ins.ak, ins.av));
            break;
        case 38 satisfies typeof OP.lidt:
            loadIdt(v, f, read(m, f, ins.ak, ins.av));
            break;
        case 37 satisfies typeof OP.invlpg:
            invalidatePage(m, vm, v, read(m, f, ins.ak, ins.av));
            break;
        case 44 satisfies typeof OP.cpuid:
            // unintercepted, the guest sees the real processor (the hypervisor's own code too)
            setDest(f, ins.ak, ins.av, HOST_CPUID);
            break;
        case 45 satisfies typeof OP.rdtsc:
            setDest(f, ins.ak, ins.av, m.cpu.time | 0);
            break;
    }
    advance(m, vm, v, f);
}

/** pushf / popf / sgdt / sidt / smsw run without a trap. */
function sensitiveNative(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
    charge(m, vm, v, f.layer, host.costs.instruction);
    // VT-x gives the guest its own flags and descriptor tables, and a native kernel owns the
    // real ones; otherwise (a deprivileged guest) the real machine's show
    const own = host.technique === 'hardware' || host.technique === 'native';
    const kernelUnderTrap = f.layer === L_KERNEL && !own && host.technique !== 'binary';
    // what a popf that kept the real flag meant to set `if` to
    let wantedIf = false;
    switch (ins.op) {
        case 40 satisfies typeof OP.pushf:
            // the real interrupt flag: the host keeps interrupts on while the guest thinks it disabled them
            push32(m, vm, v, f, flagsWord(f.zf, f.sf, own ? v.iflag : true));
            break;
        case 39 satisfies typeof OP.popf: {
            const word = pop32(m, vm, v, f);
            f.zf = (word & FLAG_ZF) !== 0;
            f.sf = (word & FLAG_SF) !== 0;
            // deprivileged, popf silently keeps the interrupt flag: the guest's cli/sti state is lost
            if (own || f.layer > L_KERNEL) v.iflag = (word & FLAG_IF) !== 0;
            else wantedIf = (word & FLAG_IF) !== 0;
            break;
        }
        case 41 satisfies typeof OP.sgdt:
            setDest(f, ins.ak, ins.av, own ? GUEST_GDT_BASE : HOST_GDT_BASE);
            break;
        case 42 satisfies typeof OP.sidt:
            // the table the guest loaded with lidt (GUEST_IDT_BASE until it loads one)
            setDest(f, ins.ak, ins.av, own ? v.idt : HOST_IDT_BASE);
            break;
        case 43 satisfies typeof OP.smsw:
            setDest(f, ins.ak, ins.av, own ? GUEST_MSW : HOST_MSW);
            break;
    }
    if (kernelUnderTrap) {
        vm.fidelityViolations++;
        emitStop(m, 'fidelity', vm, v, reason('fidelity-violation', opName(ins.op), host.technique), ins.loc);
        // and what it delays: an interrupt the hypervisor now holds back (the more telling stop)
        if (ins.op === OP.popf) popfDidNotTrap(m, vm, v, wantedIf, ins.loc);
    }
    advance(m, vm, v, f);
}
