/* ext_pdf.c — PDF text with layout, via poppler-glib, in process and from memory.
 *
 * Poppler's own reading order interleaves the two columns of an official
 * document's header (issuer | national motto), so each page is rebuilt here from
 * geometry: the text layer is cut into spans (one font run, no large gap), spans
 * are grouped into lines by their vertical centre, a line is cut in two when a
 * wide gap straddles the middle of the page, and a band of such lines is emitted
 * left column first, then right column, so the issuer lines stay together.
 *
 * Legacy fonts: a run whose font name says TCVN3 (.VnTime, VnTimeH...) or VNI is
 * decoded run by run; a page whose fonts say nothing but whose text reads as
 * TCVN3/VNI is decoded as a whole.  Pages with no usable text (scans, a lone
 * digital-signature stamp, garbled glyph maps) go to OCR (ext_ocr.c), a scan's
 * later pages on a helper thread when a core is spare ("OCR ahead").
 *
 * Cost: poppler_page_get_text, _get_text_layout and _get_text_attributes all
 * reuse the page's cached TextPage, so the layout costs one text analysis per
 * page, like bare poppler_page_get_text. */
#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../vn/vn.h"
#include "ext_formats.h"

/* One run of text on one visual line with no wide gap inside. */
typedef struct pspan {
	tv_buf text; /* decoded UTF-8 */
	double x0, x1, y0, y1;
	double size;
	int nchars, nbold, nitalic;
	int legacy;
} pspan;

/* A block under construction: one line, or one half of a split line. */
typedef struct pblock {
	char *text;
	double x0, x1, y0, y1, size;
	unsigned flags;
	doc_col col;
} pblock;

/* Per-font facts, computed once per attribute run, and again only when the
 * font's name differs from the last run's (a page has hundreds of runs in a
 * few fonts). */
typedef struct fontinfo {
	vn_enc enc;
	int caps, bold, italic;
	double size;
	const char *name; /* the run's font name (owned by the attributes list) */
} fontinfo;

static void font_classify(const PopplerTextAttributes *a, fontinfo *f)
{
	const char *name = a && a->font_name ? a->font_name : "";
	f->size = a ? a->font_size : 0;
	if (f->name && !strcmp(f->name, name)) return;
	f->name = name;
	f->enc = vn_font_encoding(name, &f->caps);
	f->bold = strstr(name, "Bold") || strstr(name, "bold") || strstr(name, "Black") ||
	          strstr(name, "Heavy") || strstr(name, ",B");
	f->italic = strstr(name, "Italic") || strstr(name, "Oblique") || strstr(name, ",I");
}

/* ---- span building ------------------------------------------------------- */

typedef struct spanlist {
	pspan *v;
	size_t n, cap;
} spanlist;

typedef struct runbuf {
	tv_buf raw; /* text of the current encoding run, not yet decoded */
	vn_enc enc;
	int caps;
} runbuf;

static void run_flush(runbuf *r, pspan *s)
{
	if (!r->raw.len) return;
	if (r->enc != VN_ENC_UNICODE) {
		char *dec = vn_legacy_decode(r->raw.s, r->raw.len, r->enc, r->caps);
		tv_buf_puts(&s->text, dec);
		free(dec);
		s->legacy = 1;
	} else {
		tv_buf_append(&s->text, r->raw.s, r->raw.len);
	}
	tv_buf_clear(&r->raw);
}

static pspan *span_new(spanlist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = tv_realloc(l->v, l->cap * sizeof *l->v);
	}
	pspan *s = &l->v[l->n++];
	memset(s, 0, sizeof *s);
	return s;
}

static void spans_free(spanlist *l)
{
	for (size_t i = 0; i < l->n; i++) tv_buf_free(&l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Any character a legacy decoder would change: Latin-1 letters/symbols, and the
 * two look-alikes poppler produces for TCVN3 bytes 0xAD and 0xB7. */
static int has_legacy_candidates(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (p[0] == 0xC2 || p[0] == 0xC3) return 1;
		if (p[0] == 0xE2 && p[1] == 0x88 && (p[2] == 0x92 || p[2] == 0x99)) return 1;
	}
	return 0;
}

/* Cut the page's text layer into spans.  page_enc, when not UNICODE, is applied
 * to runs whose font does not announce an encoding. */
static void build_spans(const char *text, const PopplerRectangle *rects, guint nrects, GList *attrs,
                        vn_enc page_enc, spanlist *out)
{
	GList *al = attrs;
	fontinfo fi = {VN_ENC_UNICODE, 0, 0, 0, 0, NULL};
	int fi_end = -1; /* last char index fi applies to */
	pspan *cur = NULL;
	runbuf run = {TV_BUF_INIT, VN_ENC_UNICODE, 0};
	int pending_space = 0;
	guint i = 0;
	for (const char *p = text; *p && i < nrects; p = g_utf8_next_char(p), i++) {
		gunichar c = g_utf8_get_char(p);
		const PopplerRectangle *r = &rects[i];
		if (c == '\n' || c == '\r') {
			if (cur) run_flush(&run, cur);
			cur = NULL;
			pending_space = 0;
			continue;
		}
		if ((int)i > fi_end) {
			while (al && ((PopplerTextAttributes *)al->data)->end_index < (int)i)
				al = al->next;
			PopplerTextAttributes *a = al ? al->data : NULL;
			if (a && a->start_index <= (int)i) {
				font_classify(a, &fi);
				fi_end = a->end_index;
			} else {
				font_classify(NULL, &fi);
				fi_end = (int)i;
			}
			if (fi.enc == VN_ENC_UNICODE && page_enc != VN_ENC_UNICODE)
				fi.enc = page_enc;
		}
		if (c == ' ' || c == '\t' || c == 0xA0) {
			if (cur) pending_space = 1;
			continue;
		}
		double h = r->y2 - r->y1, yc = (r->y1 + r->y2) / 2;
		double em = fi.size > 0 ? fi.size : (h > 0 ? h : 10);
		if (cur) {
			double cyc = (cur->y0 + cur->y1) / 2, ch = cur->y1 - cur->y0;
			double lim = 0.5 * (h < ch ? h : ch);
			if (lim < 1) lim = 1;
			if (r->x1 < cur->x1 - em * 0.5 ||
			    r->x1 - cur->x1 > 1.5 * em + (r->x2 - r->x1) || fabs(yc - cyc) > lim) {
				run_flush(&run, cur);
				cur = NULL;
			}
		}
		if (!cur) {
			cur = span_new(out);
			cur->x0 = r->x1;
			cur->x1 = r->x2;
			cur->y0 = r->y1;
			cur->y1 = r->y2;
			pending_space = 0;
			run.enc = fi.enc;
			run.caps = fi.caps;
		}
		if (fi.enc != run.enc || fi.caps != run.caps) {
			run_flush(&run, cur);
			run.enc = fi.enc;
			run.caps = fi.caps;
		}
		if (pending_space) {
			tv_buf_putc(&run.raw, ' ');
			pending_space = 0;
		}
		tv_buf_append(&run.raw, p, (size_t)(g_utf8_next_char(p) - p));
		if (r->x1 < cur->x0) cur->x0 = r->x1;
		if (r->x2 > cur->x1) cur->x1 = r->x2;
		if (r->y1 < cur->y0) cur->y0 = r->y1;
		if (r->y2 > cur->y1) cur->y1 = r->y2;
		if (fi.size > cur->size) cur->size = fi.size;
		cur->nchars++;
		cur->nbold += fi.bold;
		cur->nitalic += fi.italic;
	}
	if (cur) run_flush(&run, cur);
	tv_buf_free(&run.raw);
}

/* ---- lines and columns --------------------------------------------------- */

typedef struct blist {
	pblock *v;
	size_t n, cap;
} blist;

static pblock *blist_add(blist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = tv_realloc(l->v, l->cap * sizeof *l->v);
	}
	pblock *b = &l->v[l->n++];
	memset(b, 0, sizeof *b);
	return b;
}

static void blist_free(blist *l)
{
	for (size_t i = 0; i < l->n; i++) free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int cmp_span_y(const void *a, const void *b)
{
	const pspan *x = a, *y = b;
	double cx = (x->y0 + x->y1) / 2, cy = (y->y0 + y->y1) / 2;
	if (cx != cy) return cx < cy ? -1 : 1;
	return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

static int cmp_spanp_x(const void *a, const void *b)
{
	const pspan *x = *(const pspan *const *)a, *y = *(const pspan *const *)b;
	return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

static int all_caps(const char *s)
{
	int upper = 0;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_islower(c)) return 0;
		if (g_unichar_isupper(c)) upper++;
	}
	return upper >= 2;
}

/* Join spans v[0..n) (one visual line) into one block, left to right. */
static void make_block(pspan **v, size_t n, doc_col col, blist *out)
{
	qsort(v, n, sizeof *v, cmp_spanp_x);
	pblock *o = blist_add(out);
	tv_buf t = TV_BUF_INIT;
	int nchars = 0, nbold = 0, nital = 0, legacy = 0;
	o->x0 = v[0]->x0;
	o->x1 = v[0]->x1;
	o->y0 = v[0]->y0;
	o->y1 = v[0]->y1;
	o->col = col;
	for (size_t i = 0; i < n; i++) {
		if (t.len) tv_buf_putc(&t, ' ');
		tv_buf_append(&t, tv_buf_str(&v[i]->text), v[i]->text.len);
		if (v[i]->x0 < o->x0) o->x0 = v[i]->x0;
		if (v[i]->x1 > o->x1) o->x1 = v[i]->x1;
		if (v[i]->y0 < o->y0) o->y0 = v[i]->y0;
		if (v[i]->y1 > o->y1) o->y1 = v[i]->y1;
		if (v[i]->size > o->size) o->size = v[i]->size;
		nchars += v[i]->nchars;
		nbold += v[i]->nbold;
		nital += v[i]->nitalic;
		legacy |= v[i]->legacy;
	}
	o->text = tv_buf_take(&t);
	if (nbold * 2 > nchars) o->flags |= DOC_BOLD;
	if (nital * 2 > nchars) o->flags |= DOC_ITALIC;
	if (legacy) o->flags |= DOC_LEGACY;
	if (all_caps(o->text)) o->flags |= DOC_CAPS;
}

/* Same line: vertical centres closer than half the smaller height. */
static int same_line(const pspan *a, const pspan *b)
{
	double ha = a->y1 - a->y0, hb = b->y1 - b->y0;
	double lim = 0.5 * (ha < hb ? ha : hb);
	if (lim < 1) lim = 1;
	return fabs((a->y0 + a->y1) / 2 - (b->y0 + b->y1) / 2) <= lim;
}

/* Group y-sorted spans v[0..n) into lines, each emitted as a block of col. */
static void emit_lines(pspan **v, size_t n, doc_col col, blist *out)
{
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && same_line(v[i], v[j])) j++;
		make_block(v + i, j - i, col, out);
		i = j;
	}
}

/* Most headers and signature blocks have fewer lines than this; a longer band
 * whose lines nearly all have both halves is a table, whose rows stay rows. */
#define BAND_MAX_LINES 20

/* Paragraph ends and centring of full-width blocks, from the page's typical
 * line pitch, left margin and right edge. */
static void mark_paragraphs(blist *bl, double pw)
{
	double lm = 1e9, rm = 0;
	size_t np = 0;
	double *pitch = tv_malloc((bl->n ? bl->n : 1) * sizeof *pitch);
	for (size_t i = 0; i < bl->n; i++) {
		pblock *b = &bl->v[i];
		if (b->col != DOC_COL_FULL) continue;
		if (b->x0 < lm) lm = b->x0;
		if (b->x1 > rm) rm = b->x1;
		if (i + 1 < bl->n && bl->v[i + 1].col == DOC_COL_FULL) {
			double d = bl->v[i + 1].y1 - b->y1;
			if (d > 0) pitch[np++] = d;
		}
	}
	double med = 0;
	if (np) {
		for (size_t a = 0; a <= np / 2; a++)
			for (size_t b = a + 1; b < np; b++)
				if (pitch[b] < pitch[a]) {
					double t = pitch[a];
					pitch[a] = pitch[b];
					pitch[b] = t;
				}
		med = pitch[np / 2];
	}
	free(pitch);
	for (size_t i = 0; i < bl->n; i++) {
		pblock *b = &bl->v[i];
		if (b->col != DOC_COL_FULL) continue;
		double em = b->size > 0 ? b->size : 10;
		double c = (b->x0 + b->x1) / 2;
		if ((fabs(c - (lm + rm) / 2) < em || fabs(c - pw / 2) < em) &&
		    b->x1 - b->x0 < 0.8 * (rm - lm) && b->x0 > lm + 2 * em)
			b->flags |= DOC_CENTER;
	}
	for (size_t i = 0; i < bl->n; i++) {
		pblock *b = &bl->v[i];
		if (b->col != DOC_COL_FULL) continue;
		if (i + 1 == bl->n || bl->v[i + 1].col != DOC_COL_FULL) {
			b->flags |= DOC_PARA_END;
			continue;
		}
		pblock *nx = &bl->v[i + 1];
		double em = b->size > 0 ? b->size : 10;
		int para = 0;
		if (med > 0 && nx->y1 - b->y1 > med * 1.45) para = 1;
		if (nx->x0 > b->x0 + em * 0.9 && !(nx->flags & DOC_CENTER)) para = 1;
		if (b->x1 < rm - em * 4 && !(b->flags & DOC_CENTER)) para = 1;
		if ((b->flags ^ nx->flags) & (DOC_BOLD | DOC_CENTER)) para = 1;
		if (para) b->flags |= DOC_PARA_END;
	}
}

/* Narrow [*fl, *fr] to the widest part that no span of v[a..b) covers; 0 when
 * nothing of it is left. */
static int free_gap(const pspan *v, size_t a, size_t b, double *fl, double *fr)
{
	/* pieces of [fl, fr] left free: cut by each span in turn (rows are short) */
	double pl[64], pr[64];
	size_t np = 1;
	pl[0] = *fl;
	pr[0] = *fr;
	for (size_t i = a; i < b; i++) {
		double x0 = v[i].x0, x1 = v[i].x1;
		size_t m = 0;
		double nl[64], nr[64];
		for (size_t k = 0; k < np; k++) {
			if (x1 <= pl[k] || x0 >= pr[k]) {
				nl[m] = pl[k];
				nr[m++] = pr[k];
				continue;
			}
			if (x0 > pl[k] && m < 64) {
				nl[m] = pl[k];
				nr[m++] = x0;
			}
			if (x1 < pr[k] && m < 64) {
				nl[m] = x1;
				nr[m++] = pr[k];
			}
		}
		memcpy(pl, nl, m * sizeof *pl);
		memcpy(pr, nr, m * sizeof *pr);
		np = m;
	}
	double best = 0;
	for (size_t k = 0; k < np; k++)
		if (pr[k] - pl[k] > best) {
			best = pr[k] - pl[k];
			*fl = pl[k];
			*fr = pr[k];
		}
	return best >= 2.0;
}

/* Lay out one page: spans → lines in reading order.  The page is cut into rows
 * (spans at one height).  A run of rows that all leave one vertical strip of the
 * middle of the text area empty, with two lines or more on each side of it that
 * face each other, is a two-column band (header or signature block) and is
 * emitted left column first.  The strip is found, not assumed at the page's
 * middle: in old headers the right column starts left of it.  Rows are not
 * aligned across the two columns (12 pt issuer lines beside a 13 pt motto), so
 * inside a band each column is regrouped into lines on its own.  tail_after:
 * left-column lines below the bottom of the right column follow the right
 * column (used for OCR, whose column bands run on down the page). */
static void layout_page(spanlist *sl, double pw, int tail_after, blist *out)
{
	size_t n = sl->n;
	if (!n) return;
	qsort(sl->v, n, sizeof *sl->v, cmp_span_y);
	double lm = 1e9, rm = -1e9;
	for (size_t i = 0; i < n; i++) {
		if (sl->v[i].x0 < lm) lm = sl->v[i].x0;
		if (sl->v[i].x1 > rm) rm = sl->v[i].x1;
	}
	double W = rm - lm;
	/* rows: [row[k], row[k+1]) */
	size_t *row = tv_malloc((n + 1) * sizeof *row), nrows = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && same_line(&sl->v[i], &sl->v[j])) j++;
		row[nrows++] = i;
		i = j;
	}
	row[nrows] = n;
	pspan **tmp = tv_malloc(n * sizeof *tmp);
	for (size_t r = 0; r < nrows;) {
		double fl = lm + 0.2 * W, fr = rm - 0.2 * W;
		size_t r2 = r, both = 0;
		while (r2 < nrows) {
			double l2 = fl, r2x = fr;
			/* a line centred on the page (page number, title) is no column */
			int centred = 1;
			for (size_t i = row[r2]; i < row[r2 + 1]; i++)
				if (fabs((sl->v[i].x0 + sl->v[i].x1) / 2 - (lm + rm) / 2) >
				    0.05 * W)
					centred = 0;
			if (centred) break;
			if (!free_gap(sl->v, row[r2], row[r2 + 1], &l2, &r2x)) break;
			if (r2 > r) {
				const pspan *a = &sl->v[row[r2 - 1]], *b = &sl->v[row[r2]];
				double lh = b->y1 - b->y0;
				if (b->y0 - a->y1 > 6 * (lh > 4 ? lh : 4))
					break; /* room for a signature */
			}
			fl = l2;
			fr = r2x;
			r2++;
		}
		double split = (fl + fr) / 2;
		size_t nside[2] = {0, 0};
		double top[2] = {1e9, 1e9}, bot[2] = {-1e9, -1e9};
		for (size_t q = r; q < r2; q++) {
			int l = 0, rt = 0;
			for (size_t i = row[q]; i < row[q + 1]; i++) {
				int sd = sl->v[i].x1 <= split ? 0 : 1;
				l |= sd == 0;
				rt |= sd == 1;
				nside[sd]++;
				if (sl->v[i].y0 < top[sd]) top[sd] = sl->v[i].y0;
				if (sl->v[i].y1 > bot[sd]) bot[sd] = sl->v[i].y1;
			}
			both += l && rt;
		}
		size_t rows = r2 - r;
		int facing = nside[0] >= 2 && nside[1] >= 2 && top[0] < bot[1] && top[1] < bot[0];
		if (!facing || (rows > BAND_MAX_LINES && both * 5 >= rows * 3)) {
			/* not a band (or a table): this row as one line, then look again */
			size_t k = 0;
			for (size_t i = row[r]; i < row[r + 1]; i++) tmp[k++] = &sl->v[i];
			make_block(tmp, k, DOC_COL_FULL, out);
			r++;
			continue;
		}
		/* pass 2: left lines that start below the whole right column (a
		 * scan's trích yếu and "Kính gửi" under the number) come after it,
		 * so the date line stays in the header */
		double below = tail_after ? bot[1] : 1e18;
		for (int pass = 0; pass < 3; pass++) {
			int sd = pass == 1 ? 1 : 0;
			size_t k = 0, first = out->n;
			for (size_t i = row[r]; i < row[r2]; i++) {
				const pspan *sp = &sl->v[i];
				if ((sp->x1 <= split ? 0 : 1) != sd) continue;
				if (sd == 0 && (pass == 0) != (sp->y0 <= below)) continue;
				tmp[k++] = &sl->v[i];
			}
			emit_lines(tmp, k, sd == 0 ? DOC_COL_LEFT : DOC_COL_RIGHT, out);
			if (out->n > first) out->v[out->n - 1].flags |= DOC_PARA_END;
		}
		r = r2;
	}
	free(tmp);
	free(row);
	mark_paragraphs(out, pw);
}

typedef struct pagectx {
	tv_doc *d;
	int pageno;
	size_t text_bytes;
	size_t max_text;
} pagectx;

static void emit_blocks(pagectx *pc, blist *bl)
{
	for (size_t i = 0; i < bl->n; i++) {
		pblock *b = &bl->v[i];
		if (pc->max_text && pc->text_bytes >= pc->max_text) return;
		doc_block *k = doc_add(pc->d, b->text, strlen(b->text), pc->pageno, b->flags);
		if (!k) continue;
		pc->text_bytes += strlen(k->text) + 1;
		k->col = b->col;
		k->x0 = (float)b->x0;
		k->x1 = (float)b->x1;
		k->y = (float)b->y1;
		k->size = (float)b->size;
	}
}

/* OCR lines (ext_ocr.c appends them as blocks) go through the same layout as
 * a text layer, so a scanned header comes out in the same order and with the
 * same column hints. */
static void relayout_ocr(pagectx *pc, size_t before, double pw)
{
	tv_doc *d = pc->d;
	spanlist sl = {0};
	for (size_t i = before; i < d->nblocks; i++) {
		doc_block *k = &d->blocks[i];
		pspan *s = span_new(&sl);
		tv_buf_puts(&s->text, k->text);
		s->x0 = k->x0;
		s->x1 = k->x1;
		s->y1 = k->y;
		s->y0 = k->y - (k->size > 0 ? k->size * 1.2 : 12);
		s->size = k->size;
		s->nchars = 1;
		free(k->text);
	}
	d->nblocks = before;
	blist bl = {0};
	layout_page(&sl, pw, 1, &bl);
	spans_free(&sl);
	for (size_t i = 0; i < bl.n; i++) bl.v[i].flags |= DOC_OCR;
	emit_blocks(pc, &bl);
	blist_free(&bl);
}

/* ---- does the page need OCR? -------------------------------------------- */

/* The character at s, and its class for count_syllables; ASCII (most of a
 * Vietnamese page) without glib's tables, which were 2% of indexing PDFs. */
enum { CH_SPACE = 1, CH_PUNCT = 2, CH_LETTER = 4 };

static int char_class(const char *s)
{
	unsigned char b = (unsigned char)*s;
	if (b < 0x80) {
		if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f') return CH_SPACE;
		if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') return CH_LETTER;
		return b > ' ' && b < 0x7f && !(b >= '0' && b <= '9') ? CH_PUNCT : 0;
	}
	gunichar c = g_utf8_get_char(s);
	return (g_unichar_isspace(c) ? CH_SPACE : 0) | (g_unichar_ispunct(c) ? CH_PUNCT : 0) |
	       (g_unichar_isalpha(c) || g_unichar_ismark(c) ? CH_LETTER : 0);
}

/* Words of letters only (trailing punctuation cut), and how many of them are
 * Vietnamese syllables. */
static void count_syllables(const blist *bl, int *words, int *syll)
{
	*words = *syll = 0;
	for (size_t i = 0; i < bl->n; i++) {
		const char *s = bl->v[i].text;
		while (*s) {
			while (*s && (char_class(s) & CH_SPACE)) s = g_utf8_next_char(s);
			const char *w = s;
			while (*s && !(char_class(s) & CH_SPACE)) s = g_utf8_next_char(s);
			const char *e = s;
			while (e > w && (char_class(g_utf8_prev_char(e)) & CH_PUNCT))
				e = g_utf8_prev_char(e);
			while (w < e && (char_class(w) & CH_PUNCT)) w = g_utf8_next_char(w);
			int letters = 1, n = 0;
			for (const char *q = w; q < e; q = g_utf8_next_char(q), n++)
				if (!(char_class(q) & CH_LETTER)) letters = 0;
			if (n < 2 || !letters) continue;
			(*words)++;
			*syll += vn_is_syllable(w, (size_t)(e - w)) ? 1 : 0;
		}
	}
}

/* A digital-signature stamp alone: a few lines naming the signer and time. */
static int stamp_only(const blist *bl)
{
	if (bl->n == 0 || bl->n > 10) return 0;
	static const char *const marks[] = {"người ký", "thời gian ký", "ký bởi",
	                                    "email:",   "signed by",    "ngày ký"};
	for (size_t i = 0; i < bl->n; i++) {
		char *low = g_utf8_strdown(bl->v[i].text, -1);
		int hit = 0;
		for (size_t m = 0; m < sizeof marks / sizeof *marks; m++)
			if (strstr(low, marks[m])) hit = 1;
		g_free(low);
		if (hit) return 1;
	}
	return 0;
}

typedef enum { NEED_NONE = 0, NEED_EMPTY, NEED_STAMP, NEED_GARBLED } ocr_need;

static ocr_need page_needs_ocr(const blist *bl)
{
	if (bl->n == 0) return NEED_EMPTY;
	if (stamp_only(bl)) return NEED_STAMP;
	int words, syll;
	count_syllables(bl, &words, &syll);
	if (words == 0) {
		size_t chars = 0;
		for (size_t i = 0; i < bl->n; i++) chars += strlen(bl->v[i].text);
		return chars < 40 ? NEED_EMPTY : NEED_GARBLED;
	}
	/* a glyph map without Unicode: mostly letters, rarely a syllable */
	if (words >= 12 && syll * 5 < words * 2) return NEED_GARBLED;
	return NEED_NONE;
}

/* ---- document ------------------------------------------------------------ */

/* The text layer of one page laid out into bl, and whether the page needs OCR
 * instead. */
static ocr_need analyse_page(PopplerPage *page, double pw, blist *bl)
{
	char *text = poppler_page_get_text(page);
	PopplerRectangle *rects = NULL;
	guint nrects = 0;
	GList *attrs = NULL;
	spanlist sl = {0};
	if (text && *text) {
		poppler_page_get_text_layout(page, &rects, &nrects);
		attrs = poppler_page_get_text_attributes(page);
		vn_enc page_enc = VN_ENC_UNICODE;
		if (has_legacy_candidates(text)) {
			int any_legacy_font = 0;
			for (GList *l = attrs; l; l = l->next) {
				PopplerTextAttributes *a = l->data;
				if (vn_font_encoding(a->font_name, NULL) != VN_ENC_UNICODE)
					any_legacy_font = 1;
			}
			if (!any_legacy_font) page_enc = vn_guess_encoding(text, strlen(text));
		}
		build_spans(text, rects, nrects, attrs, page_enc, &sl);
	}
	layout_page(&sl, pw, 0, bl);
	spans_free(&sl);
	g_list_free_full(attrs, (GDestroyNotify)poppler_text_attributes_free);
	g_free(rects);
	g_free(text);
	return page_needs_ocr(bl);
}

/* ---- OCR ahead --------------------------------------------------------------
 *
 * A scan's pages are recognised one after another by the worker that has the
 * file, a couple of seconds each: one large scan kept one core of two busy
 * (corpus-real v04.pdf, 4 pages: 12.0 s).  When the worker meets a page that
 * needs OCR and a thread is spare (the files being read and the helpers fewer
 * than lim->ocr_threads: a worker has run out of files), a helper thread reads
 * the document's pages from the last one backwards, each into a document of
 * its own, while the worker goes on forwards (6.3 s).  Each page is claimed by
 * one of them, and the worker takes the helper's pages in order as it meets
 * them, so the result is the one the worker alone gives.  The helper opens the
 * PDF again (a PopplerDocument is not shared between threads) and stops when
 * the threads are no longer spare.  It reads with an engine from ext_ocr.c's
 * pool, never one more than the workers may have: when none is idle it gives
 * its page back and stops (a worker loaded a third engine beside it before,
 * and the scans' peak RSS went from 250 to 294 MB). */

enum { PAGE_FREE, PAGE_MAIN, PAGE_READING, PAGE_READ };

static atomic_uint pages_ahead; /* pages the worker took from a helper */
static atomic_int helpers_now;  /* helper threads running, all files together */

/* 1 while the files being read and the helpers, a new one counted, are no
 * more than lim->ocr_threads. */
static int spare_thread(const ext_limits *lim)
{
	return ext_files_now() + atomic_load(&helpers_now) <= lim->ocr_threads;
}

typedef struct ahead {
	GBytes *bytes;
	const ext_limits *lim;
	int npages; /* pages the worker may reach */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned char *state; /* PAGE_* of each page (NULL: no helper started) */
	tv_doc **got;         /* the helper's blocks of a page, NULL when it had text */
	tv_error *err;        /* and why OCR of it failed */
	int stop, first;      /* first: the first page the helper may take */
	pthread_t th;
} ahead;

static void *ahead_main(void *arg)
{
	ahead *a = arg;
	PopplerDocument *pd = poppler_document_new_from_bytes(a->bytes, NULL, NULL);
	for (int pi = a->npages - 1; pd && pi >= a->first; pi--) {
		/* a worker has taken a file since: the cores are taken */
		if (!spare_thread(a->lim)) break;
		pthread_mutex_lock(&a->mu);
		int go = !a->stop && a->state[pi] == PAGE_FREE;
		if (go) a->state[pi] = PAGE_READING;
		pthread_mutex_unlock(&a->mu);
		if (!go) break; /* the worker has got this far */
		int busy = 0;
		PopplerPage *page = poppler_document_get_page(pd, pi);
		if (page) {
			double pw, ph;
			poppler_page_get_size(page, &pw, &ph);
			blist bl = {0};
			if (analyse_page(page, pw, &bl) != NEED_NONE) {
				a->got[pi] = doc_new("", "pdf");
				if (ext_ocr_page(page, pi + 1, a->lim, 1, a->got[pi],
				                 &a->err[pi]) == TV_ERR_BUSY) {
					/* every engine is a worker's: the page is the
					 * worker's again, and the helper is done */
					doc_free(a->got[pi]);
					a->got[pi] = NULL;
					busy = 1;
				}
			}
			blist_free(&bl);
			g_object_unref(page);
		}
		pthread_mutex_lock(&a->mu);
		a->state[pi] = busy ? PAGE_FREE : PAGE_READ;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		if (busy) break;
	}
	if (pd) g_object_unref(pd);
	atomic_fetch_sub(&helpers_now, 1);
	return NULL;
}

/* The worker is at page pi: 1 when it reads the page itself, 0 when the
 * helper has read it (ahead_take gives it).  A page the helper is reading is
 * waited for: the helper may yet give it back. */
static int ahead_claim(ahead *a, int pi)
{
	if (!a->state) return 1;
	pthread_mutex_lock(&a->mu);
	while (a->state[pi] == PAGE_READING) pthread_cond_wait(&a->cv, &a->mu);
	int mine = a->state[pi] == PAGE_FREE;
	if (mine) a->state[pi] = PAGE_MAIN;
	pthread_mutex_unlock(&a->mu);
	return mine;
}

/* The worker meets a page to recognise: the helper starts on pages
 * from..npages-1 if none did yet and a thread is spare. */
static void ahead_start(ahead *a, int from)
{
	if (a->state || !a->lim || a->lim->ocr_threads < 2 || a->npages - from < 1) return;
	atomic_fetch_add(&helpers_now, 1);
	if (!spare_thread(a->lim)) {
		atomic_fetch_sub(&helpers_now, 1);
		return;
	}
	a->state = tv_calloc((size_t)a->npages, 1);
	a->got = tv_calloc((size_t)a->npages, sizeof *a->got);
	a->err = tv_calloc((size_t)a->npages, sizeof *a->err);
	for (int pi = 0; pi < from; pi++) a->state[pi] = PAGE_MAIN;
	a->first = from;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	if (pthread_create(&a->th, NULL, ahead_main, a) != 0) {
		free(a->state);
		free(a->got);
		free(a->err);
		a->state = NULL;
		atomic_fetch_sub(&helpers_now, 1);
	}
}

/* Page pi as the helper read it (ahead_claim said it is not the worker's, so
 * the helper is done with it): its OCR blocks appended to d, *rc and *e as
 * ext_ocr_page gave them; 0 when the helper has nothing for it. */
static int ahead_take(ahead *a, int pi, tv_doc *d, tv_err *rc, tv_error *e)
{
	const tv_doc *g = a->got[pi];
	if (!g) return 0;
	atomic_fetch_add(&pages_ahead, 1);
	for (size_t i = 0; i < g->nblocks; i++) {
		const doc_block *s = &g->blocks[i];
		doc_block *b = doc_add(d, s->text, strlen(s->text), s->page, s->flags);
		if (!b) continue;
		b->col = s->col;
		b->x0 = s->x0;
		b->x1 = s->x1;
		b->y = s->y;
		b->size = s->size;
	}
	d->source |= g->source;
	*rc = a->err[pi].code;
	if (*rc != TV_OK) *e = a->err[pi];
	return 1;
}

unsigned ext_pdf_pages_ahead(void)
{
	return atomic_load(&pages_ahead);
}

/* Waits for the helper (its page in hand, at most) and frees what is left. */
static void ahead_stop(ahead *a)
{
	if (!a->state) return;
	pthread_mutex_lock(&a->mu);
	a->stop = 1;
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->th, NULL);
	for (int pi = 0; pi < a->npages; pi++)
		if (a->got[pi]) doc_free(a->got[pi]);
	free(a->state);
	free(a->got);
	free(a->err);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	a->state = NULL;
}

static int looks_truncated(const char *data, size_t len)
{
	size_t from = len > 1024 ? len - 1024 : 0;
	for (size_t i = from; i + 5 <= len; i++)
		if (memcmp(data + i, "%%EOF", 5) == 0) return 0;
	return 1;
}

static tv_err open_error(const ext_input *in, GError *gerr, tv_error *e)
{
	const char *msg = gerr && gerr->message ? gerr->message : "unknown error";
	if (gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED)
		return tv_fail(e, TV_ERR_ENCRYPTED, "%s: PDF is password-protected (%s)", in->name,
		               msg);
	if (looks_truncated(in->data, in->len))
		return tv_fail(e, TV_ERR_TRUNCATED,
		               "%s: PDF is truncated (no %%%%EOF; poppler: %s)", in->name, msg);
	return tv_fail(e, TV_ERR_FORMAT, "%s: damaged PDF (poppler: %s)", in->name, msg);
}

void ext_pdf_global_init(void)
{
	static PopplerDocument *pinned;
	if (pinned) return;
	/* the smallest whole PDF: one empty page, offsets counted as written */
	static const char *const objs[] = {
	    "<</Type/Catalog/Pages 2 0 R>>",
	    "<</Type/Pages/Kids[3 0 R]/Count 1>>",
	    "<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>",
	};
	enum { NOBJ = sizeof objs / sizeof objs[0] };
	tv_buf b = TV_BUF_INIT;
	size_t off[NOBJ];
	tv_buf_puts(&b, "%PDF-1.4\n");
	for (size_t i = 0; i < NOBJ; i++) {
		off[i] = b.len;
		tv_buf_printf(&b, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	size_t xref = b.len;
	tv_buf_printf(&b, "xref\n0 %d\n0000000000 65535 f \n", NOBJ + 1);
	for (size_t i = 0; i < NOBJ; i++) tv_buf_printf(&b, "%010zu 00000 n \n", off[i]);
	tv_buf_printf(&b, "trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%zu\n%%%%EOF\n", NOBJ + 1,
	              xref);
	size_t len = b.len;
	GBytes *bytes = g_bytes_new_take(tv_buf_take(&b), len);
	pinned = poppler_document_new_from_bytes(bytes, NULL, NULL);
	g_bytes_unref(bytes);
}

tv_err ext_pdf(const ext_input *in, tv_doc *d, tv_error *e)
{
	if (in->len < 8 || memcmp(in->data, "%PDF", 4) != 0) {
		/* poppler tolerates leading garbage; so do we, within the first KiB */
		if (!in->len ||
		    !g_strstr_len(in->data, in->len < 1024 ? (gssize)in->len : 1024, "%PDF"))
			return tv_fail(e, TV_ERR_FORMAT, "%s: not a PDF file (no %%PDF header)",
			               in->name);
	}
	if (in->len > (size_t)G_MAXINT)
		return tv_fail(e, TV_ERR_TOO_BIG, "%s: PDF over 2 GiB", in->name);
	GBytes *bytes = g_bytes_new_static(in->data, in->len);
	GError *gerr = NULL;
	PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	if (!pd) {
		tv_err rc = open_error(in, gerr, e);
		if (gerr) g_error_free(gerr);
		g_bytes_unref(bytes);
		return rc;
	}
	int npages = poppler_document_get_n_pages(pd);
	d->pages = npages > 0 ? npages : 1;
	int maxp = in->lim && in->lim->max_pages > 0 ? in->lim->max_pages : npages;
	int ocr_on = in->lim && in->lim->ocr;
	gchar *title = poppler_document_get_title(pd);
	if (title && *title && g_utf8_validate(title, -1, NULL)) {
		char *t = vn_clean(title, strlen(title));
		if (t && *t)
			d->title_hint = t;
		else
			free(t);
	}
	g_free(title);

	pagectx pc = {d, 0, 0, in->lim ? in->lim->max_text : 0};
	int scanned = 0, ocr_pages = 0;
	tv_error ocr_err = {TV_OK, ""};
	int last = npages < maxp ? npages : maxp;
	ahead ah = {.bytes = bytes, .lim = in->lim, .npages = last};
	for (int pi = 0; pi < last; pi++) {
		if (pc.max_text && pc.text_bytes >= pc.max_text) break;
		int mine = ahead_claim(&ah, pi);
		PopplerPage *page = poppler_document_get_page(pd, pi);
		if (!page) continue;
		double pw, ph;
		poppler_page_get_size(page, &pw, &ph);
		pc.pageno = pi + 1;
		blist bl = {0};
		ocr_need need = analyse_page(page, pw, &bl);
		int done = 0;
		if (need != NEED_NONE) {
			scanned++;
			if (ocr_on) {
				/* a scan: the pages after this one may be read meanwhile */
				ahead_start(&ah, pi + 1);
				size_t before = d->nblocks;
				tv_error oe = {TV_OK, ""};
				tv_err orc = TV_OK;
				if (mine || !ahead_take(&ah, pi, d, &orc, &oe))
					orc = ext_ocr_page(page, pi + 1, in->lim, 0, d, &oe);
				if (orc == TV_OK && d->nblocks > before) {
					relayout_ocr(&pc, before, pw);
					ocr_pages++;
					done = 1;
				} else if (oe.code != TV_OK && ocr_err.code == TV_OK) {
					ocr_err = oe;
				}
			}
		}
		/* keep the text layer when OCR was not possible: a stamp or garbled
		 * text still carries the signer and some searchable words */
		if (!done) emit_blocks(&pc, &bl);
		blist_free(&bl);
		g_object_unref(page);
	}
	ahead_stop(&ah);
	g_object_unref(pd);
	g_bytes_unref(bytes);

	unsigned src = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		unsigned f = d->blocks[i].flags;
		src |= (f & DOC_OCR) ? DOC_SRC_OCR : DOC_SRC_TEXT;
		if (f & DOC_LEGACY) src |= DOC_SRC_LEGACY;
	}
	d->source |= src;
	if (d->nblocks == 0) {
		if (scanned && !ocr_on)
			return tv_fail(e, TV_ERR_EMPTY,
			               "%s: scanned PDF without text layer (OCR disabled)",
			               in->name);
		if (scanned && ocr_err.code != TV_OK)
			return tv_fail(e, ocr_err.code, "%s", ocr_err.msg);
		return tv_fail(e, TV_ERR_EMPTY, "%s: no text in %d page(s)%s", in->name, npages,
		               scanned ? " (OCR found nothing)" : "");
	}
	(void)ocr_pages;
	return TV_OK;
}
