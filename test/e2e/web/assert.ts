// The few assertions the web suite needs: Node's `assert` is not in a web worker.
export function ok(value: unknown, message?: string): asserts value {
    if (!value) throw new Error(message ?? `expected a truthy value, got ${String(value)}`);
}

export function equal<T>(actual: T, expected: T, message?: string): void {
    if (actual !== expected) throw new Error(message ?? `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function deepEqual<T>(actual: T, expected: T, message?: string): void {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(message ?? `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function match(text: string, pattern: RegExp, message?: string): void {
    if (!pattern.test(text)) throw new Error(message ?? `${pattern} does not match:\n${text}`);
}

export function doesNotMatch(text: string, pattern: RegExp, message?: string): void {
    if (pattern.test(text)) throw new Error(message ?? `${pattern} matches:\n${text}`);
}
