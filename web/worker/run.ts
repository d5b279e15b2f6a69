// Run in the worker: the definition checked as the CLI checks it (checkDefinition), simulated
// to the end (Simulation.run in chunks, yielding between them so the language server keeps
// answering), the consoles demultiplexed and the summary written as `vmdef run` prints them,
// and the report page.
import { checkDefinition } from '../../language/check-definition.js';
import { formatSummary } from '../../cli/run.js';
import { formatDiagnostic } from '../../language/file-diagnostics.js';
import { currentLocale } from '../../l10n/locale.js';
import { ConsoleDemux } from '../../simulator/console-demux.js';
import { Simulation, SimulationError } from '../../simulator/engine.js';
import { renderReport } from '../../simulator/report/page.js';
import { MAIN_NAME, MAIN_PATH, type RunParams, type RunResponse } from '../protocol.js';
import { yieldToEventLoop } from './set-immediate.js';

/** Steps per chunk: about 10–50 ms of simulation between two looks at the message queue. */
const CHUNK_STEPS = 2_000_000;

export async function runDefinition(params: RunParams): Promise<RunResponse> {
    const check = await checkDefinition([{ path: MAIN_PATH, text: params.text }]);
    if (!check.ok) {
        const errors = check.diagnostics.filter((d) => d.severity === 'error');
        return { kind: 'refused', lines: errors.map((d) => formatDiagnostic({ ...d, file: MAIN_NAME })) };
    }
    let sim: Simulation;
    try {
        sim = Simulation.create(check.workspace, { maxCycles: params.maxCycles });
    } catch (e) {
        if (e instanceof SimulationError) return { kind: 'refused', lines: [e.message] };
        throw e;
    }
    let text = '';
    const demux = new ConsoleDemux(sim.model.vms.length > 1, (s) => (text += s));
    sim.listener = { console: (vm, s) => demux.write(vm, s) };
    while (!sim.finished) {
        sim.runUntil({ maxSteps: CHUNK_STEPS, runAhead: true });
        await yieldToEventLoop();
    }
    demux.flush();
    const result = sim.result();
    const reportHtml = renderReport(result, { files: [MAIN_NAME], maxCycles: params.maxCycles, locale: currentLocale() });
    return { kind: 'done', console: text, summary: formatSummary(result), reportHtml };
}
