// The machines `vmdef compare` runs (LANGUAGE.md §13): one VM alone, moved natively onto its
// hypervisor's hardware (§9: no hypervisor, every device its own) or onto that hypervisor with
// another technique. Alone, so nothing but the technique differs between the runs: no other
// VM competes for the pCPUs, and a host failure (`fail host at`) is left out — it is not
// something the guest does.
import type { HostModel, MachineModel, Technique, VmModel } from '../model.js';
import { nativeHost } from '../model.js';

/** The model of `vm` alone on its hardware, run with `technique` (`native`: bare metal). */
export function soloModel(model: MachineModel, vm: VmModel, technique: Technique): MachineModel {
    const host = technique === 'native' ? bareMetalOf(vm.host) : { ...vm.host, index: 0, technique, kind: virtualKind(vm.host), failHostAt: undefined, vms: [] };
    const allDevices = new Set(host.devices.map((d) => d.index));
    const solo: VmModel = {
        ...vm,
        index: 0,
        host,
        hostBase: 0,
        pin: technique === 'native' ? undefined : vm.pin,
        // natively the VM owns every device of the machine and drives it directly (model.ts)
        passthrough: technique === 'native' ? allDevices : vm.passthrough,
        virtio: technique === 'native' ? new Set<number>() : vm.virtio,
        assigned: technique === 'native' ? allDevices : vm.assigned,
    };
    host.vms.push(solo);
    return { hosts: [host], vms: [solo], monitors: model.monitors };
}

/** The hardware under a hypervisor's host (or the native host itself), with nothing on it. */
function bareMetalOf(host: HostModel): HostModel {
    const hardware = host.ast?.hardware.ref;
    if (!hardware) return { ...host, index: 0, vms: [] };
    return nativeHost(0, hardware, host.nativeCosts ?? { name: host.costPreset, table: host.costs });
}

/** A native VM compared under a technique runs on a bare-metal hypervisor of that machine. */
function virtualKind(host: HostModel): HostModel['kind'] {
    return host.kind === 'native' ? 'type1' : host.kind;
}
