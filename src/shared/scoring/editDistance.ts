/**
 * Levenshtein distance (insertions, deletions, substitutions, each cost 1) over Unicode code points, as
 * python-Levenshtein's `distance` computes it for MathVista's closest-option rule. Written here rather than taken
 * from fast-levenshtein, which counts UTF-16 code units (an emoji or CJK extension character would count twice).
 */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}
