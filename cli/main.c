/* main.c — the `thuvien` command: index, search, show, fields, serve.
 * Parses arguments and prints; the work is done by the modules. */
#define _GNU_SOURCE
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/tv.h"
#include "../indexer/extract.h"
#include "../indexer/fields.h"
#include "../indexer/indexer.h"
#include "../indexer/record.h"
#include "../search/search.h"
#include "../search/xdb.h"
#include "../web/brief.h"
#include "../web/web.h"

static const char *db_path(const char *opt)
{
	if (opt) return opt;
	const char *env = getenv("THUVIEN_DB");
	return env && *env ? env : "./thuvien-db";
}

static int usage_error(const char *cmd, const char *msg)
{
	fprintf(stderr, "thuvien %s: %s (see thuvien %s --help)\n", cmd, msg, cmd);
	return 1;
}

/* ---- index ------------------------------------------------------------------------- */

static const char *index_help =
    "usage: thuvien index [--db DIR] [--jobs N] [--no-ocr] [--no-bulk] [--quiet]\n"
    "                     [--study DIR]... PATH...\n"
    "Index PDF, DOCX, DOC, HTML and TXT files under each PATH (recursively).\n"
    "Unchanged files are skipped, changed ones replaced, deleted ones removed.\n"
    "  --db DIR    database folder (default $THUVIEN_DB, else ./thuvien-db)\n"
    "  --jobs N    extraction threads (default: number of cores)\n"
    "  --no-ocr    do not OCR scanned pages\n"
    "  --no-bulk   write a first build through one writer (by default a first build\n"
    "              of 1,000 files or more is a bulk load: faster, but it needs about\n"
    "              twice the index's size on disk until it ends)\n"
    "  --study DIR index DIR too, its files as study materials (articles, outlines)\n"
    "              whatever their form; repeatable\n"
    "  --quiet     no progress bar\n";

static int cmd_index(int argc, char **argv)
{
	static struct option lo[] = {{"db", 1, 0, 'd'},     {"jobs", 1, 0, 'j'},
	                             {"no-ocr", 0, 0, 'n'}, {"quiet", 0, 0, 'q'},
	                             {"study", 1, 0, 's'},  {"no-bulk", 0, 0, 'b'},
	                             {"help", 0, 0, 'h'},   {0, 0, 0, 0}};
	const char *db = NULL;
	int jobs = 0, ocr = 1, quiet = 0, bulk = 1, c;
	tv_strv study = TV_STRV_INIT;
	while ((c = getopt_long(argc, argv, "d:j:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'j':
			jobs = atoi(optarg);
			if (jobs < 1 || jobs > 64)
				return usage_error("index", "--jobs takes 1 to 64");
			break;
		case 'n':
			ocr = 0;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'b':
			bulk = 0;
			break;
		case 's':
			tv_strv_push(&study, optarg);
			break;
		case 'h':
			tv_strv_free(&study);
			fputs(index_help, stdout);
			return 0;
		default:
			tv_strv_free(&study);
			return usage_error("index", "unknown option");
		}
	}
	if (optind >= argc && study.n == 0) return usage_error("index", "no PATH given");
	idx_opts o = {.db = db_path(db),
	              .paths = (const char *const *)argv + optind,
	              .npaths = (size_t)(argc - optind),
	              .study = (const char *const *)study.v,
	              .nstudy = study.n,
	              .jobs = jobs,
	              .progress = !quiet && isatty(2),
	              .ocr = ocr,
	              .report = stderr,
	              .bulk_min = bulk ? 0 : SIZE_MAX};
	idx_stats st;
	tv_error e = {0};
	tv_err rc = idx_run(&o, &st, &e);
	tv_strv_free(&study);
	if (rc != TV_OK) {
		fprintf(stderr, "thuvien index: %s\n", e.msg);
		return 1;
	}
	printf("%u indexed, %u unchanged, %u removed, %u failed (%.2f s", st.indexed, st.unchanged,
	       st.removed, st.failed, st.seconds);
	if (st.segments) printf("; bulk load: %u segments merged", st.segments);
	printf(")\n");
	return 0;
}

/* ---- search ------------------------------------------------------------------------ */

static const char *search_help =
    "usage: thuvien search [--db DIR] [--json] [--limit N] [--offset N] [--type T]\n"
    "                      [--issuer TEXT] [--from DATE] [--to DATE] [--sort date|relevance] "
    "QUERY\n"
    "Search with or without diacritics; a document number may be typed any way\n"
    "(05-CT/TW, 05/CT-TW, CT05, chi thi 05).  In QUERY: \"phrase\", -word,\n"
    "so:NUMBER, loai:TYPE, cq:ISSUER, nam:YEAR.  DATE is YYYY, YYYY-MM or YYYY-MM-DD.\n";

static void print_hits_text(const srch_result *r)
{
	printf("%u results for \"%s\"\n", r->total, r->query);
	if (r->did_you_mean) printf("Did you mean: %s\n", r->did_you_mean);
	for (size_t i = 0; i < r->nhits; i++) {
		const json_t *d = r->hits[i].doc;
		const char *num = json_string_value(json_object_get(d, "number"));
		const char *title = json_string_value(json_object_get(d, "title"));
		const char *date = json_string_value(json_object_get(d, "date"));
		printf("\n%zu. [%u] %s%s%s%s\n", i + 1 + 0, r->hits[i].id, num ? num : "",
		       num ? "  " : "", title ? title : "(no title)", "");
		if (date) printf("   %s", date);
		printf("   %s\n", json_string_value(json_object_get(d, "path")));
		printf("   %s\n", r->hits[i].snippet ? r->hits[i].snippet : "");
	}
}

static int cmd_search(int argc, char **argv)
{
	static struct option lo[] = {
	    {"db", 1, 0, 'd'},   {"json", 0, 0, 'J'},   {"limit", 1, 0, 'l'}, {"offset", 1, 0, 'o'},
	    {"type", 1, 0, 't'}, {"issuer", 1, 0, 'i'}, {"from", 1, 0, 'f'},  {"to", 1, 0, 'T'},
	    {"sort", 1, 0, 's'}, {"kind", 1, 0, 'k'},   {"help", 0, 0, 'h'},  {0, 0, 0, 0}};
	const char *db = NULL;
	int json = 0, c;
	srch_opts so = {.limit = 10};
	while ((c = getopt_long(argc, argv, "d:l:h", lo, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'J':
			json = 1;
			break;
		case 'l': {
			long v = strtol(optarg, NULL, 10);
			if (v < 1 || v > SRCH_MAX_LIMIT)
				return usage_error("search", "--limit takes 1 to 100");
			so.limit = (unsigned)v;
			break;
		}
		case 'o':
			so.offset = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 't':
			so.type = optarg;
			break;
		case 'i':
			so.issuer = optarg;
			break;
		case 'f':
			so.from = optarg;
			break;
		case 'T':
			so.to = optarg;
			break;
		case 'k':
			so.kind = optarg;
			break;
		case 's':
			if (strcmp(optarg, "date") == 0)
				so.sort_date = 1;
			else if (strcmp(optarg, "oldest") == 0)
				so.sort_date = 2;
			else if (strcmp(optarg, "relevance") != 0)
				return usage_error("search",
				                   "--sort takes date, oldest or relevance");
			break;
		case 'h':
			fputs(search_help, stdout);
			return 0;
		default:
			return usage_error("search", "unknown option");
		}
	}
	tv_buf q = TV_BUF_INIT;
	for (int i = optind; i < argc; i++) {
		if (i > optind) tv_buf_putc(&q, ' ');
		tv_buf_puts(&q, argv[i]);
	}
	if (q.len == 0 && !so.type && !so.issuer && !so.from && !so.to)
		return usage_error("search", "no QUERY given");
	so.query = tv_buf_str(&q);
	xdb *x = NULL;
	tv_error e = {0};
	if (xdb_open(db_path(db), XDB_READ, &x, &e) != TV_OK) {
		fprintf(stderr, "thuvien search: %s\n", e.msg);
		tv_buf_free(&q);
		return 1;
	}
	srch_result *r = NULL;
	int rc = 0;
	if (srch_run(x, &so, &r, &e) != TV_OK) {
		fprintf(stderr, "thuvien search: %s\n", e.msg);
		rc = 1;
	} else if (json) {
		json_t *o = srch_result_json(r);
		json_dumpf(o, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(o);
	} else {
		print_hits_text(r);
	}
	srch_result_free(r);
	xdb_close(x);
	tv_buf_free(&q);
	return rc;
}

/* ---- show -------------------------------------------------------------------------- */

static const char *show_help = "usage: thuvien show [--db DIR] [--json] ID|NUMBER|PATH\n"
                               "Print one document with all its fields.\n";

static void print_field(const json_t *d, const char *label, const char *key)
{
	json_t *v = json_object_get(d, key);
	if (json_is_string(v))
		printf("%-18s %s\n", label, json_string_value(v));
	else if (json_is_array(v) && json_array_size(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			const char *s = json_is_string(x)
			                    ? json_string_value(x)
			                    : json_string_value(json_object_get(x, "number"));
			printf("%-18s %s\n", i ? "" : label, s ? s : "");
		}
	}
}

static int cmd_show(int argc, char **argv)
{
	static struct option lo[] = {
	    {"db", 1, 0, 'd'}, {"json", 0, 0, 'J'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
	const char *db = NULL;
	int json = 0, c;
	while ((c = getopt_long(argc, argv, "d:h", lo, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'J':
			json = 1;
			break;
		case 'h':
			fputs(show_help, stdout);
			return 0;
		default:
			return usage_error("show", "unknown option");
		}
	}
	if (optind != argc - 1) return usage_error("show", "give one ID, NUMBER or PATH");
	xdb *x = NULL;
	tv_error e = {0};
	if (xdb_open(db_path(db), XDB_READ, &x, &e) != TV_OK) {
		fprintf(stderr, "thuvien show: %s\n", e.msg);
		return 1;
	}
	json_t *d = NULL;
	int rc = 0;
	if (srch_doc(x, argv[optind], &d, &e) != TV_OK) {
		fprintf(stderr, "thuvien show: %s\n", e.msg);
		rc = 1;
	} else if (json) {
		json_dumpf(d, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		static const char *f[][2] = {{"Số", "number"},
		                             {"Loại", "type"},
		                             {"Cơ quan", "issuer"},
		                             {"Cơ quan cấp trên", "issuer_parent"},
		                             {"Nơi ban hành", "place"},
		                             {"Ngày", "date"},
		                             {"Trích yếu", "title"},
		                             {"Người ký", "signer"},
		                             {"Chức vụ", "signer_position"},
		                             {"Thẩm quyền", "signer_authority"},
		                             {"Độ mật", "security"},
		                             {"Kính gửi", "kinh_gui"},
		                             {"Nơi nhận", "noi_nhan"},
		                             {"Trích dẫn", "cites"},
		                             {"Được trích dẫn bởi", "cited_by"},
		                             {"Tệp", "path"}};
		for (size_t i = 0; i < sizeof f / sizeof *f; i++) print_field(d, f[i][0], f[i][1]);
		printf("\n%s\n", json_string_value(json_object_get(d, "text")));
	}
	json_decref(d);
	xdb_close(x);
	return rc;
}

/* ---- fields (no database: what the extractor and field parser see) -------------------- */

static const char *fields_help =
    "usage: thuvien fields [--blocks] [--no-ocr] FILE...\n"
    "Extract FILE and print the fields thuvien reads from it, as JSON.\n"
    "  --blocks   print the extracted blocks (page, column, flags) instead\n"
    "  --no-ocr   do not OCR scanned pages (no cache: each run recognises again)\n";

static int cmd_fields(int argc, char **argv)
{
	static struct option lo[] = {
	    {"blocks", 0, 0, 'b'}, {"no-ocr", 0, 0, 'n'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
	int blocks = 0, ocr = 1, c, rc = 0;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'b':
			blocks = 1;
			break;
		case 'n':
			ocr = 0;
			break;
		case 'h':
			fputs(fields_help, stdout);
			return 0;
		default:
			return usage_error("fields", "unknown option");
		}
	}
	if (optind >= argc) return usage_error("fields", "no FILE given");
	ext_global_init();
	for (int i = optind; i < argc; i++) {
		tv_doc *d = NULL;
		tv_error e = {0};
		ext_limits lim = ext_default_limits();
		lim.ocr = ocr;
		lim.ocr_threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
		if (ext_file(argv[i], &lim, &d, &e) != TV_OK) {
			fprintf(stderr, "%s\n", e.msg); /* names the file */
			rc = 1;
			continue;
		}
		if (blocks) {
			ext_dump(d, stdout);
		} else {
			fld_fields f;
			fld_extract(d, &f);
			rec_file rf = {argv[i], 0, 0};
			json_t *o = rec_json(d, &f, &rf);
			json_object_del(o, "text");
			json_dumpf(o, stdout, JSON_INDENT(2));
			fputc('\n', stdout);
			json_decref(o);
			fld_free(&f);
		}
		doc_free(d);
	}
	return rc;
}

/* ---- main -------------------------------------------------------------------------- */

static const char *main_help =
    "usage: thuvien COMMAND [OPTIONS]\n"
    "A library of official documents and study materials with Vietnamese-aware search.\n\n"
    "  index   index a folder of PDF, DOCX, DOC, HTML and TXT files\n"
    "  search  search the index (add --json for the JSON contract)\n"
    "  show    print one document with its fields\n"
    "  serve   web UI and JSON API on http://127.0.0.1:8080\n"
    "  fields  print the fields read from a file, without indexing\n"
    "  brief   assemble a handout (HTML, DOCX) from documents, key points and passages\n\n"
    "Each command takes --help.  The database is --db DIR, else $THUVIEN_DB, else ./thuvien-db.\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(main_help, stderr);
		return 1;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(main_help, stdout);
		return 0;
	}
	argv[1] = argv[0];
	argc--;
	argv++;
	if (strcmp(cmd, "index") == 0) return cmd_index(argc, argv);
	if (strcmp(cmd, "search") == 0) return cmd_search(argc, argv);
	if (strcmp(cmd, "show") == 0) return cmd_show(argc, argv);
	if (strcmp(cmd, "fields") == 0) return cmd_fields(argc, argv);
	if (strcmp(cmd, "serve") == 0) return web_main(argc, argv);
	if (strcmp(cmd, "brief") == 0) return brief_main(argc, argv);
	fprintf(stderr, "thuvien: unknown command '%s'\n\n%s", cmd, main_help);
	return 1;
}
