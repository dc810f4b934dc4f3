/* test_brief.c — the reporter's handout: item lists (hostile ones too), the
 * citation of each quote, and the HTML and DOCX exports over corpus/ (the DOCX
 * unzipped with libzip and parsed with libxml2; opened by LibreOffice when it
 * is installed). */
#include <jansson.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "../web/brief.h"
#include "tt.h"

TT(item_syntax_accepts_ids_and_refuses_malformed_items)
{
	TT_CHECK(brief_item_ok("vb:12", 0));
	TT_CHECK(brief_item_ok("kp:12.3", 0));
	TT_CHECK(brief_item_ok("dv:15.0", 0));
	static const char *bad[] = {"",      "vb:",      "vb:12a",        "kp:12",   "kp:12.0",
	                            "kp:.3", "dv:1.2.3", "xx:1",          "vb:1,2",  "kp:12.3x",
	                            "vb:-1", "VB:12",    "vb:1234567890", "kp:1\n.2"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (brief_item_ok(bad[i], 0))
			tt_fail(__FILE__, __LINE__, "accepted \"%s\"", bad[i]);
	/* the CLI may name documents by number */
	TT_CHECK(brief_item_ok("kp:598-CV/ĐUK.3", 1));
	TT_CHECK(!brief_item_ok("kp:598-CV/ĐUK.3", 0));
}

TT(list_edit_adds_once_removes_and_drops_garbage)
{
	char *l = brief_list_edit("vb:1, kp:2.1,junk,,vb:1", '+', "dv:3.4");
	TT_STREQ(l, "vb:1,kp:2.1,dv:3.4");
	char *m = brief_list_edit(l, '+', "kp:2.1");
	TT_STREQ(m, "vb:1,kp:2.1,dv:3.4");
	char *n = brief_list_edit(m, '-', "kp:2.1");
	TT_STREQ(n, "vb:1,dv:3.4");
	char *o = brief_list_edit(NULL, '+', "<script>");
	TT_STREQ(o, "");
	free(l);
	free(m);
	free(n);
	free(o);
	/* a basket never grows past BRIEF_MAX_ITEMS */
	char *big = brief_list_edit("", '=', NULL);
	for (int i = 1; i <= BRIEF_MAX_ITEMS + 20; i++) {
		char it[32];
		snprintf(it, sizeof it, "vb:%d", i);
		char *next = brief_list_edit(big, '+', it);
		free(big);
		big = next;
	}
	size_t commas = 0;
	for (const char *p = big; *p; p++) commas += *p == ',';
	TT_INTEQ(commas + 1, BRIEF_MAX_ITEMS);
	free(big);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f) return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)len + 1);
	*n = fread(s, 1, (size_t)len, f);
	s[*n] = '\0';
	fclose(f);
	return s;
}

/* word/document.xml of a DOCX, or NULL. */
static char *docx_part(const char *path, size_t *n)
{
	int err = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &err);
	if (!z) return NULL;
	zip_stat_t st;
	char *s = NULL;
	if (zip_stat(z, "word/document.xml", 0, &st) == 0 &&
	    zip_name_locate(z, "[Content_Types].xml", 0) >= 0) {
		zip_file_t *f = zip_fopen(z, "word/document.xml", 0);
		s = calloc(1, st.size + 1);
		*n = f ? (size_t)zip_fread(f, s, st.size) : 0;
		if (f) zip_fclose(f);
	}
	zip_close(z);
	return s;
}

TT(brief_exports_quotes_with_administrative_citations)
{
	char *dir = tt_tmpdir();
	char *out = NULL, *err = NULL;
	int rc =
	    tt_run(&out, &err, "%s index --db %s/db %s/../../corpus", tt_bin, dir, tt_data_dir);
	TT_ASSERT(rc == 0);
	free(out);
	free(err);
	rc =
	    tt_run(&out, &err,
	           "%s brief --db %s/db --title 'Bản tin <b>&</b> \"thử\"' --html %s/b.html --docx "
	           "%s/b.docx vb:598-CV/ĐUK kp:598-CV/ĐUK.3 vb:99999 kp:598-CV/ĐUK.77",
	           tt_bin, dir, dir, dir);
	TT_INTEQ(rc, 0);
	TT_CHECK(err && strstr(err, "vb:99999: not in the library"));
	TT_CHECK(err && strstr(err, "kp:598-CV/ĐUK.77: not in the library"));
	free(out);
	free(err);
	static const char *cite =
	    "(Công văn số 598-CV/ĐUK ngày 25/4/2022 của Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh "
	    "Bến Tre, điểm 3)";
	char path[512];
	size_t n = 0;
	snprintf(path, sizeof path, "%s/b.html", dir);
	char *html = slurp(path, &n);
	TT_ASSERT(html);
	TT_CHECK(strstr(html, cite) != NULL);
	TT_CHECK(strstr(html, "Bản tin &lt;b&gt;&amp;&lt;/b&gt; &quot;thử&quot;") != NULL);
	TT_CHECK(strstr(html, "<b>") == NULL);
	TT_CHECK(strstr(html, "Nâng cao vai trò, trách nhiệm của báo cáo viên") != NULL);
	free(html);

	snprintf(path, sizeof path, "%s/b.docx", dir);
	char *xml = docx_part(path, &n);
	TT_ASSERT(xml);
	xmlDocPtr doc =
	    xmlReadMemory(xml, (int)n, "document.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
	TT_CHECK(doc != NULL);
	xmlFreeDoc(doc);
	TT_CHECK(strstr(xml, cite) != NULL);
	TT_CHECK(strstr(xml, "Bản tin &lt;b&gt;&amp;&lt;/b&gt; &quot;thử&quot;") != NULL);
	free(xml);

	/* LibreOffice opens it (make check installs libreoffice-writer-nogui) */
	TT_INTEQ(tt_run(NULL, NULL, "command -v soffice"), 0);
	rc = tt_run(NULL, NULL,
	            "cd %s && timeout 120 soffice -env:UserInstallation=file://%s/lo "
	            "--headless --convert-to txt:Text b.docx",
	            dir, dir);
	TT_INTEQ(rc, 0);
	snprintf(path, sizeof path, "%s/b.txt", dir);
	char *txt = slurp(path, &n);
	TT_CHECK(txt && strstr(txt, cite) != NULL);
	free(txt);
	free(dir);
}

TT(brief_of_only_unknown_items_fails_and_of_garbage_is_a_usage_error)
{
	char *dir = tt_tmpdir();
	char *out = NULL, *err = NULL;
	int rc =
	    tt_run(&out, &err, "%s index --db %s/db %s/../../corpus", tt_bin, dir, tt_data_dir);
	TT_ASSERT(rc == 0);
	free(out);
	free(err);
	rc =
	    tt_run(&out, &err, "%s brief --db %s/db --html %s/x.html dv:99999.1", tt_bin, dir, dir);
	TT_INTEQ(rc, 1);
	free(out);
	free(err);
	rc = tt_run(&out, &err, "%s brief --db %s/db 'zz:1,,;rm -rf'", tt_bin, dir);
	TT_INTEQ(rc, 1);
	TT_CHECK(err && strstr(err, "no well-formed item"));
	free(out);
	free(err);
	free(dir);
}
