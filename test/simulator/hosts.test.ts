// Type 1 vs Type 2 (host OS drivers, world switches), fault injection, cost presets.
import { describe, expect, it } from 'vitest';
import { COST_NAMES } from '../../language/isa.js';
import { box, costsOf, run, vm } from './helpers.js';

const HOSTED = `hardware laptop { cpu 3 cores @ 1 GHz memory 8 GiB device com1: serial }
hypervisor hosted: type2 on laptop { host linux { reserve 1 cpus, 1 GiB } virtualization full }
`;

describe('cost presets', () => {
    it('the standard library presets define every cost entry', async () => {
        for (const preset of ['modern', 'p4_2006']) {
            const text = `hardware b { cpu 1 cores memory 1 GiB }\nhypervisor hv: type1 on b { costs ${preset} }\n`;
            const { sim } = await run(text);
            const c = costsOf(sim, 'hv');
            // `modern` delivers a guest's exceptions under VT-x at native cost: no extra
            for (const name of COST_NAMES) expect(c[name], `${preset}.${name}`).toBeGreaterThan(preset === 'modern' && name === 'exception_vmx' ? -1 : 0);
        }
    });
});

describe('Type 2', () => {
    it('every hardware command goes through the host OS driver, a world switch each way', async () => {
        const { sim, result } = await run(`${HOSTED}vm t on hosted { memory 16 MiB devices com1 run p }\nprogram p {\nout com1, 7\nhlt\n}\n`);
        const c = costsOf(sim, 'hosted');
        const t = vm(result, 't');
        expect(t.console).toBe('7\n');
        // io_out: hw emulate() (hypervisor), hw io_write (hypervisor instruction, then host linux io_write:
        // world switch in, hw io_write + io in the host, world switch back); halt: hw halt → host linux halt
        expect(t.cycles.hypervisor).toBe(2 * c.trap + 3 * c.instruction + c.emulate);
        expect(t.cycles.host).toBe(3 * c.world_switch + 2 * c.instruction + c.io);
        expect(t.exits).toEqual({ io: 1, hlt: 1 });
    });

    it('fail host stops every guest of that host; a Type 1 guest elsewhere goes on', async () => {
        const text = `${HOSTED.replace('virtualization full', 'virtualization full fail host at 1 ms')}
${box('full')}
vm a on hosted { memory 16 MiB devices com1 run spin }
vm b on hosted { memory 16 MiB devices com1 run spin }
vm c on hv { memory 16 MiB devices com1 run short }
program spin {
loop:   jmp loop
}
program short {
        mov r1, 100000
loop:   dec r1
        jnz loop
        out com1, "done\\n"
        hlt
}
`;
        const { result } = await run(text);
        expect(vm(result, 'a').status).toBe('host-failed');
        expect(vm(result, 'b').status).toBe('host-failed');
        expect(vm(result, 'a').stop?.reason).toMatch(/host OS linux/);
        expect(vm(result, 'c').status).toBe('halted');
        expect(vm(result, 'c').console).toBe('done\n');
        const hosted = result.hypervisors.find((h) => h.name === 'hosted')!;
        expect(hosted.hostFailedAt).toBe(1_000_000);
        // each spinning guest ran until the failure (1 GHz: 1 ms = 10^6 cycles) and not past it
        expect(vm(result, 'a').cycles.kernel).toBe(1_000_000);
    });

    it('fail at stops that VM alone', async () => {
        const text = `${box('full', 'overcommit cpu 2.0')}
vm doomed on hv { memory 16 MiB devices com1 run spin fail at 20 us }
vm fine on hv { memory 16 MiB devices com1 run short }
program spin {
loop:   jmp loop
}
program short {
        out com1, "ok\\n"
        hlt
}
`;
        const { result } = await run(text);
        const doomed = vm(result, 'doomed');
        expect(doomed.status).toBe('faulted');
        expect(doomed.stop?.reason).toBe('fail at 20000 cycles');
        expect(doomed.cycles.kernel).toBe(20_000);
        expect(vm(result, 'fine').status).toBe('halted');
        expect(vm(result, 'fine').console).toBe('ok\n');
    });
});
