// Fast forms: a simple instruction with its operand shapes decided at compile time (`Instr.fast`),
// so the exact interpreter's inner loop (simple-loop.ts) needs no operand-kind tests. The forms
// are derived from the semantics table: one per operand shape of every simple instruction, plus
// load and store on a page already there. 0 (`F_NONE`): the general path, `Machine.step`.
import { K, OP } from './opcodes.js';
import { SIMPLE } from './semantics.js';

/** rr: register, register; ri: register, integer; r: one register; jump: a target inside the body. */
export type Shape = 'rr' | 'ri' | 'r' | '' | 'jump' | 'load' | 'store';

export interface FastForm {
    op: number;
    shape: Shape;
}

export const F_NONE = 0;

function shapesOf(op: number): Shape[] {
    if (op === OP.load) return ['load'];
    if (op === OP.store) return ['store'];
    const s = SIMPLE[op];
    if (s.taken) return ['jump'];
    if (s.reads === 'ab' || s.reads === 'b') return ['rr', 'ri'];
    if (s.reads === 'a') return ['r'];
    return [''];
}

/** Every fast form, by its number (index 0 is `F_NONE`). */
export const FAST_FORMS: (FastForm | undefined)[] = [undefined];
const numberOf = new Map<string, number>();
for (const op of [...Object.keys(SIMPLE).map(Number), OP.load, OP.store]) {
    for (const shape of shapesOf(op)) {
        numberOf.set(`${op} ${shape}`, FAST_FORMS.length);
        FAST_FORMS.push({ op, shape });
    }
}

const isValue = (k: number): boolean => k === K.reg || k === K.imm;

/** The fast form of an instruction of a body of `length` instructions, or `F_NONE`. */
export function fastForm(i: { op: number; ak: number; bk: number; mk: number; target: number }, length: number): number {
    let shape: Shape | undefined;
    if (i.op === OP.load) shape = i.ak === K.reg && isValue(i.mk) ? 'load' : undefined;
    else if (i.op === OP.store) shape = isValue(i.mk) && isValue(i.bk) ? 'store' : undefined;
    else if (SIMPLE[i.op] === undefined) shape = undefined;
    else {
        const s = SIMPLE[i.op];
        if (s.taken) shape = i.target >= 0 && i.target < length ? 'jump' : undefined;
        else if (s.reads === '') shape = '';
        else if (i.ak !== K.reg) shape = undefined;
        else if (s.reads === 'a') shape = 'r';
        else shape = i.bk === K.reg ? 'rr' : i.bk === K.imm ? 'ri' : undefined;
    }
    return shape === undefined ? F_NONE : (numberOf.get(`${i.op} ${shape}`) ?? F_NONE);
}
