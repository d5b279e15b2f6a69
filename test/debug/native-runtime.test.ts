// Debugging a native VM (LANGUAGE.md §9): its stack has no hypervisor layer — a `syscall` enters
// the guest kernel and its `out` runs there, on the real device — and the views describe the
// bare machine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { frames, hosts } from '../../debugger/views.js';
import { DebugRuntime, loadSimulation } from '../../debugger/runtime.js';
import { readLaunchFile } from '../../debugger/read-source.js';

const TEXT = `hardware box { cpu 1 cores memory 1 GiB device com1: serial }
vm bare: linux on box { memory 16 MiB run p }
program p {
    syscall write(com1, 7)
    syscall exit(0)
}
`;

describe('a native VM in the debugger', () => {
    it('steps from the program into the kernel and through its out without a hypervisor frame', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-native-debug-'));
        const file = path.join(dir, 'native.vmdef');
        fs.writeFileSync(file, TEXT);
        const sim = await loadSimulation({ program: file }, readLaunchFile);
        const rt = new DebugRuntime(sim, { console: () => undefined, info: () => undefined });
        expect(hosts(sim).map((h) => [h.hypervisor, h.kind, h.technique])).toEqual([['box', 'native', 'native']]);
        const kinds: string[][] = [];
        for (let i = 0; i < 4 && !sim.finished; i++) {
            await rt.stepIn(0);
            kinds.push(frames(sim, 0).map((f) => f.kind));
        }
        expect(kinds.flat()).not.toContain('hypervisor');
        expect(kinds[0]).toEqual(['kernel', 'guest']);
        expect(sim.result().vms[0]).toMatchObject({ hypervisor: null, native: true, hardware: 'box' });
    });
});
