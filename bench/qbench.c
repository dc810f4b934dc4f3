/* qbench.c — in-process query latency: what a search costs inside thuvien,
 * without HTTP.  Each query of the list (bench/gen --queries: "kind<TAB>query"
 * lines) goes through srch_run exactly as the CLI and the web API call it
 * (query analysis, Xapian match, facets, snippets of the first page), and the
 * wall time of each call is recorded.  One warm-up pass is not counted, so the
 * figures are those of a server whose index is in the page cache.
 *
 * usage: qbench --db DIR --queries FILE [--rounds R] [--limit N] [--warmup W]
 *               [--exhaustive] [--compare] [--sort new|old] [--pages N] [--cli]
 * prints p50/p95/p99/max of wall time per kind of query and for all of them,
 * and p50/p99 of the calling thread's CPU time.  --exhaustive ranks every match
 * of broad queries instead of their top-list candidates (the figures without
 * them, same index, same build); --compare then runs each query both ways and
 * prints how far the candidates' first page is from the exhaustive one.
 * --sort new|old sorts by date, newest or oldest first (with --exhaustive:
 * sorting every match instead of walking the years).  --pages N then reads
 * N pages of `limit` random documents each way a result list can: whole
 * records (read, JSON-parsed) and briefs (schema.h: SLOT_BRIEF), both on
 * the same docids, warm, and prints the mean per page.  The database is
 * opened as the server's threads open it (xdb_keep_lengths); --cli opens it
 * as a one-off command does, without. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/tv.h"
#include "../search/schema.h"
#include "../search/search.h"
#include "../search/xdb.h"

typedef struct query {
	char *kind, *text;
} query;

typedef struct series {
	const char *kind;
	double *ms, *cpu; /* wall and thread CPU time of each call */
	size_t n, cap;
	unsigned long hits, zero;
} series;

static void series_add(series *s, double ms, double cpu)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->ms = tv_realloc(s->ms, s->cap * sizeof *s->ms);
		s->cpu = tv_realloc(s->cpu, s->cap * sizeof *s->cpu);
	}
	s->cpu[s->n] = cpu;
	s->ms[s->n++] = ms;
}

/* CPU time of this thread: unlike wall time, not inflated when other work
 * shares the cores, so a busy machine still gives a usable figure. */
static double thread_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted values. */
static double pct(const double *v, size_t n, double p)
{
	if (!n) return 0;
	size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (k < 1) k = 1;
	if (k > n) k = n;
	return v[k - 1];
}

static void report(series *s, unsigned rounds)
{
	qsort(s->ms, s->n, sizeof *s->ms, cmp_double);
	qsort(s->cpu, s->n, sizeof *s->cpu, cmp_double);
	double sum = 0;
	for (size_t i = 0; i < s->n; i++) sum += s->ms[i];
	printf("%-8s %6zu %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %9.0f %6lu\n", s->kind, s->n,
	       pct(s->ms, s->n, 50), pct(s->ms, s->n, 95), pct(s->ms, s->n, 99),
	       s->n ? s->ms[s->n - 1] : 0, s->n ? sum / (double)s->n : 0, pct(s->cpu, s->n, 50),
	       pct(s->cpu, s->n, 99), s->n ? (double)s->hits / (double)s->n : 0,
	       s->zero / (rounds ? rounds : 1));
}

static size_t load_queries(const char *path, query **out)
{
	char *data = NULL;
	size_t len = 0;
	tv_error e = {0};
	if (tv_read_file(path, 1 << 24, &data, &len, &e) != TV_OK) {
		fprintf(stderr, "qbench: %s\n", e.msg);
		return 0;
	}
	query *q = NULL;
	size_t n = 0, cap = 0;
	for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
		char *tab = strchr(line, '\t');
		if (!tab || !tab[1]) continue;
		*tab = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			q = tv_realloc(q, cap * sizeof *q);
		}
		q[n].kind = tv_strdup(line);
		q[n].text = tv_strdup(tab + 1);
		n++;
	}
	free(data);
	*out = q;
	return n;
}

/* Each query once from the top lists and once exhaustively: of the queries
 * that took the candidates' path, how many first pages are the same documents
 * in the same order, the same documents, the same first document, the mean
 * share of the exhaustive page found; and, since documents often tie, how many
 * pages have the same score at every rank, and the candidates' page's summed
 * score as a share of the exhaustive page's. */
static int same_score(double a, double b)
{
	double d = a > b ? a - b : b - a;
	return d <= 1e-9 * (a > b ? a : b);
}

/* Reads docid's record (brief = 0) or brief and parses it; its size. */
static size_t read_listed(xdb *db, unsigned id, int brief)
{
	char *data = NULL;
	size_t len = 0;
	tv_err rc = brief ? xdb_get_value(db, id, SLOT_BRIEF, &data, &len, NULL)
	                  : xdb_get_data(db, id, &data, &len, NULL);
	json_t *j = rc == TV_OK ? json_loadb(data, len, 0, NULL) : NULL;
	json_decref(j);
	free(data);
	return j ? len : 0;
}

/* --pages: what reading a page of hits costs, records against briefs. */
static void read_pages(xdb *db, unsigned npages, unsigned limit)
{
	unsigned last = xdb_lastdocid(db);
	double t[2] = {0, 0};
	size_t bytes[2] = {0, 0}, got[2] = {0, 0};
	srand(7);
	unsigned *ids = tv_malloc((limit ? limit : 1) * sizeof *ids);
	for (unsigned p = 0; p < npages && last; p++) {
		for (unsigned i = 0; i < limit; i++) ids[i] = 1 + (unsigned)rand() % last;
		for (int pass = 0; pass < 2; pass++) /* the first warms the blocks */
			for (int brief = 0; brief < 2; brief++) {
				double t0 = tv_now();
				for (unsigned i = 0; i < limit; i++) {
					size_t n = read_listed(db, ids[i], brief);
					if (pass) bytes[brief] += n, got[brief] += n > 0;
				}
				if (pass) t[brief] += tv_now() - t0;
			}
	}
	free(ids);
	if (!npages) return;
	printf(
	    "pages of %u: record %.3f ms (%zu of %zu read, %zu B each), brief %.3f ms (%zu read, "
	    "%zu B each)\n",
	    limit, t[0] * 1000.0 / npages, got[0], (size_t)npages * limit,
	    got[0] ? bytes[0] / got[0] : 0, t[1] * 1000.0 / npages, got[1],
	    got[1] ? bytes[1] / got[1] : 0);
}

static void compare_pages(xdb *db, const query *qs, size_t nq, unsigned limit)
{
	size_t took = 0, same_order = 0, same_set = 0, same_first = 0, same_scores = 0;
	double overlap = 0, score_share = 0;
	for (size_t i = 0; i < nq; i++) {
		srch_opts o = {.query = qs[i].text, .limit = limit};
		srch_opts ox = {.query = qs[i].text, .limit = limit, .exhaustive = 1};
		srch_result *a = NULL, *b = NULL;
		tv_error e = {0};
		if (srch_run(db, &o, &a, &e) == TV_OK && srch_run(db, &ox, &b, &e) == TV_OK &&
		    a->from_top) {
			took++;
			size_t common = 0, order = a->nhits == b->nhits;
			for (size_t x = 0; x < a->nhits; x++) {
				if (x < b->nhits && a->hits[x].id != b->hits[x].id) order = 0;
				for (size_t y = 0; y < b->nhits; y++)
					common += a->hits[x].id == b->hits[y].id;
			}
			int scores = a->nhits == b->nhits;
			double sa = 0, sb = 0;
			for (size_t x = 0; x < a->nhits && x < b->nhits; x++) {
				scores &= same_score(a->hits[x].score, b->hits[x].score);
				sa += a->hits[x].score;
				sb += b->hits[x].score;
			}
			same_scores += scores;
			score_share += sb > 0 ? sa / sb : 1.0;
			same_order += order;
			same_set += common == b->nhits && a->nhits == b->nhits;
			same_first += a->nhits && b->nhits && a->hits[0].id == b->hits[0].id;
			overlap += b->nhits ? (double)common / (double)b->nhits : 1.0;
		}
		srch_result_free(a);
		srch_result_free(b);
	}
	printf("top lists vs exhaustive: %zu of %zu queries took the candidates' path; of "
	       "those, first page identical %zu, same documents %zu, same first %zu, mean "
	       "overlap %.1f%%; same score at every rank %zu, page score %.2f%% of the "
	       "exhaustive page's\n",
	       took, nq, same_order, same_set, same_first, took ? 100.0 * overlap / took : 100.0,
	       same_scores, took ? 100.0 * score_share / took : 100.0);
}

int main(int argc, char **argv)
{
	static struct option lo[] = {
	    {"db", 1, 0, 'd'},         {"queries", 1, 0, 'q'}, {"rounds", 1, 0, 'r'},
	    {"limit", 1, 0, 'l'},      {"warmup", 1, 0, 'w'},  {"verbose", 0, 0, 'v'},
	    {"exhaustive", 0, 0, 'x'}, {"compare", 0, 0, 'c'}, {"sort", 1, 0, 's'},
	    {"pages", 1, 0, 'p'},      {"cli", 0, 0, 'C'},     {0, 0, 0, 0}};
	const char *dbdir = NULL, *qfile = NULL;
	unsigned rounds = 5, limit = 10, warmup = 1, pages = 0;
	int verbose = 0, exhaustive = 0, compare = 0, sort = 0, keep_lengths = 1, c;
	while ((c = getopt_long(argc, argv, "v", lo, NULL)) != -1) {
		switch (c) {
		case 'd':
			dbdir = optarg;
			break;
		case 'q':
			qfile = optarg;
			break;
		case 'r':
			rounds = (unsigned)atoi(optarg);
			break;
		case 'l':
			limit = (unsigned)atoi(optarg);
			break;
		case 'w':
			warmup = (unsigned)atoi(optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'p':
			pages = (unsigned)atoi(optarg);
			break;
		case 'x':
			exhaustive = 1;
			break;
		case 'c':
			compare = 1;
			break;
		case 'C':
			keep_lengths = 0;
			break;
		case 's':
			sort = strcmp(optarg, "new") == 0 ? 1 : strcmp(optarg, "old") == 0 ? 2 : -1;
			if (sort < 0) {
				fprintf(stderr, "qbench: --sort takes new or old\n");
				return 1;
			}
			break;
		default:
			fprintf(stderr, "usage: qbench --db DIR --queries FILE [--rounds R] "
			                "[--limit N] [--warmup W] [--verbose] [--exhaustive] "
			                "[--compare] [--sort new|old] [--pages N] [--cli]\n");
			return 1;
		}
	}
	if (!dbdir || !qfile) {
		fprintf(stderr, "usage: qbench --db DIR --queries FILE [--rounds R] [--limit N]\n");
		return 1;
	}
	query *qs = NULL;
	size_t nq = load_queries(qfile, &qs);
	if (!nq) {
		fprintf(stderr, "qbench: %s: no queries\n", qfile);
		return 1;
	}
	xdb *db = NULL;
	tv_error e = {0};
	if (xdb_open(dbdir, XDB_READ, &db, &e) != TV_OK) {
		fprintf(stderr, "qbench: %s\n", e.msg);
		return 1;
	}
	if (keep_lengths) xdb_keep_lengths(db); /* as the server's threads do */
	unsigned ndocs = xdb_doccount(db);

	/* one series per kind, plus "all" */
	series ser[16] = {{0}};
	size_t nser = 1;
	ser[0].kind = "all";
	size_t *which = tv_calloc(nq, sizeof *which);
	for (size_t i = 0; i < nq; i++) {
		size_t k = 1;
		while (k < nser && strcmp(ser[k].kind, qs[i].kind)) k++;
		if (k == nser && nser < 16) ser[nser++].kind = qs[i].kind;
		which[i] = k < nser ? k : 0;
	}

	size_t failed = 0;
	for (unsigned r = 0; r < warmup + rounds; r++) {
		for (size_t i = 0; i < nq; i++) {
			srch_opts o = {.query = qs[i].text,
			               .limit = limit,
			               .exhaustive = exhaustive,
			               .sort_date = sort};
			srch_result *res = NULL;
			double t0 = tv_now(), c0 = thread_cpu();
			tv_err rc = srch_run(db, &o, &res, &e);
			double ms = (tv_now() - t0) * 1000.0, cpu = (thread_cpu() - c0) * 1000.0;
			if (rc != TV_OK) {
				if (r == 0) fprintf(stderr, "qbench: %s: %s\n", qs[i].text, e.msg);
				failed++;
				continue;
			}
			if (r >= warmup) {
				series_add(&ser[0], ms, cpu);
				ser[0].hits += res->total;
				if (!res->total) ser[0].zero++;
				if (which[i]) {
					series_add(&ser[which[i]], ms, cpu);
					ser[which[i]].hits += res->total;
					if (!res->total) ser[which[i]].zero++;
				}
				if (verbose && r == warmup)
					printf("%8.2f ms %8u hits  %s\n", ms, res->total,
					       qs[i].text);
			}
			srch_result_free(res);
		}
	}
	printf("index: %s, %u documents; %zu queries x %u rounds (+%u warm-up), limit %u\n", dbdir,
	       ndocs, nq, rounds, warmup, limit);
	printf("%-8s %6s %8s %8s %8s %8s %8s %8s %8s %9s %6s\n", "kind", "runs", "p50 ms", "p95 ms",
	       "p99 ms", "max ms", "mean ms", "cpu p50", "cpu p99", "avg hits", "zero");
	for (size_t k = 1; k < nser; k++) report(&ser[k], rounds);
	report(&ser[0], rounds);
	if (failed) printf("%zu failed calls\n", failed);
	if (compare) compare_pages(db, qs, nq, limit);
	read_pages(db, pages, limit);
	for (size_t i = 0; i < nq; i++) {
		free(qs[i].kind);
		free(qs[i].text);
	}
	for (size_t k = 0; k < nser; k++) {
		free(ser[k].ms);
		free(ser[k].cpu);
	}
	free(qs);
	free(which);
	xdb_close(db);
	return failed ? 1 : 0;
}
