// The reader the debug adapter loads launched files with (stand-alone and inline in the
// extension): the checks every reader of sources applies (io/source-files.ts) — a regular
// .vmdef text file under the size cap — so `program: /dev/zero` or a FIFO is a launch error,
// never a hang or unbounded memory.
import { readSourceFile } from '../io/source-files.js';
import type { SourceReader } from './launch.js';

export const readLaunchFile: SourceReader = (file) => readSourceFile(file);
