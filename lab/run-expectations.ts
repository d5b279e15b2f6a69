// Runs a checked system to the end and judges its `expect` lines: what `vmdef test` does per
// folder. (The editor judges them on the run it already makes on save: server/expect-on-save.ts.)
import type { CheckedWorkspace } from '../language/workspace.js';
import { Simulation, type SimulationOptions } from '../simulator/engine.js';
import { evaluate, type CompareSource, type Outcome } from './evaluate.js';
import type { Expectation } from './expectations.js';
import { compareWithNative } from './compare-source.js';

/** Steps per call into the simulation: the same chunks `vmdef run` drives it by. */
const CHUNK_STEPS = 2_000_000;

export function runExpectations(workspace: CheckedWorkspace, expectations: Expectation[], options: SimulationOptions, compare?: CompareSource): Outcome[] {
    const sim = Simulation.create(workspace, options);
    while (!sim.finished) sim.runUntil({ maxSteps: CHUNK_STEPS, runAhead: true });
    const result = sim.result();
    const faithful = compare ?? compareWithNative(sim.model, { maxCycles: options.maxCycles });
    return expectations.map((e) => evaluate(e, result, faithful));
}
