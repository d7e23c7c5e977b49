/** What a browser-mode page shows instead of the editor when it has no (valid) token. */
import type { Access } from "./access";

const TEXT: Record<Exclude<Access, "ok">, { title: string; body: string }> = {
  missing: {
    title: "The access token is missing",
    body: "This address has no token, so the server will not answer it. Open the address that `cascade serve` (or `npm start`) printed — it ends in ?token=… — once; this browser then remembers it, and a bookmark of this page works from then on.",
  },
  refused: {
    title: "The access token is out of date",
    body: "The server refused this page's token (it was changed with `cascade serve --new-token`). Open the new address that the server printed, ending in ?token=….",
  },
  unreachable: {
    title: "The server does not answer",
    body: "Nothing answers at this address. Start the app again (`npm start` or `cascade serve`) and reload this page.",
  },
};

export function AccessPage({ access }: { access: Exclude<Access, "ok"> }) {
  const t = TEXT[access];
  return (
    <main className="access-page" data-testid="access-page" data-access={access}>
      <h1>Cascade Studio</h1>
      <h2 data-testid="access-title">{t.title}</h2>
      <p>{t.body}</p>
    </main>
  );
}
