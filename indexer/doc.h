/* doc.h — the in-memory document model every extractor fills and every later
 * stage reads.  A document is a sequence of blocks (a line of a PDF page, a
 * paragraph or table cell of a DOCX, a paragraph of HTML/TXT) in reading order,
 * each with the layout hints the field parser needs: page, horizontal column,
 * bold/italic/caps, table position, and where it came from (body, header,
 * footnote, text box).  All text is valid UTF-8 in NFC with legacy encodings
 * already decoded (extractors call vn_clean / vn_legacy_decode). */
#ifndef TV_DOC_H
#define TV_DOC_H

#include <stddef.h>

#include "../common/tv.h"

/* Block flags. */
enum {
	DOC_BOLD = 1 << 0, /* all (or most) of the block is bold */
	DOC_ITALIC = 1 << 1,
	DOC_CAPS = 1 << 2,     /* displayed in capitals (w:caps, an H-font, all upper) */
	DOC_CENTER = 1 << 3,   /* centred paragraph / centred on the page */
	DOC_RIGHT = 1 << 4,    /* right-aligned */
	DOC_TABLE = 1 << 5,    /* inside a table cell: see row/col */
	DOC_HEADER = 1 << 6,   /* page header */
	DOC_FOOTER = 1 << 7,   /* page footer */
	DOC_FOOTNOTE = 1 << 8, /* footnote or endnote */
	DOC_TEXTBOX = 1 << 9,  /* text box / shape text */
	DOC_HEADING = 1 << 10, /* HTML h1-h6 or a Word heading style */
	DOC_UNDERLINE = 1 << 11,
	DOC_PARA_END = 1 << 12, /* PDF: this line ends a paragraph (gap or indent follows) */
	DOC_LEGACY = 1 << 13,   /* text converted from TCVN3/VNI */
	DOC_OCR = 1 << 14,      /* text recognised by OCR */
};

/* Where a block sits horizontally on its page, for two-column headers. */
typedef enum doc_col { DOC_COL_FULL = 0, DOC_COL_LEFT = 1, DOC_COL_RIGHT = 2 } doc_col;

typedef struct doc_block {
	char *text;     /* owned, NUL-terminated, no trailing newline */
	int page;       /* 1-based; 1 for formats without pages */
	unsigned flags; /* DOC_* */
	doc_col col;    /* horizontal column hint */
	int table;      /* 0 = not in a table; else 1-based table index in the document */
	int row, cell;  /* 0-based position when DOC_TABLE */
	float x0, x1,
	    y;      /* PDF: left, right, baseline in points from the page's top-left; 0 elsewhere */
	float size; /* font size in points when known, else 0 */
} doc_block;

/* How the text was obtained, for honest provenance. */
enum {
	DOC_SRC_TEXT = 1 << 0,   /* a Unicode text layer / XML text */
	DOC_SRC_LEGACY = 1 << 1, /* some text converted from TCVN3 or VNI */
	DOC_SRC_OCR = 1 << 2,    /* some text from OCR */
};

typedef struct tv_doc {
	char *path;         /* as given to the indexer */
	const char *format; /* "pdf", "docx", "doc", "html", "txt" (static string) */
	int pages;          /* number of pages (1 for html/txt; docx: 1 unless known) */
	unsigned source;    /* DOC_SRC_* */
	char *title_hint;   /* HTML <title> / og:title, PDF metadata title; may be NULL */
	char *date_hint;    /* HTML article date as ISO YYYY-MM-DD if found; may be NULL */
	doc_block *blocks;
	size_t nblocks, capblocks;
} tv_doc;

tv_doc *doc_new(const char *path, const char *format);
void doc_free(tv_doc *d);
/* Append a block; text is copied.  Empty/whitespace-only text is ignored.
 * Returns the new block (valid until the next append) or NULL if ignored. */
doc_block *doc_add(tv_doc *d, const char *text, size_t len, int page, unsigned flags);
/* The body text: blocks joined with '\n', paragraph ends and page breaks as
 * "\n\n".  Caller frees. */
char *doc_text(const tv_doc *d);

#endif
