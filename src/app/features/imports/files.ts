// Files sent to the bot (.docx, .txt, .md): downloaded within a size limit, read as text (any of the encodings
// Chinese offices use), and offered for import when they hold a whole report (./offer.ts).
import { looksLikeWholeReport, recognizeStructure } from "../../../domain/structure/recognize.js";
import type { AppDeps, Turn } from "../../runtime/context.js";
import type { Message } from "../../runtime/feature.js";
import { LarkApiError, type MessageResource } from "../../ports/platform.js";
import { replyError, type Where } from "../questionnaire/replies.js";
import { charLength } from "../../../domain/text.js";
import { MAX_IMPORT_CHARS, offer } from "./offer.js";

/** Largest file read (the message resource API allows 100 MB; a report is a few hundred KB). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

const ACCEPTED = ["docx", "txt", "md"];

/**
 * Decodes a text file: UTF-16 with BOM, UTF-8 (with or without BOM), else GB18030; null when none fits. A runtime
 * without an encoding (Workers may lack GB18030) makes that attempt fail like a wrong guess.
 */
export function decodeText(bytes: Uint8Array): string | null {
  const attempt = (label: string, data: Uint8Array) => {
    try {
      return new TextDecoder(label, { fatal: true }).decode(data);
    } catch {
      return null;
    }
  };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return attempt("utf-16le", bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return attempt("utf-16be", bytes.subarray(2));
  return attempt("utf-8", bytes) ?? attempt("gb18030", bytes);
}

/** Markdown (as huibao exports it, or typed): heading marks, emphasis, escapes and hard breaks removed. */
export function markdownText(md: string): string {
  return md
    .split(/\r?\n/)
    .map((l) =>
      l
        .replace(/^\s{0,3}#{1,6}\s+/, "")
        .replace(/^\s{0,3}>\s?/, "")
        .replace(/\*\*|__/g, "")
        .replace(/\\([\\`*_[\]<>&|~#+\-=.()!{}])/g, "$1")
        .replace(/\s+$/, ""),
    )
    .join("\n");
}

/**
 * A file sent to the bot. In a private chat every outcome gets an answer; in a group (where files reach the bot
 * only with the im:message.group_msg scope) only a file holding a whole report does, and anything else is
 * ignored like other group chatter.
 */
export async function onFile(deps: AppDeps, t: Turn, m: Message, where: Where): Promise<void> {
  const file = m.file!;
  const inGroup = m.chatType === "group";
  const refuse = async (message: string, hint?: string) => {
    deps.log.info("import.file_refused", { messageId: m.messageId, reason: message.slice(0, 40) });
    if (!inGroup) await replyError(t, where, message, hint);
  };
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.fileName)?.[1]?.toLowerCase() ?? "";
  if (!ACCEPTED.includes(ext)) {
    if (ext === "doc" || ext === "wps") return refuse("暂不能读取 .doc / .wps 格式的文件。", "请在 Word 或 WPS 中另存为 .docx 后再发送。");
    return refuse("只能导入 .docx、.txt 或 .md 文件。", "也可以把报告全文直接粘贴发送。");
  }
  let res: MessageResource;
  try {
    res = await deps.larkFiles.getMessageResource({ messageId: m.messageId, fileKey: file.fileKey, maxBytes: MAX_FILE_BYTES });
  } catch (e) {
    // Retryable failures (network, 5xx, rate limits) go back to the inbox to be retried.
    if (e instanceof LarkApiError && !e.retryable) return refuse("无法下载这个文件。", "请确认应用已开通 im:resource 权限，或把报告全文直接粘贴发送。");
    throw e;
  }
  if ("tooLarge" in res) {
    const size = res.size ? `（${(res.size / 1024 / 1024).toFixed(1)} MB）` : "";
    return refuse(`文件过大${size}，最多 ${MAX_FILE_BYTES / 1024 / 1024} MB。`, "请删去图片等附件后再发送，或把报告全文直接粘贴发送。");
  }
  let text: string | null;
  if (ext === "docx") {
    const read = deps.readDocx(res.bytes);
    if (!read.ok) return refuse(read.message, "请确认文件能用 Word 或 WPS 打开，另存为 .docx 后再发送。");
    text = read.text;
  } else {
    text = decodeText(res.bytes);
    if (text === null) return refuse("无法识别文件的文字编码。", "请将文件另存为 UTF-8 编码后再发送。");
    if (ext === "md") text = markdownText(text);
  }
  if (charLength(text) > MAX_IMPORT_CHARS) return refuse(`文件内容过长（超过 ${MAX_IMPORT_CHARS} 字）。`);
  const doc = recognizeStructure(text);
  if (!looksLikeWholeReport(doc)) {
    return refuse("没有在文件中识别出报告的结构。", "导入需要文件中至少有两个“一、二、……”部分，例如“一、主要举措和成效”“二、存在的不足”。单独一部分的内容请直接粘贴到对应的填写卡片。");
  }
  await offer(deps, t, m, where, text, doc, file.fileName);
}
