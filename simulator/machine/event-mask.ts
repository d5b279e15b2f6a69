// Paravirtual interrupt masking (docs/language.md, Exceptions and interrupts): a paravirtualized
// kernel masks events as Xen's guests do, by a plain store to the `evtchn_upcall_mask` of its
// vCPU's slot in the shared info page, a page the hypervisor shares with it — no trap, no
// hypercall. Its `cli` / `sti` stand for that store (XenoLinux's `local_irq_disable` /
// `local_irq_enable` are exactly that), so each costs what a store costs (`instruction`), and the
// mask is the vCPU's virtual `if`, which the hypervisor reads before an upcall: an event that
// arrives while it is set waits, injected. Unmasking with an event waiting is Linux's
// `xen_irq_enable`: the kernel sees `evtchn_upcall_pending` and forces the upcall with a hypercall
// (`xen_version`, `hypercall` cycles); the event is delivered before the next instruction.
import type { HostCode, Machine } from '../machine.js';
import { IRQ_INJECTED, L_HYPERVISOR, type Frame, type VcpuState, type VmState } from '../state.js';
import { charge } from './costs.js';
import { advance } from './layers.js';

/** The hypercall a kernel makes to have a pending event delivered once it unmasks (Linux's `xen_force_evtchn_callback`). */
export const FORCE_UPCALL_HYPERCALL = 'xen_version';

/** `cli` (masked) or `sti` of a paravirtualized kernel. */
export function setEventMask(m: Machine, vm: VmState, v: VcpuState, f: Frame, masked: boolean, host: HostCode): void {
    charge(m, vm, v, f.layer, host.costs.instruction);
    const force = masked === false && !v.iflag && upcallPending(v);
    v.iflag = !masked;
    if (force) {
        charge(m, vm, v, L_HYPERVISOR, host.costs.hypercall);
        vm.countHypercall(FORCE_UPCALL_HYPERCALL);
    }
    advance(m, vm, v, f);
}

/** An event the hypervisor has handed to the guest, waiting for the mask (`evtchn_upcall_pending`). */
function upcallPending(v: VcpuState): boolean {
    const irq = v.irq;
    for (let i = 0; i < irq.stage.length; i++) {
        if (irq.maskable[i] === 1 && irq.stage[i] === IRQ_INJECTED) return true;
    }
    return false;
}
