// Instruction-level checks: what guest code may do depends on who runs it (code-context.ts):
// user code under an OS, a guest kernel without OS, a paravirtualized kernel, and the
// technique of the hypervisor underneath. Each distinct context is checked once, so a
// program run by 10,000 identical VMs costs one pass; identical findings are reported once.
import type { ValidationAcceptor } from 'langium';
import {
    isHwCommand, isHypercallCall, isLabel, isMemory, isNameRef, isOp0, isOp1, isOp2, isSyscallCall,
    type Handler, type Hardware, type Monitor, type NameRef, type Operand, type Os, type Program, type Statement, type SyscallDecl, type Vm,
} from '../generated/ast.js';
import { HW_COMMANDS, PRIVILEGED, SENSITIVE_UNPRIVILEGED } from '../isa.js';
import {
    contextOf, devicesAssignedTo, hardwareCallingSyscall, programPrivilege, syscallOf, techniqueOf, vmsRunning,
    type ExecutionContext, type WorkspaceModel,
} from '../code-context.js';
import { systemOf } from '../systems.js';
import { appendAll } from '../arrays.js';

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

/** Operands of an instruction, including those nested in `[...]`. */
export function nameRefsOf(statement: Statement): NameRef[] {
    const operands: Operand[] = [];
    if (isOp1(statement)) operands.push(statement.a);
    else if (isOp2(statement)) operands.push(statement.a, statement.b);
    else if (isSyscallCall(statement) || isHypercallCall(statement) || isHwCommand(statement)) appendAll(operands, statement.args);
    const result: NameRef[] = [];
    for (let operand of operands) {
        while (isMemory(operand)) operand = operand.address;
        if (isNameRef(operand)) result.push(operand);
    }
    return result;
}

function devicesOf(hardware: Hardware): string {
    return hardware.devices.length ? hardware.devices.map((d) => d.name).join(', ') : 'no devices';
}

/**
 * Names in operands that are neither parameters nor labels are devices of the host; when the
 * code runs in a VM (`vm`), the device must also be one the VM was given (`devices`, `passthrough`).
 */
function checkDeviceRefs(statement: Statement, hardware: Hardware | undefined, params: Set<string>, sink: FindingSink, vm?: Vm): void {
    if (!hardware) return;
    for (const ref of nameRefsOf(statement)) {
        if (params.has(ref.name)) continue;
        if (!hardware.devices.some((d) => d.name === ref.name)) {
            sink.report({
                severity: 'error', code: 'unknown-device', node: ref,
                message: `unknown device '${ref.name}': hardware '${hardware.name}' has ${devicesOf(hardware)}`,
            });
        } else if (vm && !devicesAssignedTo(vm).has(ref.name)) {
            sink.report({ severity: 'error', code: 'device-not-assigned', node: ref, message: notAssignedMessage(ref.name, vm) });
        }
    }
}

function notAssignedMessage(device: string, vm: Vm): string {
    const assigned = [...devicesAssignedTo(vm)];
    const has = assigned.length ? `its 'devices' are ${assigned.join(', ')}` : `it has no 'devices'`;
    return `device '${device}' is not assigned to VM '${vm.name}' (${has}): add it to the VM's 'devices' to use it`;
}

/** Checks that do not depend on who runs the code: the hardware command set, hypercall names and arity. */
function checkContextFree(statement: Statement, hypercalls: Map<string, Handler>, sink: FindingSink): void {
    if ((isHwCommand(statement) || isHypercallCall(statement)) && !statement.name) return; // a syntax error already
    if (isHwCommand(statement)) {
        const info = HW_COMMANDS[statement.name];
        if (!info) {
            sink.report({ severity: 'error', code: 'unknown-hw-command', node: statement,
                message: `unknown hardware command 'hw ${statement.name}' (known: ${Object.keys(HW_COMMANDS).join(', ')})` });
        } else if (info.params.length !== statement.args.length) {
            sink.report({ severity: 'error', code: 'wrong-arity', node: statement,
                message: `'hw ${statement.name}' takes ${info.params.length} argument(s) (${info.params.join(', ')}), got ${statement.args.length}` });
        }
    } else if (isHypercallCall(statement)) {
        const handler = hypercalls.get(statement.name);
        if (!handler) {
            sink.report({ severity: 'error', code: 'unknown-hypercall', node: statement,
                message: `unknown hypercall '${statement.name}': no 'monitor para' handles it (known: ${[...hypercalls.keys()].join(', ') || 'none'})` });
        } else if (handler.params.length !== statement.args.length) {
            sink.report({ severity: 'error', code: 'wrong-arity', node: statement,
                message: `hypercall '${statement.name}' takes ${handler.params.length} argument(s) (${handler.params.map((p) => p.name).join(', ')}), got ${statement.args.length}` });
        }
    }
}

/** `hw NAME(...)` is the hypervisor's command set (monitors, host drivers): guest code cannot reach it. */
function checkNoHwCommand(statement: Statement, where: string, sink: FindingSink): void {
    if (isHwCommand(statement) && statement.name) {
        sink.report({ severity: 'error', code: 'hw-in-guest', node: statement,
            message: `'hw ${statement.name}' belongs to the hypervisor's hardware command set: ${where} cannot use it (use an instruction, a syscall or a hypercall)` });
    }
}

/** Checks one statement of a VM's `run` program in one execution context; `locals` are its labels. */
function checkProgramStatement(statement: Statement, ctx: ExecutionContext, locals: Set<string>, sink: FindingSink): void {
    const opcode = opcodeOf(statement);
    const vmName = ctx.vm.name;
    if (opcode && PRIVILEGED.has(opcode)) {
        if (ctx.privilege === 'user') {
            sink.report({ severity: 'warning', code: 'privileged-in-user', node: statement,
                message: `'${opcode}' is privileged: in user code (VM '${vmName}' runs this program under OS '${ctx.os?.name}') it faults (#GP) and the program is killed` });
        } else if (ctx.technique === 'para') {
            sink.report({ severity: 'error', code: 'privileged-in-pv-kernel', node: statement,
                message: `'${opcode}' is privileged: VM '${vmName}' runs this code as its kernel under 'virtualization para', which allows hypercalls only` });
        }
    } else if (opcode && SENSITIVE_UNPRIVILEGED.has(opcode) && ctx.privilege === 'kernel' && ctx.technique === 'full') {
        sink.report({ severity: 'warning', code: 'fidelity-violation', node: statement,
            message: fidelityMessage(opcode, ctx.hypervisor?.name) });
    } else if (isHypercallCall(statement)) {
        if (ctx.privilege === 'user') {
            sink.report({ severity: 'error', code: 'hypercall-outside-pv', node: statement,
                message: `'hypercall ${statement.name}' in user code: only a paravirtualized guest kernel may call the hypervisor` });
        } else if (ctx.technique !== 'para') {
            sink.report({ severity: 'error', code: 'hypercall-outside-pv', node: statement,
                message: `'hypercall ${statement.name}': VM '${vmName}' runs on hypervisor '${ctx.hypervisor?.name}' with 'virtualization ${ctx.technique}', not 'para'` });
        }
    } else if (isSyscallCall(statement)) {
        if (!ctx.os) {
            sink.report({ severity: 'error', code: 'unknown-syscall', node: statement,
                message: `'syscall ${statement.name}': VM '${vmName}' has no OS, so there is no kernel to enter` });
        } else {
            const declared = syscallOf(ctx.os, statement.name);
            if (!declared) {
                sink.report({ severity: 'error', code: 'unknown-syscall', node: statement,
                    distinct: ctx.os.name,
                    message: `OS '${ctx.os.name}' (of VM '${vmName}') declares no syscall '${statement.name}' (it has ${ctx.os.syscalls.map((s) => s.name).join(', ') || 'none'})` });
            } else if (declared.params.length !== statement.args.length) {
                sink.report({ severity: 'error', code: 'wrong-arity', node: statement, distinct: ctx.os.name,
                    message: `syscall '${statement.name}' of OS '${ctx.os.name}' takes ${declared.params.length} argument(s) (${declared.params.map((p) => p.name).join(', ')}), got ${statement.args.length}` });
            }
        }
    }
    checkDeviceRefs(statement, ctx.hardware, locals, sink, ctx.vm);
}

/** Labels are operands too (LANGUAGE.md §4): names local to a body that are not devices. */
function labelNames(body: Statement[]): Set<string> {
    const names = new Set<string>();
    for (const statement of body) if (isLabel(statement)) names.add(statement.name);
    return names;
}

export function fidelityMessage(opcode: string, hypervisor: string | undefined): string {
    return `'${opcode}' is sensitive but not privileged: under 'virtualization full' on '${hypervisor}' it does not trap and silently behaves wrongly (Popek-Goldberg); use 'binary' or 'hardware'`;
}

let nextId = 1;
const ids = new WeakMap<object, number>();
function idOf(node: object | undefined): number {
    if (!node) return 0;
    let id = ids.get(node);
    if (id === undefined) ids.set(node, (id = nextId++));
    return id;
}

function sameDevices(a: Vm, b: Vm): boolean {
    const x = devicesAssignedTo(a);
    const y = devicesAssignedTo(b);
    if (x.size !== y.size) return false;
    for (const name of x) if (!y.has(name)) return false;
    return true;
}

/** All checks of a program's instructions, in every distinct context it runs in. */
export function checkProgramCode(program: Program, model: WorkspaceModel, accept: ValidationAcceptor): void {
    const sink = new FindingSink(accept);
    const hypercalls = model.hypercallsIn(systemOf(program));
    for (const statement of program.body) {
        checkContextFree(statement, hypercalls, sink);
        checkNoHwCommand(statement, 'a guest program', sink);
    }
    const distinct = new Map<string, ExecutionContext>();
    // The key depends only on the VM's hypervisor, its OS and whether it names one: VMs that
    // repeat the previous VM's do not build it again (a host's VMs usually come together).
    let previous: Vm | undefined;
    for (const vm of vmsRunning(program, model)) {
        const hypervisor = vm.hypervisor?.ref;
        if (previous && previous.hypervisor?.ref === hypervisor && previous.os?.ref === vm.os?.ref && !previous.os === !vm.os
            && sameDevices(previous, vm)) continue;
        previous = vm;
        const devices = [...devicesAssignedTo(vm)].sort().join(',');
        const key = `${idOf(vm.os?.ref)}|${idOf(hypervisor?.hardware?.ref)}|${techniqueOf(hypervisor)}|${programPrivilege(vm)}|${vm.os ? '' : idOf(hypervisor)}|${devices}`;
        if (!distinct.has(key)) distinct.set(key, contextOf(vm, programPrivilege(vm)));
    }
    const labels = labelNames(program.body);
    for (const ctx of distinct.values()) {
        for (const statement of program.body) checkProgramStatement(statement, ctx, labels, sink);
    }
}

/** All checks of an OS's kernel code (syscalls) and host drivers (`on` handlers). */
export function checkOsCode(os: Os, model: WorkspaceModel, accept: ValidationAcceptor): void {
    const sink = new FindingSink(accept);
    const hypercalls = model.hypercallsIn(systemOf(os));
    const fullName = model.firstFullHypervisorByOs.get(os)?.name;
    for (const syscall of os.syscalls) {
        const params = new Set([...paramNames(syscall), ...labelNames(syscall.body)]);
        const hardware = hardwareCallingSyscall(os, syscall.name, model);
        for (const statement of syscall.body) {
            checkContextFree(statement, hypercalls, sink);
            checkNoHwCommand(statement, `a syscall of guest OS '${os.name}'`, sink);
            checkKernelStatement(os, statement, fullName, sink);
            for (const hw of hardware) checkDeviceRefs(statement, hw, params, sink);
        }
    }
    for (const handler of os.drivers) checkHandlerCode(handler, hypercalls, sink);
}

function checkKernelStatement(os: Os, statement: Statement, fullHypervisor: string | undefined, sink: FindingSink): void {
    const opcode = opcodeOf(statement);
    if (isHypercallCall(statement) && !os.paravirtualized) {
        sink.report({ severity: 'error', code: 'hypercall-outside-pv', node: statement,
            message: `'hypercall ${statement.name}' in OS '${os.name}', which is not declared 'paravirtualized'` });
    } else if (opcode && PRIVILEGED.has(opcode) && os.paravirtualized) {
        sink.report({ severity: 'error', code: 'privileged-in-pv-kernel', node: statement,
            message: `'${opcode}' is privileged: OS '${os.name}' is paravirtualized and must use a hypercall instead` });
    } else if (opcode && SENSITIVE_UNPRIVILEGED.has(opcode) && fullHypervisor) {
        sink.report({ severity: 'warning', code: 'fidelity-violation', node: statement, message: fidelityMessage(opcode, fullHypervisor) });
    }
}

function paramNames(decl: SyscallDecl | Handler): Set<string> {
    return new Set(decl.params.map((p) => p.name));
}

/** Hypervisor handlers and host drivers: the hardware command set; names are their parameters. */
function checkHandlerCode(handler: Handler, hypercalls: Map<string, Handler>, sink: FindingSink): void {
    const params = new Set([...paramNames(handler), ...labelNames(handler.body)]);
    for (const statement of handler.body) {
        checkContextFree(statement, hypercalls, sink);
        for (const ref of nameRefsOf(statement)) {
            if (!params.has(ref.name)) {
                sink.report({ severity: 'error', code: 'unknown-name', node: ref,
                    message: `'${ref.name}' is neither a parameter nor a label of handler '${handler.name}' (${[...params].join(', ') || 'none'})` });
            }
        }
    }
}

export function checkMonitorCode(monitor: Monitor, model: WorkspaceModel, accept: ValidationAcceptor): void {
    const sink = new FindingSink(accept);
    const hypercalls = model.hypercallsIn(systemOf(monitor));
    for (const handler of monitor.handlers) checkHandlerCode(handler, hypercalls, sink);
}
