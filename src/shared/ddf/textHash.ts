/**
 * String hashes: cyrb53 (mix seeds, exported image names) and the normalised text hash that finds duplicate
 * training samples. The seeded generator itself is ../random.ts.
 */

/** 53-bit string hash (cyrb53), as a non-negative integer. */
export function hashString(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Normalised text for duplicate detection: Unicode NFKC, lower case, runs of white space as one space, trimmed. */
export function normaliseText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Hash of the normalised text, as 14 hex digits. */
export function normalisedTextHash(text: string): string {
  return hashString(normaliseText(text)).toString(16).padStart(14, "0");
}
