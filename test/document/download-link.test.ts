import { describe, expect, it } from "vitest";
import {
  asciiFallbackName,
  base64UrlDecode,
  contentDisposition,
  downloadPath,
  signDownload,
  timingSafeEqual,
  verifyDownload,
} from "../../src/adapters/http/download-link.js";
import { downloadFileName } from "../../src/adapters/http/download-route.js";

const secret = "test-secret-0123456789abcdef";
const now = 1_800_000_000;
const link = { secret, reportId: "rpt_42", version: 3, format: "docx" as const, expiresAt: now + 600 };

function parse(path: string) {
  const url = new URL(path, "https://example.invalid");
  const m = /^\/download\/([^/]+)\/([^/]+)\.(docx|md)$/.exec(url.pathname)!;
  return {
    reportId: decodeURIComponent(m[1]!),
    version: decodeURIComponent(m[2]!),
    format: m[3] as "docx" | "md",
    expires: url.searchParams.get("exp")!,
    sig: url.searchParams.get("sig")!,
  };
}

describe("signed download links", () => {
  it("builds /download/<id>/<version>.<format>?exp=&sig= and verifies it", async () => {
    const path = await downloadPath(link);
    expect(path).toMatch(/^\/download\/rpt_42\/3\.docx\?exp=1800000600&sig=[A-Za-z0-9_-]{43}$/);
    const q = parse(path);
    expect(await verifyDownload({ secret, ...q, now })).toEqual({ ok: true });
    expect(q.sig).toBe(await signDownload(link));
  });

  it("rejects a tampered signature", async () => {
    const q = parse(await downloadPath(link));
    const flipped = (q.sig[0] === "A" ? "B" : "A") + q.sig.slice(1);
    expect(await verifyDownload({ secret, ...q, sig: flipped, now })).toEqual({ ok: false, reason: "tampered" });
    expect(await verifyDownload({ secret, ...q, sig: q.sig.slice(0, -2), now })).toEqual({ ok: false, reason: "tampered" });
    expect(await verifyDownload({ secret, ...q, sig: "", now })).toEqual({ ok: false, reason: "tampered" });
    expect(await verifyDownload({ secret, ...q, sig: "!!!", now })).toEqual({ ok: false, reason: "tampered" });
    expect(await verifyDownload({ secret: "another-secret-0123456789", ...q, now })).toEqual({ ok: false, reason: "tampered" });
  });

  it("rejects a link moved to another report, version or format, or with a longer expiry", async () => {
    const q = parse(await downloadPath(link));
    expect(await verifyDownload({ secret, ...q, reportId: "rpt_43", now })).toEqual({ ok: false, reason: "tampered" });
    expect(await verifyDownload({ secret, ...q, version: "4", now })).toEqual({ ok: false, reason: "tampered" });
    expect(await verifyDownload({ secret, ...q, format: "md", now })).toEqual({ ok: false, reason: "tampered" });
    expect(await verifyDownload({ secret, ...q, expires: String(now + 6000), now })).toEqual({ ok: false, reason: "tampered" });
    expect(await verifyDownload({ secret, ...q, expires: "1800000600.5", now })).toEqual({ ok: false, reason: "tampered" });
  });

  it("rejects an expired link (and accepts it up to the second before)", async () => {
    const q = parse(await downloadPath(link));
    expect(await verifyDownload({ secret, ...q, now: now + 599 })).toEqual({ ok: true });
    expect(await verifyDownload({ secret, ...q, now: now + 600 })).toEqual({ ok: false, reason: "expired" });
    expect(await verifyDownload({ secret, ...q, now: now + 86_400 })).toEqual({ ok: false, reason: "expired" });
  });

  it("percent-encodes ids in the path and keeps the signature bound to the raw id", async () => {
    const l = { ...link, reportId: "南岸/2023 报告", version: "a1b2" };
    const path = await downloadPath(l);
    expect(path.startsWith("/download/%E5%8D%97%E5%B2%B8%2F2023%20%E6%8A%A5%E5%91%8A/a1b2.docx?")).toBe(true);
    expect(await verifyDownload({ secret, ...parse(path), now })).toEqual({ ok: true });
  });

  it("refuses weak secrets and unknown formats when signing", async () => {
    await expect(signDownload({ ...link, secret: "short" })).rejects.toThrow();
    await expect(signDownload({ ...link, format: "pdf" as never })).rejects.toThrow();
  });

  it("compares in constant time over equal lengths and decodes only canonical base64url", () => {
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
    expect(base64UrlDecode("AQID")).toEqual(new Uint8Array([1, 2, 3]));
    expect(base64UrlDecode("AQI=")).toBeNull();
    expect(base64UrlDecode("AQJ")).toBeNull(); // non-canonical trailing bits
  });
});

describe("contentDisposition", () => {
  it("gives an ASCII fallback and an RFC 5987 UTF-8 name for a Chinese file name", () => {
    const h = contentDisposition("南岸区交通局2023年法治政府建设情况报告.docx");
    expect(h).toBe(
      "attachment; filename=\"2023.docx\"; filename*=UTF-8''" +
        "%E5%8D%97%E5%B2%B8%E5%8C%BA%E4%BA%A4%E9%80%9A%E5%B1%802023%E5%B9%B4%E6%B3%95%E6%B2%BB%E6%94%BF%E5%BA%9C%E5%BB%BA%E8%AE%BE%E6%83%85%E5%86%B5%E6%8A%A5%E5%91%8A.docx",
    );
    const encoded = /filename\*=UTF-8''(.+)$/.exec(h)![1]!;
    expect(decodeURIComponent(encoded)).toBe("南岸区交通局2023年法治政府建设情况报告.docx");
  });

  it("percent-encodes characters outside attr-char and neutralises header injection", () => {
    const h = contentDisposition("报告 (final)'s \"v2\"\r\nSet-Cookie: x=1/../a.md", "inline");
    expect(h.startsWith("inline; filename=\"")).toBe(true);
    expect(h).not.toMatch(/[\r\n]/);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(h)![1]!;
    expect(encoded).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(decodeURIComponent(encoded)).toBe("报告 (final)'s \"v2\"Set-Cookie: x=1_.._a.md");
    const fallback = /filename="([^"]*)"/.exec(h)![1]!;
    expect(fallback).toMatch(/^[\x20-\x7E]+$/);
    expect(fallback).not.toMatch(/["\\]/);
  });

  it("removes every bidirectional control (marks, embeddings, overrides, isolates), so no name can disguise its extension", () => {
    const controls = ["\u200E", "\u200F", "\u061C", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"];
    for (const c of controls) {
      const h = contentDisposition(`报告${c}xcod.exe.docx`);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(h)![1]!), `U+${c.codePointAt(0)!.toString(16)}`).toBe("报告xcod.exe.docx");
    }
    for (const c of controls) expect(downloadFileName(`南岸区${c}报告${c}`, "docx")).toBe("南岸区报告.docx");
    // Only controls go: joiners inside emoji and ordinary text stay.
    expect(downloadFileName("2026年👨‍👩‍👧报告", "md")).toBe("2026年👨‍👩‍👧报告.md");
  });

  it("falls back to download.<ext> when nothing ASCII is left", () => {
    expect(asciiFallbackName("法治政府建设情况报告.md")).toBe("download.md");
    expect(asciiFallbackName("report-2023 v2.docx")).toBe("report-2023 v2.docx");
  });
});
