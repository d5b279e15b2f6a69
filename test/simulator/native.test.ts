// Native runs (LANGUAGE.md §9): a VM declared on hardware owns the machine — nothing traps,
// nothing is translated, sensitive instructions do what the hardware does, at the hardware's
// preset's native costs — and issue 14's fidelity and cost bugs, each with a regression test.
import { describe, expect, it } from 'vitest';
import { FLAG_IF, HOST_CPUID } from '../../simulator/cpu/semantics.js';
import { box, costsOf, run, vm } from './helpers.js';

const HW = (extra = '') => `hardware box { cpu 2 cores @ 1 GHz memory 1 GiB device com1: serial ${extra} }\n`;
const native = (body: string, extra = '', os = '', memory = '16 MiB') => `${HW(extra)}vm bare${os} on box { memory ${memory} run p }\nprogram p {\n${body}\n}\n`;

describe('a native VM', () => {
    it('runs every instruction as the hardware does: no exits, no hypervisor cycles, native costs', async () => {
        const body = 'lidt 0x5000\nsidt r1\nout com1, r1\ncli\npushf\npop r2\nand r2, 0x200\nout com1, r2\ncpuid r3\nout com1, r3\nhlt';
        const { sim, result } = await run(native(body));
        const c = costsOf(sim, 'box');
        const t = vm(result, 'bare');
        expect(t.console).toBe(`${0x5000}\n0\n${HOST_CPUID}\n`);
        expect(t.hypervisor).toBeNull();
        expect(t.native).toBe(true);
        expect(t.hardware).toBe('box');
        expect(t.exits).toEqual({});
        expect(t.fidelityViolations).toBe(0);
        expect(t.cycles.hypervisor).toBe(0);
        // 11 instructions: three outs pay the real device, cli the interrupt mask
        expect(t.cycles.kernel).toBe(9 * c.instruction + 3 * c.io + c.irq_mask + c.instruction);
        expect(result.hypervisors.find((h) => h.name === 'box')).toMatchObject({ kind: 'native', technique: 'native', costPreset: 'modern', pcpus: 2 });
    });

    it('popf really sets the interrupt flag (what full virtualization loses)', async () => {
        const body = `cli\npush ${FLAG_IF}\npopf\npushf\npop r1\nand r1, ${FLAG_IF}\nout com1, r1\nhlt`;
        expect(vm((await run(native(body))).result, 'bare').console).toBe(`${FLAG_IF}\n`);
    });

    it('syscalls enter the OS kernel at the native cost; a privileged instruction in user code is #GP', async () => {
        // 1 MiB: linux boots without paging, two kernel instructions (cmp, jl)
        const { sim, result } = await run(native('syscall write(com1, 7)\nsyscall exit(0)', 'costs p4_2006', ': linux', '1 MiB'));
        const c = costsOf(sim, 'box');
        const t = vm(result, 'bare');
        expect(t.console).toBe('7\n');
        expect(t.status).toBe('halted');
        expect(t.cycles.kernel).toBe(2 * c.instruction + 2 * c.syscall + 2 * c.instruction + c.io);
        expect(t.cycles.hypervisor).toBe(0);
        const gp = vm((await run(native('cli', '', ': linux'))).result, 'bare');
        expect(gp.status).toBe('faulted');
        expect(gp.stop?.reason).toContain('#GP');
    });

    it('linux boots with paging and demand-pages on bare metal: the MMU walks its tables, no hypervisor anywhere', async () => {
        const body = 'mov r2, 0x10000000\nstore [r2], 5\nadd r2, 4096\nstore [r2], 6\nload r1, [0x10000000]\nsyscall write(com1, r1)\nsyscall exit(0)';
        const t = vm((await run(native(body, '', ': linux'))).result, 'bare');
        expect(t.console).toBe('5\n');
        expect(t.status).toBe('halted');
        expect(t.exits).toEqual({});
        expect(t.cycles.hypervisor).toBe(0);
        expect(t.memory).toMatchObject({ paging: 'native', guestPageFaults: 2, hiddenPageFaults: 0, eptViolations: 0, shadowsBuilt: 0, refused: 0 });
        expect(t.memory.tlbMisses).toBeGreaterThan(0);
        expect(t.memory.walkRefs).toBe(2 * t.memory.tlbMisses);
    });

    it('vCPUs default to every pCPU, each on its own', async () => {
        const text = `${HW()}vm bare on box { run p run q on vcpu 1 }\nprogram p { mov r1, 100\nl: dec r1\njnz l\nhlt }\nprogram q { mov r1, 100\nl: dec r1\njnz l\nhlt }\n`;
        const { result } = await run(text);
        const t = vm(result, 'bare');
        expect(t.status).toBe('halted');
        expect(t.cycles.waiting).toBe(0);
        expect(new Set(result.timeline.map((s) => s.pcpu))).toEqual(new Set([0, 1]));
    });

    it('uses the hardware\'s cost preset, which a hypervisor on such hardware inherits', async () => {
        const { sim } = await run(`${HW('costs p4_2006 { io 3000 }')}hypervisor hv: type1 on box\nvm v on hv { devices com1 run p }\nprogram p { hlt }\n`);
        expect(costsOf(sim, 'hv').io).toBe(3000);
        expect(costsOf(sim, 'hv').syscall).toBe(242);
    });
});

describe('issue 14', () => {
    it('after lidt 0x5000, sidt shows 0x5000 under binary and hardware (not a constant)', async () => {
        for (const technique of ['binary', 'hardware']) {
            const text = `${box(technique, '', technique === 'hardware' ? 'extensions vtx' : '')}vm t on hv { memory 16 MiB devices com1 run p }\nprogram p {\nsidt r1\nout com1, r1\nlidt 0x5000\nsidt r2\nout com1, r2\nhlt\n}\n`;
            expect(vm((await run(text)).result, 't').console, technique).toBe(`${0x2000}\n${0x5000}\n`);
        }
    });

    it('p4_2006: a VT-x `in` of an emulated device costs 15,826 cycles, the exit counted once', async () => {
        const text = `${box('hardware', 'costs p4_2006', 'extensions vtx')}vm t on hv { memory 16 MiB devices com1 run p }\nprogram p {\nin r1, com1\n}\n`;
        const t = vm((await run(text)).result, 't');
        expect(t.cycles.hypervisor).toBe(15_826);
    });

    it('p4_2006: binary translation answers `in` from its device model (215 cycles, not the real device\'s 3,209)', async () => {
        const text = `${box('binary', 'costs p4_2006')}vm t on hv { memory 16 MiB devices com1 run p }\nprogram p {\nin r1, com1\n}\n`;
        const { sim, result } = await run(text);
        const t = vm(result, 't');
        expect(t.cycles.hypervisor - costsOf(sim, 'hv').translate).toBe(215);
    });

    it('binary translates cli / sti inline: no callout, no exit', async () => {
        const text = `${box('binary', 'costs p4_2006')}vm t on hv { memory 16 MiB devices com1 run p }\nprogram p {\ncli\nsti\n}\n`;
        const { sim, result } = await run(text);
        const t = vm(result, 't');
        expect(t.exits).toEqual({});
        expect(t.cycles.kernel).toBe(2 * costsOf(sim, 'hv').inline);
    });
});
