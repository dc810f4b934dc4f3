/* ext_txt.c — plain text files, and the byte-to-Unicode decoding that HTML
 * pages without a trustworthy charset share with them.
 *
 * Vietnamese text files in the wild are UTF-8, UTF-16 (Notepad "Unicode"),
 * TCVN3/VNI bytes typed with legacy fonts, or Windows-1258.  Only UTF-8 and a
 * BOM are self-describing, so the rest is decided by evidence: the legacy
 * guess of the vn module first (its byte patterns are specific), then
 * Windows-1258 if the result reads as Vietnamese syllables.  Anything else is
 * refused with the first bad byte rather than indexed as mojibake. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../vn/vn.h"
#include "ext_formats.h"

/* Offset of the first byte that breaks UTF-8, or len if the text is valid. */
static size_t utf8_bad_offset(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1, min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2, min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3, min = 0x10000;
		} else {
			return i;
		}
		unsigned cp = c & (0x3F >> n);
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80) return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
		i += n + 1;
	}
	return len;
}

/* Convert with iconv; NULL if the charset is unknown or the bytes are invalid
 * in it (*bad then holds the input offset, or (size_t)-1 if unknown). */
static char *iconv_to_utf8(const char *charset, const char *data, size_t len, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1) {
		*bad = (size_t)-1;
		return NULL;
	}
	size_t cap = len * 3 + 16;
	char *out = tv_malloc(cap);
	char *in = (char *)data, *o = out;
	size_t inleft = len, outleft = cap - 1;
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1) break;
		if (errno == E2BIG) {
			size_t used = (size_t)(o - out);
			cap *= 2;
			out = tv_realloc(out, cap);
			o = out + used;
			outleft = cap - used - 1;
			continue;
		}
		*bad = (size_t)(in - data);
		iconv_close(cd);
		free(out);
		return NULL;
	}
	/* flush shift state (CP1258 holds back a base letter awaiting a tone) */
	iconv(cd, NULL, NULL, &o, &outleft);
	iconv_close(cd);
	*o = 0;
	return out;
}

/* Windows-1252 reading of raw bytes: how Word and browsers show legacy
 * TCVN3/VNI bytes, which is the form vn_guess_encoding and vn_legacy_decode
 * expect. */
static char *cp1252_to_utf8(const char *data, size_t len)
{
	static const unsigned short c1[32] = {
	    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
	tv_buf b = TV_BUF_INIT;
	tv_buf_reserve(&b, len + len / 2 + 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c < 0x80)
			tv_buf_putc(&b, (char)c);
		else if (c < 0xA0)
			tv_buf_put_cp(&b, c1[c - 0x80]);
		else
			tv_buf_put_cp(&b, c);
	}
	return tv_buf_take(&b);
}

/* 1 if most words with non-ASCII letters are Vietnamese syllables: the test
 * that a Windows-1258 reading is right rather than Latin-1 text read wrongly. */
static int plausible_vietnamese(const char *s)
{
	int words = 0, good = 0;
	const char *p = s;
	while (*p) {
		while (*p && ((unsigned char)*p < 0x80) &&
		       !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			p++;
		const char *w = p;
		int marked = 0;
		while (*p && (((unsigned char)*p >= 0x80) || (*p >= 'a' && *p <= 'z') ||
		              (*p >= 'A' && *p <= 'Z'))) {
			if ((unsigned char)*p >= 0x80) marked = 1;
			p++;
		}
		if (p > w && marked) {
			char *lo = vn_lower(w, (size_t)(p - w));
			words++;
			good += vn_is_syllable(lo, strlen(lo)) ? 1 : 0;
			free(lo);
		}
	}
	return words > 0 && good * 10 >= words * 7;
}

tv_err ext_text_decode(const char *name, const char *data, size_t len, const char *charset,
                       char **out, int *legacy, tv_error *e)
{
	const unsigned char *u = (const unsigned char *)data;
	size_t bad = 0;
	*out = NULL;
	*legacy = 0;
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		char *t =
		    iconv_to_utf8(u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", data + 2, len - 2, &bad);
		if (!t)
			return tv_fail(e, TV_ERR_ENCODING,
			               "%s: invalid UTF-16 text (bad unit at offset %zu)", name,
			               bad + 2);
		*out = t;
		return TV_OK;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
		charset = NULL;
	}
	if (charset && *charset && strcasecmp(charset, "utf-8") != 0 &&
	    strcasecmp(charset, "utf8") != 0) {
		char *t = iconv_to_utf8(charset, data, len, &bad);
		if (t) {
			*out = t;
			/* a declared 8-bit charset over TCVN3 bytes is common on old pages */
			vn_enc enc = vn_guess_encoding(t, strlen(t));
			if (enc != VN_ENC_UNICODE) {
				*out = vn_legacy_decode(t, strlen(t), enc, 0);
				free(t);
				*legacy = 1;
			}
			return TV_OK;
		}
		/* unknown or lying charset: decide from the bytes as below */
	}
	size_t off = utf8_bad_offset((const unsigned char *)data, len);
	if (off == len) {
		vn_enc enc = vn_guess_encoding(data, len);
		if (enc != VN_ENC_UNICODE) {
			*out = vn_legacy_decode(data, len, enc, 0);
			*legacy = 1;
		} else {
			*out = tv_strndup(data, len);
		}
		return TV_OK;
	}
	char *latin = cp1252_to_utf8(data, len);
	vn_enc enc = vn_guess_encoding(latin, strlen(latin));
	if (enc != VN_ENC_UNICODE) {
		*out = vn_legacy_decode(latin, strlen(latin), enc, 0);
		*legacy = 1;
		free(latin);
		return TV_OK;
	}
	free(latin);
	char *t = iconv_to_utf8("CP1258", data, len, &bad);
	if (t && plausible_vietnamese(t)) {
		*out = t;
		return TV_OK;
	}
	free(t);
	return tv_fail(e, TV_ERR_ENCODING, "%s: not UTF-8 text (invalid byte 0x%02X at offset %zu)",
	               name, (unsigned char)data[off], off);
}

/* Adds one page of cleaned text: a line per block, blank lines end paragraphs. */
static void add_page(tv_doc *d, const char *s, size_t n, int page, unsigned extra)
{
	char *clean = vn_clean(s, n);
	const char *p = clean;
	size_t first = d->nblocks;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t ln = nl ? (size_t)(nl - p) : strlen(p);
		/* a blank line ends the paragraph before it */
		if (!doc_add(d, p, ln, page, extra) && d->nblocks > first)
			d->blocks[d->nblocks - 1].flags |= DOC_PARA_END;
		p += ln;
		if (*p == '\n') p++;
	}
	if (d->nblocks > first) d->blocks[d->nblocks - 1].flags |= DOC_PARA_END;
	free(clean);
}

tv_err ext_txt(const ext_input *in, tv_doc *d, tv_error *e)
{
	char *text = NULL;
	int legacy = 0;
	tv_err rc = ext_text_decode(in->name, in->data, in->len, NULL, &text, &legacy, e);
	if (rc != TV_OK) return rc;
	if (legacy) d->source |= DOC_SRC_LEGACY;
	/* A form feed is a page break (pdftotext output, printer dumps). */
	int page = 1;
	const char *p = text;
	for (;;) {
		const char *ff = strchr(p, '\f');
		size_t n = ff ? (size_t)(ff - p) : strlen(p);
		add_page(d, p, n, page, legacy ? DOC_LEGACY : 0);
		if (!ff) break;
		p = ff + 1;
		page++;
	}
	d->pages = page;
	free(text);
	return TV_OK;
}
