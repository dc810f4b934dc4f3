#!/bin/sh
# Rebuilds the PDF fixtures of tests/test_pdf.c in this folder (see mkfixtures.c).
set -eu
cd "$(dirname "$0")"
cc -std=gnu11 -O2 -Wall -Wextra -o /tmp/thuvien-mkfixtures mkfixtures.c \
	$(pkg-config --cflags --libs pangocairo cairo-pdf)
/tmp/thuvien-mkfixtures
rm -f /tmp/thuvien-mkfixtures
