// Hypervisor profiles (`like xen`): what a real system does by default, declared in the standard
// library (stdlib/profiles.vmdef). A hypervisor's effective settings are what its block writes,
// else what its profile sets, else the language's defaults: every reader of a hypervisor's
// technique, reserve, overcommit, scheduler, costs and default weight goes through here, so a
// profile reaches the checks, the simulator, the report and the debugger alike.
import type { CostsRef, Handler, Hypervisor, Overcommit, Profile, Reserve, Scheduler } from '../generated/ast.js';

/** Where an effective setting comes from. */
export type SettingOrigin = 'written' | 'profile' | 'default';

/** The settings a profile may give (the order the debugger and the hover list them in). */
export const PROFILE_SETTINGS = ['technique', 'reserve', 'overcommit', 'scheduler', 'costs', 'weight'] as const;
export type ProfileSetting = (typeof PROFILE_SETTINGS)[number];

/** The profile a hypervisor names (`like NAME`), when it resolves. */
export function profileOf(hypervisor: Hypervisor | undefined): Profile | undefined {
    return hypervisor?.like?.ref;
}

/** Where a hypervisor's setting comes from: its own block, its profile, or the default. */
export function originOf(hypervisor: Hypervisor, setting: ProfileSetting): SettingOrigin {
    // a VM writes its own weight; the hypervisor's block has none
    if (setting !== 'weight' && hypervisor[setting] !== undefined) return 'written';
    return profileOf(hypervisor)?.[setting] !== undefined ? 'profile' : 'default';
}

/** `virtualization`: written, else the profile's (undefined: the language's default, `full`). */
export function effectiveTechnique(hypervisor: Hypervisor): Hypervisor['technique'] {
    return hypervisor.technique ?? profileOf(hypervisor)?.technique;
}

/** The reserve of the hypervisor itself or its control domain (Xen's dom0, Hyper-V's root partition). */
export function effectiveReserve(hypervisor: Hypervisor): Reserve | undefined {
    return hypervisor.reserve ?? profileOf(hypervisor)?.reserve;
}

export function effectiveOvercommit(hypervisor: Hypervisor): Overcommit | undefined {
    return hypervisor.overcommit ?? profileOf(hypervisor)?.overcommit;
}

export function effectiveScheduler(hypervisor: Hypervisor): Scheduler | undefined {
    return hypervisor.scheduler ?? profileOf(hypervisor)?.scheduler;
}

export function effectiveCosts(hypervisor: Hypervisor): CostsRef | undefined {
    return hypervisor.costs ?? profileOf(hypervisor)?.costs;
}

/** The weight of a VM that writes none: its hypervisor's profile's (ESXi's shares, …), else undefined. */
export function profileWeight(hypervisor: Hypervisor | undefined): number | undefined {
    return profileOf(hypervisor)?.weight;
}

/** The paravirtual interface a profile offers hardware-assisted guests (hypercalls by VMCALL), by name. */
export function profileHypercalls(profile: Profile | undefined): Map<string, Handler> {
    return new Map((profile?.hypercalls ?? []).map((h) => [h.name, h]));
}

/** Whether the profile requires VT-x or AMD-V whatever the technique (VirtualBox ≥ 6.1, Workstation ≥ 14). */
export function requiresHardwareVirtualization(profile: Profile | undefined): boolean {
    return (profile?.requires ?? []).some((e) => e === 'vtx' || e === 'svm');
}

/** `Xen`, `VMware Workstation`: a profile's name as people write it (the report's "as Xen"). */
export function profileTitle(name: string): string {
    return PROFILE_TITLES[name] ?? name;
}

const PROFILE_TITLES: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
    xen: 'Xen',
    oracle_vm_server: 'Oracle VM Server',
    hyperv: 'Hyper-V',
    vmware_workstation: 'VMware Workstation',
    virtualbox: 'VirtualBox',
    kvm: 'KVM',
    esxi: 'ESXi',
});
