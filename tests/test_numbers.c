/* test_numbers.c — number search end to end through the CLI.  A small library
 * is written to a temporary folder: a Chỉ thị 05-CT/TU of an invented province
 * (Sơn Hà), two study texts that cite it, and documents built to be confused
 * with it (05-NQ/TU: same number, other type; 15/CT-UBND: same type, other
 * number, with "05" in its text; công văn 05/SNV-VP).  A number typed in any
 * common form must return the bearer first, then the citing texts, and
 * nothing else; --type, --issuer, --from/--to must filter, with exact facet
 * counts. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tt.h"

static const struct {
	const char *name, *text;
} lib_docs[] = {
    {"ct05.txt",
     "TỈNH ỦY SƠN HÀ                              ĐẢNG CỘNG SẢN VIỆT NAM\n"
     "*\n"
     "Số 05-CT/TU                           Sơn Hà, ngày 12 tháng 3 năm 2021\n"
     "\n"
     "CHỈ THỊ\n"
     "về tăng cường công tác bảo vệ rừng đầu nguồn\n"
     "-----\n"
     "\n"
     "Trong những năm qua, công tác quản lý, bảo vệ rừng đầu nguồn trên địa bàn tỉnh có chuyển "
     "biến tích cực. Tuy vậy, tình trạng khai thác trái phép vẫn còn xảy ra ở một số xã vùng cao.\n"
     "\n"
     "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng, chính quyền các cấp thực hiện tốt "
     "các nội dung sau:\n"
     "\n"
     "1. Nâng cao nhận thức của cán bộ, đảng viên và nhân dân về vai trò của rừng phòng hộ.\n"
     "\n"
     "2. Giao Ban Tuyên giáo Tỉnh ủy hướng dẫn tuyên truyền Chỉ thị này đến chi bộ.\n"
     "\n"
     "Nơi nhận:\n"
     "- Các huyện ủy, thành ủy,\n"
     "- Lưu Văn phòng Tỉnh ủy.\n"
     "\n"
     "T/M BAN THƯỜNG VỤ\n"
     "BÍ THƯ\n"
     "\n"
     "Lò Văn Thắm\n"},
    {"hoc-tap-a.txt",
     "Đảng bộ huyện Mường Tè học tập, quán triệt Chỉ thị số 05-CT/TU về bảo vệ rừng\n"
     "\n"
     "Sáng 20/4/2021, Ban Thường vụ Huyện ủy tổ chức hội nghị học tập, quán triệt Chỉ thị số "
     "05-CT/TU ngày 12/3/2021 của Ban Thường vụ Tỉnh ủy cho hơn 200 cán bộ chủ chốt. Báo cáo viên "
     "đã truyền đạt những nội dung cơ bản, giải pháp trọng tâm về giao khoán rừng cho hộ gia "
     "đình.\n"},
    {"hoc-tap-b.txt", "Xã Pa Vệ Sủ đưa Chỉ thị 05 vào cuộc sống\n"
                      "\n"
                      "Thực hiện Chỉ thị 05-CT/TU của Tỉnh ủy, chi bộ các bản đã xây dựng quy ước "
                      "bảo vệ rừng, lập tổ tuần tra chung với kiểm lâm. Nhờ đó diện tích rừng bị "
                      "chặt phá giảm rõ rệt so với năm trước.\n"},
    {"nq05.txt", "TỈNH ỦY SƠN HÀ                              ĐẢNG CỘNG SẢN VIỆT NAM\n"
                 "*\n"
                 "Số 05-NQ/TU                           Sơn Hà, ngày 02 tháng 8 năm 2020\n"
                 "\n"
                 "NGHỊ QUYẾT\n"
                 "về phát triển du lịch cộng đồng giai đoạn 2020 - 2025\n"
                 "-----\n"
                 "\n"
                 "Ban Thường vụ Tỉnh ủy quyết nghị phát triển du lịch cộng đồng gắn với bảo tồn "
                 "văn hóa các dân tộc.\n"
                 "\n"
                 "Nơi nhận:\n"
                 "- Các huyện ủy, thành ủy,\n"
                 "- Lưu Văn phòng Tỉnh ủy.\n"
                 "\n"
                 "T/M BAN THƯỜNG VỤ\n"
                 "BÍ THƯ\n"
                 "\n"
                 "Lò Văn Thắm\n"},
    {"ct15.txt", "UỶ BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "TỈNH SƠN HÀ                              Độc lập - Tự do - Hạnh phúc\n"
                 "\n"
                 "Số: 15/CT-UBND                            Sơn Hà, ngày 05 tháng 10 năm 2022\n"
                 "\n"
                 "CHỈ THỊ\n"
                 "Về phòng, chống cháy rừng mùa khô năm 2022 - 2023\n"
                 "\n"
                 "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ngành, Ủy ban nhân dân các huyện "
                 "tổ chức trực phòng cháy 24/24 giờ trong mùa khô, có 05 tổ cơ động ở mỗi huyện.\n"
                 "\n"
                 "Nơi nhận:\n"
                 "- Các sở, ngành;\n"
                 "- Lưu: VT.\n"
                 "                                                      CHỦ TỊCH\n"
                 "\n"
                 "                                                      Hà Văn Sáng\n"},
    {"cv05.txt",
     "UỶ BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "TỈNH SƠN HÀ                              Độc lập - Tự do - Hạnh phúc\n"
     "SỞ NỘI VỤ\n"
     "Số: 05/SNV-VP                                 Sơn Hà, ngày 06 tháng 1 năm 2022\n"
     "V/v báo cáo biên chế năm 2022\n"
     "\n"
     "Kính gửi: Các sở, ban, ngành tỉnh.\n"
     "\n"
     "Sở Nội vụ đề nghị các cơ quan báo cáo số biên chế được giao năm 2022 trước ngày 20/01/2022.\n"
     "\n"
     "Nơi nhận:\n"
     "- Như trên;\n"
     "- Lưu: VT.\n"
     "                                                      GIÁM ĐỐC\n"
     "\n"
     "                                                      Trần Minh Khang\n"},
};

/* Write the library and index it; returns the temporary dir (caller frees),
 * NULL on failure (already reported). */
static char *build_library(void)
{
	char *dir = tt_tmpdir();
	char path[4096];
	snprintf(path, sizeof path, "%s/lib", dir);
	if (tt_run(NULL, NULL, "mkdir -p %s", path) != 0) {
		tt_fail(__FILE__, __LINE__, "mkdir %s", path);
		free(dir);
		return NULL;
	}
	for (size_t i = 0; i < sizeof lib_docs / sizeof *lib_docs; i++) {
		snprintf(path, sizeof path, "%s/lib/%s", dir, lib_docs[i].name);
		FILE *f = fopen(path, "w");
		if (!f || fputs(lib_docs[i].text, f) < 0) {
			tt_fail(__FILE__, __LINE__, "cannot write %s", path);
			if (f) fclose(f);
			free(dir);
			return NULL;
		}
		fclose(f);
	}
	char *out = NULL, *err = NULL;
	int rc = tt_run(&out, &err, "%s index --db %s/db %s/lib", tt_bin, dir, dir);
	if (rc != 0 || !out || !strstr(out, "6 indexed") || !strstr(out, " 0 failed")) {
		tt_fail(__FILE__, __LINE__, "index exited %d: %s %s", rc, out ? out : "",
		        err ? err : "");
		free(dir);
		dir = NULL;
	}
	free(out);
	free(err);
	return dir;
}

/* Run `thuvien search --json ARGS`; args are already shell-quoted. */
static json_t *search(const char *dir, const char *args)
{
	char *out = NULL;
	int rc = tt_run(&out, NULL, "%s search --db %s/db --json %s", tt_bin, dir, args);
	json_t *j = rc == 0 && out ? tt_json(out) : NULL;
	if (rc != 0) tt_fail(__FILE__, __LINE__, "search %s exited %d", args, rc);
	free(out);
	return j;
}

static long long total(json_t *j)
{
	return json_integer_value(json_object_get(j, "total"));
}

/* File name (without folder) of result k, or "" past the end. */
static const char *nth(json_t *j, size_t k)
{
	json_t *r = json_array_get(json_object_get(j, "results"), k);
	const char *p = json_string_value(json_object_get(r, "path"));
	if (!p) return "";
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static long long facet(json_t *j, const char *group, const char *value)
{
	json_t *g = json_object_get(json_object_get(j, "facets"), group);
	json_t *v = json_object_get(g, value);
	return v ? json_integer_value(v) : 0;
}

static size_t facet_size(json_t *j, const char *group)
{
	return json_object_size(json_object_get(json_object_get(j, "facets"), group));
}

/* Bearer first, then exactly the two citing texts (in either order). */
static void expect_bearer_then_citing(json_t *j, const char *form, const char *file, int line)
{
	if (!j) return;
	if (total(j) != 3)
		tt_fail(file, line, "%s: %lld results, want 3 (first %s)", form, total(j),
		        nth(j, 0));
	if (strcmp(nth(j, 0), "ct05.txt") != 0)
		tt_fail(file, line, "%s: rank 1 is %s, want ct05.txt", form, nth(j, 0));
	int a = 0, b = 0;
	for (size_t k = 1; k < 3; k++) {
		a += strcmp(nth(j, k), "hoc-tap-a.txt") == 0;
		b += strcmp(nth(j, k), "hoc-tap-b.txt") == 0;
	}
	if (a != 1 || b != 1)
		tt_fail(file, line, "%s: ranks 2-3 are %s, %s; want the two citing texts", form,
		        nth(j, 1), nth(j, 2));
}

TT(number_typed_any_common_form_ranks_bearer_then_citing)
{
	char *dir = build_library();
	TT_ASSERT(dir);
	static const char *const forms[] = {
	    "05-CT/TU",     "05/CT-TU",       "CT05",
	    "'ct 05'",      "'chỉ thị 05'",   "'chi thi so 05'",
	    "05-ct/tu",     "'05 - CT / TU'", "'Chỉ thị số 05-CT/TU'",
	    "'CHI THI 05'", "so:05-CT/TU",    "'ct05'"};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		json_t *j = search(dir, forms[i]);
		expect_bearer_then_citing(j, forms[i], __FILE__, __LINE__);
		json_decref(j);
	}
	free(dir);
}

TT(same_number_other_type_is_not_confused)
{
	char *dir = build_library();
	TT_ASSERT(dir);
	/* 05-NQ/TU shares the number and the issuer code, not the type */
	json_t *j = search(dir, "NQ05");
	TT_ASSERT(j);
	TT_INTEQ(total(j), 1);
	TT_STREQ(nth(j, 0), "nq05.txt");
	json_decref(j);
	/* 15/CT-UBND shares the type and has "05" in its text */
	j = search(dir, "'chi thi 15'");
	TT_ASSERT(j);
	TT_INTEQ(total(j), 1);
	TT_STREQ(nth(j, 0), "ct15.txt");
	json_decref(j);
	j = search(dir, "'ct 05'");
	TT_ASSERT(j);
	for (size_t k = 0; k < (size_t)total(j); k++) {
		TT_CHECK(strcmp(nth(j, k), "ct15.txt") != 0);
		TT_CHECK(strcmp(nth(j, k), "cv05.txt") != 0);
	}
	json_decref(j);
	free(dir);
}

TT(number_fragments_still_answer)
{
	char *dir = build_library();
	TT_ASSERT(dir);
	/* half-typed or overlong numbers fall back to words: the search answers
	 * (exit 0, valid JSON) and the half-typed chỉ thị number still finds it */
	static const char *const bad[] = {"'05-CT/'",
	                                  "'CT/TU'",
	                                  "'/'",
	                                  "'số'",
	                                  "'ct -05'",
	                                  "'05-CT/TU/TU/TU'",
	                                  "'99999999999999999999-CT/TU'"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *j = search(dir, bad[i]);
		TT_CHECK(j != NULL);
		if (j && i == 0) {
			int found = 0;
			for (size_t k = 0; k < (size_t)total(j); k++)
				found |= !strcmp(nth(j, k), "ct05.txt");
			TT_CHECK(found);
		}
		json_decref(j);
	}
	free(dir);
}

TT(type_filter_keeps_only_that_type_with_exact_facets)
{
	char *dir = build_library();
	TT_ASSERT(dir);
	json_t *j = search(dir, "'rừng'");
	TT_ASSERT(j);
	TT_INTEQ(total(j), 4);
	TT_INTEQ(facet(j, "type", "Chỉ thị"), 2);
	TT_INTEQ(facet(j, "year", "2021"), 1);
	TT_INTEQ(facet(j, "year", "2022"), 1);
	json_decref(j);
	static const char *const forms[] = {"--type 'Chỉ thị' 'rừng'", "--type CT 'rung'",
	                                    "'loai:CT rừng'"};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		j = search(dir, forms[i]);
		if (!j) continue;
		TT_INTEQ(total(j), 2);
		int ct05 = 0, ct15 = 0;
		for (size_t k = 0; k < 2; k++) {
			ct05 += !strcmp(nth(j, k), "ct05.txt");
			ct15 += !strcmp(nth(j, k), "ct15.txt");
		}
		if (ct05 != 1 || ct15 != 1)
			tt_fail(__FILE__, __LINE__, "%s: got %s, %s", forms[i], nth(j, 0),
			        nth(j, 1));
		TT_INTEQ(facet_size(j, "type"), 1);
		TT_INTEQ(facet(j, "type", "Chỉ thị"), 2);
		TT_INTEQ(facet(j, "year", "2021"), 1);
		TT_INTEQ(facet(j, "year", "2022"), 1);
		json_decref(j);
	}
	/* a type with no match under the query: empty, not an error */
	j = search(dir, "--type 'Quyết định' 'rừng'");
	TT_ASSERT(j);
	TT_INTEQ(total(j), 0);
	TT_INTEQ(facet_size(j, "type"), 0);
	json_decref(j);
	free(dir);
}

TT(issuer_filter_with_or_without_diacritics)
{
	char *dir = build_library();
	TT_ASSERT(dir);
	json_t *j = search(dir, "'báo cáo'");
	TT_ASSERT(j);
	TT_INTEQ(total(j), 3);
	TT_INTEQ(facet(j, "issuer", "Sở Nội vụ"), 1);
	json_decref(j);
	static const char *const forms[] = {"--issuer 'Sở Nội vụ' 'báo cáo'",
	                                    "--issuer 'so noi vu' 'bao cao'"};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		j = search(dir, forms[i]);
		if (!j) continue;
		TT_INTEQ(total(j), 1);
		TT_STREQ(nth(j, 0), "cv05.txt");
		TT_INTEQ(facet_size(j, "issuer"), 1);
		TT_INTEQ(facet(j, "issuer", "Sở Nội vụ"), 1);
		TT_INTEQ(facet(j, "type", "Công văn"), 1);
		json_decref(j);
	}
	/* the number together with an issuer that did not sign it: nothing */
	j = search(dir, "--issuer 'Sở Nội vụ' 05-CT/TU");
	TT_ASSERT(j);
	TT_INTEQ(total(j), 0);
	json_decref(j);
	free(dir);
}

TT(date_range_filters_by_issue_date)
{
	char *dir = build_library();
	TT_ASSERT(dir);
	static const struct {
		const char *args, *only;
	} cases[] = {
	    {"--from 2021-01-01 --to 2021-12-31 'rừng'", "ct05.txt"},
	    {"--from 2021 --to 2021 'rừng'", "ct05.txt"},
	    {"--to 2021-03 'rừng'", "ct05.txt"},
	    {"--from 2021-03-13 'rừng'", "ct15.txt"},
	    {"--from 2022 'rừng'", "ct15.txt"},
	    {"--from 2021-03-12 --to 2021-03-12 05-CT/TU", "ct05.txt"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *j = search(dir, cases[i].args);
		if (!j) continue;
		if (total(j) != 1 || strcmp(nth(j, 0), cases[i].only) != 0)
			tt_fail(__FILE__, __LINE__, "%s: %lld results, first %s; want only %s",
			        cases[i].args, total(j), nth(j, 0), cases[i].only);
		TT_INTEQ(facet_size(j, "year"), 1);
		json_decref(j);
	}
	/* the bearer is from 2021; its undated citing texts fall out of a range */
	json_t *j = search(dir, "--from 2022 05-CT/TU");
	TT_ASSERT(j);
	TT_INTEQ(total(j), 0);
	json_decref(j);
	/* the three filters together */
	j = search(dir, "--type NQ --issuer 'tinh uy son ha' --from 2020-08 --to 2020-08 '05'");
	TT_ASSERT(j);
	TT_INTEQ(total(j), 1);
	TT_STREQ(nth(j, 0), "nq05.txt");
	TT_INTEQ(facet(j, "year", "2020"), 1);
	json_decref(j);
	free(dir);
}

TT(issuer_facet_value_filters_exactly)
{
	/* "Tỉnh ủy Sơn Hà" and "Ủy ban nhân dân tỉnh Sơn Hà" share every word of the
	 * first: the facet value clicked must select only its own documents */
	char *dir = build_library();
	TT_ASSERT(dir);
	json_t *all = search(dir, "'rừng'");
	TT_ASSERT(all);
	long long want = facet(all, "issuer", "Tỉnh ủy Sơn Hà");
	TT_CHECK(want >= 1);
	TT_CHECK(total(all) > want);
	json_decref(all);
	json_t *j = search(dir, "--issuer 'Tỉnh ủy Sơn Hà' 'rừng'");
	TT_ASSERT(j);
	TT_INTEQ(total(j), want);
	TT_INTEQ(facet_size(j, "issuer"), 1);
	json_decref(j);
	free(dir);
}
