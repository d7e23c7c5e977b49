/**
 * Milliseconds since `started` (a performance.now() reading), to the microsecond: the resolution a latency is
 * measured and stored at. Finer digits are the clock's noise (0.22654499999998734), and as text (a trace's call
 * facts) they would cost a stored row more than the rest of its facts together.
 */
export function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}
