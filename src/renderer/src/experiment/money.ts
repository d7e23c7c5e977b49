/** USD with 4 decimals everywhere in the experiment views (as `cascade sweep` prints it), so the cells' costs line up. */
export const usd = (v: number | null) => (v === null ? "unknown" : `$${v.toFixed(4)}`);
