// The steppable engine API the debugger and the fast engine build on: frames per layer with
// source locations, breakpoints, events, determinism across run / step / snapshot-restore.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../language/workspace.js';
import { Simulation, type Transition } from '../../simulator/engine.js';
import { hostNameOf } from '../../simulator/result.js';
import { frames as framesOf, hosts as hostsOf, vcpus as vcpusOf } from '../../debugger/views.js';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const HELLO = path.join(EXAMPLES, 'hello-type1.vmdef');

async function load(file: string): Promise<Simulation> {
    const workspace = await checkWorkspace([{ path: file, text: fs.readFileSync(file, 'utf8') }]);
    return Simulation.create(workspace);
}

function lineOf(file: string, text: string): number {
    return fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
}

describe('frames', () => {
    it('stepping into a trapping out shows guest → kernel → hypervisor → hardware, each with its source', async () => {
        const sim = await load(HELLO);
        const seen: string[] = [];
        // linux's boot (≈ 2,570 kernel instructions) comes first
        for (let i = 0; i < 3_000 && !sim.finished; i++) {
            sim.step(0);
            const frames = framesOf(sim, 0);
            seen.push(frames.map((f) => `${f.kind}:${f.name}`).join(' < '));
            if (frames[0].kind === 'hardware' && frames[0].name === 'hw io_write') break;
        }
        expect(seen).toContain('kernel:syscall write < guest:countdown');
        expect(seen).toContain('hypervisor:trap io_out < kernel:syscall write < guest:countdown');
        expect(seen).toContain('hardware:hw emulate < hypervisor:trap io_out < kernel:syscall write < guest:countdown');
        const frames = framesOf(sim, 0);
        expect(frames.map((f) => f.name)).toEqual(['hw io_write', 'trap io_out', 'syscall write', 'countdown']);
        const [hw, handler, kernel, guest] = frames;
        expect(hw.location?.file).toMatch(/stdlib[/\\]monitors\.vmdef$/);
        expect(handler.location?.file).toBe(hw.location?.file);
        expect(kernel.location?.file).toMatch(/stdlib[/\\]os\.vmdef$/);
        expect(kernel.params).toEqual({ dev: 'com1', value: '3' });
        expect(guest.location).toEqual({ file: HELLO, line: lineOf(HELLO, 'loop:   syscall write'), column: 9 });
        expect(guest.registers.r1).toBe(3);
        expect(guest.privilege).toBe('user');
        expect(kernel.privilege).toBe('kernel');
    });

    it('reports every layer transition with its time', async () => {
        const sim = await load(HELLO);
        const transitions: Transition[] = [];
        sim.listener = { transition: (t) => transitions.push(t) };
        sim.run();
        const shown = transitions.map((t) => `${t.direction} ${t.from}->${t.to} ${t.name}`);
        // linux's boot first: its lcr3 traps, then the boot returns to the program
        expect(shown[0]).toBe('enter kernel->hypervisor trap load_cr3');
        const booted = shown.indexOf('leave kernel->guest boot') + 1;
        expect(booted).toBeGreaterThan(0);
        expect(shown.slice(booted, booted + 3)).toEqual(['enter guest->kernel syscall write', 'enter kernel->hypervisor trap io_out', 'enter hypervisor->hardware hw emulate']);
        for (let i = 1; i < transitions.length; i++) expect(transitions[i].time).toBeGreaterThanOrEqual(transitions[i - 1].time);
    });
});

describe('breakpoints and events', () => {
    it('stops before the instruction on a breakpoint line, once per pass', async () => {
        const sim = await load(HELLO);
        const line = lineOf(HELLO, 'dec r1');
        expect(sim.setBreakpoints(HELLO, [line, 1])).toEqual([line]);
        const r1: number[] = [];
        for (;;) {
            const stop = sim.runUntil({ breakpoints: true });
            if (stop.reason !== 'breakpoint') break;
            const guest = framesOf(sim, stop.vcpu!)[0];
            expect(guest.location?.line).toBe(line);
            r1.push(guest.registers.r1);
        }
        expect(r1).toEqual([3, 2, 1]);
        expect(sim.result().vms[0].console).toBe('3\n2\n1\nliftoff\n');
    });

    it('a breakpoint in the standard library handler stops inside the hypervisor layer', async () => {
        const sim = await load(HELLO);
        const monitors = sim.codes.find((c) => c.name === 'full.io_out')!;
        const line = monitors.instrs[0].loc.line;
        sim.setBreakpoints(monitors.file, [line]);
        const stop = sim.runUntil({ breakpoints: true });
        expect(stop.reason).toBe('breakpoint');
        expect(framesOf(sim, 0)[0]).toMatchObject({ kind: 'hypervisor', name: 'trap io_out', privilege: 'hypervisor' });
    });

    it('pauses on a listed event (halt) and streams console output', async () => {
        const sim = await load(HELLO);
        let console = '';
        sim.listener = { console: (_vm, text) => (console += text) };
        const stop = sim.runUntil({ stopOn: ['halt'] });
        expect(stop.reason).toBe('event');
        expect(stop.event).toMatchObject({ kind: 'halt', vm: 'web', vcpu: 'web/vcpu0' });
        expect(console).toBe('3\n2\n1\nliftoff\n');
    });
});

describe('determinism', () => {
    const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.vmdef')).map((f) => path.join(EXAMPLES, f));

    it.each(examples)('%s: two runs give identical results, and stepping gives the same as running', async (file) => {
        let first: Simulation;
        try {
            first = await load(file);
        } catch (e) {
            // a file with errors (overcommit.vmdef) is refused, never run
            expect((e as Error).message).toMatch(/errors/);
            return;
        }
        const a = JSON.stringify(first.run());
        const b = JSON.stringify((await load(file)).run());
        expect(b).toBe(a);
        const stepped = await load(file);
        for (let i = 0; i < 3_000_000 && !stepped.finished; i++) stepped.stepInstruction();
        expect(JSON.stringify(stepped.result())).toBe(a);
    });

    it('restoring a snapshot and running again gives the same result', async () => {
        const sim = await load(path.join(EXAMPLES, 'type1-vs-type2.vmdef'));
        for (let i = 0; i < 500; i++) sim.stepInstruction();
        const snapshot = sim.snapshot();
        const frames = JSON.stringify(framesOf(sim, 0));
        const end = JSON.stringify(sim.run());
        sim.restore(snapshot);
        expect(JSON.stringify(framesOf(sim, 0))).toBe(frames);
        expect(sim.finished).toBe(false);
        expect(JSON.stringify(sim.run())).toBe(end);
    });
});

describe('inspection', () => {
    it('shows the pCPU map, the ready queue and the virtual CPU state', async () => {
        const sim = await load(path.join(EXAMPLES, 'popek-goldberg.vmdef'));
        const [classic, vmware] = hostsOf(sim);
        expect(classic).toMatchObject({ hypervisor: 'classic', kind: 'type1', technique: 'full', ready: [] });
        expect(classic.pcpus).toEqual([{ index: 0, time: 0, vcpu: 'broken/vcpu0' }, { index: 1, time: 0 }]);
        expect(vmware.pcpus[0].vcpu).toBe('fixed/vcpu0');
        sim.step(0); // cli: traps, the handler runs
        while (framesOf(sim, 0).length > 1) sim.step(0);
        expect(vcpusOf(sim)[0]).toMatchObject({ name: 'broken/vcpu0', iflag: false, done: false, pcpu: 0 });
    });
});

describe('fidelity stops', () => {
    it('pauses after each sensitive instruction that did not trap, naming it and its line', async () => {
        const file = path.join(EXAMPLES, 'popek-goldberg.vmdef');
        const sim = await load(file);
        const events = [];
        for (;;) {
            const stop = sim.runUntil({ stopOn: ['fidelity'] });
            if (stop.reason !== 'event') break;
            events.push(`${stop.event!.vm} ${stop.event!.message.split(':')[0]} line ${stop.event!.at?.line}`);
        }
        const pushf = lineOf(file, 'pushf                               // @expect');
        const popf = lineOf(file, 'popf                                // @expect');
        expect(events).toEqual([
            `broken pushf did not trap line ${pushf}`,
            `broken popf did not trap line ${popf}`,
        ]);
        expect(sim.finished).toBe(true);
    });
});

describe('accounting invariant', () => {
    const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.vmdef') && f !== 'overcommit.vmdef').map((f) => path.join(EXAMPLES, f));

    it.each(examples)('%s: every cycle a VM ran is pCPU time on the timeline, once', async (file) => {
        const result = (await load(file)).run();
        for (const h of result.hypervisors) {
            // a native VM has no hypervisor: its host is its hardware (CHANGELOG, native runs)
            const vms = result.vms.filter((v) => hostNameOf(v) === h.name);
            const ran = vms.reduce((n, v) => n + v.cycles.guest + v.cycles.kernel + v.cycles.hypervisor + v.cycles.host, 0);
            const busy = result.timeline.filter((s) => s.hypervisor === h.name).reduce((n, s) => n + s.end - s.start, 0);
            expect(busy, h.name).toBe(ran);
            for (const v of vms) expect(v.cycles.total).toBe(v.cycles.guest + v.cycles.kernel + v.cycles.hypervisor + v.cycles.host + v.cycles.waiting);
        }
    });
});

describe('predicates', () => {
    it('runUntil stops right after the first step the predicate holds for, as stepping one at a time finds it, with either engine', async () => {
        // the step after which the guest's r1 first reads 1 (the countdown's last turn), and what
        // the machine looks like then: found by single steps
        const reference = await load(HELLO);
        const hit = (sim: Simulation) => sim.state.vcpus[0].frames[0].regs[1] === 1;
        while (!hit(reference) && !reference.finished) reference.stepInstruction();
        expect(reference.finished).toBe(false);
        const workspace = await checkWorkspace([{ path: HELLO, text: fs.readFileSync(HELLO, 'utf8') }]);
        for (const engine of ['exact', 'fast'] as const) {
            const sim = Simulation.create(workspace, { engine });
            let calls = 0;
            const stop = sim.runUntil({ predicate: (s) => (calls++, hit(s)) });
            expect(stop.reason, engine).toBe('predicate');
            expect(sim.state.steps, engine).toBe(reference.state.steps);
            expect(JSON.stringify(framesOf(sim, 0)), engine).toBe(JSON.stringify(framesOf(reference, 0)));
            expect(sim.time, engine).toBe(reference.time);
            // checked once per step, not more
            expect(calls, engine).toBe(reference.state.steps);
            // and on from there, to the same end as a plain run
            expect(JSON.stringify(sim.run()), engine).toBe(JSON.stringify(Simulation.create(workspace, {}).run()));
        }
    });
});
