// Several programs `run` on one vCPU are processes its OS switches between on its timer
// (docs/language.md, Processes; simulator/machine/processes.ts). What can be seen statically:
// a VM without OS has no kernel to switch (only the first would run), only vCPU 0 boots its OS
// (paging, the tick), and an OS whose timer handler loads no directory runs them one after another.
import type { ValidationAcceptor } from 'langium';
import type { Os, Run, Vm } from '../generated/ast.js';
import { vectorsOf } from '../os-members.js';
import { validationMessages as m } from './messages.js';

/** The `run`s of each vCPU index, in order. */
function runsByVcpu(vm: Vm): Map<number, Run[]> {
    const byVcpu = new Map<number, Run[]>();
    for (const run of vm.runs) {
        const index = run.vcpu ?? 0;
        const list = byVcpu.get(index);
        if (list) list.push(run);
        else byVcpu.set(index, [run]);
    }
    return byVcpu;
}

/** Whether the OS's `interrupt timer` switches address spaces: an `lcr3`, or Xen's `hypercall mmuext_op`. */
function timerSwitches(os: Os): boolean {
    const timer = vectorsOf(os).find((h) => h.kind === 'interrupt' && h.name === 'timer');
    return timer?.body.some((s) => (s.$type === 'Op1' && s.opcode === 'lcr3') || (s.$type === 'HypercallCall' && s.name === 'mmuext_op')) ?? false;
}

export function checkVmProcesses(vm: Vm, accept: ValidationAcceptor): void {
    if (vm.runs.length < 2) return; // a single program is no processes (nearly every VM)
    for (const [vcpu, runs] of runsByVcpu(vm)) {
        if (runs.length < 2) continue;
        const os = vm.os?.ref;
        for (const run of runs.slice(1)) {
            if (!vm.os) {
                accept('error', m.processesWithoutOs(vm.name, vcpu), { node: run, property: 'program', code: 'processes-without-os' });
            } else if (vcpu !== 0) {
                accept('error', m.processesOffBootVcpu(vm.name, vcpu), { node: run, property: 'vcpu', code: 'processes-off-boot-vcpu' });
            } else if (os && !timerSwitches(os)) {
                accept('warning', m.processesWithoutSwitch(os.name), { node: run, property: 'program', code: 'processes-without-switch' });
            }
        }
    }
}
