// Seeded random workspaces with devices (docs/language.md, Devices and I/O) for the differential
// tests: serial ports with input waiting at boot and arriving later, disks and nics moved by DMA
// (request blocks in guest memory, some of them outside it: refused), virtio rings, passthrough
// through the IOMMU, completion and arrival interrupts taken by a `lidt` handler or by an OS,
// the timer, `hlt` waiting for them. Natively and under full, binary, hardware (with and without
// APICv); one or two VMs per host. Deterministic: the same seed, the same text.
import { prng, Rng } from '../helpers/prng.js';

const TECHNIQUES = ['full', 'binary', 'hardware', 'native'] as const;
/** The VMs' memory: 64 KiB, so addresses past it (refused DMA) are easy to reach. */
const MEMORY = 0x10000;

/** An address for a request block, a buffer or a ring: mostly inside the VM's memory, sometimes past or across its end. */
function address(r: Rng): number {
    if (r.chance(0.15)) return r.pick([MEMORY - 8, MEMORY, MEMORY + 0x1000, 0x7ffffff0]);
    return 0x4000 + 0x100 * r.int(0, 40);
}

/** Stores a five-word DMA request block at `at`, some of its words out of range. */
function request(r: Rng, at: number): string[] {
    const op = r.chance(0.9) ? r.pick([1, 2]) : r.pick([0, 3]);
    const length = r.chance(0.9) ? r.pick([0, 4, 64, 512, 4096]) : r.pick([-4, 70000]);
    return [
        `store [${at}], ${op}`,
        `store [${at + 4}], ${address(r)}`,
        `store [${at + 8}], ${length}`,
        `store [${at + 12}], ${r.int(0, 9)}`,
    ];
}

/** Lines of device-heavy kernel code: serial reads and writes, DMA requests and rings, the timer, masks and waits. */
function deviceLines(r: Rng, n: number, t: { dma: string[]; timer: string; virtio: boolean }): string[] {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
        const kind = r.int(0, 9);
        if (kind <= 1) lines.push(`in r${r.int(0, 4)}, com1`);
        else if (kind === 2) lines.push(`out com1, r${r.int(0, 5)}`);
        else if (kind <= 4 && t.dma.length > 0) {
            const dev = r.pick(t.dma);
            const block = 0x1000 + 0x40 * r.int(0, 20);
            lines.push(...request(r, block));
            if (t.virtio && r.chance(0.6)) {
                // a ring of one or two requests (the second one's block may be anywhere)
                const ring = 0x3000 + 0x40 * r.int(0, 10);
                const count = r.pick([1, 2, 2, 70]);
                lines.push(`store [${ring}], ${count}`, `store [${ring + 4}], ${block}`, `store [${ring + 8}], ${address(r)}`, `out ${dev}, ${ring}`);
            } else lines.push(`out ${dev}, ${r.chance(0.85) ? block : address(r)}`);
            if (r.chance(0.3)) lines.push(`load r${r.int(0, 4)}, [${block + 16}]`);
        } else if (kind === 5 && t.dma.length > 0) lines.push(`in r${r.int(0, 4)}, ${r.pick(t.dma)}`);
        else if (kind === 6) lines.push(`out ${t.timer}, ${r.pick([1, 50, 700, 3000, 9000])}`);
        else if (kind === 7) lines.push(r.pick(['cli', 'sti', 'sti']));
        else if (kind === 8) lines.push('hlt');
        else lines.push(`add r${r.int(0, 4)}, ${r.int(1, 9)}`);
    }
    return lines;
}

function indent(lines: string[]): string {
    return lines.map((l) => `    ${l}`).join('\n');
}

function serialInput(r: Rng): string {
    const parts: string[] = [];
    if (r.chance(0.7)) parts.push(`input "${r.pick(['hi', 'abc', 'x'])}"`);
    for (let k = r.int(0, 3); k > 0; k--) parts.push(`input at ${r.pick([1, 2, 5, 9, 20])} us "${r.pick(['!', 'ok', 'z'])}"`);
    return parts.length ? `{ ${parts.join(' ')} }` : '';
}

export function randomDeviceScenario(seed: number, tag: string): { text: string; maxCycles: number } {
    const r = new Rng(prng(seed));
    const technique = r.pick(TECHNIQUES);
    const apicv = technique === 'hardware' && r.chance(0.5) ? ', apicv' : '';
    const timer = `t${tag}`;
    const lines: string[] = [];
    lines.push(`hardware hw${tag} { cpu ${r.int(1, 2)} cores @ 1 GHz memory 1 GiB extensions vtx${apicv}, vtd ` +
        `device com1: serial ${serialInput(r)} device disk0: disk { latency ${r.pick([1, 3, 10])} us } ` +
        `device nic0: nic { latency ${r.pick([1, 2, 7])} us } device ${timer}: timer }`);
    const host = technique === 'native' ? `hw${tag}` : `hv${tag}`;
    if (technique !== 'native') {
        const preset = r.pick(['modern', 'p4_2006', 'modern { trap 77 exit 91 device 13 inject 5 exception 3 }']);
        lines.push(`hypervisor hv${tag}: type1 on hw${tag} { virtualization ${technique} overcommit cpu 8.0 costs ${preset} }`);
    }
    // a native VM owns its machine: one per hardware
    const vms = technique === 'native' ? 1 : r.int(1, 2);
    // the nic passed through to the first VM (then it is nobody else's), else emulated or absent
    const passNic = technique !== 'native' && r.chance(0.4);
    for (let i = 0; i < vms; i++) {
        const name = `k${tag}_${i}`;
        const virtio = technique !== 'native' && r.chance(0.5);
        const nic = technique === 'native' || (passNic ? i === 0 : r.chance(0.5));
        const dma = ['disk0', ...(nic ? ['nic0'] : [])];
        const devices = technique === 'native' ? '' : `devices com1, disk0${virtio ? ' virtio' : ''}, ${timer}${nic && !passNic ? ', nic0' : ''}${nic && passNic ? ' passthrough nic0' : ''}`;
        const body = indent(deviceLines(r, r.int(6, 24), { dma, timer, virtio }));
        const handler = indent(['inc r5', ...(r.chance(0.4) ? ['in r6, com1'] : []), ...(r.chance(0.3) ? [`out ${timer}, ${r.int(100, 900)}`] : []), 'iret']);
        lines.push(`program ${name} {\n    lidt on_event\n    ${r.chance(0.8) ? 'sti' : 'nop'}\n${body}\n    out com1, r5\n    cli\n    hlt\non_event:\n${handler}\n}`);
        lines.push(`vm v${name} on ${host} { memory 64 KiB ${devices} run ${name} }`);
    }
    return { text: lines.join('\n') + '\n', maxCycles: r.pick([20_000, 60_000]) };
}
