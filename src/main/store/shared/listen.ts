/**
 * LISTEN on a channel of the shared database, on a connection of its own (a pooled one would be handed to
 * other queries): `onNotify` gets each payload; `onError` is told when the connection is lost (no more
 * notifications come: the caller falls back on reading the state itself). Ends with close().
 */
import pg from "pg";

export interface Listening {
  close(): Promise<void>;
}

export async function listen(url: string, channel: string, onNotify: (payload: string) => void, onError: (e: Error) => void): Promise<Listening> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  let closing = false;
  client.on("error", (e) => closing || onError(e));
  client.on("end", () => closing || onError(new Error("the connection was closed")));
  client.on("notification", (n) => {
    if (n.channel === channel) onNotify(n.payload ?? "");
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
  } catch (e) {
    closing = true;
    await client.end().catch(() => {});
    throw e;
  }
  return {
    close: async () => {
      if (closing) return;
      closing = true;
      await client.end().catch(() => {});
    },
  };
}
