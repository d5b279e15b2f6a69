// Where an instruction is, as the Disassembly view needs it: a number (VS Code reads addresses
// as integers). Guest code is not in memory here (a program is a list of instructions, not
// bytes), so each compiled body gets its own range of CODE_SPAN addresses — the body with code
// id c starts at (c + 1) · 2^24 — and the instruction at pc is at that start + pc. The Variables
// view's `pc` stays the instruction index the language defines.

/** Addresses per body: more than any body can hold (16 MB of source). */
const CODE_SPAN = 2 ** 24;

export interface InstructionPlace {
    code: number;
    pc: number;
}

export function instructionAddress(place: InstructionPlace): number {
    return (place.code + 1) * CODE_SPAN + place.pc;
}

/** `0x1000003`. */
export function addressText(address: number): string {
    return `0x${address.toString(16).padStart(8, '0')}`;
}

/** The place an address names (pc may be outside the body: the caller checks). */
export function placeOf(address: number): InstructionPlace | undefined {
    if (!Number.isSafeInteger(address) || address < CODE_SPAN) return undefined;
    return { code: Math.floor(address / CODE_SPAN) - 1, pc: address % CODE_SPAN };
}

/** An instruction reference of a stack frame or a disassembled instruction: `0x01000003`. */
export function parseAddress(text: string): number | undefined {
    const t = text.trim();
    if (!/^(0[xX][0-9a-fA-F]{1,13}|[0-9]{1,16})$/.test(t)) return undefined;
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : undefined;
}
