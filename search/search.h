/* search.h — from what a user typed to ranked results and whole documents.
 * The query is analysed by the vn module exactly as documents were (query.c
 * builds the Xapian query by the term scheme of schema.h); results come back as
 * plain structs and as JSON (jansson) for the CLI, the JSON API and the web
 * pages alike.  Renderers escape; nothing here produces HTML. */
#ifndef TV_SEARCH_H
#define TV_SEARCH_H

#include <jansson.h>

#include "../common/tv.h"
#include "xdb.h"

#define SRCH_MAX_QUERY 1000 /* bytes; longer queries are refused (TV_ERR_TOO_BIG) */
#define SRCH_MAX_LIMIT 100  /* results per page */

typedef struct srch_opts {
	const char *query;  /* what the user typed; may be "" with filters */
	const char *type;   /* type code or name filter ("CT", "Chỉ thị", "chi thi"), or NULL */
	const char *issuer; /* issuer words filter (any diacritics), or NULL */
	const char *from;   /* "YYYY" | "YYYY-MM" | "YYYY-MM-DD", inclusive, or NULL */
	const char *to;
	const char *kind; /* "study" | "norm" | NULL */
	unsigned offset, limit;
	int sort_date; /* 0 relevance, 1 newest first, 2 oldest first */
	/* rank every match even when the query is broad, instead of the
	 * candidates from the top lists (search.c): for measuring them */
	int exhaustive;
} srch_opts;

typedef struct srch_hit {
	unsigned id;
	double score;
	int exact_number; /* 1 when the query named this document's own number */
	json_t *doc;      /* what a list shows: SCHEMA_BRIEF_KEYS (number, title, ...) */
	char *snippet;    /* plain text excerpt */
	size_t *hl;       /* highlight ranges in snippet: hl[2i] offset, hl[2i+1] length (bytes) */
	size_t nhl;
} srch_hit;

typedef struct srch_facet {
	char *value;
	unsigned count;
} srch_facet;

typedef struct srch_result {
	char *query;
	unsigned total;
	int facets_exact; /* facets counted over every match (else a sample) */
	int from_top;     /* ranked from the top lists' candidates (a broad query) */
	srch_hit *hits;
	size_t nhits;
	srch_facet *facets[3]; /* 0 type, 1 issuer, 2 year */
	size_t nfacets[3];
	char *did_you_mean; /* a spelling with diacritics restored, or NULL */
	char *plan;         /* description of the Xapian query (debugging) */
} srch_result;

tv_err srch_run(xdb *db, const srch_opts *o, srch_result **out, tv_error *e);
void srch_result_free(srch_result *r);
/* The CLI/API JSON: {"query","total","results":[{id,path,number,type,issuer,date,
 * title,snippet,highlights,score}],"facets":{"type":{},"issuer":{},"year":{}},
 * "facets_exact","did_you_mean"}.  facets_exact is false when the facets were
 * counted over a sample of a large match set (XDB_FACET_CHECK).  New reference. */
json_t *srch_result_json(const srch_result *r);

/* A whole document by id ("12"), number ("598-CV/ĐUK", any typed form) or path:
 * every stored field plus id and cited_by [{id,number,title,...}].  New
 * reference in *out. */
tv_err srch_doc(xdb *db, const char *ref, json_t **out, tv_error *e);

/* Highlight ranges of the query's words inside any text (for the document
 * page): *ranges malloc'd as offset/length pairs; returns the pair count. */
size_t srch_highlight(const char *query, const char *text, size_t n, size_t **ranges);

#endif
