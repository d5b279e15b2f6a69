// Shared by the simulator tests: build a workspace from text, run it, read the cost table.
import { expect } from 'vitest';
import type { CostTable } from '../../language/isa.js';
import { checkWorkspace, diagnosticsOf } from '../../language/workspace.js';
import { Simulation, type SimulationOptions } from '../../simulator/engine.js';
import type { SimulationResult, VmResult } from '../../simulator/result.js';

export const TEST_FILE = '/virtual/sim-test.vmdef';

export async function build(text: string, options: SimulationOptions = {}): Promise<Simulation> {
    const workspace = await checkWorkspace([{ path: TEST_FILE, text }]);
    const errors = diagnosticsOf(workspace.documents[0]).filter((d) => d.severity === 1);
    expect(errors.map((e) => `${e.range.start.line + 1}: ${e.code} ${e.message}`)).toEqual([]);
    return Simulation.create(workspace, options);
}

export async function run(text: string, options: SimulationOptions = {}): Promise<{ sim: Simulation; result: SimulationResult }> {
    const sim = await build(text, options);
    return { sim, result: sim.run() };
}

export function vm(result: SimulationResult, name: string): VmResult {
    const found = result.vms.find((v) => v.name === name);
    if (!found) throw new Error(`no VM ${name}`);
    return found;
}

/** The cost table the simulation uses for a hypervisor (from the stdlib preset plus overrides). */
export function costsOf(sim: Simulation, hypervisor: string): CostTable {
    const host = sim.model.hosts.find((h) => h.name === hypervisor);
    if (!host) throw new Error(`no hypervisor ${hypervisor}`);
    return host.costs;
}

/** A one-core box with a serial port, and a hypervisor on it. */
export function box(technique: string, extra = '', hw = ''): string {
    return `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial device com2: serial ${hw} }\n` +
        `hypervisor hv: type1 on box { virtualization ${technique} ${extra} }\n`;
}
