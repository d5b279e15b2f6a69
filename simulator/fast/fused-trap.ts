// The commonest trap, done in one go: `cli` / `sti` in a guest kernel under trap-and-emulate
// (`full`: a paravirtualized kernel's are stores, machine/event-mask.ts) whose monitor handler
// is the one command `hw set_if(constant)` — the standard library's `disable_interrupts` / `enable_interrupts`.
// `Machine.step` takes three steps for it (the trap into a new handler frame, the `hw`
// instruction into a new hardware frame, the command and both returns); this applies their
// combined effect without building the frames, which nothing can observe when no transition
// listener, no breakpoint and no chunk / budget boundary falls between those steps — the
// executor checks that before calling. Any other handler (user code, several commands, a
// parameter) is left to the machine.
import { EXIT_REASON } from '../../language/isa.js';
import { HW, K, OP } from '../cpu/code.js';
import type { HostCode } from '../machine.js';
import { oneCommand } from '../machine/fused-handler.js';

/** What a fused trap does to the vCPU, precomputed per host and opcode. */
export interface FusedTrap {
    /** The exit reason it counts (`irq`). */
    reason: string;
    /** The value `hw set_if` gives the virtual interrupt flag. */
    iflag: boolean;
    /** Cycles charged to the hypervisor: the trap and the handler's one instruction. */
    trapCycles: number;
    handlerCycles: number;
}

/** Steps `Machine.step` takes for it (trap, `hw` instruction, hardware command). */
export const FUSED_TRAP_STEPS = 3;

/** The opcodes a trap may be fused for. */
export const FUSABLE_OPS: readonly number[] = [OP.cli, OP.sti];
/** Size of the by-opcode tables (opcodes are below it). */
export const OPCODE_TABLE = 64;

function analyse(host: HostCode, op: number): FusedTrap | null {
    if (!FUSABLE_OPS.includes(op)) return null;
    if (host.technique !== 'full') return null;
    const hw = oneCommand(host.trapHandler[op], HW.set_if);
    if (hw === undefined || hw.argk.length !== 1 || hw.argk[0] !== K.imm) return null;
    const costs = host.costs;
    if (!Number.isSafeInteger(costs.trap) || !Number.isSafeInteger(costs.instruction)) return null;
    return {
        reason: EXIT_REASON[op === OP.cli ? 'cli' : 'sti'],
        iflag: hw.argv[0] !== 0,
        trapCycles: costs.trap,
        handlerCycles: costs.instruction,
    };
}

/** What a host's traps fuse into, by opcode (computed once per host). */
export interface HostFusion {
    /** The fused form of each opcode's trap, or null where the machine must step it. */
    traps: (FusedTrap | null)[];
    /** The interrupt flag each fused trap sets (0 / 1), or −1: what a region reads (translate.ts, `FZ`). */
    flags: Int32Array;
    /** The opcodes that have a fused form on this host (the executor accounts a region's traps by these). */
    ops: readonly number[];
}

const fusions = new WeakMap<HostCode, HostFusion>();

export function hostFusion(host: HostCode): HostFusion {
    let fusion = fusions.get(host);
    if (!fusion) {
        const traps: (FusedTrap | null)[] = new Array(OPCODE_TABLE).fill(null);
        const flags = new Int32Array(OPCODE_TABLE).fill(-1);
        const ops: number[] = [];
        for (const op of FUSABLE_OPS) {
            const fused = analyse(host, op);
            traps[op] = fused;
            if (fused) {
                flags[op] = fused.iflag ? 1 : 0;
                ops.push(op);
            }
        }
        fusions.set(host, (fusion = { traps, flags, ops }));
    }
    return fusion;
}
