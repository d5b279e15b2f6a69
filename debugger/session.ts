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
    Breakpoint, DebugSession, ErrorDestination, ExitedEvent, Handles, InitializedEvent, InvalidatedEvent, OutputEvent, Scope, Source,
    StackFrame, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isStdlibUri, stdlibDirectory } from '../language/stdlib.js';
import { localeOf, setLocale } from '../l10n/locale.js';
import { argumentProblem } from './dap-arguments.js';
import { addressText } from './machine-code/instruction-address.js';
import { MACHINE_CODE_CAPABILITIES, MACHINE_CODE_REQUESTS, type MachineCodeContext } from './session-machine-code.js';
import { typeOf } from './evaluate.js';
import { SCOPES, scopeLabel, type ScopeName, type VarNode } from './inspect.js';
import { debuggerMessages as m } from './messages.js';
import { nativeComparison } from './native-comparison.js';
import {
    DebugRuntime, EXCEPTION_FILTERS, LaunchError, launchFiles, loadSimulation, RefusedRequest,
    type LaunchOptions, type Outcome, type SourceReader, type StopInfo,
} from './runtime.js';
import type { VmdefLaunchArguments } from './launch-arguments.js';

export type { VmdefLaunchArguments } from './launch-arguments.js';

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
    /** The client refreshes views on an `invalidated` event (VS Code does), its memory view on a `memory` event. */
    private clientInvalidates = false;
    private clientMemoryEvents = false;

    /**
     * `readFile`: how launched files are read (the adapter's is read-source.ts: io/source-files.ts's
     * checks). `followClientLocale`: the `locale` of `initialize` sets the language of this
     * process's messages -- the stand-alone adapter's own process; inline in the extension host
     * the extension sets it from VS Code's display language instead (extension/debug.ts).
     */
    constructor(private readonly readFile: SourceReader, private readonly followClientLocale = true) {
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
        this.clientMemoryEvents = args?.supportsMemoryEvent === true;
        // before anything is written: the exception filters below are the first words the client shows
        if (this.followClientLocale) setLocale(localeOf(args?.locale));
        response.body = {
            supportsConfigurationDoneRequest: true,
            supportsFunctionBreakpoints: true,
            supportsConditionalBreakpoints: true,
            supportsEvaluateForHovers: true,
            supportsStepBack: true,
            // a handler frame runs again from its start (time travel back to its entry)
            supportsRestartFrame: true,
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
            ...MACHINE_CODE_CAPABILITIES,
            exceptionBreakpointFilters: EXCEPTION_FILTERS.map((f) => ({ filter: f.filter, label: f.label(), description: f.description(), default: f.default })),
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
            const problem = argumentProblem('launch', args);
            if (problem) throw new LaunchError(m.launchProblem(problem));
            if (typeof args.program !== 'string' || args.program === '') throw new LaunchError(m.launchNeedsProgram());
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
        const sim = await loadSimulation(options, this.readFile);
        // before the runtime is replaced: a launch it refuses leaves the session as it was
        const comparison = nativeComparison(args, sim);
        const previous = this.runtime;
        this.runtime = new DebugRuntime(sim, {
            console: (text) => this.sendEvent(new OutputEvent(text, 'stdout')),
            info: (text) => this.sendEvent(new OutputEvent(text, 'console')),
        }, args.trace === true);
        // a restart keeps breakpoints, data breakpoints and filters
        if (previous) this.runtime.adopt(previous);
        if (this.pendingFilters) this.runtime.setExceptionFilters(this.pendingFilters);
        this.runtime.comparison = comparison;
        this.ended = false;
    }

    private async afterLaunch(args: VmdefLaunchArguments): Promise<void> {
        if (!this.runtime) return;
        const rt = this.runtime;
        const files = launchFiles(args);
        const others = files.length > 1 ? m.debuggingWith(files.slice(1).map((f) => nodePath.basename(f)).join(', ')) : '';
        this.sendEvent(new OutputEvent(`${m.debugging(nodePath.basename(args.program), others, rt.machineSummary)}\n`, 'console'));
        if (args.stopOnEntry && rt.hasWork) await this.drive(() => rt.entry());
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
        const launch = (args?.arguments as VmdefLaunchArguments | undefined) ?? this.launchArgs;
        if (!launch) {
            this.sendErrorResponse(response, { id: 1002, format: m.nothingToRestart() });
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
            if (response) this.sendErrorResponse(response, { id: 1003, format: m.sessionEnded() });
            return;
        }
        if (rt.isRunning) {
            if (response) this.sendErrorResponse(response, { id: 1004, format: m.simulationRunning() });
            return;
        }
        this.variables.reset();
        let outcome: Promise<Outcome>;
        try {
            outcome = operation();
        } catch (e) {
            // a bad request (no thread, unknown thread, an idle vCPU): answer it, the session stays as it was
            const message = e instanceof RefusedRequest ? e.message : `vmdef debugger: ${(e as Error).message}`;
            if (response) this.sendErrorResponse(response, { id: 1005, format: plain(message), showUser: e instanceof RefusedRequest });
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
        const count = this.runtime?.vcpuCount ?? 0;
        if (typeof id !== 'number' || id < 1 || id > count) throw new Error(m.noThread(String(id ?? m.threadIdMissing()), count));
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
        void this.drive(() => this.runtime!.stepIn(this.vcpuOf(args), args.targetId), response);
    }

    protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
        void this.drive(() => this.runtime!.stepOut(this.vcpuOf(args)), response);
    }

    protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
        void this.drive(() => this.runtime!.stepBack(this.vcpuOf(args)), response);
    }

    protected override restartFrameRequest(response: DebugProtocol.RestartFrameResponse, args: DebugProtocol.RestartFrameArguments): void {
        const { vcpu, frame } = this.frameOf(args.frameId);
        void this.drive(() => this.runtime!.restartFrame(vcpu, frame), response);
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
            response.body = { breakpoints: requests.map(() => ({ verified: false, message: m.noSimulation() })) };
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
            response.body = { breakpoints: args.breakpoints.map(() => ({ verified: false, message: m.noSimulation() })) };
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
     * scope, or an expression naming one), or a memory word -- an expression `[a]` (a watch
     * expression, the Debug Console) or an address (`asAddress`, at most the 4 bytes of one word).
     */
    protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
        const rt = this.runtime;
        let target: { dataId: string; description: string } | { error: string };
        if (!rt) target = { error: m.noSimulation() };
        else if (args.variablesReference !== undefined) {
            const ref = this.variables.get(args.variablesReference);
            target = ref?.kind === 'scope' && ref.scope === 'Registers'
                ? rt.watchRegister(ref.vcpu, ref.frame, args.name)
                : { error: m.watchable() };
        } else {
            const { vcpu, frame } = this.frameOf(args.frameId);
            // an address without a frame is in the guest memory of the VM stopped in
            target = rt.watchTarget(vcpu, frame, args.name, { asAddress: args.asAddress, bytes: args.bytes, inGuestMemory: args.frameId === undefined });
        }
        response.body = 'error' in target
            ? { dataId: null, description: target.error }
            : { dataId: target.dataId, description: target.description, accessTypes: ['write'], canPersist: false };
        this.sendResponse(response);
    }

    protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
        const breakpoints = args.breakpoints ?? [];
        const rt = this.runtime;
        if (!rt) {
            response.body = { breakpoints: breakpoints.map(() => ({ verified: false, message: m.noSimulation() })) };
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
                : { verified: false, message: m.onlyWrites(String(b.accessType)) })),
        };
        this.sendResponse(response);
    }

    protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, _args: DebugProtocol.ExceptionInfoArguments): void {
        const ex = this.lastStop?.exception;
        response.body = {
            exceptionId: ex?.id ?? 'none',
            description: ex?.description ?? this.lastStop?.description ?? '',
            breakMode: 'always',
            details: ex ? { message: ex.description, typeName: EXCEPTION_FILTERS.find((f) => f.filter === ex.id)?.label() } : undefined,
        };
        this.sendResponse(response);
    }

    // ------------------------------------------------------------------ threads, frames, variables

    protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
        const vcpus = this.runtime?.threads() ?? [];
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
            s.origin = m.standardLibrary();
        }
        return s;
    }

    protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
        const vcpu = args.threadId - 1;
        const frames = this.runtime?.frames(vcpu) ?? [];
        const start = args.startFrame ?? 0;
        const count = args.levels && args.levels > 0 ? args.levels : frames.length;
        response.body = {
            stackFrames: frames.slice(start, start + count).map((f, i) => {
                const frame: DebugProtocol.StackFrame = new StackFrame(vcpu * FRAMES_PER_VCPU + start + i + 1, f.name);
                if (f.location) {
                    frame.source = this.source(f.location.file);
                    frame.line = f.location.line;
                    frame.column = f.location.column;
                } else {
                    frame.line = 0;
                    frame.column = 0;
                }
                // an idle vCPU's line saying so: no frame to select
                if (f.label) frame.presentationHint = 'label';
                if (f.instruction !== undefined) frame.instructionPointerReference = addressText(f.instruction);
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
                const s: DebugProtocol.Scope = new Scope(scopeLabel(scope), this.variables.create({ kind: 'scope', scope, vcpu, frame }), scope !== 'Registers');
                if (scope === 'Registers') s.presentationHint = 'registers';
                return s;
            }),
        };
        const native = frame === 0 ? this.runtime?.comparison?.nativeScope(vcpu) : undefined;
        if (native) response.body.scopes.push(new Scope(m.scopeNative(), this.variables.create({ kind: 'node', node: { name: 'Native', value: '', children: native } }), false));
        this.sendResponse(response);
    }

    private toVariable(node: VarNode): DebugProtocol.Variable {
        const v: DebugProtocol.Variable = {
            name: node.name,
            value: node.display ?? String(node.value),
            type: typeOf(node.value),
            variablesReference: node.children ? this.variables.create({ kind: 'node', node }) : 0,
        };
        if (node.evaluateName) v.evaluateName = node.evaluateName;
        if (node.memoryReference) v.memoryReference = node.memoryReference;
        if (!node.editable) v.presentationHint = { attributes: ['readOnly'] };
        return v;
    }

    protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
        const ref = this.variables.get(args.variablesReference);
        const rt = this.runtime;
        let nodes: VarNode[] = [];
        if (ref && rt) nodes = ref.kind === 'scope' ? rt.variables(ref.scope, ref.vcpu, ref.frame) : (ref.node.children ?? []);
        response.body = { variables: nodes.map((n) => this.toVariable(n)) };
        this.sendResponse(response);
    }

    protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
        const ref = this.variables.get(args.variablesReference);
        const rt = this.runtime;
        if (!rt || !ref || ref.kind !== 'scope' || ref.scope !== 'Registers') {
            this.sendErrorResponse(response, { id: 1010, format: m.onlyRegistersChange() });
            return;
        }
        const result = rt.setRegister(ref.vcpu, ref.frame, args.name, args.value);
        if ('error' in result) {
            this.sendErrorResponse(response, { id: 1012, format: plain(result.error) });
            return;
        }
        response.body = { value: String(result.value) };
        this.sendResponse(response);
    }

    /**
     * The Watch view's edit: assigns to what an expression names -- a register, `pc` or a flag of
     * the frame, or a memory word `[a]` as evaluate reads it.
     */
    protected override setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): void {
        const rt = this.runtime;
        const { vcpu, frame } = this.frameOf(args.frameId);
        const result = rt ? rt.setExpression(vcpu, frame, args.expression, args.value) : { error: m.noSimulation() };
        if ('error' in result) {
            this.sendErrorResponse(response, { id: 1030, format: plain(result.error), showUser: true });
            return;
        }
        response.body = { value: String(result.value), type: typeOf(result.value), variablesReference: 0 };
        this.sendResponse(response);
        // the Variables view shows the frame the edit changed: have it fetched again
        if (this.clientInvalidates) this.sendEvent(new InvalidatedEvent(['variables'], vcpu + 1, args.frameId));
    }

    protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
        const { vcpu, frame } = this.frameOf(args.frameId);
        const result = this.runtime ? this.runtime.evaluate(vcpu, frame, args.expression) : { error: m.noSimulation() };
        if ('error' in result) {
            this.sendErrorResponse(response, { id: 1021, format: plain(result.error), showUser: args.context === 'repl' });
            return;
        }
        // a group (`exits`, `vm.cycles`) is shown expandable
        const variablesReference = result.node ? this.variables.create({ kind: 'node', node: result.node }) : 0;
        response.body = { result: result.text, type: result.type, variablesReference, ...(result.memoryReference ? { memoryReference: result.memoryReference } : {}) };
        this.sendResponse(response);
    }

    /**
     * Arguments of the wrong type are refused before any handler sees them; any failure inside
     * a handler answers that request with an error instead of leaving the client waiting.
     */
    protected override dispatchRequest(request: DebugProtocol.Request): void {
        // launch checks its own arguments: a bad launch ends the session (failLaunch)
        const problem = request.command === 'launch' ? undefined : argumentProblem(request.command, request.arguments);
        if (problem) {
            const response: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: false };
            this.sendErrorResponse(response, { id: 1098, format: plain(`vmdef debugger: ${request.command}: ${problem}`) });
            return;
        }
        const machineCode = Object.hasOwn(MACHINE_CODE_REQUESTS, request.command) ? MACHINE_CODE_REQUESTS[request.command] : undefined;
        if (machineCode) this.answer(request, () => machineCode(this.machineCodeContext, request.arguments ?? {}));
        else super.dispatchRequest(request);
    }

    private get machineCodeContext(): MachineCodeContext {
        return {
            runtime: this.runtime, clientMemoryEvents: this.clientMemoryEvents, launchFiles: this.launchArgs && this.runtime ? launchFiles(this.launchArgs) : [],
            frameOf: (frameId) => this.frameOf(frameId), source: (file) => this.source(file), sendEvent: (event) => this.sendEvent(event),
            fromClientColumn: (column) => this.convertClientColumnToDebugger(column) - 1, toClientColumn: (index) => this.convertDebuggerColumnToClient(index + 1),
        };
    }

    /** Answers a request with what `body` gives, or with the refusal it throws. */
    private answer(request: DebugProtocol.Request, body: () => object | undefined): void {
        const response: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: true };
        try {
            response.body = body();
            this.sendResponse(response);
        } catch (e) {
            const message = e instanceof RefusedRequest ? e.message : `vmdef debugger: ${(e as Error).message}`;
            this.sendErrorResponse(response, { id: 1040, format: plain(message), showUser: e instanceof RefusedRequest });
        }
    }

    /**
     * DebugSession answers an exception in a handler with its stack trace as the message
     * (`{_stack}`): the user gets the error's message instead, never a stack.
     */
    override sendErrorResponse(response: DebugProtocol.Response, codeOrMessage: number | DebugProtocol.Message, format?: string, variables?: Record<string, string>, dest?: ErrorDestination): void {
        if (typeof codeOrMessage === 'number' && format === '{_stack}') {
            super.sendErrorResponse(response, { id: codeOrMessage, format: plain(`vmdef debugger: ${variables?._exception ?? m.internalError()}`) });
            return;
        }
        super.sendErrorResponse(response, codeOrMessage as number, format, variables, dest);
    }
}

/** A message as DAP's `format`, where `{name}` is a placeholder: braces of user text are dropped. */
function plain(message: string): string {
    return message.replace(/[{}]/g, '');
}
