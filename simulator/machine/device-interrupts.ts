// A device raising its interrupt for a VM (LANGUAGE.md §10, §12): a serial byte arriving, a DMA
// request completing. The one place devices hand interrupts to the machine's delivery path.
import type { Machine } from '../machine.js';
import type { VmState } from '../state.js';

/** Device `dev` of the VM's host interrupts VM `vm` at host cycle `at`. */
export function raiseDeviceInterrupt(_m: Machine, vm: VmState, dev: number, _at: number): void {
    const io = vm.io[dev];
    if (io) io.interrupts++;
}
