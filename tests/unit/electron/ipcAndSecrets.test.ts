import { describe, expect, it, vi } from "vitest";
import { createIpcHandler } from "../../../src/main/electron/ipcHandler";
import { safeStorageSecretBox, type SafeStorageLike } from "../../../src/main/electron/secretBox";
import { ServiceError } from "../../../src/main/service/errors";

const APP = "file:///opt/cascade/out/renderer/index.html";
const fromApp = { senderFrame: { url: APP } };

describe("the cascade:call handler", () => {
  it("dispatches calls from the app's frame and wraps results", async () => {
    const dispatch = vi.fn(async (method: unknown) => ({ echoed: method }));
    const handle = createIpcHandler(dispatch, () => APP);
    expect(await handle(fromApp, "app.info", undefined)).toEqual({ ok: true, result: { echoed: "app.info" } });
    expect(dispatch).toHaveBeenCalledWith("app.info", undefined);
  });

  it("refuses unknown method names without dispatching", async () => {
    const dispatch = vi.fn();
    const handle = createIpcHandler(dispatch, () => APP);
    expect(await handle(fromApp, "fs.readFile", {})).toEqual({ ok: false, error: { message: 'unknown method "fs.readFile"' } });
    expect(await handle(fromApp, { toString: () => "x" }, {})).toMatchObject({ ok: false });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it("refuses calls from frames that are not the app", async () => {
    const dispatch = vi.fn();
    const handle = createIpcHandler(dispatch, () => APP);
    expect(await handle({ senderFrame: { url: "https://evil.example/" } }, "app.info", undefined)).toMatchObject({ ok: false });
    expect(await handle({ senderFrame: null }, "app.info", undefined)).toMatchObject({ ok: false });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it("returns errors with their problems instead of throwing", async () => {
    const problems = [{ code: "bad-json" as const, message: "not JSON", path: "$" }];
    const handle = createIpcHandler(async () => {
      throw new ServiceError("broken", problems);
    }, () => APP);
    expect(await handle(fromApp, "pipelines.list", undefined)).toEqual({ ok: false, error: { message: "broken", problems } });
  });
});

describe("safeStorageSecretBox", () => {
  function fakeSafeStorage(available = true): SafeStorageLike {
    return {
      isEncryptionAvailable: () => available,
      encryptString: (s) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
      decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
    };
  }

  it("seals to base64 that does not contain the secret, and opens it again", () => {
    const box = safeStorageSecretBox(fakeSafeStorage());
    const blob = box.seal("sk-live-123456");
    expect(blob).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(blob, "base64").toString()).not.toContain("sk-live");
    expect(box.open(blob)).toBe("sk-live-123456");
    expect(box.available()).toBe(true);
  });

  it("refuses to seal when encryption is unavailable", () => {
    const box = safeStorageSecretBox(fakeSafeStorage(false));
    expect(box.available()).toBe(false);
    expect(() => box.seal("x")).toThrow(/not available/);
  });
});
