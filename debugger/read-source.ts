// The reader the debug adapter loads launched files with (stand-alone and inline in the
// extension): the CLI's input checks — a regular file, a size cap, text — so `program:
// /dev/zero` or a FIFO is a launch error, never a hang or unbounded memory.
import { readTextFile } from '../cli/inputs.js';
import type { SourceReader } from './launch.js';

export const readLaunchFile: SourceReader = (file) => readTextFile(file);
