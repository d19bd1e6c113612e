// The end of a pasted report: the closing ("特此报告。") and the signature — office line, date line (成文日期),
// 附注 "（此件公开发布）" — recognised only at the very end.
import { toHalfWidthDigits } from "../numerals.js";
import { DATE_RE, parseDateText } from "./dates.js";
import { isOfficeLine } from "./header.js";
import type { RecognizedSignature } from "./types.js";

const CLOSING_RE = /^特此(?:报告|说明|报送|函告)[。！!]?$/;
/** 附注 below the date: "（此件公开发布）", "（联系人：张三，电话：12345678）". */
const NOTE_RE = /^[（(][^（）()\n]{2,60}[）)]$/;

/** Where the closing and signature start (paras.length when there are none), and what they are. */
interface Tail {
  start: number;
  closing?: string;
  signature?: RecognizedSignature;
}

/** A date line, optionally with the office before it on the same line: its office part and date text. */
function dateLine(p: string): { office: string; dateText: string } | null {
  const m = DATE_RE.exec(p);
  if (!m) return null;
  const office = m[1]!.trim();
  return office === "" || isOfficeLine(office) ? { office, dateText: m[2]! } : null;
}

/**
 * The signature and closing at the end of paragraphs [from, …): [特此报告。] [office line] date line [（附注）], or an
 * office line alone as the last paragraph.
 */
export function recognizeTail(paras: readonly string[], from: number): Tail {
  let i = paras.length;
  const at = (k: number) => (k >= from ? paras[k] : undefined);
  const sig: RecognizedSignature = { lines: [] };
  let date = at(i - 1) !== undefined ? dateLine(at(i - 1)!) : null;
  if (!date && at(i - 1) !== undefined && NOTE_RE.test(at(i - 1)!) && at(i - 2) !== undefined) {
    date = dateLine(at(i - 2)!);
    if (date) {
      sig.note = paras[i - 1]!;
      i--;
    }
  }
  if (date) {
    sig.dateText = date.dateText;
    const iso = parseDateText(toHalfWidthDigits(date.dateText));
    if (iso) sig.date = iso;
    i--;
    if (date.office) sig.office = date.office;
    else if (at(i - 1) !== undefined && isOfficeLine(at(i - 1)!)) {
      sig.office = paras[i - 1]!;
      i--;
    }
  } else if (at(i - 1) !== undefined && isOfficeLine(at(i - 1)!)) {
    sig.office = paras[i - 1]!;
    i--;
  }
  const tail: Tail = { start: i };
  if (i < paras.length) tail.signature = { ...sig, lines: paras.slice(i) };
  if (at(i - 1) !== undefined && CLOSING_RE.test(at(i - 1)!)) {
    tail.closing = paras[i - 1]!;
    tail.start = i - 1;
  }
  return tail;
}
