/**
 * Python's number semantics, as the official evaluation scripts (MathVista, MMMU) rely on them: float() parsing,
 * round(x, n) (round half to even on the exact binary value), str(float) and str(int(float(s))). Pure.
 */

const PY_FLOAT_RE = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const PY_SPECIAL_RE = /^([+-]?)(inf|infinity|nan)$/i;

/** float(s) in Python: surrounding whitespace allowed, `_` between digits, inf/nan; null where Python raises. */
export function pyFloat(s: string): number | null {
  const t = s.trim();
  const special = PY_SPECIAL_RE.exec(t);
  if (special) return special[2].toLowerCase() === "nan" ? NaN : special[1] === "-" ? -Infinity : Infinity;
  if (!PY_FLOAT_RE.test(t)) return null;
  return Number(t.replace(/_/g, ""));
}

/** round(x, ndigits) in Python: the exact binary value rounded to ndigits decimals, exact ties to even. */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21 || ndigits > 90) return x;
  const n = Math.max(0, Math.floor(ndigits));
  const exact = Math.abs(x).toFixed(100); // exact decimal expansion of the double (it terminates within 100 places here)
  const [int, frac] = exact.split(".");
  const kept = `${int}${frac.slice(0, n)}`;
  const rest = frac.slice(n);
  const tie = rest[0] === "5" && /^0*$/.test(rest.slice(1));
  const up = rest[0] > "5" || (rest[0] === "5" && !tie) || (tie && Number(kept[kept.length - 1]) % 2 === 1);
  const digits = up ? (BigInt(kept) + 1n).toString().padStart(kept.length, "0") : kept;
  const text = n === 0 ? digits : `${digits.slice(0, digits.length - n) || "0"}.${digits.slice(digits.length - n)}`;
  const value = Number(text);
  return x < 0 || Object.is(x, -0) ? -value : value;
}

/** str(x) for a Python float: shortest round-trip digits, "3.0" for integral values, "1e+16" / "1e-05" outside [1e-4, 1e16). */
export function pyFloatStr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let body: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const fracPart = digits.slice(exp + 1);
      body = `${intPart}.${fracPart || "0"}`;
    } else body = `0.${"0".repeat(-exp - 1)}${digits}`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return neg ? `-${body}` : body;
}

/** str(int(float(s))) in Python (truncation toward zero, exact big integers); null where Python raises. */
export function pyIntOfFloatStr(s: string): string | null {
  const f = pyFloat(s);
  if (f === null || !Number.isFinite(f)) return null;
  return BigInt(Math.trunc(f)).toString();
}

/** str(round(float(s), ndigits)) in Python; null where float() raises. */
export function pyRoundedFloatStr(s: string, ndigits: number): string | null {
  const f = pyFloat(s);
  return f === null ? null : pyFloatStr(pyRound(f, ndigits));
}
