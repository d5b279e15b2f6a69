// How much comparing with native the editor does on save (server/compare-on-save.ts, and
// `expect faithful` judged on save by server/expect-on-save.ts).

/** Guest instructions compared per VM on save. */
export const ON_SAVE_COMPARED_INSTRUCTIONS = 200_000;
/** Wall time after which no further VM is compared on save (a file with hundreds of such VMs). */
export const ON_SAVE_COMPARE_BUDGET_MS = 3_000;
