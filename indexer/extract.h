/* extract.h — one file in, one document model (doc.h) out.  One handler per
 * format (pdf, docx, doc, html, txt; OCR for scanned PDF pages) behind this one
 * interface, as omega keeps its format handlers apart from omindex.  The format
 * is decided by the file's content (magic bytes) first and its name second, so a
 * mislabelled file is read as what it is or refused with the reason.
 *
 * Safety: every handler reads with limits.  XML is parsed with network access,
 * DTD loading and entity expansion off; zip members are read with a bound on
 * their decompressed size; a file over the size limit is refused unread. */
#ifndef TV_EXTRACT_H
#define TV_EXTRACT_H

#include <stdio.h>

#include "../common/tv.h"
#include "doc.h"

typedef struct ext_limits {
	size_t max_file;       /* bytes of the file itself (default 200 MiB) */
	size_t max_unzipped;   /* bytes of one decompressed zip member (default 256 MiB) */
	size_t max_text;       /* bytes of extracted text kept (default 64 MiB) */
	int max_pages;         /* PDF pages read (default 5000) */
	int ocr;               /* 1: OCR pages without a usable text layer */
	const char *ocr_cache; /* folder of the OCR cache (by content hash), or NULL */
	int ocr_threads;       /* threads reading files at once, all callers together (the
	                        * indexer's jobs): while fewer are, a scan's later pages
	                        * are read on a helper thread (<= 1: never); also the
	                        * most OCR engines kept (ext_ocr.c) */
} ext_limits;

ext_limits ext_default_limits(void);

/* Initialise the libraries the handlers use (libxml2's first initialisation is
 * not thread-safe): call once from the main thread before worker threads. */
void ext_global_init(void);

/* 1 if the file name has an extension thuvien reads (.pdf .docx .doc .html
 * .htm .txt, any case).  The walker uses it; ext_file still checks content. */
int ext_supported(const char *path);

/* Read one file into a new document (*out, free with doc_free).  On failure
 * *out is NULL and e names the file and the reason ("x.pdf: not a PDF file
 * (starts with \"PK\")", "y.docx: zip has no word/document.xml"). */
tv_err ext_file(const char *path, const ext_limits *lim, tv_doc **out, tv_error *e);

/* The same from bytes already in memory; name is used for messages and as the
 * fallback format hint. */
tv_err ext_buffer(const char *name, const char *data, size_t len, const ext_limits *lim,
                  tv_doc **out, tv_error *e);

/* OCR progress for the progress bar: pages recognised (or read from the
 * cache) since the program started; *busy (may be NULL) receives the pages
 * being recognised right now.  Thread-safe. */
unsigned ext_ocr_progress(unsigned *busy);

/* Frees the OCR engines kept between pages (ext_ocr.c); call with no page
 * being read, e.g. when the indexer's workers have ended. */
void ext_ocr_release(void);
/* Tesseract engines loaded (the model read) since the program started. */
unsigned ext_ocr_loads(void);

/* Print the blocks with their layout hints (thuvien fields --blocks). */
void ext_dump(const tv_doc *d, FILE *f);

#endif
