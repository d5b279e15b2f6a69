// The step debugger in the worker: one DebugRuntime (debugger/runtime.ts) over the playground's
// text, the same runtime the DAP adapter drives, with the file "read" from the text the page
// sent. Each move answers with the view the page draws: the stop, the call stack of layers of
// the stopped vCPU, its innermost frame's registers, and the console written meanwhile.
import { formatSummary } from '../../cli/run.js';
import { DebugRuntime, LaunchError, loadSimulation, RefusedRequest, type Outcome } from '../../debugger/runtime.js';
import { MAIN_NAME, MAIN_PATH, type DebugMove, type DebugView } from '../protocol.js';

let runtime: DebugRuntime | undefined;
let pendingConsole = '';

function takeConsole(): string {
    const text = pendingConsole;
    pendingConsole = '';
    return text;
}

export async function startDebugging(text: string, breakpoints: number[]): Promise<DebugView> {
    stopDebugging();
    try {
        const sim = await loadSimulation({ program: MAIN_PATH }, () => text);
        runtime = new DebugRuntime(sim, { console: (s) => (pendingConsole += s), info: () => undefined });
    } catch (e) {
        // the diagnostics are `file:line:column: …` lines; the user knows the file as main.vmdef
        if (e instanceof LaunchError) return { kind: 'refused', lines: [e.message, ...e.diagnostics.map((d) => d.replace(MAIN_PATH, MAIN_NAME))] };
        throw e;
    }
    setBreakpoints(breakpoints);
    if (!runtime.hasWork) return view(await runtime.continue());
    return view(await runtime.entry());
}

export function setBreakpoints(lines: number[]): void {
    runtime?.breakpoints.setLines(MAIN_PATH, lines.map((line) => ({ line })));
}

export async function move(kind: DebugMove, vcpu: number): Promise<DebugView> {
    if (!runtime) return { kind: 'refused', lines: [] };
    try {
        switch (kind) {
            case 'stepIn': return view(await runtime.stepIn(vcpu));
            case 'next': return view(await runtime.next(vcpu));
            case 'stepOut': return view(await runtime.stepOut(vcpu));
            case 'stepBack': return view(await runtime.stepBack(vcpu));
            case 'continue': return view(await runtime.continue());
        }
    } catch (e) {
        if (e instanceof RefusedRequest) return { kind: 'refused', lines: [e.message] };
        throw e;
    }
}

export function stopDebugging(): void {
    runtime?.terminate();
    runtime = undefined;
    pendingConsole = '';
}

function view(outcome: Outcome): DebugView {
    const rt = runtime!;
    if (outcome.kind === 'ended') {
        return { kind: 'ended', console: takeConsole(), summary: formatSummary(outcome.result) };
    }
    const { vcpu, description } = outcome.stop;
    const frames = rt.frames(vcpu).map((f) => ({ name: f.name, file: f.location?.file, line: f.location?.line }));
    const registers = rt.variables('Registers', vcpu, 0).map((r) => ({ name: r.name, value: r.display ?? String(r.value) }));
    return { kind: 'stopped', description, vcpu, threads: rt.threads(), frames, registers, console: takeConsole() };
}
