/* query.h — what a user typed → a Xapian query, by the term scheme (schema.h)
 * and through the same vn analysis the indexer used.
 *
 * Syntax: words (with or without diacritics, Telex/VNI residue repaired),
 * "quoted phrases", -excluded words, a document number typed any way, and field
 * prefixes: so:NUMBER  loai:TYPE  cq:ISSUER-WORD  nam:YYYY  (values may be
 * quoted: cq:"tỉnh ủy"). */
#ifndef TV_QUERY_H
#define TV_QUERY_H

#include "../common/tv.h"
#include "search.h"
#include "xdb.h"

/* A query's words as snippets and highlights match them: by their folded form
 * (a query typed without marks), or by their exact form (with marks; a text
 * word's exact key is worth computing only when its fold is one of
 * exact_folds). */
typedef struct qp_hl {
	tv_set folds, exacts, exact_folds;
} qp_hl;

/* Terms with their weights (OP_SCALE_WEIGHT factors), and which are required. */
typedef struct qp_terms {
	tv_strv t;
	double *w;
	unsigned char *must;
} qp_terms;

typedef struct qp_plan {
	xdb_query *q;     /* the whole query, filters included */
	xdb_query *loose; /* the same with OR between words: a fallback when q finds nothing */
	/* q without the optional terms of a run of words (no filter): Xapian
	 * estimates the same total from it, opening fewer posting lists (NULL:
	 * estimate from q) */
	xdb_query *est;
	qp_terms top; /* the terms whose top lists give a broad query's candidates, at
	                 their weights (xdb_top_candidates; search.c) */
	/* When the text is one run of words (no phrase, no number): q's words as
	 * terms for xdb_top_rank, and q's filters and excluded terms apart (NULL,
	 * empty: none).  rank.t is empty otherwise. */
	qp_terms rank;
	xdb_query *rank_filter;
	tv_strv rank_not;
	qp_hl hl;           /* the query's words, for snippets and highlights */
	tv_strv num_keys;   /* number keys if the query named a number */
	char *did_you_mean; /* diacritics restored from the index's vocabulary, or NULL */
	int has_text;       /* the query had words (else: filters only) */
} qp_plan;

tv_err qp_build(xdb *db, const srch_opts *o, qp_plan *p, tv_error *e);
void qp_free(qp_plan *p);

/* Folded words of any text, into set (used for highlighting). */
void qp_fold_words(const char *text, size_t n, tv_set *set);
/* The highlight keys of a query text, as in qp_plan (hl); freed by qp_hl_free. */
void qp_hl_words(const char *text, size_t n, qp_hl *hl);
void qp_hl_free(qp_hl *hl);
/* The year terms (schema.h: Y) the index has for years lo..hi, in year order,
 * pushed onto out. */
void qp_year_terms(xdb *db, int lo, int hi, tv_strv *out);

#endif
