// Array operations over data-sized lists. A spread into a call (`push(...items)`,
// `splice(i, 0, ...items)`, `Math.max(...values)`) passes every element as an argument on the
// stack: past ≈ 100,000 elements it throws "Maximum call stack size exceeded". A file of
// 100,000 comment lines did exactly that in the parser. Anything whose length the input
// decides goes through these loops instead.

/** `target.push(...items)`, for any number of items. */
export function appendAll<T>(target: T[], items: readonly T[]): void {
    for (let i = 0; i < items.length; i++) target.push(items[i]);
}

/** `target.splice(start, deleteCount, ...items)`, for any number of items; returns nothing. */
export function replaceRange<T>(target: T[], start: number, deleteCount: number, items: readonly T[]): void {
    const tail = target.slice(start + deleteCount);
    target.length = start;
    appendAll(target, items);
    appendAll(target, tail);
}

/** `Math.max(initial, ...values)`, for any number of values. */
export function maxOf(values: readonly number[], initial = -Infinity): number {
    let max = initial;
    for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
    return max;
}
