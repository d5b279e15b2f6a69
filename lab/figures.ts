// The figures an `expect` line may name: every number of a VM's results (`vmdef run --json`,
// simulator/result.ts) by its path, `exits.io`, `cycles.hypervisor`, `io.disk0.exitsPerByte`.
// The validator offers these paths (unknown ones are an error, the closest suggested), the
// editor completes them, and `vmdef test` reads the measured value through `figureOf`.
import { EXIT_REASON, FAULT_VECTORS } from '../language/isa.js';
import { editDistance } from '../language/did-you-mean.js';
import type { VmResult } from '../simulator/result.js';

/** The layers a VM's cycles are counted by, and their sum. */
const CYCLE_KEYS = ['guest', 'kernel', 'hypervisor', 'host', 'waiting', 'total'];
const INTERRUPT_KEYS = ['raised', 'delivered', 'lost', 'maxDelay'];
const MEMORY_KEYS = ['declaredBytes', 'touchedPages', 'swappedPages'];
const DEVICE_KEYS = ['accesses', 'exits', 'requests', 'bytes', 'exitsPerByte', 'refused', 'interrupts'];
/** The exit reasons of LANGUAGE.md §8: the instructions' (isa.ts), then those of events. */
export const EXIT_REASONS: readonly string[] = [...new Set([...Object.values(EXIT_REASON), 'fault', 'interrupt', 'window'])];
/** Figures of their own: one number each. */
const SINGLE = ['instructions', 'fidelityViolations', 'consoleDropped'];

/** What varies from VM to VM: the devices it was given, the hypercalls its system has. */
export interface FigureScope {
    devices: readonly string[];
    hypercalls: readonly string[];
}

/** Every path an `expect` of a VM with this scope may name, in the order of the results JSON. */
export function figurePaths(scope: FigureScope): string[] {
    const under = (group: string, keys: readonly string[]) => keys.map((k) => `${group}.${k}`);
    return [
        'instructions',
        ...under('cycles', CYCLE_KEYS),
        ...under('exits', EXIT_REASONS),
        ...under('hypercalls', scope.hypercalls),
        'fidelityViolations',
        ...under('interrupts', INTERRUPT_KEYS),
        ...under('faults', [...Object.values(FAULT_VECTORS).map(String), ...Object.keys(FAULT_VECTORS)]),
        ...under('memory', MEMORY_KEYS),
        ...scope.devices.flatMap((d) => under(`io.${d}`, DEVICE_KEYS)),
        'consoleDropped',
    ];
}

/** `cycles.hypervisor < 10%`: a percentage is of the VM's total cycles, so only a layer's cycles take one. */
export function takesPercent(path: string): boolean {
    return path.startsWith('cycles.');
}

/** The `count` paths nearest to `path` (edit distance, ties in the results' order): what the user likely meant. */
export function closestPaths(path: string, candidates: readonly string[], count = 5): string[] {
    const lower = path.toLowerCase();
    return candidates
        .map((candidate, index) => ({ candidate, index, distance: editDistance(lower, candidate.toLowerCase()) }))
        .sort((a, b) => a.distance - b.distance || a.index - b.index)
        .slice(0, count)
        .map((c) => c.candidate);
}

/**
 * The value of `path` in a VM's result. A count the run never made (an exit reason, hypercall,
 * fault or device the results leave out) is 0; undefined only for a path that names no figure.
 * A fault may be named by its vector (`faults.14`) or its handler's name (`faults.page_fault`).
 */
export function figureOf(vm: VmResult, path: string): number | undefined {
    const [group, ...rest] = path.split('.');
    const own = (table: object | undefined, key: string): unknown => (table && Object.hasOwn(table, key) ? (table as Record<string, unknown>)[key] : undefined);
    const count = (table: object | undefined, key: string) => {
        const value = own(table, key);
        return typeof value === 'number' ? value : 0;
    };
    if (rest.length === 0) return SINGLE.includes(group) ? count(vm, group) : undefined;
    const key = rest.join('.');
    switch (group) {
        case 'cycles':
            return CYCLE_KEYS.includes(key) ? count(vm.cycles, key) : undefined;
        case 'interrupts':
            return INTERRUPT_KEYS.includes(key) ? count(vm.interrupts, key) : undefined;
        case 'memory':
            return MEMORY_KEYS.includes(key) ? count(vm.memory, key) : undefined;
        case 'exits':
        case 'hypercalls':
            return count(vm[group], key);
        case 'faults':
            return count(vm.faults, Object.hasOwn(FAULT_VECTORS, key) ? String(FAULT_VECTORS[key]) : key);
        case 'io': {
            if (rest.length !== 2 || !DEVICE_KEYS.includes(rest[1])) return undefined;
            return count(own(vm.io, rest[0]) as object | undefined, rest[1]);
        }
    }
    return undefined;
}
