/**
 * The seed each model call sends. A call's configured seed (params.seed) is the *base*: sample 0 of repeat 0
 * sends it unchanged (so a single call, and its cache entry, are what they were), every other sample index and
 * repeat index gets its own seed derived from (base, sample, repeat) by a splitmix32-style mix. Without a
 * base seed nothing is sent and the server's own randomness makes the samples differ.
 *
 * Derived seeds are integers in [0, 2^31): every provider that takes a seed accepts that range (OpenAI and
 * Ollama take an int, Gemini an int32, llama.cpp a uint32).
 */

function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The seed to send for `sample` (0-based) of `repeat` (0-based) of a call whose configured seed is `base`. */
export function callSeed(base: number, sample: number, repeat = 0): number {
  if (sample === 0 && repeat === 0) return base;
  // Each coordinate is folded in through its own golden-ratio offset and a full avalanche step, so that
  // (base, sample, repeat) triples that differ anywhere give unrelated seeds (base+1 is not sample+1).
  let h = mix32(Math.trunc(base) + 0x9e3779b9);
  h = mix32(h ^ Math.imul(sample + 1, 0x7f4a7c15));
  h = mix32(h ^ Math.imul(repeat + 1, 0x2c1b3c6d));
  return h >>> 1;
}
