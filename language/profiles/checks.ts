// The checks of `like NAME` (stdlib/profiles.vmdef): the declared type must be the profile's
// (`like-type-mismatch`), a profile that needs VT-x or AMD-V needs them on the hardware
// (`hw-virt-unavailable`), and a guest OS that uses a profile's hypercalls (an enlightened
// Windows) needs a hypervisor that offers them (`hypercall-outside-pv`). An unknown name is a
// linking error, worded here (`unknown-profile`).
import { isHypercallCall, type Hypervisor, type Os, type Vm } from '../generated/ast.js';
import type { ValidationAcceptor } from 'langium';
import { closestWord } from '../did-you-mean.js';
import { hypervisorOfVm } from '../resources.js';
import { effectiveTechnique, profileHypercalls, profileOf, requiresHardwareVirtualization } from './settings.js';
import { profileMessages as m } from './messages.js';
import { syscallCode, syscallsOf, vectorsOf } from '../os-members.js';
import { paravirtualizedIn, perModel, type WorkspaceModel } from '../code-context.js';

export function checkHypervisorProfile(hypervisor: Hypervisor, accept: ValidationAcceptor): void {
    const profile = profileOf(hypervisor);
    if (!profile) return;
    if (hypervisor.kind && profile.kind && hypervisor.kind !== profile.kind) {
        accept('error', m.typeMismatch(hypervisor.name, hypervisor.kind, profile.name, profile.kind),
            { node: hypervisor, property: 'like', code: 'like-type-mismatch' });
    }
    const hardware = hypervisor.hardware?.ref;
    const hasHwVirt = hardware?.extensions.some((e) => e === 'vtx' || e === 'svm');
    // a written `virtualization hardware` has its own diagnostic (vmdef-validator.ts); the profile's
    // technique, or its requirement whatever technique is written, is located on `like`
    const needs = requiresHardwareVirtualization(profile) || (!hypervisor.technique && profile.technique === 'hardware');
    if (hardware && !hasHwVirt && needs && hypervisor.technique !== 'hardware') {
        accept('error', m.requiresHwVirt(profile.name, hardware.name), { node: hypervisor, property: 'like', code: 'hw-virt-unavailable' });
    }
}

// once per hypervisor in a build, not once per VM: what its profile offers hardware-assisted guests
const offeredBy = perModel((hypervisor: Hypervisor): ReadonlyMap<string, unknown> =>
    effectiveTechnique(hypervisor) === 'hardware' ? profileHypercalls(profileOf(hypervisor)) : NOTHING_OFFERED);
const NOTHING_OFFERED: ReadonlyMap<string, unknown> = new Map();

/** A plain (not `paravirtualized`) OS's hypercalls are a profile's: its VMs' hypervisors must offer them. */
export function checkVmEnlightenments(vm: Vm, model: WorkspaceModel, accept: ValidationAcceptor): void {
    const os = vm.os?.ref;
    const hypervisor = hypervisorOfVm(vm);
    if (!os || !hypervisor || paravirtualizedIn(os, model)) return;
    const names = hypercallNames(os);
    if (names.length === 0) return;
    const offered = offeredBy(hypervisor, model);
    let missing: string | undefined;
    for (let i = 0; i < names.length && missing === undefined; i++) if (!offered.has(names[i])) missing = names[i];
    if (missing) {
        accept('error', m.enlightenmentUnavailable(os.name, missing, hypervisor.name), { node: vm, property: 'os', code: 'hypercall-outside-pv' });
    }
}

const namesCache = new WeakMap<Os, string[]>();
function hypercallNames(os: Os): string[] {
    let names = namesCache.get(os);
    if (!names) {
        const found = new Set<string>();
        for (const body of [...syscallsOf(os).map((c) => syscallCode(c)), ...vectorsOf(os)]) for (const s of body?.body ?? []) if (isHypercallCall(s) && s.name) found.add(s.name);
        namesCache.set(os, (names = [...found]));
    }
    return names;
}

/** The message of a `like` that names no profile, with the closest of the known ones. */
export function unknownProfileMessage(name: string, known: string[]): string {
    return m.unknownProfile(name, closestWord(name, known) ?? '', known.join(', '));
}
