// Shared by the device tests (LANGUAGE.md §12): a host with a serial port, a disk and a nic,
// programs that build DMA requests in guest memory, and running on both engines.
import { expect } from 'vitest';
import { checkWorkspace, diagnosticsOf } from '../../language/workspace.js';
import { Simulation } from '../../simulator/engine.js';
import type { SimulationResult, VmResult } from '../../simulator/result.js';

/** A 1 GHz host (1 cycle = 1 ns) with com1, disk0 (latency 80 us) and nic0, VT-x and VT-d. */
export function host(technique: string, input = '', extensions = 'vtx, ept, vtd'): string {
    return `hardware box { cpu 2 cores @ 1 GHz memory 1 GiB extensions ${extensions}
    device com1: serial { ${input} }
    device disk0: disk { latency 80 us }
    device nic0: nic
}
hypervisor hv: type1 on box { virtualization ${technique} costs modern }
`;
}

/** Runs `text` on both engines, checks they agree byte for byte, returns the result. */
export async function runBoth(text: string): Promise<SimulationResult> {
    const workspace = await checkWorkspace([{ path: '/virtual/devices.vmdef', text }]);
    const errors = diagnosticsOf(workspace.documents[0]).filter((d) => d.severity === 1);
    expect(errors.map((e) => `${e.range.start.line + 1}: ${e.code} ${e.message}`)).toEqual([]);
    const exact = Simulation.create(workspace, { engine: 'exact' }).run();
    const fast = Simulation.create(workspace, { engine: 'fast' }).run();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(exact));
    return exact;
}

export function vmOf(result: SimulationResult, name: string): VmResult {
    const found = result.vms.find((v) => v.name === name);
    if (!found) throw new Error(`no VM ${name}`);
    return found;
}

/** Guest instructions storing a DMA request block at `at` (op, buffer, length, block; status cleared). */
export function request(at: number, op: 1 | 2, buffer: number | string, length: number, block = 0): string {
    return `    store [${at}], ${op}
    store [${at + 4}], ${buffer}
    store [${at + 8}], ${length}
    store [${at + 12}], ${block}
    store [${at + 16}], 0
`;
}
