// DMA of disks and nics (LANGUAGE.md §12): a guest writes a request's guest-physical address to
// the device (`out disk0, request`); the device reads the request from guest memory, moves the
// data between its medium and the guest's buffer, writes the request's status and, `latency`
// later, raises its completion interrupt. A virtio device is given a ring instead: one notify
// carries every request the driver queued.
//
//   request (words)  +0 op: 1 read (device → memory), 2 write (memory → device)
//                    +4 buffer address   +8 length in bytes   +12 block (512 bytes; a disk's)
//                    +16 status, written by the device: 1 done, −1 refused
//   virtio ring      +0 count of queued requests (the device sets it back to 0)
//                    +4, +8, … their addresses
//
// Isolation: every address is guest-physical and is checked against the VM's own memory before
// any byte moves — by the hypervisor's device model or virtio backend (emulated, virtio) or by
// the IOMMU (passthrough: VT-d / AMD-Vi maps the VM's memory only, at its place in the host's,
// `VmModel.hostBase`). A request that would reach outside is refused and counted, never carried
// out; its status says −1 when the status word itself is the VM's.
import type { Machine } from '../machine.js';
import type { DeviceModel, DevicePath } from '../model.js';
import { SparseMemory } from '../memory.js';
import type { DeviceIo, VcpuState, VmState } from '../state.js';
import { raiseDeviceInterrupt } from './device-interrupts.js';
import { allocatePage, touchGuestPage } from './operands.js';

export const DMA_READ = 1;
export const DMA_WRITE = 2;
export const DMA_DONE = 1;
export const DMA_REFUSED = -1;
/** Bytes of one request block. */
export const REQUEST_BYTES = 20;
/** A disk block: `block` counts these. */
export const BLOCK_BYTES = 512;
/** The largest transfer of one request, and the most requests one virtio notify carries: the work of one access is bounded. */
export const MAX_DMA_BYTES = 64 * 1024;
export const RING_SIZE = 64;
/** A medium's size: blocks past 4 GiB do not exist. */
const MEDIUM_BYTES = 2 ** 32;

/** `out DEV, address` on a disk or nic: one request (emulated, passthrough) or a virtio ring's. */
export function dmaRequest(m: Machine, vm: VmState, v: VcpuState, device: DeviceModel, io: DeviceIo, address: number, path: DevicePath): void {
    if (path !== 'virtio') {
        request(m, vm, v, device, io, address);
        return;
    }
    if (!inside(vm, address, 4)) {
        io.refused++;
        return;
    }
    const queued = vm.memory.read(address);
    const count = Math.min(Math.max(queued, 0), RING_SIZE);
    if (queued !== count) io.refused++;
    if (count === 0) return;
    if (!inside(vm, address, 4 + 4 * count)) {
        io.refused++;
        return;
    }
    for (let i = 0; i < count; i++) request(m, vm, v, device, io, vm.memory.read(address + 4 + 4 * i));
    write(m, vm, v, address, 0);
}

/** One request at guest address `address`: checked, carried out, its status written, its completion interrupt due. */
function request(m: Machine, vm: VmState, v: VcpuState, device: DeviceModel, io: DeviceIo, address: number): void {
    if (!inside(vm, address, REQUEST_BYTES)) {
        io.refused++;
        return;
    }
    const op = vm.memory.read(address);
    const buffer = vm.memory.read(address + 4);
    const length = vm.memory.read(address + 8);
    const block = vm.memory.read(address + 12);
    const status = address + 16;
    const valid = (op === DMA_READ || op === DMA_WRITE) && length >= 0 && length <= MAX_DMA_BYTES && inside(vm, buffer, length)
        && block >= 0 && block * BLOCK_BYTES + length <= MEDIUM_BYTES;
    if (!valid) {
        io.refused++;
        write(m, vm, v, status, DMA_REFUSED);
        return;
    }
    const offset = block * BLOCK_BYTES;
    if (op === DMA_READ) copyToGuest(m, vm, v, device, io.media, offset, buffer, length);
    else if (device.kind === 'disk') copyToMedium(m, vm, io.media, buffer, offset, length);
    // a nic's write is a transmitted frame: it leaves the machine (counted, not kept)
    io.requests++;
    io.bytes += length;
    write(m, vm, v, status, DMA_DONE);
    raiseDeviceInterrupt(vm, v, device.index, device.latency);
}

/**
 * True if [address, address + length) lies in the VM's guest-physical memory (a VM declared
 * without memory has the 32-bit space, as its CPU accesses do). Unsigned: a negative address is
 * past the end, and a range that wraps round is refused.
 */
export function inside(vm: VmState, address: number, length: number): boolean {
    const declared = vm.model.memoryBytes > 0 ? vm.model.memoryBytes : 2 ** 32;
    const start = address >>> 0;
    return length >= 0 && start + length <= declared && start % 4 === 0;
}

function write(m: Machine, vm: VmState, v: VcpuState, address: number, value: number): void {
    touchGuestPage(m, vm, v, SparseMemory.pageOf(address));
    vm.memory.write(address, value);
}

/** Device → memory: the medium's words (a nic receives nothing: zeros). */
function copyToGuest(m: Machine, vm: VmState, v: VcpuState, device: DeviceModel, medium: SparseMemory, from: number, to: number, length: number): void {
    for (let i = 0; i < length; i += 4) {
        const value = device.kind === 'disk' ? medium.read(from + i) : 0;
        write(m, vm, v, to + i, value);
    }
}

/** Memory → device: the guest's words onto the disk's medium (its pages count against the simulator's memory bound). */
function copyToMedium(m: Machine, vm: VmState, medium: SparseMemory, from: number, to: number, length: number): void {
    for (let i = 0; i < length; i += 4) {
        const page = SparseMemory.pageOf(to + i);
        if (!medium.has(page)) {
            allocatePage(m);
            medium.touch(page);
        }
        medium.write(to + i, vm.memory.read(from + i));
    }
}
