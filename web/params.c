/* params.c — reading the search state from a URL and writing it back, so every
 * link (facet, page, sort, "did you mean") carries the whole state and the back
 * button restores it.  Values arrive percent-decoded by libmicrohttpd; they are
 * cleaned to valid UTF-8 here before anything else sees them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../vn/vn.h"
#include "html.h"
#include "web_int.h"

const char *web_param(web_req *r, const char *name)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
	if (!v) return "";
	size_t n = strlen(v);
	char *c = vn_utf8_valid(v, n) ? tv_strndup(v, n) : vn_clean(v, n);
	/* trim ASCII blanks and turn control characters into spaces */
	for (char *p = c; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' ';
	char *s = c;
	while (*s == ' ') s++;
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ') s[--len] = '\0';
	memmove(c, s, len + 1);
	tv_strv_push_owned(&r->owned, c);
	return c;
}

/* YYYY, YYYY-MM or YYYY-MM-DD with plausible numbers. */
static int valid_date(const char *s)
{
	size_t n = strlen(s);
	if (n != 4 && n != 7 && n != 10) return 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-') return 0;
		} else if (!isdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	if (n >= 7) {
		int m = atoi(s + 5);
		if (m < 1 || m > 12) return 0;
	}
	if (n == 10) {
		int d = atoi(s + 8);
		if (d < 1 || d > 31) return 0;
	}
	return 1;
}

static unsigned num_param(const char *s, unsigned dflt, unsigned max)
{
	if (!*s || strlen(s) > 9) return *s ? max : dflt;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p)) return dflt;
	unsigned long v = strtoul(s, NULL, 10);
	if (v == 0) return dflt;
	return v > max ? max : (unsigned)v;
}

unsigned web_state_read(web_req *r, web_state *st, const char **why)
{
	*why = NULL;
	/* the raw length decides, before cleaning can grow or shrink it */
	const char *raw = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "q");
	if (raw && strlen(raw) > SRCH_MAX_QUERY) {
		*why = "Câu tìm kiếm quá dài: tối đa 1000 byte (khoảng 300 chữ có dấu). "
		       "Hãy rút gọn câu tìm kiếm.";
		return 400;
	}
	st->q = web_param(r, "q");
	st->loai = web_param(r, "loai");
	st->cq = web_param(r, "cq");
	st->tu = web_param(r, "tu");
	st->den = web_param(r, "den");
	st->sap = web_param(r, "sap");
	st->kieu = web_param(r, "kieu");
	const char *filters[] = {st->loai, st->cq, st->tu, st->den, st->sap, st->kieu};
	for (size_t i = 0; i < sizeof filters / sizeof *filters; i++) {
		if (strlen(filters[i]) > WEB_MAX_PARAM) {
			*why = "Giá trị bộ lọc quá dài.";
			return 400;
		}
	}
	if ((*st->tu && !valid_date(st->tu)) || (*st->den && !valid_date(st->den))) {
		*why = "Ngày không hợp lệ: hãy nhập theo dạng năm (2022), năm-tháng (2022-04) "
		       "hoặc năm-tháng-ngày (2022-04-25).";
		return 400;
	}
	if (strcmp(st->sap, "moi") != 0 && strcmp(st->sap, "cu") != 0) st->sap = "";
	if (strcmp(st->kieu, "norm") != 0 && strcmp(st->kieu, "study") != 0) st->kieu = "";
	st->trang = num_param(web_param(r, "trang"), 1, WEB_MAX_PAGE);
	st->n = num_param(web_param(r, "n"), WEB_PAGE_SIZE, SRCH_MAX_LIMIT);
	return 0;
}

void web_state_opts(const web_state *st, srch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->query = st->q;
	o->type = *st->loai ? st->loai : NULL;
	o->issuer = *st->cq ? st->cq : NULL;
	o->from = *st->tu ? st->tu : NULL;
	o->to = *st->den ? st->den : NULL;
	o->kind = *st->kieu ? st->kieu : NULL;
	o->limit = st->n;
	o->offset = (st->trang - 1) * st->n;
	o->sort_date = strcmp(st->sap, "moi") == 0 ? 1 : strcmp(st->sap, "cu") == 0 ? 2 : 0;
}

void web_state_url(tv_buf *b, const web_state *st, const char *key, const char *value)
{
	char page[16], per[16];
	snprintf(page, sizeof page, "%u", st->trang);
	snprintf(per, sizeof per, "%u", st->n);
	const char *keys[] = {"q", "loai", "cq", "kieu", "tu", "den", "sap", "n", "trang"};
	const char *vals[] = {st->q,
	                      st->loai,
	                      st->cq,
	                      st->kieu,
	                      st->tu,
	                      st->den,
	                      st->sap,
	                      st->n == WEB_PAGE_SIZE ? "" : per,
	                      st->trang > 1 ? page : ""};
	int first = 1;
	tv_buf_puts(b, "/tim");
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *v = vals[i];
		if (key && strcmp(key, keys[i]) == 0)
			v = value;
		else if (key && strcmp(keys[i], "trang") == 0)
			v = ""; /* a new filter starts at page 1 */
		if (!v || !*v) continue;
		html_fmt(b, "%r%r=%u", first ? "?" : "&amp;", keys[i], v);
		first = 0;
	}
}
