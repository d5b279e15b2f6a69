// What each figure path of an `expect` line means, in words (hover and completion details).
import { labMessages as m } from './messages.js';

const FIXED: Record<string, () => string> = {
    instructions: m.docInstructions,
    'cycles.total': m.docCyclesTotal,
    fidelityViolations: m.docFidelity,
    'interrupts.raised': m.docRaised,
    'interrupts.delivered': m.docDelivered,
    'interrupts.lost': m.docLost,
    'interrupts.maxDelay': m.docMaxDelay,
    'memory.declaredBytes': m.docDeclaredBytes,
    'memory.touchedPages': m.docTouchedPages,
    'memory.swappedPages': m.docSwappedPages,
    consoleDropped: m.docConsoleDropped,
};

/** The meaning of a valid path (lab/figures.ts); undefined for one that names no figure. */
export function figureDoc(path: string): string | undefined {
    if (Object.hasOwn(FIXED, path)) return FIXED[path]();
    const [group, ...rest] = path.split('.');
    const key = rest.join('.');
    switch (group) {
        case 'cycles': return m.docCycles(key);
        case 'exits': return m.docExits(key);
        case 'hypercalls': return m.docHypercalls(key);
        case 'faults': return m.docFaults(key);
        case 'io': return rest.length === 2 ? m.docDevice(rest[1], rest[0]) : undefined;
    }
    return undefined;
}
