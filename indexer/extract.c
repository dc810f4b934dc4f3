/* extract.c — the front door of extraction: decide what a file really is from
 * its first bytes (the name is only a hint), hand it to the one handler for that
 * format (ext_formats.h), and apply the checks every format shares: size limits,
 * "no text at all", the kept-text limit and the all-capitals flag.
 *
 * Content wins over the name because real collections are full of .doc files
 * that are RTF or DOCX and PDFs saved as .doc; a file whose content matches no
 * reader its name promises is refused with the bytes it starts with. */
#define _GNU_SOURCE /* memmem */
#include "extract.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <glib.h>
#include <gsf/gsf-utils.h>
#include <libxml/parser.h>

#include "../vn/vn.h"
#include "ext_formats.h"

ext_limits ext_default_limits(void)
{
	ext_limits l = {
	    .max_file = (size_t)200 << 20,
	    .max_unzipped = (size_t)256 << 20,
	    .max_text = (size_t)64 << 20,
	    .max_pages = 5000,
	    .ocr = 0,
	    .ocr_cache = NULL,
	    .ocr_threads = 1,
	};
	return l;
}

/* libgsf reports a damaged OLE2 file with g_critical on stderr before our own
 * error comes back; the user is told the file and the reason once, by us. */
static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer ud)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)ud;
}

void ext_global_init(void)
{
	xmlInitParser();
	/* libgsf registers its GTypes in gsf_init; left to the first
	 * gsf_input_memory_new, two worker threads race on it and crash */
	gsf_init();
	g_log_set_handler("libgsf", G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING, quiet_log, NULL);
	ext_pdf_global_init();
}

/* The extension after the last dot of the last path component, or "". */
static const char *file_ext(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot + 1 : "";
}

int ext_supported(const char *path)
{
	static const char *const exts[] = {"pdf", "docx", "doc", "html", "htm", "txt"};
	if (!path) return 0;
	const char *x = file_ext(path);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(x, exts[i]) == 0) return 1;
	return 0;
}

typedef enum kind { K_TEXT, K_PDF, K_ZIP, K_OLE2, K_HTML, K_RTF, K_BINARY } kind;

static const void *memfind(const void *hay, size_t n, const void *needle, size_t m)
{
	if (m == 0 || n < m) return NULL;
	return memmem(hay, n, needle, m);
}

/* Case-insensitive search in the first n bytes. */
static int has_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if (strncasecmp(s + i, needle, m) == 0) return 1;
	return 0;
}

static kind sniff(const char *data, size_t len)
{
	const unsigned char *u = (const unsigned char *)data;
	/* PDF readers accept the header anywhere in the first KiB (junk before it is
	 * common from mail gateways), so do we. */
	if (memfind(data, len < 1024 ? len : 1024, "%PDF-", 5)) return K_PDF;
	if (len >= 4 && u[0] == 'P' && u[1] == 'K' &&
	    ((u[2] == 3 && u[3] == 4) || (u[2] == 5 && u[3] == 6) || (u[2] == 7 && u[3] == 8)))
		return K_ZIP;
	if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) return K_OLE2;
	if (len >= 5 && memcmp(data, "{\\rtf", 5) == 0) return K_RTF;
	/* UTF-16 text carries a BOM; anything else with NUL bytes is some binary. */
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return K_TEXT;
	size_t head = len < 4096 ? len : 4096;
	if (memchr(data, 0, head)) return K_BINARY;
	size_t i = 0;
	if (head >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
	while (i < head &&
	       (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i < head && data[i] == '<') {
		const char *s = data + i;
		size_t n = head - i;
		if (has_ci(s, n < 64 ? n : 64, "<!doctype html") || has_ci(s, n, "<html") ||
		    has_ci(s, n, "<head") || has_ci(s, n, "<body") || has_ci(s, n, "<meta ") ||
		    has_ci(s, n, "<title") || has_ci(s, n, "<div") || has_ci(s, n, "<p>") ||
		    has_ci(s, n, "<p "))
			return K_HTML;
	}
	return K_TEXT;
}

/* Office 2007+ encryption wraps the package in an OLE2 file whose directory
 * names the streams EncryptionInfo and EncryptedPackage (UTF-16LE names). */
static int ole2_encrypted(const char *data, size_t len)
{
	static const char name[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";
	static const char pkg[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
	return memfind(data, len, name, sizeof name - 1) || memfind(data, len, pkg, sizeof pkg - 1);
}

/* The first bytes of a file, printable, for "starts with ..." messages. */
static void describe_start(const char *data, size_t len, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < len && i < 8 && o + 5 < cap; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
	}
	out[o] = 0;
}

static const char *ext_format_name(const char *x)
{
	if (!strcasecmp(x, "pdf")) return "PDF";
	if (!strcasecmp(x, "docx")) return "DOCX (zip)";
	if (!strcasecmp(x, "doc")) return "Word document";
	return NULL;
}

/* Upper-case text whose case cannot change further is "displayed in capitals"
 * for the field parser (issuer names, document types), whatever the format. */
static int all_capitals(const char *s)
{
	int caps = vn_in_capitals(s, strlen(s));
	if (caps) {
		/* one capital letter ("A", "I.") is not a caps line */
		int letters = 0;
		for (const char *p = s; *p; p++)
			if ((*p >= 'A' && *p <= 'Z') || ((unsigned char)*p >= 0xC3)) letters++;
		caps = letters >= 2;
	}
	return caps;
}

/* Drops blocks past the kept-text limit (a handler may not know the total). */
static void apply_text_limit(tv_doc *d, size_t max_text)
{
	size_t total = 0, keep = 0;
	for (; keep < d->nblocks; keep++) {
		total += strlen(d->blocks[keep].text) + 1;
		if (max_text && total > max_text) break;
	}
	for (size_t i = keep; i < d->nblocks; i++) free(d->blocks[i].text);
	d->nblocks = keep;
}

static atomic_int files_now; /* in a format's handler now, all threads */

int ext_files_now(void)
{
	return atomic_load(&files_now);
}

tv_err ext_buffer(const char *name, const char *data, size_t len, const ext_limits *lim,
                  tv_doc **out, tv_error *e)
{
	ext_limits defl = ext_default_limits();
	if (!lim) lim = &defl;
	*out = NULL;
	if (!name) name = "(buffer)";
	if (!data) len = 0;
	if (len > lim->max_file)
		return tv_fail(e, TV_ERR_TOO_BIG, "%s: %zu bytes is over the %zu-byte file limit",
		               name, len, lim->max_file);
	if (len == 0) return tv_fail(e, TV_ERR_EMPTY, "%s: empty file", name);

	const char *x = file_ext(name);
	kind k = sniff(data, len);
	const char *fmt = NULL;
	tv_err (*fn)(const ext_input *, tv_doc *, tv_error *) = NULL;
	char start[48];
	describe_start(data, len, start, sizeof start);

	switch (k) {
	case K_PDF:
		fmt = "pdf", fn = ext_pdf;
		break;
	case K_ZIP:
		fmt = "docx", fn = ext_docx;
		break;
	case K_OLE2:
		if (ole2_encrypted(data, len))
			return tv_fail(e, TV_ERR_ENCRYPTED,
			               "%s: password-protected Office document (encrypted package)",
			               name);
		fmt = "doc", fn = ext_doc;
		break;
	case K_HTML:
		fmt = "html", fn = ext_html;
		break;
	case K_RTF:
		return tv_fail(e, TV_ERR_UNSUPPORTED, "%s: RTF document (not read; save as DOCX)",
		               name);
	case K_BINARY:
		if (ext_format_name(x))
			return tv_fail(e, TV_ERR_FORMAT, "%s: not a %s file (starts with \"%s\")",
			               name, ext_format_name(x), start);
		return tv_fail(e, TV_ERR_UNSUPPORTED,
		               "%s: unknown binary format (starts with \"%s\")", name, start);
	case K_TEXT:
		/* Text in a file named as a binary format is a wrong or broken file,
		 * not a text document. */
		if (ext_format_name(x))
			return tv_fail(e, TV_ERR_FORMAT, "%s: not a %s file (starts with \"%s\")",
			               name, ext_format_name(x), start);
		if (!strcasecmp(x, "html") || !strcasecmp(x, "htm"))
			fmt = "html", fn = ext_html;
		else
			fmt = "txt", fn = ext_txt;
		break;
	}

	tv_doc *d = doc_new(name, fmt);
	ext_input in = {name, data, len, lim};
	atomic_fetch_add(&files_now, 1);
	tv_err rc = fn(&in, d, e);
	atomic_fetch_sub(&files_now, 1);
	if (rc != TV_OK) {
		doc_free(d);
		return rc;
	}
	apply_text_limit(d, lim->max_text);
	if (d->nblocks == 0) {
		doc_free(d);
		if (k == K_PDF)
			return tv_fail(e, TV_ERR_EMPTY, "%s: no text found; scanned? use OCR",
			               name);
		return tv_fail(e, TV_ERR_EMPTY, "%s: no text found", name);
	}
	for (size_t i = 0; i < d->nblocks; i++)
		if (!(d->blocks[i].flags & DOC_CAPS) && all_capitals(d->blocks[i].text))
			d->blocks[i].flags |= DOC_CAPS;
	if (!(d->source & (DOC_SRC_LEGACY | DOC_SRC_OCR))) d->source |= DOC_SRC_TEXT;
	*out = d;
	return TV_OK;
}

tv_err ext_file(const char *path, const ext_limits *lim, tv_doc **out, tv_error *e)
{
	ext_limits defl = ext_default_limits();
	if (!lim) lim = &defl;
	*out = NULL;
	struct stat st;
	if (stat(path, &st) != 0)
		return tv_fail(e, TV_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode)) return tv_fail(e, TV_ERR_IO, "%s: not a regular file", path);
	if ((unsigned long long)st.st_size > lim->max_file)
		return tv_fail(e, TV_ERR_TOO_BIG,
		               "%s: %lld bytes is over the %zu-byte file limit (not read)", path,
		               (long long)st.st_size, lim->max_file);
	char *data = NULL;
	size_t len = 0;
	tv_err rc = tv_read_file(path, lim->max_file, &data, &len, e);
	if (rc != TV_OK) return rc;
	rc = ext_buffer(path, data, len, lim, out, e);
	free(data);
	return rc;
}

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\t')
			fputs("\\t", f);
		else
			fputc(*s, f);
	}
}

void ext_dump(const tv_doc *d, FILE *f)
{
	static const char *const names[] = {
	    "bold",     "italic",  "caps",    "center",    "right",    "table",  "header", "footer",
	    "footnote", "textbox", "heading", "underline", "para-end", "legacy", "ocr"};
	if (!d) return;
	fprintf(f, "# %s format=%s pages=%d source=%s%s%s blocks=%zu\n", d->path, d->format,
	        d->pages, d->source & DOC_SRC_TEXT ? "text " : "",
	        d->source & DOC_SRC_LEGACY ? "legacy " : "", d->source & DOC_SRC_OCR ? "ocr" : "",
	        d->nblocks);
	if (d->title_hint) fprintf(f, "# title: %s\n", d->title_hint);
	if (d->date_hint) fprintf(f, "# date: %s\n", d->date_hint);
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_block *b = &d->blocks[i];
		fprintf(f, "p%d %c", b->page, "FLR"[b->col <= DOC_COL_RIGHT ? b->col : 0]);
		if (b->table) fprintf(f, " t%d r%d c%d", b->table, b->row, b->cell);
		if (b->x0 || b->x1 || b->y) fprintf(f, " x%.1f-%.1f y%.1f", b->x0, b->x1, b->y);
		if (b->size) fprintf(f, " sz%.1f", b->size);
		int first = 1;
		for (size_t j = 0; j < sizeof names / sizeof names[0]; j++)
			if (b->flags & (1u << j)) {
				fprintf(f, "%s%s", first ? " [" : ",", names[j]);
				first = 0;
			}
		if (!first) fputc(']', f);
		fputs(" | ", f);
		put_escaped(f, b->text);
		fputc('\n', f);
	}
}
