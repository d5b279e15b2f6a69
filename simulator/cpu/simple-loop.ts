// The exact interpreter's inner loop: simple instructions of one frame, one after the other, with
// the registers in hand and the flags in one number. It is generated once, at module load, from
// the semantics table (semantics.ts) — the very text the fast engine's translator splices — so the
// simple instructions have one definition and the loop still runs each as inline JavaScript (a
// function call per instruction would halve its speed). Its source is fixed text and the fast
// forms' numbers (validated by splice.ts): nothing from a .vmdef file reaches it.
//
// The flags travel as ONE number, `fr`: the last result, or the exact difference of a cmp
// (zf = fr === 0, sf = fr < 0), which V8 keeps in a register where two booleans halved the
// loop's speed. A flag word with zf and sf both set has no such number: the caller never enters
// the loop with one.
import { int } from '../fast/splice.js';
import { FAST_FORMS, type FastForm } from './fast-forms.js';
import type { Instr } from './code.js';
import { statementText, takenText } from './semantics.js';

/** What the loop reads and writes besides the registers (one object, reused: monomorphic). */
export interface SimpleRun {
    /** In: the first instruction; out: the next one. */
    pc: number;
    /** In and out: the flags' number. */
    fr: number;
    /** At most this many instructions. */
    limit: number;
    /** Stop before an instruction on a breakpoint line. */
    breakpoints: boolean;
    /** The frame's memory pages (the VM's, or the host's for handler code). */
    pages: Map<number, Int32Array>;
    /** Addresses at or past this (unsigned) are out of bounds: the machine faults them. */
    memoryLimit: number;
    /** Out (`pagedLoop` only): memory accesses made (with paging on, each a TLB hit: tlb.ts's fast maps). */
    hits: number;
}

/**
 * Runs simple instructions from `s.pc` until one that is not (or whose page is not there yet, or
 * that faults), a breakpoint, the end of the body, or `s.limit`; returns how many ran.
 */
export type SimpleLoop = (instrs: Instr[], regs: Int32Array, s: SimpleRun) => number;

// memory (Machine's touch): a one-page TLB, `tp` → `ta`; a page not there yet (first touch, swap,
// the page limit) or out of bounds leaves the instruction to the machine
const PAGE = 'if ((a >>> 0) >= ML) break fast; ' +
    'if (a >>> 12 !== tp) { const page = PG.get(a >>> 12); if (page === undefined) break fast; tp = a >>> 12; ta = page; } ';
const ADDRESS = 'a = ins.mk === 1 ? regs[ins.mv] : ins.mv; ';

/** `hits`: the loop counts its memory accesses in `h` (paging on: TLB hits). */
function caseBody(form: FastForm, hits: boolean): string {
    const A = 'regs[ins.av]';
    const B = form.shape === 'rr' ? 'regs[ins.bv]' : 'ins.bv';
    switch (form.shape) {
        case 'jump': {
            const taken = takenText(form.op);
            return taken === 'true' ? 'pc = ins.target;' : `pc = ${taken} ? ins.target : pc + 1;`;
        }
        case 'load':
            return `${ADDRESS}${PAGE}regs[ins.av] = ta[(a & 4095) >> 2]; ${hits ? 'h++; ' : ''}pc++;`;
        case 'store':
            return `${ADDRESS}${PAGE}ta[(a & 4095) >> 2] = ins.bk === 1 ? regs[ins.bv] : ins.bv; ${hits ? 'h++; ' : ''}pc++;`;
        default:
            return `${statementText(form.op, A, A, B, 'break fast;')} pc++;`;
    }
}

function loopSource(hits: boolean): string {
    const cases = FAST_FORMS.map((form, n) => (form ? `case ${int(n, 1, FAST_FORMS.length)}: { ${caseBody(form, hits)} break; }` : ''));
    return [
        `let pc = s.pc, fr = s.fr, k = 0, a = 0, tp = -1, ta = EMPTY${hits ? ', h = 0' : ''};`,
        'const limit = s.limit, bp = s.breakpoints, PG = s.pages, ML = s.memoryLimit;',
        'fast: while (k < limit) {',
        'const ins = instrs[pc];',
        // running off the end returns: `ins` is undefined there, the machine does it
        'if (ins === undefined || (bp && ins.bp)) break;',
        'switch (ins.fast) {',
        ...cases.filter(Boolean),
        'default: break fast;',
        '}',
        'k++;',
        '}',
        `s.pc = pc; s.fr = fr;${hits ? ' s.hits = h;' : ''}`,
        'return k;',
    ].join('\n');
}

/** The loop's source (tests read it). */
export const SIMPLE_LOOP_SOURCE = loopSource(false);
/**
 * The same loop counting its memory accesses (`s.hits`), for frames with paging on. Two loops,
 * not one with a flag: the counter alone, a variable carried around the loop, cost the loop
 * without paging ~15% (measured: the compute loop's switch has one register less to keep).
 */
export const PAGED_LOOP_SOURCE = loopSource(true);

/** The TLB's initial entry (never matched: tp = −1), an Int32Array so `ta` keeps one type. */
const EMPTY_PAGE = new Int32Array(1024);

const compile = (source: string): SimpleLoop => new Function('EMPTY', `return function simpleLoop(instrs, regs, s) {\n${source}\n};`)(EMPTY_PAGE) as SimpleLoop;

export const simpleLoop = compile(SIMPLE_LOOP_SOURCE);
/** `simpleLoop` counting memory accesses in `s.hits` (paging on). */
export const pagedLoop = compile(PAGED_LOOP_SOURCE);

/**
 * A loop's in and out (one class: the loops' accesses to it stay monomorphic). A class, not an
 * object literal: the literal's object, made again by the next simulation's executor, threw the
 * loops' optimized code away (and that of `ExactExecutor.steps`) once a scavenge had run since —
 * for good: each call then entered the loop's slower on-stack-replacement code (the bench's
 * 1,000 VMs: 43 ms a run instead of 30). `limit` and `memoryLimit` start as small integers:
 * a loop that only ever sees such compares them as integers (started as doubles, the compute
 * loop ran 4% slower).
 */
class Run implements SimpleRun {
    pc = 0;
    fr = 1;
    limit = 0;
    breakpoints = false;
    pages = new Map<number, Int32Array>();
    memoryLimit = 0;
    hits = 0;
}

/** A loop's in and out, as every caller makes it. */
export function newSimpleRun(): SimpleRun {
    return new Run();
}

// Each loop runs once on an empty body now, so that its entry and exit have type feedback. A
// guest loop runs long in one call: V8 compiles the loop on stack (OSR) during the first, before
// the exit has ever run, and that code then left through a deoptimization at every return (and
// was entered again at the next call, the same code, the same exit).
for (const loop of [simpleLoop, pagedLoop]) for (let i = 0; i < 2; i++) loop([], new Int32Array(9), newSimpleRun());
