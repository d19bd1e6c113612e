// Configuration: validated once, at the entry point, from an environment record. Pure: the caller passes
// the record (process.env on Node, the Worker's env bindings on Workers).
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const domain = z
  .string()
  .trim()
  .default("feishu")
  .transform((s, ctx) => {
    if (s === "" || s === "feishu") return "https://open.feishu.cn";
    if (s === "lark") return "https://open.larksuite.com";
    if (/^https?:\/\/[^\s/]+(:\d+)?$/.test(s.replace(/\/+$/, ""))) return s.replace(/\/+$/, "");
    ctx.addIssue({ code: "custom", message: "must be feishu, lark, or a base URL such as http://127.0.0.1:9999" });
    return z.NEVER;
  });

const timeZone = z
  .string()
  .trim()
  .default("Asia/Shanghai")
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Asia/Shanghai");

export const configSchema = z.object({
  LARK_APP_ID: optionalText,
  LARK_APP_SECRET: optionalText,
  LARK_VERIFICATION_TOKEN: optionalText,
  LARK_ENCRYPT_KEY: optionalText,
  LARK_DOMAIN: domain,
  LARK_EVENT_MODE: z.enum(["webhook", "ws"], { message: "must be webhook or ws" }).default("webhook"),
  PUBLIC_BASE_URL: z
    .string()
    .trim()
    .default("")
    .refine((s) => s === "" || /^https?:\/\/\S+$/.test(s), "must be an http(s) URL such as https://huibao.example.gov.cn"),
  DOWNLOAD_LINK_SECRET: optionalText.refine((s) => s === undefined || s.length >= 16, "must be at least 16 characters"),
  DATABASE_URL: optionalText.refine((s) => s === undefined || (s.startsWith("file:") && s.length > 5), "must be a file: URL such as file:./data/huibao.db"),
  PORT: z.coerce.number({ message: "must be a port number" }).int().min(0).max(65535, "must be a port number").default(3000),
  REPORT_TIMEZONE: timeZone,
  REMINDER_TIME: z
    .string()
    .trim()
    .default("09:30")
    .refine((s) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s), "must be HH:mm such as 09:30"),
  HOLIDAY_OVERRIDE_FILE: optionalText,
  HUIBAO_CONSOLE: z
    .enum(["", "0", "1", "true", "false"], { message: "must be 1 or 0" })
    .default("")
    .transform((s) => (s === "1" || s === "true" ? true : s === "0" || s === "false" ? false : undefined)),
  HTTP_BODY_TIMEOUT_MS: z.coerce
    .number({ message: "must be a number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(100, "must be at least 100 (milliseconds)")
    .max(300_000, "must be at most 300000 (milliseconds)")
    .default(10_000),
  HTTP_MAX_CONNECTIONS: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(100_000, "must be at most 100000").default(256),
  INBOX_RETENTION_DAYS: z.coerce
    .number({ message: "must be a number of days (1 to 3650)" })
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day")
    .max(3650, "must be at most 3650 days")
    .default(7),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"], { message: "must be debug, info, warn or error" }).default("info"),
});

/** The database when DATABASE_URL is not set: real traffic, and the local console's trial data, each its own file. */
export const DEFAULT_DATABASE_URL = "file:./data/huibao.db";
export const CONSOLE_DATABASE_URL = "file:./data/console.db";

export type RawConfig = z.infer<typeof configSchema>;

export interface Config {
  lark: {
    appId?: string;
    appSecret?: string;
    verificationToken?: string;
    encryptKey?: string;
    domain: string;
    eventMode: "webhook" | "ws";
  };
  /** True when Lark credentials are set (app id and secret). */
  hasLarkCredentials: boolean;
  /** Local console: on when no credentials are set (HUIBAO_CONSOLE=1 with credentials is refused). */
  console: boolean;
  publicBaseUrl: string;
  downloadLinkSecret?: string;
  databaseUrl: string;
  port: number;
  timeZone: string;
  reminderTime: string;
  holidayOverrideFile?: string;
  /** Days a processed inbox row keeps its payload; then the sweep empties it (the row stays for deduplication). */
  inboxRetentionDays: number;
  logLevel: "debug" | "info" | "warn" | "error";
  /** Node's HTTP server: time to receive a whole request, and open connections at most. */
  http: { bodyTimeoutMs: number; maxConnections: number };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`configuration error: ${variable} ${detail}`);
  }
}

/** Validates an environment record. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(configSchema.shape)) picked[key] = env[key];
  const r = configSchema.safeParse(picked);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? "config"), issue.message);
  }
  const c = r.data;
  if ((c.LARK_APP_ID === undefined) !== (c.LARK_APP_SECRET === undefined)) {
    throw new ConfigError(c.LARK_APP_ID === undefined ? "LARK_APP_ID" : "LARK_APP_SECRET", "must be set together with the other Lark credential");
  }
  const hasLarkCredentials = c.LARK_APP_ID !== undefined;
  if (hasLarkCredentials && c.LARK_EVENT_MODE === "webhook" && c.LARK_VERIFICATION_TOKEN === undefined) {
    throw new ConfigError("LARK_VERIFICATION_TOKEN", "is required in webhook mode (every request's token is checked)");
  }
  if (hasLarkCredentials && c.LARK_EVENT_MODE === "webhook" && c.LARK_ENCRYPT_KEY === undefined) {
    throw new ConfigError(
      "LARK_ENCRYPT_KEY",
      "is required in webhook mode: without an Encrypt Key Feishu signs nothing, so anyone who learns the verification token could forge messages and card actions (set one under 事件与回调 → 加密策略, or use LARK_EVENT_MODE=ws)",
    );
  }
  // The console's pretend users and local gateway would replace Feishu in a process holding real credentials:
  // refused, rather than served beside real traffic (see README, HUIBAO_CONSOLE).
  if (hasLarkCredentials && c.HUIBAO_CONSOLE === true) {
    throw new ConfigError(
      "HUIBAO_CONSOLE",
      "cannot be 1 together with LARK_APP_ID/LARK_APP_SECRET: the console would answer in place of Feishu and its pretend users could act in real reports; run the console without credentials",
    );
  }
  const consoleMode = c.HUIBAO_CONSOLE ?? !hasLarkCredentials;
  const port = c.PORT;
  return {
    lark: {
      appId: c.LARK_APP_ID,
      appSecret: c.LARK_APP_SECRET,
      verificationToken: c.LARK_VERIFICATION_TOKEN,
      encryptKey: c.LARK_ENCRYPT_KEY,
      domain: c.LARK_DOMAIN,
      eventMode: c.LARK_EVENT_MODE,
    },
    hasLarkCredentials,
    console: consoleMode,
    publicBaseUrl: (c.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, ""),
    downloadLinkSecret: c.DOWNLOAD_LINK_SECRET,
    // Trial data and real reports never share a file unless DATABASE_URL says so.
    databaseUrl: c.DATABASE_URL ?? (consoleMode ? CONSOLE_DATABASE_URL : DEFAULT_DATABASE_URL),
    port,
    timeZone: c.REPORT_TIMEZONE,
    reminderTime: c.REMINDER_TIME,
    holidayOverrideFile: c.HOLIDAY_OVERRIDE_FILE,
    inboxRetentionDays: c.INBOX_RETENTION_DAYS,
    logLevel: c.LOG_LEVEL,
    http: { bodyTimeoutMs: c.HTTP_BODY_TIMEOUT_MS, maxConnections: c.HTTP_MAX_CONNECTIONS },
  };
}

/** The configured secret values, for the logger's last-line redaction (src/app/runtime/log.ts). */
export function secretValues(c: Config): string[] {
  return [c.lark.appSecret, c.lark.encryptKey, c.lark.verificationToken, c.downloadLinkSecret].filter((s): s is string => typeof s === "string" && s !== "");
}
