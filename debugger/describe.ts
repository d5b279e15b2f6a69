// Words for what just happened to a vCPU, shown as the stop description in VS Code's call
// stack (`trap: out com1 → io_out`, `VM exit 30 IO_INSTRUCTION: out com1`, `hypercall
// console_io(com1, 3)`, `syscall write(com1, 3)`, `world switch → host linux io_write`,
// `hw io_write(com1, 3)`): the translation of a guest instruction, layer by layer.
import type { Simulation } from '../simulator/engine.js';
import { opName } from '../simulator/machine.js';
import type { SimulationResult, SourceLocation } from '../simulator/result.js';
import { PK_DEV, PK_STR, type Frame, type VcpuState } from '../simulator/state.js';
import * as nodePath from 'node:path';
import { debuggerMessages as m } from './messages.js';
import { localizedStop } from '../simulator/stop-reason.js';
import { pageFaultEntry, pageFaultToMonitor } from './memory/work.js';

/** Text of one bound parameter: a device by name, a string quoted, a number. */
export function valueText(sim: Simulation, vcpu: VcpuState, kind: number, value: number): string {
    if (kind === PK_STR) return JSON.stringify(sim.strings.strings[value] ?? '');
    if (kind === PK_DEV) return sim.model.vms[vcpu.vm].host.devices[value]?.name ?? `device ${value}`;
    return String(value);
}

export function paramsText(sim: Simulation, vcpu: VcpuState, f: Frame): string {
    return f.pk.map((k, i) => valueText(sim, vcpu, k, f.pv[i])).join(', ');
}

/** Frame names by their layer word (simulator/state.ts: `syscall write`, `VM exit 30 IO_INSTRUCTION`). */
const FRAME_WORDS: readonly [string, (rest: string) => string][] = [
    ['syscall ', m.frameSyscall], ['trap ', m.frameTrap], ['callout ', m.frameCallout], ['VM exit ', m.frameVmExit],
    ['hypercall ', m.frameHypercall], ['host ', m.frameHost],
];

/**
 * A frame's name as the user reads it (`trap io_out` → `트랩 io_out` in Korean): the layer word
 * in the current language, the handler, syscall or program name as written. The simulator's
 * name stays the frame's identity (watches compare it).
 */
export function frameLabel(name: string): string {
    const word = FRAME_WORDS.find(([prefix]) => name.startsWith(prefix));
    return word ? word[1](name.slice(word[0].length)) : name;
}

/** What a frame is after the layer prefix: `trap io_out` → `io_out`. */
function handlerOf(f: Frame): string {
    const i = f.name.lastIndexOf(' ');
    return i >= 0 ? f.name.slice(i + 1) : f.name;
}

/** The instruction the parent frame is executing (the one that entered the child), with its first argument. */
function trappingInstruction(sim: Simulation, vcpu: VcpuState, parent: Frame, child: Frame): string {
    const ins = parent.code?.instrs[parent.pc];
    if (!ins) return '?';
    const op = opName(ins.op);
    // an exception or interrupt's parameters are its vector and code, not the instruction's operands
    if (child.vector >= 0) return op;
    return child.pk.length > 0 ? `${op} ${valueText(sim, vcpu, child.pk[0], child.pv[0])}` : op;
}

/** Describes the top frame of `vcpu` as just entered from the frame below it. */
export function describeEntry(sim: Simulation, vcpuId: number): string {
    const v = sim.state.vcpus[vcpuId];
    const f = v.frames[v.frames.length - 1];
    const parent = v.frames[v.frames.length - 2];
    if (!f) return m.noFrame();
    const label = frameLabel(f.name);
    if (!parent) return label;
    switch (f.kind) {
        case 'kernel':
            return pageFaultEntry(sim, v, f) ?? m.entrySyscall(label, paramsText(sim, v, f));
        case 'hypervisor': {
            if (f.name.startsWith('hypercall ')) return `${label}(${paramsText(sim, v, f)})`;
            const instruction = trappingInstruction(sim, v, parent, f);
            const entry = f.name.startsWith('VM exit ') ? `${label}: ${instruction}` : f.name.startsWith('callout ') ? m.entryCallout(instruction, handlerOf(f)) : m.entryTrap(instruction, handlerOf(f));
            return entry + (pageFaultToMonitor(f) ?? '');
        }
        case 'host':
            return m.entryWorldSwitch(label, paramsText(sim, v, f));
        case 'hardware':
            return `${label}(${paramsText(sim, v, f)})`;
        default:
            return label;
    }
}

/** `countdown line 24`, `syscall write (os.vmdef:14)`. */
export function whereText(name: string, location: SourceLocation | undefined): string {
    if (!location) return frameLabel(name);
    return `${frameLabel(name)} (${nodePath.basename(location.file)}:${location.line})`;
}

/** Describes a single step of `vcpuId` given the frame depth before it. */
export function describeStep(sim: Simulation, vcpuId: number, depthBefore: number): string {
    const v = sim.state.vcpus[vcpuId];
    const depth = v.frames.length;
    if (v.done) return m.vcpuFinished(v.name);
    if (depth > depthBefore) return describeEntry(sim, vcpuId);
    const f = v.frames[depth - 1];
    const ins = f.code?.instrs[Math.min(f.pc, f.code.instrs.length - 1)];
    if (depth < depthBefore) return m.returnedTo(whereText(f.name, ins?.loc ?? f.at));
    return m.stepAt(whereText(f.name, ins?.loc ?? f.at));
}

const SUMMARY_LAYERS = [
    ['guest', m.layerGuest], ['kernel', m.layerKernel], ['hypervisor', m.layerHypervisor], ['host', m.layerHost], ['waiting', m.layerWaiting],
] as const;

const STATUS_WORDS: Record<string, () => string> = {
    running: m.statusRunning, halted: m.statusHalted, faulted: m.statusFaulted, 'host-failed': m.statusHostFailed, limit: m.statusLimit,
};

/** A VM status in words (`halted`; in Korean `정상 종료`). */
export function statusWord(status: string): string {
    return STATUS_WORDS[status]?.() ?? status;
}

/** The debugger's summary when a run ends: per VM its status, instructions and cycles by layer. */
export function runSummary(result: SimulationResult): string {
    const lines = result.vms.map((vm) => {
        const layers = SUMMARY_LAYERS.map(([l, word]) => m.summaryLayer(word(), vm.cycles[l])).join(', ');
        const why = vm.stop ? ` — ${localizedStop(vm.stop)}` : '';
        return m.summaryVm(vm.name, vm.hypervisor ?? m.nativeOn(vm.hardware ?? ''), statusWord(vm.status), why, vm.instructions, vm.cycles.total, layers);
    });
    lines.push(m.summaryCycles(result.cycles));
    return lines.join('\n') + '\n';
}

/** Where a frame is (or was, at `pc`): `countdown (type1.vmdef:23)`. */
export function describeWhere(f: Frame, pc = f.pc): string {
    const ins = f.code?.instrs[Math.min(pc, f.code.instrs.length - 1)];
    return ins ? `${frameLabel(f.name)} (${nodePath.basename(ins.loc.file)}:${ins.loc.line})` : frameLabel(f.name);
}
