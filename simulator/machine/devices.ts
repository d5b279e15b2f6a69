// The host's devices as a VM sees them: which it may touch (those it was given), and writing to
// one (a serial port is the VM's console).
import { appendConsole } from '../console-limit.js';
import type { Machine } from '../machine.js';
import { PK_STR, type VmState } from '../state.js';
import { armTimer } from './interrupts.js';
import { Fault } from './stops.js';
import { reason } from '../stop-reason.js';

/** Writes an integer (a line) or a string to a device of the VM's host: a serial port is its console. */
export function writeDevice(m: Machine, vm: VmState, devKind: number, dev: number, valueKind: number, value: number): void {
    if (devKind === PK_STR) throw new Fault('#GP', reason('not-a-device', m.strings[dev]));
    const device = vm.model.host.devices[dev];
    if (!device) throw new Fault('#GP', reason('no-such-device', dev, vm.model.host.hardware));
    checkAssigned(m, vm, devKind, dev);
    const text = valueKind === PK_STR ? m.strings[value] : `${value}\n`;
    if (device.kind === 'serial') {
        appendConsole(vm, text);
        m.listener.console?.(vm.model.name, text, m.cpu.time);
    } else if (device.kind === 'timer' && valueKind !== PK_STR) {
        // a one-shot timer of the vCPU writing it, `value` cycles of its virtual time ahead
        const v = m.state.vcpus[m.cpu.vcpu];
        if (v !== undefined && v.vm === vm.model.index) armTimer(v, value);
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
