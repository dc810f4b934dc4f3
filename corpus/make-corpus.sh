#!/bin/sh
# make-corpus.sh — regenerate corpus/ (sample library) and tests/data/vn/ (trap
# documents) from corpus/gen/seeds/, then convert the letter to PDF with
# LibreOffice and check that every DOCX opens.  Run from anywhere:
#   corpus/make-corpus.sh
# Needs python3 and LibreOffice Writer (Debian: libreoffice-writer-nogui),
# poppler-utils for the checks.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# A private LibreOffice profile: a shared one is locked by any other running
# soffice and the conversion then silently does nothing.
lo() { soffice -env:UserInstallation="file://$work/profile" --headless "$@" >"$work/lo.log" 2>&1; }

python3 "$root/corpus/gen/make_corpus.py" "$root"

lo --convert-to pdf --outdir "$root/corpus/van-ban" "$root/corpus/van-ban/598-CV-DUK.docx"
test -s "$root/corpus/van-ban/598-CV-DUK.pdf" || { cat "$work/lo.log"; exit 1; }

# Every DOCX must open in LibreOffice and give back its text.
fail=0
for f in "$root"/corpus/van-ban/*.docx "$root"/corpus/tai-lieu/*.docx "$root"/tests/data/vn/*.docx; do
	b=$(basename "$f" .docx)
	lo --convert-to txt:Text --outdir "$work" "$f"
	if [ ! -s "$work/$b.txt" ]; then
		echo "make-corpus: $f: LibreOffice could not open it" >&2
		fail=1
	fi
done
pdftotext -layout "$root/corpus/van-ban/598-CV-DUK.pdf" "$work/598.txt"
grep -q "Số 598 -CV/ĐUK" "$work/598.txt" || { echo "make-corpus: PDF text layer lacks the number" >&2; fail=1; }
exit $fail
