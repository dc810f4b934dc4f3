/* ext_docx.c — Word 2007+ (.docx) documents: libzip for the package, libxml2
 * for the parts.  Reads the body (word/document.xml), then footnotes and
 * endnotes, then page headers and footers, each paragraph or table-cell
 * paragraph becoming one block with its layout hints.
 *
 * Three things decide correctness here:
 *  - every text once: an mc:AlternateContent holds the same shape twice (a
 *    DrawingML mc:Choice and a VML mc:Fallback), so exactly one branch is read;
 *  - legacy fonts are decided per run: a TCVN3/VNI run sits next to Unicode runs
 *    in the same paragraph, and only the legacy one may be decoded;
 *  - a .docx is untrusted input: members are read with a hard cap counted while
 *    inflating (zip headers lie), and XML that declares entities is refused
 *    before libxml2 sees it (no XXE, no billion laughs). */
#define _GNU_SOURCE /* memmem */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "../vn/vn.h"
#include "ext_formats.h"

/* Run properties; -1 = not set at this level (inherit). */
typedef struct rprops {
	signed char b, i, u, caps;
	signed char font_set;
	char font[64]; /* the font that draws U+00A0..U+00FF (hAnsi, else ascii) */
	float sz;
} rprops;

typedef struct dstyle {
	char *id;
	char *based;
	int heading; /* 1 heading, 0 not, -1 unset */
	int jc;      /* -1 unset, 0 left/both, DOC_CENTER, DOC_RIGHT */
	rprops r;
} dstyle;

/* Where the paragraphs being read go. */
typedef struct where {
	unsigned flags;
	int table, row, cell;
	doc_col col;
} where;

typedef struct dx {
	const ext_input *in;
	tv_doc *d;
	tv_error *e;
	zip_t *z;
	dstyle *styles;
	size_t nstyles;
	rprops defaults;
	int ntables;
	int page;
	int rendered_breaks; /* page from w:lastRenderedPageBreak rather than w:br */
	int depth;           /* nesting guard for hostile deeply nested tables/boxes */
} dx;

/* A stretch of raw run text and how it must be decoded; decoding waits for
 * the end of the paragraph (see finish_text). */
typedef struct seg {
	size_t off, len;
	vn_enc enc;
	int hcaps, caps;
} seg;

typedef struct para {
	tv_buf text; /* raw text of all runs, segments index into it */
	seg *segs;
	size_t nsegs, capsegs;
	size_t chars, bold, italic, under, caps, legacy;
	float size;
	size_t size_chars;
	int page; /* page of the paragraph's first text */
	xmlNodePtr boxes[32];
	int nboxes;
} para;

enum { MAX_DEPTH = 64 };

/* ---- XML helpers ---------------------------------------------------------- */

/* 1 if n is the WordprocessingML element `name` (transitional or strict). */
static int is_w(const xmlNode *n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0) return 0;
	if (!n->ns || !n->ns->href) return 0;
	const char *h = (const char *)n->ns->href;
	return strstr(h, "wordprocessingml") != NULL;
}

static int is_mc(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 &&
	       n->ns && n->ns->href && strstr((const char *)n->ns->href, "markup-compatibility");
}

/* Attribute by local name, whatever its prefix; NULL if absent. */
static const char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name)) return c;
	return NULL;
}

/* OOXML on/off: absent val means on. */
static int onoff(const xmlNode *n)
{
	const char *v = attr(n, "val");
	if (!v) return 1;
	return !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 ||
	         strcmp(v, "none") == 0);
}

/* ---- properties and styles ------------------------------------------------ */

static void rprops_unset(rprops *r)
{
	memset(r, 0, sizeof *r);
	r->b = r->i = r->u = r->caps = -1;
}

static void rprops_apply_node(rprops *r, const xmlNode *rpr)
{
	if (!rpr) return;
	for (xmlNode *c = rpr->children; c; c = c->next) {
		if (is_w(c, "b"))
			r->b = (signed char)onoff(c);
		else if (is_w(c, "i"))
			r->i = (signed char)onoff(c);
		else if (is_w(c, "u"))
			r->u = (signed char)onoff(c);
		else if (is_w(c, "caps"))
			r->caps = (signed char)onoff(c);
		else if (is_w(c, "sz")) {
			const char *v = attr(c, "val");
			if (v && atoi(v) > 0) r->sz = (float)atoi(v) / 2.0f;
		} else if (is_w(c, "rFonts")) {
			const char *f = attr(c, "hAnsi");
			if (!f) f = attr(c, "ascii");
			if (!f) f = attr(c, "cs");
			/* a theme font is never a legacy font: it resets an inherited one */
			if (f || attr(c, "hAnsiTheme") || attr(c, "asciiTheme")) {
				snprintf(r->font, sizeof r->font, "%s", f ? f : "");
				r->font_set = 1;
			}
		}
	}
}

/* Overlay what `top` sets onto `base`. */
static void rprops_merge(rprops *base, const rprops *top)
{
	if (top->b >= 0) base->b = top->b;
	if (top->i >= 0) base->i = top->i;
	if (top->u >= 0) base->u = top->u;
	if (top->caps >= 0) base->caps = top->caps;
	if (top->font_set) {
		memcpy(base->font, top->font, sizeof base->font);
		base->font_set = 1;
	}
	if (top->sz > 0) base->sz = top->sz;
}

static const dstyle *find_style(const dx *x, const char *id)
{
	if (!id) return NULL;
	for (size_t i = 0; i < x->nstyles; i++)
		if (strcmp(x->styles[i].id, id) == 0) return &x->styles[i];
	return NULL;
}

/* Apply a style and the styles it is based on (base first). */
static void apply_style(const dx *x, const char *id, rprops *r, int *jc, int *heading, int depth)
{
	const dstyle *s = find_style(x, id);
	if (!s || depth > 16) return;
	if (s->based) apply_style(x, s->based, r, jc, heading, depth + 1);
	rprops_merge(r, &s->r);
	if (jc && s->jc >= 0) *jc = s->jc;
	if (heading && s->heading >= 0) *heading = s->heading;
}

static int jc_flags(const char *v)
{
	if (!v) return -1;
	if (strcmp(v, "center") == 0) return DOC_CENTER;
	if (strcmp(v, "right") == 0 || strcmp(v, "end") == 0) return DOC_RIGHT;
	return 0;
}

static void load_styles(dx *x, xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
		if (is_w(c, "docDefaults")) {
			xmlNode *rd = child(c, "rPrDefault");
			rprops_apply_node(&x->defaults, child(rd, "rPr"));
			continue;
		}
		if (!is_w(c, "style")) continue;
		const char *id = attr(c, "styleId");
		if (!id) continue;
		x->styles = tv_realloc(x->styles, (x->nstyles + 1) * sizeof *x->styles);
		dstyle *s = &x->styles[x->nstyles++];
		memset(s, 0, sizeof *s);
		s->id = tv_strdup(id);
		s->jc = -1;
		s->heading = -1;
		rprops_unset(&s->r);
		const char *based = attr(child(c, "basedOn"), "val");
		if (based && strcmp(based, id) != 0) s->based = tv_strdup(based);
		const char *name = attr(child(c, "name"), "val");
		if (name &&
		    (strncasecmp(name, "heading", 7) == 0 || strcasecmp(name, "title") == 0))
			s->heading = 1;
		xmlNode *ppr = child(c, "pPr");
		if (ppr) {
			s->jc = jc_flags(attr(child(ppr, "jc"), "val"));
			const char *ol = attr(child(ppr, "outlineLvl"), "val");
			if (ol && atoi(ol) >= 0 && atoi(ol) < 9) s->heading = 1;
		}
		rprops_apply_node(&s->r, child(c, "rPr"));
	}
}

/* ---- zip members ---------------------------------------------------------- */

/* Read one member with the decompressed-size cap enforced twice: on the size
 * the header claims and on the bytes actually inflated.  *out NULL (and TV_OK)
 * if the member is absent and optional. */
static tv_err read_member(dx *x, const char *member, int optional, char **out, size_t *len)
{
	const char *name = x->in->name;
	size_t cap = x->in->lim->max_unzipped;
	*out = NULL;
	*len = 0;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat(x->z, member, 0, &st) != 0) {
		if (optional) return TV_OK;
		return tv_fail(x->e, TV_ERR_FORMAT, "%s: zip has no %s (not a Word document)", name,
		               member);
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return tv_fail(x->e, TV_ERR_ENCRYPTED, "%s: %s is encrypted (password-protected)",
		               name, member);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > cap)
		return tv_fail(
		    x->e, TV_ERR_HOSTILE,
		    "%s: %s claims %llu bytes unpacked, over the %zu-byte limit (zip bomb?)", name,
		    member, (unsigned long long)st.size, cap);
	zip_file_t *zf = zip_fopen(x->z, member, 0);
	if (!zf) {
		int ze = zip_error_code_zip(zip_get_error(x->z));
		if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD)
			return tv_fail(x->e, TV_ERR_ENCRYPTED, "%s: %s is encrypted", name, member);
		if (ze == ZIP_ER_COMPNOTSUPP || ze == ZIP_ER_ENCRNOTSUPP)
			return tv_fail(x->e, TV_ERR_UNSUPPORTED,
			               "%s: %s uses an unsupported zip compression", name, member);
		return tv_fail(x->e, TV_ERR_FORMAT, "%s: cannot open %s in the zip: %s", name,
		               member, zip_strerror(x->z));
	}
	tv_buf b = TV_BUF_INIT;
	char chunk[65536];
	for (;;) {
		zip_int64_t n = zip_fread(zf, chunk, sizeof chunk);
		if (n == 0) break;
		if (n < 0) {
			int ze = zip_error_code_zip(zip_file_get_error(zf));
			tv_err rc = ze == ZIP_ER_CRC ? TV_ERR_FORMAT : TV_ERR_TRUNCATED;
			tv_fail(x->e, rc, "%s: %s is %s: %s", name, member,
			        rc == TV_ERR_FORMAT ? "corrupt" : "truncated or unreadable",
			        zip_file_strerror(zf));
			zip_fclose(zf);
			tv_buf_free(&b);
			return rc;
		}
		if (b.len + (size_t)n > cap) {
			zip_fclose(zf);
			tv_buf_free(&b);
			return tv_fail(x->e, TV_ERR_HOSTILE,
			               "%s: %s unpacks past the %zu-byte limit (zip bomb?)", name,
			               member, cap);
		}
		tv_buf_append(&b, chunk, (size_t)n);
	}
	zip_fclose(zf);
	*len = b.len;
	*out = tv_buf_take(&b);
	return TV_OK;
}

/* Parse a member as XML, refusing entity declarations first: OOXML never
 * needs them, and without them neither XXE nor entity expansion can happen. */
static tv_err parse_member(dx *x, const char *member, int optional, xmlDoc **out)
{
	char *buf;
	size_t len;
	*out = NULL;
	tv_err rc = read_member(x, member, optional, &buf, &len);
	if (rc != TV_OK || !buf) return rc;
	static const char ent16[] = "<\0!\0E\0N\0T\0I\0T\0Y\0";
	if (memmem(buf, len, "<!ENTITY", 8) || memmem(buf, len, ent16, sizeof ent16 - 1) ||
	    memmem(buf, len, "\0<\0!\0E\0N\0T\0I\0T\0Y", 16)) {
		free(buf);
		return tv_fail(
		    x->e, TV_ERR_HOSTILE,
		    "%s: %s declares XML entities (refused: external or expanding entities)",
		    x->in->name, member);
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		free(buf);
		return tv_fail(x->e, TV_ERR_INTERNAL, "%s: cannot create an XML parser",
		               x->in->name);
	}
	/* NONET and no NOENT/DTDLOAD/HUGE: nothing is fetched or substituted, and
	 * libxml2 keeps its default limits on names and depth. */
	xmlDoc *doc =
	    xmlCtxtReadMemory(ctxt, buf, (int)(len > 0x7fffffff ? 0x7fffffff : len), member, NULL,
	                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(buf);
	if (!doc) {
		const xmlError *er = xmlCtxtGetLastError(ctxt);
		tv_fail(x->e, TV_ERR_FORMAT, "%s: %s is not well-formed XML (line %d: %s)",
		        x->in->name, member, er ? er->line : 0,
		        er && er->message ? er->message : "parse error");
		xmlFreeParserCtxt(ctxt);
		/* strip the message's trailing newline */
		size_t n = strlen(x->e ? x->e->msg : "");
		if (x->e && n && x->e->msg[n - 1] == '\n') x->e->msg[n - 1] = 0;
		return TV_ERR_FORMAT;
	}
	xmlFreeParserCtxt(ctxt);
	if (doc->intSubset && doc->intSubset->entities) {
		xmlFreeDoc(doc);
		return tv_fail(x->e, TV_ERR_HOSTILE, "%s: %s declares XML entities (refused)",
		               x->in->name, member);
	}
	*out = doc;
	return TV_OK;
}

/* ---- paragraphs and runs -------------------------------------------------- */

static void walk_container(dx *x, const xmlNode *parent, const where *w);

/* The branch of an mc:AlternateContent to read: the first Choice, else the
 * Fallback.  Reading both would duplicate every text box. */
static const xmlNode *alt_branch(const xmlNode *alt)
{
	const xmlNode *fb = NULL;
	for (const xmlNode *c = alt->children; c; c = c->next) {
		if (is_mc(c, "Choice")) return c;
		if (is_mc(c, "Fallback") && !fb) fb = c;
	}
	return fb;
}

/* Collect the text boxes (w:txbxContent) under a drawing/pict/object. */
static void find_boxes(para *p, const xmlNode *n, int depth)
{
	if (depth > MAX_DEPTH) return;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		if (is_w(c, "txbxContent")) {
			if (p->nboxes < (int)(sizeof p->boxes / sizeof p->boxes[0]))
				p->boxes[p->nboxes++] = (xmlNodePtr)c;
			continue; /* boxes inside it are found when it is read */
		}
		if (is_mc(c, "AlternateContent")) {
			const xmlNode *b = alt_branch(c);
			if (b) find_boxes(p, b, depth + 1);
			continue;
		}
		find_boxes(p, c, depth + 1);
	}
}

/* Characters that count for "most of the block is bold": not spaces, and
 * UTF-8 continuation bytes do not count twice. */
static size_t count_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || (c & 0xC0) == 0x80) continue;
		k++;
	}
	return k;
}

static void seg_add(para *p, const char *s, size_t n, vn_enc enc, int hcaps, int caps)
{
	if (!n) return;
	if (p->nsegs == p->capsegs) {
		p->capsegs = p->capsegs ? p->capsegs * 2 : 16;
		p->segs = tv_realloc(p->segs, p->capsegs * sizeof *p->segs);
	}
	p->segs[p->nsegs++] = (seg){p->text.len, n, enc, hcaps, caps};
	tv_buf_append(&p->text, s, n);
}

/* 1 if s holds letters only Unicode can hold (Vietnamese letters beyond
 * Latin-1, combining tones): legacy bytes in DOCX are all <= U+00FF, so such
 * text in a ".VnTime" run was typed in Unicode with an old font name left on. */
static int unicode_only_letters(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		if (c >= 0xC2 && c < 0xE0 && i + 1 < n)
			cp = ((uint32_t)(c & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F);
		else if (c >= 0xE0 && c < 0xF0 && i + 2 < n)
			cp = ((uint32_t)(c & 0x0F) << 12) |
			     ((uint32_t)((unsigned char)s[i + 1] & 0x3F) << 6) |
			     ((unsigned char)s[i + 2] & 0x3F);
		else
			continue;
		switch (cp) {
		case 0x102:
		case 0x103:
		case 0x110:
		case 0x111:
		case 0x128:
		case 0x129:
		case 0x168:
		case 0x169:
		case 0x1A0:
		case 0x1A1:
		case 0x1AF:
		case 0x1B0:
		case 0x300:
		case 0x301:
		case 0x303:
		case 0x309:
		case 0x323:
			return 1;
		}
		if (cp >= 0x1EA0 && cp <= 0x1EF9) return 1;
	}
	return 0;
}

/* Build the paragraph's text: decode legacy segments, upper-case caps ones.
 * If any legacy-font segment proves to be Unicode, the paragraph's font names
 * are not evidence and nothing in it is decoded. */
static char *finish_text(dx *x, para *p)
{
	int fake = 0;
	for (size_t i = 0; i < p->nsegs && !fake; i++)
		if (p->segs[i].enc != VN_ENC_UNICODE)
			fake = unicode_only_letters(p->text.s + p->segs[i].off, p->segs[i].len);
	tv_buf out = TV_BUF_INIT;
	for (size_t i = 0; i < p->nsegs; i++) {
		const seg *g = &p->segs[i];
		const char *raw = p->text.s + g->off;
		char *t;
		int legacy = g->enc != VN_ENC_UNICODE && !fake;
		if (legacy) {
			t = vn_legacy_decode(raw, g->len, g->enc, g->hcaps);
			x->d->source |= DOC_SRC_LEGACY;
			p->legacy += count_chars(raw, g->len);
		} else {
			t = tv_strndup(raw, g->len);
		}
		if (g->caps || (legacy && g->hcaps)) {
			char *up = vn_upper(t, strlen(t));
			free(t);
			t = up;
		}
		tv_buf_puts(&out, t);
		free(t);
	}
	return tv_buf_take(&out);
}

static void do_run(dx *x, para *p, const xmlNode *r, const rprops *base)
{
	rprops rp = *base;
	xmlNode *rpr = child(r, "rPr");
	if (rpr) {
		const char *rs = attr(child(rpr, "rStyle"), "val");
		if (rs) apply_style(x, rs, &rp, NULL, NULL, 0);
		rprops direct;
		rprops_unset(&direct);
		rprops_apply_node(&direct, rpr);
		rprops_merge(&rp, &direct);
	}
	int hcaps = 0, caps = rp.caps == 1;
	vn_enc enc = vn_font_encoding(rp.font, &hcaps);
	size_t before = p->text.len;
	tv_buf t = TV_BUF_INIT;
	for (const xmlNode *c = r->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		if (is_w(c, "t")) {
			xmlChar *s = xmlNodeGetContent(c);
			if (s) tv_buf_puts(&t, (const char *)s);
			xmlFree(s);
		} else if (is_w(c, "tab") || is_w(c, "ptab")) {
			tv_buf_putc(&t, '\t');
		} else if (is_w(c, "br") || is_w(c, "cr")) {
			const char *type = attr(c, "type");
			if (type && strcmp(type, "page") == 0 && !x->rendered_breaks) {
				x->page++;
				if (p->text.len == 0 && t.len == 0) p->page = x->page;
			}
			tv_buf_putc(&t, '\n');
		} else if (is_w(c, "lastRenderedPageBreak")) {
			if (x->rendered_breaks) x->page++;
			/* a break before any text moves the whole paragraph */
			if (x->rendered_breaks && p->text.len == 0 && t.len == 0) p->page = x->page;
		} else if (is_w(c, "noBreakHyphen")) {
			tv_buf_putc(&t, '-');
		} else if (is_w(c, "sym")) {
			const char *ch = attr(c, "char");
			const char *font = attr(c, "font");
			unsigned long cp = ch ? strtoul(ch, NULL, 16) : 0;
			int scaps = 0;
			vn_enc senc = vn_font_encoding(font, &scaps);
			if (senc != VN_ENC_UNICODE && cp) {
				/* a legacy letter typed with Insert Symbol: the low byte is
				 * the legacy code */
				seg_add(p, t.s ? t.s : "", t.len, enc, hcaps, caps);
				tv_buf_clear(&t);
				tv_buf_put_cp(&t, (uint32_t)(cp & 0xFF));
				seg_add(p, t.s, t.len, senc, scaps, caps);
				tv_buf_clear(&t);
			} else if (cp && cp < 0xF000 && cp != 0xFFFE && cp != 0xFFFF) {
				tv_buf_put_cp(&t, (uint32_t)cp);
			}
		} else if (is_w(c, "drawing") || is_w(c, "pict") || is_w(c, "object")) {
			find_boxes(p, c, 0);
		} else if (is_mc(c, "AlternateContent")) {
			const xmlNode *b = alt_branch(c);
			if (b) find_boxes(p, b, 0);
		}
		/* w:delText, w:instrText (field codes), w:fldChar: not document text */
	}
	seg_add(p, t.s ? t.s : "", t.len, enc, hcaps, caps);
	tv_buf_free(&t);
	size_t k = count_chars(p->text.s ? p->text.s + before : "", p->text.len - before);
	p->chars += k;
	if (rp.b == 1) p->bold += k;
	if (rp.i == 1) p->italic += k;
	if (rp.u == 1) p->under += k;
	if (caps || hcaps) p->caps += k;
	if (rp.sz > 0 && k > p->size_chars) {
		p->size = rp.sz;
		p->size_chars = k;
	}
}

/* Runs and the inline wrappers around them (links, tracked insertions,
 * content controls, fields). */
static void walk_inline(dx *x, para *p, const xmlNode *parent, const rprops *base, int depth)
{
	if (depth > MAX_DEPTH) return;
	for (const xmlNode *c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		if (is_w(c, "r"))
			do_run(x, p, c, base);
		else if (is_w(c, "pPr") || is_w(c, "del") || is_w(c, "moveFrom") ||
		         is_w(c, "rPr") || is_w(c, "sdtPr") || is_w(c, "sdtEndPr"))
			continue;
		else if (is_mc(c, "AlternateContent")) {
			const xmlNode *b = alt_branch(c);
			if (b) walk_inline(x, p, b, base, depth + 1);
		} else if (c->ns && c->ns->href && strstr((const char *)c->ns->href, "math"))
			continue; /* equations: no reliable linear text */
		else
			walk_inline(x, p, c, base, depth + 1);
	}
}

static void do_para(dx *x, const xmlNode *pn, const where *w)
{
	rprops base = x->defaults;
	int jc = -1, heading = 0;
	xmlNode *ppr = child(pn, "pPr");
	const char *ps = ppr ? attr(child(ppr, "pStyle"), "val") : NULL;
	if (!ps) ps = find_style(x, "Normal") ? "Normal" : NULL;
	apply_style(x, ps, &base, &jc, &heading, 0);
	if (ppr) {
		int j = jc_flags(attr(child(ppr, "jc"), "val"));
		if (j >= 0) jc = j;
		const char *ol = attr(child(ppr, "outlineLvl"), "val");
		if (ol && atoi(ol) >= 0 && atoi(ol) < 9) heading = 1;
		if (child(ppr, "pageBreakBefore") && onoff(child(ppr, "pageBreakBefore")) &&
		    !x->rendered_breaks)
			x->page++;
	}
	para p;
	memset(&p, 0, sizeof p);
	p.page = x->page;
	walk_inline(x, &p, pn, &base, 0);
	char *joined = finish_text(x, &p);
	char *clean = vn_clean(joined, strlen(joined));
	free(joined);
	unsigned flags = w->flags;
	if (jc > 0) flags |= (unsigned)jc;
	if (heading == 1) flags |= DOC_HEADING;
	if (p.chars) {
		if (p.bold * 2 > p.chars) flags |= DOC_BOLD;
		if (p.italic * 2 > p.chars) flags |= DOC_ITALIC;
		if (p.under * 2 > p.chars) flags |= DOC_UNDERLINE;
		if (p.caps * 2 > p.chars) flags |= DOC_CAPS;
	}
	if (p.legacy) flags |= DOC_LEGACY;
	doc_block *b = doc_add(x->d, clean, strlen(clean), p.page, flags);
	if (b) {
		b->table = w->table;
		b->row = w->row;
		b->cell = w->cell;
		b->col = w->col;
		b->size = p.size;
	}
	free(clean);
	tv_buf_free(&p.text);
	free(p.segs);
	if (x->depth >= MAX_DEPTH) return;
	x->depth++;
	for (int i = 0; i < p.nboxes; i++) {
		where bw = *w;
		bw.flags |= DOC_TEXTBOX;
		walk_container(x, p.boxes[i], &bw);
	}
	x->depth--;
}

static int count_cells(const xmlNode *tr)
{
	int n = 0;
	for (const xmlNode *c = tr->children; c; c = c->next) {
		if (is_w(c, "tc"))
			n++;
		else if (is_w(c, "sdt")) /* a content control around a cell */
			for (const xmlNode *s =
			         child(c, "sdtContent") ? child(c, "sdtContent")->children : NULL;
			     s; s = s->next)
				if (is_w(s, "tc")) n++;
	}
	return n;
}

static void do_cell(dx *x, const xmlNode *tc, const where *w, int tindex, int row, int cell,
                    int ncells)
{
	where cw = *w;
	cw.flags |= DOC_TABLE;
	cw.table = tindex;
	cw.row = row;
	cw.cell = cell;
	/* A Party/State header is a borderless 2-cell table: issuer left,
	 * motto and date right. */
	cw.col = ncells == 2 ? (cell == 0 ? DOC_COL_LEFT : DOC_COL_RIGHT) : w->col;
	walk_container(x, tc, &cw);
}

static void do_table(dx *x, const xmlNode *tbl, const where *w)
{
	int tindex = ++x->ntables;
	int row = 0;
	for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
		if (!is_w(tr, "tr")) continue;
		int ncells = count_cells(tr), cell = 0;
		for (const xmlNode *c = tr->children; c; c = c->next) {
			if (is_w(c, "tc")) {
				do_cell(x, c, w, tindex, row, cell++, ncells);
			} else if (is_w(c, "sdt")) {
				const xmlNode *sc = child(c, "sdtContent");
				for (const xmlNode *s = sc ? sc->children : NULL; s; s = s->next)
					if (is_w(s, "tc"))
						do_cell(x, s, w, tindex, row, cell++, ncells);
			}
		}
		row++;
	}
}

/* Block-level content: paragraphs, tables, and the wrappers around them. */
static void walk_container(dx *x, const xmlNode *parent, const where *w)
{
	if (x->depth > MAX_DEPTH) return;
	x->depth++;
	for (const xmlNode *c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) continue;
		if (is_w(c, "p"))
			do_para(x, c, w);
		else if (is_w(c, "tbl"))
			do_table(x, c, w);
		else if (is_w(c, "del") || is_w(c, "moveFrom") || is_w(c, "sectPr") ||
		         is_w(c, "tblPr") || is_w(c, "tcPr") || is_w(c, "sdtPr") ||
		         is_w(c, "sdtEndPr"))
			continue;
		else if (is_mc(c, "AlternateContent")) {
			const xmlNode *b = alt_branch(c);
			if (b) walk_container(x, b, w);
		} else
			walk_container(x, c, w);
	}
	x->depth--;
}

/* ---- parts ---------------------------------------------------------------- */

/* Footnotes/endnotes: skip the separator pseudo-notes Word always writes. */
static void walk_notes(dx *x, const xmlNode *root, const where *w)
{
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (!is_w(c, "footnote") && !is_w(c, "endnote")) continue;
		const char *type = attr(c, "type");
		if (type && strcmp(type, "normal") != 0) continue;
		walk_container(x, c, w);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Headers and footers: Word keeps up to three per section (first, even,
 * default), usually with the same text; each distinct text is kept once. */
static tv_err read_headers_footers(dx *x)
{
	tv_strv names = TV_STRV_INIT;
	zip_int64_t n = zip_get_num_entries(x->z, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *nm = zip_get_name(x->z, (zip_uint64_t)i, 0);
		if (!nm) continue;
		size_t l = strlen(nm);
		if (l > 4 && strcmp(nm + l - 4, ".xml") == 0 &&
		    (strncmp(nm, "word/header", 11) == 0 || strncmp(nm, "word/footer", 11) == 0) &&
		    !strchr(nm + 5, '/'))
			tv_strv_push(&names, nm);
	}
	if (names.n) qsort(names.v, names.n, sizeof *names.v, cmp_str);
	tv_set seen = TV_SET_INIT;
	tv_err rc = TV_OK;
	for (size_t i = 0; i < names.n && rc == TV_OK; i++) {
		xmlDoc *doc = NULL;
		rc = parse_member(x, names.v[i], 1, &doc);
		if (rc != TV_OK || !doc) break;
		where w = {0};
		w.flags = strncmp(names.v[i], "word/header", 11) == 0 ? DOC_HEADER : DOC_FOOTER;
		size_t first = x->d->nblocks;
		int saved_page = x->page;
		x->page = 1;
		walk_container(x, xmlDocGetRootElement(doc), &w);
		x->page = saved_page;
		xmlFreeDoc(doc);
		tv_buf all = TV_BUF_INIT;
		tv_buf_printf(&all, "%u|", w.flags);
		for (size_t k = first; k < x->d->nblocks; k++) {
			tv_buf_puts(&all, x->d->blocks[k].text);
			tv_buf_putc(&all, '\n');
		}
		if (!tv_set_add(&seen, tv_buf_str(&all))) {
			for (size_t k = first; k < x->d->nblocks; k++) free(x->d->blocks[k].text);
			x->d->nblocks = first;
		}
		tv_buf_free(&all);
	}
	tv_set_free(&seen);
	tv_strv_free(&names);
	return rc;
}

static int has_element(const xmlNode *n, const char *name, int depth)
{
	if (depth > MAX_DEPTH) return 0;
	for (const xmlNode *c = n->children; c; c = c->next)
		if (is_w(c, name) ||
		    (c->type == XML_ELEMENT_NODE && has_element(c, name, depth + 1)))
			return 1;
	return 0;
}

static int app_pages(dx *x)
{
	char *buf;
	size_t len;
	if (read_member(x, "docProps/app.xml", 1, &buf, &len) != TV_OK || !buf) {
		tv_error_clear(x->e);
		return 0;
	}
	const char *p = strstr(buf, "<Pages>");
	int pages = p ? atoi(p + 7) : 0;
	free(buf);
	return pages > 0 && pages < 1000000 ? pages : 0;
}

tv_err ext_docx(const ext_input *in, tv_doc *d, tv_error *e)
{
	xmlInitParser();
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src = zip_source_buffer_create(in->data, in->len, 0, &zerr);
	if (!src) {
		zip_error_fini(&zerr);
		return tv_fail(e, TV_ERR_INTERNAL, "%s: cannot read the zip buffer", in->name);
	}
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	if (!z) {
		int code = zip_error_code_zip(&zerr);
		zip_source_free(src);
		zip_error_fini(&zerr);
		/* the bytes start with a zip signature (that is why we are here), so a
		 * missing central directory means the file was cut short */
		if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_EOF ||
		    code == ZIP_ER_READ || code == ZIP_ER_SEEK)
			return tv_fail(
			    e, TV_ERR_TRUNCATED,
			    "%s: zip is truncated or corrupt (no readable central directory)",
			    in->name);
		return tv_fail(e, TV_ERR_FORMAT, "%s: cannot open the zip (libzip error %d)",
		               in->name, code);
	}
	zip_error_fini(&zerr);

	dx x;
	memset(&x, 0, sizeof x);
	x.in = in;
	x.d = d;
	x.e = e;
	x.z = z;
	x.page = 1;
	rprops_unset(&x.defaults);

	xmlDoc *body = NULL, *styles = NULL, *notes = NULL;
	tv_err rc = parse_member(&x, "word/document.xml", 0, &body);
	if (rc == TV_OK) rc = parse_member(&x, "word/styles.xml", 1, &styles);
	if (rc == TV_OK && styles) load_styles(&x, styles);
	if (rc == TV_OK) {
		xmlNode *root = xmlDocGetRootElement(body);
		if (!root || !is_w(root, "document")) {
			rc = tv_fail(e, TV_ERR_FORMAT,
			             "%s: word/document.xml is not a WordprocessingML document",
			             in->name);
		} else {
			/* Word writes rendered breaks when it saved the layout; they
			 * are truer than explicit breaks, but must not be mixed */
			x.rendered_breaks = has_element(root, "lastRenderedPageBreak", 0);
			where w = {0};
			walk_container(&x, root, &w);
		}
	}
	static const char *const note_parts[] = {"word/footnotes.xml", "word/endnotes.xml"};
	for (int i = 0; i < 2 && rc == TV_OK; i++) {
		rc = parse_member(&x, note_parts[i], 1, &notes);
		if (rc == TV_OK && notes) {
			where w = {0};
			w.flags = DOC_FOOTNOTE;
			/* a note's page is not recorded in the part: say page 1 */
			int saved = x.page;
			x.page = 1;
			walk_notes(&x, xmlDocGetRootElement(notes), &w);
			x.page = saved;
			xmlFreeDoc(notes);
			notes = NULL;
		}
	}
	if (rc == TV_OK) rc = read_headers_footers(&x);
	if (rc == TV_OK) {
		int ap = app_pages(&x);
		d->pages = x.page > ap ? x.page : ap;
		if (d->pages < 1) d->pages = 1;
	}
	xmlFreeDoc(body);
	xmlFreeDoc(styles);
	for (size_t i = 0; i < x.nstyles; i++) {
		free(x.styles[i].id);
		free(x.styles[i].based);
	}
	free(x.styles);
	zip_discard(z);
	return rc;
}
