// The host's devices as a VM sees them (LANGUAGE.md §12): which it may touch (those it was
// given), how it reaches each (emulated, virtio, passthrough), and what an access does — a
// serial port is the VM's console and gives it its `input`; a disk or nic moves data by DMA
// (dma.ts). Each VM has its own instance of every device it was given (state.ts `DeviceIo`).
import { appendConsole, writtenLength } from '../console-limit.js';
import type { Machine } from '../machine.js';
import type { DevicePath, VmModel } from '../model.js';
import { PK_STR, type DeviceIo, type VcpuState, type VmState } from '../state.js';
import { dmaRequest } from './dma.js';
import { armTimer } from './interrupts.js';
import { Fault } from './stops.js';
import { reason } from '../stop-reason.js';

/** PCI vendor IDs an `in` on a disk or nic reads: how a driver tells a virtio device (Red Hat's 0x1AF4) from an emulated one. */
export const VIRTIO_VENDOR = 0x1af4;
export const EMULATED_VENDOR = 0x8086;

/** How VM `vm` reaches device `dev`: passed through, a virtio ring, or the hypervisor's device model. */
export function pathOf(vm: VmModel, dev: number): DevicePath {
    if (vm.passthrough.has(dev)) return 'passthrough';
    return vm.virtio.has(dev) ? 'virtio' : 'emulated';
}

/**
 * Writes to a device of the VM's host: an integer (a line) or a string to a serial port, its
 * console; a request's guest address to a disk or nic (a virtio one: its ring's address).
 */
export function writeDevice(m: Machine, vm: VmState, v: VcpuState, devKind: number, dev: number, valueKind: number, value: number): void {
    if (devKind === PK_STR) throw new Fault('#GP', reason('not-a-device', m.strings[dev]));
    const device = vm.model.host.devices[dev];
    if (!device) throw new Fault('#GP', reason('no-such-device', dev, vm.model.host.hardware));
    checkAssigned(m, vm, devKind, dev);
    const io = vm.io[dev]!;
    io.accesses++;
    if (device.kind === 'serial') {
        const text = valueKind === PK_STR ? m.strings[value] : `${value}\n`;
        io.requests++;
        io.bytes += writtenLength(text);
        appendConsole(vm, text);
        m.listener.console?.(vm.model.name, text, m.cpu.time);
    } else if ((device.kind === 'disk' || device.kind === 'nic') && valueKind !== PK_STR) {
        dmaRequest(m, vm, v, device, io, value, pathOf(vm.model, dev));
    } else if (device.kind === 'timer' && valueKind !== PK_STR) {
        // a one-shot timer of the vCPU writing it, `value` cycles of its virtual time ahead
        const writer = m.state.vcpus[m.cpu.vcpu];
        if (writer !== undefined && writer.vm === vm.model.index) armTimer(writer, value);
    }
}

/** Writes `text` to the VM's console: its first serial device (a kernel's own message, `abort`); none: nowhere. */
export function writeConsole(m: Machine, vm: VmState, text: string): void {
    for (const index of vm.model.assigned) {
        if (vm.model.host.devices[index].kind !== 'serial') continue;
        appendConsole(vm, text);
        m.listener.console?.(vm.model.name, text, m.cpu.time);
        return;
    }
}

/**
 * Reads a device: a serial port gives the code of the next input byte that has arrived by the
 * reading vCPU's virtual time — when its arrival interrupt is due — (0 when none waits); a disk or nic its vendor ID (virtio or not); anything else 0.
 */
export function readDevice(m: Machine, vm: VmState, v: VcpuState, devKind: number, dev: number): number {
    checkAssigned(m, vm, devKind, dev);
    const device = devKind === PK_STR ? undefined : vm.model.host.devices[dev];
    const io = device && vm.io[dev];
    if (!device || !io) return 0;
    io.accesses++;
    if (device.kind === 'serial') return nextInputByte(device.input, io, v.ran);
    if (device.kind === 'disk' || device.kind === 'nic') return pathOf(vm.model, dev) === 'virtio' ? VIRTIO_VENDOR : EMULATED_VENDOR;
    return 0;
}

function nextInputByte(input: readonly { at: number; code: number }[], io: DeviceIo, now: number): number {
    const next = input[io.readPos];
    if (!next || next.at > now) return 0;
    io.readPos++;
    io.requests++;
    io.bytes++;
    return next.code;
}

/** An access to a device entered the hypervisor (a trap, exit, callout or hypercall naming it). */
export function countDeviceExit(vm: VmState, devKind: number, dev: number): void {
    const io = devKind === PK_STR ? undefined : vm.io[dev];
    if (io) io.exits++;
}

/**
 * A VM touches only the devices it was given (`devices`, `passthrough`), whoever issues the access
 * on its behalf (its kernel, the monitor, the host OS): any other device of the host is `#GP`.
 * (A number that is no device at all is left to the command: a write faults, a read gives 0.)
 */
export function checkAssigned(m: Machine, vm: VmState, devKind: number, dev: number): void {
    if (devKind === PK_STR || vm.model.assigned.has(dev)) return;
    const device = vm.model.host.devices[dev];
    if (!device) return;
    const given = [...vm.model.assigned].map((i) => vm.model.host.devices[i].name);
    throw new Fault('#GP', given.length > 0
        ? reason('device-not-assigned', device.name, vm.model.name, given.join(', '))
        : reason('device-not-assigned-none', device.name, vm.model.name));
}
