// GET /download/:reportId/:file — the signed, expiring links on the report-ready card.
//
// file = "<version number>.docx" | "<version number>.md"; query: exp (unix seconds), sig (base64url HMAC).
// The signature is checked before anything is looked up, so the answer never tells whether a report exists:
// bad signature → 403, valid but expired → 410, valid for a report or version that isn't there → 404, all with
// the same body shape. The document is rendered from the frozen version on each request (nothing cached).
// Hono and Web APIs only (runs on Node and Workers).
import type { Context, Hono } from "hono";
import { renderDocx } from "../document/docx.js";
import { renderMarkdown } from "../document/markdown.js";
import { downloadFileName } from "../../app/features/exports/download-link.js";
import type { DownloadPort } from "../../app/ports/platform.js";
import { contentDisposition, verifyDownload, type DownloadFormat } from "./download-link.js";

export type { DownloadPort } from "../../app/ports/platform.js";
export { downloadFileName } from "../../app/features/exports/download-link.js";

export const CONTENT_TYPES: Record<DownloadFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  md: "text/markdown; charset=utf-8",
};

const FILE = /^(\d{1,7})\.(docx|md)$/;

const ERRORS = {
  403: { error: "forbidden", message: "下载链接无效。" },
  404: { error: "not_found", message: "文件不存在。" },
  410: { error: "expired", message: "下载链接已过期，请在群里重新发送「导出」获取新链接。" },
} as const;

const TITLES = { 403: "链接无效", 404: "文件不存在", 410: "链接已过期" } as const;

/** A small page for people who opened the link in a browser (the same words as the JSON). */
function errorPage(status: 403 | 404 | 410): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLES[status]} · 汇报</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f7;color:#1f2329}
main{max-width:28rem;margin:15vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
h1{font-size:1.25rem;margin:0 0 .75rem}p{line-height:1.6;margin:0}small{display:block;margin-top:1rem;color:#8f959e}</style></head>
<body><main><h1>${TITLES[status]}</h1><p>${ERRORS[status].message}</p><small>汇报 huibao · ${status}</small></main></body></html>`;
}

function refuse(c: Context, status: 403 | 404 | 410) {
  c.header("Cache-Control", "private, no-store");
  c.header("X-Content-Type-Options", "nosniff");
  // Browsers (Accept: text/html) get a page; API clients and scripts get JSON.
  if ((c.req.header("accept") ?? "").includes("text/html")) return c.html(errorPage(status), status);
  return c.json(ERRORS[status], status);
}

export function mountDownloads(app: Hono, port: DownloadPort): void {
  app.get("/download/:reportId/:file", async (c) => {
    const started = performance.now();
    const reportId = c.req.param("reportId");
    const m = FILE.exec(c.req.param("file"));
    const exp = c.req.query("exp") ?? "";
    const sig = c.req.query("sig") ?? "";
    // 1. The signature, before anything is looked up.
    const secret = port.secret();
    if (!m || !secret || !reportId) return refuse(c, 403);
    const version = Number(m[1]);
    const format = m[2] as DownloadFormat;
    const now = Math.floor(port.now().getTime() / 1000);
    const verdict = await verifyDownload({ secret, reportId, version, format, expires: exp, sig, now });
    if (!verdict.ok) return refuse(c, verdict.reason === "expired" ? 410 : 403);
    // 2. Only a genuine, current link reaches storage.
    const doc = await port.load(reportId, version);
    if (!doc) return refuse(c, 404);
    const bytes = format === "docx" ? await renderDocx(doc) : new TextEncoder().encode(renderMarkdown(doc));
    port.log?.info("download.served", { reportId, version, format, bytes: bytes.byteLength, ms: Math.round(performance.now() - started) });
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        "Content-Type": CONTENT_TYPES[format],
        "Content-Disposition": contentDisposition(downloadFileName(doc.title, format)),
        "Content-Length": String(bytes.byteLength),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
