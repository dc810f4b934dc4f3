/* query.c — the query parser (query.h).
 *
 * Per word: a word typed with marks matches its exact form (weighted up) and
 * its folded form; a word without marks matches the folded form only.  Words
 * are ANDed (precision: "bà" must not drown in "ba"), stop words only add
 * weight, adjacent words add a bigram bonus so compounds rank as units.  A
 * number anywhere in the query matches the document that bears it (strongly)
 * and the documents that cite it (less). */
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "../vn/docnum.h"
#include "../vn/vn.h"
#include "schema.h"

typedef struct qlist {
	xdb_query **v;
	size_t n, cap;
} qlist;

static void ql_push(qlist *l, xdb_query *q)
{
	if (!q) return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = tv_realloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = q;
}

static void ql_free(qlist *l)
{
	for (size_t i = 0; i < l->n; i++) xdb_query_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Combine and free the parts; NULL when there are none. */
static xdb_query *ql_take(qlist *l, xdb_op op)
{
	xdb_query *q = NULL;
	if (l->n == 1) {
		q = l->v[0];
		l->n = 0;
	} else if (l->n > 1) {
		q = xdb_query_combine(op, l->v, l->n, 0);
	}
	ql_free(l);
	return q;
}

/* The term pfx + a, or pfx + a + "_" + b (a bigram), malloc'd. */
static char *term_name(const char *pfx, const char *a, const char *b)
{
	tv_buf t = TV_BUF_INIT;
	tv_buf_printf(&t, "%s%s%s%s", pfx, a, b ? "_" : "", b ? b : "");
	return tv_buf_take(&t);
}

static xdb_query *term(const char *pfx, const char *a, const char *b, unsigned pos)
{
	char *t = term_name(pfx, a, b);
	xdb_query *q = xdb_query_term(t, 1, pos);
	free(t);
	return q;
}

/* Appends name (taken) at weight w to l; 0 (and name freed) when l has it. */
static int terms_add(qp_terms *l, char *name, double w, int must)
{
	if (tv_strv_contains(&l->t, name)) {
		free(name);
		return 0;
	}
	l->w = tv_realloc(l->w, (l->t.n + 1) * sizeof *l->w);
	l->must = tv_realloc(l->must, l->t.n + 1);
	l->w[l->t.n] = w;
	l->must[l->t.n] = (unsigned char)must;
	tv_strv_push_owned(&l->t, name);
	return 1;
}

static void terms_free(qp_terms *l)
{
	tv_strv_free(&l->t);
	free(l->w);
	free(l->must);
	memset(l, 0, sizeof *l);
}

static xdb_query *scaled(xdb_query *q, double f)
{
	xdb_query *s = xdb_query_scale(q, f);
	xdb_query_free(q);
	return s;
}

static xdb_query *pair(xdb_op op, xdb_query *a, xdb_query *b)
{
	if (!a) return b;
	if (!b) return a;
	xdb_query *v[2] = {a, b};
	xdb_query *q = xdb_query_combine(op, v, 2, 0);
	xdb_query_free(a);
	xdb_query_free(b);
	return q;
}

/* ---- words ------------------------------------------------------------------- */

typedef struct qword {
	char *exact, *fold;
	int marks;
	vn_tok_kind kind;
} qword;

typedef struct wlist {
	qword *v;
	size_t n, cap;
} wlist;

static void wl_free(wlist *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].exact);
		free(w->v[i].fold);
	}
	free(w->v);
	memset(w, 0, sizeof *w);
}

static int collect_word(const vn_token *t, void *ud)
{
	wlist *w = ud;
	if (t->kind == VN_TOK_CODE) return 0; /* its parts follow */
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->v = tv_realloc(w->v, w->cap * sizeof *w->v);
	}
	qword *q = &w->v[w->n++];
	q->kind = t->kind;
	q->marks = t->has_marks;
	q->exact = tv_strdup(t->exact);
	q->fold = tv_strdup(t->fold);
	/* Telex/VNI residue: "quyeets" → quyết */
	if (!q->marks && t->kind == VN_TOK_WORD) {
		char *dec = vn_typing_decode(t->exact, strlen(t->exact));
		if (dec) {
			free(q->exact);
			free(q->fold);
			q->exact = vn_key_exact(dec, strlen(dec));
			q->fold = vn_key_fold(dec, strlen(dec));
			q->marks = 1;
			free(dec);
		}
	}
	return 0;
}

/* The weight of a word's exact form, 0 when it has none to match (a code or
 * number typed bare).  A word typed with marks, or bare inside a query that has
 * marks elsewhere, is an exact spelling ("bà" is not "ba"); in a query typed
 * without any marks the exact form only breaks ties, since the user may simply
 * not be typing diacritics. */
static double exact_weight(const qword *w, int query_marks)
{
	if (w->kind != VN_TOK_WORD && !w->marks) return 0;
	return w->marks || query_marks ? 1.5 : 0.3;
}

/* One word: its folded form, OR its exact form at exact_weight. */
static void word_parts(const qword *w, unsigned pos, int query_marks, xdb_query **f, xdb_query **x)
{
	*f = term(PFX_FOLD, w->fold, NULL, pos);
	double boost = exact_weight(w, query_marks);
	*x = boost > 0 ? scaled(xdb_query_term(w->exact, 1, pos), boost) : NULL;
}

static xdb_query *word_query(const qword *w, unsigned pos, int query_marks)
{
	xdb_query *f, *x;
	word_parts(w, pos, query_marks, &f, &x);
	return pair(XDB_OP_OR, x, f);
}

static int any_marks(const wlist *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].marks) return 1;
	return 0;
}

/* Whether words i-1 and i form a bigram term (both are words, not codes). */
static int adjacent(const wlist *w, size_t i)
{
	return i > 0 && i < w->n && w->v[i].kind == VN_TOK_WORD && w->v[i - 1].kind == VN_TOK_WORD;
}

/* The terms of a words query as it is built (qp_plan's rank): ok when the
 * query has the form xdb_top_rank ranks, dup when a term came twice. */
typedef struct rlist {
	qp_terms l;
	int ok, dup;
} rlist;

static void rl_add(rlist *r, const char *pfx, const char *a, const char *b, double w, int must)
{
	if (!terms_add(&r->l, term_name(pfx, a, b), w, must)) r->dup = 1;
}

/* A run of words: AND of the content words, weighted up by the title and the
 * bigrams (stop words count through these).  loose (out) is the OR version;
 * r receives strict's terms as they are pushed.
 *
 * Each content word's folded term is required and its exact form joins the
 * optional part.  Every document with the exact form has the folded one, so
 * this matches and weighs exactly as (exact OR folded) per word, but the
 * matcher's required branch is a plain AND of single postlists with no OR to
 * merge per word (measured at 200,000 documents: p50 13.6 → 12.4 ms).
 */
static void words_query(wlist *w, xdb_query **strict, xdb_query **loose, xdb_query **must_only,
                        rlist *r)
{
	qlist must = {0}, maybe = {0}, any = {0};
	int qm = any_marks(w);
	for (size_t i = 0; i < w->n; i++) {
		xdb_query *wq = word_query(&w->v[i], (unsigned)i + 1, qm);
		int stop = vn_is_stopword(w->v[i].exact, strlen(w->v[i].exact));
		ql_push(&any, xdb_query_scale(wq, stop ? 0.3 : 1.0));
		if (stop && w->n > 1) {
			/* a stop word is in nearly every document: its own weight
			 * (idf) is next to nothing, but its postlist is the longest
			 * the matcher would walk.  It counts through the bigrams
			 * it forms with its neighbours (below). */
			xdb_query_free(wq);
		} else {
			xdb_query *f, *x;
			xdb_query_free(wq);
			word_parts(&w->v[i], (unsigned)i + 1, qm, &f, &x);
			ql_push(&must, f);
			rl_add(r, PFX_FOLD, w->v[i].fold, NULL, 1.0, 1);
			ql_push(&maybe, x);
			if (x) rl_add(r, "", w->v[i].exact, NULL, exact_weight(&w->v[i], qm), 0);
		}
		ql_push(&maybe, scaled(term(PFX_TITLE, w->v[i].fold, NULL, 0), 0.5));
		rl_add(r, PFX_TITLE, w->v[i].fold, NULL, 0.5, 0);
		if (adjacent(w, i)) {
			ql_push(&maybe, term(PFX_FBIGRAM, w->v[i - 1].fold, w->v[i].fold, 0));
			rl_add(r, PFX_FBIGRAM, w->v[i - 1].fold, w->v[i].fold, 1.0, 0);
			if (w->v[i].marks && w->v[i - 1].marks) {
				ql_push(&maybe,
				        term(PFX_BIGRAM, w->v[i - 1].exact, w->v[i].exact, 0));
				rl_add(r, PFX_BIGRAM, w->v[i - 1].exact, w->v[i].exact, 1.0, 0);
			}
		}
	}
	xdb_query *m = ql_take(&must, XDB_OP_AND);
	xdb_query *b = ql_take(&maybe, XDB_OP_OR);
	xdb_query *a = ql_take(&any, XDB_OP_OR);
	if (!m) { /* only stop words */
		*strict = a ? xdb_query_scale(a, 1.0) : NULL;
		*loose = a;
		xdb_query_free(b);
		return;
	}
	r->ok = 1; /* AND(must) AND_MAYBE OR(maybe), as recorded */
	*must_only = xdb_query_scale(m, 1.0);
	if (b) {
		xdb_query *b2 = xdb_query_scale(b, 1.0);
		*strict = pair(XDB_OP_AND_MAYBE, m, b);
		*loose = pair(XDB_OP_AND_MAYBE, a, b2);
	} else {
		*strict = m;
		*loose = a;
	}
}

/* A quoted phrase: folded phrase, with the exact spelling as a bonus.  Exact
 * forms carry no positions (schema.h): the exact phrase is the AND of its
 * exact bigrams, which holds where every adjacent pair is spelled as typed. */
static xdb_query *phrase_query(wlist *w)
{
	if (w->n == 0) return NULL;
	if (w->n == 1) return word_query(&w->v[0], 1, w->v[0].marks);
	qlist f = {0}, x = {0};
	int marks = 0;
	for (size_t i = 0; i < w->n; i++) {
		ql_push(&f, term(PFX_FOLD, w->v[i].fold, NULL, (unsigned)i + 1));
		if (i > 0 && w->v[i].kind == VN_TOK_WORD && w->v[i - 1].kind == VN_TOK_WORD)
			ql_push(&x, term(PFX_BIGRAM, w->v[i - 1].exact, w->v[i].exact, 0));
		else
			ql_push(&x, xdb_query_term(w->v[i].exact, 1, 0));
		marks |= w->v[i].marks;
	}
	xdb_query *fp = xdb_query_combine(XDB_OP_PHRASE, f.v, f.n, 0);
	xdb_query *xp = marks ? ql_take(&x, XDB_OP_AND) : NULL;
	ql_free(&f);
	ql_free(&x);
	if (!xp) return fp;
	return pair(XDB_OP_AND_MAYBE, fp, scaled(xp, 1.5));
}

static void tokenize_words(const char *s, size_t n, wlist *w)
{
	vn_tokenize(s, n, 1, collect_word, w);
}

/* The keys a result's words are highlighted by: in a query typed with marks
 * every word is an exact spelling ("tinh thần" does not light up "tỉnh"),
 * otherwise the folded form. */
static void add_hl_words(const wlist *w, qp_hl *hl)
{
	int qm = any_marks(w);
	for (size_t i = 0; i < w->n; i++)
		if (qm) {
			tv_set_add(&hl->exacts, w->v[i].exact);
			tv_set_add(&hl->exact_folds, w->v[i].fold);
		} else {
			tv_set_add(&hl->folds, w->v[i].fold);
		}
}

void qp_hl_words(const char *text, size_t n, qp_hl *hl)
{
	wlist w = {0};
	tokenize_words(text, n, &w);
	add_hl_words(&w, hl);
	wl_free(&w);
}

void qp_hl_free(qp_hl *hl)
{
	tv_set_free(&hl->folds);
	tv_set_free(&hl->exacts);
	tv_set_free(&hl->exact_folds);
}

void qp_fold_words(const char *text, size_t n, tv_set *set)
{
	wlist w = {0};
	tokenize_words(text, n, &w);
	for (size_t i = 0; i < w.n; i++) tv_set_add(set, w.v[i].fold);
	wl_free(&w);
}

/* ---- did you mean -------------------------------------------------------------- */

/* For a query typed without any marks, the spellings with marks that the
 * index's own text uses most for these words together: each word's candidates
 * are the exact spellings seen for its fold (the D synonyms) and the bare word,
 * and the chain is chosen by how often adjacent candidates stand side by side
 * (exact bigram terms), then by how common each one is — so "hoa giai" becomes
 * "hòa giải" even where "hóa" alone is commoner. */

#define DYM_CANDS 6

typedef struct dym_word {
	char *cand[DYM_CANDS];
	unsigned freq[DYM_CANDS];
	size_t n;
	double best[DYM_CANDS]; /* best chain score ending in this candidate */
	size_t from[DYM_CANDS]; /* its predecessor */
} dym_word;

typedef struct cand_ctx {
	xdb *db;
	dym_word *w;
} cand_ctx;

static void cand_add(dym_word *w, const char *s, unsigned f)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->cand[i], s) == 0) return;
	size_t at = w->n;
	if (w->n == DYM_CANDS) { /* keep the most common */
		at = 0;
		for (size_t i = 1; i < w->n; i++)
			if (w->freq[i] < w->freq[at]) at = i;
		if (w->freq[at] >= f) return;
		free(w->cand[at]);
	} else {
		w->n++;
	}
	w->cand[at] = tv_strdup(s);
	w->freq[at] = f;
}

static int on_spelling(const char *t, unsigned f, void *ud)
{
	(void)f;
	cand_ctx *c = ud;
	unsigned tf = xdb_termfreq(c->db, t);
	if (tf) cand_add(c->w, t, tf);
	return 0;
}

static unsigned bigram_freq(xdb *db, const char *a, const char *b)
{
	tv_buf t = TV_BUF_INIT;
	tv_buf_printf(&t, "%s%s_%s", PFX_BIGRAM, a, b);
	unsigned f = xdb_termfreq(db, t.s);
	tv_buf_free(&t);
	return f;
}

static char *restore_marks(xdb *db, const wlist *w)
{
	/* a query typed with marks anywhere is typed as meant: "tinh thần" is not
	 * "tỉnh thần" however common "tỉnh" is */
	if (w->n == 0 || w->n > 32 || any_marks(w)) return NULL;
	dym_word *v = tv_calloc(w->n, sizeof *v);
	for (size_t i = 0; i < w->n; i++) {
		const qword *q = &w->v[i];
		cand_add(&v[i], q->exact, xdb_termfreq(db, q->exact));
		if (q->kind != VN_TOK_WORD) continue;
		tv_buf key = TV_BUF_INIT;
		tv_buf_printf(&key, "%s%s", PFX_SPELL, q->fold);
		cand_ctx c = {db, &v[i]};
		xdb_synonyms(db, key.s, on_spelling, &c, NULL);
		tv_buf_free(&key);
	}
	/* Viterbi over the chain: a shared bigram outweighs any unigram count */
	for (size_t k = 0; k < v[0].n; k++) v[0].best[k] = v[0].freq[k];
	for (size_t i = 1; i < w->n; i++)
		for (size_t k = 0; k < v[i].n; k++) {
			v[i].best[k] = -1;
			for (size_t p = 0; p < v[i - 1].n; p++) {
				double sc = v[i - 1].best[p] + v[i].freq[k] +
				            1e6 * bigram_freq(db, v[i - 1].cand[p], v[i].cand[k]);
				if (sc > v[i].best[k]) {
					v[i].best[k] = sc;
					v[i].from[k] = p;
				}
			}
		}
	size_t *pick = tv_calloc(w->n, sizeof *pick), last = w->n - 1;
	for (size_t k = 1; k < v[last].n; k++)
		if (v[last].best[k] > v[last].best[pick[last]]) pick[last] = k;
	for (size_t i = last; i > 0; i--) pick[i - 1] = v[i].from[pick[i]];
	tv_buf out = TV_BUF_INIT;
	int changed = 0;
	for (size_t i = 0; i < w->n; i++) {
		const char *use = v[i].cand[pick[i]];
		changed |= strcmp(use, w->v[i].exact) != 0;
		if (i) tv_buf_putc(&out, ' ');
		tv_buf_puts(&out, use);
		for (size_t k = 0; k < v[i].n; k++) free(v[i].cand[k]);
	}
	free(pick);
	free(v);
	if (!changed) {
		tv_buf_free(&out);
		return NULL;
	}
	return tv_buf_take(&out);
}

/* ---- the parser ------------------------------------------------------------------ */

static int prefix_is(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Read a value after "field:": a quoted string or up to the next space. */
static const char *read_value(const char *s, char **val)
{
	if (*s == '"') {
		const char *e = strchr(s + 1, '"');
		if (!e) e = s + strlen(s);
		*val = tv_strndup(s + 1, (size_t)(e - s - 1));
		return *e ? e + 1 : e;
	}
	const char *e = s;
	while (*e && *e != ' ') e++;
	*val = tv_strndup(s, (size_t)(e - s));
	return e;
}

static xdb_query *type_filter(const char *t)
{
	const char *code = dn_type_code(t, strlen(t));
	if (!code) code = t; /* a code typed as is */
	char *up = vn_upper(code, strlen(code));
	xdb_query *a = term(PFX_TYPE, code, NULL, 0);
	xdb_query *b = term(PFX_TYPE, up, NULL, 0);
	free(up);
	return pair(XDB_OP_OR, a, b);
}

/* The issuer exactly as a facet shows it when the index knows that name (XJ),
 * else every word of it among the issuer's and its parent's words. */
static xdb_query *issuer_filter(xdb *db, const char *t)
{
	char *key = vn_fold_joined(t, strlen(t), '_', SCHEMA_MAX_TERM - 8);
	xdb_query *full = NULL;
	if (*key) {
		tv_buf ft = TV_BUF_INIT;
		tv_buf_printf(&ft, "%s%s", PFX_ISSUER_FULL, key);
		if (xdb_termfreq(db, ft.s) > 0) full = xdb_query_term(ft.s, 1, 0);
		tv_buf_free(&ft);
	}
	free(key);
	if (full) return full;
	wlist w = {0};
	tokenize_words(t, strlen(t), &w);
	qlist l = {0};
	for (size_t i = 0; i < w.n; i++) ql_push(&l, term(PFX_ISSUER, w.v[i].fold, NULL, 0));
	wl_free(&w);
	return ql_take(&l, XDB_OP_AND);
}

/* "2022" → 20220101.., "2022-04" → 202204.., "2022-04-25" → 20220425 */
static int date_bound(const char *s, int upper, char out[9])
{
	int y = 0, m = 0, d = 0;
	int n = sscanf(s, "%4d-%2d-%2d", &y, &m, &d);
	if (n < 1 || y < 1000 || y > 9999) return 0;
	if (n < 2) m = upper ? 12 : 0;
	if (n < 3) d = upper ? 99 : 0;
	if (m < 0 || m > 12 || d < 0 || d > 99) return 0;
	snprintf(out, 9, "%04u%02u%02u", (unsigned)y % 10000, (unsigned)m % 100, (unsigned)d % 100);
	return 1;
}

typedef struct years_ctx {
	int lo, hi;
	tv_strv *terms;
} years_ctx;

static int on_year(const char *t, unsigned freq, void *ud)
{
	(void)freq;
	years_ctx *c = ud;
	int y = atoi(t + strlen(PFX_YEAR));
	if (y >= c->lo && y <= c->hi) tv_strv_push(c->terms, t);
	return 0;
}

void qp_year_terms(xdb *db, int lo, int hi, tv_strv *out)
{
	years_ctx c = {lo, hi, out};
	xdb_allterms(db, PFX_YEAR, on_year, &c, NULL);
}

/* The year of a YYYYMMDD bound (date_bound writes four digits first). */
static int year_of(const char *v)
{
	return (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
}

/* Dated documents from lo to hi (YYYYMMDD, NULL for an open end).  The value
 * range alone makes the matcher test the date of every match (86 ms for a
 * broad query over 200,000 documents); every dated document also carries its
 * year as a term (record.c), so the range is ANDed with the years it spans,
 * posting lists the matcher can skip along, and trims the partial years. */
static xdb_query *date_filter(xdb *db, const char *lo, const char *hi)
{
	xdb_query *range = xdb_query_range(SLOT_DATE, lo, hi);
	tv_strv years = TV_STRV_INIT;
	qp_year_terms(db, lo ? year_of(lo) : 0, hi ? year_of(hi) : 9999, &years);
	qlist yl = {0};
	for (size_t i = 0; i < years.n; i++) ql_push(&yl, xdb_query_term(years.v[i], 1, 0));
	tv_strv_free(&years);
	xdb_query *y = ql_take(&yl, XDB_OP_OR);
	return y ? pair(XDB_OP_AND, y, range) : range;
}

/* The document bearing the number (strongly) or citing it (less).  Every key
 * counts, the most specific weighing most: "NQ 18/2022" must still find the
 * Party resolution 18-NQ/TW, whose number carries no year. */
static xdb_query *number_query(const dn_number *n, tv_strv *keys_out)
{
	tv_strv keys = TV_STRV_INIT;
	dn_keys(n, &keys);
	if (keys.n == 0) {
		tv_strv_free(&keys);
		return NULL;
	}
	qlist own = {0}, cite = {0};
	for (size_t i = 0; i < keys.n; i++) {
		double w = 1.0 / (1.0 + 0.25 * (double)i);
		ql_push(&own, scaled(term(PFX_NUMBER, keys.v[i], NULL, 0), 40.0 * w));
		ql_push(&cite, scaled(term(PFX_CITES, keys.v[i], NULL, 0), 8.0 * w));
		tv_strv_push(keys_out, keys.v[i]);
	}
	tv_strv_free(&keys);
	return pair(XDB_OP_OR, ql_take(&own, XDB_OP_MAX), ql_take(&cite, XDB_OP_MAX));
}

static void top_add(qp_plan *p, const char *pfx, const char *a, const char *b, double w)
{
	terms_add(&p->top, term_name(pfx, a, b), w, 0);
}

/* The terms that rank a broad query's candidates (xdb_top_candidates), at the
 * weights words_query gives them: each content word's folded form, its exact
 * form (exact_weight), its title term, and each adjacent pair folded and,
 * when both words carry marks, exact. */
static void top_terms(qp_plan *p, const wlist *w)
{
	int qm = any_marks(w);
	for (size_t i = 0; i < w->n; i++) {
		const qword *x = &w->v[i];
		if (!vn_is_stopword(x->exact, strlen(x->exact))) {
			top_add(p, PFX_FOLD, x->fold, NULL, 1.0);
			double xw = exact_weight(x, qm);
			if (xw > 0) top_add(p, "", x->exact, NULL, xw);
			top_add(p, PFX_TITLE, x->fold, NULL, 0.5);
		}
		if (adjacent(w, i)) {
			top_add(p, PFX_FBIGRAM, w->v[i - 1].fold, x->fold, 1.0);
			if (x->marks && w->v[i - 1].marks)
				top_add(p, PFX_BIGRAM, w->v[i - 1].exact, x->exact, 1.0);
		}
	}
}

tv_err qp_build(xdb *db, const srch_opts *o, qp_plan *p, tv_error *e)
{
	memset(p, 0, sizeof *p);
	const char *raw = o->query ? o->query : "";
	if (strlen(raw) > SRCH_MAX_QUERY)
		return tv_fail(e, TV_ERR_TOO_BIG, "query is longer than %d bytes", SRCH_MAX_QUERY);
	char *clean = vn_clean(raw, strlen(raw));

	qlist filters = {0}, nots = {0}, phrases = {0};
	tv_strv not_terms = TV_STRV_INIT; /* nots' terms (qp_plan's rank_not) */
	tv_buf rest = TV_BUF_INIT;        /* free text left after prefixes, phrases, exclusions */
	char *typed_number = NULL;

	for (const char *s = clean; *s;) {
		if (*s == ' ' || *s == '\t' || *s == '\n') {
			tv_buf_putc(&rest, ' ');
			s++;
			continue;
		}
		int word_start = s == clean || s[-1] == ' ' || s[-1] == '\t' || s[-1] == '\n';
		char *val = NULL;
		if (word_start && (prefix_is(s, "so:") || prefix_is(s, "số:"))) {
			s = read_value(s + (prefix_is(s, "so:") ? 3 : strlen("số:")), &val);
			free(typed_number);
			typed_number = val;
			continue;
		}
		if (word_start && (prefix_is(s, "loai:") || prefix_is(s, "loại:"))) {
			s = read_value(s + (prefix_is(s, "loai:") ? 5 : strlen("loại:")), &val);
			ql_push(&filters, type_filter(val));
			free(val);
			continue;
		}
		if (word_start && prefix_is(s, "cq:")) {
			s = read_value(s + 3, &val);
			ql_push(&filters, issuer_filter(db, val));
			free(val);
			continue;
		}
		if (word_start && (prefix_is(s, "nam:") || prefix_is(s, "năm:"))) {
			s = read_value(s + (prefix_is(s, "nam:") ? 4 : strlen("năm:")), &val);
			char lo[9], hi[9];
			if (date_bound(val, 0, lo) && date_bound(val, 1, hi))
				ql_push(&filters, date_filter(db, lo, hi));
			free(val);
			continue;
		}
		if (*s == '"' || (prefix_is(s, "“"))) {
			const char *open = *s == '"' ? s + 1 : s + strlen("“");
			const char *close = strstr(open, "\"");
			const char *close2 = strstr(open, "”");
			if (close2 && (!close || close2 < close)) close = close2;
			if (!close) close = open + strlen(open);
			wlist w = {0};
			tokenize_words(open, (size_t)(close - open), &w);
			add_hl_words(&w, &p->hl);
			top_terms(p, &w);
			ql_push(&phrases, phrase_query(&w));
			wl_free(&w);
			s = *close == '"' ? close + 1 : (*close ? close + strlen("”") : close);
			continue;
		}
		if (*s == '-' && word_start && s[1] && s[1] != ' ' && s[1] != '-') {
			const char *e2 = s + 1;
			while (*e2 && *e2 != ' ') e2++;
			wlist w = {0};
			tokenize_words(s + 1, (size_t)(e2 - s - 1), &w);
			for (size_t i = 0; i < w.n; i++) {
				ql_push(&nots, term(PFX_FOLD, w.v[i].fold, NULL, 0));
				tv_strv_push_owned(&not_terms,
				                   term_name(PFX_FOLD, w.v[i].fold, NULL));
			}
			wl_free(&w);
			s = e2;
			continue;
		}
		tv_buf_putc(&rest, *s++);
	}

	/* A document number anywhere in the free text (or given with so:). */
	qlist num = {0};
	dn_number n;
	const char *txt = tv_buf_str(&rest);
	if (typed_number && (dn_parse(typed_number, strlen(typed_number), &n) ||
	                     dn_parse_query(typed_number, strlen(typed_number), &n))) {
		xdb_query *nq = number_query(&n, &p->num_keys);
		/* so: is a filter: only the document and those citing it */
		if (nq) ql_push(&filters, xdb_query_scale(nq, 0.0));
		xdb_query_free(nq);
	}
	char *words_text = tv_strdup(txt);
	if (dn_parse_query(txt, strlen(txt), &n) && n.len > 0) {
		ql_push(&num, number_query(&n, &p->num_keys));
		/* the number's own words are not also required as text */
		memset(words_text + n.off, ' ', n.len);
	}
	free(typed_number);

	wlist w = {0};
	tokenize_words(words_text, strlen(words_text), &w);
	add_hl_words(&w, &p->hl);
	xdb_query *strict = NULL, *loose = NULL, *must_only = NULL;
	rlist r = {0};
	if (w.n) words_query(&w, &strict, &loose, &must_only, &r);
	top_terms(p, &w);
	p->did_you_mean = restore_marks(db, &w);
	wl_free(&w);
	free(words_text);

	xdb_query *ph = ql_take(&phrases, XDB_OP_AND);
	xdb_query *nq = ql_take(&num, XDB_OP_OR);
	p->has_text = strict || ph || nq;
	int one_run = !ph && !nq; /* the text is the run of words alone */
	if (nq) {
		/* the numbered document ranks first whatever its words: no
		 * candidates from the words' top lists */
		terms_free(&p->top);
	}
	xdb_query *ph2 = ph ? xdb_query_scale(ph, 1.0) : NULL;
	xdb_query *nq2 = nq ? xdb_query_scale(nq, 1.0) : NULL;
	strict = pair(XDB_OP_AND, strict, ph);
	loose = pair(XDB_OP_AND, loose, ph2);
	/* a number query: the numbered document OR (the text) */
	strict = pair(XDB_OP_OR, nq, strict);
	loose = pair(XDB_OP_OR, nq2, loose);
	if (!strict) {
		strict = xdb_query_all();
		loose = xdb_query_all();
	}

	if (o->type && *o->type) ql_push(&filters, type_filter(o->type));
	if (o->issuer && *o->issuer) ql_push(&filters, issuer_filter(db, o->issuer));
	if (o->kind && *o->kind) ql_push(&filters, term(PFX_KIND, o->kind, NULL, 0));
	char lo[9] = "", hi[9] = "";
	int has_lo = o->from && *o->from && date_bound(o->from, 0, lo);
	int has_hi = o->to && *o->to && date_bound(o->to, 1, hi);
	if (has_lo || has_hi)
		ql_push(&filters, date_filter(db, has_lo ? lo : NULL, has_hi ? hi : NULL));

	xdb_query *flt = ql_take(&filters, XDB_OP_AND);
	/* passages of study materials are found through their documents' pages */
	if (!(o->kind && strcmp(o->kind, KIND_PASSAGE) == 0)) {
		ql_push(&nots, term(PFX_KIND, KIND_PASSAGE, NULL, 0));
		tv_strv_push_owned(&not_terms, term_name(PFX_KIND, KIND_PASSAGE, NULL));
	}
	xdb_query *neg = ql_take(&nots, XDB_OP_OR);
	xdb_query *flt2 = flt ? xdb_query_scale(flt, 1.0) : NULL;
	xdb_query *neg2 = neg ? xdb_query_scale(neg, 1.0) : NULL;
	if (r.ok && one_run && !flt && must_only) {
		/* AND_MAYBE's estimate is its left side's: the same total
		 * without opening the optional terms' posting lists */
		p->est = pair(XDB_OP_AND_NOT, must_only, neg ? xdb_query_scale(neg, 1.0) : NULL);
		must_only = NULL;
	}
	xdb_query_free(must_only);
	if (r.ok && !r.dup && one_run) {
		p->rank = r.l;
		memset(&r.l, 0, sizeof r.l);
		p->rank_filter = flt ? xdb_query_scale(flt, 1.0) : NULL;
		p->rank_not = not_terms;
		memset(&not_terms, 0, sizeof not_terms);
	}
	terms_free(&r.l);
	tv_strv_free(&not_terms);
	p->q = pair(XDB_OP_AND_NOT, pair(XDB_OP_FILTER, strict, flt), neg);
	p->loose = pair(XDB_OP_AND_NOT, pair(XDB_OP_FILTER, loose, flt2), neg2);
	tv_buf_free(&rest);
	free(clean);
	return TV_OK;
}

void qp_free(qp_plan *p)
{
	xdb_query_free(p->q);
	xdb_query_free(p->est);
	xdb_query_free(p->loose);
	terms_free(&p->top);
	terms_free(&p->rank);
	xdb_query_free(p->rank_filter);
	tv_strv_free(&p->rank_not);
	qp_hl_free(&p->hl);
	tv_strv_free(&p->num_keys);
	free(p->did_you_mean);
	memset(p, 0, sizeof *p);
}
