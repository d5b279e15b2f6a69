// The Disassembly view's rows: the guest code around an instruction, each row with what the
// fast engine's binary translator (simulator/fast/) makes of it — the JavaScript statement of its
// translated block, or, for an instruction the machine steps, where it leaves translated code
// (a syscall, a trap to the monitor's handler, a callout, a VM exit; machine-path.ts). Rows are
// computed on request from the immutable compiled code: nothing here changes the simulation.
import { blockMap } from '../../simulator/fast/blocks.js';
import { regionListing } from '../../simulator/fast/translate.js';
import type { Code } from '../../simulator/cpu/code.js';
import type { Simulation } from '../../simulator/engine.js';
import type { SourceLocation } from '../../simulator/result.js';
import { instructionAddress, parseAddress, placeOf } from './instruction-address.js';
import { instructionText, type OperandNames } from '../../simulator/cpu/instruction-text.js';
import { machinePath } from './machine-path.js';
import { machineCodeMessages as m } from './messages.js';

/** The most rows one request answers (VS Code asks for a screenful at a time). */
export const MAX_ROWS = 10_000;

export interface DisassembledRow {
    address: number;
    /** `add r1, 2`; empty for a row outside the body. */
    instruction: string;
    /** The statement the translator made of it (`translated`), or where it leaves translated code. */
    translation?: string;
    translated?: boolean;
    /** The body's name on its first instruction (`countdown`, `full.io_out`). */
    symbol?: string;
    location?: SourceLocation;
    /** No instruction there (before the body's start or past its end). */
    invalid?: boolean;
}

export class Disassembler {
    constructor(private readonly sim: Simulation) {}

    /**
     * `count` rows starting `instructionOffset` instructions after the one at `reference` +
     * `offset` (one address per instruction). Rows outside the body are there, marked invalid,
     * so the view gets as many rows as it asked for.
     */
    disassemble(reference: string, offset: number, instructionOffset: number, count: number): DisassembledRow[] | { error: string } {
        const address = parseAddress(reference);
        const place = address !== undefined ? placeOf(address + offset) : undefined;
        const code = place ? this.sim.codes[place.code] : undefined;
        if (!place || !code) return { error: m.notInstructionReference(reference) };
        const first = place.pc + instructionOffset;
        const rows = Math.max(0, Math.min(count, MAX_ROWS));
        const lo = Math.max(0, first);
        const hi = Math.min(code.instrs.length, first + rows);
        const statements = lo < hi ? translatedStatements(code, lo, hi) : new Map<number, string>();
        const names = this.names(code);
        const out: DisassembledRow[] = [];
        for (let pc = first; pc < first + rows; pc++) {
            const ins = code.instrs[pc];
            const at = instructionAddress({ code: code.id, pc: Math.max(0, pc) }) + Math.min(0, pc);
            if (!ins) {
                out.push({ address: at, instruction: '', invalid: true });
                continue;
            }
            const statement = statements.get(pc);
            const row: DisassembledRow = {
                address: at, instruction: instructionText(ins, code, names), location: ins.loc,
                translation: statement ?? machinePath(this.sim, code, ins), translated: statement !== undefined,
            };
            if (pc === 0) row.symbol = code.name;
            out.push(row);
        }
        return out;
    }

    private names(code: Code): OperandNames {
        const host = code.host !== undefined ? this.sim.machine.hosts[code.host] : undefined;
        return { strings: this.sim.strings.strings, devices: host?.model.devices ?? [] };
    }
}

/**
 * The statement of each translated instruction in pcs [lo, hi): the regions the fast engine
 * would translate there, entered at each block start not yet covered (as it does, lazily).
 */
function translatedStatements(code: Code, lo: number, hi: number): Map<number, string> {
    const map = blockMap(code);
    const statements = new Map<number, string>();
    let s = lo;
    while (s > 0 && !map.start[s]) s--;
    for (; s < hi; s = map.next[s]) {
        if (!map.fast[s] || statements.has(s)) continue;
        for (const [pc, text] of regionListing(code, map, s, false).statements) statements.set(pc, text);
    }
    return statements;
}
