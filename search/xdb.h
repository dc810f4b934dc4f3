/* xdb.h — the C face of Xapian.  This header and xdb.cc are the only C++ pair in
 * thuvien; nothing else includes a Xapian header.  No C++ exception crosses this
 * boundary: every fallible call returns a tv_err and fills a tv_error message.
 *
 * Threads: an xdb handle, and the queries/msets made from it, belong to one
 * thread at a time (Xapian objects are not safe for concurrent use).  xdb_doc
 * objects are independent: worker threads may each build their own and hand
 * them to the single writer.
 *
 * The term scheme (which prefixes mean what) is not here but in schema.h. */
#ifndef TV_XDB_H
#define TV_XDB_H

#include <stddef.h>

#include "../common/tv.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xdb xdb;
typedef struct xdb_doc xdb_doc;
typedef struct xdb_query xdb_query;
typedef struct xdb_mset xdb_mset;

/* ---- database -------------------------------------------------------------- */

enum {
	XDB_READ = 0,
	XDB_WRITE = 1, /* create if missing, open for update */
	/* as XDB_WRITE, without waiting for commits to reach the disk: a scratch
	 * database (a bulk load's segment) that a crash only makes redo */
	XDB_SCRATCH = 2
};

tv_err xdb_open(const char *dir, int mode, xdb **out, tv_error *e);
/* Close; a writable database is committed first.  NULL is allowed. */
void xdb_close(xdb *db);
tv_err xdb_commit(xdb *db, tv_error *e);
/* Reader: move to the newest committed revision.  *changed (may be NULL) is set
 * to 1 if the revision moved. */
tv_err xdb_reopen(xdb *db, int *changed, tv_error *e);
/* Reader: keep every document's length in memory (4 bytes a document, read
 * in one pass at the first ranked query and again after the revision moves),
 * so that ranking candidates (xdb_top_rank) looks lengths up instead of
 * reading them from the index: for long-lived readers such as the server's. */
void xdb_keep_lengths(xdb *db);
unsigned xdb_doccount(xdb *db);
/* Revision number of the open database (changes with each commit). */
unsigned long xdb_revision(xdb *db);

/* Merges the databases srcs, in this order (docids renumbered one after the
 * other, so in the order of srcs), into dest: an existing database with no
 * documents that no handle has open.  The merge is written beside dest's
 * tables (dest/merge.tmp) and then takes their place; metadata and synonyms
 * come across, dest's other files (ocr-cache/) stay.  A bulk load: workers
 * each fill small databases in parallel, then one merge (xapian-compact's). */
tv_err xdb_merge_into(const char *const *srcs, size_t n, const char *dest, tv_error *e);

tv_err xdb_set_metadata(xdb *db, const char *key, const char *val, tv_error *e);
/* *val is malloc'd ("" when unset). */
tv_err xdb_get_metadata(xdb *db, const char *key, char **val, tv_error *e);

/* ---- building documents ---------------------------------------------------- */

xdb_doc *xdb_doc_new(void);
void xdb_doc_free(xdb_doc *d);
/* A term at a position (for phrase search), adding wdfinc to its within-document
 * frequency. */
void xdb_doc_add_posting(xdb_doc *d, const char *term, unsigned pos, unsigned wdfinc);
/* A term without position. */
void xdb_doc_add_term(xdb_doc *d, const char *term, unsigned wdfinc);
/* A boolean (filter) term: no position, no weight. */
void xdb_doc_add_boolean(xdb_doc *d, const char *term);
void xdb_doc_set_value(xdb_doc *d, unsigned slot, const char *val, size_t len);
void xdb_doc_set_data(xdb_doc *d, const char *data, size_t len);
/* How many distinct terms the document has (what it adds to the writer's
 * uncommitted changes). */
unsigned xdb_doc_nterms(const xdb_doc *d);

/* Writer: replace the document that carries idterm (or add it); *docid (may be
 * NULL) receives its id. */
tv_err xdb_replace(xdb *db, const char *idterm, xdb_doc *d, unsigned *docid, tv_error *e);
/* Writer: add a document the caller knows carries a new idterm (no lookup: a
 * bulk load saves a random read of the term index per document). */
tv_err xdb_add(xdb *db, const char *idterm, xdb_doc *d, tv_error *e);
/* Writer: delete every document carrying term. */
tv_err xdb_delete(xdb *db, const char *term, tv_error *e);
/* Writer: record a synonym key → term (used for folded → exact spellings). */
tv_err xdb_add_synonym(xdb *db, const char *key, const char *term, tv_error *e);

/* ---- reading documents ----------------------------------------------------- */

/* First document carrying term: *docid, or TV_ERR_NOT_FOUND. */
tv_err xdb_find(xdb *db, const char *term, unsigned *docid, tv_error *e);
/* Document data (malloc'd, NUL-terminated). */
tv_err xdb_get_data(xdb *db, unsigned docid, char **data, size_t *len, tv_error *e);
/* A value slot (malloc'd, NUL-terminated; "" when unset). */
tv_err xdb_get_value(xdb *db, unsigned docid, unsigned slot, char **val, size_t *len, tv_error *e);
/* Number of documents carrying term (0 if none). */
unsigned xdb_termfreq(xdb *db, const char *term);
/* Every term starting with prefix, in byte order; cb returns non-zero to stop. */
typedef int (*xdb_term_cb)(const char *term, unsigned termfreq, void *ud);
tv_err xdb_allterms(xdb *db, const char *prefix, xdb_term_cb cb, void *ud, tv_error *e);
/* Terms of one document starting with prefix. */
tv_err xdb_doc_terms(xdb *db, unsigned docid, const char *prefix, xdb_term_cb cb, void *ud,
                     tv_error *e);
/* Documents carrying term: *ids malloc'd, ascending. */
tv_err xdb_postlist(xdb *db, const char *term, unsigned **ids, size_t *n, tv_error *e);
/* Synonyms recorded for key, in byte order. */
tv_err xdb_synonyms(xdb *db, const char *key, xdb_term_cb cb, void *ud, tv_error *e);

/* ---- queries --------------------------------------------------------------- */

/* Each constructor returns a new query the caller frees with xdb_query_free.
 * Combinators copy their arguments (Xapian queries are reference-counted), so
 * sub-queries may be freed right after.  They never return NULL. */
typedef enum xdb_op {
	XDB_OP_AND,
	XDB_OP_OR,
	XDB_OP_AND_NOT,   /* first AND NOT (the rest) */
	XDB_OP_AND_MAYBE, /* first, weighted up by the rest */
	XDB_OP_FILTER,    /* first, restricted to the rest without weight */
	XDB_OP_PHRASE,    /* in order, within window (0 = exact length) */
	XDB_OP_NEAR,      /* any order, within window */
	XDB_OP_SYNONYM,   /* one term for weighting */
	XDB_OP_MAX,       /* weight = the best sub-query's */
} xdb_op;

xdb_query *xdb_query_term(const char *term, unsigned wqf, unsigned pos);
xdb_query *xdb_query_combine(xdb_op op, xdb_query *const *subs, size_t n, unsigned window);
/* Weight multiplied by factor (0 makes it purely boolean). */
xdb_query *xdb_query_scale(const xdb_query *q, double factor);
/* Documents whose value in slot lies in [lo, hi] (byte order; NULL = open end). */
xdb_query *xdb_query_range(unsigned slot, const char *lo, const char *hi);
/* Every term with this prefix, OR'd (for "type is any of..." wildcards). */
xdb_query *xdb_query_prefix(const char *prefix);
xdb_query *xdb_query_all(void); /* matches every document */
int xdb_query_empty(const xdb_query *q);
/* A readable description, malloc'd (for --debug and tests). */
char *xdb_query_describe(const xdb_query *q);
void xdb_query_free(xdb_query *q);

/* ---- running a search ------------------------------------------------------ */

/* With facets, the matcher is asked to check at least this many documents.
 * A match spy only sees the documents the matcher checks, so the counts
 * are exact for match sets smaller than this and a sample (lower bounds, biased
 * towards low docids) beyond it; a caller can tell which by comparing the
 * match count with it (srch_result_json's "facets_exact").  Each checked
 * document costs three value reads, or three lookups in the facet table when
 * one covers the slots (below): at 10,000 the tally was about a third of a
 * broad query's CPU on 200,000 documents (13.6 ms p50); at 2,000, 9.5 ms. */
#define XDB_FACET_CHECK 2000

typedef struct xdb_search_opts {
	unsigned offset, limit;      /* page of results */
	unsigned check_at_least;     /* count exactly up to this many matches */
	int sort_slot;               /* -1: relevance; else sort by this value slot */
	int sort_descending;         /* with sort_slot: newest first */
	const unsigned *facet_slots; /* value slots to count over the whole match set */
	size_t nfacets;
} xdb_search_opts;

tv_err xdb_search(xdb *db, const xdb_query *q, const xdb_search_opts *o, xdb_mset **out,
                  tv_error *e);
unsigned xdb_mset_size(const xdb_mset *m);  /* results on this page */
unsigned xdb_mset_total(const xdb_mset *m); /* estimated matches in all */
unsigned xdb_mset_docid(const xdb_mset *m, unsigned i);
double xdb_mset_weight(const xdb_mset *m, unsigned i);
/* Facet counts for opts.facet_slots[k]: cb(value, count) for each distinct value,
 * most frequent first. */
typedef int (*xdb_facet_cb)(const char *value, unsigned count, void *ud);
void xdb_mset_facets(const xdb_mset *m, size_t k, xdb_facet_cb cb, void *ud);
void xdb_mset_free(xdb_mset *m);
/* Shows only entries [offset, offset + limit) of m to xdb_mset_size, _docid and
 * _weight (a page out of a longer ranking). */
void xdb_mset_window(xdb_mset *m, unsigned offset, unsigned limit);
/* Moves from's facet counts into to (a page ranked one way, facets counted
 * another). */
void xdb_mset_move_facets(xdb_mset *to, xdb_mset *from);
/* Replaces m's facets with counts over every entry of m (not just the window),
 * from the facet table where one covers the slots (below), else read from the
 * value streams in docid order: for a few hundred documents far cheaper than
 * match spies, which look every value up at random. */
void xdb_mset_count_facets(xdb *db, xdb_mset *m, const unsigned *slots, size_t n);
/* The same, over the documents ids (n of them) instead of m's entries. */
void xdb_mset_count_facets_of(xdb *db, xdb_mset *m, const unsigned *ids, size_t nids,
                              const unsigned *slots, size_t n);

/* ---- top lists: the candidates of a broad query ----------------------------------
 *
 * A query whose words are in most documents (an AND of common syllables) makes
 * the matcher weigh every match: ~800,000 at a million documents.  Top lists
 * bound that: for every term with one of the given prefixes ("" for terms with
 * no prefix, that is not starting with a capital) carried by at
 * least min_df documents, the k documents where it weighs most (BM25's
 * within-document part), kept in the database's metadata.  A broad query
 * takes its candidates from its terms' lists (xdb_top_candidates), then ranks
 * those from the same lists (xdb_top_rank, a run of words) or with the whole
 * query (xdb_query_docids as a filter).
 *
 * Documents added after a build (docids above its last one) are read from the
 * ends of the posting lists, so they are never missed; a document changed in
 * place keeps its old list entries until the next build. */
/* 5,000 a list: measured on 200,000 documents (bench/qbench --compare), lists
 * of 1,000 gave the exhaustive first page for 43 of 78 broad queries (mean
 * overlap 79%); of 5,000, for 52 (88%), the first document for 73, and pages
 * scoring 99.4% of the exhaustive ones. */
#define XDB_TOP_K 5000
#define XDB_TOP_MIN_DF 2000

/* What a build covers: terms with these prefixes carried by min_df documents
 * or more, k documents a list. */
typedef struct xdb_top_spec {
	const char *const *prefixes;
	size_t nprefixes;
	unsigned k, min_df;
} xdb_top_spec;

/* Rebuilds every list (writer; commit afterwards); the build is recorded. */
tv_err xdb_top_build(xdb *db, const xdb_top_spec *s, tv_error *e);
/* 1 when lists were built, by s (any build when s is NULL); *built_last
 * receives the last docid the recorded build covers. */
int xdb_top_state(xdb *db, const xdb_top_spec *s, unsigned *built_last);
unsigned xdb_lastdocid(xdb *db);
/* The at most max documents with the highest sum over terms of weight x idf x
 * within-document part, from the terms' top lists (a term with no list and
 * fewer than 4 x min_df documents: its whole posting list); *out (malloc'd)
 * receives them in no particular order (xdb_query_docids takes any).  0 when
 * no lists were built.
 *
 * A document missing from a full list (one of k documents, its term in more)
 * weighs at most that list's smallest entry on the term, and may well carry
 * it: it is counted at XDB_TOP_ABSENT times that entry, not at nothing, so a
 * document named by one list no longer outranks one all but named by the
 * others.  Measured on 200,000 documents (qbench --compare, 78 broad
 * queries): with 200 candidates, the exhaustive first page's documents found
 * 88.1% -> 91.7%, identical pages 52 -> 63; with 100, 82.3% -> 89.1%.  At
 * 0.6 / 1.0 instead of 0.8, 100 candidates found 87.9% / 83.2%.  On a
 * million distinct documents (80 broad queries), 200 candidates: 81.7% ->
 * 84.0%, identical pages 41 -> 48. */
#define XDB_TOP_ABSENT 0.8
size_t xdb_top_candidates(xdb *db, const char *const *terms, const double *weights, size_t n,
                          unsigned max, unsigned **out);

/* The terms of a query of words as query.c builds one: the AND of the terms
 * marked must, AND_MAYBE the OR of the others, each term's weight scaled by
 * its factor (OP_SCALE_WEIGHT).  must may be NULL (none). */
typedef struct xdb_words {
	const char *const *terms;
	const double *weights;
	const unsigned char *must;
	size_t n;
} xdb_words;

typedef struct xdb_ranked {
	unsigned id;
	double score;
} xdb_ranked;

/* An mset of these entries (their order, their scores) and this total. */
xdb_mset *xdb_mset_of(const xdb_ranked *r, size_t n, unsigned total);

/* A broad query's candidates ranked without Xapian's matcher.  Ranking 200
 * candidates with the matcher (xdb_query_docids as a filter) moved each of the
 * query's 6-18 posting lists to each candidate: at a million documents 5-7 ms
 * of a broad query's 7, one B-tree descent and block read per move.  But the
 * candidates come from the top lists, which hold many of those within-document
 * parts already, and a page needs only its own documents' weights exactly.
 *
 * So: the at most max candidates xdb_top_candidates picks from cand's terms,
 * less those not matching filter (a boolean query; NULL: none) or carrying an
 * exclude term; for each candidate, each of q's terms' within-document part is
 * known from the list where it names the candidate (or where the list holds
 * every document with the term and does not), else bounded by the list's
 * smallest entry (a full list) or by 2.  A list's values are rounded and taken
 * at the build's average length, and a part grows with the average, so as
 * bounds they are rounded up and scaled by today's average over the build's.
 * The page, the `want` best, is read in full (its entries made exact, the rest
 * from the posting lists: its weights exact, its required terms there, its
 * documents not deleted); then, while another candidate's bound could pass the
 * page's last, its entries are made exact, then the term leaving most in doubt
 * over those candidates is read for them.  *out (malloc'd) receives the page,
 * best first (ties: lower docid first), then the other candidates, presumed to
 * match (a broad query's candidates nearly all do: they count in the facets).
 * The page's weights are those of Xapian's BM25Weight (default parameters) for
 * q: a list entry, 16 bits at the build's average length, and the document's
 * length give back its wdf (read from the posting list when they do not, or
 * when the build recorded no average length).  The other candidates are weighed
 * with what is known of them (lo: their entries as they are, unknown parts as
 * nothing).  Documents added since the build, or replaced in place (recorded at
 * commit), are read from the posting lists.  0 when no lists were built or no
 * candidate matches. */
size_t xdb_top_rank(xdb *db, const xdb_words *cand, const xdb_words *q, const xdb_query *filter,
                    const char *const *exclude, size_t nexclude, unsigned want, unsigned max,
                    xdb_ranked **out);

/* ---- facet table: the facets of a broad query's candidates ------------------------
 *
 * Counting the facets of a broad query's candidates looked each candidate's
 * value up in every facet slot's stream: at 200,000 documents, a quarter of
 * the query.  The table holds every document's value in the given slots as a
 * small code (two bytes), in metadata; a reader loads it once per build, and
 * xdb_mset_count_facets and xdb_search's facets count from it.  Built with the top lists
 * (indexer.c); documents added after a build are read from the value streams,
 * a document changed in place counts with its old values until the next build
 * (the facets of broad queries are estimates anyway).  A slot with more than
 * 65,535 distinct values is left to the streams. */
tv_err xdb_facets_build(xdb *db, const unsigned *slots, size_t n, tv_error *e);
/* 1 when a table of exactly these slots was built; *built_last receives the
 * last docid it covers. */
int xdb_facets_state(xdb *db, const unsigned *slots, size_t n, unsigned *built_last);

/* Matches exactly these documents (in any order, repeats allowed), with no
 * weight: a filter. */
xdb_query *xdb_query_docids(const unsigned *ids, size_t n);
/* Matches the documents carrying none of these terms, with no weight (a
 * filter), from one walk of their posting lists; NULL when there are none.
 * No document may carry two of the terms (years, say): their frequencies
 * summing to the document count then tells "none" without a walk. */
xdb_query *xdb_query_none_of(xdb *db, const char *const *terms, size_t n);

#ifdef __cplusplus
}
#endif
#endif
