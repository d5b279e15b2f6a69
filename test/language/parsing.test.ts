import { describe, expect, it } from 'vitest';
import { parseHelper } from 'langium/test';
import { createServices } from '../../language/workspace.js';
import type { Model, Hardware, Hypervisor, Vm, Program, Op2, Jump, Label } from '../../language/generated/ast.js';

const services = createServices();
const parse = parseHelper<Model>(services);

describe('parser', () => {
    it('reads hardware with topology, clock, extensions and devices', async () => {
        const doc = await parse(`hardware rack1 {
            cpu 2 sockets x 8 cores x 2 threads @ 3.2 GHz
            memory 64 GiB
            extensions vtx, ept
            device com1: serial
            device disk0: disk { latency 80 us }
        }`);
        expect(doc.parseResult.parserErrors).toEqual([]);
        const hw = doc.parseResult.value.elements[0] as Hardware;
        expect(hw.name).toBe('rack1');
        expect(hw.cpu?.parts.map((p) => [p.count, p.unit])).toEqual([[2, 'sockets'], [8, 'cores'], [2, 'threads']]);
        expect(hw.cpu?.clock).toMatchObject({ value: 3.2, unit: 'GHz' });
        expect(hw.memory).toMatchObject({ value: 64, unit: 'GiB' });
        expect(hw.extensions).toEqual(['vtx', 'ept']);
        expect(hw.devices.map((d) => [d.name, d.kind])).toEqual([['com1', 'serial'], ['disk0', 'disk']]);
        expect(hw.devices[1].properties[0]).toMatchObject({ name: 'latency', value: { value: 80, unit: 'us' } });
    });

    it('reads hypervisors of both types with all their properties', async () => {
        const doc = await parse(`
        hypervisor xen: type1 on rack1 {
            virtualization para
            reserve 1 cpus, 2 GiB
            overcommit cpu 4.0, memory 1.0
            scheduler credit { timeslice 30 ms }
            costs modern { trap 1500 }
        }
        hypervisor vbox: type2 on laptop {
            host linux { reserve 1 cpus, 2 GiB }
            virtualization hardware
            fail host at 5 ms
        }`);
        expect(doc.parseResult.parserErrors).toEqual([]);
        const [xen, vbox] = doc.parseResult.value.elements as Hypervisor[];
        expect(xen).toMatchObject({ name: 'xen', kind: 'type1', technique: 'para' });
        expect(xen.hardware.$refText).toBe('rack1');
        expect(xen.reserve?.amounts.map((a) => [a.value, a.unit])).toEqual([[1, 'cpus'], [2, 'GiB']]);
        expect(xen.overcommit?.ratios.map((r) => [r.resource, r.value])).toEqual([['cpu', 4], ['memory', 1]]);
        expect(xen.scheduler).toMatchObject({ policy: 'credit', timeslice: { value: 30, unit: 'ms' } });
        expect(xen.costs?.preset.$refText).toBe('modern');
        expect(xen.costs?.overrides[0]).toMatchObject({ name: 'trap', value: 1500 });
        expect(vbox).toMatchObject({ kind: 'type2', technique: 'hardware' });
        expect(vbox.host?.os.$refText).toBe('linux');
        expect(vbox.failHost?.time).toMatchObject({ value: 5, unit: 'ms' });
    });

    it('reads a VM with and without an OS, several runs and fault injection', async () => {
        const doc = await parse(`
        vm web: linux on xen { vcpus 2 memory 4 GiB pin 0, 1 devices com1, disk0 passthrough eth0
            weight 512 run hello run other on vcpu 1 fail at 20 ms }
        vm tiny on xen`);
        expect(doc.parseResult.parserErrors).toEqual([]);
        const [web, tiny] = doc.parseResult.value.elements as Vm[];
        expect(web.os?.$refText).toBe('linux');
        expect(web).toMatchObject({ vcpus: 2, weight: 512, pin: { pcpus: [0, 1] } });
        expect(web.devices.map((d) => d.$refText)).toEqual(['com1', 'disk0']);
        expect(web.passthrough.map((d) => d.$refText)).toEqual(['eth0']);
        expect(web.runs.map((r) => [r.program.$refText, r.vcpu])).toEqual([['hello', undefined], ['other', 1]]);
        expect(web.fail?.time).toMatchObject({ value: 20, unit: 'ms' });
        expect(tiny.os).toBeUndefined();
    });

    it('reads a program on one line: line breaks are not significant', async () => {
        const doc = await parse(`program p { mov r1, 0x3f8 loop: dec r1 jnz loop hlt end: out com1, "bye\\n" }`);
        expect(doc.parseResult.parserErrors).toEqual([]);
        const p = doc.parseResult.value.elements[0] as Program;
        expect(p.body.map((s) => s.$type)).toEqual(['Op2', 'Label', 'Op1', 'Jump', 'Op0', 'Label', 'Op2']);
        const mov = p.body[0] as Op2;
        expect(mov).toMatchObject({ opcode: 'mov', a: { reg: 'r1' }, b: { value: 0x3f8 } });
        expect((p.body[1] as Label).name).toBe('loop');
        expect((p.body[3] as Jump).target.$refText).toBe('loop');
        expect((p.body[6] as Op2).b).toMatchObject({ $type: 'StringLit', value: 'bye\n' });
    });

    it('reports a syntax error at its location', async () => {
        const doc = await parse(`hardware h { cpu 2 cores memory 4 GiB } garbage @@`);
        expect(doc.parseResult.parserErrors.length).toBeGreaterThan(0);
        expect(doc.parseResult.parserErrors[0].token.image).toBe('garbage');
    });
});
