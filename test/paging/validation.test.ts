// §11's grammar and checks: `tlb N entries`, `walk levels N`, `extensions vpid|asid` on hardware,
// `paging`, `shadows` on a hypervisor, `boot { }` in an OS; nested-paging-unavailable,
// direct-paging-needs-para, paging-value-out-of-range (code, severity, range), and the defaults.
import { describe, expect, it } from 'vitest';
import type { Hardware, Hypervisor, Os } from '../../language/generated/ast.js';
import { pagingOf } from '../../language/paging.js';
import { check, codes, expectDiagnostic } from '../language/check-helper.js';

const HW = 'hardware box { cpu 4 cores memory 8 GiB extensions vtx, ept, vpid tlb 128 entries walk levels 4 }\n';

function elements(checked: Awaited<ReturnType<typeof check>>) {
    return checked.workspace.documents[0].parseResult.value.elements;
}

describe('paging grammar', () => {
    it('reads the hardware, hypervisor and os properties into the AST', async () => {
        const checked = await check(`${HW}hypervisor kvm: type1 on box { virtualization hardware paging shadow shadows 8 }
os tiny { boot { mov r1, 1 lcr3 r1 } syscall exit(code) { hlt } }
`);
        expect(checked.diagnostics['main.vmdef']).toEqual([]);
        const [hw, hv, os] = elements(checked) as [Hardware, Hypervisor, Os];
        expect(hw.extensions).toEqual(['vtx', 'ept', 'vpid']);
        expect(hw.tlb?.entries).toBe(128);
        expect(hw.walk?.levels).toBe(4);
        expect(hv.paging).toBe('shadow');
        expect(hv.shadows).toBe(8);
        expect(os.boots[0].body.map((s) => (s as { opcode?: string }).opcode)).toEqual(['mov', 'lcr3']);
    });

    it('defaults paging by technique (§11)', async () => {
        const checked = await check(`${HW}hardware old { cpu 2 cores memory 4 GiB extensions vtx, asid }
hypervisor a: type1 on box { virtualization hardware }
hypervisor b: type1 on old { virtualization hardware }
hardware c1 { cpu 2 cores memory 4 GiB } hypervisor c: type1 on c1
hardware d1 { cpu 2 cores memory 4 GiB } hypervisor d: type1 on d1 { virtualization binary }
hardware e1 { cpu 2 cores memory 4 GiB } hypervisor e: type1 on e1 { virtualization para }
`);
        const hvs = elements(checked).filter((e) => e.$type === 'Hypervisor') as Hypervisor[];
        expect(hvs.map((h) => [h.name, pagingOf(h)])).toEqual([['a', 'nested'], ['b', 'shadow'], ['c', 'shadow'], ['d', 'shadow'], ['e', 'direct']]);
    });
});

describe('paging checks', () => {
    it('nested-paging-unavailable: on `paging nested`, without ept/npt', async () => {
        const checked = await check('hardware old { cpu 2 cores memory 4 GiB extensions vtx }\nhypervisor kvm: type1 on old { virtualization hardware paging nested }\n');
        const d = expectDiagnostic(checked, 'nested-paging-unavailable', 'error', 'paging nested');
        expect(d.message).toContain("hardware 'old'");
        expect(codes((await check(`${HW}hypervisor kvm: type1 on box { virtualization hardware paging nested }\n`)).diagnostics['main.vmdef'])).toEqual([]);
    });

    it('direct-paging-needs-para: on `paging direct` under another technique', async () => {
        const checked = await check(`${HW}hypervisor v: type1 on box { virtualization binary paging direct }\n`);
        expectDiagnostic(checked, 'direct-paging-needs-para', 'error', 'paging direct');
        expect(codes((await check(`${HW}hypervisor x: type1 on box { virtualization para paging direct }\n`)).diagnostics['main.vmdef'])).toEqual([]);
    });

    it('paging-value-out-of-range: tlb, walk levels, shadows', async () => {
        const tlb = await check('hardware h { cpu 1 cores memory 1 GiB tlb 0 entries }\n');
        expectDiagnostic(tlb, 'paging-value-out-of-range', 'error', 'tlb 0 entries');
        const walk = await check('hardware h { cpu 1 cores memory 1 GiB walk levels 9 }\n');
        expectDiagnostic(walk, 'paging-value-out-of-range', 'error', 'walk levels 9');
        const shadows = await check('hardware h { cpu 1 cores memory 1 GiB }\nhypervisor v: type1 on h { shadows 0 }\n');
        expectDiagnostic(shadows, 'paging-value-out-of-range', 'error', 'shadows 0');
    });
});
