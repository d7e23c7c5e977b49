/** Pipeline names in the library are unique: an import or template whose name is taken gets " (2)", " (3)"... */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.trim().toLowerCase()));
  const base = name.trim() || "Untitled cascade";
  if (!used.has(base.toLowerCase())) return base;
  const stem = base.replace(/ \(\d+\)$/, "");
  for (let i = 2; ; i++) {
    const candidate = `${stem} (${i})`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** Why `name` cannot be given to the pipeline `id`, or null. */
export function nameRefusal(name: string, id: string, library: readonly { id: string; name: string }[]): string | null {
  const trimmed = name.trim();
  if (!trimmed) return "a pipeline needs a name";
  const other = library.find((p) => p.id !== id && p.name.trim().toLowerCase() === trimmed.toLowerCase());
  return other ? `"${trimmed}" is the name of another pipeline` : null;
}
