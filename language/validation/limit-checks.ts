// Quantities outside what a real machine has or a real hypervisor accepts (language/limits.ts):
// `cpu 1000000000 cores`, `@ 0 GHz`, `timeslice 1 ns`, an immediate that does not fit a
// register, a cost dearer than a whole run, a free instruction (`instruction 0`). Each is a
// located error, so the simulator never gets such a definition (a file with errors is not run).
import type { ValidationAcceptor } from 'langium';
import { isCpu, isScheduler, type CostEntry, type Cpu, type Immediate, type Quantity, type Vm } from '../generated/ast.js';
import {
    MAX_CLOCK_HZ, MAX_COST_CYCLES, MAX_IMMEDIATE, MAX_MEMORY_BYTES, MAX_PCPUS, MAX_VCPUS, MIN_CLOCK_HZ, MIN_IMMEDIATE, MIN_INSTRUCTION_CYCLES,
    MIN_TIMESLICE_NS,
} from '../limits.js';
import { pcpusOf } from '../resources.js';
import { dimensionOf, formatBytes, toBase } from '../units.js';
import { keywordRange, spanRange } from './ranges.js';
import { codeMessages as m } from './messages.js';

/** `4,096`: limits read as people write them. */
const n = (value: number) => value.toLocaleString('en-US');

/** The messages with their limits filled in (the words: messages.ts). */
const message = {
    pcpus: (pcpus: number) => m.tooManyPcpus(n(pcpus), n(MAX_PCPUS)),
    vcpus: (vcpus: number) => m.tooManyVcpus(n(vcpus), n(MAX_VCPUS)),
    memory: (text: string) => m.tooMuchMemory(text, formatBytes(MAX_MEMORY_BYTES)),
    cpus: (text: string) => m.tooManyCpus(text, n(MAX_PCPUS)),
    clock: (text: string, hz: number) => hz === 0 ? m.clockNeverTicks(text) : hz < MIN_CLOCK_HZ ? m.clockTooSlow(text) : m.clockTooFast(text, MAX_CLOCK_HZ / 1e9),
    timeslice: (text: string) => m.timesliceTooShort(text),
    immediate: (text: string) => m.immediateTooLarge(text, n(MIN_IMMEDIATE), n(MAX_IMMEDIATE)),
    cost: (value: number) => m.costTooHigh(n(value), n(MAX_COST_CYCLES)),
    instructionCost: () => m.instructionCostTooLow(n(MIN_INSTRUCTION_CYCLES)),
};

const textOf = (quantity: Quantity) => `${quantity.value} ${quantity.unit ?? ''}`.trim();

/** sockets × cores × threads of one hardware. */
export function checkCpuLimits(cpu: Cpu, accept: ValidationAcceptor): void {
    if (!cpu.parts.every((part) => part.count >= 1)) return; // `no-cpu` already
    const pcpus = pcpusOf(cpu.$container);
    if (pcpus > MAX_PCPUS) accept('error', message.pcpus(pcpus), { node: cpu, range: spanRange(cpu.parts), code: 'quantity-out-of-range' });
}

/** Memory, reserved cpus, clocks and time slices, wherever they stand. */
export function checkQuantityLimits(quantity: Quantity, accept: ValidationAcceptor): void {
    const dimension = dimensionOf(quantity.unit);
    const container = quantity.$container;
    if (dimension === 'memory' && (toBase(quantity, 'memory') ?? 0) > MAX_MEMORY_BYTES) {
        accept('error', message.memory(textOf(quantity)), { node: quantity, code: 'quantity-out-of-range' });
    } else if (dimension === 'cpus' && quantity.value > MAX_PCPUS) {
        accept('error', message.cpus(textOf(quantity)), { node: quantity, code: 'quantity-out-of-range' });
    } else if (dimension === 'frequency' && isCpu(container)) {
        const hz = toBase(quantity, 'frequency') ?? 0;
        if (hz < MIN_CLOCK_HZ || hz > MAX_CLOCK_HZ) accept('error', message.clock(textOf(quantity), hz), { node: quantity, code: 'clock-out-of-range' });
    } else if (dimension === 'time' && isScheduler(container) && (toBase(quantity, 'time') ?? 0) < MIN_TIMESLICE_NS) {
        accept('error', message.timeslice(textOf(quantity)), { node: quantity, code: 'timeslice-too-short' });
    }
}

/** Whether the VM's `vcpus` is beyond any host (reported here; the host comparison is then moot). */
export function checkVcpusLimit(vm: Vm, accept: ValidationAcceptor): boolean {
    if (vm.vcpus === undefined || vm.vcpus <= MAX_VCPUS) return false;
    accept('error', message.vcpus(vm.vcpus), { node: vm, range: keywordRange(vm, 'vcpus', 'vcpus'), code: 'quantity-out-of-range' });
    return true;
}

/** An immediate operand that the simulator would have to truncate to 32 bits. */
export function checkImmediate(immediate: Immediate, accept: ValidationAcceptor): void {
    const value = immediate.negative ? -immediate.value : immediate.value;
    if (value < MIN_IMMEDIATE || value > MAX_IMMEDIATE) {
        accept('error', message.immediate(immediate.$cstNode?.text ?? String(value)), { node: immediate, code: 'immediate-out-of-range' });
    }
}

/** A cost entry of a preset or an override. */
export function checkCostValue(entry: CostEntry, accept: ValidationAcceptor): void {
    if (entry.value > MAX_COST_CYCLES) {
        accept('error', message.cost(entry.value), { node: entry, property: 'value', code: 'cost-out-of-range' });
    } else if (entry.name === 'instruction' && entry.value < MIN_INSTRUCTION_CYCLES) {
        accept('error', message.instructionCost(), { node: entry, property: 'value', code: 'cost-out-of-range' });
    }
}
