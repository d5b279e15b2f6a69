// "Who runs this code" (language/code-context.ts): the answers the validator, the simulator
// and the debugger share.
import { describe, expect, it } from 'vitest';
import type { Os, Program, Vm, Hypervisor } from '../../language/generated/ast.js';
import {
    buildWorkspaceModel, hardwareCallingSyscall, programContexts, syscallsCalledBy, techniqueOf, vmsRunning, vmsUsingOs, workspaceModel,
} from '../../language/code-context.js';
import { loadOf, neededRatio } from '../../language/overcommit.js';
import { check } from './check-helper.js';

const text = `hardware a { cpu 4 cores memory 8 GiB device com1: serial }
hardware b { cpu 4 cores memory 8 GiB device com1: serial }
hypervisor ha: type1 on a { virtualization binary }
hypervisor hb: type1 on b
vm one: linux on ha { vcpus 2 memory 2 GiB run p run p on vcpu 1 }
vm two on hb { vcpus 3 memory 1 GiB run p }
vm three: linux on hb { run q }
program p { syscall write(com1, 1) }
program q { syscall exit(0) }
`;

describe('code context', () => {
    it('groups VMs by program, OS and hypervisor in one pass, in workspace order', async () => {
        const checked = await check(text);
        const model = workspaceModel(checked.workspace.services.shared);
        const byName = <T extends { name: string }>(name: string) =>
            checked.workspace.documents[0].parseResult.value.elements.find((e) => 'name' in e && e.name === name) as unknown as T;
        const p = byName<Program>('p');
        expect(vmsRunning(p, model).map((vm) => vm.name)).toEqual(['one', 'two']);
        const linux = byName<Vm>('one').os!.ref as Os;
        expect(vmsUsingOs(linux, model).map((vm) => vm.name)).toEqual(['one', 'three']);
        expect(programContexts(p, model).map((c) => [c.vm.name, c.privilege, c.technique, c.os?.name, c.hardware?.name]))
            .toEqual([['one', 'user', 'binary', 'linux', 'a'], ['two', 'kernel', 'full', undefined, 'b']]);
        expect(techniqueOf(byName<Hypervisor>('hb'))).toBe('full');
        expect([...syscallsCalledBy(p)]).toEqual(['write']);
        expect([...hardwareCallingSyscall(linux, 'write', model)].map((h) => h.name)).toEqual(['a']);
        expect([...hardwareCallingSyscall(linux, 'exit', model)].map((h) => h.name)).toEqual(['b']);
        // The same model from the documents directly, without services.
        const again = buildWorkspaceModel([...checked.workspace.stdlib, ...checked.workspace.documents]);
        expect(again.vms.map((vm) => vm.name)).toEqual(['one', 'two', 'three']);
        expect(again.isStdlib(linux)).toBe(true);
        expect(again.hypercalls.has('console_io')).toBe(true);
    });

    it('is cached per build and rebuilt after a change', async () => {
        const checked = await check(text);
        const shared = checked.workspace.services.shared;
        const first = workspaceModel(shared);
        expect(workspaceModel(shared)).toBe(first);
        await shared.workspace.DocumentBuilder.update([], []); // any update clears the per-build cache
        expect(workspaceModel(shared)).not.toBe(first);
    });

    it('sums a hypervisor\'s load and computes the ratio a quick fix needs', async () => {
        const checked = await check(text);
        const model = workspaceModel(checked.workspace.services.shared);
        const hb = checked.workspace.documents[0].parseResult.value.elements.find((e) => e.$type === 'Hypervisor' && e.name === 'hb') as Hypervisor;
        const load = loadOf(hb, model);
        expect(load.vms.map((vm) => vm.name)).toEqual(['two', 'three']);
        expect(load.cpu).toMatchObject({ demand: 4, usable: 4, verdict: 'ok' });
        expect(load.memory.demand).toBe(1024 ** 3); // `three` declares no memory
        expect(neededRatio({ ...load.cpu, ratio: 1.71 })).toBe(1.8);
        expect(neededRatio({ ...load.cpu, ratio: 2 })).toBe(2);
    });
});
