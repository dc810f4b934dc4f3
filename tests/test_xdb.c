/* test_xdb.c — the Xapian wrapper on real temporary databases: writing,
 * replacing, deleting, reader reopen, every query operator, sorting, facets,
 * synonyms, term walks, locking and hostile input (overlong terms, missing
 * folders, writes on a reader). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../search/xdb.h"
#include "tt.h"

/* Adds (or replaces) a document "Q<id>" whose text is the space-separated
 * words (positions from 1), with optional boolean terms and a date value. */
static unsigned put(xdb *db, const char *id, const char *words, const char *bools, const char *date)
{
	xdb_doc *d = xdb_doc_new();
	char buf[1024];
	unsigned pos = 0;
	snprintf(buf, sizeof buf, "%s", words);
	for (char *sv, *w = strtok_r(buf, " ", &sv); w; w = strtok_r(NULL, " ", &sv))
		xdb_doc_add_posting(d, w, ++pos, 1);
	if (bools) {
		snprintf(buf, sizeof buf, "%s", bools);
		for (char *sv, *w = strtok_r(buf, " ", &sv); w; w = strtok_r(NULL, " ", &sv))
			xdb_doc_add_boolean(d, w);
	}
	if (date) xdb_doc_set_value(d, 0, date, strlen(date));
	char data[128];
	snprintf(data, sizeof data, "{\"id\":\"%s\"}", id);
	xdb_doc_set_data(d, data, strlen(data));
	char q[64];
	snprintf(q, sizeof q, "Q%s", id);
	unsigned docid = 0;
	tv_error e;
	tv_err rc = xdb_replace(db, q, d, &docid, &e);
	if (rc != TV_OK) tt_fail(__FILE__, __LINE__, "replace %s: %s", id, e.msg);
	xdb_doc_free(d);
	return docid;
}

static xdb *open_rw(const char *dir)
{
	xdb *db = NULL;
	tv_error e;
	if (xdb_open(dir, XDB_WRITE, &db, &e) != TV_OK) {
		tt_fail(__FILE__, __LINE__, "open %s: %s", dir, e.msg);
		return NULL;
	}
	return db;
}

static xdb *open_ro(const char *dir)
{
	xdb *db = NULL;
	tv_error e;
	if (xdb_open(dir, XDB_READ, &db, &e) != TV_OK) {
		tt_fail(__FILE__, __LINE__, "open %s: %s", dir, e.msg);
		return NULL;
	}
	return db;
}

/* Runs q and writes the ids ("Q" data) of the hits, space-separated, in rank
 * order into out. */
static unsigned hits(xdb *db, xdb_query *q, int sort_slot, int desc, char *out, size_t cap)
{
	xdb_search_opts o = {.limit = 50, .sort_slot = sort_slot, .sort_descending = desc};
	xdb_mset *m = NULL;
	tv_error e;
	out[0] = '\0';
	if (xdb_search(db, q, &o, &m, &e) != TV_OK) {
		tt_fail(__FILE__, __LINE__, "search: %s", e.msg);
		return 0;
	}
	size_t used = 0;
	for (unsigned i = 0; i < xdb_mset_size(m); i++) {
		char *data = NULL;
		size_t len = 0;
		if (xdb_get_data(db, xdb_mset_docid(m, i), &data, &len, NULL) != TV_OK) continue;
		/* data is {"id":"X"}: take X */
		char *s = strstr(data, ":\"");
		char id[64] = "?";
		if (s) sscanf(s + 2, "%63[^\"]", id);
		used += snprintf(out + used, cap - used, "%s%s", used ? " " : "", id);
		free(data);
	}
	unsigned n = xdb_mset_size(m);
	xdb_mset_free(m);
	return n;
}

/* A small fixed corpus used by the query tests. */
static xdb *corpus(void)
{
	char *dir = tt_tmpdir();
	xdb *db = open_rw(dir);
	free(dir);
	if (!db) return NULL;
	put(db, "a", "chỉ thị về công tác cán bộ", "KCT Y2020", "20200315");
	put(db, "b", "thị chỉ cán bộ công tác", "KCV Y2021", "20210101");
	put(db, "c", "nghị quyết về công tác đảng viên", "KNQ Y2020", "20201231");
	put(db, "d", "công tác kiểm tra giám sát", "KCT Y2019", "20190704");
	tv_error e;
	if (xdb_commit(db, &e) != TV_OK) tt_fail(__FILE__, __LINE__, "commit: %s", e.msg);
	return db;
}

static xdb_query *t(const char *term)
{
	return xdb_query_term(term, 1, 0);
}

static xdb_query *two(xdb_op op, xdb_query *a, xdb_query *b, unsigned window)
{
	xdb_query *v[2] = {a, b};
	xdb_query *q = xdb_query_combine(op, v, 2, window);
	xdb_query_free(a);
	xdb_query_free(b);
	return q;
}

TT(write_commit_then_reader_sees_documents_data_and_values)
{
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	unsigned id1 = put(w, "one", "đảng ủy", NULL, "20240102");
	unsigned id2 = put(w, "two", "chi bộ", NULL, NULL);
	TT_CHECK(id1 != 0 && id2 != 0 && id1 != id2);
	TT_ASSERT(xdb_commit(w, NULL) == TV_OK);

	xdb *r = open_ro(dir);
	TT_ASSERT(r);
	TT_INTEQ(xdb_doccount(r), 2);
	char *data = NULL, *val = NULL;
	size_t len = 0;
	TT_ASSERT(xdb_get_data(r, id1, &data, &len, NULL) == TV_OK);
	TT_STREQ(data, "{\"id\":\"one\"}");
	TT_INTEQ(len, strlen("{\"id\":\"one\"}"));
	free(data);
	TT_ASSERT(xdb_get_value(r, id1, 0, &val, &len, NULL) == TV_OK);
	TT_STREQ(val, "20240102");
	TT_INTEQ(len, 8);
	free(val);
	/* unset slot reads as "" */
	TT_ASSERT(xdb_get_value(r, id2, 0, &val, &len, NULL) == TV_OK);
	TT_STREQ(val, "");
	TT_INTEQ(len, 0);
	free(val);
	unsigned found = 0;
	TT_ASSERT(xdb_find(r, "Qtwo", &found, NULL) == TV_OK);
	TT_INTEQ(found, id2);
	TT_INTEQ(xdb_termfreq(r, "đảng"), 1);
	TT_INTEQ(xdb_termfreq(r, "không"), 0);
	TT_INTEQ(xdb_termfreq(r, ""), 0);
	xdb_close(r);
	xdb_close(w);
	free(dir);
}

TT(binary_values_and_data_keep_embedded_nul)
{
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	xdb_doc *d = xdb_doc_new();
	xdb_doc_set_value(d, 3, "a\0b", 3);
	xdb_doc_set_data(d, "x\0yz", 4);
	unsigned id = 0;
	TT_ASSERT(xdb_replace(w, NULL, d, &id, NULL) == TV_OK); /* no id term: plain add */
	xdb_doc_free(d);
	char *v = NULL;
	size_t len = 0;
	TT_ASSERT(xdb_get_value(w, id, 3, &v, &len, NULL) == TV_OK);
	TT_INTEQ(len, 3);
	TT_CHECK(memcmp(v, "a\0b", 4) == 0);
	free(v);
	TT_ASSERT(xdb_get_data(w, id, &v, &len, NULL) == TV_OK);
	TT_INTEQ(len, 4);
	TT_CHECK(memcmp(v, "x\0yz", 5) == 0);
	free(v);
	xdb_close(w);
	free(dir);
}

TT(replace_by_id_term_keeps_one_document_with_new_content)
{
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	unsigned a = put(w, "x", "cũ", NULL, NULL);
	unsigned b = put(w, "x", "mới", NULL, NULL);
	TT_INTEQ(a, b);
	TT_INTEQ(xdb_doccount(w), 1);
	TT_INTEQ(xdb_termfreq(w, "cũ"), 0);
	TT_INTEQ(xdb_termfreq(w, "mới"), 1);
	/* a document given without its id term still gets it, so a third
	 * replace finds it instead of adding a duplicate */
	xdb_doc *d = xdb_doc_new();
	xdb_doc_add_term(d, "khác", 1);
	unsigned c = 0;
	TT_ASSERT(xdb_replace(w, "Qy", d, &c, NULL) == TV_OK);
	unsigned c2 = 0;
	TT_ASSERT(xdb_replace(w, "Qy", d, &c2, NULL) == TV_OK);
	xdb_doc_free(d);
	TT_INTEQ(c, c2);
	TT_INTEQ(xdb_termfreq(w, "Qy"), 1);
	TT_INTEQ(xdb_doccount(w), 2);
	xdb_close(w);
	free(dir);
}

TT(delete_commit_and_reader_reopen_sees_the_change)
{
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	put(w, "a", "một", "XAparent", NULL);
	put(w, "b", "hai", "XAparent", NULL);
	put(w, "c", "ba", NULL, NULL);
	TT_ASSERT(xdb_commit(w, NULL) == TV_OK);
	xdb *r = open_ro(dir);
	TT_ASSERT(r);
	unsigned long rev0 = xdb_revision(r);
	TT_INTEQ(xdb_doccount(r), 3);
	int changed = -1;
	TT_ASSERT(xdb_reopen(r, &changed, NULL) == TV_OK);
	TT_INTEQ(changed, 0);

	TT_ASSERT(xdb_delete(w, "XAparent", NULL) == TV_OK); /* every carrier goes */
	TT_ASSERT(xdb_commit(w, NULL) == TV_OK);
	TT_INTEQ(xdb_doccount(r), 3); /* reader still on its revision */
	TT_ASSERT(xdb_reopen(r, &changed, NULL) == TV_OK);
	TT_INTEQ(changed, 1);
	TT_INTEQ(xdb_doccount(r), 1);
	TT_CHECK(xdb_revision(r) > rev0);
	unsigned id;
	tv_error e;
	TT_INTEQ(xdb_find(r, "Qa", &id, &e), TV_ERR_NOT_FOUND);
	TT_CHECK(strstr(e.msg, "Qa") != NULL);
	TT_ASSERT(xdb_find(r, "Qc", &id, NULL) == TV_OK);
	/* deleting what is not there is not an error */
	TT_INTEQ(xdb_delete(w, "Qnone", NULL), TV_OK);
	xdb_close(r);
	xdb_close(w);
	free(dir);
}

TT(close_commits_a_writer)
{
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	put(w, "a", "lưu", NULL, NULL);
	xdb_close(w); /* no explicit commit */
	xdb *r = open_ro(dir);
	TT_ASSERT(r);
	TT_INTEQ(xdb_doccount(r), 1);
	xdb_close(r);
	xdb_close(NULL);
	free(dir);
}

TT(reader_survives_a_writer_recycling_its_revision)
{
	/* After enough commits glass reuses the blocks of the revision a reader
	 * opened, and Xapian throws DatabaseModifiedError; the read calls must
	 * reopen and retry instead of failing.  (Sizes found by experiment: the
	 * error reliably appears with this much churn.) */
	enum { N = 3000, ROUNDS = 6 };
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	char id[16], words[64];
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof id, "d%d", i);
		put(w, id, "văn bản gốc", NULL, NULL);
	}
	TT_ASSERT(xdb_commit(w, NULL) == TV_OK);
	xdb *r = open_ro(dir);
	TT_ASSERT(r);
	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < N; i++) {
			snprintf(id, sizeof id, "d%d", i);
			snprintf(words, sizeof words, "văn bản vòng%d", round);
			put(w, id, words, NULL, NULL);
		}
		TT_ASSERT(xdb_commit(w, NULL) == TV_OK);
	}
	tv_error e;
	for (unsigned docid = 1; docid <= xdb_doccount(r); docid++) {
		char *data = NULL;
		if (xdb_get_data(r, docid, &data, NULL, &e) != TV_OK) {
			tt_fail(__FILE__, __LINE__, "get_data %u: %s", docid, e.msg);
			break;
		}
		free(data);
	}
	unsigned *ids = NULL;
	size_t n = 0;
	if (xdb_postlist(r, "văn", &ids, &n, &e) != TV_OK)
		tt_fail(__FILE__, __LINE__, "postlist: %s", e.msg);
	TT_INTEQ(n, N);
	free(ids);
	/* whatever revision the reader landed on, an explicit reopen reaches
	 * the newest one */
	TT_ASSERT(xdb_reopen(r, NULL, &e) == TV_OK);
	snprintf(words, sizeof words, "vòng%d", ROUNDS - 1);
	xdb_query *q = t(words);
	xdb_search_opts o = {.limit = 10, .sort_slot = -1};
	xdb_mset *m = NULL;
	TT_ASSERT(xdb_search(r, q, &o, &m, &e) == TV_OK);
	TT_INTEQ(xdb_mset_total(m), N);
	xdb_mset_free(m);
	xdb_query_free(q);
	xdb_close(r);
	xdb_close(w);
	free(dir);
}

TT(phrase_matches_in_order_only)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	char out[256];
	xdb_query *q =
	    two(XDB_OP_PHRASE, xdb_query_term("chỉ", 1, 1), xdb_query_term("thị", 1, 2), 0);
	hits(db, q, -1, 0, out, sizeof out);
	TT_STREQ(out, "a");
	xdb_query_free(q);
	q = two(XDB_OP_PHRASE, t("thị"), t("chỉ"), 0);
	hits(db, q, -1, 0, out, sizeof out);
	TT_STREQ(out, "b");
	xdb_query_free(q);
	/* "công tác cán bộ": only a has it adjacent in that order */
	xdb_query *v[3] = {t("công"), t("tác"), t("cán")};
	q = xdb_query_combine(XDB_OP_PHRASE, v, 3, 0);
	for (int i = 0; i < 3; i++) xdb_query_free(v[i]);
	hits(db, q, -1, 0, out, sizeof out);
	TT_STREQ(out, "a");
	xdb_query_free(q);
	/* a wider window lets one word sit between: "về ... tác" in a and c */
	q = two(XDB_OP_PHRASE, t("về"), t("tác"), 3);
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "a c");
	xdb_query_free(q);
	xdb_close(db);
}

TT(near_matches_either_order_within_window)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	char out[256];
	xdb_query *q = two(XDB_OP_NEAR, t("thị"), t("chỉ"), 2);
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "a b");
	xdb_query_free(q);
	/* "chỉ" (1) and "bộ" (6) in a are too far apart for a window of 3 */
	q = two(XDB_OP_NEAR, t("chỉ"), t("bộ"), 3);
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "b");
	xdb_query_free(q);
	xdb_close(db);
}

TT(and_not_excludes_and_or_unions)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	char out[256];
	xdb_query *q = two(XDB_OP_AND_NOT, t("công"), t("về"), 0);
	hits(db, q, 0, 0, out, sizeof out); /* by date: d (2019) before b (2021) */
	TT_STREQ(out, "d b");
	xdb_query_free(q);
	q = two(XDB_OP_OR, t("nghị"), t("kiểm"), 0);
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "d c");
	xdb_query_free(q);
	q = two(XDB_OP_AND, t("công"), t("về"), 0);
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "a c");
	xdb_query_free(q);
	/* AND_NOT with several: first minus any of the rest */
	xdb_query *v[3] = {t("công"), t("nghị"), t("kiểm")};
	q = xdb_query_combine(XDB_OP_AND_NOT, v, 3, 0);
	for (int i = 0; i < 3; i++) xdb_query_free(v[i]);
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "a b");
	xdb_query_free(q);
	/* a missing first operand must not turn "x AND NOT y" into "y" */
	xdb_query *m[2] = {NULL, t("về")};
	q = xdb_query_combine(XDB_OP_AND_NOT, m, 2, 0);
	xdb_query_free(m[1]);
	TT_ASSERT(q);
	TT_CHECK(xdb_query_empty(q));
	TT_INTEQ(hits(db, q, -1, 0, out, sizeof out), 0);
	xdb_query_free(q);
	xdb_close(db);
}

TT(filter_by_boolean_terms_keeps_weights)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	char out[256];
	xdb_query *q = two(XDB_OP_FILTER, t("công"), t("KCT"), 0);
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "d a");
	xdb_query_free(q);
	/* filter by two booleans: restricted to both */
	xdb_query *v[3] = {t("công"), t("KCT"), t("Y2020")};
	q = xdb_query_combine(XDB_OP_FILTER, v, 3, 0);
	for (int i = 0; i < 3; i++) xdb_query_free(v[i]);
	hits(db, q, -1, 0, out, sizeof out);
	TT_STREQ(out, "a");
	/* weight equals the unfiltered weight of "công" on that document */
	xdb_search_opts o = {.limit = 10, .sort_slot = -1};
	xdb_mset *m1 = NULL, *m2 = NULL;
	TT_ASSERT(xdb_search(db, q, &o, &m1, NULL) == TV_OK);
	xdb_query *c = t("công");
	xdb_query *both[2] = {c, NULL};
	xdb_query *qa = t("Qa");
	both[1] = xdb_query_scale(qa, 0);
	xdb_query *cq = xdb_query_combine(XDB_OP_AND, both, 2, 0);
	TT_ASSERT(xdb_search(db, cq, &o, &m2, NULL) == TV_OK);
	TT_INTEQ(xdb_mset_size(m1), 1);
	TT_INTEQ(xdb_mset_size(m2), 1);
	TT_CHECK(xdb_mset_weight(m1, 0) > 0);
	TT_CHECK(xdb_mset_weight(m1, 0) == xdb_mset_weight(m2, 0));
	xdb_mset_free(m1);
	xdb_mset_free(m2);
	xdb_query_free(c);
	xdb_query_free(qa);
	xdb_query_free(both[1]);
	xdb_query_free(cq);
	xdb_query_free(q);
	xdb_close(db);
}

TT(scale_zero_is_boolean_and_scale_multiplies)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	xdb_search_opts o = {.limit = 10, .sort_slot = -1};
	xdb_query *q = t("nghị");
	xdb_query *s0 = xdb_query_scale(q, 0);
	xdb_query *s3 = xdb_query_scale(q, 3);
	xdb_query *neg = xdb_query_scale(q, -2); /* hostile: treated as 0 */
	xdb_mset *m = NULL, *m0 = NULL, *m3 = NULL, *mn = NULL;
	TT_ASSERT(xdb_search(db, q, &o, &m, NULL) == TV_OK);
	TT_ASSERT(xdb_search(db, s0, &o, &m0, NULL) == TV_OK);
	TT_ASSERT(xdb_search(db, s3, &o, &m3, NULL) == TV_OK);
	TT_ASSERT(xdb_search(db, neg, &o, &mn, NULL) == TV_OK);
	TT_INTEQ(xdb_mset_size(m0), 1);
	TT_CHECK(xdb_mset_weight(m0, 0) == 0);
	TT_CHECK(xdb_mset_weight(mn, 0) == 0);
	double w = xdb_mset_weight(m, 0), w3 = xdb_mset_weight(m3, 0);
	TT_CHECK(w > 0);
	TT_CHECK(w3 > 2.999 * w && w3 < 3.001 * w);
	xdb_mset_free(m);
	xdb_mset_free(m0);
	xdb_mset_free(m3);
	xdb_mset_free(mn);
	xdb_query_free(q);
	xdb_query_free(s0);
	xdb_query_free(s3);
	xdb_query_free(neg);
	xdb_close(db);
}

TT(max_takes_the_best_sub_weight)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	xdb_search_opts o = {.limit = 10, .sort_slot = -1};
	xdb_query *a = t("nghị"), *b = t("đảng");
	xdb_query *v[2] = {a, b};
	xdb_query *mx = xdb_query_combine(XDB_OP_MAX, v, 2, 0);
	xdb_query *orq = xdb_query_combine(XDB_OP_OR, v, 2, 0);
	xdb_mset *ma = NULL, *mm = NULL, *mo = NULL;
	TT_ASSERT(xdb_search(db, a, &o, &ma, NULL) == TV_OK);
	TT_ASSERT(xdb_search(db, mx, &o, &mm, NULL) == TV_OK);
	TT_ASSERT(xdb_search(db, orq, &o, &mo, NULL) == TV_OK);
	TT_INTEQ(xdb_mset_size(mm), 1);
	/* both terms occur once each in c only, so max = one of them, OR = sum */
	TT_CHECK(xdb_mset_weight(mm, 0) == xdb_mset_weight(ma, 0));
	TT_CHECK(xdb_mset_weight(mo, 0) > xdb_mset_weight(mm, 0) * 1.5);
	xdb_mset_free(ma);
	xdb_mset_free(mm);
	xdb_mset_free(mo);
	xdb_query_free(a);
	xdb_query_free(b);
	xdb_query_free(mx);
	xdb_query_free(orq);
	xdb_close(db);
}

TT(value_range_with_closed_and_open_ends)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	char out[256];
	xdb_query *q = xdb_query_range(0, "20200101", "20201231");
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "a c");
	xdb_query_free(q);
	q = xdb_query_range(0, "20201231", NULL);
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "c b");
	xdb_query_free(q);
	q = xdb_query_range(0, NULL, "20200315");
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "d a");
	xdb_query_free(q);
	q = xdb_query_range(0, NULL, NULL);
	TT_INTEQ(hits(db, q, 0, 0, out, sizeof out), 4);
	xdb_query_free(q);
	/* reversed bounds match nothing rather than failing */
	q = xdb_query_range(0, "2021", "2019");
	TT_INTEQ(hits(db, q, -1, 0, out, sizeof out), 0);
	xdb_query_free(q);
	/* a slot nobody set */
	q = xdb_query_range(9, "a", "z");
	TT_INTEQ(hits(db, q, -1, 0, out, sizeof out), 0);
	xdb_query_free(q);
	xdb_close(db);
}

TT(sort_by_value_ascending_and_descending)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	char out[256];
	xdb_query *q = xdb_query_all();
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "d a c b");
	hits(db, q, 0, 1, out, sizeof out);
	TT_STREQ(out, "b c a d");
	xdb_query_free(q);
	/* paging: offset 1, limit 2 of the descending order */
	q = xdb_query_all();
	xdb_search_opts o = {.offset = 1, .limit = 2, .sort_slot = 0, .sort_descending = 1};
	xdb_mset *m = NULL;
	TT_ASSERT(xdb_search(db, q, &o, &m, NULL) == TV_OK);
	TT_INTEQ(xdb_mset_size(m), 2);
	TT_INTEQ(xdb_mset_total(m), 4);
	unsigned c = 0, a = 0;
	xdb_find(db, "Qc", &c, NULL);
	xdb_find(db, "Qa", &a, NULL);
	TT_INTEQ(xdb_mset_docid(m, 0), c);
	TT_INTEQ(xdb_mset_docid(m, 1), a);
	TT_INTEQ(xdb_mset_docid(m, 2), 0); /* out of range */
	TT_CHECK(xdb_mset_weight(m, 99) == 0);
	xdb_mset_free(m);
	xdb_query_free(q);
	xdb_close(db);
}

typedef struct {
	char vals[8][32];
	unsigned counts[8];
	int n;
} facet_seen;

static int on_facet(const char *value, unsigned count, void *ud)
{
	facet_seen *f = ud;
	if (f->n < 8) {
		snprintf(f->vals[f->n], sizeof f->vals[0], "%s", value);
		f->counts[f->n++] = count;
	}
	return 0;
}

TT(facets_count_whole_match_set_most_frequent_first)
{
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	/* 300 documents: type by i%6 → Chỉ thị ×150, Nghị quyết ×100, Công văn ×50;
	 * years by i%3 */
	for (int i = 0; i < 300; i++) {
		xdb_doc *d = xdb_doc_new();
		xdb_doc_add_posting(d, "văn", 1, 1);
		if (i % 2 == 0) xdb_doc_add_posting(d, "chẵn", 2, 1);
		const char *type = i % 6 < 3 ? "Chỉ thị" : i % 6 < 5 ? "Nghị quyết" : "Công văn";
		xdb_doc_set_value(d, 2, type, strlen(type));
		char year[8];
		snprintf(year, sizeof year, "%d", 2019 + i % 3);
		xdb_doc_set_value(d, 4, year, 4);
		char id[16];
		snprintf(id, sizeof id, "Q%d", i);
		TT_ASSERT(xdb_replace(w, id, d, NULL, NULL) == TV_OK);
		xdb_doc_free(d);
	}
	TT_ASSERT(xdb_commit(w, NULL) == TV_OK);
	unsigned slots[2] = {2, 4};
	/* a page of 3 and no check_at_least: counts must still cover all 300 */
	xdb_search_opts o = {.limit = 3, .sort_slot = -1, .facet_slots = slots, .nfacets = 2};
	xdb_query *q = t("văn");
	xdb_mset *m = NULL;
	TT_ASSERT(xdb_search(w, q, &o, &m, NULL) == TV_OK);
	TT_INTEQ(xdb_mset_size(m), 3);
	TT_INTEQ(xdb_mset_total(m), 300);
	facet_seen f = {0};
	xdb_mset_facets(m, 0, on_facet, &f);
	TT_INTEQ(f.n, 3);
	TT_STREQ(f.vals[0], "Chỉ thị");
	TT_INTEQ(f.counts[0], 150);
	TT_STREQ(f.vals[1], "Nghị quyết");
	TT_INTEQ(f.counts[1], 100);
	TT_STREQ(f.vals[2], "Công văn");
	TT_INTEQ(f.counts[2], 50);
	facet_seen y = {0};
	xdb_mset_facets(m, 1, on_facet, &y);
	TT_INTEQ(y.n, 3);
	/* equal counts come in byte order */
	TT_STREQ(y.vals[0], "2019");
	TT_STREQ(y.vals[2], "2021");
	TT_INTEQ(y.counts[0] + y.counts[1] + y.counts[2], 300);
	TT_INTEQ(y.counts[1], 100);
	facet_seen none = {0};
	xdb_mset_facets(m, 2, on_facet, &none); /* k out of range */
	TT_INTEQ(none.n, 0);
	xdb_mset_free(m);
	xdb_query_free(q);
	/* facets over a restricted set: even i → types 0,2,4 of i%6 */
	q = t("chẵn");
	TT_ASSERT(xdb_search(w, q, &o, &m, NULL) == TV_OK);
	facet_seen g = {0};
	xdb_mset_facets(m, 0, on_facet, &g);
	TT_INTEQ(g.n, 2);
	TT_STREQ(g.vals[0], "Chỉ thị");
	TT_INTEQ(g.counts[0], 100);
	TT_STREQ(g.vals[1], "Nghị quyết");
	TT_INTEQ(g.counts[1], 50);
	xdb_mset_free(m);
	xdb_query_free(q);
	xdb_close(w);
	free(dir);
}

typedef struct {
	char all[1024];
	size_t used;
	int stop_after;
	int seen;
} term_seen;

static int on_term(const char *term, unsigned freq, void *ud)
{
	term_seen *s = ud;
	s->used += snprintf(s->all + s->used, sizeof s->all - s->used, "%s%s:%u",
	                    s->used ? " " : "", term, freq);
	return ++s->seen == s->stop_after;
}

TT(synonyms_round_trip_in_byte_order_and_synonym_query)
{
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	put(w, "a", "đảng", NULL, NULL);
	put(w, "b", "dang", NULL, NULL);
	put(w, "c", "dáng", NULL, NULL);
	TT_ASSERT(xdb_add_synonym(w, "Ddang", "đảng", NULL) == TV_OK);
	TT_ASSERT(xdb_add_synonym(w, "Ddang", "dáng", NULL) == TV_OK);
	TT_ASSERT(xdb_add_synonym(w, "Ddang", "dang", NULL) == TV_OK);
	TT_ASSERT(xdb_add_synonym(w, "Ddang", "dang", NULL) == TV_OK); /* twice: once */
	TT_INTEQ(xdb_add_synonym(w, "", "x", NULL), TV_ERR_USAGE);
	TT_ASSERT(xdb_commit(w, NULL) == TV_OK);
	xdb *r = open_ro(dir);
	TT_ASSERT(r);
	term_seen s = {0};
	TT_ASSERT(xdb_synonyms(r, "Ddang", on_term, &s, NULL) == TV_OK);
	TT_STREQ(s.all, "dang:1 dáng:1 đảng:1");
	term_seen none = {0};
	TT_ASSERT(xdb_synonyms(r, "Dkhong", on_term, &none, NULL) == TV_OK);
	TT_INTEQ(none.seen, 0);
	/* the synonym set as one weighted term finds all three */
	xdb_query *v[3] = {t("dang"), t("dáng"), t("đảng")};
	xdb_query *q = xdb_query_combine(XDB_OP_SYNONYM, v, 3, 0);
	for (int i = 0; i < 3; i++) xdb_query_free(v[i]);
	char out[64];
	TT_INTEQ(hits(r, q, -1, 0, out, sizeof out), 3);
	xdb_query_free(q);
	xdb_close(r);
	xdb_close(w);
	free(dir);
}

TT(allterms_by_prefix_in_byte_order_and_stops_on_request)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	term_seen s = {0};
	TT_ASSERT(xdb_allterms(db, "K", on_term, &s, NULL) == TV_OK);
	TT_STREQ(s.all, "KCT:2 KCV:1 KNQ:1");
	term_seen one = {.stop_after = 1};
	TT_ASSERT(xdb_allterms(db, "Y20", on_term, &one, NULL) == TV_OK);
	TT_STREQ(one.all, "Y2019:1");
	term_seen none = {0};
	TT_ASSERT(xdb_allterms(db, "Zzz", on_term, &none, NULL) == TV_OK);
	TT_INTEQ(none.seen, 0);
	/* terms of one document, by prefix */
	unsigned a = 0;
	TT_ASSERT(xdb_find(db, "Qa", &a, NULL) == TV_OK);
	term_seen d = {0};
	TT_ASSERT(xdb_doc_terms(db, a, "Y", on_term, &d, NULL) == TV_OK);
	TT_STREQ(d.all, "Y2020:2");
	term_seen c = {0};
	TT_ASSERT(xdb_doc_terms(db, a, "c", on_term, &c, NULL) == TV_OK);
	TT_STREQ(c.all, "chỉ:2 cán:2 công:4");
	TT_INTEQ(xdb_doc_terms(db, 999, "", on_term, &c, NULL), TV_ERR_NOT_FOUND);
	xdb_close(db);
}

TT(postlist_lists_ids_ascending)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	unsigned *ids = NULL;
	size_t n = 0;
	TT_ASSERT(xdb_postlist(db, "công", &ids, &n, NULL) == TV_OK);
	TT_INTEQ(n, 4);
	for (size_t i = 1; i < n; i++) TT_CHECK(ids[i - 1] < ids[i]);
	free(ids);
	TT_ASSERT(xdb_postlist(db, "KCT", &ids, &n, NULL) == TV_OK);
	TT_INTEQ(n, 2);
	unsigned a = 0, d = 0;
	xdb_find(db, "Qa", &a, NULL);
	xdb_find(db, "Qd", &d, NULL);
	TT_INTEQ(ids[0], a);
	TT_INTEQ(ids[1], d);
	free(ids);
	TT_ASSERT(xdb_postlist(db, "vắng", &ids, &n, NULL) == TV_OK);
	TT_INTEQ(n, 0);
	TT_CHECK(ids == NULL);
	xdb_close(db);
}

TT(prefix_query_ors_every_term_with_the_prefix)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	char out[256];
	xdb_query *q = xdb_query_prefix("KC");
	hits(db, q, 0, 0, out, sizeof out);
	TT_STREQ(out, "d a b");
	xdb_query_free(q);
	q = xdb_query_prefix("KX");
	TT_INTEQ(hits(db, q, -1, 0, out, sizeof out), 0);
	xdb_query_free(q);
	xdb_close(db);
}

TT(metadata_set_get_and_unset_is_empty)
{
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	TT_ASSERT(xdb_set_metadata(w, "schema", "3", NULL) == TV_OK);
	TT_ASSERT(xdb_commit(w, NULL) == TV_OK);
	xdb *r = open_ro(dir);
	TT_ASSERT(r);
	char *v = NULL;
	TT_ASSERT(xdb_get_metadata(r, "schema", &v, NULL) == TV_OK);
	TT_STREQ(v, "3");
	free(v);
	TT_ASSERT(xdb_get_metadata(r, "chưa có", &v, NULL) == TV_OK);
	TT_STREQ(v, "");
	free(v);
	TT_INTEQ(xdb_set_metadata(w, "", "x", NULL), TV_ERR_USAGE);
	xdb_close(r);
	xdb_close(w);
	free(dir);
}

TT(second_writer_fails_with_lock_message)
{
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	xdb *w2 = NULL;
	tv_error e = {0};
	TT_INTEQ(xdb_open(dir, XDB_WRITE, &w2, &e), TV_ERR_DB);
	TT_CHECK(w2 == NULL);
	TT_CHECK(strstr(e.msg, "is being written by another thuvien process") != NULL);
	TT_CHECK(strstr(e.msg, dir) != NULL);
	/* a reader is fine meanwhile */
	xdb *r = open_ro(dir);
	TT_CHECK(r != NULL);
	xdb_close(r);
	xdb_close(w);
	/* and once closed, a new writer gets the lock */
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &w2, &e) == TV_OK);
	xdb_close(w2);
	free(dir);
}

TT(missing_database_for_reading_fails_naming_it_and_is_not_created)
{
	char *root = tt_tmpdir();
	char dir[600];
	snprintf(dir, sizeof dir, "%s/không-có", root);
	xdb *r = (xdb *)1;
	tv_error e = {0};
	TT_INTEQ(xdb_open(dir, XDB_READ, &r, &e), TV_ERR_DB);
	TT_CHECK(r == NULL);
	TT_CHECK(strstr(e.msg, dir) != NULL);
	struct stat st;
	TT_CHECK(stat(dir, &st) != 0);
	/* an existing folder that is no database: Xapian's reason, named */
	TT_INTEQ(xdb_open(root, XDB_READ, &r, &e), TV_ERR_DB);
	TT_CHECK(strstr(e.msg, root) != NULL);
	TT_INTEQ(xdb_open("", XDB_READ, &r, &e), TV_ERR_USAGE);
	/* writer under a missing parent folder */
	snprintf(dir, sizeof dir, "%s/a/b/c", root);
	TT_INTEQ(xdb_open(dir, XDB_WRITE, &r, &e), TV_ERR_DB);
	TT_CHECK(strstr(e.msg, dir) != NULL);
	free(root);
}

TT(too_long_term_is_skipped_without_throwing)
{
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	char big[400];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	char edge[246];
	memset(edge, 'y', 245);
	edge[245] = '\0';
	xdb_doc *d = xdb_doc_new();
	xdb_doc_add_posting(d, big, 1, 1);
	xdb_doc_add_term(d, big, 1);
	xdb_doc_add_boolean(d, big);
	xdb_doc_add_boolean(d, edge); /* exactly 245: accepted */
	xdb_doc_add_posting(d, "", 2, 1);
	xdb_doc_add_posting(d, NULL, 3, 1);
	xdb_doc_add_posting(d, "ngắn", 4, 1);
	unsigned id = 0;
	tv_error e;
	tv_err rc = xdb_replace(w, "Qlong", d, &id, &e);
	if (rc != TV_OK) tt_fail(__FILE__, __LINE__, "replace: %s", e.msg);
	xdb_doc_free(d);
	TT_ASSERT(xdb_commit(w, NULL) == TV_OK);
	TT_INTEQ(xdb_termfreq(w, "ngắn"), 1);
	TT_INTEQ(xdb_termfreq(w, edge), 1);
	TT_INTEQ(xdb_termfreq(w, big), 0);
	/* an overlong id term is refused with a message, not thrown */
	d = xdb_doc_new();
	TT_INTEQ(xdb_replace(w, big, d, NULL, &e), TV_ERR_USAGE);
	xdb_doc_free(d);
	/* querying for it simply matches nothing */
	xdb_query *q = t(big);
	char out[64];
	TT_INTEQ(hits(w, q, -1, 0, out, sizeof out), 0);
	xdb_query_free(q);
	xdb_close(w);
	free(dir);
}

TT(writes_on_a_reader_are_refused)
{
	char *dir = tt_tmpdir();
	xdb *w = open_rw(dir);
	TT_ASSERT(w);
	xdb_close(w);
	xdb *r = open_ro(dir);
	TT_ASSERT(r);
	tv_error e = {0};
	xdb_doc *d = xdb_doc_new();
	TT_INTEQ(xdb_replace(r, "Qx", d, NULL, &e), TV_ERR_USAGE);
	TT_CHECK(strstr(e.msg, "read-only") != NULL);
	xdb_doc_free(d);
	TT_INTEQ(xdb_delete(r, "Qx", NULL), TV_ERR_USAGE);
	TT_INTEQ(xdb_commit(r, NULL), TV_ERR_USAGE);
	TT_INTEQ(xdb_set_metadata(r, "k", "v", NULL), TV_ERR_USAGE);
	TT_INTEQ(xdb_add_synonym(r, "k", "v", NULL), TV_ERR_USAGE);
	TT_INTEQ(xdb_delete(NULL, "Qx", NULL), TV_ERR_USAGE);
	xdb_close(r);
	free(dir);
}

TT(missing_documents_report_not_found)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	char *s = NULL;
	size_t len = 7;
	tv_error e = {0};
	TT_INTEQ(xdb_get_data(db, 999, &s, &len, &e), TV_ERR_NOT_FOUND);
	TT_CHECK(s == NULL);
	TT_INTEQ(len, 0);
	TT_INTEQ(xdb_get_data(db, 0, &s, &len, &e), TV_ERR_NOT_FOUND);
	TT_INTEQ(xdb_get_value(db, 999, 0, &s, &len, &e), TV_ERR_NOT_FOUND);
	unsigned id = 5;
	TT_INTEQ(xdb_find(db, "", &id, &e), TV_ERR_NOT_FOUND);
	TT_INTEQ(id, 0);
	xdb_close(db);
}

TT(empty_and_null_queries_match_nothing_and_describe)
{
	xdb *db = corpus();
	TT_ASSERT(db);
	char out[64];
	xdb_query *q = xdb_query_combine(XDB_OP_OR, NULL, 0, 0);
	TT_ASSERT(q);
	TT_CHECK(xdb_query_empty(q));
	TT_INTEQ(hits(db, q, -1, 0, out, sizeof out), 0);
	xdb_query_free(q);
	q = xdb_query_term(NULL, 1, 0);
	TT_CHECK(xdb_query_empty(q));
	xdb_query_free(q);
	q = xdb_query_term("", 1, 0); /* not "every document" */
	TT_INTEQ(hits(db, q, -1, 0, out, sizeof out), 0);
	xdb_query_free(q);
	q = xdb_query_combine((xdb_op)77, NULL, 0, 0);
	TT_CHECK(xdb_query_empty(q));
	xdb_query_free(q);
	q = xdb_query_all();
	TT_CHECK(!xdb_query_empty(q));
	TT_INTEQ(hits(db, q, -1, 0, out, sizeof out), 4);
	xdb_query_free(q);
	q = two(XDB_OP_AND, t("công"), t("KCT"), 0);
	char *desc = xdb_query_describe(q);
	TT_STREQ(desc, "Query((công AND KCT))");
	free(desc);
	xdb_query_free(q);
	xdb_query_free(NULL);
	xdb_mset_free(NULL);
	xdb_doc_free(NULL);
	tv_error e;
	xdb_mset *m = (xdb_mset *)1;
	TT_INTEQ(xdb_search(db, NULL, NULL, &m, &e), TV_ERR_USAGE);
	TT_CHECK(m == NULL);
	xdb_close(db);
}
