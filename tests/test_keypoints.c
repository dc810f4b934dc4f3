/* test_keypoints.c — key points of normative documents (kp_extract) and their
 * links to passages of study materials, judged by hand over corpus/: for each
 * point of the letter 598-CV/ĐUK, the passages a reader would accept as
 * explaining it are listed by a phrase they contain; the first related passage
 * must be one of them. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../indexer/doc.h"
#include "../indexer/keypoints.h"
#include "tt.h"

static tv_doc *doc_of(const char *const *blocks, size_t n, unsigned heading_mask)
{
	tv_doc *d = doc_new("/x/test.docx", "docx");
	for (size_t i = 0; i < n; i++)
		doc_add(d, blocks[i], strlen(blocks[i]), 1, (heading_mask >> i) & 1 ? DOC_BOLD : 0);
	return d;
}

static const char *kp_str(json_t *a, size_t i, const char *k)
{
	return json_string_value(json_object_get(json_array_get(a, i), k));
}

TT(numbered_points_keep_continuation_and_drop_closing_sentence)
{
	const char *b[] = {"Thực hiện Công văn số 2044-CV/TU, Ban Thường vụ yêu cầu như sau:",
	                   "1. Tăng cường giáo dục ý thức trách nhiệm của cán bộ; chấn chỉnh ngay.",
	                   "2. Nâng cao vai trò của báo cáo viên trong việc quán triệt nghị quyết.",
	                   "Đa dạng hóa hình thức học tập, quán triệt nghị quyết.",
	                   "3. Giao Ban Tuyên giáo theo dõi, báo cáo kết quả.",
	                   "Ban Thường vụ Đảng ủy Khối đề nghị các chi ủy triển khai thực hiện tốt "
	                   "nội dung Công văn này.",
	                   "Nơi nhận:",
	                   "- Như trên,"};
	tv_doc *d = doc_of(b, 8, 0);
	json_t *k = kp_extract(d);
	TT_INTEQ(json_array_size(k), 3);
	TT_STREQ(kp_str(k, 0, "marker"), "1.");
	TT_STREQ(kp_str(k, 0, "label"), "Tăng cường giáo dục ý thức trách nhiệm của cán bộ");
	TT_STREQ(kp_str(k, 1, "text"), "Nâng cao vai trò của báo cáo viên trong việc quán triệt "
	                               "nghị quyết.\nĐa dạng hóa hình thức học tập, quán triệt "
	                               "nghị quyết.");
	TT_STREQ(kp_str(k, 2, "text"), "Giao Ban Tuyên giáo theo dõi, báo cáo kết quả.");
	json_decref(k);
	doc_free(d);
}

TT(tasks_section_gives_its_numbered_items_not_roman_sections)
{
	const char *b[] = {"I. TÌNH HÌNH",
	                   "1. Kết quả đạt được trong nhiệm kỳ qua rất tốt.",
	                   "2. Hạn chế còn tồn tại cần khắc phục.",
	                   "II. NHIỆM VỤ, GIẢI PHÁP",
	                   "1. Đổi mới công tác quán triệt nghị quyết.",
	                   "a) Biên soạn tài liệu ngắn gọn.",
	                   "2. Tăng cường kiểm tra, giám sát.",
	                   "III. TỔ CHỨC THỰC HIỆN",
	                   "1. Các cấp ủy xây dựng kế hoạch."};
	tv_doc *d = doc_of(b, 9, 0);
	json_t *k = kp_extract(d);
	TT_INTEQ(json_array_size(k), 2);
	TT_STREQ(kp_str(k, 0, "text"),
	         "Đổi mới công tác quán triệt nghị quyết.\na) Biên soạn tài liệu ngắn gọn.");
	TT_STREQ(kp_str(k, 1, "text"), "Tăng cường kiểm tra, giám sát.");
	TT_STREQ(kp_str(k, 1, "section"), "NHIỆM VỤ, GIẢI PHÁP");
	json_decref(k);
	doc_free(d);
}

TT(ordinal_words_and_la_words_are_markers)
{
	const char *b[] = {"Thứ nhất, phát huy vai trò người đứng đầu.",
	                   "Thứ hai, đổi mới hình thức học tập.", "Một là, tự học.",
	                   "Hai là, viết thu hoạch."};
	tv_doc *d = doc_of(b, 4, 0);
	json_t *k = kp_extract(d);
	TT_INTEQ(json_array_size(k), 4);
	TT_STREQ(kp_str(k, 0, "marker"), "Thứ nhất,");
	TT_STREQ(kp_str(k, 0, "text"), "phát huy vai trò người đứng đầu.");
	TT_STREQ(kp_str(k, 3, "marker"), "Hai là,");
	json_decref(k);
	doc_free(d);
}

TT(unnumbered_bold_heading_ends_the_point_above)
{
	const char *b[] = {"1. Điểm thứ nhất của văn bản.", "2. Điểm thứ hai của văn bản.",
	                   "TỔ CHỨC THỰC HIỆN", "Văn phòng theo dõi chung."};
	tv_doc *d = doc_of(b, 4, 1u << 2);
	json_t *k = kp_extract(d);
	TT_INTEQ(json_array_size(k), 2);
	TT_STREQ(kp_str(k, 1, "text"), "Điểm thứ hai của văn bản.");
	json_decref(k);
	doc_free(d);
}

TT(hostile_blocks_give_no_points)
{
	const char *b[] = {"",   "1.1 không phải điểm", "25.4.2022 là ngày",  "1.",
	                   "a)", "IIII. quá dài",       "Thứ nhấtkhông cách", "123. ba chữ số"};
	tv_doc *d = doc_of(b, 8, 0);
	json_t *k = kp_extract(d);
	TT_INTEQ(json_array_size(k), 0);
	json_decref(k);
	doc_free(d);
	tv_doc *e = doc_new("/x/empty.txt", "txt");
	k = kp_extract(e);
	TT_INTEQ(json_array_size(k), 0);
	json_decref(k);
	doc_free(e);
}

TT(many_points_are_capped)
{
	tv_doc *d = doc_new("/x/long.txt", "txt");
	char line[64];
	for (int i = 1; i <= 99; i++) {
		snprintf(line, sizeof line, "%d. Nhiệm vụ số %d.", i, i);
		doc_add(d, line, strlen(line), 1, 0);
	}
	json_t *k = kp_extract(d);
	TT_INTEQ(json_array_size(k), 60);
	TT_STREQ(kp_str(k, 59, "marker"), "60.");
	json_decref(k);
	doc_free(d);
}

/* ---- links over corpus/ ----------------------------------------------------------------- */

static char *corpus_db(void)
{
	char *dir = tt_tmpdir();
	char *out = NULL, *err = NULL;
	int rc =
	    tt_run(&out, &err, "%s index --db %s/db %s/../../corpus", tt_bin, dir, tt_data_dir);
	if (rc != 0 || !strstr(out, " 0 failed"))
		tt_fail(__FILE__, __LINE__, "index corpus: rc %d, %s %s", rc, out, err);
	free(out);
	free(err);
	return dir;
}

static json_t *show(const char *dir, const char *ref)
{
	char *out = NULL;
	int rc = tt_run(&out, NULL, "%s show --db %s/db --json '%s'", tt_bin, dir, ref);
	json_t *j = rc == 0 ? tt_json(out) : NULL;
	free(out);
	return j;
}

static int contains_any(const char *text, const char *const *phrases)
{
	for (size_t i = 0; phrases[i]; i++)
		if (text && strstr(text, phrases[i])) return 1;
	return 0;
}

/* The judgements: for each point of 598-CV/ĐUK, passages that explain it. */
static const char *const relevant[4][8] = {
    /* 1. giáo dục ý thức trách nhiệm học tập nghị quyết, chấn chỉnh "học cho xong" */
    {"1. Tăng cường giáo dục nâng cao ý thức trách nhiệm", "Thứ sáu, việc nâng cao nhận thức",
     "Tỉnh ủy coi đây là một trong những nhiệm vụ hàng đầu", "Nêu cao tinh thần tự học",
     "nỗ lực tự học tập", "Khảo sát việc tổ chức học tập", NULL},
    /* 2. người đứng đầu nắm chắc, triển khai sát thực tế; kiểm tra; nêu gương */
    {"Thứ nhất, cần phát huy vai trò của Bí thư cấp uỷ", "Một là, chỉ đạo nghiên cứu đề tài",
     "Thứ ba, công tác xây dựng kế hoạch", "Tỉnh Bắc Cạn phấn đấu đến năm 2022",
     "Hai là, chỉ đạo các chi bộ", "Coi trọng công tác sơ, tổng kết thực tiễn", NULL},
    /* 3. vai trò báo cáo viên; đa dạng hóa hình thức; tài liệu cốt lõi */
    {"Thứ năm, phát huy vai trò của đội ngũ báo cáo viên", "Thứ tư, việc chuẩn bị tài liệu",
     "Khảo sát việc tổ chức học tập", "Tỉnh ủy coi đây là một trong những nhiệm vụ hàng đầu",
     "Từ năm 2017, tỉnh Bắc Cạn triển khai hình thức", "Cần thực hiện, duy trì tốt chế độ", NULL},
    /* 4. Ban Tuyên giáo theo dõi việc triển khai, báo cáo kết quả */
    {"Trưởng Ban Tuyên giáo Tỉnh ủy Bắc Cạn", "Thứ hai, ban Tuyên giáo các cấp",
     "Thứ bảy, để các nghị quyết", "Hàng năm, cấp ủy chi bộ và Ủy ban kiểm tra",
     "Đảng ủy, Ủy ban Kiểm tra Đảng ủy", NULL},
};
/* Never first for any point: a source line, and passages on other matters. */
static const char *const never_first[] = {"Trích Công văn số 598-CV/ĐUK",
                                          "Thành phố Bắc Cạn trước đây bộ máy",
                                          "Ban Thường vụ Đảng ủy Khối đã chỉ đạo các chi bộ", NULL};

TT(every_point_of_598_links_a_relevant_passage_first)
{
	char *dir = corpus_db();
	json_t *d = show(dir, "598-CV/ĐUK");
	TT_ASSERT(d);
	json_t *kps = json_object_get(d, "keypoints");
	TT_INTEQ(json_array_size(kps), 4);
	size_t i;
	json_t *kp;
	json_array_foreach(kps, i, kp)
	{
		json_t *rel = json_object_get(kp, "related");
		if (json_array_size(rel) == 0) {
			tt_fail(__FILE__, __LINE__, "point %zu has no related passage", i + 1);
			continue;
		}
		const char *first =
		    json_string_value(json_object_get(json_array_get(rel, 0), "text"));
		if (i < 4 && !contains_any(first, relevant[i]))
			tt_fail(__FILE__, __LINE__,
			        "point %zu: first passage not judged relevant: %.80s", i + 1,
			        first ? first : "(null)");
		TT_CHECK(!contains_any(first, never_first));
		/* no passage twice (the article exists as HTML and as TXT) */
		for (size_t a = 0; a < json_array_size(rel); a++)
			for (size_t b = a + 1; b < json_array_size(rel); b++)
				TT_CHECK(strcmp(json_string_value(json_object_get(
				                    json_array_get(rel, a), "text")),
				                json_string_value(json_object_get(
				                    json_array_get(rel, b), "text"))) != 0);
	}
	json_decref(d);
	free(dir);
}

TT(point_on_bao_cao_vien_links_the_article_passage_on_bao_cao_vien)
{
	char *dir = corpus_db();
	json_t *d = show(dir, "598-CV/ĐUK");
	TT_ASSERT(d);
	json_t *kp = json_array_get(json_object_get(d, "keypoints"), 2);
	TT_CHECK(strstr(json_string_value(json_object_get(kp, "label")), "báo cáo viên") != NULL);
	int found = 0;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(kp, "related"), i, p)
	{
		const char *t = json_string_value(json_object_get(p, "text"));
		if (!strstr(t, "Thứ năm, phát huy vai trò của đội ngũ báo cáo viên")) continue;
		found = 1;
		/* the link lands on the passage: its material lists that paragraph */
		char id[32];
		snprintf(id, sizeof id, "%lld",
		         (long long)json_integer_value(json_object_get(p, "id")));
		json_t *m = show(dir, id);
		TT_ASSERT(m);
		TT_STREQ(json_string_value(json_object_get(m, "kind")), "study");
		json_int_t n = json_integer_value(json_object_get(p, "passage"));
		int anchored = 0;
		size_t k;
		json_t *q;
		json_array_foreach(json_object_get(m, "passages"), k, q) anchored |=
		    json_integer_value(json_object_get(q, "n")) == n &&
		    strcmp(json_string_value(json_object_get(q, "text")), t) == 0;
		TT_CHECK(anchored);
		/* and the reverse: the article's page names point 3 of the letter */
		int back = 0;
		json_t *ex;
		json_array_foreach(json_object_get(m, "explains"), k, ex)
		{
			if (strcmp(json_string_value(json_object_get(ex, "number")), "598-CV/ĐUK"))
				continue;
			size_t j;
			json_t *e2;
			json_array_foreach(json_object_get(ex, "keypoints"), j, e2) back |=
			    json_integer_value(json_object_get(e2, "n")) == 3;
		}
		TT_CHECK(back);
		json_decref(m);
	}
	TT_CHECK(found);
	json_decref(d);
	free(dir);
}

TT(study_material_citing_the_letter_appears_under_it_and_says_so)
{
	char *dir = corpus_db();
	json_t *d = show(dir, "598-CV/ĐUK");
	TT_ASSERT(d);
	const char *outline = NULL;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(d, "cited_by"), i, s)
	{
		const char *p = json_string_value(json_object_get(s, "path"));
		if (p && strstr(p, "de-cuong-tuyen-truyen-mau.docx")) outline = p;
	}
	TT_ASSERT(outline);
	json_t *m = show(dir, outline);
	TT_ASSERT(m);
	int cited = 0;
	json_array_foreach(json_object_get(m, "explains"), i, s) cited |=
	    json_is_true(json_object_get(s, "cited")) &&
	    strcmp(json_string_value(json_object_get(s, "number")), "598-CV/ĐUK") == 0;
	TT_CHECK(cited);
	json_decref(m);
	json_decref(d);
	free(dir);
}
