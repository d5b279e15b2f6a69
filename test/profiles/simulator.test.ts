// What the profiles imply, run: the side-by-side example (the same two VMs on like xen,
// hyperv, virtualbox and vmware_workstation) and the Hyper-V one (an enlightened and an
// unenlightened Windows), through the simulator, the run summary and the report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../simulator/result.js';
import { formatSummary } from '../../cli/run.js';
import { renderReport } from '../../simulator/report/page.js';
import { run, vm } from '../simulator/helpers.js';

const EXAMPLES = path.join(import.meta.dirname, '../../examples');
const read = (file: string) => fs.readFileSync(path.join(EXAMPLES, file), 'utf8');

describe('the same two VMs under four profiles (examples/profiles-side-by-side.vmdef)', () => {
    let result: SimulationResult;
    beforeAll(async () => {
        ({ result } = await run(read('profiles-side-by-side.vmdef')));
    });

    it('runs every VM to the end with the same consoles', () => {
        for (const hv of ['xen', 'hyperv', 'vbox', 'workstation']) {
            expect(vm(result, `web_${hv}`).console).toBe('3\n2\n1\n served\n');
            expect(vm(result, `desk_${hv}`).console).toBe('desktop up\n');
            expect(vm(result, `desk_${hv}`).status).toBe('halted');
        }
    });

    it('Type 2 (VirtualBox, Workstation): every device access is a world switch to the host OS and back', () => {
        // the hypervisor's part includes the EPT_VIOLATION handler's `hw ept_map` (an instruction) for each of 3 violations
        for (const hv of ['vbox', 'workstation']) {
            expect(vm(result, `web_${hv}`).cycles).toEqual({ guest: 7, kernel: 3066, hypervisor: 13412, host: 40005, waiting: 0, total: 56490 });
            expect(vm(result, `desk_${hv}`).cycles.host).toBe(13002);
        }
        for (const hv of ['xen', 'hyperv']) {
            expect(vm(result, `web_${hv}`).cycles).toEqual({ guest: 7, kernel: 3066, hypervisor: 17412, host: 0, waiting: 0, total: 20485 });
        }
        // the technique a profile gives (hardware) picks the paging too: nested on EPT hardware
        for (const hv of ['xen', 'hyperv', 'vbox', 'workstation']) {
            expect(vm(result, `web_${hv}`).memory.paging).toBe('nested');
            expect(vm(result, `web_${hv}`).exits).toEqual({ ept: 3, io: 4, hlt: 1 });
        }
    });

    it("Xen's dom0 and Hyper-V's root partition keep a pCPU; the hosted ones keep what their host reserves", () => {
        const hv = (name: string) => result.hypervisors.find((h) => h.name === `${name}_hv`)!;
        expect(['xen', 'hyperv', 'vbox', 'workstation'].map((n) => [hv(n).usablePcpus, hv(n).pcpus])).toEqual([[3, 4], [3, 4], [3, 4], [3, 4]]);
        expect(hv('xen').profile).toEqual({
            name: 'xen', title: 'Xen',
            origins: { technique: 'written', reserve: 'profile', overcommit: 'default', scheduler: 'profile', costs: 'default', weight: 'profile' },
        });
        expect(hv('vbox').profile?.origins).toMatchObject({ technique: 'profile', reserve: 'default', scheduler: 'default' });
        expect(hv('hyperv').technique).toBe('hardware');
        expect(hv('xen').technique).toBe('hardware');
    });

    it('the run summary says which profile each hypervisor is like and where its settings came from', () => {
        const lines = formatSummary(result).split('\n');
        expect(lines).toContain('xen_hv: like xen (as Xen); from the profile: reserve, scheduler, weight; written: technique');
        expect(lines).toContain('vbox_hv: like virtualbox (as VirtualBox); from the profile: technique; written: -');
    });

    it('the report names the profile in the header and compares "as Xen", "as VirtualBox"', () => {
        const html = renderReport(result);
        expect(html).toContain('<span class="muted" data-profile="xen">as Xen</span>');
        expect(html).toContain('<span class="muted" data-profile="vmware_workstation">as VMware Workstation</span>');
        const row = html.match(/<tr data-row="profile">.*?<\/tr>/)?.[0] ?? '';
        expect(row).toContain('<td>as Xen</td><td>as Hyper-V</td><td>as VirtualBox</td><td>as VMware Workstation</td>');
    });
});

describe('Hyper-V enlightenments (examples/profiles/hyperv.vmdef)', () => {
    it('flushes 8 pages with one VMCALL hypercall where the unenlightened kernel exits 8 times', async () => {
        const { result, sim } = await run(read('profiles/hyperv.vmdef'));
        const plain = vm(result, 'plain');
        const enlightened = vm(result, 'enlightened');
        expect([plain.console, enlightened.console]).toEqual(['flushed\n', 'flushed\n']);
        // plain windows boots with paging: its lcr3 is a CR exit on VT-x without EPT (shadow paging)
        expect(plain.exits).toEqual({ cr: 1, invlpg: 8, io: 1, hlt: 1 });
        expect(plain.hypercalls).toEqual({});
        // windows_hv is windows (os windows_hv: windows): the same boot, so the same CR exit
        expect(enlightened.exits).toEqual({ cr: 1, io: 1, hlt: 1 });
        expect(enlightened.hypercalls).toEqual({ HvCallFlushVirtualAddressList: 1 });
        expect(plain.cycles).toEqual({ guest: 0, kernel: 2910, hypervisor: 17712, host: 0, waiting: 0, total: 20622 });
        expect(enlightened.cycles).toEqual({ guest: 0, kernel: 2865, hypervisor: 8657, host: 0, waiting: 0, total: 11522 });
        // the profile's weight (Hyper-V's relative weight, 100) is each VM's default
        expect(sim.model.vms.map((v) => v.weight)).toEqual([100, 100]);
    });
});
