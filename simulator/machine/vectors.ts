// The CPU's vectors (docs/language.md, Exceptions and interrupts): 0 divide error, 6 invalid opcode, 13 general protection,
// 14 page fault, 32 the timer, 33 and up the host's other devices in the order its hardware
// declares them. Names both ways, for the compiler (a kernel's `fault NAME` / `interrupt NAME`),
// the machine (a `Fault`'s mnemonic) and messages.
import { FAULT_VECTORS, FIRST_DEVICE_VECTOR, TIMER_VECTOR } from '../../language/isa.js';
import type { HostModel } from '../model.js';

/** A fault's mnemonic → its vector; the others (#SS, #DF, a simulator limit) no guest handles. */
const VECTOR_OF_MNEMONIC: Readonly<Record<string, number>> = Object.freeze(
    Object.assign(Object.create(null) as Record<string, number>, { '#DE': 0, '#UD': 6, '#GP': 13, '#PF': 14 }),
);
const MNEMONIC_OF_VECTOR: Record<number, string> = { 0: '#DE', 6: '#UD', 13: '#GP', 14: '#PF' };

export function vectorOfMnemonic(mnemonic: string): number | undefined {
    return Object.hasOwn(VECTOR_OF_MNEMONIC, mnemonic) ? VECTOR_OF_MNEMONIC[mnemonic] : undefined;
}

/** `#DE` for 0 …, else `vector N`. */
export function mnemonicOf(vector: number): string {
    return MNEMONIC_OF_VECTOR[vector] ?? `vector ${vector}`;
}

/** The vector of device `index` of the host: its timers share 32, the others count from 33 in declaration order. */
export function deviceVector(host: HostModel, index: number): number {
    const device = host.devices[index];
    if (!device || device.kind === 'timer') return TIMER_VECTOR;
    let n = 0;
    for (let i = 0; i < index; i++) if (host.devices[i].kind !== 'timer') n++;
    return FIRST_DEVICE_VECTOR + n;
}

/** The vector a kernel handler `fault NAME` / `interrupt NAME` takes on this host; undefined: none there. */
export function vectorOfHandler(host: HostModel, kind: string, name: string): number | undefined {
    if (kind === 'fault') return Object.hasOwn(FAULT_VECTORS, name) ? FAULT_VECTORS[name] : undefined;
    if (name === 'timer') return TIMER_VECTOR;
    const index = host.deviceByName.get(name);
    return index === undefined ? undefined : deviceVector(host, index);
}

/** Names already found, per host (a handler's frame is named at every delivery: a page fault each time). */
const NAMES = new WeakMap<HostModel, Map<number, string>>();

/** `timer`, `divide_error`, `com1`, or the number: for messages. */
export function vectorName(host: HostModel, vector: number): string {
    let names = NAMES.get(host);
    if (names === undefined) NAMES.set(host, (names = new Map()));
    let name = names.get(vector);
    if (name === undefined) names.set(vector, (name = findVectorName(host, vector)));
    return name;
}

function findVectorName(host: HostModel, vector: number): string {
    if (vector === TIMER_VECTOR) return 'timer';
    for (const [name, v] of Object.entries(FAULT_VECTORS)) if (v === vector) return name;
    for (const d of host.devices) if (d.kind !== 'timer' && deviceVector(host, d.index) === vector) return d.name;
    return String(vector);
}

/** Handler frame names already made, per host: `fault page_fault`, `interrupt timer` (one per delivery, not a string each). */
const FRAME_NAMES = new WeakMap<HostModel, Map<number, string>>();

/** The name of the frame of the guest kernel's handler for `vector` (an interrupt if `maskable`, else a fault). */
export function handlerFrameName(host: HostModel, vector: number, maskable: boolean): string {
    let names = FRAME_NAMES.get(host);
    if (names === undefined) FRAME_NAMES.set(host, (names = new Map()));
    const key = maskable ? -1 - vector : vector;
    let name = names.get(key);
    if (name === undefined) names.set(key, (name = `${maskable ? 'interrupt' : 'fault'} ${vectorName(host, vector)}`));
    return name;
}
