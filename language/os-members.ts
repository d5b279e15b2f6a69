// What an `os` has, its own and what it inherits: `os windows_hv: windows { ... }` is windows
// with the members it writes itself put in place of the base's of the same name (a syscall, a
// host driver, a fault or interrupt handler, the boot). The chain is followed from the OS to its
// first ancestor; a cycle (reported as `os-inheritance-cycle`) ends it where it closes.
import type { Boot, Handler, Os, Routine, Statement, SyscallDecl, VectorHandler } from './generated/ast.js';

/** The OS then its ancestors, nearest first, each once. */
export function osChain(os: Os): Os[] {
    const chain: Os[] = [];
    for (let at: Os | undefined = os; at && !chain.includes(at); at = at.base?.ref) chain.push(at);
    return chain;
}

/** The OS inherits from itself through its bases. */
export function inheritsFromItself(os: Os): boolean {
    const chain = osChain(os);
    return chain[chain.length - 1].base?.ref !== undefined && chain.includes(chain[chain.length - 1].base!.ref!);
}

/** Members by name, the nearest declaration winning; in the order the nearest OS writes them. */
function merged<T>(os: Os, own: (os: Os) => readonly T[], key: (member: T) => string): T[] {
    const seen = new Set<string>();
    const result: T[] = [];
    for (const at of osChain(os)) {
        for (const member of own(at)) {
            const k = key(member);
            if (seen.has(k)) continue;
            seen.add(k);
            result.push(member);
        }
    }
    return result;
}

export function syscallsOf(os: Os): SyscallDecl[] {
    return merged(os, (o) => o.syscalls, (s) => s.name);
}

/** Routines the OS's system calls may be bound to: its own and its ancestors'. */
export function routinesOf(os: Os): Routine[] {
    return merged(os, (o) => o.routines, (r) => r.name);
}

/** The code a system call runs: its own body, or the body of the routine it is bound to. */
export function syscallCode(syscall: SyscallDecl): { owner: SyscallDecl | Routine; body: Statement[]; params: string[] } | undefined {
    if (!syscall.routine) return { owner: syscall, body: syscall.body, params: syscall.params.map((p) => p.name) };
    const routine = syscall.routine.ref;
    return routine && { owner: routine, body: routine.body, params: routine.params.map((p) => p.name) };
}

export function driversOf(os: Os): Handler[] {
    return merged(os, (o) => o.drivers, (d) => d.name);
}

/** Fault and interrupt handlers: `fault page_fault` and `interrupt timer` are different names. */
export function vectorsOf(os: Os): VectorHandler[] {
    return merged(os, (o) => o.vectors, (h) => `${h.kind} ${h.name}`);
}

/** The boot the OS runs: its own, else the nearest ancestor's. */
export function bootOf(os: Os): Boot | undefined {
    return osChain(os).find((o) => o.boots.length > 0)?.boots[0];
}

/** A kernel is paravirtualized when it, or an OS it is built on, says so. */
export function isParavirtualized(os: Os): boolean {
    return osChain(os).some((o) => o.paravirtualized);
}
