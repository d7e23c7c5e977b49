/**
 * Run ids: the start time in base 36 and 16 random bits in hex ("mx6c5a4s-0c44"). The app picks the id of a run
 * it starts (so it knows the run before its first event); the store picks one otherwise. Pure: the caller
 * brings the random bytes (node:crypto, or the browser's crypto.getRandomValues).
 */
export const RUN_ID_PATTERN = /^[0-9a-z]{1,12}-[0-9a-f]{4}$/;

export function formatRunId(nowMs: number, random: Uint8Array): string {
  if (random.length < 2) throw new Error("a run id needs 2 random bytes");
  const hex = [random[0], random[1]].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${Math.floor(nowMs).toString(36)}-${hex}`;
}
