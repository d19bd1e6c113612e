// The message resource API (files sent to the bot) through both LarkApi clients against the fake Open API: the
// bytes, the size cap (announced or not), and errors classified for retrying.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LarkApiError, readCapped, type LarkApi } from "../../src/app/ports/platform.js";
import { fetchLarkApi } from "../../src/adapters/lark/fetch-client.js";
import { sdkLarkApi } from "../../src/runtimes/node/sdk-client.js";
import { FakeLark } from "../helpers/fake-lark.js";

let lark: FakeLark;
beforeAll(async () => {
  lark = await new FakeLark().start();
  lark.resources.set("om_1/file_1", new Uint8Array([1, 2, 3, 4, 5]));
});
afterAll(async () => lark?.stop());

const clients: [string, () => LarkApi][] = [
  ["fetch client", () => fetchLarkApi({ appId: "cli_x", appSecret: "s", domain: lark.url })],
  ["node-sdk client", () => sdkLarkApi({ appId: "cli_x", appSecret: "s", domain: lark.url })],
];

describe.each(clients)("getMessageResource with the %s", (_name, make) => {
  it("returns the file's bytes (GET …/messages/:id/resources/:key?type=file)", async () => {
    const r = await make().getMessageResource({ messageId: "om_1", fileKey: "file_1", maxBytes: 10 });
    expect(r).toEqual({ bytes: new Uint8Array([1, 2, 3, 4, 5]) });
    const call = lark.calls.filter((c) => c.path === "/open-apis/im/v1/messages/om_1/resources/file_1").at(-1);
    expect(call?.method).toBe("GET");
  });

  it("a file over the cap is not read: tooLarge with the announced size", async () => {
    expect(await make().getMessageResource({ messageId: "om_1", fileKey: "file_1", maxBytes: 4 })).toEqual({ tooLarge: true, size: 5 });
  });

  it("a file not in the message: a LarkApiError that is not retried", async () => {
    const e = await make()
      .getMessageResource({ messageId: "om_1", fileKey: "nope", maxBytes: 10 })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LarkApiError);
    expect((e as LarkApiError).retryable).toBe(false);
    expect((e as LarkApiError).info.status).toBe(400);
  });

  it("a server error is retried (the inbox runs the message again)", async () => {
    lark.failNext(1, "500", /resources/);
    const e = await make()
      .getMessageResource({ messageId: "om_1", fileKey: "file_1", maxBytes: 10 })
      .catch((x: unknown) => x);
    expect((e as LarkApiError).retryable).toBe(true);
  });
});

describe("readCapped", () => {
  async function* chunks(...sizes: number[]) {
    for (const n of sizes) yield new Uint8Array(n).fill(7);
  }
  it("stops at the first chunk past the cap and cancels the rest (no size announced)", async () => {
    let cancelled = 0;
    expect(await readCapped(chunks(3, 3, 3), 5, () => cancelled++)).toEqual({ tooLarge: true });
    expect(cancelled).toBe(1);
    expect(await readCapped(chunks(2, 3), 5, () => cancelled++)).toEqual({ bytes: new Uint8Array(5).fill(7) });
    expect(cancelled).toBe(1);
  });
});
