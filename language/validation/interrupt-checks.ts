// Exceptions and interrupts (docs/language.md, Exceptions and interrupts), the mistakes that can be seen without running:
//   unknown-fault         a `fault NAME` / `interrupt NAME` handler the CPU has no vector for
//   iret-outside-handler  `iret` where no exception or interrupt can have entered
//   no-interrupt-handler  a VM arms a timer but its kernel has no timer handler (the tick is lost)
import type { ValidationAcceptor } from 'langium';
import {
    isHypercallCall, isNameRef, isOp0, isOp1, isOp2, type Hardware, type Os, type Program, type Statement, type VectorHandler, type Vm,
} from '../generated/ast.js';
import { FAULT_VECTORS } from '../isa.js';
import { hardwareOfVm, vmsRunning, vmsUsingOs, type WorkspaceModel } from '../code-context.js';
import { interruptMessages as m } from './messages.js';
import { vectorsOf } from '../os-members.js';

/** A kernel handler the CPU has a vector for: an exception by name, the timer, a device of the hardware its VMs run on. */
export function checkVectorHandler(handler: VectorHandler, model: WorkspaceModel, accept: ValidationAcceptor): void {
    if (!handler.name) return; // a syntax error already
    if (handler.kind === 'fault') {
        if (!Object.hasOwn(FAULT_VECTORS, handler.name)) {
            accept('error', m.unknownFault(handler.name, Object.keys(FAULT_VECTORS).join(', ')), { node: handler, property: 'name', code: 'unknown-fault' });
        }
        return;
    }
    if (handler.name === 'timer') return;
    const devices = new Set<string>();
    for (const vm of vmsUsingOs(handler.$container, model)) for (const d of hardwareOfVm(vm)?.devices ?? []) if (d.kind !== 'timer') devices.add(d.name);
    if (!devices.has(handler.name)) {
        accept('error', m.unknownInterrupt(handler.name, ['timer', ...devices].join(', ')), { node: handler, property: 'name', code: 'unknown-fault' });
    }
}

/** `lidt LABEL`: the program installs its own interrupt table (a kernel without OS). */
function installsTable(program: Program): boolean {
    return program.body.some((s) => isOp1(s) && s.opcode === 'lidt' && isNameRef(s.a) && program.body.some((l) => l.$type === 'Label' && (l as { name: string }).name === (s.a as { name: string }).name));
}

function isIret(statement: Statement): boolean {
    return isOp0(statement) && statement.opcode === 'iret';
}

function reportIret(body: Statement[], accept: ValidationAcceptor): void {
    for (const statement of body) if (isIret(statement)) accept('error', m.iretOutsideHandler(), { node: statement, code: 'iret-outside-handler' });
}

/** A program: `iret` only with a `lidt LABEL` table; a timer armed without one loses its tick. */
export function checkProgramInterrupts(program: Program, model: WorkspaceModel, accept: ValidationAcceptor): void {
    const table = installsTable(program);
    if (!table) reportIret(program.body, accept);
    if (table) return;
    // The program's few statements that may arm a timer, found once, not again for each of the many VMs that run it.
    const arming = program.body.filter(mayArmTimer);
    if (arming.length === 0) return;
    for (const vm of vmsRunning(program, model)) {
        if (vm.os?.ref) continue; // user code cannot arm a timer (the `out` faults)
        const hardware = hardwareOfVm(vm);
        for (const statement of arming) {
            if (armsTimer(statement, hardware)) {
                accept('warning', m.noTimerHandler(vm.name, m.kernelProgram(program.name)), { node: statement, code: 'no-interrupt-handler' });
            }
        }
    }
}

/** An OS: `iret` only in its handlers; a syscall that arms a timer needs `interrupt timer`. */
export function checkOsInterrupts(os: Os, model: WorkspaceModel, accept: ValidationAcceptor): void {
    for (const syscall of os.syscalls) reportIret(syscall.body, accept);
    for (const routine of os.routines) reportIret(routine.body, accept);
    for (const driver of os.drivers) reportIret(driver.body, accept);
    if (vectorsOf(os).some((h) => h.kind === 'interrupt' && h.name === 'timer')) return;
    const vms = vmsUsingOs(os, model);
    if (vms.length === 0) return;
    // Whether a statement arms a timer depends on the hardware alone: the first VM (in order) on
    // each hardware stands for all of its VMs, so a statement is not tried against every VM.
    const firstOnHardware = new Map<Hardware | undefined, Vm>();
    for (const vm of vms) {
        const hardware = hardwareOfVm(vm);
        if (!firstOnHardware.has(hardware)) firstOnHardware.set(hardware, vm);
    }
    for (const syscall of os.syscalls) {
        for (const statement of syscall.body) {
            if (!mayArmTimer(statement)) continue;
            let vm: Vm | undefined;
            for (const [hardware, first] of firstOnHardware) {
                if (armsTimer(statement, hardware)) {
                    vm = first;
                    break;
                }
            }
            if (vm) accept('warning', m.noTimerHandler(vm.name, m.kernelOs(os.name)), { node: statement, code: 'no-interrupt-handler' });
        }
    }
}

/** `hypercall set_timer_op(N)`: arms the VM's one-shot timer whatever the hardware. */
function setsTimerOp(statement: Statement): boolean {
    return isHypercallCall(statement) && statement.name === 'set_timer_op';
}

/** The device NAME of `out NAME, N`, else undefined. */
function outDevice(statement: Statement): string | undefined {
    return isOp2(statement) && statement.opcode === 'out' && isNameRef(statement.a) ? statement.a.name : undefined;
}

/** `out NAME, N` or `hypercall set_timer_op(N)`: arms a timer if NAME is a timer of the hardware (armsTimer). */
function mayArmTimer(statement: Statement): boolean {
    return setsTimerOp(statement) || outDevice(statement) !== undefined;
}

/** `out T, N` with T a timer of the hardware, or `hypercall set_timer_op(N)`. */
function armsTimer(statement: Statement, hardware: Hardware | undefined): boolean {
    if (setsTimerOp(statement)) return true;
    const name = outDevice(statement);
    if (name === undefined || !hardware) return false;
    for (const device of hardware.devices) if (device.name === name && device.kind === 'timer') return true;
    return false;
}
