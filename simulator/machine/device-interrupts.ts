// Devices interrupting a VM (LANGUAGE.md §10, §12): a serial port's timed input arriving, a disk's
// or nic's request completing `latency` later. They go through the one delivery path
// (interrupts.ts / exceptions.ts), on the device's vector: 33 and up in the order the hardware
// declares its devices (vectors.ts), at the vCPU's virtual time.
import type { VcpuState, VmState } from '../state.js';
import { scheduleInterrupt } from './interrupts.js';
import { deviceVector } from './vectors.js';

/** Device `dev` interrupts vCPU `v` of `vm` in `delay` cycles of the vCPU's virtual time. */
export function raiseDeviceInterrupt(vm: VmState, v: VcpuState, dev: number, delay: number): void {
    const io = vm.io[dev];
    if (io) io.interrupts++;
    scheduleInterrupt(v, deviceVector(vm.model.host, dev), delay);
}

/**
 * At boot: each timed `input` arrival of a serial device the VM was given interrupts its vCPU 0
 * then (bytes waiting at boot raise nothing; bytes arriving at the same time are one arrival).
 */
export function scheduleInputArrivals(vm: VmState, v: VcpuState): void {
    // (most VMs have no device: not even an iterator over none, at the boot of each)
    if (vm.model.assigned.size === 0) return;
    for (const dev of vm.model.assigned) {
        let last = 0;
        for (const { at } of vm.model.host.devices[dev].input) {
            if (at > last) raiseDeviceInterrupt(vm, v, dev, at);
            last = at;
        }
    }
}
