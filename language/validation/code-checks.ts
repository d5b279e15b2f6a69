// Instruction-level checks: what guest code may do depends on who runs it (code-context.ts):
// user code under an OS, a guest kernel without OS, a paravirtualized kernel, and the
// technique of the hypervisor underneath. Each distinct context is checked once, so a
// program run by 10,000 identical VMs costs one pass; identical findings are reported once.
import type { Reference, ValidationAcceptor } from 'langium';
import {
    isHwCommand, isHypercallCall, isLabel, isProfile, isMemory, isNameRef, isOp0, isOp1, isOp2, isSyscallCall,
    type Device, type Handler, type Hardware, type Monitor, type NameRef, type Operand, type Os, type Profile, type Program, type Statement, type SyscallDecl, type Routine, type VectorHandler, type Vm, type Boot,
} from '../generated/ast.js';
import { HW_COMMANDS, PRIVILEGED, PV_EVENT_MASK, SENSITIVE_UNPRIVILEGED } from '../isa.js';
import {
    contextOf, devicesAssignedTo, hardwareCallingSyscall, hardwareOfVm, programPrivilege, syscallsByName, vmsRunning, vmsUsingOs,
    type ExecutionContext, type WorkspaceModel,
} from '../code-context.js';
import { systemOf } from '../systems.js';
import { nativeHardwareOf } from '../resources.js';
import { codeMessages as m, validationMessages } from './messages.js';
import { isParavirtualized } from '../os-members.js';

type Finding = {
    severity: 'error' | 'warning'; code: string; message: string; node: Statement | NameRef;
    /** What makes two findings of the same code on the same node different (default: nothing). */
    distinct?: string;
};

/**
 * Reports each (node, code) once, however many contexts produce it (the first context's message
 * wins), except findings marked `distinct` (a syscall checked against each OS that runs it).
 */
class FindingSink {
    private readonly seen = new Set<string>();
    private readonly ids = new Map<object, number>();
    constructor(private readonly accept: ValidationAcceptor) {}

    report(f: Finding): void {
        let id = this.ids.get(f.node);
        if (id === undefined) this.ids.set(f.node, (id = this.ids.size));
        const key = `${id}|${f.code}|${f.distinct ?? ''}`;
        if (this.seen.has(key)) return;
        this.seen.add(key);
        this.accept(f.severity, f.message, { node: f.node, code: f.code });
    }
}

export function opcodeOf(statement: Statement): string | undefined {
    return isOp0(statement) || isOp1(statement) || isOp2(statement) ? statement.opcode : undefined;
}

/** Operands of an instruction that are names, including those nested in `[...]`. */
export function nameRefsOf(statement: Statement): NameRef[] {
    const result: NameRef[] = [];
    if (isOp1(statement)) addNameRef(statement.a, result);
    else if (isOp2(statement)) {
        addNameRef(statement.a, result);
        addNameRef(statement.b, result);
    } else if (isSyscallCall(statement) || isHypercallCall(statement) || isHwCommand(statement)) {
        for (const arg of statement.args) addNameRef(arg, result);
    }
    return result;
}

function addNameRef(operand: Operand | undefined, into: NameRef[]): void {
    while (isMemory(operand)) operand = operand.address;
    if (isNameRef(operand)) into.push(operand);
}

/**
 * Names in operands (`refs`, of one statement) that are neither parameters nor labels are
 * devices of the host; when the code runs in a VM (`vm`), the device must also be one the VM
 * was given (`devices`, `passthrough`).
 */
function checkDeviceRefs(refs: readonly NameRef[], hardware: Hardware | undefined, params: Set<string>, sink: FindingSink, vm?: Vm): void {
    if (!hardware) return;
    for (let i = 0; i < refs.length; i++) {
        const ref = refs[i];
        if (params.has(ref.name)) continue;
        if (!hasDevice(hardware, ref.name)) {
            sink.report({
                severity: 'error', code: 'unknown-device', node: ref,
                message: hardware.devices.length
                    ? m.unknownDevice(ref.name, hardware.name, hardware.devices.map((d) => d.name).join(', '))
                    : m.unknownDeviceNone(ref.name, hardware.name),
            });
        } else if (vm && !devicesAssignedTo(vm).has(ref.name)) {
            sink.report({ severity: 'error', code: 'device-not-assigned', node: ref, message: notAssignedMessage(ref.name, vm) });
        }
    }
}

function hasDevice(hardware: Hardware, name: string): boolean {
    for (const device of hardware.devices) if (device.name === name) return true;
    return false;
}

function notAssignedMessage(device: string, vm: Vm): string {
    const assigned = [...devicesAssignedTo(vm)];
    return assigned.length ? m.deviceNotAssigned(device, vm.name, assigned.join(', ')) : m.deviceNotAssignedNone(device, vm.name);
}

/** Checks that do not depend on who runs the code: the hardware command set, hypercall names and arity. */
function checkContextFree(statement: Statement, hypercalls: Map<string, Handler>, sink: FindingSink): void {
    if ((isHwCommand(statement) || isHypercallCall(statement)) && !statement.name) return; // a syntax error already
    if (isHwCommand(statement)) {
        const info = HW_COMMANDS[statement.name];
        if (!info) {
            sink.report({ severity: 'error', code: 'unknown-hw-command', node: statement,
                message: m.unknownHwCommand(statement.name, Object.keys(HW_COMMANDS).join(', ')) });
        } else if (info.params.length !== statement.args.length) {
            sink.report({ severity: 'error', code: 'wrong-arity', node: statement,
                message: m.hwArity(statement.name, info.params.length, info.params.join(', '), statement.args.length) });
        }
    } else if (isHypercallCall(statement)) {
        const handler = hypercalls.get(statement.name);
        if (!handler) {
            sink.report({ severity: 'error', code: 'unknown-hypercall', node: statement,
                message: m.unknownHypercall(statement.name, listOrNone([...hypercalls.keys()])) });
        } else if (handler.params.length !== statement.args.length) {
            sink.report({ severity: 'error', code: 'wrong-arity', node: statement,
                message: m.hypercallArity(statement.name, handler.params.length, handler.params.map((p) => p.name).join(', '), statement.args.length) });
        }
    }
}

/**
 * `hw NAME(...)` is the hypervisor's command set (monitors, host drivers): guest code -- a
 * program, or the kernel code of `os` -- cannot reach it. Run on every statement: the message
 * is worded only when there is one.
 */
function checkNoHwCommand(statement: Statement, os: Os | undefined, sink: FindingSink): void {
    if (isHwCommand(statement) && statement.name) {
        sink.report({ severity: 'error', code: 'hw-in-guest', node: statement,
            message: m.hwInGuest(statement.name, os ? m.syscallOfOs(os.name) : m.guestProgram()) });
    }
}

/** Checks one statement of a VM's `run` program in one execution context; `locals` are its labels. */
function checkProgramStatement(statement: Statement, ctx: ExecutionContext, locals: Set<string>, model: WorkspaceModel, sink: FindingSink): void {
    const opcode = opcodeOf(statement);
    const vmName = ctx.vm.name;
    if (opcode && PRIVILEGED.has(opcode)) {
        if (ctx.privilege === 'user') {
            sink.report({ severity: 'warning', code: 'privileged-in-user', node: statement,
                message: m.privilegedInUser(opcode, vmName, ctx.os?.name ?? ctx.vm.os?.$refText ?? '') });
        } else if (ctx.technique === 'para' && !PV_EVENT_MASK.has(opcode)) {
            sink.report({ severity: 'error', code: 'privileged-in-pv-kernel', node: statement,
                message: m.privilegedInPvKernel(opcode, vmName) });
        }
    } else if (opcode && SENSITIVE_UNPRIVILEGED.has(opcode) && ctx.privilege === 'kernel' && (ctx.technique === 'full' || ctx.technique === 'para')) {
        // deprivileged (trap-and-emulate, or a paravirtualized kernel at ring 1), they run without a trap
        sink.report({ severity: 'warning', code: 'fidelity-violation', node: statement,
            message: fidelityMessage(opcode, ctx.hypervisor?.name, ctx.technique) });
    } else if (isHypercallCall(statement)) {
        if (ctx.privilege === 'user') {
            sink.report({ severity: 'error', code: 'hypercall-outside-pv', node: statement,
                message: m.hypercallInUser(statement.name) });
        } else if (ctx.technique === 'native') {
            sink.report({ severity: 'error', code: 'hypercall-outside-pv', node: statement,
                message: m.hypercallNative(statement.name, vmName, String(ctx.hardware?.name)) });
        } else if (ctx.technique !== 'para') {
            sink.report({ severity: 'error', code: 'hypercall-outside-pv', node: statement,
                message: m.hypercallNotPara(statement.name, vmName, String(ctx.hypervisor?.name), ctx.technique) });
        }
    } else if (isSyscallCall(statement)) {
        if (!ctx.os) {
            sink.report({ severity: 'error', code: 'unknown-syscall', node: statement,
                message: m.syscallWithoutOs(statement.name, vmName) });
        } else {
            const syscalls = syscallsByName(ctx.os, model);
            const declared = syscalls.get(statement.name);
            if (!declared) {
                sink.report({ severity: 'error', code: 'unknown-syscall', node: statement,
                    distinct: ctx.os.name,
                    message: m.unknownSyscall(ctx.os.name, vmName, statement.name, listOrNone([...syscalls.keys()])) });
            } else if (declared.params.length !== statement.args.length) {
                sink.report({ severity: 'error', code: 'wrong-arity', node: statement, distinct: ctx.os.name,
                    message: m.syscallArity(statement.name, ctx.os.name, declared.params.length, declared.params.map((p) => p.name).join(', '), statement.args.length) });
            }
        }
    }
    checkDeviceRefs(nameRefsOf(statement), ctx.hardware, locals, sink, ctx.vm);
}

/** Labels are operands too (LANGUAGE.md §4): names local to a body that are not devices. */
function labelNames(body: Statement[]): Set<string> {
    return withLabels(new Set<string>(), body);
}

export function fidelityMessage(opcode: string, hypervisor: string | undefined, technique: 'full' | 'para' = 'full'): string {
    return (technique === 'para' ? m.fidelityViolationPara : m.fidelityViolation)(opcode, String(hypervisor));
}

/** `a, b`, or the word for none. */
function listOrNone(names: string[]): string {
    return names.join(', ') || validationMessages.none();
}

let nextId = 1;
const ids = new WeakMap<object, number>();
function idOf(node: object | undefined): number {
    if (!node) return 0;
    let id = ids.get(node);
    if (id === undefined) ids.set(node, (id = nextId++));
    return id;
}

/** Whether two VMs were given the same devices (devicesAssignedTo). */
function sameDevices(a: Vm, b: Vm): boolean {
    // the same lists (the VMs of one host are usually written alike): no set built per VM
    if (nativeHardwareOf(a) === nativeHardwareOf(b) && sameNames(a.devices, b.devices) && sameNames(a.virtio, b.virtio)
        && sameNames(a.passthrough, b.passthrough)) return true;
    const x = devicesAssignedTo(a);
    const y = devicesAssignedTo(b);
    if (x.size !== y.size) return false;
    for (const name of x) if (!y.has(name)) return false;
    return true;
}

/** The same device names in the same order. */
function sameNames(x: readonly Reference<Device>[], y: readonly Reference<Device>[]): boolean {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if ((x[i].ref?.name ?? x[i].$refText) !== (y[i].ref?.name ?? y[i].$refText)) return false;
    return true;
}

/** All checks of a program's instructions, in every distinct context it runs in. */
export function checkProgramCode(program: Program, model: WorkspaceModel, accept: ValidationAcceptor): void {
    const sink = new FindingSink(accept);
    const hypercalls = model.hypercallsIn(systemOf(program));
    for (const statement of program.body) {
        checkContextFree(statement, hypercalls, sink);
        checkNoHwCommand(statement, undefined, sink);
    }
    const distinct = new Map<string, ExecutionContext>();
    // The key depends only on the VM's hypervisor, its OS and whether it names one: VMs that
    // repeat the previous VM's do not build it again (a host's VMs usually come together).
    let previous: Vm | undefined;
    const vms = vmsRunning(program, model);
    for (let i = 0; i < vms.length; i++) {
        const vm = vms[i];
        const host = vm.hypervisor?.ref;
        if (previous && previous.hypervisor?.ref === host && previous.os?.ref === vm.os?.ref && !previous.os === !vm.os
            && sameDevices(previous, vm)) continue;
        previous = vm;
        const devices = [...devicesAssignedTo(vm)].sort().join(',');
        const ctx = contextOf(vm, programPrivilege(vm));
        const key = `${idOf(vm.os?.ref)}|${idOf(ctx.hardware)}|${ctx.technique}|${ctx.privilege}|${vm.os ? '' : idOf(host)}|${devices}`;
        if (!distinct.has(key)) distinct.set(key, ctx);
    }
    const labels = labelNames(program.body);
    for (const ctx of distinct.values()) {
        for (let i = 0; i < program.body.length; i++) checkProgramStatement(program.body[i], ctx, labels, model, sink);
    }
}

/** All checks of an OS's kernel code (syscalls) and host drivers (`on` handlers). */
export function checkOsCode(os: Os, model: WorkspaceModel, accept: ValidationAcceptor): void {
    const sink = new FindingSink(accept);
    const hypercalls = model.hypercallsIn(systemOf(os));
    const fullName = model.firstFullHypervisorByOs.get(os)?.name;
    const paraName = model.firstParaHypervisorByOs.get(os)?.name;
    const kernelBody = (decl: SyscallDecl | Routine | VectorHandler | Boot, hardware: Iterable<Hardware>): void => {
        const params = decl.$type === 'Boot' ? labelNames(decl.body) : withLabels(paramNames(decl), decl.body);
        const hosts = [...hardware]; // once per body, not an iterator per statement
        for (let i = 0; i < decl.body.length; i++) {
            const statement = decl.body[i];
            checkContextFree(statement, hypercalls, sink);
            checkNoHwCommand(statement, os, sink);
            checkKernelStatement(os, statement, fullName, paraName, model.enlightenments, sink);
            if (hosts.length === 0) continue;
            // the statement's names once, checked against each host
            const refs = nameRefsOf(statement);
            if (refs.length > 0) for (let h = 0; h < hosts.length; h++) checkDeviceRefs(refs, hosts[h], params, sink);
        }
    };
    for (const syscall of os.syscalls) kernelBody(syscall, hardwareCallingSyscall(os, syscall.name, model));
    // exception and interrupt handlers (and routines, bound by its or a derived OS's syscalls) run on every VM with this OS
    if (os.vectors.length > 0 || os.boots.length > 0 || os.routines.length > 0) {
        const hardware = new Set(vmsUsingOs(os, model).map(hardwareOfVm).filter((h): h is Hardware => h !== undefined));
        for (const handler of os.vectors) kernelBody(handler, hardware);
        // boot code too (LANGUAGE.md §11)
        for (const boot of os.boots) kernelBody(boot, hardware);
        for (const routine of os.routines) kernelBody(routine, hardware);
    }
    for (const handler of os.drivers) checkHandlerCode(handler, hypercalls, sink);
}

function checkKernelStatement(os: Os, statement: Statement, fullHypervisor: string | undefined, paraHypervisor: string | undefined, enlightenments: Set<string>, sink: FindingSink): void {
    const opcode = opcodeOf(statement);
    // a plain OS may call a profile's hypercalls (an enlightened Windows): checked per VM (profiles/checks.ts)
    if (isHypercallCall(statement) && !isParavirtualized(os) && !enlightenments.has(statement.name)) {
        sink.report({ severity: 'error', code: 'hypercall-outside-pv', node: statement,
            message: m.hypercallInPlainOs(statement.name, os.name) });
    } else if (opcode && PRIVILEGED.has(opcode) && isParavirtualized(os) && !PV_EVENT_MASK.has(opcode)) {
        sink.report({ severity: 'error', code: 'privileged-in-pv-kernel', node: statement,
            message: m.privilegedInPvOs(opcode, os.name) });
    } else if (opcode && SENSITIVE_UNPRIVILEGED.has(opcode) && fullHypervisor) {
        sink.report({ severity: 'warning', code: 'fidelity-violation', node: statement, message: fidelityMessage(opcode, fullHypervisor) });
    } else if (opcode && SENSITIVE_UNPRIVILEGED.has(opcode) && isParavirtualized(os) && paraHypervisor) {
        sink.report({ severity: 'warning', code: 'fidelity-violation', node: statement, message: fidelityMessage(opcode, paraHypervisor, 'para') });
    }
}

/** `names`, then the labels of `body` (in that order): the names a body's operands may use. */
function withLabels(names: Set<string>, body: Statement[]): Set<string> {
    for (const statement of body) if (isLabel(statement)) names.add(statement.name);
    return names;
}

function paramNames(decl: SyscallDecl | Routine | Handler | VectorHandler): Set<string> {
    return new Set(decl.params.map((p) => p.name));
}

/** Hypervisor handlers and host drivers: the hardware command set; names are their parameters. */
function checkHandlerCode(handler: Handler, hypercalls: Map<string, Handler>, sink: FindingSink): void {
    const params = withLabels(paramNames(handler), handler.body);
    for (const statement of handler.body) {
        checkContextFree(statement, hypercalls, sink);
        for (const ref of nameRefsOf(statement)) {
            if (!params.has(ref.name)) {
                sink.report({ severity: 'error', code: 'unknown-name', node: ref,
                    message: m.unknownName(ref.name, handler.name, listOrNone([...params])) });
            }
        }
    }
}

/** A monitor's handlers, or a profile's hypercalls: hypervisor code. */
export function checkMonitorCode(monitor: Monitor | Profile, model: WorkspaceModel, accept: ValidationAcceptor): void {
    const sink = new FindingSink(accept);
    const hypercalls = model.hypercallsIn(systemOf(monitor));
    for (const handler of isProfile(monitor) ? monitor.hypercalls : monitor.handlers) checkHandlerCode(handler, hypercalls, sink);
}
