// Starts the worker (language server, simulator, debugger) as the first thing the page does,
// from <head>, so the worker parses and builds the standard library while the page's own
// script loads. From a Blob URL of its bundled source: a file:// page may not load a worker file.
import workerSource from 'vmdef:worker-source';

const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
(window as unknown as { vmdefWorker: Worker }).vmdefWorker = new Worker(url);
