// `os NAME: BASE` (language/os-members.ts): an OS built on another keeps the base's system calls,
// handlers and boot unless it writes one of the same name; a cycle of bases is reported.
import { describe, expect, it } from 'vitest';
import type { Os } from '../../language/generated/ast.js';
import { bootOf, isParavirtualized, syscallsOf, vectorsOf } from '../../language/os-members.js';
import { check, rangeOf } from './check-helper.js';
import { checkWorkspace } from '../../language/workspace.js';
import { run, vm } from '../simulator/helpers.js';

const BASE = `os base {
    boot { mov r2, 7 }
    syscall put(dev, value) { out dev, value }
    syscall exit(code) { hlt }
    fault divide_error() { abort "base: divide error\\n" }
}
`;
const DERIVED = `os derived: base {
    syscall put(dev, value) { add value, 1 out dev, value }
}
`;
const SYSTEM = `hardware box { cpu 2 cores memory 4 GiB extensions vtx device com1: serial }
hypervisor hv: type1 on box { virtualization hardware }
program p { mov r1, 65 syscall put(com1, r1) mov r1, 0 div r1, r1 syscall exit(0) }
vm a: base on hv { memory 1 MiB devices com1 run p }
vm b: derived on hv { memory 1 MiB devices com1 run p }
`;

describe('os inheritance', () => {
    it('reads the base into the AST; the members merge with the nearest declaration winning', async () => {
        const checked = await check(BASE + DERIVED + SYSTEM);
        expect(checked.diagnostics['main.vmdef']).toEqual([]);
        const oses = checked.workspace.documents[0].parseResult.value.elements.filter((e) => e.$type === 'Os') as Os[];
        const derived = oses.find((o) => o.name === 'derived')!;
        expect(derived.base?.ref?.name).toBe('base');
        expect(syscallsOf(derived).map((s) => [s.name, (s.$container as Os).name])).toEqual([['put', 'derived'], ['exit', 'base']]);
        expect(vectorsOf(derived).map((h) => h.name)).toEqual(['divide_error']);
        expect((bootOf(derived)?.$container as Os).name).toBe('base');
        expect(isParavirtualized(derived)).toBe(false);
    });

    it('runs the base\'s boot, system calls and handlers, and its own in place of the base\'s', async () => {
        const { result } = await run(BASE + DERIVED + SYSTEM);
        // `put` of derived adds 1: 66 where base prints 65; both die in base's divide_error handler
        expect(vm(result, 'a').console).toBe('65\nbase: divide error\n');
        expect(vm(result, 'b').console).toBe('66\nbase: divide error\n');
        expect(vm(result, 'b').instructions).toBe(vm(result, 'a').instructions + 1);
    });

    it('checks a program against the inherited system calls (unknown-syscall lists them all)', async () => {
        const checked = await check(BASE + DERIVED + SYSTEM.replace('syscall exit(0)', 'syscall quit(0)'));
        const messages = checked.diagnostics['main.vmdef'].filter((d) => d.code === 'unknown-syscall').map((d) => d.message);
        expect(messages.some((m) => m.includes("'derived'") && m.includes('put') && m.includes('exit'))).toBe(true);
    });

    it('reports a cycle of bases on the base name', async () => {
        const text = 'os a: b { syscall x() { nop } }\nos b: a { syscall y() { nop } }\n';
        const checked = await check(text);
        // each OS of the cycle, on the name of its base
        const found = checked.diagnostics['main.vmdef'].filter((d) => d.code === 'os-inheritance-cycle');
        expect(found.map((d) => [d.message, d.range, d.severity])).toEqual([
            ["os 'a' is built on itself: a → b → …; an OS's bases must end in an OS built on none", rangeOf(text, 'b'), 1],
            ["os 'b' is built on itself: b → a → …; an OS's bases must end in an OS built on none", rangeOf(text, 'a', 2), 1],
        ]);
    });

    it('the standard library\'s windows_hv is windows with one enlightenment, its boot included', async () => {
        const library = await checkWorkspace([], undefined, 'whole');
        const windowsHv = library.stdlib.flatMap((d) => d.parseResult.value.elements).find((e) => e.$type === 'Os' && (e as Os).name === 'windows_hv') as Os;
        expect(windowsHv.base?.ref?.name).toBe('windows');
        expect((bootOf(windowsHv)?.$container as Os).name).toBe('pc_kernel');
        expect(syscallsOf(windowsHv).find((s) => s.name === 'KeFlushMultipleTb')?.$container).toBe(windowsHv);
    });

    it('linux and windows share pc_kernel\'s boot, tick and host drivers, and no system call', async () => {
        const checked = await check('');
        const os = (name: string) => checked.workspace.stdlib.flatMap((d) => d.parseResult.value.elements).find((e) => e.$type === 'Os' && (e as Os).name === name) as Os;
        const [base, linux, windows] = [os('pc_kernel'), os('linux'), os('windows')];
        expect(syscallsOf(base)).toEqual([]);
        for (const each of [linux, windows]) {
            expect(bootOf(each)).toBe(bootOf(base));
            expect(vectorsOf(each).find((h) => h.name === 'timer')?.$container).toBe(base);
            // their own: the system calls and the exception handlers, whose messages differ
            expect(vectorsOf(each).filter((h) => h.kind === 'fault').every((h) => h.$container === each)).toBe(true);
        }
        const names = (o: Os) => syscallsOf(o).map((s) => s.name);
        expect(names(windows).filter((n) => names(linux).includes(n))).toEqual([]);
    });

    it('os-without-syscalls on a VM declared on the base, on the OS name', async () => {
        const text = `hardware box { cpu 2 cores memory 4 GiB }\nhypervisor hv: type1 on box\nvm v: pc_kernel on hv\nvm w: linux on hv\n`;
        const found = (await check(text)).diagnostics['main.vmdef'].filter((d) => d.code === 'os-without-syscalls');
        expect(found.map((d) => [d.message, d.range, d.severity])).toEqual([
            ["OS 'pc_kernel' has no system calls (nor has any OS it is built on): it is a base for other OSes ('os NAME: pc_kernel { ... }'), and a program on it could not call its kernel; declare the VM on an OS built on it",
                rangeOf(text, 'pc_kernel'), 2],
        ]);
    });

    it('an inherited handler runs under the name of the VM\'s OS: linux and windows on one host', async () => {
        const programs = 'program p { syscall exit(0) }\nprogram q { syscall NtTerminateProcess(0) }\n';
        const text = `hardware box { cpu 2 cores memory 4 GiB }\nhypervisor hv: type1 on box\nvm l: linux on hv { memory 16 MiB run p }\nvm w: windows on hv { memory 16 MiB run q }\n${programs}`;
        const { sim } = await run(text);
        const names = sim.codes.map((c) => c.name);
        for (const name of ['linux.timer', 'windows.timer', 'linux.boot', 'windows.boot']) expect(names.filter((n) => n === name)).toEqual([name]);
    });
});
