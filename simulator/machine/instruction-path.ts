// Where a privileged, sensitive or revealing instruction goes under each technique: the one
// decision the machine acts on (sensitive.ts) and the Disassembly view writes beside the
// instruction (debugger/machine-code/machine-path.ts), so the two cannot disagree. Pure: what
// the instruction then does (and costs) is the machine's.
import { CLS_PRIVILEGED, CLS_REVEALING, CLS_SENSITIVE, OP } from '../cpu/code.js';
import type { Technique } from '../model.js';

export type InstructionPath =
    /** runs on the real CPU as it is: hypervisor and host code, a native VM's kernel */
    | 'on-cpu'
    /** #GP: a privileged instruction in user mode */
    | 'user-fault'
    /** in / out: straight to the device if it is the VM's own (passthrough), else 'hypervisor' */
    | 'device'
    /** cli / sti of a paravirtualized kernel: a store to the event mask in the shared info page */
    | 'event-mask'
    /** cli / sti under VT-x (the guest's own flag) or binary translation (rewritten inline) */
    | 'inline-flag'
    /** lcr3 / invlpg under nested paging: the guest owns its page tables, no exit */
    | 'unintercepted'
    /** enters the hypervisor: a trap to its handler, a callout, a VM exit */
    | 'hypervisor'
    /** sensitive but unprivileged, no trap: runs against the machine's state (the real one unless VT-x gives the guest its own) */
    | 'no-trap'
    /** revealing, not intercepted: runs natively and shows the real machine */
    | 'reveals'
    /** not a sensitive instruction at all: #UD */
    | 'undefined';

/** What of the host decides: its technique, and whether the hardware walks the guest's page tables. */
export interface PathHost {
    technique: Technique;
    nestedPaging: boolean;
}

/**
 * The path of instruction (`cls`, `op`) run by `host`'s guest in user mode (`user`: a guest
 * program, not its kernel) or by hypervisor or host code (`aboveKernel`). No object is made:
 * the machine asks this for every sensitive instruction it steps.
 */
export function instructionPath(cls: number, op: number, host: PathHost, user: boolean, aboveKernel: boolean): InstructionPath {
    const technique = host.technique;
    if (aboveKernel || (technique === 'native' && !(user && cls === CLS_PRIVILEGED))) return 'on-cpu';
    if (cls === CLS_PRIVILEGED) return privilegedPath(op, host, user);
    if (cls === CLS_SENSITIVE) return !user && technique === 'binary' ? 'hypervisor' : 'no-trap';
    if (cls === CLS_REVEALING) return technique === 'hardware' || (!user && technique === 'binary') ? 'hypervisor' : 'reveals';
    return 'undefined';
}

function privilegedPath(op: number, host: PathHost, user: boolean): InstructionPath {
    if (user) return 'user-fault';
    if (op === OP.out || op === OP.in) return 'device';
    const masksInterrupts = op === OP.cli || op === OP.sti;
    if (masksInterrupts && host.technique === 'para') return 'event-mask';
    if (masksInterrupts && (host.technique === 'hardware' || host.technique === 'binary')) return 'inline-flag';
    if (host.nestedPaging && (op === OP.lcr3 || op === OP.invlpg)) return 'unintercepted';
    return 'hypervisor';
}

/**
 * The paths as small numbers (`PATH[name]`), for the table the machine keeps per host: a trap
 * steps one sensitive instruction, and looking its path up costs less than deriving it (and
 * switching over strings) every time.
 */
export const PATH = {
    'on-cpu': 0, 'user-fault': 1, device: 2, 'event-mask': 3, 'inline-flag': 4, unintercepted: 5, hypervisor: 6,
    'no-trap': 7, reveals: 8, undefined: 9,
} as const satisfies Record<InstructionPath, number>;

/** A table slot not filled yet. */
const UNKNOWN = 255;
/** Opcodes are below this (cpu/opcodes.ts). */
const OPCODES = Math.max(...Object.values(OP)) + 1;

/** An empty path table for one host (`HostCode.paths`): filled as instructions first run. */
export function newPathTable(): Uint8Array {
    return new Uint8Array(OPCODES * 4).fill(UNKNOWN);
}

/**
 * `instructionPath` as its `PATH` number, through `host`'s table: the path depends only on the
 * opcode (its class is the opcode's), the mode and the host, so each is derived once.
 */
export function pathNumber(table: Uint8Array, cls: number, op: number, host: PathHost, user: boolean, aboveKernel: boolean): number {
    const slot = op * 4 + (user ? 2 : 0) + (aboveKernel ? 1 : 0);
    const known = table[slot];
    if (known !== UNKNOWN && known !== undefined) return known;
    const path = PATH[instructionPath(cls, op, host, user, aboveKernel)];
    // (an opcode past the table, which the compiler never makes, is derived every time)
    if (known !== undefined) table[slot] = path;
    return path;
}
