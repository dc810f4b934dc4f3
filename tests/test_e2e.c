/* test_e2e.c — the CLI end to end: index corpus/ into a temporary database,
 * search it, re-index incrementally, and survive broken files. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tt.h"

/* Index PATHS into a new database; returns the db dir (caller frees). */
static char *index_into(const char *paths, char **out, char **err, int *rc)
{
	char *dir = tt_tmpdir();
	*rc = tt_run(out, err, "%s index --db %s/db %s", tt_bin, dir, paths);
	return dir;
}

/* `thuvien CMD --db DIR/db --json ARGS`, parsed (NULL, the failure recorded,
 * when it cannot be). */
static json_t *cli_json(const char *dir, const char *cmd, const char *args)
{
	char *out = NULL;
	int rc = tt_run(&out, NULL, "%s %s --db %s/db --json %s", tt_bin, cmd, dir, args);
	json_t *j = rc == 0 ? tt_json(out) : NULL;
	if (rc != 0) tt_fail(__FILE__, __LINE__, "%s %s exited %d", cmd, args, rc);
	free(out);
	return j;
}

static json_t *search_json(const char *dir, const char *args)
{
	return cli_json(dir, "search", args);
}

static const char *first_path(json_t *j)
{
	json_t *r = json_array_get(json_object_get(j, "results"), 0);
	return json_string_value(json_object_get(r, "path"));
}

static int is_letter(const char *path)
{
	return path && strstr(path, "598-CV-DUK") != NULL;
}

TT(index_corpus_then_official_letter_ranks_first)
{
	char *out, *err;
	int rc;
	char *dir = index_into("corpus", &out, &err, &rc);
	TT_INTEQ(rc, 0);
	TT_CHECK(strstr(out, " 0 failed") != NULL);
	json_t *j = search_json(dir, "'nâng cao tinh thần trách nhiệm'");
	TT_ASSERT(j);
	TT_CHECK(json_integer_value(json_object_get(j, "total")) >= 2);
	TT_CHECK(is_letter(first_path(j)));
	/* the contract's keys are all there */
	json_t *r0 = json_array_get(json_object_get(j, "results"), 0);
	static const char *keys[] = {"id",   "path",  "number",  "type", "issuer",
	                             "date", "title", "snippet", "score"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (!json_object_get(r0, keys[i]))
			tt_fail(__FILE__, __LINE__, "result lacks %s", keys[i]);
	TT_CHECK(json_is_object(json_object_get(json_object_get(j, "facets"), "type")));
	TT_CHECK(json_is_object(json_object_get(json_object_get(j, "facets"), "year")));
	json_decref(j);
	free(out);
	free(err);
	free(dir);
}

TT(query_without_diacritics_finds_letter_first)
{
	char *out, *err;
	int rc;
	char *dir = index_into("corpus", &out, &err, &rc);
	TT_INTEQ(rc, 0);
	json_t *j = search_json(dir, "'nang cao tinh than trach nhiem'");
	TT_ASSERT(j);
	TT_CHECK(is_letter(first_path(j)));
	json_decref(j);
	free(out);
	free(err);
	free(dir);
}

TT(number_typed_any_way_finds_letter_first)
{
	char *out, *err;
	int rc;
	char *dir = index_into("corpus", &out, &err, &rc);
	TT_INTEQ(rc, 0);
	const char *forms[] = {"598-CV/ĐUK", "'598 CV DUK'", "'cong van 598'", "598/CV-ĐUK",
	                       "CV598"};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		json_t *j = search_json(dir, forms[i]);
		if (!j) continue;
		if (!is_letter(first_path(j)))
			tt_fail(__FILE__, __LINE__, "%s: first is %s", forms[i], first_path(j));
		json_decref(j);
	}
	free(out);
	free(err);
	free(dir);
}

TT(reindex_reports_everything_unchanged)
{
	char *out, *err;
	int rc;
	char *dir = index_into("corpus", &out, &err, &rc);
	TT_INTEQ(rc, 0);
	free(out);
	free(err);
	rc = tt_run(&out, &err, "%s index --db %s/db corpus", tt_bin, dir);
	TT_INTEQ(rc, 0);
	TT_CHECK(strncmp(out, "0 indexed, ", 11) == 0);
	TT_CHECK(strstr(out, " 0 removed, 0 failed") != NULL);
	free(out);
	free(err);
	free(dir);
}

TT(changed_files_replaced_and_deleted_files_removed)
{
	char *dir = tt_tmpdir(), *out, *err;
	TT_INTEQ(tt_run(NULL, NULL,
	                "mkdir -p %s/lib && printf 'Kế hoạch học tập nghị quyết\\n' > %s/lib/a.txt"
	                " && printf 'Báo cáo viên cấp cơ sở\\n' > %s/lib/b.txt",
	                dir, dir, dir),
	         0);
	TT_INTEQ(tt_run(&out, &err, "%s index --db %s/db %s/lib", tt_bin, dir, dir), 0);
	TT_CHECK(strncmp(out, "2 indexed, 0 unchanged, 0 removed, 0 failed", 43) == 0);
	free(out);
	free(err);
	/* change a.txt (new size), delete b.txt */
	TT_INTEQ(tt_run(NULL, NULL,
	                "printf 'Chương trình tổng kết công tác tuyên giáo\\n' > %s/lib/a.txt && "
	                "rm %s/lib/b.txt",
	                dir, dir),
	         0);
	TT_INTEQ(tt_run(&out, &err, "%s index --db %s/db %s/lib", tt_bin, dir, dir), 0);
	TT_CHECK(strncmp(out, "1 indexed, 0 unchanged, 1 removed, 0 failed", 43) == 0);
	json_t *j = search_json(dir, "'tuyên giáo'");
	TT_ASSERT(j);
	TT_INTEQ(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	j = search_json(dir, "'báo cáo viên'");
	TT_ASSERT(j);
	TT_INTEQ(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	free(out);
	free(err);
	free(dir);
}

TT(broken_files_are_reported_and_the_run_goes_on)
{
	char *dir = tt_tmpdir(), *out, *err;
	/* truncated PDF, DOCX that is not a zip, zip without document.xml, invalid UTF-8 text */
	TT_INTEQ(tt_run(NULL, NULL,
	                "root=$(pwd) && mkdir -p %s/lib && cd %s/lib && head -c 3000 "
	                "$root/corpus/van-ban/598-CV-DUK.pdf > cut.pdf"
	                " && printf 'this is not a zip' > fake.docx"
	                " && mkdir z && printf x > z/readme.txt && (cd z && zip -q ../nodoc.docx "
	                "readme.txt) && rm -r z"
	                " && printf 'ch\\377\\376\\303 ok\\n' > bad.txt"
	                " && printf 'Đảng ủy khối tổ chức học tập nghị quyết\\n' > good.txt",
	                dir, dir),
	         0);
	int rc = tt_run(&out, &err, "%s index --db %s/db %s/lib", tt_bin, dir, dir);
	TT_INTEQ(rc, 0);
	TT_CHECK(strncmp(out, "1 indexed, 0 unchanged, 0 removed, 4 failed", 43) == 0);
	const char *names[] = {"cut.pdf: ", "fake.docx: ", "nodoc.docx: ", "bad.txt: "};
	for (size_t i = 0; i < 4; i++)
		if (!strstr(err, names[i]))
			tt_fail(__FILE__, __LINE__, "no report for %s in: %s", names[i], err);
	free(out);
	free(err);
	free(dir);
}

TT(a_file_broken_later_keeps_what_was_indexed)
{
	char *dir = tt_tmpdir(), *out, *err;
	TT_INTEQ(tt_run(NULL, NULL,
	                "mkdir -p %s/lib && printf 'Quy chế làm việc của chi bộ\\n' > %s/lib/q.txt",
	                dir, dir),
	         0);
	TT_INTEQ(tt_run(&out, &err, "%s index --db %s/db %s/lib", tt_bin, dir, dir), 0);
	free(out);
	free(err);
	TT_INTEQ(tt_run(NULL, NULL, "printf 'x\\377\\376\\375 broken now\\n' > %s/lib/q.txt", dir),
	         0);
	TT_INTEQ(tt_run(&out, &err, "%s index --db %s/db %s/lib", tt_bin, dir, dir), 0);
	TT_CHECK(strstr(out, "1 failed") != NULL);
	json_t *j = search_json(dir, "'quy chế'");
	TT_ASSERT(j);
	TT_INTEQ(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	free(out);
	free(err);
	free(dir);
}

TT(show_by_number_id_and_path_has_every_field)
{
	char *out, *err;
	int rc;
	char *dir = index_into("corpus", &out, &err, &rc);
	TT_INTEQ(rc, 0);
	free(out);
	free(err);
	rc = tt_run(&out, &err, "%s show --db %s/db --json 598-CV/ĐUK", tt_bin, dir);
	TT_INTEQ(rc, 0);
	json_t *j = tt_json(out);
	TT_ASSERT(j);
	static const char *keys[] = {"number",
	                             "type",
	                             "type_code",
	                             "issuer",
	                             "issuer_parent",
	                             "place",
	                             "date",
	                             "title",
	                             "signer",
	                             "signer_position",
	                             "signer_authority",
	                             "recipients",
	                             "security",
	                             "cites",
	                             "cited_by",
	                             "keypoints",
	                             "id",
	                             "path",
	                             "format",
	                             "pages",
	                             "text"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (!json_object_get(j, keys[i]))
			tt_fail(__FILE__, __LINE__, "show lacks %s", keys[i]);
	TT_STREQ(json_string_value(json_object_get(j, "number")), "598-CV/ĐUK");
	json_int_t id = json_integer_value(json_object_get(j, "id"));
	const char *path = json_string_value(json_object_get(j, "path"));
	char *out2, *out3;
	TT_INTEQ(tt_run(&out2, NULL, "%s show --db %s/db --json %lld", tt_bin, dir, (long long)id),
	         0);
	TT_INTEQ(tt_run(&out3, NULL, "%s show --db %s/db --json '%s'", tt_bin, dir, path), 0);
	json_t *j2 = tt_json(out2), *j3 = tt_json(out3);
	TT_INTEQ(json_integer_value(json_object_get(j2, "id")), id);
	TT_INTEQ(json_integer_value(json_object_get(j3, "id")), id);
	json_decref(j);
	json_decref(j2);
	json_decref(j3);
	free(out);
	free(err);
	free(out2);
	free(out3);
	free(dir);
}

TT(every_subcommand_has_help_and_rejects_bad_usage)
{
	const char *cmds[] = {"index", "search", "show", "serve", "fields"};
	for (size_t i = 0; i < 5; i++) {
		char *out = NULL, *err = NULL;
		if (tt_run(&out, &err, "%s %s --help", tt_bin, cmds[i]) != 0 ||
		    !strstr(out, "usage:"))
			tt_fail(__FILE__, __LINE__, "%s --help", cmds[i]);
		free(out);
		free(err);
		if (tt_run(NULL, &err, "%s %s --no-such-option", tt_bin, cmds[i]) != 1 || !*err)
			tt_fail(__FILE__, __LINE__,
			        "%s with a bad option must exit 1 with a reason", cmds[i]);
		free(err);
	}
	char *err = NULL;
	TT_INTEQ(tt_run(NULL, &err, "%s search --db /nonexistent/db word", tt_bin), 1);
	TT_CHECK(strstr(err, "/nonexistent/db") != NULL);
	free(err);
}

TT(study_folder_marks_files_as_study_materials)
{
	/* a lecture outline typed like an official letter is still a study
	 * material when its folder is given with --study */
	char *dir = tt_tmpdir(), *out = NULL, *err = NULL;
	TT_INTEQ(tt_run(NULL, NULL,
	                "mkdir -p %s/vb %s/bg && cp corpus/van-ban/598-CV-DUK.docx %s/vb/"
	                " && cp corpus/van-ban/598-CV-DUK.docx %s/bg/bai-giang.docx",
	                dir, dir, dir, dir),
	         0);
	TT_INTEQ(tt_run(&out, &err, "%s index --db %s/db %s/vb", tt_bin, dir, dir), 0);
	free(out);
	free(err);
	TT_INTEQ(
	    tt_run(&out, &err, "%s index --db %s/db --study %s/bg %s/vb", tt_bin, dir, dir, dir),
	    0);
	TT_CHECK(strncmp(out, "1 indexed, 1 unchanged", 22) == 0);
	free(out);
	free(err);
	TT_INTEQ(
	    tt_run(&out, NULL, "%s show --db %s/db --json %s/bg/bai-giang.docx", tt_bin, dir, dir),
	    0);
	json_t *j = tt_json(out);
	TT_ASSERT(j);
	TT_STREQ(json_string_value(json_object_get(j, "kind")), "study");
	TT_CHECK(json_array_size(json_object_get(j, "passages")) > 0);
	json_decref(j);
	free(out);
	/* the same file indexed before without the mark is read again once marked */
	TT_INTEQ(tt_run(&out, &err, "%s index --db %s/db --study %s/vb", tt_bin, dir, dir), 0);
	TT_CHECK(strncmp(out, "1 indexed", 9) == 0);
	free(out);
	free(err);
	TT_INTEQ(
	    tt_run(&out, NULL, "%s show --db %s/db --json %s/vb/598-CV-DUK.docx", tt_bin, dir, dir),
	    0);
	j = tt_json(out);
	TT_ASSERT(j);
	TT_STREQ(json_string_value(json_object_get(j, "kind")), "study");
	json_decref(j);
	free(out);
	free(dir);
}

TT(fields_reads_a_scan_through_ocr_unless_told_not_to)
{
	char *out = NULL, *err = NULL;
	TT_INTEQ(tt_run(&out, &err, "%s fields %s/pdf/scan.pdf", tt_bin, tt_data_dir), 0);
	json_t *j = tt_json(out);
	TT_ASSERT(j);
	TT_STREQ(json_string_value(json_object_get(j, "fields_from")), "ocr");
	const char *title = json_string_value(json_object_get(j, "title"));
	TT_CHECK(title && strstr(title, "hồ sơ sinh viên"));
	json_decref(j);
	free(out);
	free(err);
	TT_INTEQ(tt_run(&out, &err, "%s fields --no-ocr %s/pdf/scan.pdf", tt_bin, tt_data_dir), 1);
	TT_CHECK(strstr(err, "scan.pdf: ") && strstr(err, "OCR disabled"));
	free(out);
	free(err);
}

TT(named_citations_do_not_depend_on_the_working_folder)
{
	/* party_nq.txt names "Nghị quyết Trung ương 4 khóa XII", which the alias
	 * table turns into 04-NQ/TW; run from a folder without corpus/ */
	char *dir = tt_tmpdir(), *out = NULL, *err = NULL;
	char *bin = realpath(tt_bin, NULL);
	TT_ASSERT(bin);
	TT_INTEQ(tt_run(NULL, NULL, "mkdir -p %s/lib && cp %s/fields/party_nq.txt %s/lib/", dir,
	                tt_data_dir, dir),
	         0);
	TT_INTEQ(tt_run(&out, &err, "cd %s && %s index --db db lib", dir, bin), 0);
	free(out);
	free(err);
	TT_INTEQ(tt_run(&out, NULL, "cd %s && %s show --db db --json 38-NQ/TU", dir, bin), 0);
	json_t *j = tt_json(out);
	TT_ASSERT(j);
	json_t *cites = json_object_get(j, "cites");
	int found = 0;
	for (size_t i = 0; i < json_array_size(cites); i++)
		if (!strcmp(json_string_value(json_array_get(cites, i)) ?: "", "04-NQ/TW"))
			found = 1;
	TT_CHECK(found);
	json_decref(j);
	free(out);
	free(bin);
	free(dir);
}

TT(files_reached_through_links_are_indexed_once)
{
	/* a link back up the tree (a loop), a second name for a file and a
	 * dangling link: one document, under its real path, found by the link;
	 * a link to a folder outside the library keeps its own path (the first
	 * link by name, of two), so that its file goes from the index when it
	 * goes from the folder */
	char *dir = tt_tmpdir(), *out = NULL, *err = NULL;
	TT_INTEQ(
	    tt_run(NULL, NULL,
	           "mkdir -p %s/lib/sub %s/out && cp corpus/van-ban/598-CV-DUK.docx %s/lib/sub/"
	           " && cp tests/data/fields/party_nq.txt %s/out/"
	           " && ln -s .. %s/lib/sub/up && ln -s sub/598-CV-DUK.docx %s/lib/cv.docx"
	           " && ln -s nowhere.pdf %s/lib/gone.pdf && ln -s ../out %s/lib/ext"
	           " && ln -s ../out %s/lib/zz",
	           dir, dir, dir, dir, dir, dir, dir, dir, dir),
	    0);
	TT_INTEQ(tt_run(&out, &err, "%s index --db %s/db %s/lib", tt_bin, dir, dir), 0);
	TT_CHECK(strncmp(out, "2 indexed, 0 unchanged, 0 removed, 0 failed", 43) == 0);
	free(out);
	free(err);
	char ref[4200];
	snprintf(ref, sizeof ref, "'%s/lib/sub/up/cv.docx'", dir);
	json_t *j = cli_json(dir, "show", ref);
	TT_ASSERT(j);
	const char *path = json_string_value(json_object_get(j, "path"));
	TT_CHECK(path && strstr(path, "/lib/sub/598-CV-DUK.docx") && !strstr(path, "/up/"));
	json_decref(j);
	snprintf(ref, sizeof ref, "'%s/lib/ext/party_nq.txt'", dir);
	j = cli_json(dir, "show", ref);
	TT_ASSERT(j);
	TT_STREQ(json_string_value(json_object_get(j, "number")), "38-NQ/TU");
	json_decref(j);
	TT_INTEQ(tt_run(&out, &err, "rm %s/out/party_nq.txt && %s index --db %s/db %s/lib", dir,
	                tt_bin, dir, dir),
	         0);
	TT_CHECK(strncmp(out, "0 indexed, 1 unchanged, 1 removed, 0 failed", 43) == 0);
	free(out);
	free(err);
	free(dir);
}

TT(show_of_paths_that_lead_nowhere_says_not_found)
{
	/* paths climbing above the root, or the root itself, are not documents:
	 * a clear error, not a crash ("/../x" crashed the path lookup) */
	char *dir = tt_tmpdir(), *out = NULL, *err = NULL;
	TT_INTEQ(tt_run(NULL, NULL, "mkdir -p %s/lib && cp tests/data/fields/party_nq.txt %s/lib/",
	                dir, dir),
	         0);
	TT_INTEQ(tt_run(&out, &err, "%s index --db %s/db %s/lib", tt_bin, dir, dir), 0);
	free(out);
	free(err);
	static const char *const refs[] = {"/../x", "/..", "/", "//", "../../../../..", "./"};
	for (size_t i = 0; i < sizeof refs / sizeof *refs; i++) {
		TT_INTEQ(tt_run(&out, &err, "%s show --db %s/db '%s'", tt_bin, dir, refs[i]), 1);
		TT_CHECK(strstr(err, "not a document id, number or indexed path") != NULL);
		free(out);
		free(err);
	}
	/* and one that climbs back down to the file finds it */
	TT_INTEQ(tt_run(&out, &err, "%s show --db %s/db '/..%s/lib/../lib/./party_nq.txt'", tt_bin,
	                dir, dir),
	         0);
	TT_CHECK(strstr(out, "38-NQ/TU") != NULL);
	free(out);
	free(err);
	free(dir);
}
