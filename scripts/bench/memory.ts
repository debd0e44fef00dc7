/**
 * Memory from a starting point on, as the bench children measure it: `start()` collects and notes
 * RSS and heap in use; from then on RSS is sampled every 5 ms for its peak; `retainedMb()` collects
 * again and gives the heap in use over the start. Needs `node --expose-gc`.
 */
export function memoryMeter() {
  let before = 0;
  let peak = 0;
  let heapBefore = 0;
  const sample = setInterval(() => before && (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  return {
    start(): void {
      globalThis.gc?.();
      before = peak = process.memoryUsage().rss;
      heapBefore = process.memoryUsage().heapUsed;
    },
    retainedMb(): number {
      globalThis.gc?.();
      return (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    },
    /** Stops sampling; the peak RSS over the start, in MB. */
    stop(): number {
      clearInterval(sample);
      return (Math.max(peak, process.memoryUsage().rss) - before) / 2 ** 20;
    },
  };
}
