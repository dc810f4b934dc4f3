/* search.c — running a query and reading documents back (search.h). */
#define _GNU_SOURCE
#include "search.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

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
	const tv_set *folds;
	size_t limit; /* stop after this many tokens (snippets of huge documents) */
} tok_list;

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
	l->v[l->n++] = (hit_tok){t->off, t->len, tv_set_has(l->folds, t->fold)};
	return l->n >= l->limit;
}

size_t srch_highlight(const char *query, const char *text, size_t n, size_t **ranges)
{
	tv_set folds = TV_SET_INIT;
	qp_fold_words(query, strlen(query), &folds);
	tok_list l = {.folds = &folds, .limit = (size_t)-1};
	vn_tokenize(text, n, 1, on_snip_tok, &l);
	size_t k = 0;
	*ranges = tv_malloc((l.n ? l.n : 1) * 2 * sizeof **ranges);
	for (size_t i = 0; i < l.n; i++) {
		if (!l.v[i].match) continue;
		(*ranges)[2 * k] = l.v[i].off;
		(*ranges)[2 * k + 1] = l.v[i].len;
		k++;
	}
	free(l.v);
	tv_set_free(&folds);
	return k;
}

#define SNIPPET_WORDS 40

/* The window of SNIPPET_WORDS words with the most distinct query words, cut at
 * word boundaries; the start of the text when nothing matches. */
static void make_snippet(const char *text, const tv_set *folds, srch_hit *h)
{
	size_t n = strlen(text);
	tok_list l = {.folds = folds, .limit = 200000};
	vn_tokenize(text, n, 1, on_snip_tok, &l);
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

tv_err srch_run(xdb *db, const srch_opts *o, srch_result **out, tv_error *e)
{
	*out = NULL;
	qp_plan p;
	tv_err rc = qp_build(db, o, &p, e);
	if (rc != TV_OK) return rc;
	unsigned slots[3] = {SLOT_TYPE, SLOT_ISSUER, SLOT_YEAR};
	xdb_search_opts so = {
	    .offset = o->offset,
	    .limit = o->limit ? (o->limit > SRCH_MAX_LIMIT ? SRCH_MAX_LIMIT : o->limit) : 10,
	    .check_at_least = 1000,
	    .sort_slot = (o->sort_date || !p.has_text) ? SLOT_DATE : -1,
	    .sort_descending = o->sort_date != 2,
	    .facet_slots = slots,
	    .nfacets = 3,
	};
	xdb_mset *m = NULL;
	rc = xdb_search(db, p.q, &so, &m, e);
	if (rc == TV_OK && xdb_mset_total(m) == 0 && p.has_text) {
		/* nothing has every word: rank by any of them */
		xdb_mset_free(m);
		m = NULL;
		rc = xdb_search(db, p.loose, &so, &m, e);
	}
	if (rc != TV_OK) {
		qp_free(&p);
		return rc;
	}
	srch_result *r = tv_calloc(1, sizeof *r);
	r->query = tv_strdup(o->query ? o->query : "");
	r->total = xdb_mset_total(m);
	r->plan = xdb_query_describe(p.q);
	r->did_you_mean = p.did_you_mean;
	p.did_you_mean = NULL;
	r->nhits = xdb_mset_size(m);
	r->hits = tv_calloc(r->nhits ? r->nhits : 1, sizeof *r->hits);
	for (unsigned i = 0; i < r->nhits; i++) {
		srch_hit *h = &r->hits[i];
		h->id = xdb_mset_docid(m, i);
		h->score = xdb_mset_weight(m, i);
		char *data = NULL;
		size_t len = 0;
		if (xdb_get_data(db, h->id, &data, &len, NULL) == TV_OK)
			h->doc = json_loadb(data, len, 0, NULL);
		free(data);
		if (!h->doc) h->doc = json_object();
		h->exact_number = has_key(h->doc, &p.num_keys);
		const char *text = json_string_value(json_object_get(h->doc, "text"));
		make_snippet(text ? text : "", &p.folds, h);
	}
	for (size_t k = 0; k < 3; k++) {
		facet_ctx c = {0};
		xdb_mset_facets(m, k, on_facet, &c);
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

static json_t *field(const json_t *doc, const char *k)
{
	json_t *v = json_object_get(doc, k);
	return v ? json_incref(v) : json_null();
}

json_t *srch_result_json(const srch_result *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "query", json_string(r->query));
	json_object_set_new(o, "total", json_integer(r->total));
	json_t *res = json_array();
	for (size_t i = 0; i < r->nhits; i++) {
		const srch_hit *h = &r->hits[i];
		json_t *x = json_object();
		json_object_set_new(x, "id", json_integer(h->id));
		static const char *keys[] = {"path", "number", "type", "issuer",
		                             "date", "title",  "kind"};
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
			json_object_set_new(x, keys[k], field(h->doc, keys[k]));
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

static tv_err find_by_path(xdb *db, const char *ref, unsigned *id, tv_error *e)
{
	char abs[PATH_MAX];
	const char *p = realpath(ref, abs) ? abs : ref;
	tv_buf t = TV_BUF_INIT;
	tv_buf_printf(&t, "%s%s", PFX_ID, p);
	tv_err rc = xdb_find(db, t.s, id, e);
	tv_buf_free(&t);
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
	char *data = NULL;
	size_t len = 0;
	if (xdb_get_data(db, id, &data, &len, NULL) != TV_OK) return NULL;
	json_t *d = json_loadb(data, len, 0, NULL);
	free(data);
	if (!d) return NULL;
	if (json_object_get(d, "parent_path")) {
		/* a passage: its document carries the same citation and is listed itself */
		json_decref(d);
		return NULL;
	}
	json_t *s = json_object();
	json_object_set_new(s, "id", json_integer(id));
	static const char *keys[] = {"number", "type", "issuer", "date", "title", "path", "kind"};
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		json_object_set_new(s, keys[k], field(d, keys[k]));
	json_decref(d);
	return s;
}

/* ---- key points → passages of study materials ---------------------------------------- */

#define RELATED_PER_POINT 3

/* The words of a key point, folded, as an OR query; the document's own number
 * as a strong bonus (a passage that cites the document explains it). */
static xdb_query *point_query(const char *text, const tv_strv *cite_keys)
{
	tv_set folds = TV_SET_INIT;
	qp_fold_words(text, strlen(text) < 600 ? strlen(text) : 600, &folds);
	size_t n = 0;
	xdb_query **v = tv_calloc(folds.n + 2, sizeof *v);
	for (size_t i = 0; i < folds.cap; i++) {
		const char *w = folds.slots[i];
		if (!w || vn_is_stopword(w, strlen(w)) || strlen(w) < 2) continue;
		tv_buf t = TV_BUF_INIT;
		tv_buf_printf(&t, "%s%s", PFX_FOLD, w);
		v[n++] = xdb_query_term(t.s, 1, 0);
		tv_buf_free(&t);
	}
	tv_set_free(&folds);
	xdb_query *words = n ? xdb_query_combine(XDB_OP_OR, v, n, 0) : NULL;
	for (size_t i = 0; i < n; i++) xdb_query_free(v[i]);
	free(v);
	if (!words) return NULL;
	if (cite_keys->n) {
		tv_buf t = TV_BUF_INIT;
		tv_buf_printf(&t, "%s%s", PFX_CITES, cite_keys->v[0]);
		xdb_query *c = xdb_query_term(t.s, 1, 0);
		xdb_query *cs = xdb_query_scale(c, 3.0);
		xdb_query *pair2[2] = {words, cs};
		xdb_query *q = xdb_query_combine(XDB_OP_AND_MAYBE, pair2, 2, 0);
		xdb_query_free(c);
		xdb_query_free(cs);
		xdb_query_free(words);
		words = q;
	}
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

/* keypoints[].related: the best passages of study materials for each point. */
static void link_keypoints(xdb *db, json_t *d)
{
	json_t *kps = json_object_get(d, "keypoints");
	if (!json_is_array(kps) || json_array_size(kps) == 0) return;
	tv_strv keys = TV_STRV_INIT;
	const char *num = json_string_value(json_object_get(d, "number"));
	dn_number n;
	if (num && dn_parse(num, strlen(num), &n)) dn_keys(&n, &keys);
	const char *self = json_string_value(json_object_get(d, "path"));
	size_t i;
	json_t *kp;
	json_array_foreach(kps, i, kp)
	{
		json_t *rel = json_array();
		const char *text = json_string_value(json_object_get(kp, "text"));
		xdb_query *q = text ? point_query(text, &keys) : NULL;
		xdb_search_opts so = {.limit = RELATED_PER_POINT * 2, .sort_slot = -1};
		xdb_mset *m = NULL;
		if (q && xdb_search(db, q, &so, &m, NULL) == TV_OK) {
			double top = xdb_mset_size(m) ? xdb_mset_weight(m, 0) : 0;
			for (unsigned k = 0;
			     k < xdb_mset_size(m) && json_array_size(rel) < RELATED_PER_POINT;
			     k++) {
				/* weak matches after a strong one are noise */
				if (xdb_mset_weight(m, k) < top * 0.5) break;
				char *data = NULL;
				size_t len = 0;
				if (xdb_get_data(db, xdb_mset_docid(m, k), &data, &len, NULL) !=
				    TV_OK)
					continue;
				json_t *p = json_loadb(data, len, 0, NULL);
				free(data);
				const char *pp =
				    json_string_value(json_object_get(p, "parent_path"));
				if (!p || !pp || (self && strcmp(pp, self) == 0)) {
					json_decref(p);
					continue;
				}
				unsigned pid = 0;
				tv_buf t = TV_BUF_INIT;
				tv_buf_printf(&t, "%s%s", PFX_ID, pp);
				if (xdb_find(db, t.s, &pid, NULL) == TV_OK)
					json_object_set_new(p, "id", json_integer(pid));
				tv_buf_free(&t);
				json_object_set_new(p, "score", json_real(xdb_mset_weight(m, k)));
				json_array_append_new(rel, p);
			}
		}
		xdb_mset_free(m);
		xdb_query_free(q);
		json_object_set_new(kp, "related", rel);
	}
	tv_strv_free(&keys);
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
	*out = d;
	return TV_OK;
}
