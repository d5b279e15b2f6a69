// The types DAP gives the arguments of the requests the adapter answers, checked before a
// request is handled: a client that sends `threadId: "x"`, `lines: 5` or `expression: {}`
// gets one clear sentence back (`'threadId' must be a whole number, not "x"`), never a
// JavaScript error from deep inside a handler, and the session goes on.

import { debuggerMessages as m } from './messages.js';

/** A field's type: a scalar, a list of one type (`['string']`), or an object with fields. */
type Shape = 'integer' | 'number' | 'string' | 'boolean' | 'object' | readonly [Shape] | Fields;
/** Fields of an object; a name ending in `?` is optional. */
type Fields = { readonly [field: string]: Shape };

const SOURCE: Fields = { 'path?': 'string', 'name?': 'string' };
const THREAD: Fields = { threadId: 'integer' };

/** Per request, the fields this adapter reads (others pass unchecked: DAP allows more). */
export const REQUEST_ARGUMENTS: Readonly<Record<string, Fields>> = {
    launch: {
        // `files` is checked where it is read (launch.ts), with its own words
        'program?': 'string', 'stopOnEntry?': 'boolean', 'maxCycles?': 'number', 'costPreset?': 'string', 'trace?': 'boolean', 'compareWith?': 'string',
    },
    restart: { 'arguments?': 'object' },
    next: THREAD,
    stepIn: { threadId: 'integer', 'targetId?': 'integer' },
    stepInTargets: { frameId: 'integer' },
    stepOut: THREAD,
    stepBack: THREAD,
    continue: { 'threadId?': 'integer' },
    reverseContinue: { 'threadId?': 'integer' },
    restartFrame: { frameId: 'integer' },
    pause: { 'threadId?': 'integer' },
    setBreakpoints: { source: SOURCE, 'breakpoints?': [{ line: 'integer', 'condition?': 'string' }], 'lines?': ['integer'] },
    breakpointLocations: { source: SOURCE, line: 'integer', 'endLine?': 'integer' },
    setFunctionBreakpoints: { breakpoints: [{ name: 'string', 'condition?': 'string' }] },
    setExceptionBreakpoints: { 'filters?': ['string'], 'filterOptions?': [{ filterId: 'string' }] },
    dataBreakpointInfo: { name: 'string', 'variablesReference?': 'integer', 'frameId?': 'integer', 'asAddress?': 'boolean', 'bytes?': 'integer' },
    setDataBreakpoints: { breakpoints: [{ dataId: 'string', 'accessType?': 'string' }] },
    exceptionInfo: { 'threadId?': 'integer' },
    stackTrace: { threadId: 'integer', 'startFrame?': 'integer', 'levels?': 'integer' },
    scopes: { frameId: 'integer' },
    variables: { variablesReference: 'integer' },
    setVariable: { variablesReference: 'integer', name: 'string', value: 'string' },
    setExpression: { expression: 'string', value: 'string', 'frameId?': 'integer' },
    evaluate: { expression: 'string', 'frameId?': 'integer', 'context?': 'string' },
    readMemory: { memoryReference: 'string', 'offset?': 'integer', count: 'integer' },
    disassemble: { memoryReference: 'string', 'offset?': 'integer', 'instructionOffset?': 'integer', instructionCount: 'integer' },
    setInstructionBreakpoints: { breakpoints: [{ instructionReference: 'string', 'offset?': 'integer', 'condition?': 'string' }] },
    completions: { text: 'string', column: 'integer', 'frameId?': 'integer' },
    writeMemory: { memoryReference: 'string', 'offset?': 'integer', 'allowPartial?': 'boolean', data: 'string' },
};

/** What is wrong with a request's arguments, in one sentence, or undefined when nothing is. */
export function argumentProblem(command: string, args: unknown): string | undefined {
    const fields = Object.hasOwn(REQUEST_ARGUMENTS, command) ? REQUEST_ARGUMENTS[command] : undefined;
    if (!fields) return undefined;
    if (args === undefined || args === null) args = {};
    return problemOf(fields, args, '');
}

function problemOf(shape: Shape, value: unknown, path: string): string | undefined {
    if (typeof shape === 'string') return scalarProblem(shape, value, path);
    if (Array.isArray(shape)) {
        if (!Array.isArray(value)) return mismatch(path, m.aList(), value);
        for (let i = 0; i < value.length; i++) {
            const problem = problemOf(shape[0], value[i], `${path}[${i}]`);
            if (problem) return problem;
        }
        return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return mismatch(path, m.anObject(), value);
    for (const [key, fieldShape] of Object.entries(shape as Fields)) {
        const optional = key.endsWith('?');
        const name = optional ? key.slice(0, -1) : key;
        const field = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
        const fieldPath = path ? `${path}.${name}` : name;
        if (field === undefined) {
            if (optional) continue;
            return m.argumentMissing(fieldPath);
        }
        const problem = problemOf(fieldShape, field, fieldPath);
        if (problem) return problem;
    }
    return undefined;
}

function scalarProblem(shape: 'integer' | 'number' | 'string' | 'boolean' | 'object', value: unknown, path: string): string | undefined {
    switch (shape) {
        case 'integer': return Number.isSafeInteger(value) ? undefined : mismatch(path, m.aWholeNumber(), value);
        case 'number': return typeof value === 'number' && Number.isFinite(value) ? undefined : mismatch(path, m.aNumber(), value);
        case 'string': return typeof value === 'string' ? undefined : mismatch(path, m.aString(), value);
        case 'boolean': return typeof value === 'boolean' ? undefined : mismatch(path, m.trueOrFalse(), value);
        case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : mismatch(path, m.anObject(), value);
    }
}

/** `'threadId' must be a whole number, not "x"`: scalars quoted as JSON (cut short), the rest by kind. */
function mismatch(path: string, expected: string, value: unknown): string {
    return path ? m.argumentMismatch(path, expected, shown(value)) : m.argumentsMismatch(expected, shown(value));
}

function shown(value: unknown): string {
    if (value === null) return 'null';
    if (Array.isArray(value)) return m.aList();
    if (typeof value === 'object') return m.anObject();
    const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? JSON.stringify(value) : typeof value;
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
