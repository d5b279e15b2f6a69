// The largest and smallest quantities a definition may declare. Each is a value a real
// hypervisor accepts (so every realistic definition passes), and each keeps the simulator's
// time and memory bounded: beyond them a definition is a typo, not a machine.
// The validator reports a quantity outside them (validation/limit-checks.ts); a file with
// errors is never simulated.

/**
 * pCPUs of one hardware (sockets × cores × threads): the most logical CPUs of x86 hosts that
 * mainstream hypervisors support — KVM's KVM_MAX_VCPUS and Linux's NR_CPUS for large servers
 * are 4,096 (Hyper-V 2022: 2,048). The simulator keeps state per pCPU.
 */
export const MAX_PCPUS = 4096;

/** vCPUs of one VM: no more than a host can have (KVM's per-VM limit is the same 4,096). */
export const MAX_VCPUS = MAX_PCPUS;

/**
 * Memory of one hardware, one VM or one reservation: 64 TiB, the physical memory x86-64 with
 * 4-level paging addresses (46 bits), and Linux's limit without 5-level paging.
 */
export const MAX_MEMORY_BYTES = 64 * 1024 ** 4;

/**
 * A CPU clock: at least 1 MHz (a clock of 0 makes every time in cycles 0 — every slice one
 * cycle long, the simulation hundreds of times slower; the slowest x86 ran at 5 MHz) and at
 * most 10 GHz (no CPU runs faster; overclocking records stay below 9 GHz).
 */
export const MIN_CLOCK_HZ = 1e6;
export const MAX_CLOCK_HZ = 10e9;

/**
 * A scheduler time slice: at least 1 µs. A VM exit and entry alone take about half a
 * microsecond on current hardware, so a shorter slice is spent on world switches (Xen's
 * credit scheduler refuses anything under 100 µs; the simulator allows down to 1 µs for
 * experiments with very short slices).
 */
export const MIN_TIMESLICE_NS = 1000;

/**
 * An immediate operand: registers and memory words hold 32-bit integers (simulator/cpu/
 * semantics.ts), so an immediate is a signed 32-bit value or an unsigned 32-bit pattern
 * (`0xFFFFFFFF` is −1): from −2^31 to 2^32 − 1.
 */
export const MIN_IMMEDIATE = -(2 ** 31);
export const MAX_IMMEDIATE = 2 ** 32 - 1;

/**
 * One cost entry (`costs NAME { trap N }`): at most the default cycle limit of a run (10^9 host
 * cycles, simulator/engine.ts DEFAULT_MAX_CYCLES): a single operation dearer than a whole run.
 */
export const MAX_COST_CYCLES = 1_000_000_000;

/**
 * An `instruction` cost (in a preset or an override): at least 1 cycle. Every other cost may be
 * 0 (a free trap is a fair experiment), but a free instruction stops the clock: a guest loop
 * would never reach the cycle limit. The engine clamps a programmatic model to it as well
 * (simulator/model.ts).
 */
export const MIN_INSTRUCTION_CYCLES = 1;

/**
 * A source file: at most 2.5 MiB of text (2,621,440 characters). Parsing keeps a syntax tree
 * node for every token and rule: measured with `vmdef check`, 4 MiB of dense code (`nop nop …`
 * in one program) peaks at 1.24 GB, 2.5 MiB at 0.83 GB; a larger file would need more than
 * 1 GB. A larger file is not parsed: it gets `file-too-large` at 1:1 (language/source-size.ts).
 * The 10,000-VM benchmark workspace (bench/generate.mjs) is 1.9 MB. Files over
 * io/source-files.ts MAX_FILE_BYTES (16 MB) are not even read.
 */
export const MAX_SOURCE_CHARS = 2.5 * 1024 * 1024;
