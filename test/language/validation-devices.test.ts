// The device constructs of LANGUAGE.md §12 as the checker sees them: serial `input` (immediate
// and timed), `latency`, `devices X virtio`, the IOMMU extensions, and their diagnostics with
// exact ranges: passthrough-without-iommu, input-not-serial, unit-mismatch.
import { describe, expect, it } from 'vitest';
import type { Hardware, Vm } from '../../language/generated/ast.js';
import { check, expectClean, expectDiagnostic, expectNo } from './check-helper.js';

const HOST = (extensions: string) => `hardware h {
    cpu 2 cores
    memory 4 GiB
    extensions ${extensions}
    device com1: serial { input "hi\\n" input at 2 ms "x" }
    device disk0: disk { latency 80 us }
    device nic0: nic
}
hypervisor hv: type1 on h { virtualization hardware }
`;

describe('device declarations', () => {
    it('parse into inputs (text unescaped, time) and virtio / passthrough lists; a complete host checks clean', async () => {
        const checked = await check(`${HOST('vtx, vtd')}vm a on hv { memory 1 GiB devices com1, disk0 virtio passthrough nic0 }\n`);
        expectClean(checked);
        const elements = checked.workspace.documents[0].parseResult.value.elements;
        const hw = elements[0] as Hardware;
        expect(hw.extensions).toEqual(['vtx', 'vtd']);
        expect(hw.devices[0].inputs.map((i) => [i.text, i.at?.value, i.at?.unit])).toEqual([['hi\n', undefined, undefined], ['x', 2, 'ms']]);
        const vm = elements[2] as Vm;
        expect(vm.devices.map((d) => d.$refText)).toEqual(['com1']);
        expect(vm.virtio.map((d) => d.ref?.name)).toEqual(['disk0']);
        expect(vm.passthrough.map((d) => d.ref?.name)).toEqual(['nic0']);
    });

    it('passthrough-without-iommu: an error on the passed-through device, for each one', async () => {
        const checked = await check(`${HOST('vtx')}vm a on hv { memory 1 GiB devices com1 passthrough nic0 }\n`);
        const d = expectDiagnostic(checked, 'passthrough-without-iommu', 'error', 'nic0', { occurrence: 1 });
        expect(d.message).toBe("device 'nic0' is passed through without an IOMMU: hardware 'h' declares no 'extensions vtd' or 'amdvi', so its DMA could reach any memory");
        const two = await check(`${HOST('vtx')}vm a on hv { memory 1 GiB passthrough disk0, nic0 }\n`);
        expect(two.diagnostics['main.vmdef'].filter((x) => x.code === 'passthrough-without-iommu')).toHaveLength(2);
        expectNo(await check(`${HOST('svm, amdvi')}vm a on hv { memory 1 GiB passthrough nic0 }\n`), 'passthrough-without-iommu');
    });

    it('input-not-serial on the input of a disk; a non-time `at` or latency is unit-mismatch', async () => {
        const text = `hardware h { cpu 1 cores memory 1 GiB device d: disk { input "x" latency 5 GiB } device s: serial { input at 3 MiB "y" } }\n`;
        const checked = await check(text);
        expectDiagnostic(checked, 'input-not-serial', 'error', 'input');
        const units = checked.diagnostics['main.vmdef'].filter((d) => d.code === 'unit-mismatch');
        expect(units).toHaveLength(2);
    });

    it('a device named with virtio counts as used and as given (no unused hint, no device-not-assigned)', async () => {
        const checked = await check(`${HOST('vtx')}vm a on hv { memory 1 GiB devices com1, disk0 virtio, nic0 run p }
program p {
    out disk0, 0x1000
    hlt
}
`);
        expectClean(checked);
    });
});
