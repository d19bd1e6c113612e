// node:crypto behind useSyncCrypto gives the same signatures and plaintexts as Web Crypto, and refuses the same
// damaged input.
import { afterEach, describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64, DecryptError, decryptPayload, decryptUnsigned, encryptPayload, larkSignature, useSyncCrypto } from "../../src/adapters/lark/crypto.js";
import { nodeSyncCrypto } from "../../src/runtimes/node/node-crypto.js";

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
    const { constantTimeEqual } = await import("../../src/adapters/lark/crypto.js");
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "ab")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("令牌", "令牌")).toBe(true);
    expect(constantTimeEqual("令牌", "令碑")).toBe(false);
  });
});

describe("decryptUnsigned (the unsigned challenge path)", () => {
  // It never throws on a property of the plaintext; its padding verdict must still be exactly the cipher's.
  for (const backend of ["web", "node"] as const) {
    it(`agrees with decryptPayload on every padding, valid or not (${backend})`, async () => {
      useSyncCrypto(backend === "node" ? nodeSyncCrypto : null);
      const key = "test-encrypt-key-汇报";
      const dec = new TextDecoder();
      for (const plain of ["", "x", "a".repeat(15), "b".repeat(16), "c".repeat(17), JSON.stringify({ challenge: "c-1", token: "t", type: "url_verification" })]) {
        const r = await decryptUnsigned(key, await encryptPayload(key, plain));
        expect(r && { ok: r.paddingOk, plain: dec.decode(r.plain) }).toEqual({ ok: 1, plain });
      }
      // Every value of the IV's last byte in front of one block: the cipher accepts some paddings, refuses the rest.
      const enc = base64ToBytes(await encryptPayload(key, "0123456789abcdefXYZ"));
      let valid = 0;
      for (let v = 0; v < 256; v++) {
        const two = enc.slice(0, 32);
        two[15] = v;
        const b64 = bytesToBase64(two);
        const mine = await decryptUnsigned(key, b64);
        const theirs = await decryptPayload(key, b64).then(
          (text) => ({ ok: 1, text }),
          (e: unknown) => (expect(e).toBeInstanceOf(DecryptError), { ok: 0 }),
        );
        expect(mine!.paddingOk, `v=${v}`).toBe(theirs.ok);
        if (theirs.ok) {
          valid++;
          expect(dec.decode(mine!.plain)).toBe((theirs as { text: string }).text);
        }
      }
      expect(valid).toBeGreaterThan(0);
      expect(valid).toBeLessThan(256);
      // Only what the sender can see for itself gives null.
      expect(await decryptUnsigned(key, "not base64 !!")).toBeNull();
      expect(await decryptUnsigned(key, "QUJD")).toBeNull();
    });
  }
});
