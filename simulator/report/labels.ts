// Words the report uses for the result's enumerations, in the vocabulary of the course notes and
// in the current language (messages.ts).
import type { HypervisorResult, Layer, VmResult, VmStatus } from '../result.js';
import { reportMessages as m } from './messages.js';

const KIND: Record<HypervisorResult['kind'], () => string> = {
    type1: m.kindType1,
    type2: m.kindType2,
    native: m.kindNative,
};

const TECHNIQUE: Record<HypervisorResult['technique'], () => string> = {
    full: m.techniqueFull,
    binary: m.techniqueBinary,
    para: m.techniquePara,
    hardware: m.techniqueHardware,
    native: m.techniqueNative,
};

const LAYER: Record<Layer, () => string> = {
    guest: m.layerGuest,
    kernel: m.layerKernel,
    hypervisor: m.layerHypervisor,
    host: m.layerHost,
    waiting: m.layerWaiting,
};

const STATUS: Record<VmStatus, () => string> = {
    halted: m.statusHalted,
    faulted: m.statusFaulted,
    'host-failed': m.statusHostFailed,
    limit: m.statusLimit,
};

/** A label for values that may be outside the enumeration (a newer simulator, a hand-edited JSON): the value itself. */
function labelOf(table: Record<string, () => string>, key: string): string {
    return Object.hasOwn(table, key) ? table[key]() : key;
}

export const kindLabel = (kind: string): string => labelOf(KIND, kind);
export const techniqueLabel = (technique: string): string => labelOf(TECHNIQUE, technique);
export const layerLabel = (layer: Layer): string => labelOf(LAYER, layer);
/** Where a VM ran: its hypervisor, or `native on HARDWARE`. */
export const hostLabel = (vm: VmResult): string => vm.hypervisor ?? m.nativeOn(vm.hardware ?? '');
export const statusLabel = (status: string): string => labelOf(STATUS, status);
