// The Debug Adapter Protocol session: a thin translation between DAP requests/events and the
// debug runtime (runtime.ts), like vscode-mock-debug's session over its runtime. The same
// class runs stand-alone over stdio (adapter-main.ts → out/debug-adapter.js) and inline in
// the VS Code extension (extension/debug.ts).
//
// Threads are vCPUs (`web/vcpu0`, thread id = vCPU id + 1); stack frames are a vCPU's layers
// (guest program → guest kernel → hypervisor handler → host OS → hardware command); a stop
// stops every vCPU (the simulation is one deterministic machine).
import * as nodePath from 'node:path';
import {
    Breakpoint, DebugSession, ExitedEvent, Handles, InitializedEvent, InvalidatedEvent, OutputEvent, Scope, Source,
    StackFrame, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isStdlibUri, stdlibDirectory } from '../language/stdlib.js';
import { Expression, ExpressionError } from './expression.js';
import { frameAt, isAssignableRegister, SCOPES, type ScopeName, type VarNode } from './inspect.js';
import { dataId, hex, WATCHABLE, wordAddress, wordDataId, wordLabel } from './watches.js';
import { DebugRuntime, EXCEPTION_FILTERS, LaunchError, launchFiles, loadSimulation, type LaunchOptions, type Outcome, type StopInfo } from './runtime.js';

export interface VmdefLaunchArguments extends DebugProtocol.LaunchRequestArguments {
    /** The .vmdef file to simulate. */
    program: string;
    /** More .vmdef files loaded with `program` as one workspace (its hypervisor, hardware or programs may be there). */
    files?: string[];
    /** Stop at the first instruction of the first vCPU. */
    stopOnEntry?: boolean;
    /** Host cycles after which unfinished VMs stop with status `limit`. */
    maxCycles?: number;
    /** Cost preset of hypervisors that name none with `costs` (`modern`, `p4_2006`, or a user preset). */
    costPreset?: string;
    /** Print every layer change (enter/leave a syscall, handler, host driver, hardware command). */
    trace?: boolean;
}

/** Stack frame ids: vCPU and layer index packed into one integer. */
const FRAMES_PER_VCPU = 10_000;

type VarRef = { kind: 'scope'; scope: ScopeName; vcpu: number; frame: number } | { kind: 'node'; node: VarNode };

export class VmdefDebugSession extends DebugSession {
    private runtime: DebugRuntime | undefined;
    private launchArgs: VmdefLaunchArguments | undefined;
    private readonly variables = new Handles<VarRef>();
    private configured!: Promise<void>;
    private markConfigured!: () => void;
    private lastStop: StopInfo | undefined;
    private ended = false;
    /** Requested before the runtime exists (VS Code sends them after `initialized`, tests may not). */
    private pendingFilters: string[] | undefined;
    /** The client refreshes views on an `invalidated` event (VS Code does). */
    private clientInvalidates = false;

    constructor() {
        super();
        this.setDebuggerLinesStartAt1(true);
        this.setDebuggerColumnsStartAt1(true);
        this.resetConfigured();
    }

    private resetConfigured(): void {
        this.configured = new Promise((resolve) => (this.markConfigured = resolve));
    }

    // ------------------------------------------------------------------ lifecycle

    protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
        this.clientInvalidates = args?.supportsInvalidatedEvent === true;
        response.body = {
            supportsConfigurationDoneRequest: true,
            supportsFunctionBreakpoints: true,
            supportsConditionalBreakpoints: true,
            supportsEvaluateForHovers: true,
            supportsStepBack: true,
            supportsSetVariable: true,
            supportsSetExpression: true,
            supportsRestartRequest: true,
            supportsTerminateRequest: true,
            supportsExceptionInfoRequest: true,
            supportsBreakpointLocationsRequest: true,
            supportsDataBreakpoints: true,
            // memory words by address (`asAddress`), one word (4 bytes) at a time
            supportsDataBreakpointBytes: true,
            supportsDelayedStackTraceLoading: false,
            exceptionBreakpointFilters: EXCEPTION_FILTERS.map((f) => ({ filter: f.filter, label: f.label, description: f.description, default: f.default })),
        };
        this.sendResponse(response);
    }

    protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
        this.markConfigured();
        this.sendResponse(response);
    }

    protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: VmdefLaunchArguments): Promise<void> {
        args ??= {} as VmdefLaunchArguments;
        this.launchArgs = args;
        try {
            if (typeof args.program !== 'string' || args.program === '') throw new LaunchError("launch needs 'program': the .vmdef file to debug");
            await this.load(args);
        } catch (e) {
            this.failLaunch(response, e);
            return;
        }
        // breakpoints and filters arrive after `initialized`, before configurationDone
        this.sendEvent(new InitializedEvent());
        await this.configured;
        this.sendResponse(response);
        await this.afterLaunch(args);
    }

    private async load(args: VmdefLaunchArguments): Promise<void> {
        const options: LaunchOptions = { program: args.program, files: args.files, maxCycles: args.maxCycles, costPreset: args.costPreset, trace: args.trace };
        const sim = await loadSimulation(options);
        const previous = this.runtime;
        this.runtime = new DebugRuntime(sim, {
            console: (text) => this.sendEvent(new OutputEvent(text, 'stdout')),
            info: (text) => this.sendEvent(new OutputEvent(text, 'console')),
        }, args.trace === true);
        // a restart keeps breakpoints, data breakpoints and filters
        if (previous) {
            this.runtime.breakpoints.adopt(previous.breakpoints);
            this.runtime.watches.adopt(previous.watches);
        }
        if (this.pendingFilters) this.runtime.setExceptionFilters(this.pendingFilters);
        this.ended = false;
    }

    private async afterLaunch(args: VmdefLaunchArguments): Promise<void> {
        if (!this.runtime) return;
        const rt = this.runtime;
        const vms = rt.sim.model.vms.map((vm) => `${vm.name} on ${vm.host.name} (${vm.host.kind}, ${vm.host.technique})`).join(', ');
        const files = launchFiles(args);
        const others = files.length > 1 ? ` (with ${files.slice(1).map((f) => nodePath.basename(f)).join(', ')})` : '';
        this.sendEvent(new OutputEvent(`vmdef: debugging ${nodePath.basename(args.program)}${others}: ${vms || 'no VMs'}\n`, 'console'));
        if (args.stopOnEntry && rt.hasWork) this.report(rt.entry());
        else await this.drive(() => rt.continue());
    }

    private failLaunch(response: DebugProtocol.Response, e: unknown): void {
        const message = e instanceof Error ? e.message : String(e);
        if (e instanceof LaunchError) for (const line of e.diagnostics) this.sendEvent(new OutputEvent(line + '\n', 'stderr'));
        this.sendEvent(new OutputEvent(`vmdef: ${message}\n`, 'stderr'));
        this.sendErrorResponse(response, { id: 1001, format: message.replace(/[{}]/g, ''), showUser: true });
        this.ended = true;
        this.sendEvent(new TerminatedEvent());
    }

    protected override async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
        const launch = (args.arguments as VmdefLaunchArguments | undefined) ?? this.launchArgs;
        if (!launch) {
            this.sendErrorResponse(response, { id: 1002, format: 'nothing to restart' });
            return;
        }
        this.runtime?.terminate();
        this.launchArgs = launch;
        try {
            await this.load(launch);
        } catch (e) {
            this.failLaunch(response, e);
            return;
        }
        this.sendResponse(response);
        await this.afterLaunch(launch);
    }

    protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
        this.runtime?.terminate();
        this.sendResponse(response);
        if (!this.ended) {
            this.ended = true;
            this.sendEvent(new TerminatedEvent());
        }
    }

    protected override disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): void {
        this.runtime?.terminate();
        this.ended = true;
        super.disconnectRequest(response, args);
    }

    // ------------------------------------------------------------------ running

    /** Runs an operation of the runtime and turns its outcome into events; errors become error output, never a hang. */
    private async drive(operation: () => Promise<Outcome>, response?: DebugProtocol.Response): Promise<void> {
        const rt = this.runtime;
        if (!rt || this.ended) {
            if (response) this.sendErrorResponse(response, { id: 1003, format: 'the debug session has ended' });
            return;
        }
        if (rt.isRunning) {
            if (response) this.sendErrorResponse(response, { id: 1004, format: 'the simulation is running: pause it first' });
            return;
        }
        this.variables.reset();
        let outcome: Promise<Outcome>;
        try {
            outcome = operation();
        } catch (e) {
            // a bad request (no thread, unknown thread): answer it, the session stays as it was
            if (response) this.sendErrorResponse(response, { id: 1005, format: `vmdef debugger: ${String((e as Error).message).replace(/[{}]/g, '')}` });
            return;
        }
        if (response) this.sendResponse(response);
        try {
            const result = await outcome;
            if (rt !== this.runtime) return; // restarted meanwhile
            this.report(result);
        } catch (e) {
            this.sendEvent(new OutputEvent(`vmdef debugger: ${(e as Error).message}\n`, 'stderr'));
            if (rt === this.runtime) this.report(rt.failed((e as Error).message));
        }
    }

    private report(outcome: Outcome): void {
        if (this.ended) return;
        if (outcome.kind === 'ended') {
            this.ended = true;
            this.sendEvent(new ExitedEvent(outcome.exitCode));
            this.sendEvent(new TerminatedEvent());
            return;
        }
        const stop = outcome.stop;
        this.lastStop = stop;
        this.variables.reset();
        const event: DebugProtocol.StoppedEvent = {
            seq: 0, type: 'event', event: 'stopped',
            body: {
                reason: stop.reason, threadId: stop.vcpu + 1, description: stop.description, allThreadsStopped: true,
                ...(stop.exception ? { text: stop.exception.description } : {}),
                ...(stop.breakpointIds ? { hitBreakpointIds: stop.breakpointIds } : {}),
            },
        };
        this.sendEvent(event);
    }

    /** The vCPU a thread-level request names; a clear error for a missing or unknown thread. */
    private vcpuOf(args: { threadId?: number } | undefined): number {
        const id = args?.threadId;
        const count = this.runtime?.sim.state.vcpus.length ?? 0;
        if (typeof id !== 'number' || id < 1 || id > count) throw new Error(`no thread ${id ?? '(threadId missing)'}: threads are 1–${count}`);
        return id - 1;
    }

    protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
        response.body = { allThreadsContinued: true };
        void this.drive(() => this.runtime!.continue(), response);
    }

    protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
        void this.drive(() => this.runtime!.next(this.vcpuOf(args)), response);
    }

    protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
        void this.drive(() => this.runtime!.stepIn(this.vcpuOf(args)), response);
    }

    protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
        void this.drive(() => this.runtime!.stepOut(this.vcpuOf(args)), response);
    }

    protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
        void this.drive(() => this.runtime!.stepBack(this.vcpuOf(args)), response);
    }

    protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
        void this.drive(() => this.runtime!.reverseContinue(), response);
    }

    protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
        this.runtime?.pause();
        this.sendResponse(response);
    }

    // ------------------------------------------------------------------ breakpoints

    protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
        const rt = this.runtime;
        const file = args.source.path;
        const requests: { line: number; condition?: string }[] = args.breakpoints?.map((b) => ({ line: b.line, condition: b.condition })) ?? args.lines?.map((line) => ({ line })) ?? [];
        if (!rt || !file) {
            response.body = { breakpoints: requests.map(() => ({ verified: false, message: 'no simulation is loaded' })) };
            this.sendResponse(response);
            return;
        }
        const set = rt.breakpoints.setLines(file, requests);
        response.body = {
            breakpoints: set.map((b) => {
                const bp: DebugProtocol.Breakpoint = new Breakpoint(b.verified, b.line);
                bp.source = this.source(b.file);
                bp.id = b.id;
                if (b.message) bp.message = b.message;
                return bp;
            }),
        };
        this.sendResponse(response);
    }

    protected override breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
        const file = args.source.path;
        const lines = file && this.runtime ? this.runtime.breakpoints.instructionLines(file) : [];
        const end = args.endLine ?? args.line;
        response.body = { breakpoints: lines.filter((l) => l >= args.line && l <= end).map((line) => ({ line })) };
        this.sendResponse(response);
    }

    protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
        const rt = this.runtime;
        if (!rt) {
            response.body = { breakpoints: args.breakpoints.map(() => ({ verified: false, message: 'no simulation is loaded' })) };
            this.sendResponse(response);
            return;
        }
        const set = rt.breakpoints.setFunctions(args.breakpoints.map((b) => ({ name: b.name, condition: b.condition })));
        response.body = {
            breakpoints: set.map((b) => {
                const bp: DebugProtocol.Breakpoint = { id: b.id, verified: b.verified };
                if (b.file) bp.source = this.source(b.file);
                if (b.line) bp.line = b.line;
                if (b.message) bp.message = b.message;
                return bp;
            }),
        };
        this.sendResponse(response);
    }

    protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
        const filters = [...(args.filters ?? []), ...(args.filterOptions?.map((o) => o.filterId) ?? [])];
        this.pendingFilters = filters;
        this.runtime?.setExceptionFilters(filters);
        response.body = { breakpoints: filters.map(() => ({ verified: true })) };
        this.sendResponse(response);
    }

    /**
     * What can be watched: a register or flag of a frame (from the Variables view's Registers
     * scope, or an expression naming one), or a memory word — an expression `[a]` (a watch
     * expression, the Debug Console) or an address (`asAddress`, at most the 4 bytes of one word).
     * The address is evaluated once, now (gdb's `watch -l`); `[a]` means the memory it reads in
     * that frame: the VM's for guest frames, the hypervisor's own for handler and host frames.
     */
    protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
        response.body = this.dataBreakpointInfo(args);
        this.sendResponse(response);
    }

    private dataBreakpointInfo(args: DebugProtocol.DataBreakpointInfoArguments): DebugProtocol.DataBreakpointInfoResponse['body'] {
        const rt = this.runtime;
        const refuse = (description: string) => ({ dataId: null, description });
        const what = 'only a register or flag of a frame, or a memory word ([address]), can be watched';
        if (!rt) return refuse('no simulation is loaded');
        const register = (vcpu: number, frame: number, name: string) => {
            const v = rt.sim.state.vcpus[vcpu];
            const depth = v.frames.length - 1 - frame;
            return {
                dataId: dataId(vcpu, depth, name),
                description: `${name} of ${v.name} ${v.frames[depth]?.name ?? ''}`,
                accessTypes: ['write'] as DebugProtocol.DataBreakpointAccessType[],
                canPersist: false,
            };
        };
        if (args.variablesReference !== undefined) {
            const ref = this.variables.get(args.variablesReference);
            const v = ref?.kind === 'scope' ? rt.sim.state.vcpus[ref.vcpu] : undefined;
            if (!ref || ref.kind !== 'scope' || ref.scope !== 'Registers' || !v || !frameAt(v, ref.frame) || !WATCHABLE.includes(args.name)) return refuse(what);
            return register(ref.vcpu, ref.frame, args.name);
        }
        const name = String(args.name ?? '').trim();
        const { vcpu, frame } = this.frameOf(args.frameId);
        const v = rt.sim.state.vcpus[vcpu];
        if (!v || !frameAt(v, frame)) return refuse('no such frame');
        let address: number;
        let frameForMemory = frame;
        if (args.asAddress) {
            if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(name) || Number(name) > 0xffffffff) return refuse(`'${name}' is not an address (decimal or 0x hex, 32 bits)`);
            address = Number(name);
            // without a frame, an address is in the guest memory of the VM stopped in (its bottom frame)
            if (args.frameId === undefined) frameForMemory = v.frames.length - 1;
        } else {
            try {
                const place = Expression.parse(name).place();
                if (place?.kind === 'name') {
                    const reg = place.name.replace(/^registers\./, '');
                    if (WATCHABLE.includes(reg)) return register(vcpu, frame, reg);
                    return refuse(`'${name}' is not a register, flag or memory word: ${what}`);
                }
                if (!place) return refuse(`'${name}' is computed, not a place: ${what}`);
                address = place.address(rt.inspector.resolver(vcpu, frame));
            } catch (e) {
                if (!(e instanceof ExpressionError)) throw e;
                return refuse(`${e.message} (column ${e.column})`);
            }
        }
        const word = wordAddress(address);
        if (args.bytes !== undefined && (!Number.isSafeInteger(args.bytes) || args.bytes < 1 || (address >>> 0) + args.bytes > word + 4)) {
            return refuse(`one memory word at a time: ${args.bytes} byte(s) from ${hex(address)} go beyond the word at ${hex(word)}`);
        }
        const space = rt.inspector.memorySpace(vcpu, frameForMemory);
        if ('error' in space) return refuse(space.error);
        if (space.declared > 0 && word >= space.declared) return refuse(`address ${hex(word)} is outside ${space.owner}'s ${space.declared} bytes`);
        return {
            dataId: wordDataId(space.space, space.owner, word),
            description: wordLabel(space.space, space.owner, word),
            accessTypes: ['write'],
            canPersist: false,
        };
    }

    protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
        const breakpoints = args.breakpoints ?? [];
        const rt = this.runtime;
        if (!rt) {
            response.body = { breakpoints: breakpoints.map(() => ({ verified: false, message: 'no simulation is loaded' })) };
            this.sendResponse(response);
            return;
        }
        // only writes are watched: a read or read-write watch is refused, the others are set
        const writes = breakpoints.filter((b) => b.accessType === undefined || b.accessType === 'write');
        const set = rt.watches.set(writes.map((b) => String(b.dataId)));
        let next = 0;
        response.body = {
            breakpoints: breakpoints.map((b) => (b.accessType === undefined || b.accessType === 'write'
                ? set[next++]
                : { verified: false, message: `only writes can be watched, not '${b.accessType}' accesses` })),
        };
        this.sendResponse(response);
    }

    protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, _args: DebugProtocol.ExceptionInfoArguments): void {
        const ex = this.lastStop?.exception;
        response.body = {
            exceptionId: ex?.id ?? 'none',
            description: ex?.description ?? this.lastStop?.description ?? '',
            breakMode: 'always',
            details: ex ? { message: ex.description, typeName: EXCEPTION_FILTERS.find((f) => f.filter === ex.id)?.label } : undefined,
        };
        this.sendResponse(response);
    }

    // ------------------------------------------------------------------ threads, frames, variables

    protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
        const vcpus = this.runtime?.sim.vcpus() ?? [];
        response.body = { threads: vcpus.map((v) => new Thread(v.id + 1, v.name)) };
        this.sendResponse(response);
    }

    private source(file: string): DebugProtocol.Source {
        const s: DebugProtocol.Source = new Source(nodePath.basename(file), this.convertDebuggerPathToClient(file));
        let stdlib = false;
        try {
            stdlib = isStdlibUri(file) || nodePath.dirname(nodePath.resolve(file)) === nodePath.resolve(stdlibDirectory());
        } catch {
            stdlib = false;
        }
        if (stdlib) {
            // 'normal', not 'deemphasize': VS Code folds de-emphasized frames into "Show N More",
            // which would hide the very layers (handler, kernel) the debugger exists to show
            s.presentationHint = 'normal';
            s.origin = 'vmdef standard library';
        }
        return s;
    }

    protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
        const rt = this.runtime;
        const vcpu = args.threadId - 1;
        const frames = rt?.sim.frames(vcpu) ?? [];
        const start = args.startFrame ?? 0;
        const count = args.levels && args.levels > 0 ? args.levels : frames.length;
        response.body = {
            stackFrames: frames.slice(start, start + count).map((f, i) => {
                const index = start + i;
                const frame: DebugProtocol.StackFrame = new StackFrame(vcpu * FRAMES_PER_VCPU + index + 1, f.name);
                if (f.location) {
                    frame.source = this.source(f.location.file);
                    frame.line = f.location.line;
                    frame.column = f.location.column;
                } else {
                    frame.line = 0;
                    frame.column = 0;
                }
                return frame;
            }),
            totalFrames: frames.length,
        };
        this.sendResponse(response);
    }

    private frameOf(frameId: number | undefined): { vcpu: number; frame: number } {
        if (frameId === undefined || frameId <= 0) return { vcpu: this.lastStop?.vcpu ?? this.runtime?.currentVcpu() ?? 0, frame: 0 };
        return { vcpu: Math.floor((frameId - 1) / FRAMES_PER_VCPU), frame: (frameId - 1) % FRAMES_PER_VCPU };
    }

    protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
        const { vcpu, frame } = this.frameOf(args.frameId);
        response.body = {
            scopes: SCOPES.map((scope) => {
                const s: DebugProtocol.Scope = new Scope(scope, this.variables.create({ kind: 'scope', scope, vcpu, frame }), scope !== 'Registers');
                if (scope === 'Registers') s.presentationHint = 'registers';
                return s;
            }),
        };
        this.sendResponse(response);
    }

    private toVariable(node: VarNode): DebugProtocol.Variable {
        const value = node.display ?? (typeof node.value === 'string' ? node.value : String(node.value));
        const v: DebugProtocol.Variable = {
            name: node.name,
            value,
            type: typeof node.value === 'boolean' ? 'flag' : typeof node.value === 'number' ? 'integer' : 'text',
            variablesReference: node.children ? this.variables.create({ kind: 'node', node }) : 0,
        };
        if (!node.editable) v.presentationHint = { attributes: ['readOnly'] };
        return v;
    }

    protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
        const ref = this.variables.get(args.variablesReference);
        const rt = this.runtime;
        let nodes: VarNode[] = [];
        if (ref && rt) nodes = ref.kind === 'scope' ? rt.inspector.scope(ref.scope, ref.vcpu, ref.frame) : (ref.node.children ?? []);
        response.body = { variables: nodes.map((n) => this.toVariable(n)) };
        this.sendResponse(response);
    }

    protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
        const ref = this.variables.get(args.variablesReference);
        const rt = this.runtime;
        if (!rt || !ref || ref.kind !== 'scope' || ref.scope !== 'Registers') {
            this.sendErrorResponse(response, { id: 1010, format: 'only registers and flags can be changed' });
            return;
        }
        if (rt.isRunning) {
            this.sendErrorResponse(response, { id: 1011, format: 'pause before changing a register' });
            return;
        }
        const result = rt.inspector.setRegister(ref.vcpu, ref.frame, args.name, args.value);
        if ('error' in result) {
            this.sendErrorResponse(response, { id: 1012, format: result.error.replace(/[{}]/g, '') });
            return;
        }
        rt.edited();
        response.body = { value: String(result.value) };
        this.sendResponse(response);
    }

    /**
     * The Watch view's edit: assigns to what an expression names — a register, `pc` or a flag of
     * the frame (through setVariable's own code), or a memory word `[a]` as evaluate reads it.
     * Anything computed (`r1 + 1`) or read-only (`exits.io`) is refused with the reason.
     */
    protected override setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): void {
        const rt = this.runtime;
        const fail = (message: string) => this.sendErrorResponse(response, { id: 1030, format: message.replace(/[{}]/g, ''), showUser: true });
        if (!rt) return fail('no simulation is loaded');
        if (rt.isRunning) return fail('pause before changing a value');
        const { vcpu, frame } = this.frameOf(args.frameId);
        const v = rt.sim.state.vcpus[vcpu];
        if (!v || !frameAt(v, frame)) return fail('no such frame');
        const text = args.expression.trim();
        const what = 'only a register (r0–r7, sp, pc), a flag (zf, sf, if) or a memory word ([address]) can be set';
        let result: { value: string | number | boolean } | { error: string };
        try {
            const place = Expression.parse(text).place();
            if (!place) return fail(`'${text}' is computed, not a place: ${what}`);
            if (place.kind === 'name') {
                const name = place.name.replace(/^registers\./, '');
                if (!isAssignableRegister(name)) {
                    const known = rt.inspector.resolver(vcpu, frame)(place.name) !== undefined;
                    return fail(known ? `'${place.name}' is read-only: ${what}` : `unknown name '${place.name}': ${what}`);
                }
                result = rt.inspector.setRegister(vcpu, frame, name, args.value);
            } else {
                const address = place.address(rt.inspector.resolver(vcpu, frame));
                result = rt.inspector.writeWord(vcpu, frame, address, args.value);
            }
        } catch (e) {
            if (!(e instanceof ExpressionError)) throw e;
            return fail(`${e.message} (column ${e.column})`);
        }
        if ('error' in result) return fail(result.error);
        // history before the edit would replay without it; data breakpoints take the new value as the reference
        rt.edited();
        response.body = { value: String(result.value), type: typeof result.value === 'boolean' ? 'flag' : 'integer', variablesReference: 0 };
        this.sendResponse(response);
        // the Variables view shows the frame the edit changed: have it fetched again
        if (this.clientInvalidates) this.sendEvent(new InvalidatedEvent(['variables'], vcpu + 1, args.frameId));
    }

    protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
        const rt = this.runtime;
        if (!rt) {
            this.sendErrorResponse(response, { id: 1020, format: 'no simulation is loaded' });
            return;
        }
        const { vcpu, frame } = this.frameOf(args.frameId);
        const v = rt.sim.state.vcpus[vcpu];
        const text = args.expression.trim();
        // a bare name of a group (`exits`, `vm.cycles`) shows the group, expandable
        const node = /^[A-Za-z_][\w.]*$/.test(text) ? rt.inspector.find(vcpu, frame, text.replace(/^(registers|vcpu|vm|hypervisor|host)\./, '')) : undefined;
        if (node?.children) {
            response.body = { result: String(node.display ?? node.value), variablesReference: this.variables.create({ kind: 'node', node }) };
            this.sendResponse(response);
            return;
        }
        try {
            if (!v || !frameAt(v, frame)) throw new ExpressionError('no such frame', 1);
            const value = Expression.parse(text).evaluate(rt.inspector.resolver(vcpu, frame));
            response.body = { result: typeof value === 'string' ? JSON.stringify(value) : String(value), variablesReference: 0 };
            this.sendResponse(response);
        } catch (e) {
            const message = e instanceof ExpressionError ? `${e.message} (column ${e.column})` : (e as Error).message;
            this.sendErrorResponse(response, { id: 1021, format: message.replace(/[{}]/g, ''), showUser: args.context === 'repl' });
        }
    }

    /** Any failure inside a request handler answers that request with an error instead of leaving the client waiting. */
    protected override dispatchRequest(request: DebugProtocol.Request): void {
        try {
            super.dispatchRequest(request);
        } catch (e) {
            const response: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: false };
            this.sendErrorResponse(response, { id: 1099, format: `vmdef debugger: ${String((e as Error).message).replace(/[{}]/g, '')}` });
        }
    }
}
