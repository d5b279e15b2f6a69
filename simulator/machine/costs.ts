// The cycle model: what each thing a vCPU does costs, in host cycles, each charged to exactly one
// layer of its VM (the entries of the hypervisor's `costs` preset, language/stdlib/costs.vmdef):
//   simple instruction (any layer)            `instruction`            that frame's layer
//   syscall (user → kernel)                   `syscall`                kernel
//     + under binary translation              `syscall_bt`             hypervisor
//   trap (full / para, privileged in kernel)  `trap`                   hypervisor
//   callout (binary, sensitive in kernel)     `callout`                hypervisor
//   translating a kernel basic block (binary) `translate`, once/block  hypervisor
//   VM exit (hardware)                        `exit`                   hypervisor
//   hypercall (para)                          `hypercall`              hypervisor
//   Type 2 hardware command via host driver   `world_switch` × 2       host
//   hw command with a cost (io, timer, mmu, emulate)                   the issuing layer
//   first touch of a page past the host's usable memory  `swap`       hypervisor
// The trapping / exiting / calling instruction itself costs only its trap, exit or call.
// Every executor accounts its runs of simple instructions with `chargeInstructions`.
import { addCount } from '../counts.js';
import type { Code } from '../cpu/code.js';
import type { Machine } from '../machine.js';
import { ownMap } from '../shared-empty.js';
import { L_HYPERVISOR, L_KERNEL, type VcpuState, type VmState } from '../state.js';

/** `n` cycles of vCPU `v`, in `layer`, on the machine's current pCPU. */
export function charge(m: Machine, vm: VmState, v: VcpuState, layer: number, n: number): void {
    vm.cycles[layer] += n;
    v.ran += n;
    m.cpu.time += n;
}

/**
 * `k` simple instructions of a frame in `layer` ran, `cost` cycles each: the pCPU's clock, the
 * layer's cycles, the vCPU's run time, the VM's guest instructions and the canonical step count.
 * The one place every executor (interpreter, fast engine) accounts a run of them.
 */
export function chargeInstructions(m: Machine, vm: VmState, v: VcpuState, layer: number, k: number, cost: number): void {
    const cycles = k * cost;
    m.cpu.time += cycles;
    vm.cycles[layer] += cycles;
    v.ran += cycles;
    if (layer <= L_KERNEL) {
        vm.instructions += k;
        v.instructions += k;
    }
    m.state.steps += k;
}

/** One more VM exit (or trap, callout) of a reason of the language's list; none: not counted. */
export function countExit(vm: VmState, reason: string | undefined): void {
    if (reason) addCount(vm.exits, reason);
}

/** Binary translation: the first time a guest kernel block runs, the monitor translates it. */
export function chargeTranslation(m: Machine, vm: VmState, v: VcpuState, code: Code, pc: number): void {
    let blocks = vm.translated.get(code.id);
    if (!blocks) {
        blocks = new Uint8Array(code.blocks);
        vm.translated = ownMap(vm.translated);
        vm.translated.set(code.id, blocks);
    }
    const b = code.blockOf[pc];
    if (blocks[b]) return;
    blocks[b] = 1;
    vm.translations++;
    charge(m, vm, v, L_HYPERVISOR, m.hosts[vm.model.host.index].costs.translate);
}
