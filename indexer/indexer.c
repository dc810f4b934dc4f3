/* indexer.c — the indexing pipeline (indexer.h).
 *
 *   main thread: walk → for each file a cheap check (size+mtime vs the stored
 *                signature) → jobs
 *   workers:     ext_file → fld_extract → rec_json/rec_build  (no database)
 *   main thread: the single writer: xdb_replace, batched commits, removals
 *
 * Workers hand finished records to the writer through a bounded queue, so
 * memory stays flat whatever the corpus size.
 *
 * A first build of many files is a bulk load instead: each worker writes
 * whole runs of consecutive files into a database of its own (a segment), and
 * one merge joins the segments in path order (bulk_worker, merge_segments). */
#define _GNU_SOURCE
#include "indexer.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../search/schema.h"
#include "../search/xdb.h"
#include "extract.h"
#include "fields.h"
#include "record.h"
#include "../vn/vn.h"

/* The writer commits once the documents since the last commit hold this many
 * distinct terms in all (about 150 text documents of 5 KB).  Xapian keeps
 * uncommitted postings in a tree keyed by term; past a few hundred thousand
 * terms every lookup misses the cache.  Measured on 3,000 text documents,
 * 2 jobs: committing every 2,000 documents 14.7-16.2 s, 250 MB; every 125,
 * 9.7-12.2 s, 52 MB; every 50, 13.4 s (commits themselves then dominate). */
#define COMMIT_TERMS 200000

/* A first build (the index has never held a document) of at least this many
 * files, with two workers or more, is a bulk load.  The single writer is the
 * limit of a large build: on 10,000 text files it took 40% of the CPU, so the
 * second core waited on it (10,000 files: 47.7 s single writer, 35.7 s bulk).
 * Runs of consecutive files put the merged docids in path order, whatever
 * order the workers finish in; a run is an eighth of a worker's share, 50 to
 * 10,000 files, and the last runs shrink (idx_bulk_runs) so that the workers end
 * together: with equal runs one worker sat idle through the other's last run,
 * most of a second of 13 on 2,000 PDFs. */
#define BULK_MIN 1000
#define RUN_MIN 50
#define RUN_MAX 10000
#define RUN_TAIL_MIN 16

typedef struct file_ent {
	char *path; /* absolute */
	int64_t size, mtime_ns;
	int study; /* under a folder given with --study: a study material whatever its form */
	int known; /* the index has it (changed since): its old document and passages go */
} file_ent;

typedef struct walk {
	file_ent *v;
	size_t n, cap;
	const char *dbdir; /* absolute; never index inside it */
	FILE *report;
	unsigned failed;
	int study;            /* the root being walked was given with --study */
	tv_set seen;          /* folders walked from this root, as "device:inode" */
	const tv_strv *roots; /* every root, real paths */
} walk;

static void walk_add(walk *w, const char *path, const struct stat *st)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->v = tv_realloc(w->v, w->cap * sizeof *w->v);
	}
	w->v[w->n].path = tv_strdup(path);
	w->v[w->n].size = st->st_size;
	w->v[w->n].mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	w->v[w->n].study = w->study;
	w->v[w->n].known = 0; /* (the index is asked later) */
	w->n++;
}

/* scandir: hidden files, lock files, . and .. are skipped; byte order, not
 * the locale's. */
static int visible(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* 1 when path is one of roots or inside one (a root given as a folder does
 * not hold the siblings that share its name as a prefix). */
static int under_roots(const tv_strv *roots, const char *path)
{
	for (size_t r = 0; r < roots->n; r++) {
		const char *root = roots->v[r];
		size_t rl = strlen(root);
		if (strncmp(path, root, rl) == 0 &&
		    (path[rl] == '/' || path[rl] == '\0' || root[rl - 1] == '/'))
			return 1;
	}
	return 0;
}

/* A link to a file or folder inside the roots is followed under its real
 * path, so that the file is the one reached directly, indexed once; a link
 * to elsewhere keeps its own path, inside the root, so that the file is
 * removed with the link.  A folder already walked from this root (by device
 * and inode) is not walked again: a link back up the tree indexed every file
 * under it 65 times, the depth limit's worth. */
static void walk_dir(walk *w, const char *dir, const struct stat *ds, int depth)
{
	if (depth > 64) return;
	if (w->dbdir && strcmp(dir, w->dbdir) == 0) return;
	char key[64];
	snprintf(key, sizeof key, "%llu:%llu", (unsigned long long)ds->st_dev,
	         (unsigned long long)ds->st_ino);
	if (!tv_set_add(&w->seen, key)) return; /* walked already */
	/* in name order, whatever order the file system lists them in: of two
	 * links to one folder outside the roots, the first by name names it */
	struct dirent **names = NULL;
	int nn = scandir(dir, &names, visible, by_name);
	if (nn < 0) {
		fprintf(w->report, "%s: cannot read folder: %s\n", dir, strerror(errno));
		w->failed++;
		return;
	}
	tv_buf p = TV_BUF_INIT;
	for (int k = 0; k < nn; k++) {
		tv_buf_clear(&p);
		tv_buf_printf(&p, "%s/%s", strcmp(dir, "/") ? dir : "", names[k]->d_name);
		struct stat st;
		if (lstat(p.s, &st) != 0) continue;
		const char *path = p.s;
		char real[PATH_MAX];
		if (S_ISLNK(st.st_mode)) {
			if (!realpath(p.s, real) || stat(real, &st) != 0) continue; /* dangling */
			if (under_roots(w->roots, real)) path = real;
		}
		if (S_ISDIR(st.st_mode))
			walk_dir(w, path, &st, depth + 1);
		else if (S_ISREG(st.st_mode) && ext_supported(path))
			walk_add(w, path, &st);
	}
	tv_buf_free(&p);
	for (int k = 0; k < nn; k++) free(names[k]);
	free(names);
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const file_ent *)a)->path, ((const file_ent *)b)->path);
}

/* Largest first, then by path: see idx_run. */
static int cmp_larger(const void *a, const void *b)
{
	const file_ent *x = *(file_ent *const *)a, *y = *(file_ent *const *)b;
	if (x->size != y->size) return x->size > y->size ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* ---- worker pool ----------------------------------------------------------- */

typedef struct job_result {
	size_t idx;     /* into the file list */
	xdb_doc *doc;   /* NULL on failure */
	size_t nterms;  /* distinct terms of doc and its passages */
	xdb_doc **pass; /* passages of a study material */
	size_t npass;
	tv_set spell;
	int written; /* in the index (bulk: in the worker's segment) */
	tv_error err;
} job_result;

/* Writes documents into one database: the main writer, or a bulk worker's
 * segment. */
typedef struct writer {
	xdb *db;
	tv_set seen_spell;   /* marked words already given a spelling synonym */
	size_t since_commit; /* distinct terms of the documents written since */
} writer;

typedef struct pool {
	file_ent **todo;
	size_t ntodo;
	atomic_size_t next;
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_get;
	job_result **q;
	size_t qcap, qhead, qlen;
	int ocr;
	int jobs;              /* workers (and ext_limits.ocr_threads) */
	const char *ocr_cache; /* <db>/ocr-cache: a re-index never repeats OCR */
	size_t nruns;          /* bulk: runs (0: not a bulk load) */
	size_t *run_start;     /* bulk: run n is files run_start[n] .. run_start[n + 1] - 1 */
	atomic_size_t next_run;
	const char *segdir; /* bulk: <db>/segments, run n in <segdir>/<n> */
	int prog_on;        /* progress bar on stderr */
	size_t prog_done;   /* files finished (written by the main thread only) */
	double prog_t0;
} pool;

static void pool_put(pool *p, job_result *r)
{
	pthread_mutex_lock(&p->mu);
	while (p->qlen == p->qcap) pthread_cond_wait(&p->can_put, &p->mu);
	p->q[(p->qhead + p->qlen) % p->qcap] = r;
	p->qlen++;
	pthread_cond_signal(&p->can_get);
	pthread_mutex_unlock(&p->mu);
}

static void progress(int on, size_t done, size_t total, double t0);

/* Waits for the next result; while a worker is busy with a long file (OCR of
 * a scan takes seconds a page) the bar is redrawn twice a second. */
static job_result *pool_get(pool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->qlen == 0) {
		if (!p->prog_on) {
			pthread_cond_wait(&p->can_get, &p->mu);
			continue;
		}
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 500000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&p->can_get, &p->mu, &ts) == ETIMEDOUT) {
			pthread_mutex_unlock(&p->mu);
			progress(1, p->prog_done, p->ntodo, p->prog_t0);
			pthread_mutex_lock(&p->mu);
		}
	}
	job_result *r = p->q[p->qhead];
	p->qhead = (p->qhead + 1) % p->qcap;
	p->qlen--;
	pthread_cond_signal(&p->can_put);
	pthread_mutex_unlock(&p->mu);
	return r;
}

static void process(pool *p, size_t i, job_result *r)
{
	file_ent *fe = p->todo[i];
	tv_doc *d = NULL;
	ext_limits lim = ext_default_limits();
	lim.ocr = p->ocr;
	lim.ocr_cache = p->ocr_cache;
	lim.ocr_threads = p->jobs;
	if (ext_file(fe->path, &lim, &d, &r->err) != TV_OK) return;
	fld_fields f;
	fld_extract(d, &f);
	if (fe->study) f.official = 0; /* marked by the user: explains, is not explained */
	rec_file rf = {fe->path, fe->size, fe->mtime_ns};
	json_t *rec = rec_json(d, &f, &rf);
	r->doc = rec_build(d, &f, rec, &rf, &r->spell);
	if (!f.official) r->npass = rec_passages(d, rec, &rf, &r->pass);
	r->nterms = xdb_doc_nterms(r->doc);
	for (size_t k = 0; k < r->npass; k++) r->nterms += xdb_doc_nterms(r->pass[k]);
	json_decref(rec);
	fld_free(&f);
	doc_free(d);
}

static void write_result(writer *w, const file_ent *fe, job_result *r);

static char *segment_path(const char *segdir, size_t run)
{
	tv_buf b = TV_BUF_INIT;
	tv_buf_printf(&b, "%s/%06zu", segdir, run);
	return tv_buf_take(&b);
}

/* Bulk: runs of consecutive files, each written by this worker into its own
 * segment; the main thread only counts and reports. */
static void bulk_worker(pool *p)
{
	for (;;) {
		size_t run = atomic_fetch_add(&p->next_run, 1);
		if (run >= p->nruns) break;
		size_t first = p->run_start[run], end = p->run_start[run + 1];
		char *dir = segment_path(p->segdir, run);
		writer w = {0};
		tv_error oe;
		/* unsynced: a stopped bulk load starts again (clear_segments);
		 * 160 fdatasync calls held a worker 0.16 s on 2,000 PDFs */
		tv_err orc = xdb_open(dir, XDB_SCRATCH, &w.db, &oe);
		for (size_t i = first; i < end; i++) {
			job_result *r = tv_calloc(1, sizeof *r);
			r->idx = i;
			process(p, i, r);
			if (r->doc && orc != TV_OK) {
				r->err = oe;
				xdb_doc_free(r->doc);
				r->doc = NULL;
			} else if (r->doc) {
				write_result(&w, p->todo[i], r);
			}
			pool_put(p, r);
		}
		xdb_close(w.db);
		tv_set_free(&w.seen_spell);
		free(dir);
	}
}

static void *worker(void *arg)
{
	pool *p = arg;
	if (p->nruns) {
		bulk_worker(p);
		return NULL;
	}
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->ntodo) break;
		job_result *r = tv_calloc(1, sizeof *r);
		r->idx = i;
		process(p, i, r);
		pool_put(p, r);
	}
	return NULL;
}

/* ---- progress ---------------------------------------------------------------- */

static void progress(int on, size_t done, size_t total, double t0)
{
	if (!on || total == 0) return;
	int width = 30, fill = (int)(width * done / total);
	double el = tv_now() - t0, rate = el > 0 ? done / el : 0;
	char bar[64];
	for (int i = 0; i < width; i++) bar[i] = i < fill ? '#' : '.';
	bar[width] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu files  %.1f files/s", bar, done, total, rate);
	unsigned busy = 0, ocrd = ext_ocr_progress(&busy);
	if (ocrd || busy) fprintf(stderr, "  OCR %u page(s), %u running", ocrd, busy);
	if (rate > 0 && done < total)
		fprintf(stderr, "  ETA %.0fs ", (total - done) / rate);
	else
		fprintf(stderr, "          ");
	fflush(stderr);
}

/* ---- removals ---------------------------------------------------------------- */

typedef struct rm_ctx {
	const walk *w;
	tv_strv gone;
} rm_ctx;

static int on_idterm(const char *term, unsigned freq, void *ud)
{
	(void)freq;
	rm_ctx *c = ud;
	const char *path = term + strlen(PFX_ID);
	file_ent key = {.path = (char *)path};
	if (!bsearch(&key, c->w->v, c->w->n, sizeof *c->w->v, cmp_ent)) {
		/* hashed long ids never equal a path: check the file itself */
		struct stat st;
		if (strchr(path, '#') && stat(path, &st) == 0) return 0;
		tv_strv_push(&c->gone, term);
	}
	return 0;
}

/* A file new to the index is added without looking its id up; one it had
 * replaces its old document. */
static tv_err put_doc(xdb *db, const file_ent *fe, const char *id, xdb_doc *doc, tv_error *e)
{
	return fe->known ? xdb_replace(db, id, doc, NULL, e) : xdb_add(db, id, doc, e);
}

/* A file's passages are replaced as a whole: the old ones go first (a file
 * new to the index has none). */
static void write_passages(xdb *db, const file_ent *fe, job_result *r)
{
	char *parent = rec_parent_term(fe->path);
	if (fe->known) xdb_delete(db, parent, NULL);
	for (size_t k = 0; k < r->npass; k++) {
		tv_buf id = TV_BUF_INIT;
		tv_buf_printf(&id, "%s%s#%zu", PFX_PASSAGE_ID, parent + strlen(PFX_PARENT), k);
		put_doc(db, fe, id.s, r->pass[k], NULL);
		tv_buf_free(&id);
		xdb_doc_free(r->pass[k]);
	}
	free(r->pass);
	r->pass = NULL;
	r->npass = 0;
	free(parent);
}

typedef struct term_probe {
	const char *want;
	int found;
} term_probe;

static int term_seen(const char *term, unsigned freq, void *ud)
{
	(void)freq;
	term_probe *c = ud;
	c->found |= strcmp(term, c->want) == 0;
	return c->found;
}

/* 1 if document id carries term. */
static int has_term(xdb *db, unsigned id, const char *term)
{
	term_probe c = {term, 0};
	xdb_doc_terms(db, id, term, term_seen, &c, NULL);
	return c.found;
}

/* Writes r's document, passages and spelling synonyms (r->written, or r->err
 * says why not), committing once enough terms wait. */
static void write_result(writer *w, const file_ent *fe, job_result *r)
{
	char *idt = rec_idterm(fe->path);
	if (put_doc(w->db, fe, idt, r->doc, &r->err) == TV_OK) {
		r->written = 1;
		w->since_commit += r->nterms;
	}
	free(idt);
	write_passages(w->db, fe, r);
	for (size_t k = 0; k < r->spell.cap; k++) {
		const char *word = r->spell.slots[k];
		if (!word || !tv_set_add(&w->seen_spell, word)) continue;
		char *fold = vn_key_fold(word, strlen(word));
		tv_buf key = TV_BUF_INIT;
		tv_buf_printf(&key, "%s%s", PFX_SPELL, fold);
		xdb_add_synonym(w->db, key.s, word, NULL);
		tv_buf_free(&key);
		free(fold);
	}
	xdb_doc_free(r->doc);
	r->doc = NULL;
	if (w->since_commit >= COMMIT_TERMS) {
		xdb_commit(w->db, NULL);
		w->since_commit = 0;
	}
}

/* ---- bulk load -------------------------------------------------------------- */

/* indexer.h */
size_t *idx_bulk_runs(size_t n, size_t jobs, size_t *nruns)
{
	size_t len = (n + jobs * 8 - 1) / (jobs * 8);
	len = len < RUN_MIN ? RUN_MIN : len > RUN_MAX ? RUN_MAX : len;
	size_t cap = 16, k = 0, *start = tv_calloc(cap, sizeof *start);
	for (size_t at = 0; at < n; k++) {
		size_t left = n - at, run = (left + 2 * jobs - 1) / (2 * jobs);
		run = run > len ? len : run < RUN_TAIL_MIN ? RUN_TAIL_MIN : run;
		if (k + 2 > cap) start = tv_realloc(start, (cap *= 2) * sizeof *start);
		start[k] = at;
		at += run < left ? run : left;
	}
	start[k] = n;
	*nruns = k;
	return start;
}

/* Removes the segments of segdir, and segdir (left over when a bulk load was
 * stopped: the next run starts it again). */
static void clear_segments(const char *segdir)
{
	DIR *dp = opendir(segdir);
	if (!dp) return;
	struct dirent *de;
	tv_buf p = TV_BUF_INIT;
	while ((de = readdir(dp))) {
		if (de->d_name[0] == '.') continue;
		tv_buf_clear(&p);
		tv_buf_printf(&p, "%s/%s", segdir, de->d_name);
		tv_rm_flat(p.s);
	}
	tv_buf_free(&p);
	closedir(dp);
	rmdir(segdir);
}

/* Merges runs 0..nruns-1 of segdir into the empty database dbdir, then
 * removes them. */
static tv_err merge_segments(const char *dbdir, const char *segdir, size_t nruns, int progress,
                             unsigned *merged, tv_error *e)
{
	tv_strv segs = TV_STRV_INIT;
	for (size_t run = 0; run < nruns; run++) {
		char *dir = segment_path(segdir, run);
		struct stat st;
		if (stat(dir, &st) == 0)
			tv_strv_push_owned(&segs, dir);
		else
			free(dir);
	}
	if (progress) fprintf(stderr, "merging %zu segments...\n", segs.n);
	*merged = (unsigned)segs.n;
	tv_err rc = xdb_merge_into((const char *const *)segs.v, segs.n, dbdir, e);
	if (rc != TV_OK && e) {
		char why[sizeof e->msg];
		snprintf(why, sizeof why, "%s", e->msg);
		tv_fail(e, rc, "%s (a bulk load; `thuvien index --no-bulk` writes without a merge)",
		        why);
	}
	tv_strv_free(&segs);
	clear_segments(segdir);
	return rc;
}

/* ---- top lists ------------------------------------------------------------------ */

/* The candidates of broad queries (xdb.h) come from the top lists of the
 * terms a word query weighs: exact and folded words and bigrams, title words;
 * their facets from the facet table.  Both are built when missing and rebuilt
 * once the documents added since (read from the ends of the posting lists and
 * the value streams at every query) pass 2% of the library, at least 2,000: a
 * rebuild walks every posting list carried by XDB_TOP_MIN_DF documents or more
 * (15 s at 200,000 documents, 75 s at a million), so a terminal is told. */
static tv_err refresh_top(xdb *db, int progress, tv_error *e)
{
	static const char *const prefixes[] = {"", PFX_FOLD, PFX_BIGRAM, PFX_FBIGRAM, PFX_TITLE};
	static const xdb_top_spec spec = {prefixes, sizeof prefixes / sizeof *prefixes, XDB_TOP_K,
	                                  XDB_TOP_MIN_DF};
	static const unsigned slots[SCHEMA_NFACETS] = SCHEMA_FACET_SLOTS;
	unsigned n = xdb_doccount(db), built_last = 0, facets_last = 0;
	if (n < XDB_TOP_MIN_DF) return TV_OK; /* no term can be that common */
	/* lists built otherwise (another version, other terms) are rebuilt */
	int built = xdb_top_state(db, &spec, &built_last) &&
	            xdb_facets_state(db, slots, SCHEMA_NFACETS, &facets_last) &&
	            facets_last == built_last;
	unsigned fresh = xdb_lastdocid(db) - built_last;
	if (built && fresh <= (n / 50 > 2000 ? n / 50 : 2000)) return TV_OK;
	if (progress) fprintf(stderr, "building the top lists of %u documents...\n", n);
	tv_err rc = xdb_top_build(db, &spec, e);
	if (rc == TV_OK) rc = xdb_facets_build(db, slots, SCHEMA_NFACETS, e);
	return rc == TV_OK ? xdb_commit(db, e) : rc;
}

/* ---- the run ----------------------------------------------------------------- */

tv_err idx_run(const idx_opts *o, idx_stats *st, tv_error *e)
{
	memset(st, 0, sizeof *st);
	double t0 = tv_now();
	FILE *rep = o->report ? o->report : stderr;

	if (mkdir(o->db, 0777) != 0 && errno != EEXIST)
		return tv_fail(e, TV_ERR_IO, "%s: cannot create database folder: %s", o->db,
		               strerror(errno));
	char dbabs[PATH_MAX];
	if (!realpath(o->db, dbabs)) return tv_fail(e, TV_ERR_IO, "%s: %s", o->db, strerror(errno));

	tv_strv roots = TV_STRV_INIT;
	for (size_t i = 0; i < o->npaths + o->nstudy; i++) {
		const char *given = i < o->npaths ? o->paths[i] : o->study[i - o->npaths];
		char abs[PATH_MAX];
		struct stat sb;
		if (!realpath(given, abs) || stat(abs, &sb) != 0) {
			tv_strv_free(&roots);
			return tv_fail(e, TV_ERR_IO, "%s: %s", given, strerror(errno));
		}
		tv_strv_push(&roots, abs);
	}
	walk w = {.dbdir = dbabs, .report = rep, .roots = &roots};
	for (size_t i = 0; i < roots.n; i++) {
		struct stat sb;
		if (stat(roots.v[i], &sb) != 0) continue; /* (gone since) */
		w.study = i >= o->npaths;
		tv_set_free(&w.seen); /* (a root inside another is walked for its --study mark) */
		if (S_ISDIR(sb.st_mode))
			walk_dir(&w, roots.v[i], &sb, 0);
		else
			walk_add(&w, roots.v[i], &sb);
	}
	tv_set_free(&w.seen);
	qsort(w.v, w.n, sizeof *w.v, cmp_ent);
	/* a file reached from two roots is indexed once, a study material if
	 * either root says so */
	size_t kept = 0;
	for (size_t i = 0; i < w.n; i++) {
		if (kept && strcmp(w.v[kept - 1].path, w.v[i].path) == 0) {
			w.v[kept - 1].study |= w.v[i].study;
			free(w.v[i].path);
			continue;
		}
		w.v[kept++] = w.v[i];
	}
	w.n = kept;
	st->failed += w.failed;

	xdb *db = NULL;
	tv_err rc = xdb_open(o->db, XDB_WRITE, &db, e);
	if (rc != TV_OK) goto out;

	/* Cheap check first: unchanged size and mtime → skip. */
	file_ent **todo = tv_malloc((w.n ? w.n : 1) * sizeof *todo);
	size_t ntodo = 0;
	for (size_t i = 0; i < w.n; i++) {
		char *idt = rec_idterm(w.v[i].path);
		unsigned id;
		int same = 0;
		if (xdb_find(db, idt, &id, NULL) == TV_OK) {
			w.v[i].known = 1;
			char *sig = NULL, *cur = rec_sig(w.v[i].size, w.v[i].mtime_ns);
			if (xdb_get_value(db, id, SLOT_SIG, &sig, NULL, NULL) == TV_OK)
				same = strcmp(sig, cur) == 0;
			free(sig);
			free(cur);
			/* newly marked as a study material: read it again */
			if (same && w.v[i].study) same = has_term(db, id, PFX_KIND "study");
		}
		free(idt);
		if (same)
			st->unchanged++;
		else
			todo[ntodo++] = &w.v[i];
	}

	/* Files gone from the folders indexed now are removed from the index. */
	rm_ctx rm = {.w = &w};
	for (size_t i = 0; i < roots.n; i++) {
		tv_buf pfx = TV_BUF_INIT;
		tv_buf_printf(&pfx, "%s%s", PFX_ID, roots.v[i]);
		xdb_allterms(db, pfx.s, on_idterm, &rm, NULL);
		tv_buf_free(&pfx);
	}
	for (size_t i = 0; i < rm.gone.n; i++) {
		const char *path = rm.gone.v[i] + strlen(PFX_ID);
		if (!under_roots(&roots, path)) continue;
		if (xdb_delete(db, rm.gone.v[i], e) == TV_OK) st->removed++;
		char *parent = rec_parent_term(path);
		xdb_delete(db, parent, NULL);
		free(parent);
	}
	tv_strv_free(&rm.gone);

	int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1) jobs = 1;
	if (jobs > 64) jobs = 64;
	tv_buf cache = TV_BUF_INIT;
	tv_buf_printf(&cache, "%s/ocr-cache", dbabs);
	tv_buf segdir = TV_BUF_INIT;
	tv_buf_printf(&segdir, "%s/segments", dbabs);
	size_t nruns = 0, *run_start = NULL;
	if (jobs >= 2 && ntodo >= (o->bulk_min ? o->bulk_min : BULK_MIN) &&
	    xdb_lastdocid(db) == 0) {
		run_start = idx_bulk_runs(ntodo, (size_t)jobs, &nruns);
		clear_segments(segdir.s);
		if (mkdir(segdir.s, 0777) != 0) nruns = 0; /* the single writer, then */
	}
	/* The single writer takes results as they come, so the workers may start
	 * anywhere: the largest files first (a scan's pages cost seconds each), so
	 * that no worker starts a long file while the others run out.  7 scans of
	 * 1 to 4 pages, 2 jobs: 23.4 s in path order (one core idle through the
	 * last file), 17.1 s largest first. */
	if (!nruns) qsort(todo, ntodo, sizeof *todo, cmp_larger);
	pool p = {.todo = todo,
	          .ntodo = ntodo,
	          .qcap = (size_t)jobs * 4,
	          .ocr = o->ocr,
	          .jobs = jobs,
	          .ocr_cache = cache.s,
	          .nruns = nruns,
	          .run_start = run_start,
	          .segdir = segdir.s,
	          .prog_on = o->progress,
	          .prog_t0 = t0};
	atomic_init(&p.next, 0);
	atomic_init(&p.next_run, 0);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.can_put, NULL);
	pthread_cond_init(&p.can_get, NULL);
	p.q = tv_calloc(p.qcap, sizeof *p.q);
	ext_global_init();
	pthread_t *th = tv_calloc((size_t)jobs, sizeof *th);
	for (int i = 0; i < jobs; i++) pthread_create(&th[i], NULL, worker, &p);

	writer main_w = {.db = db};
	for (size_t done = 0; done < ntodo; done++) {
		job_result *r = pool_get(&p);
		file_ent *fe = todo[r->idx];
		if (r->doc) write_result(&main_w, fe, r);
		if (r->written) {
			st->indexed++;
		} else {
			/* extraction messages already start with the path */
			const char *msg = r->err.msg[0] ? r->err.msg : tv_strerror(r->err.code);
			size_t pl = strlen(fe->path);
			int named = strncmp(msg, fe->path, pl) == 0 && msg[pl] == ':';
			fprintf(rep, "%s%s%s%s\n", o->progress ? "\r\033[K" : "",
			        named ? "" : fe->path, named ? "" : ": ", msg);
			st->failed++;
		}
		tv_set_free(&r->spell);
		free(r);
		p.prog_done = done + 1;
		progress(o->progress, done + 1, ntodo, t0);
	}
	for (int i = 0; i < jobs; i++) pthread_join(th[i], NULL);
	ext_ocr_release(); /* the workers' engines: 40 MB of model each */
	if (o->progress && ntodo) fputc('\n', stderr);
	tv_set_free(&main_w.seen_spell);
	free(th);
	free(p.q);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.can_put);
	pthread_cond_destroy(&p.can_get);
	free(todo);
	tv_buf_free(&cache);
	rc = xdb_commit(db, e);
	free(run_start);
	if (rc == TV_OK && nruns) {
		/* the merge takes the place of the empty database's tables */
		xdb_close(db);
		db = NULL;
		rc = merge_segments(dbabs, segdir.s, nruns, o->progress, &st->segments, e);
		if (rc != TV_OK) st->indexed = 0;
		tv_err orc = xdb_open(o->db, XDB_WRITE, &db, rc == TV_OK ? e : NULL);
		if (rc == TV_OK) rc = orc;
	}
	tv_buf_free(&segdir);
	if (rc == TV_OK) rc = refresh_top(db, o->progress, e);
	xdb_close(db);
out:
	for (size_t i = 0; i < w.n; i++) free(w.v[i].path);
	free(w.v);
	tv_strv_free(&roots);
	st->seconds = tv_now() - t0;
	return rc;
}
