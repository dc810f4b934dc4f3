/* html.h — the one place where text becomes HTML or a URL.  Every value that
 * reaches a page goes through these functions: text and attribute escaping,
 * URL (query component) encoding, and a small printf-like template helper whose
 * %s always escapes, so a page builder cannot forget. */
#ifndef TV_WEB_HTML_H
#define TV_WEB_HTML_H

#include <stddef.h>

#include "../common/tv.h"

/* Text content: & < > escaped (quotes are harmless between tags). */
void html_text(tv_buf *b, const char *s, size_t n);
/* Attribute value inside double quotes: & < > " ' escaped.  Also safe as text. */
void html_attr(tv_buf *b, const char *s, size_t n);
/* A URL query component: everything but unreserved ASCII is %XX-encoded, so
 * the result is also safe inside an HTML attribute without further escaping. */
void html_url(tv_buf *b, const char *s);

/* Text with <mark> around the byte ranges hl[2i] (offset), hl[2i+1] (length).
 * Ranges out of bounds, overlapping or out of order are skipped, and a range
 * is widened to whole UTF-8 characters, so bad ranges cannot split one. */
void html_marked(tv_buf *b, const char *s, size_t n, const size_t *hl, size_t nhl);

/* Template helper.  Directives:
 *   %s  string, attribute-escaped (safe in text and in quoted attributes; NULL → "")
 *   %u  string, URL-component-encoded
 *   %r  string, raw: only for literals and HTML this module already built
 *   %d  int     %U  unsigned     %z  size_t     %%  a percent sign */
void html_fmt(tv_buf *b, const char *fmt, ...);

#endif
