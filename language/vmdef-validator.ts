// Validation: one class, checks registered per AST type (see Langium's example languages).
// Every diagnostic carries a stable `code` from LANGUAGE.md §7 (and README "Diagnostics").
// Checks that need the whole workspace (overcommit, passthrough, names, who runs a program)
// read one model built once per build (code-context.ts), so validation stays linear.
import { AstUtils, GrammarAST, isCompositeCstNode, type AstNode, type CstNode, type LangiumDocument, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { DiagnosticRelatedInformation, Range } from 'vscode-languageserver-types';
import {
    isCostsRef, isCpu, isDeviceInput, isFailAt, isFailHost, isHardware, isProperty, isReserve, isScheduler, isVm,
    type CostEntry, type CpuPart, type Hardware, type Hypervisor, type Model, type Monitor, type Os, type Pin, type Profile, type Program, type SyscallDecl, type VectorHandler,
    type Quantity, type VmdefAstType, type Vm, type Expect,
} from './generated/ast.js';
import type { VmdefServices } from './vmdef-module.js';
import { paravirtualizedIn, perModel, syscallsByName, workspaceModel, techniqueOf, type GlobalDeclaration, type PassthroughConflict, type WorkspaceModel } from './code-context.js';
import { loadOf } from './overcommit.js';
import { capacityOf, capacityOfHardware, hardwareOfVm, hypervisorOfVm, nativeHardwareOf, pcpusOf, vmVcpus } from './resources.js';
import { checkNativeVm } from './validation/native-checks.js';
import { checkHypervisorProfile, checkVmEnlightenments } from './profiles/checks.js';
import { checkExpect } from './validation/expect-checks.js';
import { dimensionOf, toBase, unitsOf, type Dimension } from './units.js';
import { COST_NAMES } from './isa.js';
import { checkMonitorCode, checkOsCode, checkProgramCode } from './validation/code-checks.js';
import { checkLocalNames } from './validation/local-names.js';
import { checkHardwarePaging, checkHypervisorPaging } from './validation/paging-checks.js';
import { keywordRange } from './validation/ranges.js';
import { validationMessages as m } from './validation/messages.js';
import { systemOf } from './systems.js';
import { checkStringOperand } from './validation/operand-checks.js';
import { checkOsInterrupts, checkProgramInterrupts, checkVectorHandler } from './validation/interrupt-checks.js';
import { checkCostValue, checkCpuLimits, checkImmediate, checkQuantityLimits, checkVcpusLimit } from './validation/limit-checks.js';
import { checkVmProcesses } from './validation/processes.js';
import { inheritsFromItself, osChain } from './os-members.js';

export function registerValidationChecks(services: VmdefServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.VmdefValidator;
    const checks: ValidationChecks<VmdefAstType> = {
        Quantity: [validator.checkUnit, checkQuantityLimits],
        Cpu: checkCpuLimits,
        Immediate: checkImmediate,
        StringLit: checkStringOperand,
        CpuPart: validator.checkCpuPart,
        Hardware: [validator.checkHardware, checkHardwarePaging, validator.checkGlobalName],
        Hypervisor: [validator.checkHypervisor, checkHypervisorPaging, validator.checkOvercommit, validator.checkGlobalName],
        Vm: [validator.checkVm, validator.checkGlobalName],
        Program: [validator.checkProgram, validator.checkGlobalName, validator.checkProgramInterrupts],
        Os: [validator.checkOs, validator.checkGlobalName, validator.checkOsInterrupts],
        VectorHandler: validator.checkVectorHandler,
        Monitor: validator.checkMonitor,
        Profile: validator.checkMonitor,
        CostEntry: [validator.checkCostEntry, checkCostValue],
        Model: validator.checkLocalNames,
        Expect: validator.checkExpect,
    };
    registry.register(checks, validator);
}

const CPU_PART_UNITS = new Set(['socket', 'sockets', 'core', 'cores', 'thread', 'threads']);

export class VmdefValidator {
    private readonly services: VmdefServices;

    constructor(services: VmdefServices) {
        this.services = services;
    }

    private model(): WorkspaceModel {
        return workspaceModel(this.services.shared);
    }

    // ------------------------------------------------------------ units

    checkUnit = (quantity: Quantity, accept: ValidationAcceptor): void => {
        const expected = expectedDimensions(quantity);
        if (!quantity.unit) {
            accept('error', m.missingUnit(quantity.value, unitsText(expected)), { node: quantity, code: 'missing-unit' });
            return;
        }
        const actual = dimensionOf(quantity.unit);
        if (expected && (!actual || !expected.includes(actual))) {
            const wanted = expected.map((d) => m[d]()).join(m.or());
            accept('error', actual ? m.unitOfOtherDimension(quantity.unit, m[actual](), wanted, unitsText(expected)) : m.unknownUnit(quantity.unit, wanted, unitsText(expected)),
                { node: quantity, property: 'unit', code: 'unit-mismatch' });
        }
    };

    checkCpuPart = (part: CpuPart, accept: ValidationAcceptor): void => {
        if (!CPU_PART_UNITS.has(part.unit)) {
            accept('error', m.notTopologyUnit(part.unit), { node: part, property: 'unit', code: 'unit-mismatch' });
        } else if (part.count < 1) {
            accept('error', m.noCpuPart(part.count, part.unit), { node: part, property: 'count', code: 'no-cpu' });
        }
    };

    // ------------------------------------------------------------ hardware

    checkHardware = (hardware: Hardware, accept: ValidationAcceptor): void => {
        if (!hardware.name) return; // a syntax error already
        if (!hardware.cpu) accept('error', m.noCpu(hardware.name), { node: hardware, property: 'name', code: 'no-cpu' });
        if (!hardware.memory) accept('error', m.noMemory(hardware.name), { node: hardware, property: 'name', code: 'no-memory' });
        for (const device of hardware.devices) {
            if (device.kind === 'serial') continue;
            for (const input of device.inputs) {
                accept('error', m.inputNotSerial(device.name, device.kind), { node: input, keyword: 'input', code: 'input-not-serial' });
            }
        }
    };

    // ------------------------------------------------------------ hypervisors

    checkHypervisor = (hypervisor: Hypervisor, accept: ValidationAcceptor): void => {
        if (hypervisor.kind === 'type2' && !hypervisor.host) {
            accept('error', m.hostOsRequired(hypervisor.name),
                { node: hypervisor, property: 'name', code: 'host-os-required' });
        }
        if (hypervisor.kind === 'type1' && hypervisor.host) {
            accept('error', m.hostOsForbidden(hypervisor.name),
                { node: hypervisor, property: 'host', code: 'host-os-forbidden' });
        }
        if (hypervisor.kind === 'type1' && hypervisor.failHost) {
            accept('error', m.failHostNeedsType2(hypervisor.name),
                { node: hypervisor, property: 'failHost', code: 'host-os-forbidden' });
        }
        const hardware = hypervisor.hardware?.ref;
        // written here; a profile's (`like virtualbox`) is checked with the profile
        if (hypervisor.technique === 'hardware' && hardware && !hardware.extensions.some((e) => e === 'vtx' || e === 'svm')) {
            accept('error', m.hwVirtUnavailable(hardware.name),
                { node: hypervisor, range: keywordRange(hypervisor, 'virtualization', 'technique'), code: 'hw-virt-unavailable' });
        }
        checkHypervisorProfile(hypervisor, accept);
        if (hardware) {
            const others = this.model().hypervisorsByHardware.get(hardware) ?? [];
            const first = others[0];
            if (first && first !== hypervisor) {
                accept('error', m.hardwareInUse(hardware.name, first.name),
                    { node: hypervisor, property: 'hardware', code: 'hardware-in-use' });
            }
        }
    };

    /** sum of demand of the hypervisor's VMs against its host, from the one-pass grouping. */
    checkOvercommit = (hypervisor: Hypervisor, accept: ValidationAcceptor): void => {
        const hardware = hypervisor.hardware?.ref;
        if (!hardware) return;
        const load = loadOf(hypervisor, this.model());
        // A host whose cpu or memory is missing or mistyped has its own diagnostic; no sums against nothing.
        const knownCpu = pcpusOf(hardware) > 0;
        const knownMemory = toBase(hardware.memory, 'memory') !== undefined;
        // The same VMs for a CPU and a memory overcommit: located once, a copy per diagnostic.
        let vmsInfo: DiagnosticRelatedInformation[] | undefined;
        const related = () => (vmsInfo ??= compact(load.vms.map((vm) => relatedAt(vm, m.vmDemand(vm.name, vm.vcpus ?? 1, vm.memory ? `${vm.memory.value} ${vm.memory.unit ?? ''}`.trim() : m.noMemoryDeclared()))))).slice();
        if (knownCpu && load.cpu.verdict === 'over') {
            accept('error', m.cpuOvercommit(load.cpu.message), { node: hypervisor, property: 'name', code: 'cpu-overcommit', relatedInformation: related() });
        } else if (knownCpu && load.cpu.verdict === 'allowed') {
            accept('info', m.cpuOvercommitAllowed(load.cpu.message), { node: hypervisor, property: 'name', code: 'cpu-overcommit-allowed' });
        }
        if (knownMemory && load.memory.verdict === 'over') {
            accept('error', m.memoryOvercommit(load.memory.message), { node: hypervisor, property: 'name', code: 'memory-overcommit', relatedInformation: related() });
        } else if (knownMemory && load.memory.verdict === 'allowed') {
            accept('warning', m.memoryOvercommitAllowed(load.memory.message),
                { node: hypervisor, property: 'name', code: 'memory-overcommit-allowed' });
        }
    };

    checkCostEntry = (entry: CostEntry, accept: ValidationAcceptor): void => {
        if (!(COST_NAMES as readonly string[]).includes(entry.name)) {
            const unknown = isCostsRef(entry.$container) ? m.unknownCostOverride : m.unknownCostEntry;
            accept('error', unknown(entry.name, COST_NAMES.join(', ')), { node: entry, property: 'name', code: 'unknown-cost' });
        }
    };

    // ------------------------------------------------------------ virtual machines

    checkExpect = (expect: Expect, accept: ValidationAcceptor): void => checkExpect(expect, this.model(), accept);

    checkVm = (vm: Vm, accept: ValidationAcceptor): void => {
        const model = this.model();
        const hypervisor = hypervisorOfVm(vm);
        const native = nativeHardwareOf(vm);
        const hardware = hardwareOfVm(vm);
        const vcpus = vmVcpus(vm);
        if (native) checkNativeVm(vm, native, model, accept);
        if (vm.vcpus !== undefined && vm.vcpus < 1) {
            accept('error', m.noVcpus(), { node: vm, property: 'vcpus', code: 'no-vcpus' });
        }
        const beyondAnyHost = checkVcpusLimit(vm, accept);
        if (hardware?.cpu && !beyondAnyHost) {
            const capacity = hypervisor ? hypervisorCapacity(hypervisor, model) : hardwareCapacity(hardware, model);
            if (vcpus > capacity.usablePcpus) {
                const reserved = capacity.pcpus - capacity.usablePcpus;
                const detail = reserved > 0 ? m.pcpusReserved(capacity.pcpus, String(reserved), '') : '';
                accept('error', m.vcpusExceedHost(vm.name, vcpus, hardware.name, capacity.usablePcpus, detail),
                    { node: vm, ...(vm.vcpus !== undefined ? { range: keywordRange(vm, 'vcpus', 'vcpus') } : { property: 'name' }), code: 'vcpus-exceed-host' });
            }
        }
        if (vm.pin && hardware?.cpu) checkPin(vm.pin, hardware, accept);
        const conflicts = model.passthroughConflicts.get(vm);
        if (conflicts) for (const conflict of conflicts) reportPassthroughConflict(vm, conflict, accept);
        if (hardware && vm.passthrough.length > 0 && !hasIommu(hardware)) {
            for (let index = 0; index < vm.passthrough.length; index++) {
                const ref = vm.passthrough[index];
                accept('error', m.passthroughWithoutIommu(ref.ref?.name ?? ref.$refText, hardware.name),
                    { node: vm, property: 'passthrough', index, code: 'passthrough-without-iommu' });
            }
        }
        const os = vm.os?.ref;
        if (os) {
            const technique = hypervisor && techniqueOf(hypervisor);
            const paravirtualized = paravirtualizedIn(os, model);
            if (hypervisor && technique === 'para' && !paravirtualized) {
                accept('error', m.pvKernelRequired(hypervisor.name, os.name),
                    { node: vm, property: 'os', code: 'pv-kernel-required' });
            }
            if (hypervisor && technique !== 'para' && paravirtualized) {
                accept('error', m.pvKernelNeedsPara(os.name, hypervisor.name, technique!),
                    { node: vm, property: 'os', code: 'pv-kernel-needs-para' });
            }
            if (syscallsByName(os, model).size === 0) {
                accept('warning', m.osWithoutSyscalls(os.name), { node: vm, property: 'os', code: 'os-without-syscalls' });
            }
        }
        checkVmEnlightenments(vm, model, accept);
        for (let i = 0; i < vm.runs.length; i++) {
            const run = vm.runs[i];
            if (run.vcpu !== undefined && run.vcpu >= vcpus) {
                accept('error', m.vcpuOutOfRange(vm.name, vcpus - 1, run.vcpu), { node: run, property: 'vcpu', code: 'vcpu-out-of-range' });
            }
        }
        checkVmProcesses(vm, accept);
    };

    // ------------------------------------------------------------ code

    checkProgram = (program: Program, accept: ValidationAcceptor): void => {
        checkProgramCode(program, this.model(), accept);
    };

    checkOs = (os: Os, accept: ValidationAcceptor): void => {
        if (os.base?.ref && inheritsFromItself(os)) {
            accept('error', m.osInheritanceCycle(os.name, osChain(os).map((o) => o.name).join(' → ')), { node: os, property: 'base', code: 'os-inheritance-cycle' });
        }
        for (const syscall of os.syscalls) checkRoutineArity(syscall, accept);
        checkOsCode(os, this.model(), accept);
    };

    checkVectorHandler = (handler: VectorHandler, accept: ValidationAcceptor): void => {
        checkVectorHandler(handler, this.model(), accept);
    };

    checkOsInterrupts = (os: Os, accept: ValidationAcceptor): void => {
        checkOsInterrupts(os, this.model(), accept);
    };

    checkProgramInterrupts = (program: Program, accept: ValidationAcceptor): void => {
        checkProgramInterrupts(program, this.model(), accept);
    };

    checkMonitor = (monitor: Monitor | Profile, accept: ValidationAcceptor): void => {
        checkMonitorCode(monitor, this.model(), accept);
    };

    // ------------------------------------------------------------ names

    /**
     * Global names are unique among hardware, hypervisors, VMs, programs and OSes of one system
     * (the files of one folder, systems.ts); user code may shadow the stdlib.
     */
    checkGlobalName = (node: GlobalDeclaration, accept: ValidationAcceptor): void => {
        if (!node.name) return; // a syntax error already
        const model = this.model();
        const declared = model.declarations.get(node.name);
        // the first declaration of its name (nearly always the only one) duplicates nothing
        if (!declared || declared[0] === node || model.isStdlib(node)) return;
        checkDuplicateName(node, declared, model, accept);
    };

    checkLocalNames = (model: Model, accept: ValidationAcceptor): void => {
        checkLocalNames(model, accept);
    };
}

/** An IOMMU (VT-d, AMD-Vi) confines passthrough DMA to its VM's memory (LANGUAGE.md §12). */
export function hasIommu(hardware: Hardware): boolean {
    return hardware.extensions.some((e) => e === 'vtd' || e === 'amdvi');
}

// What every VM asks of its host, computed once per host in a build.
const hypervisorCapacity = perModel(capacityOf);
const hardwareCapacity = perModel((hardware: Hardware) => capacityOfHardware(hardware));

function checkPin(pin: Pin, hardware: Hardware, accept: ValidationAcceptor): void {
    const pcpus = pcpusOf(hardware);
    for (let i = 0; i < pin.pcpus.length; i++) {
        const index = pin.pcpus[i];
        if (index >= pcpus) {
            accept('error', m.pinOutOfRange(index, hardware.name, pcpus - 1),
                { node: pin, property: 'pcpus', index: i, code: 'pin-out-of-range' });
        }
    }
}

function reportPassthroughConflict(vm: Vm, { use, earlier, device }: PassthroughConflict, accept: ValidationAcceptor): void {
    const conflictOf = earlier.property === 'passthrough' ? m.passedThrough : m.alreadyUsed;
    accept('error', conflictOf(device.name, earlier.vm.name, earlier.vm === vm ? m.thisVm() : ''), {
        node: vm, property: use.property, index: use.index, code: 'passthrough-conflict',
        relatedInformation: compact([relatedAt(earlier.vm, m.firstNamedBy(earlier.vm.name))]),
    });
}

/** Which unit dimension a quantity needs, by where it stands; undefined: any unit. */
function expectedDimensions(quantity: Quantity): readonly Dimension[] | undefined {
    const container = quantity.$container as AstNode;
    const property = quantity.$containerProperty;
    if (isDeviceInput(container)) return TIME;
    if (isProperty(container) && container.name === 'latency') return TIME;
    if (isHardware(container) || isVm(container)) return property === 'memory' ? MEMORY : undefined;
    if (isCpu(container)) return FREQUENCY;
    if (isReserve(container)) return CPUS_OR_MEMORY;
    if (isScheduler(container) || isFailAt(container) || isFailHost(container)) return TIME;
    return undefined;
}

// shared by every quantity that stands there (never written to)
const TIME: readonly Dimension[] = ['time'];
const MEMORY: readonly Dimension[] = ['memory'];
const FREQUENCY: readonly Dimension[] = ['frequency'];
const CPUS_OR_MEMORY: readonly Dimension[] = ['cpus', 'memory'];

/** The units of the expected dimensions, for a diagnostic's text. */
function unitsText(expected: readonly Dimension[] | undefined): string {
    return expected ? expected.flatMap(unitsOf).join(', ') : '';
}

/** A declaration after the first of its name (`declared`, the workspace's) in its system. */
function checkDuplicateName(node: GlobalDeclaration, declared: GlobalDeclaration[], model: WorkspaceModel, accept: ValidationAcceptor): void {
    const system = systemOf(node);
    const same = declared.filter((d) => !model.isStdlib(d) && systemOf(d) === system);
    const index = same.indexOf(node);
    if (index <= 0) return;
    const first = same[0];
    const elsewhere = documentOf(first) !== documentOf(node);
    accept('error', duplicateNameMessage(node.name, kindOf(first), locationText(first), elsewhere),
        { node, property: 'name', code: 'duplicate-name', relatedInformation: compact([relatedAt(first, m.firstDeclaration(node.name))]) });
}

function duplicateNameMessage(name: string, kind: string, location: string, otherFile: boolean): string {
    return (otherFile ? m.duplicateNameElsewhere : m.duplicateName)(name, kind, location);
}

function kindOf(node: AstNode): string {
    return { Hardware: 'hardware', Hypervisor: 'hypervisor', Vm: 'vm', Program: 'program', Os: 'os' }[node.$type] ?? node.$type;
}

function documentOf(node: AstNode): LangiumDocument | undefined {
    try {
        return AstUtils.getDocument(node);
    } catch {
        return undefined;
    }
}

function nameRange(node: AstNode): Range | undefined {
    return (firstNodeForProperty(node.$cstNode, 'name') ?? node.$cstNode)?.range;
}

/**
 * `GrammarUtils.findNodeForProperty(cst, property)` (the first match), without collecting
 * every match and walking up the grammar from every leaf: the leaves of a declaration are many,
 * and a diagnostic's related information locates every VM of an overcommitted host.
 */
function firstNodeForProperty(cst: CstNode | undefined, property: string): CstNode | undefined {
    if (!cst) return undefined;
    const element = cst.astNode;
    const search = (node: CstNode, first: boolean): CstNode | undefined => {
        if (!first && AstUtils.getContainerOfType(node.grammarSource, GrammarAST.isAssignment)?.feature === property) return node;
        if (isCompositeCstNode(node) && node.astNode === element) {
            for (const child of node.content) {
                const found = search(child, false);
                if (found) return found;
            }
        }
        return undefined;
    };
    return search(cst, true);
}

function locationText(node: AstNode): string {
    const doc = documentOf(node);
    const line = (nameRange(node)?.start.line ?? 0) + 1;
    const file = doc ? doc.uri.path.split('/').pop() : '?';
    return `${file}:${line}`;
}

function relatedAt(node: AstNode, message: string): DiagnosticRelatedInformation | undefined {
    const doc = documentOf(node);
    const range = nameRange(node);
    if (!doc || !range) return undefined;
    return { location: { uri: doc.uri.toString(), range }, message };
}

function compact<T>(items: (T | undefined)[]): T[] {
    return items.filter((x): x is T => x !== undefined);
}

/** A bound syscall's arguments fill its routine's parameters one for one: the counts must agree. */
function checkRoutineArity(syscall: SyscallDecl, accept: ValidationAcceptor): void {
    const routine = syscall.routine?.ref;
    if (!routine || routine.params.length === syscall.params.length) return;
    accept('error', m.routineArity(syscall.name, syscall.params.length, routine.name, routine.params.length),
        { node: syscall, property: 'routine', code: 'routine-arity' });
}
