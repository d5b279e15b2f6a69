// The session's machine-level requests, as a table the session dispatches to (session.ts stays a
// thin translation): the memory view (readMemory / writeMemory) over machine-code/memory.ts.
// Each handler turns DAP arguments into a runtime call and its answer into a response body; a
// refusal is thrown as a RefusedRequest and answered as an error (the session goes on).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { debuggerMessages as m } from './messages.js';
import { machineCodeMessages as mc } from './machine-code/messages.js';
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

/** The machine-level requests by DAP command. */
export const MACHINE_CODE_REQUESTS: Readonly<Record<string, Handler>> = { readMemory, writeMemory };

/** Capabilities these requests give (`initialize`). */
export const MACHINE_CODE_CAPABILITIES: DebugProtocol.Capabilities = {
    supportsReadMemoryRequest: true,
    supportsWriteMemoryRequest: true,
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
