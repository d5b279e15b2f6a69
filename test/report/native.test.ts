// A native VM in the report (LANGUAGE.md §9): its machine is a host of its own, named after the
// hardware, with its timeline and comparison column; the VM's tables say where it ran.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../simulator/report/page.js';
import { run } from '../simulator/helpers.js';

describe('report page: a native VM beside a virtualized one', () => {
    it('names the bare machine as the native VM\'s host, with a timeline and a column', async () => {
        const text = `hardware metal { cpu 1 cores memory 1 GiB device com1: serial }
hardware box { cpu 1 cores memory 1 GiB device com1: serial }
hypervisor hv: type1 on box
vm bare on metal { run p }
vm guest on hv { devices com1 run q }
program p { out com1, 1 hlt }
program q { out com1, 2 hlt }
`;
        const { result } = await run(text);
        const html = renderReport(result, { files: ['native.vmdef'] });
        expect(html).toContain('data-hypervisor-timeline="metal"');
        expect(html).toContain('native on metal');
        expect(html).toContain('bare metal (no hypervisor)');
        expect(result.timeline.filter((s) => s.vm === 'bare').every((s) => s.hypervisor === 'metal')).toBe(true);
    });
});
