/** Shortcut strings ("Mod+Shift+Z", "?", "Delete") matched against key events and shown to the user. */

export const IS_MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform ?? "");

interface Chord {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

export function parseChord(spec: string): Chord {
  const parts = spec.split("+");
  // "Mod++" would be odd; a lone "+" is not used.
  const key = parts.pop()!.toLowerCase();
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return { mod: mods.has("mod"), shift: mods.has("shift"), alt: mods.has("alt"), key };
}

/**
 * True when the event is this chord. Shift is compared only for letters and named keys: "?" is Shift+/ on most
 * layouts, so a printable symbol matches on its character alone.
 */
export function matchesChord(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">, spec: string): boolean {
  const c = parseChord(spec);
  const key = e.key.toLowerCase();
  if (key !== c.key) return false;
  const mod = e.ctrlKey || e.metaKey;
  if (mod !== c.mod || e.altKey !== c.alt) return false;
  const symbol = c.key.length === 1 && !/[a-z0-9]/.test(c.key);
  return symbol || e.shiftKey === c.shift;
}

const NAMES: Record<string, string> = { mod: IS_MAC ? "⌘" : "Ctrl", shift: "Shift", alt: IS_MAC ? "⌥" : "Alt", delete: "Del", backspace: "⌫", escape: "Esc" };

/** "Mod+Shift+Z" → "Ctrl+Shift+Z" (or "⌘+Shift+Z"). */
export function formatChord(spec: string): string {
  return spec
    .split("+")
    .map((p) => NAMES[p.toLowerCase()] ?? (p.length === 1 ? p.toUpperCase() : p))
    .join("+");
}
