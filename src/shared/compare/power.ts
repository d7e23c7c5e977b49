/**
 * The smallest accuracy difference a paired comparison of n items could detect, from Connor's (1987) sample
 * size formula for McNemar's test: n = (z_{1−α/2}·√ψ + z_{power}·√(ψ − δ²))² / δ², with ψ the share of
 * discordant items and δ the difference of accuracies. Given n and the observed ψ, solved for δ.
 */
import { normalQuantile } from "./normal";
import type { PowerNote } from "./types";

/** Items needed to detect difference delta at discordance psi (Connor 1987). */
export function connorSampleSize(delta: number, psi: number, alpha = 0.05, power = 0.8): number {
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  return (za * Math.sqrt(psi) + zb * Math.sqrt(Math.max(0, psi - delta * delta))) ** 2 / (delta * delta);
}

/** The δ for which connorSampleSize(δ, ψ) = n, or null when even δ = ψ (every discordant item one way) needs more than n. */
export function minimumDetectableDifference(n: number, psi: number, alpha = 0.05, power = 0.8): number | null {
  if (!(n > 0) || !(psi > 0)) return null;
  const top = Math.min(psi, Math.sqrt(psi));
  if (connorSampleSize(top, psi, alpha, power) > n) return null;
  let lo = 0;
  let hi = top;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (connorSampleSize(mid, psi, alpha, power) > n) lo = mid; // needs more items than we have: too small to detect
    else hi = mid;
  }
  return hi;
}

const pts = (v: number) => `${(v * 100).toFixed(1)} pts`;

/** The power note of a pair: n paired items, b + c of them discordant. */
export function powerNote(n: number, discordant: number, alpha: number, power = 0.8): PowerNote {
  const discordantRate = n > 0 ? discordant / n : null;
  const small = n < 100 || discordant < 25;
  const mdd = discordantRate === null ? null : minimumDetectableDifference(n, discordantRate, alpha, power);
  const pow = `${Math.round(power * 100)} % power`;
  let text: string;
  if (n === 0) text = "no paired items";
  else if (discordant === 0) text = `the runs agree on all ${n} items: no difference can be seen, and how large a difference this sample could detect cannot be estimated`;
  else if (mdd === null) text = `with ${n} paired items (${discordant} discordant), even a difference as large as the discordance (${pts(discordantRate!)}) would be detected with less than ${pow}`;
  else text = `with ${n} paired items (${discordant} discordant), a difference smaller than about ${pts(mdd)} is likely to be missed (${pow} at α = ${alpha}; Connor 1987, at the observed discordance ${pts(discordantRate!)})`;
  return { mdd, power, alpha, discordantRate, small, text: small && n > 0 ? `small sample: ${text}` : text };
}
