/* ext_html.c — web pages (news articles about a resolution, a document posted
 * as HTML): keep the article body only.
 *
 * A news page is mostly not the article: menus, "Tin liên quan" lists, share
 * bars and footers repeat on every page and would make every page match every
 * query.  So: decode the bytes to UTF-8 (declared charset, else evidence, see
 * ext_txt.c), parse with libxml2's forgiving HTML parser, mark the boilerplate
 * (by element, by class/id hint, and by the Vietnamese headings that open
 * related-news lists), then read the most specific article container: an
 * articleBody, an <article>, or the element holding the most paragraph text.
 * Marks live in each node's _private pointer so nothing is freed mid-walk. */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../vn/vn.h"
#include "ext_formats.h"

#define JUNK ((void *)1)

static int is_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

static int name_in(const xmlNode *n, const char *const *names)
{
	if (!n || n->type != XML_ELEMENT_NODE) return 0;
	for (; *names; names++)
		if (strcasecmp((const char *)n->name, *names) == 0) return 1;
	return 0;
}

static const char *hattr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
		if (strcasecmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static int ci_contains(const char *hay, const char *needle)
{
	if (!hay) return 0;
	size_t m = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, m) == 0) return 1;
	return 0;
}

/* Text of a subtree (unmarked parts only), whitespace collapsed.  Caller frees. */
static void text_of_rec(const xmlNode *n, tv_buf *b, int depth)
{
	if (depth > 200) return;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->_private == JUNK) continue;
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			for (const char *p = (const char *)c->content; p && *p; p++) {
				int sp = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
				if (sp) {
					if (b->len && b->s[b->len - 1] != ' ') tv_buf_putc(b, ' ');
				} else {
					tv_buf_putc(b, *p);
				}
			}
		} else if (c->type == XML_ELEMENT_NODE && !is_el(c, "script") &&
		           !is_el(c, "style")) {
			if (is_el(c, "br") || is_el(c, "p") || is_el(c, "div") || is_el(c, "li"))
				if (b->len && b->s[b->len - 1] != ' ') tv_buf_putc(b, ' ');
			text_of_rec(c, b, depth + 1);
		}
	}
}

static char *text_of(const xmlNode *n)
{
	tv_buf b = TV_BUF_INIT;
	text_of_rec(n, &b, 0);
	char *clean = vn_clean(tv_buf_str(&b), b.len);
	tv_buf_free(&b);
	/* trim */
	char *s = clean;
	while (*s == ' ') s++;
	size_t l = strlen(s);
	while (l && s[l - 1] == ' ') l--;
	char *r = tv_strndup(s, l);
	free(clean);
	return r;
}

/* ---- boilerplate ---------------------------------------------------------- */

static const char *const junk_elements[] = {
    "script", "style",  "noscript", "nav",    "header",   "footer",   "aside", "form",
    "iframe", "svg",    "button",   "select", "textarea", "template", "menu",  "object",
    "embed",  "canvas", "head",     "input",  "label",    NULL};

/* class/id fragments of navigation, related-news and sharing widgets */
static const char *const junk_hints[] = {
    "related",    "other-news",    "othernews", "other_news", "sidebar", "menu",      "breadcrumb",
    "share",      "social",        "tags",      "tag-list",   "taglist", "comment",   "navbar",
    "navigation", "banner",        "advert",    "quangcao",   "tinkhac", "tin-khac",  "lienquan",
    "lien-quan",  "cungchuyenmuc", "popup",     "cookie",     "footer",  "subscribe", "print-",
    NULL};

/* Headings that open a related-news list (compared folded, lower case). */
static const char *const junk_headings[] = {"cac tin khac",
                                            "tin khac",
                                            "tin lien quan",
                                            "tin cung chuyen muc",
                                            "bai viet lien quan",
                                            "bai lien quan",
                                            "tin bai lien quan",
                                            "tin bai khac",
                                            "cac bai viet khac",
                                            "bai viet khac",
                                            "xem them",
                                            "doc them",
                                            "tin moi",
                                            "tin moi nhat",
                                            "tin doc nhieu",
                                            "tin xem nhieu",
                                            "tin noi bat",
                                            "cung chuyen muc",
                                            NULL};

/* Elements never dropped by a class hint: the page itself and the article. */
static int protected_el(const xmlNode *n)
{
	static const char *const keep[] = {"html", "body", "article", "main", NULL};
	const char *ip = hattr(n, "itemprop");
	return name_in(n, keep) || (ip && ci_contains(ip, "articleBody"));
}

static int junk_by_hint(const xmlNode *n)
{
	if (protected_el(n)) return 0;
	const char *cls = hattr(n, "class"), *id = hattr(n, "id"), *role = hattr(n, "role");
	if (role && (ci_contains(role, "navigation") || ci_contains(role, "banner") ||
	             ci_contains(role, "complementary") || ci_contains(role, "contentinfo")))
		return 1;
	for (const char *const *h = junk_hints; *h; h++)
		if (ci_contains(cls, *h) || ci_contains(id, *h)) return 1;
	return 0;
}

/* 1 if the unmarked text under n is longer than cap bytes (stops early). */
static int text_exceeds(const xmlNode *n, size_t cap, size_t *acc, int depth)
{
	if (depth > 200) return 0;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->_private == JUNK) continue;
		if (c->type == XML_TEXT_NODE && c->content) {
			*acc += strlen((const char *)c->content);
			if (*acc > cap) return 1;
		} else if (c->type == XML_ELEMENT_NODE && text_exceeds(c, cap, acc, depth + 1)) {
			return 1;
		}
	}
	return 0;
}

/* 1 if the element's whole text is one of the related-news headings. */
static int junk_heading(const xmlNode *n)
{
	static const char *const cand[] = {"h1",   "h2",     "h3", "h4", "h5", "h6",     "p", "div",
	                                   "span", "strong", "b",  "a",  "li", "header", NULL};
	if (!name_in(n, cand)) return 0;
	/* cheap bound first: most containers hold far more than a heading */
	size_t bound = 0;
	if (text_exceeds(n, 200, &bound, 0)) return 0;
	char *t = text_of(n);
	int hit = 0;
	size_t tl = strlen(t);
	if (tl > 0 && tl <= 60) {
		char *f = vn_fold_text(t, tl);
		size_t fl = strlen(f);
		while (fl && (f[fl - 1] == ':' || f[fl - 1] == ' ' || f[fl - 1] == '.'))
			f[--fl] = 0;
		for (const char *const *h = junk_headings; *h && !hit; h++)
			hit = strcmp(f, *h) == 0;
		free(f);
	}
	free(t);
	return hit;
}

static void mark_following(xmlNode *n)
{
	for (; n; n = n->next) n->_private = JUNK;
}

static void mark_junk(xmlNode *parent, int depth)
{
	if (depth > 200) return;
	for (xmlNode *c = parent->children; c; c = c->next) {
		if (c->_private == JUNK) continue;
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
			c->_private = JUNK;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE) continue;
		if (name_in(c, junk_elements) || junk_by_hint(c)) {
			c->_private = JUNK;
			continue;
		}
		if (junk_heading(c)) {
			/* climb out of wrappers holding only the heading, then drop the
			 * heading and everything after it at that level (the list) */
			xmlNode *top = c;
			while (top->parent && top->parent != parent->doc->children &&
			       top->parent->type == XML_ELEMENT_NODE &&
			       !protected_el(top->parent)) {
				char *a = text_of(top), *b = text_of(top->parent);
				int same = strcmp(a, b) == 0;
				free(a);
				free(b);
				if (!same) break;
				top = top->parent;
			}
			mark_following(top);
			continue;
		}
		mark_junk(c, depth + 1);
	}
}

/* ---- choosing the article ------------------------------------------------- */

static xmlNode *find_first(xmlNode *n, int (*pred)(const xmlNode *), int depth)
{
	if (depth > 200) return NULL;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->_private == JUNK) continue;
		if (pred(c)) return c;
		xmlNode *r = find_first(c, pred, depth + 1);
		if (r) return r;
	}
	return NULL;
}

static int is_article_body(const xmlNode *n)
{
	const char *ip = hattr(n, "itemprop");
	return ip && ci_contains(ip, "articleBody");
}

/* Paragraph text under n: what "the element with the most paragraph text"
 * measures. */
static size_t para_text(const xmlNode *n, int depth)
{
	size_t t = 0;
	if (depth > 200) return 0;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->_private == JUNK) continue;
		if (c->type == XML_TEXT_NODE && c->content) {
			size_t l = 0;
			for (const char *p = (const char *)c->content; *p; p++)
				if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') l++;
			t += l;
		} else if (c->type == XML_ELEMENT_NODE && !is_el(c, "a") && !is_el(c, "li")) {
			t += para_text(c, depth + 1);
		}
	}
	return t;
}

static void best_article(xmlNode *n, xmlNode **art, size_t *bestlen, int depth)
{
	if (depth > 200) return;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->_private == JUNK) continue;
		if (is_el(c, "article")) {
			size_t l = para_text(c, 0);
			if (l > *bestlen) *bestlen = l, *art = c;
		} else {
			best_article(c, art, bestlen, depth + 1);
		}
	}
}

/* Readability's density idea: each paragraph gives its text length to its
 * parent and half to its grandparent; the best-scoring container wins. */
static void score_rec(xmlNode *n, int depth, xmlNode **nodes, double *scores, size_t *nn,
                      size_t cap)
{
	if (depth > 200) return;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->_private == JUNK) continue;
		if (is_el(c, "p") || is_el(c, "pre") || is_el(c, "blockquote")) {
			double l = (double)para_text(c, 0);
			if (l < 20) continue;
			xmlNode *targets[2] = {c->parent, c->parent ? c->parent->parent : NULL};
			for (int k = 0; k < 2; k++) {
				xmlNode *t = targets[k];
				if (!t || t->type != XML_ELEMENT_NODE) continue;
				size_t i = 0;
				while (i < *nn && nodes[i] != t) i++;
				if (i == *nn) {
					if (*nn == cap) continue;
					nodes[(*nn)++] = t;
					scores[i] = 0;
				}
				scores[i] += k == 0 ? l : l / 2;
			}
		} else {
			score_rec(c, depth + 1, nodes, scores, nn, cap);
		}
	}
}

static xmlNode *densest(xmlNode *body)
{
	enum { CAP = 4096 };
	xmlNode **nodes = tv_malloc(CAP * sizeof *nodes);
	double *scores = tv_malloc(CAP * sizeof *scores);
	size_t nn = 0;
	score_rec(body, 0, nodes, scores, &nn, CAP);
	xmlNode *win = NULL;
	double top = 0;
	for (size_t i = 0; i < nn; i++)
		if (scores[i] > top) top = scores[i], win = nodes[i];
	free(nodes);
	free(scores);
	return top >= 140 ? win : NULL;
}

/* ---- blocks --------------------------------------------------------------- */

typedef struct tstate {
	int index, row, cell, ncells;
} tstate;

typedef struct hctx {
	int bold, italic, under, pre, heading;
	unsigned align;
	tstate *table;
} hctx;

typedef struct hx {
	tv_doc *d;
	int ntables;
	tv_buf text;
	size_t chars, bold, italic, under;
	unsigned flags; /* of the innermost block element */
	hctx cur;       /* context of the block being filled */
} hx;

static void flush(hx *h, int para_end)
{
	if (h->text.len) {
		char *clean = vn_clean(h->text.s, h->text.len);
		unsigned f = h->flags;
		if (h->chars) {
			if (h->bold * 2 > h->chars) f |= DOC_BOLD;
			if (h->italic * 2 > h->chars) f |= DOC_ITALIC;
			if (h->under * 2 > h->chars) f |= DOC_UNDERLINE;
		}
		if (para_end) f |= DOC_PARA_END;
		doc_block *b = doc_add(h->d, clean, strlen(clean), 1, f);
		if (b && h->cur.table) {
			b->table = h->cur.table->index;
			b->row = h->cur.table->row;
			b->cell = h->cur.table->cell;
			if (h->cur.table->ncells == 2)
				b->col = h->cur.table->cell == 0 ? DOC_COL_LEFT : DOC_COL_RIGHT;
		}
		free(clean);
	} else if (para_end && h->d->nblocks) {
		h->d->blocks[h->d->nblocks - 1].flags |= DOC_PARA_END;
	}
	tv_buf_clear(&h->text);
	h->chars = h->bold = h->italic = h->under = 0;
}

static unsigned align_of(const xmlNode *n)
{
	const char *a = hattr(n, "align"), *st = hattr(n, "style");
	if (a && strcasecmp(a, "center") == 0) return DOC_CENTER;
	if (a && strcasecmp(a, "right") == 0) return DOC_RIGHT;
	if (st) {
		const char *p = NULL;
		for (const char *q = st; *q; q++)
			if (strncasecmp(q, "text-align", 10) == 0) p = q + 10;
		if (p) {
			while (*p == ' ' || *p == ':') p++;
			if (strncasecmp(p, "center", 6) == 0) return DOC_CENTER;
			if (strncasecmp(p, "right", 5) == 0) return DOC_RIGHT;
			return 0;
		}
	}
	if (is_el(n, "center")) return DOC_CENTER;
	return 0xFFFF; /* not set here */
}

static const char *const block_elements[] = {
    "p",     "div",        "li",         "ul",      "ol",      "h1",   "h2",
    "h3",    "h4",         "h5",         "h6",      "td",      "th",   "tr",
    "table", "blockquote", "pre",        "section", "article", "main", "dt",
    "dd",    "dl",         "figcaption", "address", "center",  "hr",   "tbody",
    "thead", "tfoot",      "caption",    "figure",  NULL};

static int count_row_cells(const xmlNode *tr)
{
	int n = 0;
	for (const xmlNode *c = tr->children; c; c = c->next)
		if (is_el(c, "td") || is_el(c, "th")) n++;
	return n;
}

static void emit(hx *h, const xmlNode *n, hctx ctx, int depth)
{
	if (depth > 200) return;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->_private == JUNK) continue;
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (!c->content) continue;
			if (h->text.len == 0) {
				h->cur = ctx;
				h->flags = (ctx.heading ? DOC_HEADING : 0) |
				           (ctx.align != 0xFFFF ? ctx.align : 0) |
				           (ctx.table ? DOC_TABLE : 0);
			}
			size_t k = 0;
			for (const char *p = (const char *)c->content; *p; p++) {
				int sp = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
				if (ctx.pre && *p == '\n') {
					flush(h, 0);
					continue;
				}
				if (sp) {
					if (h->text.len && h->text.s[h->text.len - 1] != ' ')
						tv_buf_putc(&h->text, ' ');
					continue;
				}
				tv_buf_putc(&h->text, *p);
				if (((unsigned char)*p & 0xC0) != 0x80) k++;
			}
			h->chars += k;
			if (ctx.bold) h->bold += k;
			if (ctx.italic) h->italic += k;
			if (ctx.under) h->under += k;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE) continue;
		if (is_el(c, "br")) {
			flush(h, 0);
			continue;
		}
		if (is_el(c, "img") || is_el(c, "video") || is_el(c, "audio")) continue;
		hctx cc = ctx;
		if (is_el(c, "b") || is_el(c, "strong")) cc.bold = 1;
		if (is_el(c, "i") || is_el(c, "em")) cc.italic = 1;
		if (is_el(c, "u")) cc.under = 1;
		if (is_el(c, "pre")) cc.pre = 1;
		const char *st = hattr(c, "style");
		if (st &&
		    (ci_contains(st, "font-weight:bold") || ci_contains(st, "font-weight: bold") ||
		     ci_contains(st, "font-weight:700") || ci_contains(st, "font-weight: 700")))
			cc.bold = 1;
		unsigned al = align_of(c);
		if (al != 0xFFFF) cc.align = al;
		const char *tag = (const char *)c->name;
		if ((tag[0] == 'h' || tag[0] == 'H') && tag[1] >= '1' && tag[1] <= '6' && !tag[2])
			cc.heading = 1;
		tstate ts;
		if (is_el(c, "table")) {
			memset(&ts, 0, sizeof ts);
			ts.index = ++h->ntables;
			ts.row = -1;
			cc.table = &ts;
		} else if (is_el(c, "tr") && cc.table) {
			cc.table->row++;
			cc.table->cell = -1;
			cc.table->ncells = count_row_cells(c);
		} else if ((is_el(c, "td") || is_el(c, "th")) && cc.table) {
			cc.table->cell++;
		}
		int block = name_in(c, block_elements);
		if (block) flush(h, 0);
		emit(h, c, cc, depth + 1);
		if (block) flush(h, !is_el(c, "td") && !is_el(c, "th") && !is_el(c, "tr"));
	}
}

/* ---- hints ---------------------------------------------------------------- */

/* Strip a trailing " - Site name" (or " | ", " – "). */
static char *strip_site(const char *t)
{
	static const char *const seps[] = {" | ", " - ", " – ", " — ", " :: ", NULL};
	size_t n = strlen(t);
	for (const char *const *s = seps; *s; s++) {
		const char *last = NULL;
		for (const char *p = strstr(t, *s); p; p = strstr(p + 1, *s)) last = p;
		if (!last) continue;
		size_t pre = (size_t)(last - t), suf = n - pre - strlen(*s);
		/* " | " only separates a site name; " - " also occurs inside titles
		 * ("Độc lập - Tự do"), so there the site part must be the shorter */
		int pipe = strcmp(*s, " | ") == 0;
		if (pre >= 8 && suf <= 60 && (pipe || suf < pre)) return tv_strndup(t, pre);
	}
	return tv_strdup(t);
}

/* "2023-05-12T08:00", "12/05/2023", "12-5-2023" → "2023-05-12"; NULL otherwise. */
static char *iso_date(const char *s)
{
	if (!s) return NULL;
	for (const char *p = s; *p; p++) {
		int y, m, d, k = 0;
		if (sscanf(p, "%4d-%2d-%2d%n", &y, &m, &d, &k) == 3 && k == 10) {
		} else if (sscanf(p, "%2d/%2d/%4d%n", &d, &m, &y, &k) == 3 ||
		           sscanf(p, "%2d-%2d-%4d%n", &d, &m, &y, &k) == 3) {
			if (p > s && p[-1] >= '0' && p[-1] <= '9') continue;
		} else {
			continue;
		}
		if (y >= 1945 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
			char buf[16];
			snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
			return tv_strdup(buf);
		}
	}
	return NULL;
}

typedef struct meta {
	char *og_title, *title, *h1, *date;
} meta;

static void collect_meta(xmlNode *n, meta *m, int depth)
{
	if (depth > 200) return;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		if (is_el(c, "meta")) {
			const char *p = hattr(c, "property");
			if (!p) p = hattr(c, "name");
			if (!p) p = hattr(c, "itemprop");
			const char *v = hattr(c, "content");
			if (p && v) {
				if (!m->og_title && strcasecmp(p, "og:title") == 0)
					m->og_title = tv_strdup(v);
				else if (!m->date &&
				         (strcasecmp(p, "article:published_time") == 0 ||
				          strcasecmp(p, "datePublished") == 0 ||
				          strcasecmp(p, "pubdate") == 0 ||
				          strcasecmp(p, "og:published_time") == 0))
					m->date = iso_date(v);
			}
		} else if (is_el(c, "title") && !m->title) {
			m->title = text_of(c);
		} else if (is_el(c, "h1") && !m->h1 && c->_private != JUNK) {
			m->h1 = text_of(c);
			if (!*m->h1) {
				free(m->h1);
				m->h1 = NULL;
			}
		} else if (is_el(c, "time") && !m->date) {
			m->date = iso_date(hattr(c, "datetime"));
		}
		collect_meta(c, m, depth + 1);
	}
}

/* A date printed near the title: an element whose class/id says date/time. */
static char *date_in_page(xmlNode *n, int depth)
{
	if (depth > 200) return NULL;
	for (xmlNode *c = n->children; c; c = c->next) {
		/* a site header's "today" (Thứ Tư, 22/5/2024) is not the article's date */
		if (c->type != XML_ELEMENT_NODE || is_el(c, "script") || is_el(c, "style") ||
		    c->_private == JUNK)
			continue;
		const char *cls = hattr(c, "class"), *id = hattr(c, "id");
		if (ci_contains(cls, "date") || ci_contains(cls, "time") ||
		    ci_contains(id, "date") || ci_contains(cls, "publish")) {
			void *saved = c->_private;
			c->_private = NULL;
			char *t = text_of(c);
			c->_private = saved;
			char *d = iso_date(t);
			free(t);
			if (d) return d;
		}
		char *d = date_in_page(c, depth + 1);
		if (d) return d;
	}
	return NULL;
}

/* The declared charset in the first bytes (<meta charset>, http-equiv or an
 * XML declaration); empty if none. */
static void declared_charset(const char *data, size_t len, char *out, size_t cap)
{
	size_t n = len < 8192 ? len : 8192;
	out[0] = 0;
	for (size_t i = 0; i + 8 < n; i++) {
		size_t skip = 0;
		if (strncasecmp(data + i, "charset=", 8) == 0)
			skip = 8;
		else if (strncasecmp(data + i, "encoding=", 9) == 0 && i + 9 < n)
			skip = 9;
		if (!skip) continue;
		size_t j = i + skip, o = 0;
		while (j < n && (data[j] == '"' || data[j] == '\'' || data[j] == ' ')) j++;
		while (j < n && o + 1 < cap &&
		       ((data[j] >= 'a' && data[j] <= 'z') || (data[j] >= 'A' && data[j] <= 'Z') ||
		        (data[j] >= '0' && data[j] <= '9') || data[j] == '-' || data[j] == '_'))
			out[o++] = data[j++];
		out[o] = 0;
		if (o) return;
	}
}

tv_err ext_html(const ext_input *in, tv_doc *d, tv_error *e)
{
	char cs[40];
	declared_charset(in->data, in->len, cs, sizeof cs);
	char *utf8 = NULL;
	int legacy = 0;
	tv_error ignore;
	if (ext_text_decode(in->name, in->data, in->len, cs, &utf8, &legacy, &ignore) != TV_OK) {
		/* a UTF-8 page with a few bad bytes is still worth reading */
		utf8 = vn_clean(in->data, in->len);
	}
	if (legacy) d->source |= DOC_SRC_LEGACY;
	size_t ulen = strlen(utf8);
	htmlDocPtr doc = htmlReadMemory(
	    utf8, (int)(ulen > 0x7fffffff ? 0x7fffffff : ulen), in->name, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
	free(utf8);
	if (!doc) return tv_fail(e, TV_ERR_FORMAT, "%s: cannot parse as HTML", in->name);
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root) {
		xmlFreeDoc(doc);
		return tv_fail(e, TV_ERR_EMPTY, "%s: no text found (empty HTML)", in->name);
	}

	meta m = {0};
	collect_meta(root, &m, 0);
	mark_junk(root, 0);

	xmlNode *art = find_first(root, is_article_body, 0);
	if (!art) {
		/* the <article> with the most paragraph text (pages list teasers
		 * as articles too) */
		size_t bestlen = 0;
		best_article(root, &art, &bestlen, 0);
		if (art && bestlen < 140) {
			/* a short <article> next to a long body is a teaser */
			xmlNode *dn = densest(root);
			if (dn && para_text(dn, 0) > bestlen * 2) art = dn;
		}
	}
	if (!art) art = densest(root);
	if (!art) art = root;

	hx h;
	memset(&h, 0, sizeof h);
	h.d = d;
	hctx ctx = {0};
	ctx.align = 0xFFFF;
	/* the title usually sits just outside the article container */
	if (m.h1 && art != root) {
		char *in_art = text_of(art);
		if (!strstr(in_art, m.h1)) {
			doc_add(d, m.h1, strlen(m.h1), 1, DOC_HEADING | DOC_PARA_END);
		}
		free(in_art);
	}
	emit(&h, art, ctx, 0);
	flush(&h, 1);
	tv_buf_free(&h.text);

	char *t = m.og_title ? strip_site(m.og_title)
	          : m.h1     ? tv_strdup(m.h1)
	          : m.title  ? strip_site(m.title)
	                     : NULL;
	if (t && *t)
		d->title_hint = t;
	else
		free(t);
	if (m.date)
		d->date_hint = tv_strdup(m.date);
	else {
		/* near the article: inside it or beside it, not anywhere on the page */
		xmlNode *near = art != root && art->parent ? art->parent : art;
		/* a date in the text (the plan's "ngày 11/8/2021" in the sapo) is not the
		 * article's: none is better than a wrong one */
		d->date_hint = date_in_page(near, 0);
	}
	if (legacy)
		for (size_t i = 0; i < d->nblocks; i++) d->blocks[i].flags |= DOC_LEGACY;
	free(m.og_title);
	free(m.title);
	free(m.h1);
	free(m.date);
	xmlFreeDoc(doc);
	return TV_OK;
}
