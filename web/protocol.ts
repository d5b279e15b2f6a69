// The requests the page sends the worker beyond the Language Server Protocol, on the same
// JSON-RPC connection: run, debug and the locale. Shared by both sides so a renamed field is a
// type error on each.
import type { Locale } from '../l10n/locale.js';

/** The one user file of the playground: its path (debugger, run) and its URI (LSP). */
export const MAIN_PATH = '/playground/main.vmdef';
/** How the file is named in what the user reads (diagnostic lines, the report). */
export const MAIN_NAME = 'main.vmdef';
export const MAIN_URI = 'file:///playground/main.vmdef';
/** Where the bundled standard library is said to live. */
export const STDLIB_DIR = '/stdlib';

export const SET_LOCALE = 'vmdef/setLocale';
export interface SetLocaleParams { locale: Locale }

export const RUN = 'vmdef/run';
export interface RunParams { text: string; maxCycles?: number }
export type RunResponse =
    | { kind: 'refused'; lines: string[] }
    /** `summary`: the per-VM table and notes `vmdef run` prints after the console (cli/run.ts formatSummary). */
    | { kind: 'done'; console: string; summary: string; reportHtml: string };

export const DEBUG_START = 'vmdef/debug/start';
export interface DebugStartParams { text: string; breakpoints: number[] }

export const DEBUG_MOVE = 'vmdef/debug/move';
export type DebugMove = 'stepIn' | 'next' | 'stepOut' | 'stepBack' | 'continue';
export interface DebugMoveParams { move: DebugMove; vcpu: number }

export const DEBUG_BREAKPOINTS = 'vmdef/debug/breakpoints';
export interface DebugBreakpointsParams { lines: number[] }

export const DEBUG_STOP = 'vmdef/debug/stop';

export interface DebugFrame { name: string; file?: string; line?: number }
export interface DebugRegister { name: string; value: string }

/** What the page shows after every debugger move. */
export type DebugView =
    | { kind: 'refused'; lines: string[] }
    | {
        kind: 'stopped';
        description: string;
        vcpu: number;
        threads: { id: number; name: string }[];
        frames: DebugFrame[];
        registers: DebugRegister[];
        /** Guest console text written since the last view. */
        console: string;
    }
    | { kind: 'ended'; console: string; summary: string };
