/**
 * The Content-Disposition header for a download. The link signing lives in src/app/features/exports/download-link.ts (the use
 * cases sign, the route verifies) and is re-exported here for the HTTP side.
 */
export * from "../../app/features/exports/download-link.js";
import { BIDI_CONTROLS } from "../../app/features/exports/download-link.js";

const encoder = new TextEncoder();

/** RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" */
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;

function encodeRfc5987(s: string): string {
  let out = "";
  for (const ch of s) {
    if (ATTR_CHAR.test(ch)) {
      out += ch;
      continue;
    }
    for (const b of encoder.encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The ASCII-only stand-in for the `filename` parameter: non-ASCII runs become "_", quotes/backslashes are dropped. */
export function asciiFallbackName(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  const ext = dot > 0 && /^\.[A-Za-z0-9]{1,8}$/.test(fileName.slice(dot)) ? fileName.slice(dot) : "";
  const base = ext ? fileName.slice(0, dot) : fileName;
  const ascii = base
    .replace(/[^\x20-\x7E]+/g, "_")
    .replace(/["\\%;]/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[_ .]+|[_ .]+$/g, "");
  return `${/[A-Za-z0-9]/.test(ascii) ? ascii : "download"}${ext}`;
}

/**
 * Content-Disposition (RFC 6266) for a download named `fileName`, e.g. "南岸区交通局2023年法治政府建设情况报告.docx":
 * `attachment; filename="2023.docx"; filename*=UTF-8''%E5%8D%97…docx`. Path separators, control characters and
 * bidirectional controls are removed from the name first, so the header cannot be split, point elsewhere or
 * disguise the extension.
 */
export function contentDisposition(fileName: string, disposition: "attachment" | "inline" = "attachment"): string {
  // eslint-disable-next-line no-control-regex
  const safe = fileName.replace(/[\u0000-\u001F\u007F]/g, "").replace(BIDI_CONTROLS, "").replace(/[/\\]/g, "_").trim() || "download";
  return `${disposition}; filename="${asciiFallbackName(safe)}"; filename*=UTF-8''${encodeRfc5987(safe)}`;
}
