// `expect faithful`: no divergence from native under the VM's own technique (LANGUAGE.md §13).
// What `vmdef compare` reports decides it; this is the one place that reads such a report, so
// wiring the comparison in means passing its report here and nothing else.

/** Where a run first differed from native: a register, flag, memory word or console byte. */
export interface Divergence {
    file: string;
    line: number;
    instruction: string;
    what: string;
    native: unknown;
    virtual: unknown;
}

/** As much of `vmdef compare --json` (LANGUAGE.md §13) as `expect faithful` reads. */
export interface CompareReportLike {
    vm: string;
    runs: readonly { technique: string; diverged: boolean; at: Divergence | null }[];
}

export type FaithfulVerdict = { faithful: true } | { faithful: false; at: Divergence };

/**
 * Whether the VM's guest ran under `technique` as it runs natively, by the comparison's report;
 * undefined when the report has no run under that technique (it was not compared).
 */
export function faithfulUnder(report: CompareReportLike, technique: string): FaithfulVerdict | undefined {
    const run = report.runs.find((r) => r.technique === technique);
    if (!run) return undefined;
    return run.diverged && run.at ? { faithful: false, at: run.at } : { faithful: true };
}
