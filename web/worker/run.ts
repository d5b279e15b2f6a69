// Run in the worker: the playground's text run in memory as `vmdef run` and `vmdef report` would
// (cli/run-in-memory.ts), yielding between chunks so the language server keeps answering.
import { runInMemory } from '../../cli/run-in-memory.js';
import { MAIN_NAME, MAIN_PATH, type RunParams, type RunResponse } from '../protocol.js';
import { yieldToEventLoop } from '../../debugger/set-immediate.js';

export async function runDefinition(params: RunParams): Promise<RunResponse> {
    const run = await runInMemory([{ path: MAIN_PATH, text: params.text }], { maxCycles: params.maxCycles, names: [MAIN_NAME], yieldToHost: yieldToEventLoop });
    // never cancelled here: the playground has no stop button for a run
    return run.kind === 'cancelled' ? { kind: 'refused', lines: [] } : run;
}
