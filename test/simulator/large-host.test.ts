// Data-sized arrays never go through spread arguments (issue 10, item 1): `Math.max(0, ...pcpus)`
// crashed `run` with "Maximum call stack size exceeded" on a host of 200,000 cores. The checker
// now refuses more than 4,096 pCPUs (language/limits.ts), but the engine must not depend on it:
// the model is built from a valid definition and then given 200,000 pCPUs. The run and its
// result work at that size, with the clock of the furthest pCPU as the result's cycles.
import { expect, it } from 'vitest';
import { buildModel } from '../../simulator/model.js';
import { Simulation } from '../../simulator/engine.js';
import { checkWorkspace } from '../../language/workspace.js';
import { TEST_FILE, vm } from './helpers.js';

const CORES = 200_000;

it(`runs a host of ${CORES.toLocaleString('en-US')} cores to its cycle limit`, async () => {
    const text = `hardware big { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor hv: type1 on big { virtualization full }
vm spin on hv { memory 1 MiB devices com1 run p }
program p {
loop:   inc r1
        jmp loop
}
`;
    const workspace = await checkWorkspace([{ path: TEST_FILE, text }]);
    const model = buildModel(workspace.documents, workspace.stdlib);
    model.hosts[0].pcpus = CORES;
    model.hosts[0].usablePcpus = CORES;
    const sim = new Simulation(model, { maxCycles: 1_000 });
    const result = sim.run();
    expect(sim.state.pcpus.length).toBe(CORES);
    expect(result.cycles).toBe(1_000);
    expect(sim.time).toBe(1_000);
    expect(vm(result, 'spin')).toMatchObject({ status: 'limit', instructions: 1_000 });
    expect(result.hypervisors[0]).toMatchObject({ pcpus: CORES, cycles: { total: 1_000 } });
}, 120_000);
