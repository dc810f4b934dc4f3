/* test_perf.c — the behaviour behind the speed-ups of issue 8 stays right:
 * the writer's add-instead-of-replace path, NFC's quick path in case mapping,
 * the UTF-8 path of plain-text extraction, the body text kept beside the JSON
 * record (SLOT_TEXT), bounded snippets, the exact-phrase bonus by bigrams,
 * sampled facets that say so, broad queries ranked from top lists, the bulk
 * load of a first build, and the largest files first for the single writer. */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "../indexer/extract.h"
#include "../indexer/indexer.h"
#include "../search/query.h"
#include "../search/schema.h"
#include "../search/search.h"
#include "../search/xdb.h"
#include "../vn/vn.h"
#include "tt.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		tt_fail(__FILE__, __LINE__, "cannot write %s", path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

/* A document with one F term per word and one G term per adjacent pair (as
 * the indexer writes them), a type value, an id term and, when date is given
 * (YYYYMMDD), the date value and year term. */
static void put_doc_dated(xdb *db, unsigned n, const char *words, const char *type,
                          const char *date)
{
	xdb_doc *d = xdb_doc_new();
	char buf[512], id[32], prev[128] = "";
	snprintf(buf, sizeof buf, "%s", words);
	unsigned pos = 0;
	for (char *sv, *w = strtok_r(buf, " ", &sv); w; w = strtok_r(NULL, " ", &sv)) {
		char t[128];
		snprintf(t, sizeof t, "%s%s", PFX_FOLD, w);
		xdb_doc_add_posting(d, t, ++pos, 1);
		if (prev[0]) {
			snprintf(t, sizeof t, "%s%s_%s", PFX_FBIGRAM, prev, w);
			xdb_doc_add_term(d, t, 1);
		}
		snprintf(prev, sizeof prev, "%s", w);
	}
	if (type) xdb_doc_set_value(d, SLOT_TYPE, type, strlen(type));
	if (date) {
		xdb_doc_set_value(d, SLOT_DATE, date, 8);
		snprintf(buf, sizeof buf, "%s%.4s", PFX_YEAR, date);
		xdb_doc_add_boolean(d, buf);
	}
	snprintf(buf, sizeof buf, "{\"path\":\"/d/%u\"}", n);
	xdb_doc_set_data(d, buf, strlen(buf));
	snprintf(id, sizeof id, "%s/d/%u", PFX_ID, n);
	tv_error e;
	if (xdb_replace(db, id, d, NULL, &e) != TV_OK)
		tt_fail(__FILE__, __LINE__, "replace %u: %s", n, e.msg);
	xdb_doc_free(d);
}

static void put_doc(xdb *db, unsigned n, const char *words, const char *type)
{
	put_doc_dated(db, n, words, type, NULL);
}

TT(replace_in_the_same_uncommitted_batch_keeps_one_document)
{
	char *dir = tt_tmpdir();
	xdb *db = NULL;
	tv_error e;
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &db, &e) == TV_OK);
	put_doc(db, 1, "mot", NULL);
	put_doc(db, 2, "hai", NULL);
	put_doc(db, 1, "ba", NULL); /* not committed yet: must replace, not add */
	TT_INTEQ(xdb_doccount(db), 2);
	TT_INTEQ(xdb_termfreq(db, PFX_FOLD "mot"), 0);
	TT_INTEQ(xdb_termfreq(db, PFX_FOLD "ba"), 1);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	put_doc(db, 2, "bon", NULL); /* after a commit */
	put_doc(db, 3, "nam", NULL);
	TT_INTEQ(xdb_doccount(db), 3);
	TT_INTEQ(xdb_termfreq(db, PFX_FOLD "hai"), 0);
	TT_INTEQ(xdb_termfreq(db, PFX_ID "/d/2"), 1);
	xdb_close(db);
	free(dir);
}

TT(case_mapping_of_precomposed_and_decomposed_text_agrees)
{
	char *a =
	    vn_lower("ĐẢNG ỦY Hà Nội – “Nghị Quyết”", strlen("ĐẢNG ỦY Hà Nội – “Nghị Quyết”"));
	TT_STREQ(a, "đảng ủy hà nội – “nghị quyết”");
	free(a);
	/* NFD: n g h i + U+0323 (dot below) composes to ị before mapping */
	const char nfd[] = "NGHI\xcc\xa3 quyê\xcc\x81t";
	char *b = vn_lower(nfd, strlen(nfd));
	TT_STREQ(b, "nghị quyết");
	free(b);
	char *c = vn_upper("nghị quyết đảng", strlen("nghị quyết đảng"));
	TT_STREQ(c, "NGHỊ QUYẾT ĐẢNG");
	free(c);
	/* a compatibility singleton (U+212B ANGSTROM SIGN) still goes through NFC */
	char *d = vn_lower("\xe2\x84\xab", 3);
	TT_STREQ(d, "å");
	free(d);
	/* invalid bytes: replaced, never read past the end */
	char *f = vn_lower("A\xff\xe1\xba", 4);
	TT_ASSERT(f && f[0] == 'a');
	free(f);
}

TT(txt_valid_unicode_vietnamese_is_kept_as_is)
{
	char *dir = tt_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/vb.txt", dir);
	const char *text =
	    "Hà Nội, ngày 15 tháng 5 năm 2016. Nghị quyết của Đảng về công tác cán bộ.";
	write_file(path, text);
	tv_doc *d = NULL;
	tv_error e;
	TT_ASSERT(ext_file(path, NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 1);
	TT_STREQ(d->blocks[0].text, text);
	TT_INTEQ(d->source & DOC_SRC_LEGACY, 0);
	doc_free(d);
	/* TCVN3 bytes read as Latin-1 and saved as UTF-8 (the fixture of
	 * test_extract): valid UTF-8 that must still be decoded */
	snprintf(path, sizeof path, "%s/extract/tcvn3.txt", tt_data_dir);
	TT_ASSERT(ext_file(path, NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 1);
	TT_STREQ(d->blocks[0].text, "nghị quyết của Đảng và cán bộ");
	TT_CHECK(d->source & DOC_SRC_LEGACY);
	doc_free(d);
	free(dir);
}

/* `thuvien index` of DIR/lib into DIR/db, opened for reading; NULL on failure. */
static xdb *index_lib(const char *dir)
{
	char *out = NULL;
	int rc = tt_run(&out, NULL, "%s index --db %s/db %s/lib", tt_bin, dir, dir);
	free(out);
	if (rc != 0) return NULL;
	char dbdir[4200];
	snprintf(dbdir, sizeof dbdir, "%s/db", dir);
	xdb *db = NULL;
	tv_error e;
	return xdb_open(dbdir, XDB_READ, &db, &e) == TV_OK ? db : NULL;
}

/* A long text file whose query words stand only near the end. */
static void write_long(const char *path, const char *tail)
{
	FILE *f = fopen(path, "wb");
	if (!f) return;
	fputs("Báo cáo kết quả công tác năm.\n\n", f);
	for (int i = 0; i < 3000; i++) fputs("nội dung thường lệ của văn bản ", f);
	fprintf(f, "\n\n%s\n", tail);
	fclose(f);
}

TT(body_text_lives_beside_the_record_and_show_restores_it)
{
	char *dir = tt_tmpdir();
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "mkdir -p %s/lib", dir);
	TT_ASSERT(tt_run(NULL, NULL, "%s", cmd) == 0);
	char path[4200];
	snprintf(path, sizeof path, "%s/lib/dai.txt", dir);
	write_long(path, "Đề nghị tăng cường hòa giải ở cơ sở.");
	snprintf(path, sizeof path, "%s/lib/khac.txt", dir);
	write_file(path, "Báo cáo khác.\n\nCông tác hoa giai ở cơ sở được tổ chức.\n");
	xdb *db = index_lib(dir);
	TT_ASSERT(db);
	tv_error e;

	/* the stored JSON has no "text"; SLOT_TEXT has it */
	unsigned id = 0;
	char idterm[4300];
	snprintf(idterm, sizeof idterm, "%s%s/lib/dai.txt", PFX_ID, dir);
	TT_ASSERT(xdb_find(db, idterm, &id, &e) == TV_OK);
	char *data = NULL, *val = NULL;
	size_t len = 0, vlen = 0;
	TT_ASSERT(xdb_get_data(db, id, &data, &len, &e) == TV_OK);
	json_t *rec = tt_json(data);
	TT_CHECK(rec && json_object_get(rec, "path") && !json_object_get(rec, "text"));
	json_decref(rec);
	TT_CHECK(len < 2000);
	TT_ASSERT(xdb_get_value(db, id, SLOT_TEXT, &val, &vlen, &e) == TV_OK);
	TT_CHECK(vlen > 90000 && strstr(val, "tăng cường hòa giải") != NULL);
	free(val);

	/* the brief: the list's fields, as the record has them, and nothing else */
	static const char *const keys[SCHEMA_NBRIEF] = SCHEMA_BRIEF_KEYS;
	TT_ASSERT(xdb_get_value(db, id, SLOT_BRIEF, &val, &vlen, &e) == TV_OK);
	json_t *br = tt_json(val);
	rec = tt_json(data);
	TT_ASSERT(br && rec);
	TT_INTEQ(json_object_size(br), SCHEMA_NBRIEF);
	for (size_t k = 0; k < SCHEMA_NBRIEF; k++) {
		json_t *want = json_object_get(rec, keys[k]);
		TT_CHECK(json_equal(json_object_get(br, keys[k]), want ? want : json_null()));
	}
	TT_CHECK(json_string_value(json_object_get(br, "path")) &&
	         json_string_value(json_object_get(br, "title")));
	json_decref(br);
	json_decref(rec);
	free(data);
	free(val);

	/* srch_doc puts it back */
	json_t *doc = NULL;
	char ref[16];
	snprintf(ref, sizeof ref, "%u", id);
	TT_ASSERT(srch_doc(db, ref, &doc, &e) == TV_OK);
	const char *t = json_string_value(json_object_get(doc, "text"));
	TT_CHECK(t && strlen(t) > 90000 && strstr(t, "tăng cường hòa giải"));
	json_decref(doc);

	/* the snippet finds words 18,000 words in; the exact phrase ranks first */
	srch_opts o = {.query = "\"hòa giải\"", .limit = 10};
	srch_result *r = NULL;
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_INTEQ(r->nhits, 2);
	const char *p0 = json_string_value(json_object_get(r->hits[0].doc, "path"));
	TT_CHECK(p0 && strstr(p0, "dai.txt"));
	TT_CHECK(r->hits[0].score > r->hits[1].score);
	TT_CHECK(r->hits[0].snippet && strstr(r->hits[0].snippet, "hòa giải ở cơ sở"));
	TT_CHECK(r->hits[0].nhl >= 2);
	/* a hit carries the brief, not the record (which has key points, signer, ...) */
	TT_INTEQ(json_object_size(r->hits[0].doc), SCHEMA_NBRIEF);
	TT_CHECK(json_object_get(r->hits[0].doc, "keypoints") == NULL);
	json_t *js = srch_result_json(r);
	TT_CHECK(json_is_true(json_object_get(js, "facets_exact")));
	json_decref(js);
	srch_result_free(r);
	xdb_close(db);
	free(dir);
}

/* XDB_FACET_CHECK + 500 documents in DIR, odd ones with odd_words and type
 * "Chỉ thị", even ones with even_words and "Công văn"; opened for reading. */
static xdb *alternating_db(const char *dir, const char *odd_words, const char *even_words)
{
	xdb *db = NULL;
	tv_error e;
	if (xdb_open(dir, XDB_WRITE, &db, &e) != TV_OK) return NULL;
	for (unsigned i = 1; i <= XDB_FACET_CHECK + 500; i++)
		put_doc(db, i, i % 2 ? odd_words : even_words, i % 2 ? "Chỉ thị" : "Công văn");
	tv_err rc = xdb_commit(db, &e);
	xdb_close(db);
	db = NULL;
	return rc == TV_OK && xdb_open(dir, XDB_READ, &db, &e) == TV_OK ? db : NULL;
}

TT(facets_over_a_broad_match_are_sampled_and_say_so)
{
	char *dir = tt_tmpdir();
	unsigned n = XDB_FACET_CHECK + 500;
	xdb *db = alternating_db(dir, "alpha beta", "alpha gamma");
	TT_ASSERT(db);
	tv_error e;

	srch_opts o = {.query = "alpha", .limit = 5};
	srch_result *r = NULL;
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_INTEQ(r->total, n);
	unsigned seen = 0;
	for (size_t i = 0; i < r->nfacets[0]; i++) seen += r->facets[0][i].count;
	/* at least the checked sample; the matcher may check more */
	TT_CHECK(seen >= XDB_FACET_CHECK && seen <= n);
	json_t *js = srch_result_json(r);
	TT_CHECK(json_is_false(json_object_get(js, "facets_exact")));
	json_decref(js);
	srch_result_free(r);

	/* a narrow match is counted whole */
	srch_opts o2 = {.query = "alpha beta", .limit = 5};
	TT_ASSERT(srch_run(db, &o2, &r, &e) == TV_OK);
	TT_INTEQ(r->total, n / 2);
	TT_INTEQ(r->nfacets[0], 1);
	TT_STREQ(r->facets[0][0].value, "Chỉ thị");
	TT_INTEQ(r->facets[0][0].count, n / 2);
	json_t *js2 = srch_result_json(r);
	TT_CHECK(json_is_true(json_object_get(js2, "facets_exact")));
	json_decref(js2);
	srch_result_free(r);
	xdb_close(db);
	free(dir);
}

/* The number put_doc gave the document of hit i. */
static unsigned hit_n(const srch_result *r, size_t i)
{
	const char *p = json_string_value(json_object_get(r->hits[i].doc, "path"));
	return p && strncmp(p, "/d/", 3) == 0 ? (unsigned)atoi(p + 3) : 0;
}

#define BROAD_DOCS 6000

/* BROAD_DOCS documents with "alpha beta"; the ten numbered 10, 610, 1210, ...
 * four times (they weigh most), the rest once; types alternate.  Top lists of 50 for terms in 100
 * documents or more.  Opened for reading. */
static xdb *broad_db(const char *dir)
{
	static const char *const pfx[] = {PFX_FOLD, PFX_FBIGRAM, PFX_TITLE};
	xdb *db = NULL;
	tv_error e;
	if (xdb_open(dir, XDB_WRITE, &db, &e) != TV_OK) return NULL;
	for (unsigned i = 1; i <= BROAD_DOCS; i++) {
		/* dated over 2000-2019 (a few days a year), every 7th undated */
		char date[9];
		snprintf(date, sizeof date, "%04u%02u%02u", 2000 + i % 20, 1 + i % 12, 1 + i % 3);
		put_doc_dated(db, i,
		              i % 600 == 10 ? "alpha beta alpha beta alpha beta alpha beta delta"
		                            : "alpha beta gamma epsilon zeta eta theta iota",
		              i % 2 ? "Chỉ thị" : "Công văn", i % 7 ? date : NULL);
	}
	tv_err rc = xdb_commit(db, &e);
	xdb_top_spec spec = {pfx, 3, 50, 100};
	if (rc == TV_OK) rc = xdb_top_build(db, &spec, &e);
	if (rc == TV_OK) rc = xdb_commit(db, &e);
	xdb_close(db);
	db = NULL;
	return rc == TV_OK && xdb_open(dir, XDB_READ, &db, &e) == TV_OK ? db : NULL;
}

/* Runs o as asked into *r and ranking every match into *rx; 1 when both ran. */
static int run_both(xdb *db, srch_opts o, srch_result **r, srch_result **rx)
{
	tv_error e;
	*r = *rx = NULL;
	if (srch_run(db, &o, r, &e) != TV_OK) return 0;
	o.exhaustive = 1;
	return srch_run(db, &o, rx, &e) == TV_OK;
}

TT(broad_query_ranks_its_top_list_candidates_exactly)
{
	char *dir = tt_tmpdir();
	xdb *db = broad_db(dir);
	TT_ASSERT(db);
	unsigned built_last = 0;
	TT_CHECK(xdb_top_state(db, NULL, &built_last) && built_last == BROAD_DOCS);
	tv_error e;

	/* the ten strongest, in the order the whole ranking gives them */
	srch_opts o = {.query = "alpha beta", .limit = 5};
	srch_result *r = NULL, *rx = NULL;
	TT_ASSERT(run_both(db, o, &r, &rx));
	TT_INTEQ(r->nhits, 5);
	TT_INTEQ(r->total, BROAD_DOCS);
	TT_CHECK(!r->facets_exact);
	TT_CHECK(rx->facets_exact == 0); /* a sample too, but unscaled */
	for (size_t i = 0; i < r->nhits; i++) {
		TT_INTEQ(hit_n(r, i) % 600, 10);
		TT_INTEQ(hit_n(r, i), hit_n(rx, i));
		/* (summed in another order than the matcher's) */
		TT_CHECK(fabs(r->hits[i].score - rx->hits[i].score) <= 1e-9 * rx->hits[i].score);
	}
	/* the facets of the candidates, scaled to the total */
	unsigned sum = 0;
	for (size_t i = 0; i < r->nfacets[0]; i++) sum += r->facets[0][i].count;
	TT_CHECK(sum + 2 >= BROAD_DOCS && sum <= BROAD_DOCS + 2);
	srch_result_free(r);
	srch_result_free(rx);
	o.offset = 5; /* the next page: the other five */
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_INTEQ(r->nhits, 5);
	for (size_t i = 0; i < r->nhits; i++) TT_INTEQ(hit_n(r, i) % 600, 10);
	srch_result_free(r);

	/* too few candidates for the page asked: the whole query answers */
	srch_opts deep = {.query = "alpha beta", .offset = 150, .limit = 100};
	TT_ASSERT(srch_run(db, &deep, &r, &e) == TV_OK);
	TT_INTEQ(r->nhits, 100);
	TT_INTEQ(r->total, BROAD_DOCS);
	srch_result_free(r);
	xdb_close(db);

	/* a document added after the build is a candidate without a rebuild */
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &db, &e) == TV_OK);
	put_doc(db, 9999,
	        "alpha beta alpha beta alpha beta alpha beta alpha beta alpha beta alpha beta "
	        "alpha beta alpha beta alpha beta",
	        "Công văn");
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	xdb_close(db);
	TT_ASSERT(xdb_open(dir, XDB_READ, &db, &e) == TV_OK);
	o.offset = 0;
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_INTEQ(r->nhits, 5);
	TT_INTEQ(hit_n(r, 0), 9999);
	srch_result_free(r);
	xdb_close(db);
	free(dir);
}

/* Writes files first..first+n-1 of a library: short texts sharing common words. */
static void write_lib(const char *dir, unsigned first, unsigned n)
{
	char path[4200];
	for (unsigned i = first; i < first + n; i++) {
		snprintf(path, sizeof path, "%s/lib/v%05u.txt", dir, i);
		write_file(path, i % 2 ? "Thông báo.\n\nHọc tập và làm theo tư tưởng.\n"
		                       : "Kế hoạch.\n\nHọc tập nghị quyết của Đảng.\n");
	}
}

/* Whether pages a and b hold the same documents in the same order. */
static int same_page(const srch_result *a, const srch_result *b)
{
	if (a->nhits != b->nhits) return 0;
	for (size_t i = 0; i < a->nhits; i++)
		if (a->hits[i].id != b->hits[i].id) return 0;
	return 1;
}

/* The total Xapian estimates for q (an mset of no documents). */
static unsigned estimated(xdb *db, const xdb_query *q)
{
	xdb_search_opts o = {.sort_slot = -1};
	xdb_mset *m = NULL;
	tv_error e;
	unsigned n = xdb_search(db, q, &o, &m, &e) == TV_OK ? xdb_mset_total(m) : (unsigned)-1;
	xdb_mset_free(m);
	return n;
}

TT(broad_query_total_is_estimated_from_its_required_words_alone)
{
	/* a run of words estimates its total from the AND of its required
	 * words (without the optional exact, title and bigram terms): the
	 * same estimate as the whole query's; with a filter, from the whole */
	char *dir = tt_tmpdir();
	xdb *db = broad_db(dir);
	TT_ASSERT(db);
	tv_error e;
	static const char *const qs[] = {"alpha beta", "alpha delta",      "beta gamma epsilon",
	                                 "gamma",      "delta theta iota", "alpha -delta"};
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
		srch_opts o = {.query = qs[i]};
		qp_plan p = {0};
		TT_ASSERT(qp_build(db, &o, &p, &e) == TV_OK);
		TT_CHECK(p.est != NULL);
		if (p.est) TT_INTEQ(estimated(db, p.est), estimated(db, p.q));
		qp_free(&p);
	}
	srch_opts f = {.query = "alpha beta", .type = "Chỉ thị"};
	qp_plan p = {0};
	TT_ASSERT(qp_build(db, &f, &p, &e) == TV_OK);
	TT_CHECK(p.est == NULL);
	qp_free(&p);
	xdb_close(db);
	free(dir);
}

TT(broad_query_by_date_walks_the_years_and_matches_the_full_sort)
{
	char *dir = tt_tmpdir();
	xdb *db = broad_db(dir);
	TT_ASSERT(db);
	tv_error e;
	/* newest first: page 1; a page across the 2019/2018 boundary (about 257
	 * a year); deep pages reaching the undated documents (857), which sort
	 * last, and the last page.  Oldest first: the undated documents first,
	 * across into 2000, across 2000/2001, the last page. */
	unsigned offsets[2][5] = {{0, 250, 5140, 5900, 5980}, {0, 850, 1100, 3000, 5980}};
	for (int sort = 1; sort <= 2; sort++)
		for (size_t k = 0; k < 5; k++) {
			srch_opts o = {.query = "alpha beta",
			               .limit = 20,
			               .offset = offsets[sort - 1][k],
			               .sort_date = sort};
			srch_result *r = NULL, *rx = NULL;
			TT_ASSERT(run_both(db, o, &r, &rx));
			TT_INTEQ(r->nhits, 20);
			TT_CHECK(same_page(r, rx));
			TT_INTEQ(r->total, BROAD_DOCS);
			srch_result_free(r);
			srch_result_free(rx);
		}
	/* the newest page holds 2019's documents and says its facets are estimates */
	srch_opts o = {.query = "alpha beta", .limit = 5, .sort_date = 1};
	srch_result *r = NULL;
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_CHECK(!r->facets_exact);
	for (size_t i = 0; i < r->nhits; i++) TT_INTEQ(hit_n(r, i) % 20, 19);
	srch_result_free(r);
	xdb_close(db);
	free(dir);
}

TT(index_builds_top_lists_once_the_library_is_large_and_keeps_them_for_a_few_more)
{
	char *dir = tt_tmpdir();
	TT_ASSERT(tt_run(NULL, NULL, "mkdir -p %s/lib", dir) == 0);
	write_lib(dir, 0, XDB_TOP_MIN_DF - 1); /* too small: no term can be that common */
	xdb *db = index_lib(dir);
	TT_ASSERT(db);
	unsigned built_last = 0;
	TT_CHECK(!xdb_top_state(db, NULL, &built_last));
	xdb_close(db);

	write_lib(dir, XDB_TOP_MIN_DF - 1, 1);
	db = index_lib(dir);
	TT_ASSERT(db);
	TT_CHECK(xdb_top_state(db, NULL, &built_last));
	TT_INTEQ(built_last, xdb_lastdocid(db));
	/* "học tập" is in every document: its lists exist and rank them */
	unsigned *ids = NULL;
	const char *terms[] = {PFX_FOLD "hoc", PFX_FBIGRAM "hoc_tap"};
	double w[] = {1, 1};
	TT_INTEQ(xdb_top_candidates(db, terms, w, 2, 10, &ids), 10);
	free(ids);
	xdb_close(db);

	/* ten more documents: read from the ends of the posting lists, no rebuild */
	unsigned before = built_last;
	write_lib(dir, XDB_TOP_MIN_DF, 10);
	db = index_lib(dir);
	TT_ASSERT(db);
	TT_CHECK(xdb_top_state(db, NULL, &built_last));
	TT_INTEQ(built_last, before);
	TT_INTEQ(xdb_lastdocid(db), before + 10);
	xdb_close(db);
	free(dir);
}

/* Document n with terms F<alpha> x a and F<beta> x b, padded to 20 words so
 * every document has the same length. */
static void put_weighted(xdb *db, unsigned n, unsigned a, unsigned b)
{
	xdb_doc *d = xdb_doc_new();
	xdb_doc_add_term(d, PFX_FOLD "alpha", a);
	xdb_doc_add_term(d, PFX_FOLD "beta", b);
	xdb_doc_add_term(d, PFX_FOLD "pad", 20 - a - b);
	char id[32];
	snprintf(id, sizeof id, "%s/d/%u", PFX_ID, n);
	tv_error e;
	xdb_add(db, id, d, &e);
	xdb_doc_free(d);
}

TT(top_candidates_count_a_document_missing_from_a_full_list_near_its_smallest_entry)
{
	/* Lists of 50: alpha's holds A (alpha 8), C (alpha 4) and 48 of 60
	 * documents with alpha 3; beta's holds C (beta 4) and 49 of 60 with
	 * beta 3.  A is missing from beta's list but may carry beta (it does,
	 * once).  With alpha weighed 3 and the within-document part 2w/(w+1):
	 * counted as nothing, A = 3 x 1.78 = 5.33 < C = 3 x 1.6 + 1.6 = 6.4;
	 * counted at 0.8 x beta's smallest entry (1.5), A = 6.53 > C.  D, added
	 * after the build, is read from the posting lists: its real beta
	 * (1.0) gives 6.33, below both. */
	char *dir = tt_tmpdir();
	xdb *db = NULL;
	tv_error e;
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &db, &e) == TV_OK);
	unsigned n = 0;
	for (unsigned i = 0; i < 100; i++) put_weighted(db, ++n, 1, 1);
	for (unsigned i = 0; i < 60; i++) put_weighted(db, ++n, 3, 1);
	for (unsigned i = 0; i < 60; i++) put_weighted(db, ++n, 1, 3);
	unsigned a = ++n, c = ++n, d = n + 1;
	put_weighted(db, a, 8, 1);
	put_weighted(db, c, 4, 4);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	static const char *const pfx[] = {PFX_FOLD};
	xdb_top_spec spec = {pfx, 1, 50, 100};
	TT_ASSERT(xdb_top_build(db, &spec, &e) == TV_OK);
	put_weighted(db, d, 8, 1);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);

	const char *terms[] = {PFX_FOLD "alpha", PFX_FOLD "beta"};
	double w[] = {3, 1};
	unsigned *ids = NULL;
	TT_ASSERT(xdb_top_candidates(db, terms, w, 2, 1, &ids) == 1);
	TT_INTEQ(ids[0], a);
	free(ids);
	TT_ASSERT(xdb_top_candidates(db, terms, w, 2, 2, &ids) == 2);
	TT_CHECK((ids[0] == a && ids[1] == c) || (ids[0] == c && ids[1] == a));
	free(ids);
	/* weighed alike, C (3.2) is ahead of A (1.78 + 1.2) again */
	double even[] = {1, 1};
	TT_ASSERT(xdb_top_candidates(db, terms, even, 2, 1, &ids) == 1);
	TT_INTEQ(ids[0], c);
	free(ids);
	xdb_close(db);
	free(dir);
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

TT(top_candidates_sum_each_document_s_shares_across_docid_ranges)
{
	/* top_pick sums the lists' shares one range of docids at a time: the
	 * best documents spread over several ranges still come first, each
	 * with both its shares.  20,000 documents, lists of 50: alpha 4 and
	 * beta 4 (1.6 + 1.6) in four far apart, alpha 8 and beta 1 (1.78 + at
	 * most 1) in three others, the rest alpha 1 and beta 1 (2 at most). */
	char *dir = tt_tmpdir();
	xdb *db = NULL;
	tv_error e;
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &db, &e) == TV_OK);
	static const unsigned both[] = {5, 9000, 17000, 19999}, one[] = {100, 9100, 17100};
	for (unsigned n = 1; n <= 20000; n++) {
		unsigned a = 1, b = 1;
		for (size_t i = 0; i < 4; i++)
			if (n == both[i]) a = b = 4;
		for (size_t i = 0; i < 3; i++)
			if (n == one[i]) a = 8;
		put_weighted(db, n, a, b);
	}
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	static const char *const pfx[] = {PFX_FOLD};
	xdb_top_spec spec = {pfx, 1, 50, 100};
	TT_ASSERT(xdb_top_build(db, &spec, &e) == TV_OK);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	const char *terms[] = {PFX_FOLD "alpha", PFX_FOLD "beta"};
	double w[] = {1, 1};
	unsigned *ids = NULL;
	size_t n = xdb_top_candidates(db, terms, w, 2, 4, &ids);
	TT_INTEQ(n, 4);
	qsort(ids, n, sizeof *ids, cmp_uint);
	for (size_t i = 0; i < n && i < 4; i++) TT_INTEQ(ids[i], both[i]);
	free(ids);
	n = xdb_top_candidates(db, terms, w, 2, 7, &ids);
	TT_INTEQ(n, 7);
	qsort(ids, n, sizeof *ids, cmp_uint);
	static const unsigned seven[] = {5, 100, 9000, 9100, 17000, 17100, 19999};
	for (size_t i = 0; i < n && i < 7; i++) TT_INTEQ(ids[i], seven[i]);
	free(ids);
	xdb_close(db);
	free(dir);
}

/* Document n of a mixed library: w0 and w1 at varied counts (most documents
 * have both), their bigram and title terms in some, w9 in 50 of 3,000 (no
 * list), T w1 in 150 (a list holding all of them), lengths varied.  weak:
 * w0, w1 and their bigram once, the length the same (so that only the
 * entries tell). */
static void put_mix(xdb *db, unsigned n, int weak)
{
	unsigned h = n * 2654435761u;
	unsigned w0 = n % 10 != 3 ? 1 + (h >> 5) % 6 : 0, w1 = n % 7 != 2 ? 1 + (h >> 9) % 5 : 0;
	unsigned pad = 5 + (h >> 13) % 40, bi = (h >> 17) % 3 == 0 ? 1 + (h >> 21) % 3 : 0;
	if (weak) { /* the same length, w0, w1 and their bigram once */
		pad += (w0 > 1 ? w0 - 1 : 0) + (w1 > 1 ? w1 - 1 : 0) + (bi > 1 ? bi - 1 : 0);
		w0 = w0 ? 1 : 0;
		w1 = w1 ? 1 : 0;
		bi = bi ? 1 : 0;
	}
	xdb_doc *d = xdb_doc_new();
	if (w0) xdb_doc_add_term(d, PFX_FOLD "w0", w0);
	if (w1) xdb_doc_add_term(d, PFX_FOLD "w1", w1);
	if (bi) xdb_doc_add_term(d, PFX_FBIGRAM "w0_w1", bi);
	if ((h >> 19) % 4 == 0) xdb_doc_add_term(d, PFX_TITLE "w0", 1);
	if (n % 20 == 0) xdb_doc_add_term(d, PFX_TITLE "w1", 1);
	if (n % 60 == 0) xdb_doc_add_term(d, PFX_FOLD "w9", 2);
	xdb_doc_add_term(d, PFX_FOLD "pad", pad);
	char id[32];
	snprintf(id, sizeof id, "%s/d/%u", PFX_ID, n);
	tv_error e;
	xdb_replace(db, id, d, NULL, &e);
	xdb_doc_free(d);
}

static const char *const mix_terms[] = {PFX_FOLD "w0",  PFX_FOLD "w1",  PFX_FBIGRAM "w0_w1",
                                        PFX_TITLE "w0", PFX_TITLE "w1", PFX_FOLD "w9"};
static const double mix_w[] = {1, 1, 1, 0.5, 0.5, 1};
static const unsigned char mix_must[] = {1, 1, 0, 0, 0, 0};
#define MIX_N 6

/* The page Xapian's matcher gives the candidates xdb_top_candidates picks:
 * AND of the required terms AND_MAYBE OR of the others, each scaled. */
static size_t xapian_page(xdb *db, unsigned max, unsigned want, xdb_ranked *page)
{
	unsigned *ids = NULL;
	size_t nc = xdb_top_candidates(db, mix_terms, mix_w, MIX_N, max, &ids);
	xdb_query *must[MIX_N], *maybe[MIX_N];
	size_t nm = 0, no = 0;
	for (size_t i = 0; i < MIX_N; i++) {
		xdb_query *t = xdb_query_term(mix_terms[i], 1, 0);
		xdb_query *sc = xdb_query_scale(t, mix_w[i]);
		xdb_query_free(t);
		if (mix_must[i])
			must[nm++] = sc;
		else
			maybe[no++] = sc;
	}
	xdb_query *both[2] = {xdb_query_combine(XDB_OP_AND, must, nm, 0),
	                      xdb_query_combine(XDB_OP_OR, maybe, no, 0)};
	xdb_query *q = xdb_query_combine(XDB_OP_AND_MAYBE, both, 2, 0);
	xdb_query *cut[2] = {q, xdb_query_docids(ids, nc)};
	xdb_query *f = xdb_query_combine(XDB_OP_FILTER, cut, 2, 0);
	xdb_search_opts o = {.limit = want, .sort_slot = -1};
	xdb_mset *m = NULL;
	tv_error e;
	size_t got = 0;
	if (xdb_search(db, f, &o, &m, &e) == TV_OK)
		for (; got < xdb_mset_size(m); got++)
			page[got] = (xdb_ranked){xdb_mset_docid(m, got), xdb_mset_weight(m, got)};
	xdb_mset_free(m);
	xdb_query_free(f);
	xdb_query_free(cut[1]);
	xdb_query_free(q);
	xdb_query_free(both[0]);
	xdb_query_free(both[1]);
	for (size_t i = 0; i < nm; i++) xdb_query_free(must[i]);
	for (size_t i = 0; i < no; i++) xdb_query_free(maybe[i]);
	free(ids);
	return got;
}

/* xdb_top_rank's page equals xapian_page: the same documents in the same
 * order, weights within the lists' rounding; 1 when it does. */
static int same_as_xapian(xdb *db, unsigned max, unsigned want, unsigned *first)
{
	xdb_words cand = {mix_terms, mix_w, NULL, MIX_N};
	xdb_words q = {mix_terms, mix_w, mix_must, MIX_N};
	xdb_ranked *r = NULL, x[64];
	size_t n = xdb_top_rank(db, &cand, &q, NULL, NULL, 0, want, max, &r);
	size_t nx = xapian_page(db, max, want, x);
	int same = n >= want && nx == want;
	for (size_t i = 0; same && i < want; i++)
		same = r[i].id == x[i].id && fabs(r[i].score - x[i].score) <= 1e-9 * x[i].score;
	if (!same && n && nx)
		for (size_t i = 0; i < want && i < n && i < nx; i++)
			fprintf(stderr, "    rank %zu: top_rank %u %.9f, xapian %u %.9f\n", i + 1,
			        r[i].id, r[i].score, x[i].id, x[i].score);
	if (first) *first = n ? r[0].id : 0;
	free(r);
	return same;
}

/* A writer on a new mixed library in dir: 3,000 documents (put_mix), lists
 * of 200 for terms in 100 or more, committed; NULL when it fails. */
static xdb *mix_db(const char *dir)
{
	xdb *db = NULL;
	tv_error e;
	if (xdb_open(dir, XDB_WRITE, &db, &e) != TV_OK) return NULL;
	for (unsigned n = 1; n <= 3000; n++) put_mix(db, n, 0);
	static const char *const pfx[] = {PFX_FOLD, PFX_FBIGRAM, PFX_TITLE};
	xdb_top_spec spec = {pfx, 3, 200, 100};
	if (xdb_commit(db, &e) != TV_OK || xdb_top_build(db, &spec, &e) != TV_OK ||
	    xdb_commit(db, &e) != TV_OK) {
		xdb_close(db);
		return NULL;
	}
	return db;
}

TT(top_rank_gives_the_page_the_matcher_gives_the_same_candidates)
{
	char *dir = tt_tmpdir();
	xdb *db = mix_db(dir);
	tv_error e;
	TT_ASSERT(db);
	xdb_close(db);
	TT_ASSERT(xdb_open(dir, XDB_READ, &db, &e) == TV_OK);
	unsigned first = 0;
	TT_CHECK(same_as_xapian(db, 100, 10, &first));
	TT_CHECK(same_as_xapian(db, 200, 30, NULL));
	TT_CHECK(same_as_xapian(db, 50, 1, NULL));
	/* an excluded term takes its documents out */
	xdb_words cand = {mix_terms, mix_w, NULL, MIX_N}, q = {mix_terms, mix_w, mix_must, MIX_N};
	xdb_ranked *r = NULL;
	const char *ex[] = {PFX_FOLD "w9"};
	size_t n = xdb_top_rank(db, &cand, &q, NULL, ex, 1, 10, 100, &r);
	TT_CHECK(n >= 10);
	for (size_t i = 0; i < n; i++) TT_CHECK(r[i].id % 60 != 0);
	free(r);
	xdb_close(db);

	/* Since the build: the first document replaced in place by a weak one
	 * (its list entries are stale: recorded at commit), the new first one
	 * deleted, one added.  The page still equals the matcher's. */
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &db, &e) == TV_OK);
	put_mix(db, first, 1);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	xdb_close(db);
	TT_ASSERT(xdb_open(dir, XDB_READ, &db, &e) == TV_OK);
	unsigned second = 0;
	TT_CHECK(same_as_xapian(db, 100, 10, &second));
	TT_CHECK(second != first);
	xdb_close(db);
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &db, &e) == TV_OK);
	char id[32];
	snprintf(id, sizeof id, "%s/d/%u", PFX_ID, second);
	TT_ASSERT(xdb_delete(db, id, &e) == TV_OK);
	put_mix(db, 3001, 0);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	xdb_close(db);
	TT_ASSERT(xdb_open(dir, XDB_READ, &db, &e) == TV_OK);
	unsigned third = 0;
	TT_CHECK(same_as_xapian(db, 100, 10, &third));
	TT_CHECK(third != second); /* deleted */
	xdb_close(db);
	free(dir);
}

/* Replaces document n (xdb_replace) with one of w0 x 6, w1 x 5 and 400 words
 * of padding; every: with the bigram, both title terms and w9 as well. */
static void put_long(xdb *db, unsigned n, int every)
{
	xdb_doc *d = xdb_doc_new();
	xdb_doc_add_term(d, PFX_FOLD "w0", 6);
	xdb_doc_add_term(d, PFX_FOLD "w1", 5);
	if (every) {
		xdb_doc_add_term(d, PFX_FBIGRAM "w0_w1", 3);
		xdb_doc_add_term(d, PFX_TITLE "w0", 1);
		xdb_doc_add_term(d, PFX_TITLE "w1", 1);
		xdb_doc_add_term(d, PFX_FOLD "w9", 2);
	}
	xdb_doc_add_term(d, PFX_FOLD "pad", 400);
	char id[32];
	snprintf(id, sizeof id, "%s/d/%u", PFX_ID, n);
	tv_error e;
	xdb_replace(db, id, d, NULL, &e);
	xdb_doc_free(d);
}

TT(top_rank_with_kept_lengths_reads_them_again_when_the_revision_moves)
{
	/* A reader keeping the lengths (as the server's do) ranks as the
	 * matcher does.  The best document replaced by a long one (the average
	 * length grows, and with it every part: the page's list entries, once
	 * exact, reorder it): the reader, moved to the new revision, still
	 * does.  The new best replaced by a long one with every term: with its
	 * old length it would come first again. */
	char *dir = tt_tmpdir();
	xdb *db = mix_db(dir), *rd = NULL;
	tv_error e;
	TT_ASSERT(db);
	TT_ASSERT(xdb_open(dir, XDB_READ, &rd, &e) == TV_OK);
	xdb_keep_lengths(rd);
	unsigned first = 0, second = 0, third = 0;
	TT_CHECK(same_as_xapian(rd, 100, 10, &first));
	TT_CHECK(same_as_xapian(rd, 200, 30, NULL));
	put_long(db, first, 0);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	int changed = 0;
	TT_ASSERT(xdb_reopen(rd, &changed, &e) == TV_OK);
	TT_CHECK(changed);
	TT_CHECK(same_as_xapian(rd, 100, 10, &second));
	TT_CHECK(second != first);
	put_long(db, second, 1);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	TT_ASSERT(xdb_reopen(rd, &changed, &e) == TV_OK);
	TT_CHECK(same_as_xapian(rd, 100, 10, &third));
	TT_CHECK(third != second);
	xdb_close(rd);
	xdb_close(db);
	free(dir);
}

TT(top_rank_bounds_a_missing_entry_at_today_s_average_length)
{
	/* 300 documents of 20 words: alpha x 3 in the first 60 (its list of 50
	 * keeps the first 50: J = 55 is left out), beta x 3 in C = 10, x 4 in
	 * J, once in 200 others.  Then 400 documents of 200 words: the average
	 * length grows sixfold and every part of the short documents with it
	 * (alpha 3: 1.5 -> 1.6).  J's alpha part, unknown, is bounded by the
	 * list's smallest entry: at the build's average (1.5) J could not pass
	 * C, at today's it does, as Xapian says. */
	char *dir = tt_tmpdir();
	xdb *db = NULL;
	tv_error e;
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &db, &e) == TV_OK);
	const unsigned c = 10, j = 55;
	for (unsigned n = 1; n <= 300; n++) {
		unsigned a = n <= 60 ? 3 : 0, b = n == c ? 3 : n == j ? 4 : n % 3 == 0 ? 1 : 0;
		put_weighted(db, n, a, b);
	}
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	static const char *const pfx[] = {PFX_FOLD};
	xdb_top_spec spec = {pfx, 1, 50, 50};
	TT_ASSERT(xdb_top_build(db, &spec, &e) == TV_OK);
	for (unsigned n = 301; n <= 700; n++) {
		xdb_doc *d = xdb_doc_new();
		xdb_doc_add_term(d, PFX_FOLD "pad", 200);
		char id[32];
		snprintf(id, sizeof id, "%s/d/%u", PFX_ID, n);
		TT_ASSERT(xdb_add(db, id, d, &e) == TV_OK);
		xdb_doc_free(d);
	}
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	const char *terms[] = {PFX_FOLD "alpha", PFX_FOLD "beta"};
	double w[] = {1, 1};
	unsigned char must[] = {1, 1};
	xdb_words cand = {terms, w, NULL, 2}, q = {terms, w, must, 2};
	xdb_ranked *r = NULL;
	size_t n = xdb_top_rank(db, &cand, &q, NULL, NULL, 0, 1, 100, &r);
	TT_CHECK(n >= 2);
	/* Xapian's own best of the same query */
	xdb_query *t[2] = {xdb_query_term(terms[0], 1, 0), xdb_query_term(terms[1], 1, 0)};
	xdb_query *both = xdb_query_combine(XDB_OP_AND, t, 2, 0);
	xdb_search_opts o = {.limit = 1, .sort_slot = -1};
	xdb_mset *m = NULL;
	TT_ASSERT(xdb_search(db, both, &o, &m, &e) == TV_OK);
	TT_INTEQ(xdb_mset_docid(m, 0), j);
	if (n) {
		TT_INTEQ(r[0].id, j);
		TT_CHECK(fabs(r[0].score - xdb_mset_weight(m, 0)) <= 1e-9 * r[0].score);
	}
	xdb_mset_free(m);
	xdb_query_free(both);
	xdb_query_free(t[0]);
	xdb_query_free(t[1]);
	free(r);
	xdb_close(db);
	free(dir);
}

TT(narrow_query_runs_whole_with_exact_facets)
{
	char *dir = tt_tmpdir();
	TT_ASSERT(tt_run(NULL, NULL, "mkdir -p %s/lib", dir) == 0);
	char path[4200];
	for (int i = 0; i < 6; i++) {
		snprintf(path, sizeof path, "%s/lib/ke%d.txt", dir, i);
		write_file(path, "Báo cáo.\n\nNâng cao tinh thần trách nhiệm của cán bộ.\n");
		snprintf(path, sizeof path, "%s/lib/xa%d.txt", dir, i);
		write_file(path, "Báo cáo.\n\nTrách nhiệm của cán bộ là giữ vững tinh thần.\n");
	}
	xdb *db = index_lib(dir);
	TT_ASSERT(db);
	tv_error e;
	srch_opts o = {.query = "tinh thần trách nhiệm", .limit = 3};
	srch_result *r = NULL;
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_INTEQ(r->nhits, 3);
	TT_INTEQ(r->total, 12);
	TT_CHECK(r->facets_exact);
	unsigned counted = 0;
	for (size_t i = 0; i < r->nfacets[0]; i++) counted += r->facets[0][i].count;
	TT_INTEQ(counted, 12);
	srch_result_free(r);
	xdb_close(db);
	free(dir);
}

/* ---- bulk load ------------------------------------------------------------------ */

#define BULK_FILES 240

/* A library of BULK_FILES official texts (four kinds of body, numbered), a
 * file that is no PDF, and three study materials of several paragraphs. */
static void write_bulk_lib(const char *dir)
{
	static const char *const bodies[] = {
	    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
	    "Quán triệt nghị quyết của Đảng đến cán bộ, đảng viên.",
	    "Tăng cường công tác kiểm tra, giám sát của tỉnh uỷ.",
	    "Tuyên truyền kết quả phát triển kinh tế - xã hội.",
	};
	char path[4200];
	for (unsigned i = 0; i < BULK_FILES; i++) {
		snprintf(path, sizeof path, "%s/lib/d%u/v%05u.txt", dir, i % 7, i);
		char text[600];
		snprintf(text, sizeof text,
		         "TỈNH UỶ BÌNH DƯƠNG\n\nSố %u-CT/TU\n\nCHỈ THỊ\nvề công tác số %u\n\n%s\n",
		         i + 1, i, bodies[i % 4]);
		write_file(path, text);
	}
	snprintf(path, sizeof path, "%s/lib/hong.pdf", dir);
	write_file(path, "this is no PDF at all\n");
	for (unsigned i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/study/bai%u.txt", dir, i);
		write_file(path,
		           "Bài viết về học tập nghị quyết.\n\n"
		           "Cán bộ, đảng viên cần nắm vững những nội dung cơ bản của nghị quyết "
		           "và vận dụng sáng tạo vào thực tiễn công tác ở địa phương.\n\n"
		           "Các cấp uỷ đảng phải tăng cường kiểm tra, giám sát việc thực hiện "
		           "nghị quyết, kịp thời biểu dương những cách làm hay.\n");
	}
}

/* The paths of x's documents in docid order (passages have none). */
static tv_strv doc_paths(xdb *x)
{
	tv_strv v = TV_STRV_INIT;
	for (unsigned id = 1; id <= xdb_lastdocid(x); id++) {
		char *p = NULL;
		if (xdb_get_value(x, id, SLOT_PATH, &p, NULL, NULL) == TV_OK && *p)
			tv_strv_push_owned(&v, p);
		else
			free(p);
	}
	return v;
}

/* idx_run of dir/lib and dir/study (study materials) into dir/<name>, two
 * jobs; *report receives what the run listed as failed (malloc'd). */
static tv_err index_bulk(const char *dir, const char *name, size_t bulk_min, idx_stats *st,
                         char **report)
{
	char lib[4200], study[4200], db[4200];
	snprintf(lib, sizeof lib, "%s/lib", dir);
	snprintf(study, sizeof study, "%s/study", dir);
	snprintf(db, sizeof db, "%s/%s", dir, name);
	const char *paths[] = {lib}, *studies[] = {study};
	size_t len = 0;
	*report = NULL;
	FILE *rep = open_memstream(report, &len);
	idx_opts o = {.db = db,
	              .paths = paths,
	              .npaths = 1,
	              .study = studies,
	              .nstudy = 1,
	              .jobs = 2,
	              .report = rep,
	              .bulk_min = bulk_min};
	tv_error e;
	tv_err rc = idx_run(&o, st, &e);
	fclose(rep);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The paths of every match of query, sorted, joined by newlines (malloc'd). */
static char *match_paths(xdb *db, const char *query, unsigned *total)
{
	srch_opts o = {.query = query, .limit = 500, .exhaustive = 1};
	srch_result *r = NULL;
	tv_error e;
	*total = 0;
	if (srch_run(db, &o, &r, &e) != TV_OK) return NULL;
	*total = r->total;
	char **v = calloc(r->nhits + 1, sizeof *v);
	for (size_t i = 0; i < r->nhits; i++)
		v[i] = (char *)json_string_value(json_object_get(r->hits[i].doc, "path"));
	qsort(v, r->nhits, sizeof *v, cmp_str);
	tv_buf b = TV_BUF_INIT;
	for (size_t i = 0; i < r->nhits; i++) tv_buf_printf(&b, "%s\n", v[i] ? v[i] : "?");
	free(v);
	srch_result_free(r);
	return tv_buf_take(&b);
}

static int count_cb(const char *term, unsigned freq, void *ud)
{
	(void)term;
	(void)freq;
	(*(unsigned *)ud)++;
	return 0;
}

TT(first_build_of_many_files_is_a_bulk_load_that_equals_the_single_writer)
{
	char *dir = tt_tmpdir();
	TT_ASSERT(tt_run(NULL, NULL,
	                 "mkdir -p %s/lib/d0 %s/lib/d1 %s/lib/d2 %s/lib/d3 %s/lib/d4 "
	                 "%s/lib/d5 %s/lib/d6 %s/study %s/bulk/segments/000003",
	                 dir, dir, dir, dir, dir, dir, dir, dir, dir) == 0);
	write_bulk_lib(dir);
	/* a stopped bulk load left a segment behind */
	char path[4200];
	snprintf(path, sizeof path, "%s/bulk/segments/000003/postlist.glass", dir);
	write_file(path, "half written");

	idx_stats bulk, one;
	char *rep = NULL;
	TT_ASSERT(index_bulk(dir, "bulk", 10, &bulk, &rep) == TV_OK);
	TT_CHECK(bulk.segments >= 2);
	TT_INTEQ(bulk.indexed, BULK_FILES + 3);
	TT_INTEQ(bulk.failed, 1);
	TT_CHECK(rep && strstr(rep, "hong.pdf: "));
	free(rep);
	struct stat sb;
	snprintf(path, sizeof path, "%s/bulk/segments", dir);
	TT_CHECK(stat(path, &sb) != 0); /* merged and removed, the stale one too */
	TT_ASSERT(index_bulk(dir, "one", SIZE_MAX, &one, &rep) == TV_OK);
	free(rep);
	TT_INTEQ(one.segments, 0);
	TT_INTEQ(one.indexed, bulk.indexed);

	xdb *a = NULL, *b = NULL;
	tv_error e;
	snprintf(path, sizeof path, "%s/bulk", dir);
	TT_ASSERT(xdb_open(path, XDB_READ, &a, &e) == TV_OK);
	snprintf(path, sizeof path, "%s/one", dir);
	TT_ASSERT(xdb_open(path, XDB_READ, &b, &e) == TV_OK);
	/* documents and passages alike; docids in path order, as the runs were */
	TT_INTEQ(xdb_doccount(a), xdb_doccount(b));
	TT_CHECK(xdb_doccount(a) > BULK_FILES + 3);
	tv_strv order = doc_paths(a);
	unsigned rising = 0;
	for (size_t k = 0; k < order.n; k++)
		rising += strcmp(k ? order.v[k - 1] : "", order.v[k]) < 0;
	tv_strv_free(&order);
	TT_INTEQ(rising, BULK_FILES + 3);
	/* the same matches, the same spelling synonyms, the same vocabulary */
	const char *queries[] = {"học tập tư tưởng", "nghi quyet", "so 17-CT/TU",
	                         "kiểm tra giám sát", "công tác số 123"};
	for (size_t k = 0; k < sizeof queries / sizeof *queries; k++) {
		unsigned ta = 0, tb = 0;
		char *pa = match_paths(a, queries[k], &ta), *pb = match_paths(b, queries[k], &tb);
		TT_CHECK(ta > 0);
		TT_INTEQ(ta, tb);
		TT_STREQ(pa, pb);
		free(pa);
		free(pb);
	}
	unsigned sa = 0, sb2 = 0, ta = 0, tb = 0;
	xdb_synonyms(a, PFX_SPELL "nghi", count_cb, &sa, &e);
	xdb_synonyms(b, PFX_SPELL "nghi", count_cb, &sb2, &e);
	TT_CHECK(sa > 0);
	TT_INTEQ(sa, sb2);
	xdb_allterms(a, "", count_cb, &ta, &e);
	xdb_allterms(b, "", count_cb, &tb, &e);
	TT_INTEQ(ta, tb);

	/* a merge only ever fills an empty database */
	const char *src[] = {path};
	char adir[4200];
	snprintf(adir, sizeof adir, "%s/bulk", dir);
	TT_CHECK(xdb_merge_into(src, 1, adir, &e) == TV_ERR_USAGE);
	TT_CHECK(strstr(e.msg, "already has documents") != NULL);
	unsigned before = xdb_doccount(a);
	xdb_close(a);
	xdb_close(b);

	/* the merged index is an ordinary one: nothing changed, nothing redone */
	idx_stats again;
	TT_ASSERT(index_bulk(dir, "bulk", 10, &again, &rep) == TV_OK);
	free(rep);
	TT_INTEQ(again.indexed, 0);
	TT_INTEQ(again.unchanged, BULK_FILES + 3);
	TT_INTEQ(again.segments, 0);
	TT_ASSERT(xdb_open(adir, XDB_READ, &a, &e) == TV_OK);
	TT_INTEQ(xdb_doccount(a), before);
	xdb_close(a);
	free(dir);
}

/* The single writer takes results in the order they come, so its workers
 * take the largest files first (a file that costs much, a scan above all, is
 * not left to start last while the other workers run out); equal sizes in
 * path order.  One job: the docids show the order the files were taken in. */
TT(single_writer_takes_the_largest_files_first)
{
	char *dir = tt_tmpdir();
	char lib[4200], db[4200];
	snprintf(lib, sizeof lib, "%s/lib", dir);
	snprintf(db, sizeof db, "%s/db", dir);
	mkdir(lib, 0777);
	const char *names[] = {"a.txt", "b.txt", "c.txt", "d.txt"};
	const unsigned reps[] = {1, 6, 3, 1}; /* b > c > a = d */
	for (size_t i = 0; i < 4; i++) {
		tv_buf text = TV_BUF_INIT, path = TV_BUF_INIT;
		for (unsigned r = 0; r < reps[i]; r++)
			tv_buf_puts(&text, "Học tập và làm theo tư tưởng, đạo đức, phong cách "
			                   "Hồ Chí Minh trong cán bộ, đảng viên.\n");
		tv_buf_printf(&path, "%s/%s", lib, names[i]);
		write_file(path.s, text.s);
		tv_buf_free(&text);
		tv_buf_free(&path);
	}
	const char *paths[] = {lib};
	idx_opts o = {.db = db, .paths = paths, .npaths = 1, .jobs = 1, .bulk_min = SIZE_MAX};
	idx_stats st;
	tv_error e;
	TT_ASSERT(idx_run(&o, &st, &e) == TV_OK);
	TT_INTEQ(st.indexed, 4);
	xdb *x = NULL;
	TT_ASSERT(xdb_open(db, XDB_READ, &x, &e) == TV_OK);
	const char *want[] = {"b.txt", "c.txt", "a.txt", "d.txt"};
	tv_strv order = doc_paths(x);
	TT_INTEQ(order.n, 4);
	for (size_t k = 0; k < order.n && k < 4; k++) {
		const char *base = strrchr(order.v[k], '/');
		TT_STREQ(base ? base + 1 : order.v[k], want[k]);
	}
	tv_strv_free(&order);
	xdb_close(x);
	free(dir);
}

/* The runs cover the files once, in order; they never grow; each is at most a
 * (2 x jobs)-th of the files left when it starts (or 16), so the last ones are
 * short and the workers end together; the first are an eighth of a worker's
 * share within 50..10,000. */
TT(bulk_runs_cover_the_files_in_order_and_shrink_to_the_end)
{
	const size_t cases[][2] = {{244, 2},   {1000, 2},    {2000, 2},
	                           {10000, 4}, {1000000, 2}, {1000, 8}};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		size_t n = cases[c][0], jobs = cases[c][1], nruns = 0;
		size_t *start = idx_bulk_runs(n, jobs, &nruns);
		TT_ASSERT(start != NULL);
		TT_CHECK(nruns >= 2);
		TT_INTEQ(start[0], 0);
		TT_INTEQ(start[nruns], n);
		size_t share = (n + jobs * 8 - 1) / (jobs * 8);
		share = share < 50 ? 50 : share > 10000 ? 10000 : share;
		TT_INTEQ(start[1] - start[0], share);
		int bad = 0;
		for (size_t k = 0; k < nruns; k++) {
			size_t len = start[k + 1] - start[k], left = n - start[k];
			size_t most = (left + 2 * jobs - 1) / (2 * jobs);
			if (len == 0 || len > share) bad++;
			if (len > (most > 16 ? most : 16)) bad++;
			if (k && len > start[k] - start[k - 1]) bad++;
		}
		TT_INTEQ(bad, 0);
		TT_CHECK(start[nruns] - start[nruns - 1] <= 16);
		free(start);
	}
}

/* ---- facet table ---------------------------------------------------------------- */

static const char *const ft_types[] = {"Chỉ thị", "Công văn", "Nghị quyết"};

/* Document n of the facet fixture: a type, an issuer (none for every fifth),
 * a year. */
static void put_facet_doc(xdb *db, unsigned n, const char *type)
{
	xdb_doc *d = xdb_doc_new();
	xdb_doc_add_term(d, "alpha", 1);
	char issuer[32], year[8], id[32];
	snprintf(issuer, sizeof issuer, "Ban %u", n % 7);
	snprintf(year, sizeof year, "%u", 2000 + n % 20);
	snprintf(id, sizeof id, "Q%u", n);
	xdb_doc_set_value(d, SLOT_TYPE, type, strlen(type));
	if (n % 5) xdb_doc_set_value(d, SLOT_ISSUER, issuer, strlen(issuer));
	xdb_doc_set_value(d, SLOT_YEAR, year, strlen(year));
	xdb_replace(db, id, d, NULL, NULL);
	xdb_doc_free(d);
}

typedef struct facet_sum {
	const char *value;
	unsigned count, values;
} facet_sum;

static int on_facet_sum(const char *value, unsigned count, void *ud)
{
	facet_sum *f = ud;
	f->values++;
	if (strcmp(value, f->value) == 0) f->count = count;
	return 0;
}

/* The count of value in facet k of every document of db, counted after the
 * match (xdb_mset_count_facets, as broad queries do); -1 when the matcher's
 * own count (xdb_search's facets, as other queries do) differs. */
static int facet_count(xdb *db, size_t k, const char *value, unsigned *values)
{
	static const unsigned slots[SCHEMA_NFACETS] = SCHEMA_FACET_SLOTS;
	xdb_query *q = xdb_query_all();
	xdb_search_opts so = {.limit = 10000,
	                      .check_at_least = 10000,
	                      .sort_slot = -1,
	                      .facet_slots = slots,
	                      .nfacets = SCHEMA_NFACETS};
	xdb_mset *m = NULL;
	tv_error e;
	facet_sum f = {value, 0, 0}, during = {value, 0, 0};
	if (xdb_search(db, q, &so, &m, &e) == TV_OK) {
		xdb_mset_facets(m, k, on_facet_sum, &during);
		xdb_mset_count_facets(db, m, slots, SCHEMA_NFACETS);
		xdb_mset_facets(m, k, on_facet_sum, &f);
	}
	xdb_mset_free(m);
	xdb_query_free(q);
	if (values) *values = f.values;
	return f.count == during.count && f.values == during.values ? (int)f.count : -1;
}

TT(facet_table_counts_as_the_value_streams_and_reads_later_documents_from_them)
{
	static const unsigned slots[SCHEMA_NFACETS] = SCHEMA_FACET_SLOTS;
	char *dir = tt_tmpdir();
	xdb *db = NULL;
	tv_error e;
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &db, &e) == TV_OK);
	for (unsigned n = 1; n <= 3000; n++) put_facet_doc(db, n, ft_types[n % 3]);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	/* the streams alone */
	unsigned values = 0;
	TT_INTEQ(facet_count(db, 0, "Công văn", &values), 1000);
	TT_INTEQ(values, 3);
	TT_ASSERT(xdb_facets_build(db, slots, SCHEMA_NFACETS, &e) == TV_OK);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	unsigned last = 0;
	TT_CHECK(xdb_facets_state(db, slots, SCHEMA_NFACETS, &last));
	TT_INTEQ(last, 3000);
	TT_CHECK(!xdb_facets_state(db, slots, 2, &last)); /* built for other slots */
	/* after the build: 30 more documents, and document 1 changed in place */
	for (unsigned n = 3001; n <= 3030; n++) put_facet_doc(db, n, "Kế hoạch");
	put_facet_doc(db, 1, "Kế hoạch");
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	xdb_close(db);

	TT_ASSERT(xdb_open(dir, XDB_READ, &db, &e) == TV_OK);
	TT_INTEQ(facet_count(db, 0, "Chỉ thị", NULL), 1000);
	/* document 1 counts with the type the table holds until the next build */
	TT_INTEQ(facet_count(db, 0, "Công văn", NULL), 1000);
	TT_INTEQ(facet_count(db, 0, "Kế hoạch", &values), 30); /* from the stream */
	TT_INTEQ(values, 4);
	/* every fifth has no issuer: 346 of the 433 numbered 3 mod 7 */
	TT_INTEQ(facet_count(db, 1, "Ban 3", &values), 346);
	TT_INTEQ(values, 7);
	TT_INTEQ(facet_count(db, 2, "2019", &values), 151);
	TT_INTEQ(values, 20);
	xdb_close(db);

	/* rebuilt, the table holds document 1's new type */
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &db, &e) == TV_OK);
	TT_ASSERT(xdb_facets_build(db, slots, SCHEMA_NFACETS, &e) == TV_OK);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	xdb_close(db);
	TT_ASSERT(xdb_open(dir, XDB_READ, &db, &e) == TV_OK);
	TT_INTEQ(facet_count(db, 0, "Công văn", NULL), 999);
	TT_INTEQ(facet_count(db, 0, "Kế hoạch", NULL), 31);
	xdb_close(db);
	free(dir);
}
