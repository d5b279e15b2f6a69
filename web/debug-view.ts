// The step debugger's panel: Debug starts a session at the first instruction; the step buttons
// move the stopped vCPU; the call stack (data-testid="call-stack") lists its layers innermost
// first, the registers table the innermost frame's registers; the editor marks the stopped line.
import type { EditorView } from '@codemirror/view';
import { breakpointLines } from './breakpoints.js';
import { showDebugLine } from './debug-line.js';
import { webMessages as m } from './messages.js';
import { DEBUG_BREAKPOINTS, DEBUG_MOVE, DEBUG_START, DEBUG_STOP, MAIN_PATH, type DebugMove, type DebugView } from './protocol.js';
import { showConsole, showLines, showSummary } from './run-view.js';
import type { WorkerConnection } from './worker-client.js';

export interface DebugElements {
    status: HTMLElement;
    callStack: HTMLOListElement;
    registers: HTMLTableElement;
    vcpu: HTMLSelectElement;
    moves: Record<DebugMove, HTMLButtonElement>;
    stop: HTMLButtonElement;
    console: HTMLElement;
    summary: HTMLElement;
}

export class DebugPanel {
    private active = false;

    constructor(private readonly connection: WorkerConnection, private readonly view: EditorView, private readonly ui: DebugElements) {
        for (const [move, button] of Object.entries(ui.moves) as [DebugMove, HTMLButtonElement][]) button.onclick = () => void this.move(move);
        ui.stop.onclick = () => void this.stop();
        this.enable(false);
    }

    async start(): Promise<void> {
        showConsole(this.ui.console, '');
        showSummary(this.ui.summary, '');
        this.active = true;
        this.render(await this.ask(DEBUG_START, { text: this.view.state.doc.toString(), breakpoints: breakpointLines(this.view) }));
    }

    /** The gutter changed: a session in progress gets the new breakpoints. */
    breakpointsChanged(): void {
        if (this.active) this.connection.notify(DEBUG_BREAKPOINTS, { lines: breakpointLines(this.view) });
    }

    async stop(): Promise<void> {
        if (this.active) await this.connection.request(DEBUG_STOP);
        this.active = false;
        this.enable(false);
        this.ui.status.textContent = m.notDebugging();
        this.ui.callStack.replaceChildren();
        this.ui.registers.replaceChildren();
        showDebugLine(this.view, undefined);
    }

    private async move(move: DebugMove): Promise<void> {
        this.enable(false);
        this.render(await this.ask(DEBUG_MOVE, { move, vcpu: Number(this.ui.vcpu.value) || 0 }));
    }

    private enable(on: boolean): void {
        for (const button of Object.values(this.ui.moves)) button.disabled = !on;
        this.ui.stop.disabled = !this.active;
    }

    /** A request that failed inside the worker (a bug) is shown, and the session ends. */
    private async ask(method: string, params: object): Promise<DebugView> {
        try {
            return await this.connection.request<DebugView>(method, params);
        } catch (e) {
            this.active = false;
            return { kind: 'refused', lines: [(e as Error).message] };
        }
    }

    private render(view: DebugView): void {
        if (view.kind === 'refused') {
            // a refused step leaves the session where it was; a refused launch has none
            showLines(this.ui.console, view.lines);
            this.enable(this.active && this.ui.callStack.childElementCount > 0);
            return;
        }
        showConsole(this.ui.console, view.console, true);
        if (view.kind === 'ended') {
            this.active = false;
            this.ui.status.textContent = m.ended();
            this.ui.callStack.replaceChildren();
            this.ui.registers.replaceChildren();
            showSummary(this.ui.summary, view.summary);
            showDebugLine(this.view, undefined);
            this.enable(false);
            return;
        }
        this.ui.status.textContent = view.description;
        this.ui.vcpu.replaceChildren(...view.threads.map((t) => new Option(t.name, String(t.id), false, t.id === view.vcpu)));
        this.ui.callStack.replaceChildren(...view.frames.map((f) => {
            const item = document.createElement('li');
            const where = f.file && f.line ? ` — ${f.file.split('/').pop()}:${f.line}` : '';
            item.textContent = f.name + where;
            return item;
        }));
        this.ui.registers.replaceChildren(...view.registers.map((r) => {
            const row = document.createElement('tr');
            const name = document.createElement('th');
            name.textContent = r.name;
            const value = document.createElement('td');
            value.textContent = r.value;
            row.append(name, value);
            return row;
        }));
        // the innermost frame in the user's file (a handler of the standard library is not in the editor)
        const own = view.frames.find((f) => f.file === MAIN_PATH);
        showDebugLine(this.view, own?.line);
        this.enable(true);
    }
}
