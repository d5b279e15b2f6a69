// What the Debug Console offers while typing an expression: the names the expression language
// reads in the frame — registers and flags, the frame's parameters, the scopes' prefixes and
// their figures (`vm.exits.io`, `host.pcpus.pcpu0`), children after a dot — and the memory
// syntax `[a]` and `translate(a)`. Built from the same trees as the Variables view (inspect.ts), so what is offered
// is exactly what evaluates.
import { SCOPES, type Inspector, type ScopeName, type VarNode } from '../inspect.js';
import { REGISTER_NAMES } from '../../simulator/cpu/code.js';
import { WATCHABLE } from '../watches.js';
import { machineCodeMessages as m } from './messages.js';
import { memoryMessages as mm } from '../memory/messages.js';

export interface Completion {
    label: string;
    /** What replaces the word being typed (defaults to the label). */
    text?: string;
    kind: 'variable' | 'property' | 'module' | 'snippet';
    detail?: string;
    /** Where the word being typed starts in the line (0-based) and its length. */
    start: number;
    length: number;
}

const PREFIXES: Record<string, ScopeName> = { registers: 'Registers', vcpu: 'Virtual CPU', vm: 'VM', hypervisor: 'Hypervisor', host: 'Host', memory: 'Memory' };
const NAME = /^[A-Za-z_]\w*$/;

/** Completions of the word before `cursor` (0-based) in `text`, in a frame. */
export function complete(inspector: Inspector, vcpu: number, frame: number, text: string, cursor: number): Completion[] {
    const before = text.slice(0, Math.max(0, Math.min(cursor, text.length)));
    const word = /[A-Za-z_][\w.]*$|$/.exec(before)![0];
    const dot = word.lastIndexOf('.');
    const typed = word.slice(dot + 1);
    const start = before.length - typed.length;
    const offer = (names: { name: string; kind: Completion['kind']; detail?: string }[]): Completion[] =>
        names.filter((n) => n.name.startsWith(typed) && NAME.test(n.name)).map((n) => ({ label: n.name, kind: n.kind, ...(n.detail ? { detail: n.detail } : {}), start, length: typed.length }));
    if (dot >= 0) {
        const path = word.slice(0, dot);
        const scope = PREFIXES[path];
        const children = scope ? inspector.scope(scope, vcpu, frame) : inspector.lookup(vcpu, frame, path)?.children;
        return offer(named(children ?? [], 'property'));
    }
    // inside `[`: an address, from a register most often
    const registers = REGISTER_NAMES.map((name) => ({ name, kind: 'variable' as const }));
    if (/\[\s*$/.test(before.slice(0, start))) return offer(registers);
    const frameNames = [...WATCHABLE, 'pc'].map((name) => ({ name, kind: 'variable' as const }));
    const params = inspector.lookup(vcpu, frame, 'params')?.children ?? [];
    const scopes = Object.keys(PREFIXES).map((name) => ({ name, kind: 'module' as const }));
    const figures = SCOPES.filter((s) => s !== 'Registers').flatMap((s) => named(inspector.scope(s, vcpu, frame), 'property'));
    const seen = new Set<string>();
    const unique = [...frameNames, ...named(params, 'variable'), ...scopes, ...figures].filter((n) => !seen.has(n.name) && seen.add(n.name));
    const memory: Completion[] = typed === '' ? [{ label: '[a]', text: '[', kind: 'snippet', detail: m.memoryWordCompletion(), start, length: 0 }] : [];
    // the one function: the walk of a virtual address (memory/walk.ts)
    const translate: Completion[] = typed !== '' && 'translate'.startsWith(typed) ? [{ label: 'translate(a)', text: 'translate(', kind: 'snippet', detail: mm.translateUsage(), start, length: typed.length }] : [];
    return [...offer(unique), ...memory, ...translate];
}

function named(nodes: VarNode[], kind: Completion['kind']): { name: string; kind: Completion['kind']; detail?: string }[] {
    return nodes.map((n) => ({ name: n.name, kind, detail: n.display ?? String(n.value) }));
}
