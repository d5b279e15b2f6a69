// "Who runs this code": which VMs run a program, under which OS, technique and hardware, and
// which VMs use an OS. The validator, the simulator and the debugger need the same answers, so
// they live here, computed in ONE pass over the workspace's declarations (10,000 VMs must stay
// linear: DESIGN.md, "Performance facts").
import { AstUtils, DocumentState, WorkspaceCache, type AstNode, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { isParavirtualized, osChain, syscallsOf } from './os-members.js';
import {
    isHardware, isHypervisor, isMonitor, isOs, isProfile, isProgram, isSyscallCall, isVm,
    type Device, type Handler, type Hardware, type Hypervisor, type Model, type Os, type Program, type SyscallDecl, type Vm,
} from './generated/ast.js';
import { hardwareOfVm, hypervisorOfVm, nativeHardwareOf } from './resources.js';
import { effectiveTechnique } from './profiles/settings.js';
import { isStdlibUri } from './stdlib.js';
import { systemOfUri } from './systems.js';

/** A hypervisor's technique, or `native`: a VM declared on hardware, no hypervisor (LANGUAGE.md §9). */
export type Technique = 'full' | 'binary' | 'para' | 'hardware' | 'native';
export type Privilege = 'user' | 'kernel';

/** Names that are global across the workspace and unique among all of them (LANGUAGE.md §2). */
export type GlobalDeclaration = Hardware | Hypervisor | Vm | Program | Os;

export interface DeviceUse {
    vm: Vm;
    property: 'devices' | 'virtio' | 'passthrough';
    index: number;
}

export interface PassthroughConflict {
    device: Device;
    /** The conflicting mention (the second or later one, in workspace order). */
    use: DeviceUse;
    /** The earlier mention it conflicts with. */
    earlier: DeviceUse;
}

export interface ProgramOnHardware {
    program: Program;
    hardware: Hardware;
}

/** Everything the checks and the simulator need to know about the workspace as a whole. */
export interface WorkspaceModel {
    /** Every VM, in workspace order (document order, then declaration order). */
    vms: Vm[];
    vmsByHypervisor: Map<Hypervisor, Vm[]>;
    /** VMs that `run` the program (each VM once, even if it runs it on several vCPUs). */
    vmsByProgram: Map<Program, Vm[]>;
    /** VMs whose guest OS is the given `os`. */
    vmsByOs: Map<Os, Vm[]>;
    /** Hypervisors declared `on` each hardware, in workspace order. */
    hypervisorsByHardware: Map<Hardware, Hypervisor[]>;
    /** Each device's mentions in `devices` / `passthrough`, in workspace order. */
    deviceUses: Map<Device, DeviceUse[]>;
    /** Mentions of a device that conflict with an earlier one (passthrough + any other use), per VM. */
    passthroughConflicts: Map<Vm, PassthroughConflict[]>;
    /** Handlers of every `monitor para`, by name: the hypercalls there are. User monitors win. */
    hypercalls: Map<string, Handler>;
    /** The hypercalls a system (systems.ts) sees: its own `monitor para` handlers, then the library's. */
    hypercallsIn(system: string): Map<string, Handler>;
    /** Global declarations by name, user declarations before standard-library ones. */
    declarations: Map<string, GlobalDeclaration[]>;
    /**
     * Per OS, each distinct (program, hardware) pair of its VMs — a VM using the OS runs the
     * program on a hypervisor on that hardware — in workspace order of first occurrence:
     * 10,000 VMs of a few hosts and programs come down to a few pairs.
     */
    programsOnHardwareByOs: Map<Os, ProgramOnHardware[]>;
    /** Per OS, the first hypervisor with 'virtualization full' under which a VM uses it. */
    firstFullHypervisorByOs: Map<Os, Hypervisor>;
    /** Per OS, the first hypervisor with 'virtualization para' under which a VM uses it. */
    firstParaHypervisorByOs: Map<Os, Hypervisor>;
    /** Native VMs (`vm x on HARDWARE`) declared on each hardware, in workspace order. */
    nativeVmsByHardware: Map<Hardware, Vm[]>;
    /** The hypercalls of every profile (Hyper-V's enlightenments): a plain OS may call them. */
    enlightenments: Set<string>;
    /** Whether a node was declared in the standard library. */
    isStdlib(node: AstNode): boolean;
}

/** The model of the documents given (in that order). Pure: no services needed. */
export function buildWorkspaceModel(documents: Iterable<LangiumDocument>): WorkspaceModel {
    const model: WorkspaceModel = {
        vms: [],
        vmsByHypervisor: new Map(),
        vmsByProgram: new Map(),
        vmsByOs: new Map(),
        hypervisorsByHardware: new Map(),
        deviceUses: new Map(),
        passthroughConflicts: new Map(),
        hypercalls: new Map(),
        declarations: new Map(),
        programsOnHardwareByOs: new Map(),
        firstFullHypervisorByOs: new Map(),
        firstParaHypervisorByOs: new Map(),
        nativeVmsByHardware: new Map(),
        enlightenments: new Set(),
        isStdlib: () => false,
        hypercallsIn: () => new Map(),
    };
    const pairsSeen = new Map<Os, Map<Program, Set<Hardware>>>();
    // each OS's chain once, not once per VM using it
    const chains = new Map<Os, Os[]>();
    const stdlibDocs = new Set<LangiumDocument>();
    const user: GlobalDeclaration[] = [];
    const library: GlobalDeclaration[] = [];
    const userParaMonitors: { system: string; handlers: Handler[] }[] = [];
    const libraryParaMonitors: Handler[][] = [];
    for (const document of documents) {
        const fromStdlib = isStdlibUri(document.uri);
        if (fromStdlib) stdlibDocs.add(document);
        const elements = (document.parseResult.value as Model).elements ?? [];
        for (let e = 0; e < elements.length; e++) {
            const element = elements[e];
            if (isVm(element)) addVm(model, element, pairsSeen, chains);
            else if (isHypervisor(element)) {
                const hardware = element.hardware?.ref;
                if (hardware) push(model.hypervisorsByHardware, hardware, element);
            } else if ((isMonitor(element) && element.technique === 'para') || isProfile(element)) {
                // a profile's hypercalls (enlightenments, taken by VMCALL) are hypercall names too
                const handlers = isProfile(element) ? element.hypercalls : element.handlers;
                if (isProfile(element)) for (const h of handlers) model.enlightenments.add(h.name);
                if (fromStdlib) libraryParaMonitors.push(handlers);
                else userParaMonitors.push({ system: systemOfUri(document.uri), handlers });
            }
            if (isHardware(element) || isHypervisor(element) || isVm(element) || isProgram(element) || isOs(element)) {
                (fromStdlib ? library : user).push(element);
            }
        }
    }
    for (const [device, uses] of model.deviceUses) addPassthroughConflicts(model, device, uses);
    // A declaration without a name (a syntax error where the name should be) declares nothing.
    for (const declarations of [user, library]) {
        for (let i = 0; i < declarations.length; i++) {
            const declaration = declarations[i];
            if (declaration.name !== undefined) push(model.declarations, declaration.name, declaration);
        }
    }
    const byName = (monitors: Handler[][]) => {
        const result = new Map<string, Handler>();
        for (const handlers of monitors) for (const handler of handlers) if (!result.has(handler.name)) result.set(handler.name, handler);
        return result;
    };
    model.hypercalls = byName([...userParaMonitors.map((m) => m.handlers), ...libraryParaMonitors]);
    const bySystem = new Map<string, Map<string, Handler>>();
    model.hypercallsIn = (system) => {
        let hypercalls = bySystem.get(system);
        if (!hypercalls) {
            const own = userParaMonitors.filter((m) => m.system === system).map((m) => m.handlers);
            bySystem.set(system, (hypercalls = byName([...own, ...libraryParaMonitors])));
        }
        return hypercalls;
    };
    model.isStdlib = (node) => stdlibDocs.has(AstUtils.getDocument(node));
    return model;
}


function addVm(model: WorkspaceModel, vm: Vm, pairsSeen: Map<Os, Map<Program, Set<Hardware>>>, chains: Map<Os, Os[]>): void {
    model.vms.push(vm);
    const hypervisor = hypervisorOfVm(vm);
    if (hypervisor) push(model.vmsByHypervisor, hypervisor, vm);
    const native = nativeHardwareOf(vm);
    if (native) push(model.nativeVmsByHardware, native, vm);
    const os = vm.os?.ref;
    // the VM runs the code of its OS and of every OS that one is built on (`os windows_hv: windows`)
    let oses = NO_OSES;
    if (os) {
        oses = chains.get(os) ?? NO_OSES;
        if (oses === NO_OSES) chains.set(os, (oses = osChain(os)));
    }
    const technique = hypervisor && techniqueOf(hypervisor);
    for (let k = 0; k < oses.length; k++) {
        const each = oses[k];
        push(model.vmsByOs, each, vm);
        if (technique === 'full' && !model.firstFullHypervisorByOs.has(each)) model.firstFullHypervisorByOs.set(each, hypervisor!);
        if (technique === 'para' && !model.firstParaHypervisorByOs.has(each)) model.firstParaHypervisorByOs.set(each, hypervisor!);
    }
    const hardware = hardwareOfVm(vm);
    const runs = vm.runs;
    for (let i = 0; i < runs.length; i++) {
        const program = runs[i].program?.ref;
        if (!program) continue;
        // Each VM once per program, even if it runs the program on several vCPUs.
        let earlier = false;
        for (let j = 0; j < i && !earlier; j++) earlier = runs[j].program?.ref === program;
        if (earlier) continue;
        push(model.vmsByProgram, program, vm);
        if (hardware) for (let k = 0; k < oses.length; k++) addProgramOnHardware(model, pairsSeen, oses[k], program, hardware);
    }
    addDeviceUses(model, vm, 'devices');
    addDeviceUses(model, vm, 'virtio');
    addDeviceUses(model, vm, 'passthrough');
}

/** The OSes of a VM without one (shared: never written to). */
const NO_OSES: Os[] = [];

function addDeviceUses(model: WorkspaceModel, vm: Vm, property: DeviceUse['property']): void {
    const refs = vm[property];
    for (let index = 0; index < refs.length; index++) {
        const device = refs[index].ref;
        if (device) push(model.deviceUses, device, { vm, property, index });
    }
}

function addProgramOnHardware(model: WorkspaceModel, pairsSeen: Map<Os, Map<Program, Set<Hardware>>>, os: Os, program: Program, hardware: Hardware): void {
    let byProgram = pairsSeen.get(os);
    if (!byProgram) pairsSeen.set(os, (byProgram = new Map()));
    let hardwareSet = byProgram.get(program);
    if (!hardwareSet) byProgram.set(program, (hardwareSet = new Set()));
    if (hardwareSet.has(hardware)) return;
    hardwareSet.add(hardware);
    push(model.programsOnHardwareByOs, os, { program, hardware });
}

/**
 * A passthrough device belongs to one VM alone: every mention after a passthrough, and a
 * passthrough after any earlier mention, conflicts (LANGUAGE.md §5). Linear in the mentions.
 */
function addPassthroughConflicts(model: WorkspaceModel, device: Device, uses: DeviceUse[]): void {
    let firstPassthrough: DeviceUse | undefined;
    uses.forEach((use, k) => {
        const earlier = firstPassthrough ?? (use.property === 'passthrough' && k > 0 ? uses[0] : undefined);
        if (earlier) push(model.passthroughConflicts, use.vm, { device, use, earlier });
        if (use.property === 'passthrough') firstPassthrough ??= use;
    });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

const caches = new WeakMap<LangiumSharedCoreServices, WorkspaceCache<string, WorkspaceModel>>();

/**
 * The workspace model of a language server or checked workspace, built once per build
 * (cleared whenever documents change and when linking ends) from every loaded document.
 */
export function workspaceModel(shared: LangiumSharedCoreServices): WorkspaceModel {
    let cache = caches.get(shared);
    if (!cache) {
        cache = new WorkspaceCache<string, WorkspaceModel>(shared);
        // Also when linking ends: a model asked for mid-build (a hover while documents are being
        // re-linked) must not outlive the links it was built from.
        const linked = cache;
        shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Linked, () => linked.clear());
        caches.set(shared, cache);
    }
    // asked by several checks of every VM: no provider closure per call
    let model = cache.get('model');
    if (model === undefined) cache.set('model', (model = buildWorkspaceModel(shared.workspace.LangiumDocuments.all)));
    return model;
}

/**
 * `compute`, memoized per key and workspace model: for what every VM asks of the few nodes it
 * shares with the others (its hypervisor's capacity, its OS's syscalls), computed once per
 * node instead of once per VM. Kept with the model, so it never outlives the links of the
 * build the model was made from.
 */
export function perModel<K extends object, V>(compute: (key: K) => V): (key: K, model: WorkspaceModel) => V {
    const tables = new WeakMap<WorkspaceModel, Map<K, V>>();
    return (key, model) => {
        let table = tables.get(model);
        if (!table) tables.set(model, (table = new Map()));
        let value = table.get(key);
        if (value === undefined && !table.has(key)) table.set(key, (value = compute(key)));
        return value as V;
    };
}

// ---------------------------------------------------------------- per-node answers

/** The technique a hypervisor uses (`full` by default, LANGUAGE.md §3). */
export function techniqueOf(hypervisor: Hypervisor | undefined): Technique {
    return ((hypervisor && effectiveTechnique(hypervisor)) as Technique | undefined) ?? 'full';
}

export function vmsRunning(program: Program, model: WorkspaceModel): Vm[] {
    return model.vmsByProgram.get(program) ?? [];
}

export function vmsUsingOs(os: Os, model: WorkspaceModel): Vm[] {
    return model.vmsByOs.get(os) ?? [];
}

/** How a VM's `run` program executes: user code under an OS, or the guest kernel itself (no OS). */
export function programPrivilege(vm: Vm): Privilege {
    return vm.os ? 'user' : 'kernel';
}

const assignedCache = new WeakMap<Vm, Set<string>>();

/**
 * Names of the devices a VM may use: its `devices` (emulated or virtio) and its `passthrough`
 * (LANGUAGE.md §3, §12); a native VM owns the machine, so every device of its hardware.
 */
export function devicesAssignedTo(vm: Vm): Set<string> {
    let names = assignedCache.get(vm);
    if (!names) {
        names = new Set(nativeHardwareOf(vm)?.devices.map((d) => d.name));
        for (const ref of vm.devices) names.add(ref.ref?.name ?? ref.$refText);
        for (const ref of vm.virtio) names.add(ref.ref?.name ?? ref.$refText);
        for (const ref of vm.passthrough) names.add(ref.ref?.name ?? ref.$refText);
        assignedCache.set(vm, names);
    }
    return names;
}

export { hardwareOfVm } from './resources.js';

/** `isParavirtualized`, once per OS in a build: every VM using the OS asks. */
export const paravirtualizedIn = perModel(isParavirtualized);

/** One way a piece of code is run: by which VM, at which privilege, under which OS and technique. */
export interface ExecutionContext {
    vm: Vm;
    hypervisor: Hypervisor | undefined;
    hardware: Hardware | undefined;
    os: Os | undefined;
    technique: Technique;
    privilege: Privilege;
}

export function contextOf(vm: Vm, privilege: Privilege): ExecutionContext {
    const hypervisor = hypervisorOfVm(vm);
    return {
        vm,
        hypervisor,
        hardware: hardwareOfVm(vm),
        os: vm.os?.ref,
        technique: nativeHardwareOf(vm) ? 'native' : techniqueOf(hypervisor),
        privilege,
    };
}

/** Every way the program is run: one context per VM running it. */
export function programContexts(program: Program, model: WorkspaceModel): ExecutionContext[] {
    return vmsRunning(program, model).map((vm) => contextOf(vm, programPrivilege(vm)));
}

/** The syscall declaration a `syscall NAME` resolves to under `os`, if it declares one. */
export function syscallOf(os: Os | undefined, name: string): SyscallDecl | undefined {
    return os && syscallsOf(os).find((s) => s.name === name);
}

/**
 * The syscalls of an OS (`syscallsOf`: its own and inherited, each name once) by name, in that
 * order; once per OS in a build, for the checks of every program and VM that use it.
 */
export const syscallsByName = perModel((os: Os): ReadonlyMap<string, SyscallDecl> => new Map(syscallsOf(os).map((s) => [s.name, s])));

const calledSyscallsCache = new WeakMap<Program, Set<string>>();

/** Names the program calls with `syscall NAME(...)` (computed once per program). */
export function syscallsCalledBy(program: Program): Set<string> {
    let names = calledSyscallsCache.get(program);
    if (!names) {
        names = new Set();
        for (const statement of program.body) if (isSyscallCall(statement)) names.add(statement.name);
        calledSyscallsCache.set(program, names);
    }
    return names;
}

const syscallHardwareCache = new WeakMap<WorkspaceModel, Map<Os, Map<string, Set<Hardware>>>>();

/**
 * For each syscall name, the hardware whose VMs, using `os`, call it from a program they run.
 * From the model's distinct (program, hardware) pairs of the OS; cached per workspace model.
 */
export function hardwareBySyscall(os: Os, model: WorkspaceModel): Map<string, Set<Hardware>> {
    let perOs = syscallHardwareCache.get(model);
    if (!perOs) syscallHardwareCache.set(model, (perOs = new Map()));
    let result = perOs.get(os);
    if (result) return result;
    result = new Map();
    for (const { program, hardware } of model.programsOnHardwareByOs.get(os) ?? []) {
        for (const name of syscallsCalledBy(program)) {
            let set = result.get(name);
            if (!set) result.set(name, (set = new Set()));
            set.add(hardware);
        }
    }
    perOs.set(os, result);
    return result;
}

/** Hardware whose VMs, using `os`, call the syscall `name` from a program they run. */
export function hardwareCallingSyscall(os: Os, name: string, model: WorkspaceModel): Set<Hardware> {
    return hardwareBySyscall(os, model).get(name) ?? new Set();
}
