// Drives the stand-alone adapter (node out/debug-adapter.js) over stdio with the DAP test
// client. The bundle is rebuilt (atomically: a temporary file renamed into place) when any
// source it includes is newer, so a test run never uses a stale adapter.
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkWorkspace } from '../../language/workspace.js';
import { Simulation } from '../../simulator/engine.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ADAPTER = path.join(ROOT, 'out', 'debug-adapter.js');
export const FIXTURES = path.join(ROOT, 'test', 'debug', 'fixtures');
export const STDLIB = path.join(ROOT, 'language', 'stdlib');

export function fixture(name: string): string {
    return path.join(FIXTURES, name);
}

/** A file on the exact interpreter: the reference for the debugger, which runs the fast engine. */
export async function exactSimulation(file: string): Promise<Simulation> {
    return Simulation.create(await checkWorkspace([{ path: file, text: fs.readFileSync(file, 'utf8') }]), { engine: 'exact' });
}

function newestSource(): number {
    let newest = 0;
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, e.name);
            if (e.isDirectory()) walk(full);
            else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
        }
    };
    for (const dir of ['simulator', 'debugger', 'io', 'language']) walk(path.join(ROOT, dir));
    return newest;
}

/** Builds out/debug-adapter.js the way scripts/bundle.mjs does, if it is older than its sources. */
export async function ensureAdapter(): Promise<void> {
    if (fs.existsSync(ADAPTER) && fs.statSync(ADAPTER).mtimeMs >= newestSource()) return;
    const tmp = `${ADAPTER}.${process.pid}.tmp`;
    await esbuild.build({
        entryPoints: [path.join(ROOT, 'debugger/adapter-main.ts')],
        outfile: tmp,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        external: ['vscode'],
        logLevel: 'error',
        banner: { js: "import { createRequire as __vmdefCreateRequire } from 'node:module'; const require = __vmdefCreateRequire(import.meta.url);" },
        logOverride: { 'empty-import-meta': 'silent' },
    });
    fs.renameSync(tmp, ADAPTER);
}

/** Every event the adapter sent, consumed in order by the wait helpers (no event is missed between requests). */
export class Session {
    readonly dc: DebugClient;
    private readonly events = new Map<string, DebugProtocol.Event[]>();
    private readonly waiters = new Map<string, ((e: DebugProtocol.Event) => void)[]>();
    output = '';
    /** What the adapter's `initialize` answered. */
    capabilities: DebugProtocol.Capabilities = {};
    stdout = '';
    stderr = '';

    /** `locale`: what `initialize` passes as the client's language (VS Code: its display language); none by default. */
    constructor(private readonly initialize: { locale?: string; supportsMemoryEvent?: boolean } = {}) {
        this.dc = new DebugClient('node', ADAPTER, 'vmdef', { cwd: ROOT });
        this.dc.defaultTimeout = 10_000;
        for (const type of ['stopped', 'output', 'terminated', 'exited', 'initialized']) {
            this.dc.on(type, (e: DebugProtocol.Event) => {
                if (type === 'output') {
                    const o = e as DebugProtocol.OutputEvent;
                    this.output += o.body.output;
                    if (o.body.category === 'stdout') this.stdout += o.body.output;
                    if (o.body.category === 'stderr') this.stderr += o.body.output;
                }
                const waiting = this.waiters.get(type);
                if (waiting && waiting.length > 0) waiting.shift()!(e);
                else this.events.set(type, [...(this.events.get(type) ?? []), e]);
            });
        }
    }

    /** The next event of this type (already received or still to come). */
    next<T extends DebugProtocol.Event>(type: string, timeoutMs = 10_000): Promise<T> {
        const queued = this.events.get(type);
        if (queued && queued.length > 0) return Promise.resolve(queued.shift() as T);
        return new Promise<T>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no '${type}' event within ${timeoutMs} ms; output so far:\n${this.output}`)), timeoutMs);
            const list = this.waiters.get(type) ?? [];
            list.push((e) => {
                clearTimeout(timer);
                resolve(e as T);
            });
            this.waiters.set(type, list);
        });
    }

    stopped(timeoutMs?: number): Promise<DebugProtocol.StoppedEvent> {
        return this.next<DebugProtocol.StoppedEvent>('stopped', timeoutMs);
    }

    /** Starts the adapter, launches `program`, lets `configure` set breakpoints, then configurationDone. */
    async launch(program: string, args: Record<string, unknown> = {}, configure?: (dc: DebugClient) => Promise<unknown>): Promise<DebugProtocol.LaunchResponse> {
        await this.dc.start();
        const initialized = await this.dc.initializeRequest({ adapterID: 'vmdef', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', ...this.initialize });
        this.capabilities = initialized.body ?? {};
        const launched = this.dc.launchRequest({ program, ...args } as DebugProtocol.LaunchRequestArguments);
        await this.next('initialized');
        if (configure) await configure(this.dc);
        await this.dc.configurationDoneRequest();
        return launched;
    }

    /** The call stack of a thread: name, file (basename), line — innermost first. */
    async stack(threadId: number): Promise<{ name: string; file: string; path: string; line: number; origin?: string }[]> {
        const r = await this.dc.stackTraceRequest({ threadId });
        return r.body.stackFrames.map((f) => ({
            name: f.name, file: path.basename(f.source?.path ?? ''), path: f.source?.path ?? '', line: f.line,
            origin: f.source?.origin,
        }));
    }

    async frameId(threadId: number, index = 0): Promise<number> {
        const r = await this.dc.stackTraceRequest({ threadId });
        return r.body.stackFrames[index].id;
    }

    /** Variables of one scope of a frame, by name. */
    async scope(frameId: number, scope: string): Promise<Map<string, DebugProtocol.Variable>> {
        const scopes = await this.dc.scopesRequest({ frameId });
        const s = scopes.body.scopes.find((x) => x.name === scope);
        if (!s) throw new Error(`no scope ${scope}`);
        const vars = await this.dc.variablesRequest({ variablesReference: s.variablesReference });
        return new Map(vars.body.variables.map((v) => [v.name, v]));
    }

    async evaluate(expression: string, frameId?: number): Promise<string> {
        const r = await this.dc.evaluateRequest({ expression, frameId, context: 'repl' });
        return r.body.result;
    }

    async close(): Promise<void> {
        try {
            await this.dc.stop();
        } catch {
            // the adapter may already have ended the session
        }
    }
}

/** 1-based line of the first line matching `pattern` in `file`, at or after the line matching `after`. */
export function lineOf(file: string, pattern: RegExp, after?: RegExp): number {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    let from = 0;
    if (after) {
        from = lines.findIndex((l) => after.test(l));
        if (from < 0) throw new Error(`${after} not in ${file}`);
    }
    const i = lines.findIndex((l, k) => k >= from && pattern.test(l));
    if (i < 0) throw new Error(`${pattern} not in ${file}`);
    return i + 1;
}

export const OS_FILE = path.join(STDLIB, 'os.vmdef');
export const MONITORS_FILE = path.join(STDLIB, 'monitors.vmdef');
