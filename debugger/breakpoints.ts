// The debugger's breakpoints over the engine's per-line instruction flags: line breakpoints
// (moved to the nearest line that holds an instruction), function breakpoints on a handler,
// syscall, host driver or program name (a flag on its first instruction), and conditions in
// the safe expression language of expression.ts. The engine stops before any flagged
// instruction; `match` then says which breakpoints that is and whether a condition holds.
import * as nodePath from 'node:path';
import type { Simulation } from '../simulator/engine.js';
import type { Code } from '../simulator/cpu/code.js';
import type { SourceLocation } from '../simulator/result.js';
import { frameLabel } from './describe.js';
import { Expression, ExpressionError, isTrue, type Resolver } from './expression.js';
import { debuggerMessages as m } from './messages.js';
import { addressText, instructionAddress, parseAddress, placeOf } from './machine-code/instruction-address.js';
import { machineCodeMessages as mc } from './machine-code/messages.js';

export interface BreakpointRequest {
    line: number;
    condition?: string;
}

export interface LineBreakpoint {
    id: number;
    file: string;
    requestedLine: number;
    /** The line it was moved to (an instruction line), when verified. */
    line: number;
    verified: boolean;
    message?: string;
    condition?: Expression;
}

export interface FunctionBreakpoint {
    id: number;
    name: string;
    verified: boolean;
    message?: string;
    condition?: Expression;
    /** Codes whose first instruction it flags. */
    codes: Set<number>;
    /** Where the first matched code starts (reported to the client). */
    file?: string;
    line?: number;
}

/** A breakpoint on one instruction (the Disassembly view's), by its address (machine-code/instruction-address.ts). */
export interface InstructionBreakpoint {
    id: number;
    /** The reference and offset it was requested with (a restart sets it again from these). */
    reference: string;
    offset: number;
    verified: boolean;
    message?: string;
    condition?: Expression;
    code: number;
    pc: number;
    location?: SourceLocation;
}

export interface Hit {
    kind: 'line' | 'function' | 'instruction';
    ids: number[];
    /** `breakpoint at countdown (hello.vmdef:24)` / `function breakpoint io_out`. */
    names: string[];
    /** A condition that could not be evaluated (the breakpoint stops, and says why). */
    error?: string;
}

export function normalizePath(file: string): string {
    return nodePath.resolve(file);
}

/** Does a function-breakpoint name denote this code? `io_out` matches `full.io_out`, `write` matches `linux.write`. */
function namesCode(name: string, code: Code): boolean {
    if (code.instrs.length === 0) return false;
    if (code.name === name) return true;
    const dot = code.name.lastIndexOf('.');
    return dot >= 0 && code.name.slice(dot + 1) === name;
}

function parseCondition(text: string | undefined): { condition?: Expression; message?: string } {
    if (text === undefined || text.trim() === '') return {};
    try {
        return { condition: Expression.parse(text) };
    } catch (e) {
        if (e instanceof ExpressionError) return { message: m.conditionAtColumn(e.message, e.column) };
        throw e;
    }
}

export class Breakpoints {
    private nextId = 1;
    private readonly lines = new Map<string, LineBreakpoint[]>();
    private functions: FunctionBreakpoint[] = [];
    private instructions: InstructionBreakpoint[] = [];
    /** Files whose engine flags this table has set (to clear them again). */
    private readonly flaggedFiles = new Set<string>();
    private instructionLinesCache = new Map<string, number[]>();

    constructor(private readonly sim: Simulation) {}

    /** A restarted session keeps its breakpoints: sets `previous`'s requests on this table's simulation. */
    adopt(previous: Breakpoints): void {
        for (const [file, list] of previous.lines) this.setLines(file, list.map((b) => ({ line: b.requestedLine, condition: b.condition?.text })));
        this.setFunctions(previous.functions.map((f) => ({ name: f.name, condition: f.condition?.text })));
        this.setInstructions(previous.instructions.map((b) => ({ instructionReference: b.reference, offset: b.offset, condition: b.condition?.text })));
    }

    get any(): boolean {
        return this.flaggedFiles.size > 0 || this.instructions.some((b) => b.verified);
    }

    /** Replaces all instruction breakpoints: each on the instruction at its reference + offset. */
    setInstructions(requests: { instructionReference: string; offset?: number; condition?: string }[]): InstructionBreakpoint[] {
        this.instructions = requests.map((r) => {
            const { condition, message } = parseCondition(r.condition);
            const offset = r.offset ?? 0;
            const address = parseAddress(r.instructionReference);
            const place = address !== undefined ? placeOf(address + offset) : undefined;
            const ins = place && this.sim.codes[place.code]?.instrs[place.pc];
            const bp: InstructionBreakpoint = {
                id: this.nextId++, reference: r.instructionReference, offset, verified: ins !== undefined && !message, condition,
                code: place?.code ?? -1, pc: place?.pc ?? -1, ...(ins ? { location: ins.loc } : {}),
            };
            if (message) bp.message = message;
            else if (!ins) bp.message = mc.noInstructionThere(r.instructionReference);
            return bp;
        });
        this.sim.setInstructionBreakpoints(this.instructions.filter((b) => b.verified).map((b) => ({ code: b.code, pc: b.pc })));
        return this.instructions;
    }

    /** Sorted lines of `file` that hold an instruction of some compiled body. */
    instructionLines(file: string): number[] {
        const key = normalizePath(file);
        let cached = this.instructionLinesCache.get(key);
        if (!cached) {
            const set = new Set<number>();
            for (const code of this.sim.codes) {
                if (normalizePath(code.file) !== key) continue;
                for (const ins of code.instrs) set.add(ins.loc.line);
            }
            cached = [...set].sort((a, b) => a - b);
            this.instructionLinesCache.set(key, cached);
        }
        return cached;
    }

    /** The instruction line at or after `line`, else the last one before it. */
    private nearestLine(file: string, line: number): number | undefined {
        const lines = this.instructionLines(file);
        return lines.find((l) => l >= line) ?? lines[lines.length - 1];
    }

    /** Replaces the line breakpoints of one file. */
    setLines(file: string, requests: BreakpointRequest[]): LineBreakpoint[] {
        const key = normalizePath(file);
        const result = requests.map((r): LineBreakpoint => {
            const { condition, message } = parseCondition(r.condition);
            const line = this.nearestLine(key, r.line);
            const bp: LineBreakpoint = { id: this.nextId++, file: key, requestedLine: r.line, line: line ?? r.line, verified: line !== undefined && !message, condition };
            if (message) bp.message = message;
            else if (line === undefined) bp.message = m.noBreakpointLine();
            return bp;
        });
        if (result.length > 0) this.lines.set(key, result);
        else this.lines.delete(key);
        this.apply();
        return result;
    }

    /** Replaces all function breakpoints. */
    setFunctions(requests: { name: string; condition?: string }[]): FunctionBreakpoint[] {
        this.functions = requests.map((r) => {
            const { condition, message } = parseCondition(r.condition);
            const codes = this.sim.codes.filter((c) => namesCode(r.name, c));
            const bp: FunctionBreakpoint = { id: this.nextId++, name: r.name, verified: codes.length > 0 && !message, condition, codes: new Set(codes.map((c) => c.id)) };
            if (codes.length > 0) {
                bp.file = codes[0].instrs[0].loc.file;
                bp.line = codes[0].instrs[0].loc.line;
            }
            if (message) bp.message = message;
            else if (codes.length === 0) bp.message = m.noFunction(r.name);
            return bp;
        });
        this.apply();
        return this.functions;
    }

    /** Pushes the union of line and function breakpoint lines into the engine, per file. */
    private apply(): void {
        const perFile = new Map<string, Set<number>>();
        const add = (file: string, line: number) => {
            const key = normalizePath(file);
            let set = perFile.get(key);
            if (!set) perFile.set(key, (set = new Set()));
            set.add(line);
        };
        for (const list of this.lines.values()) for (const b of list) if (b.verified) add(b.file, b.line);
        for (const f of this.functions) {
            if (!f.verified) continue;
            for (const code of this.sim.codes) if (f.codes.has(code.id)) add(code.instrs[0].loc.file, code.instrs[0].loc.line);
        }
        // the engine matches SourceLocation.file exactly: use the codes' own spelling of each path
        const spelling = new Map<string, string>();
        for (const code of this.sim.codes) spelling.set(normalizePath(code.file), code.file);
        for (const file of this.flaggedFiles) if (!perFile.has(file)) this.sim.setBreakpoints(spelling.get(file) ?? file, []);
        this.flaggedFiles.clear();
        for (const [file, set] of perFile) {
            this.sim.setBreakpoints(spelling.get(file) ?? file, [...set]);
            this.flaggedFiles.add(file);
        }
    }

    /**
     * The vCPU is stopped before a flagged instruction: which breakpoints are those, and does
     * one of them (condition true or absent) want to stop? Undefined: none does, go on.
     */
    match(vcpuId: number, resolve: Resolver): Hit | undefined {
        const v = this.sim.state.vcpus[vcpuId];
        const f = v?.frames[v.frames.length - 1];
        const ins = f?.code?.instrs[f.pc];
        if (!f || !ins) return undefined;
        const hit: Hit = { kind: 'line', ids: [], names: [] };
        const check = (condition: Expression | undefined): boolean => {
            if (!condition) return true;
            try {
                return isTrue(condition.evaluate(resolve));
            } catch (e) {
                hit.error = m.conditionFailed(condition.text, (e as Error).message);
                return true;
            }
        };
        for (const b of this.lines.get(normalizePath(ins.loc.file)) ?? []) {
            if (b.verified && b.line === ins.loc.line && check(b.condition)) {
                hit.ids.push(b.id);
                hit.names.push(m.lineBreakpointHit(frameLabel(f.name), b.line, b.condition ? ` (${b.condition.text})` : ''));
            }
        }
        if (f.pc === 0 && f.code) {
            for (const b of this.functions) {
                if (b.verified && b.codes.has(f.code.id) && check(b.condition)) {
                    if (hit.ids.length === 0) hit.kind = 'function';
                    hit.ids.push(b.id);
                    hit.names.push(m.functionBreakpointHit(b.name, b.condition ? ` (${b.condition.text})` : '', frameLabel(f.name)));
                }
            }
        }
        for (const b of this.instructions) {
            if (b.verified && b.code === f.code?.id && b.pc === f.pc && check(b.condition)) {
                if (hit.ids.length === 0) hit.kind = 'instruction';
                hit.ids.push(b.id);
                hit.names.push(mc.instructionBreakpointHit(addressText(instructionAddress(b)), frameLabel(f.name), b.condition ? ` (${b.condition.text})` : ''));
            }
        }
        return hit.ids.length > 0 ? hit : undefined;
    }
}
