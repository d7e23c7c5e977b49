/**
 * What a failed call says to the user: the first problem's words when the Node side sent problems, else the
 * message without the RPC method and "bad params" prefixes (`runs.start: bad params: params.doc...`).
 */
export function errorText(e: unknown): string {
  const problems = (e as { problems?: { message: string; path?: string }[] }).problems ?? [];
  if (problems.length) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""}: see Problems)` : "";
    return `${first.message}${first.path && first.path !== "$" ? ` (at ${first.path})` : ""}${more}`;
  }
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^[a-z]+\.[A-Za-z]+: /, "").replace(/^bad params: /, "").replace(/\bparams\.(doc\.)?/g, "");
}
