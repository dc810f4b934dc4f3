/* html.c — escaping and the page template helper (html.h).  Escaping for each
 * target lives here and nowhere else in web/. */
#include "html.h"

#include <stdarg.h>
#include <string.h>

static void esc(tv_buf *b, const char *s, size_t n, int attr)
{
	size_t run = 0; /* bytes copied unchanged in one append */
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = attr ? "&quot;" : NULL;
			break;
		case '\'':
			rep = attr ? "&#39;" : NULL;
			break;
		case '\0':
			rep = "\xEF\xBF\xBD";
			break; /* a NUL never reaches the page */
		default:
			break;
		}
		if (!rep) {
			run++;
			continue;
		}
		tv_buf_append(b, s + i - run, run);
		run = 0;
		tv_buf_puts(b, rep);
	}
	tv_buf_append(b, s + n - run, run);
}

void html_text(tv_buf *b, const char *s, size_t n)
{
	if (s) esc(b, s, n, 0);
}

void html_attr(tv_buf *b, const char *s, size_t n)
{
	if (s) esc(b, s, n, 1);
}

void html_url(tv_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			tv_buf_putc(b, (char)*p);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			tv_buf_append(b, e, 3);
		}
	}
}

/* Continuation bytes are 10xxxxxx: move a boundary back onto a character start. */
static size_t char_start(const char *s, size_t n, size_t i)
{
	if (i > n) i = n;
	while (i > 0 && i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
	return i;
}

static size_t char_end(const char *s, size_t n, size_t i)
{
	if (i > n) i = n;
	while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
	return i;
}

void html_marked(tv_buf *b, const char *s, size_t n, const size_t *hl, size_t nhl)
{
	size_t at = 0;
	for (size_t k = 0; k < nhl; k++) {
		size_t off = hl[2 * k], len = hl[2 * k + 1];
		if (off >= n || len == 0 || len > n - off) continue;
		size_t st = char_start(s, n, off), en = char_end(s, n, off + len);
		if (st < at) continue;
		html_text(b, s + at, st - at);
		tv_buf_puts(b, "<mark>");
		html_text(b, s + st, en - st);
		tv_buf_puts(b, "</mark>");
		at = en;
	}
	html_text(b, s + at, n - at);
}

void html_fmt(tv_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *run = fmt;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') continue;
		tv_buf_append(b, run, (size_t)(p - run));
		const char *s;
		switch (*++p) {
		case 's':
			s = va_arg(ap, const char *);
			if (s) html_attr(b, s, strlen(s));
			break;
		case 'u':
			html_url(b, va_arg(ap, const char *));
			break;
		case 'r':
			s = va_arg(ap, const char *);
			if (s) tv_buf_puts(b, s);
			break;
		case 'd':
			tv_buf_printf(b, "%d", va_arg(ap, int));
			break;
		case 'U':
			tv_buf_printf(b, "%u", va_arg(ap, unsigned));
			break;
		case 'z':
			tv_buf_printf(b, "%zu", va_arg(ap, size_t));
			break;
		case '%':
			tv_buf_putc(b, '%');
			break;
		case '\0':
			p--;
			break; /* a lone % at the end is dropped */
		default:
			tv_buf_putc(b, '%');
			tv_buf_putc(b, *p);
			break;
		}
		run = p + 1;
	}
	tv_buf_append(b, run, strlen(run));
	va_end(ap);
}
