// node:crypto behind useSyncCrypto gives the same signatures and plaintexts as Web Crypto, and refuses the same
// damaged input.
import { afterEach, describe, expect, it } from "vitest";
import { DecryptError, decryptPayload, encryptPayload, larkSignature, useSyncCrypto } from "../../src/lark/crypto.js";
import { nodeSyncCrypto } from "../../src/lark/node-crypto.js";

afterEach(() => useSyncCrypto(null));

describe("node:crypto backend", () => {
  it("signs and decrypts exactly like Web Crypto", async () => {
    const key = "test-encrypt-key-汇报";
    for (const plain of ["", "x", "a".repeat(15), "b".repeat(16), JSON.stringify({ text: "收到，下午补充完整", n: 1 }).repeat(40)]) {
      const enc = await encryptPayload(key, plain);
      const body = new TextEncoder().encode(JSON.stringify({ encrypt: enc }));
      useSyncCrypto(null);
      const web = { plain: await decryptPayload(key, enc), sig: await larkSignature("1700000000", "nonce", key, body) };
      useSyncCrypto(nodeSyncCrypto);
      const node = { plain: await decryptPayload(key, enc), sig: await larkSignature("1700000000", "nonce", key, body) };
      expect(node).toEqual(web);
      expect(node.plain).toBe(plain);
    }
  });

  it("a wrong key or damaged ciphertext is a DecryptError, as with Web Crypto", async () => {
    // A fixed IV keeps the damaged ciphertext below the same bytes on every run (its padding is invalid).
    const enc = await encryptPayload("right-key", JSON.stringify({ hello: "world" }), new Uint8Array(16).fill(7));
    useSyncCrypto(nodeSyncCrypto);
    await expect(decryptPayload("wrong-key", enc)).rejects.toBeInstanceOf(DecryptError);
    await expect(decryptPayload("right-key", enc.slice(0, -8) + "AAAAAAA=")).rejects.toBeInstanceOf(DecryptError);
    await expect(decryptPayload("right-key", "short")).rejects.toBeInstanceOf(DecryptError);
  });

  it("refuses what is not base64 as Web Crypto's atob does, and compares strings without leaking where they differ", async () => {
    const enc = await encryptPayload("k", JSON.stringify({ a: 1 }));
    for (const damaged of [enc.replace(/.$/, "*"), "%%%" + enc, enc + "!", "çç" + enc]) {
      useSyncCrypto(null);
      await expect(decryptPayload("k", damaged)).rejects.toBeInstanceOf(DecryptError);
      useSyncCrypto(nodeSyncCrypto);
      await expect(decryptPayload("k", damaged)).rejects.toBeInstanceOf(DecryptError);
    }
    const { constantTimeEqual } = await import("../../src/lark/crypto.js");
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "ab")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("令牌", "令牌")).toBe(true);
    expect(constantTimeEqual("令牌", "令碑")).toBe(false);
  });
});
