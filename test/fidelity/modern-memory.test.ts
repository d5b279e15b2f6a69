// LANGUAGE.md §14 under `costs modern` (VT-x with EPT): nested paging keeps the later
// literature's shape — the guest's page-table writes and page faults make no VM exit (shadow
// paging, on the same hardware without EPT, exits for each), and a TLB miss walks both
// dimensions, several times a native one.
import { describe, expect, it } from 'vitest';
import { run, vm } from '../simulator/helpers.js';

const TURNS = 100;

/** A kernel with paging on: 0x00400000 mapped, 0x00404000 not, 0x00408000 its own table. */
const PAGING = 'store [0x1004], 0x2007\nstore [0x2000], 0x10007\nstore [0x2020], 0x2003\nlcr3 0x1000\nlidt on_fault';

/** Each turn: a page-table write, and a true page fault its handler steers to a mapped page. */
const FAULTS = `${PAGING}
    mov r1, ${TURNS}
loop:
    store [0x00408004], 0x11007
    mov r4, 0x00404000
    load r2, [r4]
    dec r1
    jnz loop
    hlt
on_fault:
    mov r4, 0x00400000
    iret`;

/** 256 pages mapped and touched once, then `MISSES` loads `stride` apart (4096: a 64-entry TLB misses every one). */
const MISSES = 1000;
const walker = (stride: number): string => `store [0x1004], 0x2007
    mov r2, 0x2000
    mov r3, 0x100007
    mov r1, 256
map:
    store [r2], r3
    add r2, 4
    add r3, 4096
    dec r1
    jnz map
    lcr3 0x1000
    mov r5, 0x00400000
    mov r1, 256
warm:
    load r2, [r5]
    add r5, 4096
    dec r1
    jnz warm
    mov r5, 0x00400000
    mov r1, ${MISSES}
loop:
    load r2, [r5]
    add r5, ${stride}
    and r5, 0x004FFFFF
    dec r1
    jnz loop
    hlt`;

/** The same program natively, under VT-x with EPT, and under VT-x without (shadow paging), `costs modern`. */
function definition(body: string): string {
    const parts: string[] = [];
    for (const [name, extensions] of [['ept', 'vtx, ept'], ['shadow', 'vtx'], ['native', 'vtx']]) {
        parts.push(`hardware hw_${name} { cpu 1 cores @ 3 GHz memory 1 GiB extensions ${extensions} costs modern }`);
        if (name === 'native') parts.push(`vm vm_${name} on hw_${name} { memory 64 MiB run p }`);
        else parts.push(`hypervisor hv_${name}: type1 on hw_${name} { virtualization hardware }`, `vm vm_${name} on hv_${name} { memory 64 MiB run p }`);
    }
    return `${parts.join('\n')}\nprogram p {\n${body}\n}\n`;
}

describe.each(['exact', 'fast'] as const)('costs modern, memory (%s engine)', (engine) => {
    it('with EPT the guest\'s page-table writes and page faults make no exit; without, each one exits', async () => {
        const { result } = await run(definition(FAULTS), { engine });
        const ept = vm(result, 'vm_ept');
        expect(ept.status).toBe('halted');
        expect(ept.memory.paging).toBe('nested');
        expect(ept.memory.guestPageFaults).toBe(TURNS);
        // the loop's exits: only the first touch of a guest-physical page (EPT violations); lidt and hlt exit once
        expect(ept.exits).toEqual({ ept: ept.memory.eptViolations, idt: 1, hlt: 1 });
        expect(ept.memory.eptViolations).toBeLessThan(5);
        const shadow = vm(result, 'vm_shadow');
        expect(shadow.memory.paging).toBe('shadow');
        expect(shadow.exits.pte).toBe(TURNS);
        expect(shadow.exits.pagefault).toBeGreaterThanOrEqual(TURNS);
        // and so the guest's own paging costs it little more than natively (its walks are longer)
        const native = vm(result, 'vm_native');
        expect(ept.cycles.total).toBeLessThan(native.cycles.total * 2);
        expect(shadow.cycles.total).toBeGreaterThan(ept.cycles.total * 5);
    });

    it('a TLB miss walks both dimensions under EPT: 8 references, several times a native miss', async () => {
        const miss = (await run(definition(walker(4096)), { engine })).result;
        const hit = (await run(definition(walker(0)), { engine })).result;
        // the loads that hit in one and miss in the other (the first load misses in both)
        const misses = (name: string): number => vm(miss, name).memory.tlbMisses - vm(hit, name).memory.tlbMisses;
        const perMiss = (name: string): number => (vm(miss, name).cycles.total - vm(hit, name).cycles.total) / misses(name);
        const refsPerMiss = (name: string): number => (vm(miss, name).memory.walkRefs - vm(hit, name).memory.walkRefs) / misses(name);
        expect(misses('vm_native')).toBe(MISSES - 1);
        expect(refsPerMiss('vm_native')).toBe(2);
        expect(refsPerMiss('vm_ept')).toBe(8);
        // `walk_ref` 10: 20 natively, 80 nested
        expect(perMiss('vm_native')).toBe(20);
        expect(perMiss('vm_ept')).toBe(80);
        expect(perMiss('vm_ept') / perMiss('vm_native')).toBeGreaterThanOrEqual(3);
    });
});
