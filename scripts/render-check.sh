#!/usr/bin/env bash
# Rendering check for the GB/T 9704 .docx output: writes sample reports, converts them to PDF with LibreOffice
# (Chinese government fonts replaced by free substitutes via test/fixtures/fonts-gongwen-substitutes.conf), then
# measures the PDF with pdftotext -bbox: 22 lines on a full body page, ≤ 28 characters per line, page numbers
# "— n —" right on odd and left on even pages. Renders page 2 to PNG for a look.
# Needs (Debian): libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming
#                 fonts-liberation2
# Exits 0 with "skipped: soffice not installed" when LibreOffice is absent; non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
  echo "skipped: soffice not installed"
  exit 0
fi
for tool in pdftotext pdftoppm pdfinfo; do
  command -v "$tool" >/dev/null 2>&1 || { echo "render-check: $tool missing (apt-get install poppler-utils)"; exit 1; }
done

OUT=test-artifacts/render-check
mkdir -p "$OUT"
# The conf file includes /etc/fonts/fonts.conf by absolute path and names font families only: no repo paths.
export FONTCONFIG_FILE="$PWD/test/fixtures/fonts-gongwen-substitutes.conf"
for fam in 仿宋_GB2312 楷体_GB2312 黑体 方正小标宋简体 宋体 "Times New Roman"; do
  echo "font: $fam -> $(fc-match -f '%{family[0]}' "$fam")"
done

npx tsx scripts/write-sample-docx.ts "$OUT"

PROFILE="file://$PWD/.lo-profile"
start=$(date +%s.%N)
soffice -env:UserInstallation="$PROFILE" --headless --convert-to pdf --outdir "$OUT" "$OUT/sample.docx" >/dev/null 2>&1
mid=$(date +%s.%N)
soffice -env:UserInstallation="$PROFILE" --headless --convert-to pdf --outdir "$OUT" "$OUT/long.docx" >/dev/null 2>&1
end=$(date +%s.%N)
awk -v a="$start" -v b="$mid" -v c="$end" -v p="$(pdfinfo "$OUT/long.pdf" | awk '/^Pages:/{print $2}')" \
  'BEGIN { printf "soffice: sample.docx -> pdf %.1f s, long.docx -> pdf %.1f s (%s pages)\n", b - a, c - b, p }'

status=0
# Page 2 of the sample is a full body page; the long report must also hold 22 lines on its full pages.
npx tsx scripts/check-pdf-layout.ts "$OUT/sample.pdf" --label sample.pdf --full-page 2 --full-page 3 || status=1
npx tsx scripts/check-pdf-layout.ts "$OUT/long.pdf" --label long.pdf --full-page 2 --full-page 10 --full-page 30 || status=1

echo "page 2 as text:"
pdftotext -layout -f 2 -l 2 "$OUT/sample.pdf" - | sed 's/^/  | /'
pdftoppm -r 80 -png -f 2 -l 2 "$OUT/sample.pdf" "$OUT/sample-page"
ls "$OUT"/sample-page*.png | sed 's/^/png: /'

if [ "$status" -ne 0 ]; then echo "render-check: FAILED"; else echo "render-check: OK"; fi
exit "$status"
