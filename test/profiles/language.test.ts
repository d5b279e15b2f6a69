// `like NAME` (docs/language.md, Hypervisor profiles): the parsed reference and the standard
// library's profiles, the settings a profile gives and the block overrides, and the diagnostics
// (like-type-mismatch, unknown-profile, hw-virt-unavailable on `like`, an enlightened OS
// under a hypervisor that does not offer its hypercalls) with their exact ranges.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHypervisor, type Hypervisor, type Model } from '../../language/generated/ast.js';
import { capacityOf } from '../../language/resources.js';
import { techniqueOf } from '../../language/code-context.js';
import { originOf } from '../../language/profiles/settings.js';
import { check, expectClean, expectDiagnostic, expectNo } from '../language/check-helper.js';

const HW = `hardware rack1 { cpu 4 cores memory 8 GiB extensions vtx device com1: serial }
hardware laptop { cpu 4 cores memory 8 GiB device com1: serial }
`;

function hypervisor(checked: Awaited<ReturnType<typeof check>>, name: string): Hypervisor {
    const model = checked.workspace.documents[0].parseResult.value as Model;
    return model.elements.filter(isHypervisor).find((h) => h.name === name)!;
}

describe('like NAME', () => {
    it('links to the standard library profile and takes every setting the block does not write', async () => {
        const text = `${HW}hypervisor dc: type1 on rack1 { like xen }\nhypervisor hv: type1 on rack1 { like hyperv reserve 2 cpus, 1 GiB virtualization full }\n`;
        const checked = await check(text);
        const dc = hypervisor(checked, 'dc');
        expect(dc.like?.ref?.name).toBe('xen');
        expect(dc.like?.ref?.kind).toBe('type1');
        expect(techniqueOf(dc)).toBe('para');
        expect(capacityOf(dc)).toMatchObject({ pcpus: 4, usablePcpus: 3, usableBytes: 7 * 2 ** 30 });
        expect(originOf(dc, 'technique')).toBe('profile');
        expect(originOf(dc, 'overcommit')).toBe('default');
        // written settings win over the profile's, one by one
        const hv = hypervisor(checked, 'hv');
        expect(techniqueOf(hv)).toBe('full');
        expect(capacityOf(hv)).toMatchObject({ usablePcpus: 2, usableBytes: 7 * 2 ** 30 });
        expect([originOf(hv, 'technique'), originOf(hv, 'reserve'), originOf(hv, 'scheduler')]).toEqual(['written', 'written', 'profile']);
    });

    it('parses `like` anywhere in the block, after a Type 2 host', async () => {
        const text = `${HW.replace('device com1: serial }\n', 'device com1: serial }\n').replace('laptop { cpu 4 cores memory 8 GiB', 'laptop { cpu 4 cores memory 8 GiB extensions vtx')}hypervisor lab: type2 on laptop { host linux { reserve 1 cpus, 2 GiB } like virtualbox }\n`;
        const checked = await check(text);
        expectClean(checked);
        const lab = hypervisor(checked, 'lab');
        expect(lab.like?.ref?.name).toBe('virtualbox');
        expect(techniqueOf(lab)).toBe('hardware');
        expect(capacityOf(lab).usablePcpus).toBe(3);
    });

    it('like-type-mismatch on the profile name when the declared type contradicts it', async () => {
        const text = `${HW}hypervisor k: type1 on rack1 { like virtualbox }\n`;
        const d = expectDiagnostic(await check(text), 'like-type-mismatch', 'error', 'virtualbox');
        expect(d.message).toBe("hypervisor 'k' is declared type1, but 'virtualbox' is a type2 hypervisor: write 'type2', or pick another profile");
    });

    it('unknown-profile suggests the closest profile', async () => {
        const text = `${HW}hypervisor k: type1 on rack1 { like hyperf }\n`;
        const d = expectDiagnostic(await check(text), 'unknown-profile', 'error', 'hyperf');
        expect(d.message).toBe("no hypervisor profile 'hyperf'; did you mean 'hyperv'? (profiles: esxi, hyperv, kvm, oracle_vm_server, virtualbox, vmware_workstation, xen)");
    });

    it('hw-virt-unavailable on `like` for a profile that needs VT-x, whatever technique the block writes', async () => {
        const text = `${HW}hypervisor lab: type2 on laptop { like virtualbox host linux }\n`;
        const d = expectDiagnostic(await check(text), 'hw-virt-unavailable', 'error', 'virtualbox');
        expect(d.message).toBe("'like virtualbox' needs VT-x or AMD-V: hardware 'laptop' declares no 'extensions vtx' or 'svm'");
        const binary = `${HW}hypervisor lab: type2 on laptop { like virtualbox virtualization binary host linux }\n`;
        expectDiagnostic(await check(binary), 'hw-virt-unavailable', 'error', 'virtualbox');
        // ESXi requires nothing: binary translation on a CPU without VT-x is fine
        expectNo(await check(`${HW}hypervisor esx: type1 on laptop { like esxi virtualization binary }\n`), 'hw-virt-unavailable');
    });

    it('an enlightened OS needs a hypervisor whose profile offers its hypercalls', async () => {
        const vm = (hv: string) => `vm w: windows_hv on ${hv} { devices com1 run p }\nprogram p { syscall KeFlushMultipleTb(0x1000, 2) syscall NtTerminateProcess(0) }\n`;
        expectClean(await check(`${HW}hypervisor hv: type1 on rack1 { like hyperv }\n${vm('hv')}`));
        const text = `${HW}hypervisor k: type1 on rack1 { like kvm }\n${vm('k')}`;
        const d = expectDiagnostic(await check(text), 'hypercall-outside-pv', 'error', 'windows_hv');
        expect(d.message).toContain("calls 'hypercall HvCallFlushVirtualAddressList', which hypervisor 'k' does not offer");
    });
});

describe('the standard library profiles', () => {
    const text = fs.readFileSync(path.join(import.meta.dirname, '../../language/stdlib/profiles.vmdef'), 'utf8');

    it('declares the seven systems of the contract, each with its sources in comments', () => {
        const names = [...text.matchAll(/^profile (\w+): (type[12])/gm)].map((m) => `${m[1]}:${m[2]}`);
        expect(names).toEqual(['xen:type1', 'oracle_vm_server:type1', 'hyperv:type1', 'vmware_workstation:type2', 'virtualbox:type2', 'kvm:type1', 'esxi:type1']);
        for (const [name, source] of [['xen', 'Xen 4.12'], ['hyperv', 'Functional Specification'], ['virtualbox', '6.1'], ['vmware_workstation', 'Workstation 14'], ['esxi', 'vSphere Resource Management'], ['kvm', 'Ottawa Linux Symposium']]) {
            const block = text.slice(text.indexOf(`profile ${name}:`) - 400, text.indexOf('\n}', text.indexOf(`profile ${name}:`)));
            expect(block, name).toContain(source);
        }
    });
});
