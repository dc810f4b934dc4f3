/* search.c — running a query and reading documents back (search.h). */
#define _GNU_SOURCE
#include "search.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../indexer/record.h"
#include "../vn/docnum.h"
#include "../vn/vn.h"
#include "query.h"
#include "schema.h"

/* ---- snippets ------------------------------------------------------------------ */

typedef struct hit_tok {
	size_t off, len;
	int match;
} hit_tok;

typedef struct tok_list {
	hit_tok *v;
	size_t n, cap;
	const qp_hl *hl;  /* the query's words (query.h) */
	const char *text; /* the text tokenised (for a word's exact key) */
	size_t limit;     /* stop after this many tokens (snippets of huge documents) */
	/* snippets: once a window holds `enough` matches, read one window more
	 * and stop (a result page must not tokenise every hit's whole text) */
	size_t enough, window_score;
} tok_list;

#define SNIPPET_WORDS 40

static int on_snip_tok(const vn_token *t, void *ud)
{
	tok_list *l = ud;
	if (t->kind == VN_TOK_CODE) {
		/* a code matches when the whole code or any part was asked for; parts follow */
		return 0;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = tv_realloc(l->v, l->cap * sizeof *l->v);
	}
	/* (vn_tokenize_folds: the exact key only for a fold the query has) */
	int match = tv_set_has(&l->hl->folds, t->fold);
	if (!match && tv_set_has(&l->hl->exact_folds, t->fold)) {
		char *exact = vn_key_exact(l->text + t->off, t->len);
		match = tv_set_has(&l->hl->exacts, exact);
		free(exact);
	}
	l->v[l->n++] = (hit_tok){t->off, t->len, match};
	if (l->enough) {
		l->window_score += (size_t)match;
		if (l->n > SNIPPET_WORDS)
			l->window_score -= (size_t)l->v[l->n - 1 - SNIPPET_WORDS].match;
		if (l->window_score >= l->enough && l->limit > l->n + SNIPPET_WORDS)
			l->limit = l->n + SNIPPET_WORDS;
	}
	return l->n >= l->limit;
}

size_t srch_highlight(const char *query, const char *text, size_t n, size_t **ranges)
{
	qp_hl hl = {TV_SET_INIT, TV_SET_INIT, TV_SET_INIT};
	qp_hl_words(query, strlen(query), &hl);
	tok_list l = {.hl = &hl, .text = text, .limit = (size_t)-1};
	vn_tokenize_folds(text, n, 1, on_snip_tok, &l);
	size_t k = 0;
	*ranges = tv_malloc((l.n ? l.n : 1) * 2 * sizeof **ranges);
	for (size_t i = 0; i < l.n; i++) {
		if (!l.v[i].match) continue;
		(*ranges)[2 * k] = l.v[i].off;
		(*ranges)[2 * k + 1] = l.v[i].len;
		k++;
	}
	free(l.v);
	qp_hl_free(&hl);
	return k;
}

/* The window of SNIPPET_WORDS words with the most distinct query words, cut at
 * word boundaries; the start of the text when nothing matches. */
static void make_snippet(const char *text, const qp_hl *hl, srch_hit *h)
{
	size_t n = strlen(text);
	size_t words = hl->folds.n + hl->exacts.n;
	tok_list l = {
	    .hl = hl, .text = text, .limit = words ? 200000 : SNIPPET_WORDS + 1, .enough = words};
	vn_tokenize_folds(text, n, 1, on_snip_tok, &l);
	size_t best = 0, best_score = 0, score = 0;
	for (size_t i = 0; i < l.n; i++) {
		score += l.v[i].match;
		if (i >= SNIPPET_WORDS) score -= l.v[i - SNIPPET_WORDS].match;
		if (score > best_score) {
			best_score = score;
			best = i + 1 > SNIPPET_WORDS ? i + 1 - SNIPPET_WORDS : 0;
		}
	}
	if (l.n == 0) {
		h->snippet = tv_strndup(text, n < 240 ? n : 240);
		free(l.v);
		return;
	}
	/* start a few words before the first match in the window */
	size_t first = best;
	while (first < l.n && first < best + SNIPPET_WORDS && !l.v[first].match) first++;
	if (first >= l.n || first >= best + SNIPPET_WORDS) first = best;
	size_t start_tok = first > 5 ? first - 5 : 0;
	if (best_score == 0) start_tok = 0;
	size_t end_tok = start_tok + SNIPPET_WORDS < l.n ? start_tok + SNIPPET_WORDS : l.n;
	size_t s = l.v[start_tok].off, e = l.v[end_tok - 1].off + l.v[end_tok - 1].len;
	tv_buf b = TV_BUF_INIT;
	size_t shift = 0;
	if (start_tok > 0) {
		tv_buf_puts(&b, "… ");
		shift = b.len;
	}
	/* newlines in excerpts read as spaces */
	for (size_t i = s; i < e; i++) tv_buf_putc(&b, text[i] == '\n' ? ' ' : text[i]);
	if (end_tok < l.n) tv_buf_puts(&b, " …");
	h->snippet = tv_buf_take(&b);
	h->hl = tv_malloc(2 * (end_tok - start_tok) * sizeof *h->hl + 1);
	for (size_t i = start_tok; i < end_tok; i++) {
		if (!l.v[i].match) continue;
		h->hl[2 * h->nhl] = l.v[i].off - s + shift;
		h->hl[2 * h->nhl + 1] = l.v[i].len;
		h->nhl++;
	}
	free(l.v);
}

/* ---- results ------------------------------------------------------------------- */

typedef struct facet_ctx {
	srch_facet *v;
	size_t n, cap;
} facet_ctx;

static int on_facet(const char *value, unsigned count, void *ud)
{
	facet_ctx *c = ud;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = tv_realloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = (srch_facet){tv_strdup(value), count};
	return c->n >= 50;
}

static int has_key(const json_t *doc, const tv_strv *keys)
{
	const char *num = json_string_value(json_object_get(doc, "number"));
	dn_number n;
	if (!num || !keys->n || !dn_parse(num, strlen(num), &n)) return 0;
	tv_strv mine = TV_STRV_INIT;
	dn_keys(&n, &mine);
	int hit = tv_strv_contains(&mine, keys->v[0]);
	tv_strv_free(&mine);
	return hit;
}

/* A broad query (at least SRCH_TOP_MIN matches) ranks its candidates only:
 * the documents its terms' top lists score highest (xdb.h), SRCH_TOP_CAND of
 * them or four times the page's end, ranked exactly by the whole query.  The
 * total is the whole query's estimate (no walk); the facets are counted over
 * the candidates that match and scaled to that total (*facet_scale).  NULL
 * when the query is not broad, no lists were built, or too few candidates
 * match to fill the page: the caller then runs the whole query. */
#define SRCH_TOP_MIN 5000
/* 200: on 200,000 documents (qbench --compare) 100 candidates found 82% of the
 * exhaustive first pages' documents, 200 88%, 400 94%, at p50 8.1, 7.4 and
 * 12.1 ms (exhaustive: 16.3 ms).  With absent terms estimated (xdb.h), on a
 * million: 100 found 78.9%, 150 82.1%, 200 84.0% (81.7% before), so still 200. */
#define SRCH_TOP_CAND 200

/* Document id's stored record, parsed; NULL when it cannot be read. */
static json_t *stored(xdb *db, unsigned id)
{
	char *data = NULL;
	size_t len = 0;
	json_t *d = xdb_get_data(db, id, &data, &len, NULL) == TV_OK
	                ? json_loadb(data, len, 0, NULL)
	                : NULL;
	free(data);
	return d;
}

/* What a result list shows of document id: its brief (schema.h), else (an
 * older index, a passage) its whole record; NULL when it cannot be read. */
static json_t *brief(xdb *db, unsigned id)
{
	char *data = NULL;
	size_t len = 0;
	json_t *d = NULL;
	if (xdb_get_value(db, id, SLOT_BRIEF, &data, &len, NULL) == TV_OK && len)
		d = json_loadb(data, len, 0, NULL);
	free(data);
	return d ? d : stored(db, id);
}

/* {"id", and the SCHEMA_BRIEF_KEYS of doc}: a document as a list names it. */
static json_t *listed(unsigned id, const json_t *doc)
{
	static const char *const keys[SCHEMA_NBRIEF] = SCHEMA_BRIEF_KEYS;
	json_t *x = json_object();
	json_object_set_new(x, "id", json_integer(id));
	for (size_t k = 0; k < SCHEMA_NBRIEF; k++) {
		json_t *v = json_object_get(doc, keys[k]);
		json_object_set_new(x, keys[k], v ? json_incref(v) : json_null());
	}
	return x;
}

/* q's matches among f's (f is taken; NULL when f is). */
static xdb_query *filtered(xdb_query *q, xdb_query *f)
{
	if (!f) return NULL;
	xdb_query *parts[2] = {q, f};
	xdb_query *r = xdb_query_combine(XDB_OP_FILTER, parts, 2, 0);
	xdb_query_free(f);
	return r;
}

/* top_search for a query of one run of words (qp_plan's rank_*): the
 * candidates ranked by xdb_top_rank, which gives the page's exact weights. */
static xdb_mset *top_ranked(xdb *db, const qp_plan *p, const xdb_search_opts *so, unsigned ncand,
                            unsigned broad, unsigned *total, double *facet_scale)
{
	xdb_words cand = {(const char *const *)p->top.t.v, p->top.w, NULL, p->top.t.n};
	xdb_words words = {(const char *const *)p->rank.t.v, p->rank.w, p->rank.must, p->rank.t.n};
	unsigned want = so->offset + so->limit;
	xdb_ranked *r = NULL;
	size_t n = xdb_top_rank(db, &cand, &words, p->rank_filter,
	                        (const char *const *)p->rank_not.v, p->rank_not.n, want, ncand, &r);
	xdb_mset *m = NULL;
	if (so->limit && n >= want && (m = xdb_mset_of(r + so->offset, so->limit, broad))) {
		*total = broad;
		*facet_scale = (double)broad / n;
		unsigned *ids = tv_malloc(n * sizeof *ids);
		for (size_t i = 0; i < n; i++) ids[i] = r[i].id;
		xdb_mset_count_facets_of(db, m, ids, n, so->facet_slots, so->nfacets);
		free(ids);
	}
	free(r);
	return m;
}

static xdb_mset *top_search(xdb *db, const qp_plan *p, const xdb_search_opts *so, unsigned *total,
                            double *facet_scale)
{
	xdb_search_opts est = {.sort_slot = -1};
	xdb_mset *all = NULL;
	unsigned broad = 0;
	if (xdb_search(db, p->est ? p->est : p->q, &est, &all, NULL) == TV_OK)
		broad = xdb_mset_total(all);
	xdb_mset_free(all);
	if (broad < SRCH_TOP_MIN) return NULL;
	unsigned want = so->offset + so->limit;
	unsigned ncand = want * 4 > SRCH_TOP_CAND ? want * 4 : SRCH_TOP_CAND;
	if (p->rank.t.n) return top_ranked(db, p, so, ncand, broad, total, facet_scale);
	unsigned *ids = NULL;
	size_t n = xdb_top_candidates(db, (const char *const *)p->top.t.v, p->top.w, p->top.t.n,
	                              ncand, &ids);
	xdb_query *q = n ? filtered(p->q, xdb_query_docids(ids, n)) : NULL;
	free(ids);
	if (!q) return NULL;
	/* every matching candidate ranked, then the page cut out of them: the
	 * facets are counted over all of them (from the facet table) */
	xdb_search_opts all_cand = {.limit = ncand, .sort_slot = -1};
	xdb_mset *m = NULL;
	if (xdb_search(db, q, &all_cand, &m, NULL) != TV_OK || xdb_mset_size(m) < want) {
		xdb_mset_free(m);
		m = NULL;
	} else {
		*total = broad;
		*facet_scale = (double)broad / xdb_mset_size(m);
		xdb_mset_count_facets(db, m, so->facet_slots, so->nfacets);
		xdb_mset_window(m, so->offset, so->limit);
	}
	xdb_query_free(q);
	return m;
}

/* Runs q (taken; NULL is nothing) with o and appends its documents to ids
 * until *got reaches want. */
static void collect(xdb *db, xdb_query *q, const xdb_search_opts *o, unsigned *ids, unsigned *got,
                    unsigned want)
{
	xdb_mset *m = NULL;
	if (q && xdb_search(db, q, o, &m, NULL) == TV_OK)
		for (unsigned i = 0; i < xdb_mset_size(m) && *got < want; i++)
			ids[(*got)++] = xdb_mset_docid(m, i);
	xdb_mset_free(m);
	xdb_query_free(q);
}

/* Appends q's best matches with no date, by relevance, until *got reaches
 * want: the order a date sort gives documents with no date (they tie on it).  Those are the
 * documents with no year term (and not passages, which q leaves out anyway). */
static void undated(xdb *db, const qp_plan *p, const tv_strv *years, unsigned *ids, unsigned *got,
                    unsigned want)
{
	const char **terms = tv_malloc((years->n + 1) * sizeof *terms);
	for (size_t i = 0; i < years->n; i++) terms[i] = years->v[i];
	terms[years->n] = PFX_KIND KIND_PASSAGE;
	xdb_query *none = xdb_query_none_of(db, terms, years->n + 1);
	free(terms);
	xdb_search_opts uo = {.limit = want - *got, .sort_slot = -1};
	collect(db, filtered(p->q, none), &uo, ids, got, want);
}

/* Sorted by date, a broad query's page without sorting every match (qbench
 * --sort, p50: 105 ms sorting, 16-22 ms walking at 200,000 documents; 533-592
 * and 62-65 ms at a million): every dated document carries its year as a term
 * (record.c), which cuts the matches into disjoint parts in date order, so the
 * years are walked one at a time, newest or oldest first, until the page is
 * full; undated documents, which a date sort puts last (newest first) or first
 * (oldest first), are one more part.  Then the page's documents are ranked
 * again as one result.  NULL when the parts run out first (past the last
 * match): the caller sorts every match. */
static xdb_mset *date_page(xdb *db, const qp_plan *p, const xdb_search_opts *so)
{
	int newest = so->sort_descending;
	tv_strv years = TV_STRV_INIT;
	qp_year_terms(db, 0, 9999, &years);
	unsigned want = so->offset + so->limit, got = 0;
	unsigned *ids = tv_malloc((want ? want : 1) * sizeof *ids);
	if (!newest) undated(db, p, &years, ids, &got, want);
	for (size_t k = 0; k < years.n && got < want; k++) {
		const char *year = years.v[newest ? years.n - 1 - k : k];
		xdb_search_opts yo = {
		    .limit = want - got, .sort_slot = so->sort_slot, .sort_descending = newest};
		collect(db, filtered(p->q, xdb_query_term(year, 1, 0)), &yo, ids, &got, want);
	}
	if (newest && got < want) undated(db, p, &years, ids, &got, want);
	tv_strv_free(&years);
	xdb_mset *page = NULL;
	if (got == want && so->limit) {
		xdb_query *q = filtered(p->q, xdb_query_docids(ids + so->offset, so->limit));
		xdb_search_opts po = {
		    .limit = so->limit, .sort_slot = so->sort_slot, .sort_descending = newest};
		if (!q || xdb_search(db, q, &po, &page, NULL) != TV_OK) page = NULL;
		xdb_query_free(q);
	}
	free(ids);
	return page;
}

tv_err srch_run(xdb *db, const srch_opts *o, srch_result **out, tv_error *e)
{
	*out = NULL;
	qp_plan p;
	tv_err rc = qp_build(db, o, &p, e);
	if (rc != TV_OK) return rc;
	unsigned slots[SCHEMA_NFACETS] = SCHEMA_FACET_SLOTS;
	xdb_search_opts so = {
	    .offset = o->offset,
	    .limit = o->limit ? (o->limit > SRCH_MAX_LIMIT ? SRCH_MAX_LIMIT : o->limit) : 10,
	    .check_at_least = 1000,
	    .sort_slot = (o->sort_date || !p.has_text) ? SLOT_DATE : -1,
	    .sort_descending = o->sort_date != 2,
	    .facet_slots = slots,
	    .nfacets = SCHEMA_NFACETS,
	};
	xdb_mset *m = NULL;
	unsigned total = 0;
	int facets_exact = 1;
	double facet_scale = 1.0;
	int from_top = 0;
	if (p.top.t.n && so.sort_slot < 0 && !o->exhaustive) {
		m = top_search(db, &p, &so, &total, &facet_scale);
		from_top = m != NULL;
	} else if (p.top.t.n && o->sort_date && !o->exhaustive) {
		/* by date: the total and facets of the same candidates as the
		 * relevance ranking, the page from the newest or oldest years */
		xdb_search_opts rel = so;
		rel.sort_slot = -1;
		rel.offset = 0; /* whichever date page is shown */
		xdb_mset *cand = top_search(db, &p, &rel, &total, &facet_scale);
		if (cand) m = date_page(db, &p, &so);
		if (m)
			xdb_mset_move_facets(m, cand);
		else
			facet_scale = 1.0;
		xdb_mset_free(cand);
	}
	if (m) facets_exact = 0;
	if (!m) {
		rc = xdb_search(db, p.q, &so, &m, e);
		total = rc == TV_OK ? xdb_mset_total(m) : 0;
	}
	if (rc == TV_OK && total == 0 && p.has_text) {
		/* nothing has every word: rank by any of them */
		xdb_mset_free(m);
		m = NULL;
		rc = xdb_search(db, p.loose, &so, &m, e);
		total = rc == TV_OK ? xdb_mset_total(m) : 0;
	}
	if (rc != TV_OK) {
		qp_free(&p);
		return rc;
	}
	srch_result *r = tv_calloc(1, sizeof *r);
	r->query = tv_strdup(o->query ? o->query : "");
	r->total = total;
	r->facets_exact = facets_exact && total < XDB_FACET_CHECK;
	r->from_top = from_top;
	r->plan = xdb_query_describe(p.q);
	r->did_you_mean = p.did_you_mean;
	p.did_you_mean = NULL;
	r->nhits = xdb_mset_size(m);
	r->hits = tv_calloc(r->nhits ? r->nhits : 1, sizeof *r->hits);
	for (unsigned i = 0; i < r->nhits; i++) {
		srch_hit *h = &r->hits[i];
		h->id = xdb_mset_docid(m, i);
		h->score = xdb_mset_weight(m, i);
		h->doc = brief(db, h->id);
		if (!h->doc) h->doc = json_object();
		h->exact_number = has_key(h->doc, &p.num_keys);
		/* the body text lives in SLOT_TEXT (schema.h); older indexes and
		 * passages keep it in the JSON */
		const char *text = json_string_value(json_object_get(h->doc, "text"));
		char *slot_text = NULL;
		size_t len = 0;
		if (!text && xdb_get_value(db, h->id, SLOT_TEXT, &slot_text, &len, NULL) == TV_OK)
			text = slot_text;
		make_snippet(text ? text : "", &p.hl, h);
		free(slot_text);
	}
	for (size_t k = 0; k < 3; k++) {
		facet_ctx c = {0};
		xdb_mset_facets(m, k, on_facet, &c);
		for (size_t i = 0; i < c.n; i++)
			c.v[i].count = (unsigned)(c.v[i].count * facet_scale + 0.5);
		r->facets[k] = c.v;
		r->nfacets[k] = c.n;
	}
	xdb_mset_free(m);
	qp_free(&p);
	*out = r;
	return TV_OK;
}

void srch_result_free(srch_result *r)
{
	if (!r) return;
	for (size_t i = 0; i < r->nhits; i++) {
		json_decref(r->hits[i].doc);
		free(r->hits[i].snippet);
		free(r->hits[i].hl);
	}
	for (size_t k = 0; k < 3; k++) {
		for (size_t i = 0; i < r->nfacets[k]; i++) free(r->facets[k][i].value);
		free(r->facets[k]);
	}
	free(r->hits);
	free(r->query);
	free(r->did_you_mean);
	free(r->plan);
	free(r);
}

json_t *srch_result_json(const srch_result *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "query", json_string(r->query));
	json_object_set_new(o, "total", json_integer(r->total));
	json_t *res = json_array();
	for (size_t i = 0; i < r->nhits; i++) {
		const srch_hit *h = &r->hits[i];
		json_t *x = listed(h->id, h->doc);
		json_object_set_new(x, "snippet", json_string(h->snippet ? h->snippet : ""));
		json_t *hl = json_array();
		for (size_t k = 0; k < h->nhl; k++)
			json_array_append_new(hl, json_pack("[II]", (json_int_t)h->hl[2 * k],
			                                    (json_int_t)h->hl[2 * k + 1]));
		json_object_set_new(x, "highlights", hl);
		json_object_set_new(x, "score", json_real(h->score));
		json_object_set_new(x, "exact_number", json_boolean(h->exact_number));
		json_array_append_new(res, x);
	}
	json_object_set_new(o, "results", res);
	json_t *f = json_object();
	static const char *names[3] = {"type", "issuer", "year"};
	for (size_t k = 0; k < 3; k++) {
		json_t *fo = json_object();
		for (size_t i = 0; i < r->nfacets[k]; i++)
			json_object_set_new(fo, r->facets[k][i].value,
			                    json_integer(r->facets[k][i].count));
		json_object_set_new(f, names[k], fo);
	}
	json_object_set_new(o, "facets", f);
	/* counted over every match, or over the first XDB_FACET_CHECK of a broad
	 * query (xdb.h): a page says "about" when false */
	json_object_set_new(o, "facets_exact", json_boolean(r->facets_exact));
	json_object_set_new(o, "did_you_mean",
	                    r->did_you_mean ? json_string(r->did_you_mean) : json_null());
	return o;
}

/* ---- one document ----------------------------------------------------------------- */

static int all_digits(const char *s)
{
	if (!*s) return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s)) return 0;
	return 1;
}

/* ref made absolute without resolving links ("." and ".." taken away by
 * name), as the indexer keeps a file reached through a link to outside the
 * folders it indexed.  Caller frees. */
static char *lexical_path(const char *ref)
{
	tv_buf in = TV_BUF_INIT, out = TV_BUF_INIT;
	char cwd[PATH_MAX];
	if (ref[0] != '/' && getcwd(cwd, sizeof cwd)) tv_buf_printf(&in, "%s/", cwd);
	tv_buf_puts(&in, ref);
	for (const char *s = in.s; *s;) {
		while (*s == '/') s++;
		size_t n = strcspn(s, "/");
		if (n == 0) break;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (out.len && out.s[out.len - 1] != '/') out.len--;
			if (out.len) out.len--; /* the slash before it ("/.." is "/") */
			if (out.s) out.s[out.len] = 0;
		} else if (!(n == 1 && s[0] == '.')) {
			tv_buf_putc(&out, '/');
			tv_buf_append(&out, s, n);
		}
		s += n;
	}
	if (!out.len) tv_buf_putc(&out, '/');
	tv_buf_free(&in);
	return tv_buf_take(&out);
}

/* The path as given (made absolute), else its real path: the indexer keeps
 * a link's own path when it leads outside the folders indexed, the real path
 * otherwise. */
static tv_err find_by_path(xdb *db, const char *ref, unsigned *id, tv_error *e)
{
	char *lex = lexical_path(ref);
	char abs[PATH_MAX];
	const char *tries[2] = {lex, realpath(ref, abs) ? abs : NULL};
	tv_err rc = TV_ERR_NOT_FOUND;
	tv_buf t = TV_BUF_INIT;
	for (int k = 0; k < 2 && rc != TV_OK; k++) {
		if (!tries[k] || (k == 1 && !strcmp(tries[1], lex))) continue; /* (the same) */
		tv_buf_clear(&t);
		tv_buf_printf(&t, "%s%s", PFX_ID, tries[k]);
		rc = xdb_find(db, t.s, id, e);
	}
	tv_buf_free(&t);
	free(lex);
	return rc;
}

static tv_err find_by_number(xdb *db, const char *ref, unsigned *id, tv_error *e)
{
	dn_number n;
	if (!dn_parse(ref, strlen(ref), &n) && !dn_parse_query(ref, strlen(ref), &n))
		return tv_fail(e, TV_ERR_NOT_FOUND, "%s: not a document id, number or indexed path",
		               ref);
	tv_strv keys = TV_STRV_INIT;
	dn_keys(&n, &keys);
	tv_err rc = tv_fail(e, TV_ERR_NOT_FOUND, "no document numbered %s", ref);
	for (size_t i = 0; i < keys.n && rc != TV_OK; i++) {
		tv_buf t = TV_BUF_INIT;
		tv_buf_printf(&t, "%s%s", PFX_NUMBER, keys.v[i]);
		if (xdb_find(db, t.s, id, NULL) == TV_OK) rc = TV_OK;
		tv_buf_free(&t);
		if (i == 0) break; /* only the most specific key names one document */
	}
	tv_strv_free(&keys);
	return rc;
}

static json_t *doc_summary(xdb *db, unsigned id)
{
	json_t *d = brief(db, id);
	if (!d) return NULL;
	if (json_object_get(d, "parent_path")) {
		/* a passage: its document carries the same citation and is listed itself */
		json_decref(d);
		return NULL;
	}
	json_t *s = listed(id, d);
	json_decref(d);
	return s;
}

/* ---- key points → passages of study materials ---------------------------------------- */

#define RELATED_PER_POINT 3
#define RELATED_PER_MATERIAL 2 /* one material should not fill a point's list */
#define LINK_CANDIDATES 30
#define REVERSE_DOCS 6 /* documents a study material's page looks at for reverse links */

/* The terms of a key point, folded: its words and its adjacent word pairs (a
 * compound such as "báo cáo viên" outranks its scattered syllables).  Terms
 * are weighted by what they say about this point: the label names what the
 * point is about (x2); words of the document's own title recur in every point
 * of it and so say little about any one (x0.3); words naming its own issuer
 * are dropped. */
typedef struct pq_ctx {
	tv_strv terms;
	double *w;
	double factor;
	char prev[64];
	size_t prev_end;
	int have_prev, prev_stop;
	const char *text;
	const tv_set *own;   /* words naming the document's own issuer */
	const tv_set *title; /* terms of the document's title */
	tv_set *pairs;       /* collect bigrams here instead of terms */
} pq_ctx;

static void pq_add(pq_ctx *c, const char *pfx, const char *a, const char *b)
{
	tv_buf t = TV_BUF_INIT;
	tv_buf_printf(&t, "%s%s%s%s", pfx, a, b ? "_" : "", b ? b : "");
	if (c->pairs) {
		if (b) tv_set_add(c->pairs, t.s);
		tv_buf_free(&t);
		return;
	}
	double f = c->factor;
	if (c->title && tv_set_has(c->title, t.s)) f *= 0.3;
	for (size_t i = 0; i < c->terms.n; i++)
		if (strcmp(c->terms.v[i], t.s) == 0) {
			if (f > c->w[i]) c->w[i] = f;
			tv_buf_free(&t);
			return;
		}
	c->w = tv_realloc(c->w, (c->terms.n + 1) * sizeof *c->w);
	c->w[c->terms.n] = f;
	tv_strv_push_owned(&c->terms, tv_buf_take(&t));
}

static int on_point_tok(const vn_token *t, void *ud)
{
	pq_ctx *c = ud;
	if (t->kind != VN_TOK_WORD) {
		if (t->kind == VN_TOK_CODE) c->have_prev = 0;
		return 0;
	}
	size_t n = strlen(t->fold);
	/* a pair never spans punctuation: "chính trị; từng lúc" is no compound */
	int joined = c->have_prev;
	for (size_t i = c->prev_end; joined && i < t->off; i++)
		if (c->text[i] != ' ') joined = 0;
	/* "Ban Thường vụ Đảng ủy Khối" in a point names the issuer itself; a
	 * passage about some other Đảng ủy Khối explains nothing by sharing it */
	int own = c->own && tv_set_has(c->own, t->fold);
	int stop = vn_is_stopword(t->fold, n) || n < 2;
	if (!stop && !own) pq_add(c, PFX_FOLD, t->fold, NULL);
	if (joined && !stop && !c->prev_stop && !(own && c->own && tv_set_has(c->own, c->prev)))
		pq_add(c, PFX_FBIGRAM, c->prev, t->fold);
	c->have_prev = n < sizeof c->prev;
	if (c->have_prev) memcpy(c->prev, t->fold, n + 1);
	c->prev_stop = stop;
	c->prev_end = t->off + t->len;
	return 0;
}

static void pq_text(pq_ctx *c, const char *text, size_t n, double factor)
{
	c->factor = factor;
	c->have_prev = 0;
	c->prev_end = 0;
	c->text = text;
	vn_tokenize(text, n, 1, on_point_tok, c);
}

static xdb_query *point_query(const char *label, const char *text, const tv_set *own,
                              const tv_set *title)
{
	pq_ctx c = {.own = own, .title = title, .terms = TV_STRV_INIT};
	if (label) pq_text(&c, label, strlen(label), 2.0);
	size_t n = strlen(text);
	pq_text(&c, text, n < 1500 ? n : 1500, 1.0);
	xdb_query **v = tv_calloc(c.terms.n + 1, sizeof *v);
	for (size_t i = 0; i < c.terms.n; i++) {
		xdb_query *t = xdb_query_term(c.terms.v[i], 1, 0);
		v[i] = xdb_query_scale(t, c.w[i]);
		xdb_query_free(t);
	}
	xdb_query *words = c.terms.n ? xdb_query_combine(XDB_OP_OR, v, c.terms.n, 0) : NULL;
	for (size_t i = 0; i < c.terms.n; i++) xdb_query_free(v[i]);
	free(v);
	free(c.w);
	tv_strv_free(&c.terms);
	if (!words) return NULL;
	tv_buf k = TV_BUF_INIT;
	tv_buf_printf(&k, "%s%s", PFX_KIND, KIND_PASSAGE);
	xdb_query *kind = xdb_query_term(k.s, 1, 0);
	tv_buf_free(&k);
	xdb_query *f2[2] = {words, kind};
	xdb_query *q = xdb_query_combine(XDB_OP_FILTER, f2, 2, 0);
	xdb_query_free(words);
	xdb_query_free(kind);
	return q;
}

/* Adjacent folded word pairs of a text, the unit of "is this a quote of". */
static void word_pairs(const char *text, tv_set *pairs)
{
	pq_ctx c = {.pairs = pairs};
	pq_text(&c, text, strlen(text), 1.0);
}

/* The key point a passage quotes: the one whose pairs cover at least 60% of
 * the passage's; -1 when it quotes none.  An outline that copies point 1 word
 * for word explains point 1, not points 2 and 4 that share its vocabulary. */
static int quoted_point(const char *text, const tv_set *points, size_t npoints)
{
	tv_set mine = TV_SET_INIT;
	word_pairs(text, &mine);
	int best = -1;
	double best_f = 0.6;
	for (size_t k = 0; k < npoints && mine.n >= 6; k++) {
		size_t hit = 0;
		for (size_t i = 0; i < mine.cap; i++)
			if (mine.slots[i] && tv_set_has(&points[k], mine.slots[i])) hit++;
		double f = (double)hit / (double)mine.n;
		if (f >= best_f) {
			best_f = f;
			best = (int)k;
		}
	}
	tv_set_free(&mine);
	return best;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

/* A source line ("Trích bài …, Hồng Liên.", "Nguồn: …", "(Theo Nhân dân)")
 * names where a quote comes from; it explains nothing, even when it carries
 * the document's number. */
static int source_line(const char *text)
{
	size_t n = strlen(text);
	if (n > 400) return 0;
	char *f = vn_fold_text(text, n < 40 ? n : 40);
	const char *p = f;
	while (*p == '(' || *p == ' ' || *p == '-') p++;
	int hit = strncmp(p, "trich ", 6) == 0 || strncmp(p, "nguon:", 6) == 0 ||
	          strncmp(p, "nguon ", 6) == 0 || strncmp(p, "theo ", 5) == 0;
	free(f);
	return hit;
}

/* Two copies of one article (saved page and text file) give the same passage
 * twice: compare passages by their letters and digits, folded. */
static char *passage_key(const char *text)
{
	size_t n = strlen(text);
	char *f = vn_fold_text(text, n < 300 ? n : 300);
	char *w = f;
	for (const char *p = f; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) *w++ = *p;
	*w = '\0';
	return f;
}

typedef struct cand {
	unsigned pid;
	double score;
	int cites, quote; /* quote: the passage copies this very point */
	json_t *p;
} cand;

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	return x->score < y->score ? 1 : x->score > y->score ? -1 : 0;
}

/* Passages citing the document (ids sorted), for the citation bonus. */
static unsigned *citing_passages(xdb *db, const json_t *d, size_t *n)
{
	*n = 0;
	const char *num = json_string_value(json_object_get(d, "number"));
	dn_number dn;
	if (!num || !dn_parse(num, strlen(num), &dn)) return NULL;
	tv_strv keys = TV_STRV_INIT;
	dn_keys(&dn, &keys);
	unsigned *ids = NULL;
	if (keys.n) {
		tv_buf t = TV_BUF_INIT;
		tv_buf_printf(&t, "%s%s", PFX_CITES, keys.v[0]);
		if (xdb_postlist(db, t.s, &ids, n, NULL) != TV_OK) *n = 0;
		tv_buf_free(&t);
	}
	tv_strv_free(&keys);
	if (*n) qsort(ids, *n, sizeof *ids, cmp_uint);
	return ids;
}

/* The related passages of one key point: textual relevance first; a passage
 * that also cites the document by number or name counts strongly (x1.6), but
 * only once it is textually relevant to this point, so a passage quoting point
 * 2 does not top point 1 merely for naming the letter. */
typedef struct link_ctx {
	const char *self; /* the document's path: its own passages never explain it */
	tv_set own;       /* folded words of its issuer and signing authority */
	tv_set title;     /* F and G terms of its title */
	tv_set *points;   /* word pairs of each key point */
	size_t npoints;
	unsigned *citing; /* passages citing it, sorted */
	size_t ncit;
} link_ctx;

static json_t *related_for(xdb *db, const link_ctx *lc, size_t point, const char *label,
                           const char *text)
{
	const char *self = lc->self;
	const unsigned *citing = lc->citing;
	size_t ncit = lc->ncit;
	json_t *rel = json_array();
	xdb_query *q = point_query(label, text, &lc->own, &lc->title);
	xdb_search_opts so = {.limit = LINK_CANDIDATES, .sort_slot = -1};
	xdb_mset *m = NULL;
	if (!q || xdb_search(db, q, &so, &m, NULL) != TV_OK) {
		xdb_query_free(q);
		return rel;
	}
	xdb_query_free(q);
	unsigned nm = xdb_mset_size(m);
	cand *c = tv_calloc(nm ? nm : 1, sizeof *c);
	size_t nc = 0;
	double top = nm ? xdb_mset_weight(m, 0) : 0;
	for (unsigned k = 0; k < nm; k++) {
		double w = xdb_mset_weight(m, k);
		unsigned pid = xdb_mset_docid(m, k);
		json_t *p = stored(db, pid);
		const char *pp = json_string_value(json_object_get(p, "parent_path"));
		const char *pt = json_string_value(json_object_get(p, "text"));
		if (!p || !pp || !pt || (self && strcmp(pp, self) == 0) || source_line(pt)) {
			json_decref(p);
			continue;
		}
		int quoted = quoted_point(pt, lc->points, lc->npoints);
		if (quoted >= 0 && (size_t)quoted != point) {
			json_decref(p);
			continue;
		}
		int cites = citing && bsearch(&pid, citing, ncit, sizeof *citing, cmp_uint);
		c[nc++] =
		    (cand){pid, w * (cites && w >= top * 0.5 ? 1.6 : 1.0), cites, quoted >= 0, p};
	}
	xdb_mset_free(m);
	qsort(c, nc, sizeof *c, cmp_cand);
	/* Weak matches after strong ones are noise; "strong" is measured without a
	 * verbatim quote of the point, which outscores every explanation of it. */
	double base = 0;
	for (size_t k = 0; k < nc && base == 0; k++)
		if (!c[k].quote) base = c[k].score;
	if (base == 0 && nc) base = c[0].score;
	tv_set seen = TV_SET_INIT;
	tv_strv parents = TV_STRV_INIT;
	for (size_t k = 0; k < nc; k++) {
		json_t *p = c[k].p;
		c[k].p = NULL;
		if (json_array_size(rel) >= RELATED_PER_POINT || c[k].score < base * 0.5) {
			json_decref(p);
			continue;
		}
		const char *pp = json_string_value(json_object_get(p, "parent_path"));
		char *key = passage_key(json_string_value(json_object_get(p, "text")));
		size_t same = 0;
		for (size_t i = 0; i < parents.n; i++) same += strcmp(parents.v[i], pp) == 0;
		if (tv_set_has(&seen, key) || same >= RELATED_PER_MATERIAL) {
			free(key);
			json_decref(p);
			continue;
		}
		tv_set_add(&seen, key);
		free(key);
		tv_strv_push(&parents, pp);
		unsigned id = 0;
		char *term = rec_idterm(pp);
		if (xdb_find(db, term, &id, NULL) == TV_OK) {
			json_object_set_new(p, "id", json_integer(id));
			json_t *s = doc_summary(db, id);
			if (s) {
				/* what a citation of the passage needs: its material's fields */
				static const char *keys[] = {"number", "type", "issuer", "date",
				                             "kind"};
				for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
					json_object_set(p, keys[i], json_object_get(s, keys[i]));
				json_decref(s);
			}
		}
		free(term);
		json_object_set_new(p, "passage_id", json_integer(c[k].pid));
		json_object_set_new(p, "score", json_real(c[k].score));
		json_object_set_new(p, "cites", json_boolean(c[k].cites));
		json_array_append_new(rel, p);
	}
	tv_set_free(&seen);
	tv_strv_free(&parents);
	free(c);
	return rel;
}

/* keypoints[].related: the best passages of study materials for each point. */
static void link_keypoints(xdb *db, json_t *d)
{
	json_t *kps = json_object_get(d, "keypoints");
	if (!json_is_array(kps) || json_array_size(kps) == 0) return;
	link_ctx lc = {.self = json_string_value(json_object_get(d, "path")),
	               .own = TV_SET_INIT,
	               .title = TV_SET_INIT};
	lc.citing = citing_passages(db, d, &lc.ncit);
	static const char *own_keys[] = {"issuer", "signer_authority"};
	for (size_t k = 0; k < 2; k++) {
		const char *v = json_string_value(json_object_get(d, own_keys[k]));
		if (v) qp_fold_words(v, strlen(v), &lc.own);
	}
	const char *title = json_string_value(json_object_get(d, "title"));
	if (title) {
		pq_ctx tc = {.terms = TV_STRV_INIT};
		pq_text(&tc, title, strlen(title), 1.0);
		for (size_t k = 0; k < tc.terms.n; k++) tv_set_add(&lc.title, tc.terms.v[k]);
		tv_strv_free(&tc.terms);
		free(tc.w);
	}
	lc.npoints = json_array_size(kps);
	lc.points = tv_calloc(lc.npoints, sizeof *lc.points);
	size_t i;
	json_t *kp;
	json_array_foreach(kps, i, kp)
	{
		const char *text = json_string_value(json_object_get(kp, "text"));
		if (text) word_pairs(text, &lc.points[i]);
	}
	json_array_foreach(kps, i, kp)
	{
		const char *text = json_string_value(json_object_get(kp, "text"));
		const char *label = json_string_value(json_object_get(kp, "label"));
		json_object_set_new(kp, "n", json_integer((json_int_t)i + 1));
		json_object_set_new(kp, "related",
		                    text ? related_for(db, &lc, i, label, text) : json_array());
	}
	for (i = 0; i < lc.npoints; i++) tv_set_free(&lc.points[i]);
	free(lc.points);
	free(lc.citing);
	tv_set_free(&lc.own);
	tv_set_free(&lc.title);
}

/* ---- study material → the documents and key points it explains ------------------------ */

static int add_unique(unsigned *ids, size_t *n, size_t max, unsigned id)
{
	for (size_t i = 0; i < *n; i++)
		if (ids[i] == id) return 0;
	if (*n >= max) return 0;
	ids[(*n)++] = id;
	return 1;
}

static int on_cite_term(const char *term, unsigned tf, void *ud)
{
	(void)tf;
	tv_strv *keys = ud;
	const char *k = term + strlen(PFX_CITES);
	/* the most specific keys carry the issuer: "598.CV.DUK", not "CV.598" */
	if (strchr(k, '.') && strchr(strchr(k, '.') + 1, '.') && !tv_strv_contains(keys, k))
		tv_strv_push(keys, k);
	return keys->n >= 40;
}

/* explains: for a study material, the normative documents whose key points
 * link to its passages (the forward links read backwards, so both pages agree),
 * and the documents it cites.  Candidates: documents its passages cite, then
 * the normative documents its title and opening are most about. */
static void link_reverse(xdb *db, json_t *d)
{
	const char *path = json_string_value(json_object_get(d, "path"));
	const char *kind = json_string_value(json_object_get(d, "kind"));
	json_t *ex = json_array();
	json_object_set_new(d, "explains", ex);
	if (!path || !kind || strcmp(kind, "study") != 0) {
		json_object_set_new(d, "passages", json_array());
		return;
	}
	unsigned self = (unsigned)json_integer_value(json_object_get(d, "id"));
	unsigned docs[REVERSE_DOCS * 2];
	int cited[REVERSE_DOCS * 2] = {0};
	size_t nd = 0;

	/* 1. documents cited by the material or any of its passages */
	tv_strv keys = TV_STRV_INIT;
	xdb_doc_terms(db, self, PFX_CITES, on_cite_term, &keys, NULL);
	char *pterm = rec_parent_term(path);
	unsigned *pids = NULL;
	size_t np = 0;
	if (xdb_postlist(db, pterm, &pids, &np, NULL) != TV_OK) np = 0;
	free(pterm);
	json_t *pass = json_array();
	for (size_t i = 0; i < np && i < 2000; i++) {
		xdb_doc_terms(db, pids[i], PFX_CITES, on_cite_term, &keys, NULL);
		json_t *p = stored(db, pids[i]);
		json_t *pn = json_object_get(p, "passage"), *pt = json_object_get(p, "text");
		if (json_is_integer(pn) && json_is_string(pt))
			json_array_append_new(pass, json_pack("{s:O, s:O, s:i}", "n", pn, "text",
			                                      pt, "id", (int)pids[i]));
		json_decref(p);
	}
	free(pids);
	/* in reading order, so the page can anchor each where it stands in the text */
	size_t npass = json_array_size(pass);
	for (size_t i = 1; i < npass; i++)
		for (size_t j = i; j > 0; j--) {
			json_t *a = json_array_get(pass, j - 1), *b = json_array_get(pass, j);
			if (json_integer_value(json_object_get(a, "n")) <=
			    json_integer_value(json_object_get(b, "n")))
				break;
			json_incref(a);
			json_array_set(pass, j - 1, b);
			json_array_set_new(pass, j, a);
		}
	json_object_set_new(d, "passages", pass);
	for (size_t i = 0; i < keys.n; i++) {
		tv_buf t = TV_BUF_INIT;
		tv_buf_printf(&t, "%s%s", PFX_NUMBER, keys.v[i]);
		unsigned id;
		if (xdb_find(db, t.s, &id, NULL) == TV_OK && id != self &&
		    add_unique(docs, &nd, REVERSE_DOCS, id))
			cited[nd - 1] = 1;
		tv_buf_free(&t);
	}
	tv_strv_free(&keys);

	/* 2. normative documents the material is most about */
	const char *title = json_string_value(json_object_get(d, "title"));
	const char *text = json_string_value(json_object_get(d, "text"));
	tv_buf about = TV_BUF_INIT;
	if (title) tv_buf_printf(&about, "%s %s ", title, title);
	if (text) tv_buf_append(&about, text, strlen(text) < 1500 ? strlen(text) : 1500);
	tv_set folds = TV_SET_INIT;
	if (about.len) qp_fold_words(about.s, about.len, &folds);
	tv_buf_free(&about);
	size_t nw = 0;
	xdb_query **v = tv_calloc(folds.n + 1, sizeof *v);
	for (size_t i = 0; i < folds.cap; i++) {
		const char *w = folds.slots[i];
		if (!w || strlen(w) < 2 || vn_is_stopword(w, strlen(w))) continue;
		tv_buf t = TV_BUF_INIT;
		tv_buf_printf(&t, "%s%s", PFX_FOLD, w);
		v[nw++] = xdb_query_term(t.s, 1, 0);
		tv_buf_free(&t);
	}
	tv_set_free(&folds);
	if (nw) {
		xdb_query *words = xdb_query_combine(XDB_OP_OR, v, nw, 0);
		xdb_query *norm = xdb_query_term(PFX_KIND "norm", 1, 0);
		xdb_query *f2[2] = {words, norm};
		xdb_query *q = xdb_query_combine(XDB_OP_FILTER, f2, 2, 0);
		xdb_search_opts so = {.limit = REVERSE_DOCS, .sort_slot = -1};
		xdb_mset *m = NULL;
		if (xdb_search(db, q, &so, &m, NULL) == TV_OK)
			for (unsigned k = 0; k < xdb_mset_size(m); k++)
				add_unique(docs, &nd, REVERSE_DOCS * 2, xdb_mset_docid(m, k));
		xdb_mset_free(m);
		xdb_query_free(q);
		xdb_query_free(norm);
		xdb_query_free(words);
	}
	for (size_t i = 0; i < nw; i++) xdb_query_free(v[i]);
	free(v);

	/* 3. the forward links of each candidate, kept where they land here */
	for (size_t i = 0; i < nd; i++) {
		json_t *o = stored(db, docs[i]);
		if (!o || !json_object_get(o, "path")) {
			json_decref(o);
			continue;
		}
		link_keypoints(db, o);
		json_t *pts = json_array();
		size_t k;
		json_t *kp;
		json_array_foreach(json_object_get(o, "keypoints"), k, kp)
		{
			json_t *here = json_array();
			size_t r;
			json_t *p;
			json_array_foreach(json_object_get(kp, "related"), r, p)
			{
				const char *pp =
				    json_string_value(json_object_get(p, "parent_path"));
				if (pp && strcmp(pp, path) == 0)
					json_array_append(here, json_object_get(p, "passage"));
			}
			if (json_array_size(here))
				json_array_append_new(
				    pts,
				    json_pack("{s:O, s:O, s:O, s:o}", "n", json_object_get(kp, "n"),
				              "marker", json_object_get(kp, "marker"), "label",
				              json_object_get(kp, "label"), "passages", here));
			else
				json_decref(here);
		}
		if (json_array_size(pts) || cited[i]) {
			json_t *s = doc_summary(db, docs[i]);
			if (s) {
				json_object_set_new(s, "cited", json_boolean(cited[i]));
				json_object_set_new(s, "keypoints", pts);
				pts = NULL;
				json_array_append_new(ex, s);
			}
		}
		json_decref(pts);
		json_decref(o);
	}
}

tv_err srch_doc(xdb *db, const char *ref, json_t **out, tv_error *e)
{
	*out = NULL;
	unsigned id = 0;
	tv_err rc;
	if (all_digits(ref)) {
		id = (unsigned)strtoul(ref, NULL, 10);
		rc = TV_OK;
	} else if (strchr(ref, '/') && (rc = find_by_path(db, ref, &id, NULL)) == TV_OK) {
		/* found by path */
	} else {
		rc = find_by_number(db, ref, &id, e);
		if (rc != TV_OK && find_by_path(db, ref, &id, NULL) == TV_OK) rc = TV_OK;
	}
	if (rc != TV_OK) return rc;
	char *data = NULL;
	size_t len = 0;
	rc = xdb_get_data(db, id, &data, &len, e);
	if (rc != TV_OK) return tv_fail(e, TV_ERR_NOT_FOUND, "no document %s", ref);
	json_error_t je;
	json_t *d = json_loadb(data, len, 0, &je);
	free(data);
	if (!d)
		return tv_fail(e, TV_ERR_DB, "document %u: stored record unreadable: %s", id,
		               je.text);
	json_object_set_new(d, "id", json_integer(id));
	if (!json_object_get(d, "text")) {
		char *text = NULL;
		if (xdb_get_value(db, id, SLOT_TEXT, &text, &len, NULL) == TV_OK && len &&
		    !json_object_get(d, "parent_path"))
			json_object_set_new(d, "text", json_stringn(text, len));
		free(text);
	}

	/* cited_by: documents whose cites carry this document's most specific key */
	json_t *cb = json_array();
	const char *num = json_string_value(json_object_get(d, "number"));
	dn_number n;
	if (num && dn_parse(num, strlen(num), &n)) {
		tv_strv keys = TV_STRV_INIT;
		dn_keys(&n, &keys);
		if (keys.n) {
			tv_buf t = TV_BUF_INIT;
			tv_buf_printf(&t, "%s%s", PFX_CITES, keys.v[0]);
			unsigned *ids = NULL;
			size_t nid = 0;
			if (xdb_postlist(db, t.s, &ids, &nid, NULL) == TV_OK) {
				for (size_t i = 0; i < nid && i < 500; i++) {
					if (ids[i] == id) continue;
					json_t *s = doc_summary(db, ids[i]);
					if (s) json_array_append_new(cb, s);
				}
			}
			free(ids);
			tv_buf_free(&t);
		}
		tv_strv_free(&keys);
	}
	json_object_set_new(d, "cited_by", cb);
	link_keypoints(db, d);
	link_reverse(db, d);
	*out = d;
	return TV_OK;
}
