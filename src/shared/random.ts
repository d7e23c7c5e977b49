/**
 * The one seeded pseudo-random generator of the code base (xoshiro128**, seeded through splitmix32), used by
 * bootstrap intervals (compare/) and by the mix node's shuffles (ddf/): the same seed gives the same stream on
 * every platform. Not for cryptography.
 */

/** A stream of uniform numbers. */
export interface Rng {
  /** Next unsigned 32-bit integer. */
  nextU32(): number;
  /** Uniform in [0, 1) with 32 bits of resolution (fast; enough to pick an index among up to ~10^6). */
  next(): number;
  /** Uniform in [0, 1) with 53 bits of resolution. */
  next53(): number;
}

/** splitmix32 step: expands one seed into well-mixed state words. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * xoshiro128** seeded with a 32-bit integer (non-integers and larger numbers are reduced to 32 bits).
 * Period 2^128 − 1.
 */
export function createRng(seed: number): Rng {
  const st = { s: Math.trunc(seed) | 0 };
  let a = splitmix32(st);
  let b = splitmix32(st);
  let c = splitmix32(st);
  let d = splitmix32(st);
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  return {
    nextU32,
    next: () => nextU32() / 4294967296,
    next53: () => ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) / 9007199254740992,
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A shuffled copy (Fisher–Yates); the same generator state gives the same order. */
export function seededShuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
