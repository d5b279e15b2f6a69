// The session's machine-level requests, as a table the session dispatches to (session.ts stays a
// thin translation): the memory view (readMemory / writeMemory) over machine-code/memory.ts.
// Each handler turns DAP arguments into a runtime call and its answer into a response body; a
// refusal is thrown as a RefusedRequest and answered as an error (the session goes on).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { debuggerMessages as m } from './messages.js';
import { machineCodeMessages as mc } from './machine-code/messages.js';
import { addressText, instructionAddress } from './machine-code/instruction-address.js';
import { RefusedRequest, type DebugRuntime } from './runtime.js';

/** What the handlers need of the session. */
export interface MachineCodeContext {
    readonly runtime: DebugRuntime | undefined;
    /** The vCPU and frame index a frameId names (the stopped vCPU's top frame without one). */
    frameOf(frameId: number | undefined): { vcpu: number; frame: number };
    source(file: string): DebugProtocol.Source;
    sendEvent(event: DebugProtocol.Event): void;
    /** The client said it handles `memory` events (VS Code's memory view refreshes on them). */
    readonly clientMemoryEvents: boolean;
    /** The files launched (`program`, `files`). */
    readonly launchFiles: string[];
    /** A column of the client's (its `columnsStartAt1`) as a 0-based index, and back. */
    fromClientColumn(column: number): number;
    toClientColumn(index: number): number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (ctx: MachineCodeContext, args: any) => object | undefined;

function runtimeOf(ctx: MachineCodeContext): DebugRuntime {
    if (!ctx.runtime) throw new RefusedRequest(m.noSimulation());
    return ctx.runtime;
}

function answer<T extends object>(result: T | { error: string }): T {
    if ('error' in result) throw new RefusedRequest(result.error);
    return result;
}

function readMemory(ctx: MachineCodeContext, args: DebugProtocol.ReadMemoryArguments): DebugProtocol.ReadMemoryResponse['body'] {
    const read = answer(runtimeOf(ctx).readMemory(args.memoryReference, args.offset ?? 0, Math.max(0, args.count)));
    return { address: `0x${read.address.toString(16)}`, unreadableBytes: read.unreadable, data: toBase64(read.data) };
}

function writeMemory(ctx: MachineCodeContext, args: DebugProtocol.WriteMemoryArguments): DebugProtocol.WriteMemoryResponse['body'] {
    const bytes = fromBase64(args.data);
    const offset = args.offset ?? 0;
    const { written } = answer(runtimeOf(ctx).writeMemory(args.memoryReference, offset, bytes, args.allowPartial === true));
    if (ctx.clientMemoryEvents && written > 0) {
        const event: DebugProtocol.MemoryEvent = { seq: 0, type: 'event', event: 'memory', body: { memoryReference: args.memoryReference, offset, count: written } };
        ctx.sendEvent(event);
    }
    return { bytesWritten: written, offset };
}

/**
 * The Disassembly view: each row's instruction, then `⇒` and the JavaScript statement the fast
 * engine's translator made of it, or `⇢` and where it leaves translated code (a trap, a callout,
 * a VM exit, a syscall), so the handler it enters can be found in the unified command set.
 */
function disassemble(ctx: MachineCodeContext, args: DebugProtocol.DisassembleArguments): DebugProtocol.DisassembleResponse['body'] {
    const rows = answer(runtimeOf(ctx).disassemble(args.memoryReference, args.offset ?? 0, args.instructionOffset ?? 0, args.instructionCount));
    // one Source per file: a body's rows share it
    const sources = new Map<string, DebugProtocol.Source>();
    const source = (file: string): DebugProtocol.Source => sources.get(file) ?? sources.set(file, ctx.source(file)).get(file)!;
    return {
        instructions: rows.map((row) => {
            const shown: DebugProtocol.DisassembledInstruction = { address: addressText(row.address), instruction: row.instruction };
            if (row.invalid) shown.presentationHint = 'invalid';
            if (row.translation) shown.instruction += `    ${row.translated ? '⇒' : '⇢'} ${row.translation}`;
            if (row.symbol) shown.symbol = row.symbol;
            if (row.location) {
                shown.location = source(row.location.file);
                shown.line = row.location.line;
                shown.column = row.location.column;
            }
            return shown;
        }),
    };
}

function setInstructionBreakpoints(ctx: MachineCodeContext, args: DebugProtocol.SetInstructionBreakpointsArguments): DebugProtocol.SetInstructionBreakpointsResponse['body'] {
    if (!ctx.runtime) return { breakpoints: args.breakpoints.map(() => ({ verified: false, message: m.noSimulation() })) };
    const set = ctx.runtime.breakpoints.setInstructions(args.breakpoints);
    return {
        breakpoints: set.map((b) => {
            const bp: DebugProtocol.Breakpoint = { id: b.id, verified: b.verified };
            if (b.verified) bp.instructionReference = addressText(instructionAddress(b));
            if (b.location) {
                bp.source = ctx.source(b.location.file);
                bp.line = b.location.line;
            }
            if (b.message) bp.message = b.message;
            return bp;
        }),
    };
}

/** The Debug Console: registers, figures and the memory syntax of the expression language. */
function completions(ctx: MachineCodeContext, args: DebugProtocol.CompletionsArguments): DebugProtocol.CompletionsResponse['body'] {
    if (!ctx.runtime) return { targets: [] };
    const { vcpu, frame } = ctx.frameOf(args.frameId);
    // the Debug Console sends the line being typed; a multi-line input: the last line
    const text = args.text.split('\n').pop() ?? '';
    return {
        targets: ctx.runtime.completions(vcpu, frame, text, ctx.fromClientColumn(args.column)).map((c) => ({
            label: c.label, text: c.text ?? c.label, type: c.kind, start: ctx.toClientColumn(c.start), length: c.length, ...(c.detail ? { detail: c.detail } : {}),
        })),
    };
}

/** The user's files, then the standard library files whose code runs (handlers, OSes). */
function loadedSources(ctx: MachineCodeContext): DebugProtocol.LoadedSourcesResponse['body'] {
    const files = [...new Set([...ctx.launchFiles, ...(ctx.runtime?.codeFiles() ?? [])])];
    return { sources: files.map((file) => ctx.source(file)) };
}

/** At a syscall: step in to its kernel, or on into the hypervisor's handler where the kernel traps. */
function stepInTargets(ctx: MachineCodeContext, args: DebugProtocol.StepInTargetsArguments): DebugProtocol.StepInTargetsResponse['body'] {
    const { vcpu, frame } = ctx.frameOf(args.frameId);
    // only the top frame has a next instruction to step into
    const targets = ctx.runtime && frame === 0 ? ctx.runtime.stepInTargets(vcpu) : [];
    return { targets: targets.map((t) => ({ id: t.id, label: t.label })) };
}

/** The machine-level requests by DAP command. */
export const MACHINE_CODE_REQUESTS: Readonly<Record<string, Handler>> = {
    readMemory, writeMemory, disassemble, setInstructionBreakpoints, completions, loadedSources, stepInTargets,
};

/** Capabilities these requests give (`initialize`). */
export const MACHINE_CODE_CAPABILITIES: DebugProtocol.Capabilities = {
    supportsReadMemoryRequest: true,
    supportsWriteMemoryRequest: true,
    supportsDisassembleRequest: true,
    supportsInstructionBreakpoints: true,
    // every granularity steps one instruction: in this language an instruction is a statement
    supportsSteppingGranularity: true,
    supportsCompletionsRequest: true,
    completionTriggerCharacters: ['.', '['],
    supportsLoadedSourcesRequest: true,
    supportsStepInTargetsRequest: true,
};

/** Base64 without Node's Buffer: the session also runs in VS Code for the Web. */
function toBase64(bytes: Uint8Array): string {
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
}

function fromBase64(data: string): Uint8Array {
    let text: string;
    try {
        text = atob(data);
    } catch {
        throw new RefusedRequest(mc.notBase64());
    }
    return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
