/* indexer.h — `thuvien index`: walk folders, skip unchanged files by size and
 * mtime, extract and analyse changed ones on N worker threads, write them with
 * one Xapian writer in batched commits (a large first build: each worker into
 * a segment of its own, merged at the end), and remove documents whose files
 * are gone.  One bad file never stops the run: it is reported as "path: reason" and
 * whatever was indexed for it before stays. */
#ifndef TV_INDEXER_H
#define TV_INDEXER_H

#include <stdio.h>

#include "../common/tv.h"

typedef struct idx_opts {
	const char *db; /* database directory */
	const char *const *paths;
	size_t npaths;
	const char *const *study; /* also indexed; their files are study materials */
	size_t nstudy;
	int jobs;     /* worker threads; <= 0: number of cores */
	int progress; /* draw a progress bar on stderr */
	int ocr;      /* 1 allow OCR of scanned pages (when built in) */
	FILE *report; /* where failures are listed (stderr) */
	/* A first build (an index that never held a document) of at least this
	 * many files, with two jobs or more, is a bulk load: the workers write
	 * segments of their own, merged at the end (0: 1,000; SIZE_MAX: never). */
	size_t bulk_min;
} idx_opts;

typedef struct idx_stats {
	unsigned indexed, unchanged, removed, failed, skipped;
	unsigned segments; /* a bulk load: the segments merged (0: the single writer) */
	double seconds;
} idx_stats;

/* Returns TV_OK when the run completed (even with failed files); an error only
 * when the run itself could not proceed (database unusable, no such path). */
tv_err idx_run(const idx_opts *o, idx_stats *st, tv_error *e);

/* The runs a bulk load of n files by `jobs` workers cuts the sorted file list
 * into: run k is files start[k] .. start[k + 1] - 1; *nruns runs, start[*nruns]
 * is n (malloc'd).  Runs are an eighth of a worker's share (50 to 10,000
 * files); the last ones shrink, each a (2 x jobs)-th of the files left (at
 * least 16), so the workers finish together. */
size_t *idx_bulk_runs(size_t n, size_t jobs, size_t *nruns);

#endif
