// What every console renderer shares: HTML escaping and attributes, Lark colour names as CSS, safe links, reading
// untyped JSON, and the RenderContext (names for open ids, people for pickers).
// Pure string building, no DOM and no Node APIs.

export interface RenderContext {
  /** Display name for an open id (persona or bot); undefined when unknown. */
  nameOf(openId: string): string | undefined;
  /** Choices for person pickers that list no options of their own. */
  people: readonly { openId: string; name: string }[];
}

export type Json = Record<string, unknown>;

export const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

export const attr = (name: string, value: string | undefined | null): string => (value === undefined || value === null ? "" : ` ${name}="${escapeHtml(value)}"`);

/** Lark colour names (header templates, tags, <font>) as CSS colours. */
export const PALETTE: Record<string, string> = {
  grey: "#8f959e",
  gray: "#8f959e",
  neutral: "#646a73",
  default: "#1f2329",
  red: "#f54a45",
  carmine: "#e22e5f",
  orange: "#ff8800",
  yellow: "#d6a100",
  lime: "#8fbf00",
  green: "#2ea121",
  turquoise: "#00a8a8",
  wathet: "#1aa3e6",
  blue: "#3370ff",
  indigo: "#4954e6",
  purple: "#8d55ed",
  violet: "#a83fd1",
};

/** A CSS colour for a Lark colour name or an explicit #hex / rgb(a)(); null for anything else. */
export function cssColor(c: string): string | null {
  const k = c.trim().toLowerCase();
  if (PALETTE[k]) return PALETTE[k]!;
  if (/^#[0-9a-f]{3,8}$/.test(k)) return k;
  if (/^rgba?\(\s*[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+\s*(,\s*[\d.]+\s*)?\)$/.test(k)) return k;
  return null;
}

export const colorKey = (c: string) => (PALETTE[c.trim().toLowerCase()] ? c.trim().toLowerCase() : "neutral");

/** The URL when it is plain http(s), else null. */
export function safeUrl(u: string): string | null {
  return /^https?:\/\/[^\s"'<>]+$/i.test(u) ? u : null;
}
