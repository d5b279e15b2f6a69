// Every way the runtime moves (continue, steps, time travel, backwards searches) is a loop of
// bounded pieces of work that yields to the event loop every SLICE_MS of wall time, so a pause
// request is always heard and a guest that never ends never blocks the adapter.

/** Slices aim at this much wall time so pause answers within it. */
export const SLICE_MS = 8;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Calls `work` until it returns something other than undefined (the loop's result), yielding to
 * the event loop whenever SLICE_MS have passed since the last yield.
 */
export async function inSlices<T>(work: () => T | undefined): Promise<T> {
    let sliceStart = performance.now();
    for (;;) {
        const result = work();
        if (result !== undefined) return result;
        if (performance.now() - sliceStart >= SLICE_MS) {
            await yieldToEventLoop();
            sliceStart = performance.now();
        }
    }
}
