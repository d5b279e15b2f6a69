// Checks of a native VM (`vm NAME[: OS] on HARDWARE`, LANGUAGE.md §9): it owns its machine, so
// one per hardware and no hypervisor beside it; its memory is the machine's; what only a
// hypervisor's scheduler reads (`pin`, `weight`) does not apply; and a paravirtualized OS has
// no hypervisor to call.
import type { ValidationAcceptor } from 'langium';
import type { Hardware, Vm } from '../generated/ast.js';
import type { WorkspaceModel } from '../code-context.js';
import { memoryBytesOf, vmMemoryBytes } from '../resources.js';
import { keywordRange } from './ranges.js';
import { validationMessages as m } from './messages.js';
import { formatBytes } from '../units.js';
import { isParavirtualized } from '../os-members.js';

export function checkNativeVm(vm: Vm, hardware: Hardware, model: WorkspaceModel, accept: ValidationAcceptor): void {
    const natives = model.nativeVmsByHardware.get(hardware) ?? [];
    const hypervisor = model.hypervisorsByHardware.get(hardware)?.[0];
    const other = natives[0] !== vm ? m.otherNativeVm(natives[0].name) : hypervisor ? m.otherHypervisor(hypervisor.name) : undefined;
    if (other) {
        accept('error', m.nativeHardwareInUse(hardware.name, other), { node: vm, property: 'hypervisor', code: 'native-hardware-in-use' });
    }
    if (vm.pin) accept('warning', m.nativeNotApplicable('pin', vm.name), { node: vm.pin, code: 'native-not-applicable' });
    if (vm.weight !== undefined) {
        accept('warning', m.nativeNotApplicable('weight', vm.name), { node: vm, range: keywordRange(vm, 'weight', 'weight'), code: 'native-not-applicable' });
    }
    const declared = vmMemoryBytes(vm);
    const available = memoryBytesOf(hardware);
    if (vm.memory && hardware.memory && declared > available) {
        accept('error', m.vmMemoryExceedsHost(vm.name, formatBytes(declared), hardware.name, formatBytes(available)),
            { node: vm, range: keywordRange(vm, 'memory', 'memory'), code: 'vm-memory-exceeds-host' });
    }
    const os = vm.os?.ref;
    if (os && isParavirtualized(os)) accept('error', m.pvKernelNative(os.name, hardware.name), { node: vm, property: 'os', code: 'pv-kernel-needs-para' });
}
