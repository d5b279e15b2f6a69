// What the user names in the Debug Console, the Watch view and a data breakpoint, checked and
// answered in the debugger's terms (no DAP here): evaluate an expression in a frame, assign to
// the place an expression names (a register, a flag, a memory word), and say which register or
// memory word a data breakpoint would watch.
import type { Simulation } from '../simulator/engine.js';
import { Expression, ExpressionError, type Value } from './expression.js';
import { frameLabel } from './describe.js';
import { frameAt, isAssignableRegister, type Inspector, type VarNode } from './inspect.js';
import { debuggerMessages as m } from './messages.js';
import { memoryReference } from './machine-code/memory.js';
import { memoryMessages as mm } from './memory/messages.js';
import { translation } from './memory/walk.js';
import { dataId, hex, WATCHABLE, wordAddress, wordDataId, wordLabel } from './watches.js';

export type Refusal = { error: string };

/** `translate(0x400123)`: the one function the Debug Console and the Watch view know. */
const TRANSLATE = /^translate\s*\((.*)\)$/s;

/** A value as the Variables view shows it; `node` when the expression names a group (expandable). */
export type Evaluation = { text: string; type: 'integer' | 'flag' | 'text'; node?: VarNode; memoryReference?: string };

/** What a data breakpoint would watch: the id to set it with, and its name for the user. */
export interface WatchTarget {
    dataId: string;
    description: string;
}

/** `column 3` after a message: where in the expression it went wrong. */
function located(e: unknown): Refusal {
    if (!(e instanceof ExpressionError)) throw e;
    return { error: m.atColumn(e.message, e.column) };
}

export function typeOf(value: Value): Evaluation['type'] {
    return typeof value === 'boolean' ? 'flag' : typeof value === 'number' ? 'integer' : 'text';
}

export class Evaluator {
    constructor(private readonly sim: Simulation, private readonly inspector: Inspector) {}

    private hasFrame(vcpu: number, frame: number): boolean {
        const v = this.sim.state.vcpus[vcpu];
        return v !== undefined && frameAt(v, frame) !== undefined;
    }

    /**
     * Evaluates `text` in a frame. A name of something the Variables view shows (`r1`,
     * `params.cmd`, `vm.exits.io`, the group `exits`) reads exactly what the view shows;
     * anything else is computed over the values (`cmd + 1`, `[r2] == 7`).
     */
    evaluate(vcpu: number, frame: number, text: string): Evaluation | Refusal {
        const name = text.trim();
        const call = TRANSLATE.exec(name);
        if (call) return this.translate(vcpu, frame, call[1]);
        const node = /^[A-Za-z_][\w.]*$/.test(name) ? this.inspector.lookup(vcpu, frame, name) : undefined;
        if (node) {
            const reference = node.memoryReference ? { memoryReference: node.memoryReference } : {};
            return { text: node.display ?? String(node.value), type: typeOf(node.value), ...(node.children ? { node } : {}), ...reference };
        }
        try {
            if (!this.hasFrame(vcpu, frame)) throw new ExpressionError(m.noSuchFrame(), 1);
            const expression = Expression.parse(name);
            const resolve = this.inspector.resolver(vcpu, frame);
            const value = expression.evaluate(resolve);
            // `[a]`: the memory view opens at a, in the memory the frame reads
            const place = expression.place();
            const space = place?.kind === 'word' ? this.inspector.memorySpace(vcpu, frame) : undefined;
            const reference = place?.kind === 'word' && space && !('error' in space)
                ? { memoryReference: memoryReference({ space: space.space, owner: space.owner, address: place.address(resolve) }) }
                : {};
            return { text: typeof value === 'string' ? JSON.stringify(value) : String(value), type: typeOf(value), ...reference };
        } catch (e) {
            return located(e);
        }
    }

    /**
     * `translate(a)`: the walk of virtual address `a` (any expression: `translate(r2)`) through
     * the frame's vCPU's page tables, step by step (memory/walk.ts), reading without changing.
     */
    private translate(vcpu: number, frame: number, argument: string): Evaluation | Refusal {
        try {
            if (!this.hasFrame(vcpu, frame)) throw new ExpressionError(m.noSuchFrame(), 1);
            if (argument.trim() === '') return { error: mm.translateUsage() };
            const address = Expression.parse(argument).evaluate(this.inspector.resolver(vcpu, frame));
            if (typeof address !== 'number') return { error: mm.translateUsage() };
            const node = translation(this.sim, vcpu, address);
            return { text: String(node.value), type: 'text', node };
        } catch (e) {
            return located(e);
        }
    }

    /**
     * Assigns `value` to what `expression` names -- a register, `pc` or a flag of the frame, or
     * a memory word `[a]` as evaluate reads it. Anything computed (`r1 + 1`) or read-only
     * (`exits.io`) is refused with the reason.
     */
    assign(vcpu: number, frame: number, expression: string, value: string): { value: Value } | Refusal {
        if (!this.hasFrame(vcpu, frame)) return { error: m.noSuchFrame() };
        const text = expression.trim();
        try {
            const place = Expression.parse(text).place();
            if (!place) return { error: m.computed(text, m.assignable()) };
            if (place.kind === 'word') return this.inspector.writeWord(vcpu, frame, place.address(this.inspector.resolver(vcpu, frame)), value);
            const name = place.name.replace(/^registers\./, '');
            if (isAssignableRegister(name)) return this.inspector.setRegister(vcpu, frame, name, value);
            const known = this.inspector.resolver(vcpu, frame)(place.name) !== undefined;
            return { error: (known ? m.readOnly : m.unknownPlace)(place.name, m.assignable()) };
        } catch (e) {
            return located(e);
        }
    }

    /** A register or flag of a frame, as shown in its Registers scope. */
    watchRegister(vcpu: number, frame: number, name: string): WatchTarget | Refusal {
        const v = this.sim.state.vcpus[vcpu];
        if (!v || !frameAt(v, frame) || !WATCHABLE.includes(name)) return { error: m.watchable() };
        const depth = v.frames.length - 1 - frame;
        return { dataId: dataId(vcpu, depth, name), description: m.registerOf(name, v.name, frameLabel(v.frames[depth]?.name ?? '')) };
    }

    /**
     * What an expression or an address names for a data breakpoint: a register or flag of the
     * frame, or a memory word -- `[a]` (evaluated once, now: gdb's `watch -l`) or an address of at
     * most the 4 bytes of one word. `[a]` means the memory it reads in that frame: the VM's for
     * guest frames, the hypervisor's own for handler and host frames; an address given without a
     * frame is in the guest memory of the VM (`inGuestMemory`).
     */
    watchTarget(vcpu: number, frame: number, text: string, options: { asAddress?: boolean; bytes?: number; inGuestMemory?: boolean } = {}): WatchTarget | Refusal {
        const v = this.sim.state.vcpus[vcpu];
        if (!v || !frameAt(v, frame)) return { error: m.noSuchFrame() };
        const name = text.trim();
        let address: number;
        let memoryFrame = frame;
        if (options.asAddress) {
            if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(name) || Number(name) > 0xffffffff) return { error: m.notAddress(name) };
            address = Number(name);
            // the VM's guest memory: its bottom frame's
            if (options.inGuestMemory) memoryFrame = v.frames.length - 1;
        } else {
            try {
                const place = Expression.parse(name).place();
                if (place?.kind === 'name') {
                    const register = place.name.replace(/^registers\./, '');
                    if (WATCHABLE.includes(register)) return this.watchRegister(vcpu, frame, register);
                    return { error: m.notWatchable(name, m.watchable()) };
                }
                if (!place) return { error: m.computed(name, m.watchable()) };
                address = place.address(this.inspector.resolver(vcpu, frame));
            } catch (e) {
                return located(e);
            }
        }
        return this.wordTarget(vcpu, memoryFrame, address, options.bytes);
    }

    private wordTarget(vcpu: number, frame: number, address: number, bytes: number | undefined): WatchTarget | Refusal {
        const word = wordAddress(address);
        if (bytes !== undefined && (!Number.isSafeInteger(bytes) || bytes < 1 || (address >>> 0) + bytes > word + 4)) {
            return { error: m.oneWord(bytes, hex(address), hex(word)) };
        }
        const space = this.inspector.memorySpace(vcpu, frame);
        if ('error' in space) return space;
        if (space.declared > 0 && word >= space.declared) return { error: m.outsideVm(hex(word), space.owner, space.declared) };
        return { dataId: wordDataId(space.space, space.owner, word), description: wordLabel(space.space, space.owner, word) };
    }
}
