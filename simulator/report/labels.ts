// Words the report uses for the result's enumerations, in the vocabulary of the course notes.
import type { HypervisorResult, Layer, VmStatus } from '../result.js';

export const KIND_LABEL: Record<HypervisorResult['kind'], string> = {
    type1: 'Type 1 (bare-metal)',
    type2: 'Type 2 (hosted)',
};

export const TECHNIQUE_LABEL: Record<HypervisorResult['technique'], string> = {
    full: 'full (trap-and-emulate)',
    binary: 'full (binary translation)',
    para: 'paravirtualization',
    hardware: 'hardware-assisted',
};

export const LAYER_LABEL: Record<Layer, string> = {
    guest: 'guest',
    kernel: 'guest kernel',
    hypervisor: 'hypervisor',
    host: 'host OS',
    waiting: 'waiting (steal)',
};

export const STATUS_LABEL: Record<VmStatus, string> = {
    halted: 'halted',
    faulted: 'faulted',
    'host-failed': 'host failed',
    limit: 'cycle limit',
};

/** A label for values that may be outside the enumeration (a newer simulator, a hand-edited JSON). */
export function labelOf<K extends string>(table: Record<K, string>, key: string): string {
    return (table as Record<string, string>)[key] ?? key;
}
