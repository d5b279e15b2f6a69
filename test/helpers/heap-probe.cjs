// Preloaded into a server under test (`node --expose-gc --require heap-probe.cjs`): on SIGUSR2
// it collects garbage and writes `heap-after-gc <bytes>` to stderr, so a test can tell memory
// still held from memory the garbage collector has not got round to yet.
process.on('SIGUSR2', () => {
    global.gc();
    global.gc();
    process.stderr.write(`heap-after-gc ${process.memoryUsage().heapUsed}\n`);
});
