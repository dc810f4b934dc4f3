/* ext_formats.h — internal to extraction: the per-format handlers that
 * extract.c dispatches to once it has sniffed what a file really is.  Each one
 * fills the same document model (doc.h) and returns a tv_err whose message
 * names the file (in->name) and the reason.  Nothing outside indexer/ext_*.c
 * and extract.c includes this header. */
#ifndef TV_EXT_FORMATS_H
#define TV_EXT_FORMATS_H

#include "../common/tv.h"
#include "doc.h"
#include "extract.h"

typedef struct ext_input {
	const char *name; /* file name, for messages */
	const char *data; /* the whole file */
	size_t len;
	const ext_limits *lim;
} ext_input;

tv_err ext_pdf(const ext_input *in, tv_doc *d, tv_error *e); /* ext_pdf.c, poppler-glib */
/* Keeps poppler's global parameters for the life of the process (ext_pdf.c;
 * from ext_global_init).  Each PopplerDocument holds them, and the last one
 * freed frees them: a worker between two PDFs then paid for building them
 * again (glyph-name and CMap tables), 3% of indexing PDFs. */
void ext_pdf_global_init(void);
/* Files in a format's handler now, all threads together (extract.c): a worker
 * busy with a file, as a scan's helper thread sees it. */
int ext_files_now(void);
/* Pages of scans recognised on a helper thread and taken by the worker that
 * had the file, since the process started (ext_pdf.c: "OCR ahead"). */
unsigned ext_pdf_pages_ahead(void);
tv_err ext_docx(const ext_input *in, tv_doc *d, tv_error *e); /* ext_docx.c, libzip + libxml2 */
tv_err ext_doc(const ext_input *in, tv_doc *d, tv_error *e);  /* ext_doc.c, Word 97 binary */
tv_err ext_html(const ext_input *in, tv_doc *d, tv_error *e); /* ext_html.c, libxml2 HTML */
tv_err ext_txt(const ext_input *in, tv_doc *d, tv_error *e);  /* ext_txt.c */

/* Bytes of unknown encoding → UTF-8 (ext_txt.c, shared with the HTML reader):
 * UTF-8 (BOM stripped), UTF-16 with a BOM, the declared charset (may be NULL),
 * TCVN3/VNI by vn_guess_encoding, windows-1258 when it reads as Vietnamese;
 * otherwise TV_ERR_ENCODING naming the first invalid byte.  *out is malloc'd;
 * *legacy is set to 1 when the text was converted from TCVN3/VNI. */
tv_err ext_text_decode(const char *name, const char *data, size_t len, const char *charset,
                       char **out, int *legacy, tv_error *e);

/* OCR (ext_ocr.c, Tesseract with the Vietnamese model): recognise one PDF page
 * (a PopplerPage *, rendered with cairo) and append its lines to d as blocks of
 * page `pageno` flagged DOC_OCR, with layout hints (column, x0/x1/y) so the
 * field parser can find the header columns and the signature block.  Results
 * are cached under lim->ocr_cache by a hash of the page's content, so a
 * re-index never repeats OCR.  Safe to call from several threads: each page
 * takes a Tesseract engine from a pool of at most lim->ocr_threads, waiting
 * for one if need be; with spare set (a helper thread) it returns TV_ERR_BUSY
 * instead of waiting or loading a model past that number. */
tv_err ext_ocr_page(void *poppler_page, int pageno, const ext_limits *lim, int spare, tv_doc *d,
                    tv_error *e);

#endif
