/* test_fields.c — the field parser (indexer/fields.c) on hand-built document
 * models, one per trap of real official documents, and on the labelled
 * documents in tests/data/fields/ (NAME.txt read through ext_file, checked
 * against NAME.json). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../indexer/extract.h"
#include "../indexer/fields.h"
#include "tt.h"

static doc_block *add(tv_doc *d, const char *s, doc_col col, unsigned flags)
{
	doc_block *b = doc_add(d, s, strlen(s), 1, flags);
	if (b) b->col = col;
	return b;
}

/* One block per line, as a plain-text extractor without layout gives them. */
static tv_doc *from_lines(const char *text)
{
	tv_doc *d = doc_new("t.txt", "txt");
	const char *s = text;
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		doc_add(d, s, n, 1, 0);
		if (!e) break;
		s = e + 1;
	}
	return d;
}

TT(party_letter_two_column_header_all_fields)
{
	tv_doc *d = doc_new("cv.pdf", "pdf");
	add(d, "ĐẢNG BỘ TỈNH BẾN TRE", DOC_COL_LEFT, DOC_CAPS);
	add(d, "ĐẢNG ỦY KHỐI", DOC_COL_LEFT, DOC_CAPS | DOC_BOLD);
	add(d, "CƠ QUAN - DOANH NGHIỆP TỈNH", DOC_COL_LEFT, DOC_CAPS | DOC_BOLD);
	add(d, "*", DOC_COL_LEFT, 0);
	add(d, "Số 598 -CV/ĐUK", DOC_COL_LEFT, 0);
	add(d, "ĐẢNG CỘNG SẢN VIỆT NAM", DOC_COL_RIGHT, DOC_CAPS | DOC_BOLD);
	add(d, "Bến Tre, ngày 25 tháng 4 năm 2022", DOC_COL_RIGHT, DOC_ITALIC);
	add(d, "Nâng cao tinh thần trách nhiệm của cán bộ", DOC_COL_LEFT, DOC_ITALIC);
	add(d, "Kính gửi: Các chi ủy, đảng ủy cơ sở", DOC_COL_FULL, DOC_ITALIC);
	add(d,
	    "Thực hiện Công văn số 2044-CV/TU, ngày 18/4/2022 của Ban Thường vụ Tỉnh ủy, Ban "
	    "Thường vụ Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh yêu cầu các chi ủy thực hiện.",
	    DOC_COL_FULL, 0);
	add(d, "Nơi nhận:", DOC_COL_LEFT, DOC_UNDERLINE);
	add(d, "- Như trên,", DOC_COL_LEFT, 0);
	add(d, "- Lưu VP.", DOC_COL_LEFT, 0);
	add(d, "T/M BAN THƯỜNG VỤ", DOC_COL_RIGHT, DOC_CAPS | DOC_BOLD);
	add(d, "PHÓ BÍ THƯ", DOC_COL_RIGHT, DOC_CAPS);
	add(d, "(đã ký)", DOC_COL_RIGHT, 0);
	add(d, "Phạm Hữu Dự", DOC_COL_RIGHT, DOC_BOLD);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.number, "598-CV/ĐUK");
	TT_STREQ(f.type_code, "CV");
	TT_STREQ(f.issuer, "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh");
	TT_STREQ(f.issuer_parent, "Đảng bộ tỉnh Bến Tre");
	TT_STREQ(f.place, "Bến Tre");
	TT_STREQ(f.date, "2022-04-25");
	TT_STREQ(f.title, "Nâng cao tinh thần trách nhiệm của cán bộ");
	TT_STREQ(f.signer, "Phạm Hữu Dự");
	TT_STREQ(f.signer_position, "Phó Bí thư");
	TT_STREQ(f.signer_authority, "T/M Ban Thường vụ");
	TT_INTEQ(f.party, 1);
	TT_INTEQ(f.official, 1);
	TT_ASSERT(f.kinh_gui.n == 1);
	TT_STREQ(f.kinh_gui.v[0], "Các chi ủy, đảng ủy cơ sở");
	TT_ASSERT(f.noi_nhan.n == 2);
	TT_STREQ(f.noi_nhan.v[1], "Lưu VP");
	TT_ASSERT(f.cites.n == 1);
	TT_STREQ(f.cites.v[0], "2044-CV/TU");
	fld_free(&f);
	doc_free(d);
}

TT(number_with_spaces_around_hyphen_and_merged_columns)
{
	tv_doc *d = from_lines("BAN CHẤP HÀNH TRUNG ƯƠNG          ĐẢNG CỘNG SẢN VIỆT NAM\n"
	                       "*\n"
	                       "Số 38 - HD/BTCTW          Hà Nội, ngày 03 tháng 4 năm 2018\n"
	                       "HƯỚNG DẪN\n"
	                       "về công tác đảng viên\n"
	                       "-----\n"
	                       "Căn cứ Điều lệ Đảng,\n");
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.number, "38-HD/BTCTW");
	TT_STREQ(f.type, "Hướng dẫn");
	TT_STREQ(f.issuer, "Ban Chấp hành Trung ương");
	TT_CHECK(f.issuer_parent == NULL);
	TT_STREQ(f.place, "Hà Nội");
	TT_STREQ(f.date, "2018-04-03");
	TT_STREQ(f.title, "Về công tác đảng viên");
	fld_free(&f);
	doc_free(d);
}

TT(incoming_stamp_is_not_the_number)
{
	tv_doc *d = from_lines("BỘ NỘI VỤ          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
	                       "ĐẾN Số: 1015\n"
	                       "Ngày: 05/3/2020\n"
	                       "Số: 15/QĐ-BNV          Hà Nội, ngày 05 tháng 01 năm 2020\n"
	                       "QUYẾT ĐỊNH\n"
	                       "Về việc ban hành quy chế\n");
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.number, "15/QĐ-BNV");
	TT_STREQ(f.type, "Quyết định");
	TT_STREQ(f.date, "2020-01-05");
	TT_STREQ(f.title, "Về việc ban hành quy chế");
	TT_CHECK(!tv_strv_contains(&f.cites, "1015"));
	fld_free(&f);
	doc_free(d);
}

TT(blank_number_and_blank_day_stay_empty)
{
	tv_doc *d = from_lines("ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
	                       "TỈNH BẾN TRE\n"
	                       "Số:         /KH-UBND          Bến Tre, ngày      tháng 8 năm 2025\n"
	                       "KẾ HOẠCH\n"
	                       "Triển khai học tập nghị quyết\n");
	fld_fields f;
	fld_extract(d, &f);
	TT_CHECK(f.number == NULL);
	TT_STREQ(f.date, "2025-08");
	TT_STREQ(f.type, "Kế hoạch");
	TT_STREQ(f.issuer, "Ủy ban nhân dân tỉnh Bến Tre");
	TT_INTEQ(f.official, 1);
	fld_free(&f);
	doc_free(d);
}

TT(article_is_not_official_and_has_no_number)
{
	tv_doc *d = from_lines(
	    "Thứ tư 5/10/2022\n"
	    "Tiếp tục nâng cao chất lượng công tác giáo dục chính trị\n"
	    "Đảng ủy văn phòng UBND tỉnh vừa ban hành Kế hoạch số 195-KH/ĐU ngày 11/8/2021 "
	    "về việc tiếp tục nâng cao chất lượng công tác giáo dục.\n"
	    "Thu Hoài\n");
	fld_fields f;
	fld_extract(d, &f);
	TT_INTEQ(f.official, 0);
	TT_CHECK(f.number == NULL);
	TT_CHECK(f.issuer == NULL);
	TT_CHECK(f.signer == NULL);
	TT_CHECK(tv_strv_contains(&f.cites, "195-KH/ĐU"));
	fld_free(&f);
	doc_free(d);
}

TT(state_header_in_table_cells_with_rank_and_signature_stamp)
{
	tv_doc *d = doc_new("cd.docx", "docx");
	add(d, "BỘ CÔNG AN", DOC_COL_LEFT, DOC_CAPS | DOC_TABLE);
	add(d, "CỤC CẢNH SÁT GIAO THÔNG", DOC_COL_LEFT, DOC_CAPS | DOC_BOLD | DOC_TABLE);
	add(d, "Số: 2450/C08-P5", DOC_COL_LEFT, DOC_TABLE);
	add(d, "V/v tăng cường kiểm soát", DOC_COL_LEFT, DOC_TABLE);
	add(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", DOC_COL_RIGHT, DOC_CAPS | DOC_TABLE);
	add(d, "Độc lập - Tự do - Hạnh phúc", DOC_COL_RIGHT, DOC_BOLD | DOC_TABLE);
	add(d, "Hà Nội, ngày 7 tháng 11 năm 2023", DOC_COL_RIGHT, DOC_ITALIC | DOC_TABLE);
	add(d, "Kính gửi: Công an các tỉnh, thành phố.", DOC_COL_FULL, 0);
	add(d, "Cục Cảnh sát giao thông đề nghị Công an các tỉnh thực hiện.", DOC_COL_FULL, 0);
	add(d, "Nơi nhận:", DOC_COL_LEFT, DOC_TABLE);
	add(d, "- Như trên;", DOC_COL_LEFT, DOC_TABLE);
	add(d, "- Lưu: VT, P5.", DOC_COL_LEFT, DOC_TABLE);
	add(d, "KT. CỤC TRƯỞNG", DOC_COL_RIGHT, DOC_CAPS | DOC_TABLE);
	add(d, "PHÓ CỤC TRƯỞNG", DOC_COL_RIGHT, DOC_CAPS | DOC_TABLE);
	add(d, "Người ký: Cục Cảnh sát giao thông", DOC_COL_RIGHT, DOC_TABLE);
	add(d, "Thời gian ký: 07.11.2023", DOC_COL_RIGHT, DOC_TABLE);
	add(d, "Thiếu tướng Lê Xuân Đức", DOC_COL_RIGHT, DOC_BOLD | DOC_TABLE);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.number, "2450/C08-P5");
	TT_STREQ(f.type, "Công văn");
	TT_STREQ(f.issuer, "Cục Cảnh sát giao thông");
	TT_STREQ(f.issuer_parent, "Bộ Công an");
	TT_STREQ(f.title, "V/v tăng cường kiểm soát");
	TT_STREQ(f.signer, "Lê Xuân Đức");
	TT_STREQ(f.signer_title, "Thiếu tướng");
	TT_STREQ(f.signer_authority, "KT. Cục trưởng");
	TT_STREQ(f.signer_position, "Phó Cục trưởng");
	TT_INTEQ(f.party, 0);
	fld_free(&f);
	doc_free(d);
}

TT(second_document_in_one_file_is_ignored)
{
	tv_doc *d = from_lines(
	    "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
	    "TỈNH PHÚ THỌ\n"
	    "Số: 4532/UBND-KSTTHC          Phú Thọ, ngày 07 tháng 12 năm 2011\n"
	    "V/v xây dựng kế hoạch rà soát\n"
	    "Kính gửi: Các sở, ban, ngành\n"
	    "Thực hiện Nghị quyết số 30c/NQ-CP của Chính phủ, đề nghị các đơn vị thực hiện.\n"
	    "Nơi nhận:\n"
	    "- Như trên;\n"
	    "- Lưu: VT.\n"
	    "TL. CHỦ TỊCH\n"
	    "CHÁNH VĂN PHÒNG\n"
	    "Trần Thị Thu Hương\n"
	    "UBND TỈNH PHÚ THỌ          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
	    "VĂN PHÒNG\n"
	    "Số: 620/VP-KSTTHC          Phú Thọ, ngày 07 tháng 12 năm 2011\n"
	    "Thực hiện Công văn số 348/KSTT-VP, Văn phòng hướng dẫn.\n");
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.number, "4532/UBND-KSTTHC");
	TT_STREQ(f.signer, "Trần Thị Thu Hương");
	TT_STREQ(f.signer_authority, "TL. Chủ tịch");
	TT_STREQ(f.signer_position, "Chánh Văn phòng");
	TT_ASSERT(f.cites.n == 1);
	TT_STREQ(f.cites.v[0], "30c/NQ-CP");
	fld_free(&f);
	doc_free(d);
}

TT(security_and_urgency_marks)
{
	tv_doc *d = from_lines("TỈNH ỦY KIÊN GIANG          ĐẢNG CỘNG SẢN VIỆT NAM\n"
	                       "VĂN PHÒNG\n"
	                       "MẬT\n"
	                       "HỎA TỐC\n"
	                       "Số 15-TB/VPTU          Kiên Giang, ngày 01 tháng 02 năm 2024\n"
	                       "THÔNG BÁO\n"
	                       "Kết luận của Thường trực Tỉnh ủy\n");
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.security, "MẬT");
	TT_STREQ(f.urgency, "HỎA TỐC");
	TT_STREQ(f.number, "15-TB/VPTU");
	TT_STREQ(f.issuer, "Văn phòng");
	fld_free(&f);
	doc_free(d);
}

TT(hostile_input_never_crashes_and_guesses_nothing)
{
	fld_fields f;
	fld_extract(NULL, &f);
	TT_CHECK(f.number == NULL && f.official == 0);
	fld_free(&f);
	tv_doc *d = doc_new("x.txt", "txt");
	fld_extract(d, &f); /* no blocks */
	TT_CHECK(f.number == NULL && f.title == NULL && f.cites.n == 0);
	fld_free(&f);
	add(d, "Số:", DOC_COL_FULL, 0);
	add(d, "Số: ////-----", DOC_COL_FULL, 0);
	add(d, "ngày 99 tháng 13 năm 20", DOC_COL_FULL, 0);
	add(d, "T/M", DOC_COL_FULL, 0);
	add(d, "KT.", DOC_COL_FULL, 0);
	add(d, "\xff\xfe garbage \x01", DOC_COL_FULL, 0);
	add(d, "Nơi nhận:", DOC_COL_FULL, 0);
	fld_extract(d, &f);
	TT_CHECK(f.number == NULL);
	TT_CHECK(f.date == NULL);
	TT_CHECK(f.signer == NULL);
	fld_free(&f);
	doc_free(d);
}

TT(named_reference_resolves_through_user_alias_file)
{
	char *dir = tt_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/aliases.tsv", dir);
	FILE *fp = fopen(path, "w");
	TT_ASSERT(fp);
	fputs("# test aliases\nNghị quyết Trung ương 4 khóa XII\t04-NQ/TW\n", fp);
	fclose(fp);
	setenv("THUVIEN_ALIASES", path, 1);
	tv_strv cites = TV_STRV_INIT;
	const char *t = "gắn với thực hiện Nghị quyết Trung ương 4\nkhoá XII về xây dựng Đảng; "
	                "Nghị quyết Trung ương 4 khóa XIII không có trong bảng";
	fld_resolve_aliases(t, strlen(t), &cites);
	TT_ASSERT(cites.n == 1);
	TT_STREQ(cites.v[0], "04-NQ/TW");
	tv_strv_free(&cites);
	free(dir);
}

static void check_list(const char *name, const char *field, json_t *want, const tv_strv *got)
{
	size_t n = json_is_array(want) ? json_array_size(want) : 0;
	if (n != got->n) {
		tt_fail(__FILE__, __LINE__, "%s %s: %zu items, want %zu", name, field, got->n, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (!tv_strv_contains(got, json_string_value(json_array_get(want, i))))
			tt_fail(__FILE__, __LINE__, "%s %s: missing \"%s\"", name, field,
			        json_string_value(json_array_get(want, i)));
}

TT(labelled_documents_read_exactly)
{
	static const char *const docs[] = {"state_cv", "party_nq", "draft_qd", NULL};
	ext_limits lim = ext_default_limits();
	lim.ocr = 0;
	for (int k = 0; docs[k]; k++) {
		char jp[1024], tp[1024];
		snprintf(jp, sizeof jp, "%s/fields/%s.json", tt_data_dir, docs[k]);
		snprintf(tp, sizeof tp, "%s/fields/%s.txt", tt_data_dir, docs[k]);
		json_error_t je;
		json_t *t = json_load_file(jp, 0, &je);
		TT_ASSERT(t);
		tv_doc *d = NULL;
		tv_error e;
		TT_ASSERT(ext_file(tp, &lim, &d, &e) == TV_OK);
		fld_fields f;
		fld_extract(d, &f);
		struct {
			const char *key;
			const char *got;
		} s[] = {{"number", f.number},
		         {"type", f.type},
		         {"issuer", f.issuer},
		         {"issuer_parent", f.issuer_parent},
		         {"place", f.place},
		         {"date", f.date},
		         {"title", f.title},
		         {"signer", f.signer},
		         {"signer_title", f.signer_title},
		         {"signer_position", f.signer_position},
		         {"signer_authority", f.signer_authority}};
		for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
			json_t *w = json_object_get(t, s[i].key);
			if (!strcmp(s[i].key, "date") && !json_is_string(w))
				w = json_object_get(t, "date_partial");
			const char *ws = json_string_value(w);
			if (!ws && !s[i].got) continue;
			if (!ws || !s[i].got || strcmp(ws, s[i].got) != 0)
				tt_fail(__FILE__, __LINE__, "%s %s: got \"%s\", want \"%s\"",
				        docs[k], s[i].key, s[i].got ? s[i].got : "(null)",
				        ws ? ws : "(null)");
		}
		check_list(docs[k], "kinh_gui", json_object_get(t, "kinh_gui"), &f.kinh_gui);
		check_list(docs[k], "noi_nhan", json_object_get(t, "noi_nhan"), &f.noi_nhan);
		check_list(docs[k], "cites", json_object_get(t, "cites"), &f.cites);
		fld_free(&f);
		doc_free(d);
		json_decref(t);
	}
}

static void state_header(tv_doc *d, const char *parent, const char *issuer, const char *number,
                         unsigned extra)
{
	if (parent) add(d, parent, DOC_COL_LEFT, DOC_CAPS | extra);
	add(d, issuer, DOC_COL_LEFT, DOC_CAPS | DOC_BOLD | extra);
	add(d, number, DOC_COL_LEFT, extra);
	add(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", DOC_COL_RIGHT, DOC_CAPS | DOC_BOLD | extra);
	add(d, "Độc lập - Tự do - Hạnh phúc", DOC_COL_RIGHT, DOC_BOLD | extra);
}

TT(issuer_unit_kind_lower_case_as_nd30_even_if_body_capitalises)
{
	tv_doc *d = doc_new("qd.doc", "doc");
	state_header(d, NULL, "UỶ BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Số: 15/2010/QĐ-UBND", 0);
	add(d, "Hà Nội, ngày 26 tháng 4 năm 2010", DOC_COL_RIGHT, DOC_ITALIC);
	add(d, "QUYẾT ĐỊNH", DOC_COL_FULL, DOC_CAPS | DOC_BOLD | DOC_CENTER);
	add(d, "Về quản lý dịch vụ trên địa bàn Thành phố Hà Nội", DOC_COL_FULL, DOC_BOLD);
	add(d, "Theo đề nghị của Sở Nội vụ Thành phố Hà Nội và Công an Thành phố,", DOC_COL_FULL,
	    0);
	fld_fields f;
	fld_extract(d, &f);
	/* tone placement of the known name normalised (UỶ → Ủy), "thành phố" in
	 * lower case although the body writes "Thành phố Hà Nội" */
	TT_STREQ(f.issuer, "Ủy ban nhân dân thành phố Hà Nội");
	fld_free(&f);
	doc_free(d);
	d = doc_new("hcm.doc", "doc");
	state_header(d, NULL, "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Số: 12/CT-UBND", 0);
	add(d, "Thành phố Hồ Chí Minh, ngày 02 tháng 6 năm 2020", DOC_COL_RIGHT, DOC_ITALIC);
	fld_extract(d, &f);
	TT_STREQ(f.issuer, "Ủy ban nhân dân Thành phố Hồ Chí Minh"); /* NĐ 30's special case */
	fld_free(&f);
	doc_free(d);
}

TT(issuer_fields_of_activity_and_glued_dash)
{
	tv_doc *d = doc_new("kh.pdf", "pdf");
	/* no body text to copy capitals from: the rules alone */
	state_header(d, "TRƯỜNG ĐẠI HỌC VIỆT- ĐỨC", "KHOA KHOA HỌC XÃ HỘI VÀ NHÂN VĂN",
	             "Số: 46/KH-KXH", 0);
	add(d, "Bình Dương, ngày 16 tháng 5 năm 2023", DOC_COL_RIGHT, DOC_ITALIC);
	add(d, "KẾ HOẠCH", DOC_COL_FULL, DOC_CAPS | DOC_BOLD | DOC_CENTER);
	add(d, "Thực tập doanh nghiệp học kỳ 2", DOC_COL_FULL, DOC_BOLD);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.issuer, "Khoa Khoa học Xã hội và Nhân văn");
	TT_STREQ(f.issuer_parent, "Trường Đại học Việt - Đức");
	fld_free(&f);
	doc_free(d);
}

TT(ocr_header_with_handwritten_number_and_day)
{
	tv_doc *d = doc_new("scan.pdf", "pdf");
	d->source |= DOC_SRC_OCR;
	/* the number and the day were handwritten: OCR made noise of them */
	state_header(d, "TRƯỜNG CAO ĐẲNG KỸ THUẬT MIỀN TRUYÊN", "PHÒNG ĐÀO TẠO", "Số: #2/TB-ĐT",
	             DOC_OCR);
	add(d, "Miền Truyền, ngày À¿È tháng 5 năm 2021", DOC_COL_RIGHT, DOC_OCR);
	add(d, "THÔNG BÁO", DOC_COL_FULL, DOC_CAPS | DOC_CENTER | DOC_OCR);
	add(d, "V/v lịch thi học kỳ 2", DOC_COL_FULL, DOC_OCR);
	add(d, "Trường Cao đẳng Kỹ thuật Miền Truyền thông báo lịch thi như sau:", DOC_COL_FULL,
	    DOC_OCR);
	fld_fields f;
	fld_extract(d, &f);
	TT_CHECK(f.number == NULL);          /* "#2" is not a number: nothing */
	TT_STREQ(f.issuer, "Phòng Đào tạo"); /* stops at the type heading */
	TT_STREQ(f.issuer_parent, "Trường Cao đẳng Kỹ thuật Miền Truyền"); /* marks from the body */
	TT_STREQ(f.date, "2021-05"); /* day unknown, month and year read */
	TT_STREQ(f.place, "Miền Truyền");
	TT_STREQ(f.type, "Thông báo");
	fld_free(&f);
	doc_free(d);
	/* an OCR'd "Số" and a stray dash before the number */
	static const char *const lines[][2] = {{"Só:82 /TB-ĐHVH", "82/TB-ĐHVH"},
	                                       {"Số: -40 /TB-CTSV", "40/TB-CTSV"},
	                                       {"Số: - /TB-CTSV", NULL}};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		d = doc_new("scan.pdf", "pdf");
		d->source |= DOC_SRC_OCR;
		state_header(d, NULL, "PHÒNG CÔNG TÁC SINH VIÊN", lines[i][0], DOC_OCR);
		add(d, "Đà Nẵng, ngày 12 tháng 5 năm 2021", DOC_COL_RIGHT, DOC_OCR);
		fld_extract(d, &f);
		if (lines[i][1])
			TT_STREQ(f.number, lines[i][1]);
		else
			TT_CHECK(f.number == NULL);
		fld_free(&f);
		doc_free(d);
	}
}

/* ---- OCR letter repair (indexer/fields_ocr.c) ------------------------------ */

/* A scanned State letter: header lines as OCR gives them, then body lines. */
static tv_doc *ocr_letter(const char *parent, const char *issuer, const char *title,
                          const char *const *body, const char *const *sig, unsigned ocr)
{
	tv_doc *d = doc_new("scan.pdf", "pdf");
	if (ocr) d->source |= DOC_SRC_OCR;
	state_header(d, parent, issuer, "Số:    /SNV-VP", ocr);
	add(d, "Phú Thọ, ngày ... tháng 12 năm 2011", DOC_COL_RIGHT, ocr);
	if (title) add(d, title, DOC_COL_LEFT, ocr);
	add(d, "Kính gửi: Các cơ quan, đơn vị.", DOC_COL_FULL, ocr);
	for (size_t i = 0; body && body[i]; i++) add(d, body[i], DOC_COL_FULL, ocr);
	add(d, "Nơi nhận:", DOC_COL_LEFT, ocr);
	add(d, "- Lưu: VT.", DOC_COL_LEFT, ocr);
	for (size_t i = 0; sig && sig[i]; i++) add(d, sig[i], DOC_COL_RIGHT, ocr);
	return d;
}

static const char *const plain_body[] = {
    "Thực hiện kế hoạch của Ủy ban nhân dân tỉnh, Sở đề nghị các cơ quan báo cáo.",
    "Các cơ quan gửi báo cáo về Sở trước ngày 30/12/2011./.", NULL};

TT(ocr_issuer_lost_mark_and_letter_repaired_from_known_names)
{
	tv_doc *d = ocr_letter("UBND TỈNH PHÚ THỌ", "SỞ THÔNG TIN VÀ TRUYN THÔNG", NULL, plain_body,
	                       NULL, DOC_OCR);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.issuer, "Sở Thông tin và Truyền thông"); /* one letter lost */
	fld_free(&f);
	doc_free(d);
	d = ocr_letter("UBND TỈNH PHÚ THỌ", "SỞ THÔNG TIN VÀ TRUYÊN THÔNG", NULL, plain_body, NULL,
	               DOC_OCR);
	fld_extract(d, &f);
	TT_STREQ(f.issuer, "Sở Thông tin và Truyền thông"); /* wrong mark */
	fld_free(&f);
	doc_free(d);
}

TT(ocr_letter_moved_across_word_gap_repaired_as_a_pair)
{
	tv_doc *d = ocr_letter(NULL, "ỦY BANN ÂN DÂN", NULL, plain_body, NULL, DOC_OCR);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.issuer, "Ủy ban nhân dân");
	fld_free(&f);
	doc_free(d);
}

TT(ocr_h_read_as_ii_and_doubled_vowel_repaired)
{
	tv_doc *d = ocr_letter(NULL, "TRƯỜNG ĐẠI HỌC CÔNG NGIIỆ THỘNG TIN VÀ TRUYÊN THOÒNG", NULL,
	                       plain_body, NULL, DOC_OCR);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.issuer, "Trường Đại học Công nghệ Thông tin và Truyền thông");
	fld_free(&f);
	doc_free(d);
}

TT(text_layer_document_is_never_repaired)
{
	/* the same misprint in a document with a text layer is what was printed */
	tv_doc *d = ocr_letter("UBND TỈNH PHÚ THỌ", "SỞ THÔNG TIN VÀ TRUYN THÔNG", NULL, plain_body,
	                       NULL, 0);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.issuer, "Sở Thông tin và Truyn thông");
	fld_free(&f);
	doc_free(d);
}

TT(ocr_unknown_word_without_unique_reading_is_kept)
{
	/* "BÌNK" is one edit from "binh" of the known "thương binh", but no
	 * neighbour vouches for that reading: it stays as printed */
	tv_doc *d = ocr_letter(NULL, "SỞ Y TẾ TỈNH QUẢNG BÌNK", NULL, plain_body, NULL, DOC_OCR);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.issuer, "Sở Y tế tỉnh Quảng Bìnk");
	fld_free(&f);
	doc_free(d);
}

TT(ocr_title_marks_from_the_body_only_with_context_on_both_sides)
{
	static const char *const body[] = {
	    "Nhà trường tổ chức phiên tư vấn và tuyển dụng của các doanh nghiệp.",
	    "Sinh viên đăng ký tuyển dụng trước ngày 10/3/2022; kết quả tuyển dụng gửi về Khoa.",
	    "Sinh viên khóa học 2018 tham gia tuyên truyền./.", NULL};
	tv_doc *d = ocr_letter(NULL, "PHÒNG ĐÀO TẠO",
	                       "V/v tư vấn và tuyên dụng của các doanh nghiệp cho khoa học 2018.",
	                       body, NULL, DOC_OCR);
	fld_fields f;
	fld_extract(d, &f);
	/* "tuyên" is a word, but "và tuyển dụng" is what the body says twice;
	 * "khoa học" is a known name, yet the body writes "khóa học 2018":
	 * a known word stays; a final full stop goes */
	TT_STREQ(f.title, "V/v tư vấn và tuyển dụng của các doanh nghiệp cho khoa học 2018");
	fld_free(&f);
	doc_free(d);
	static const char *const body2[] = {"Sinh viên tham gia tuyên truyền về phòng dịch./.",
	                                    NULL};
	d = ocr_letter(NULL, "PHÒNG ĐÀO TẠO", "V/v tuyên dụng của các doanh nghiệp", body2, NULL,
	               DOC_OCR);
	fld_extract(d, &f);
	TT_STREQ(f.title, "V/v tuyên dụng của các doanh nghiệp"); /* no evidence: kept */
	fld_free(&f);
	doc_free(d);
}

TT(title_final_full_stop_dropped_but_not_an_abbreviations_point)
{
	tv_doc *d =
	    ocr_letter(NULL, "SỞ NỘI VỤ", "V/v báo cáo công tác cán bộ.", plain_body, NULL, 0);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.title, "V/v báo cáo công tác cán bộ");
	fld_free(&f);
	doc_free(d);
	d = ocr_letter(NULL, "SỞ NỘI VỤ", "V/v báo cáo của UBND TP.", plain_body, NULL, 0);
	fld_extract(d, &f);
	TT_STREQ(f.title, "V/v báo cáo của UBND TP.");
	fld_free(&f);
	doc_free(d);
}

TT(ocr_signature_position_marks_and_debris_between_position_and_name)
{
	static const char *const sig[] = {"KT. GIÁM ĐÓC",   "PHÓ GIÁM ĐÓC",      "Ẹ", "/Q}Ÿ IRƯỜNG",
	                                  "}IỆT - HÀN „<⁄", "“Nguyễn Hữu Việt.", NULL};
	tv_doc *d = ocr_letter(NULL, "SỞ NỘI VỤ", NULL, plain_body, sig, DOC_OCR);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.signer_authority, "KT. Giám đốc");
	TT_STREQ(f.signer_position, "Phó Giám đốc");
	TT_STREQ(f.signer, "Nguyễn Hữu Việt");
	TT_CHECK(f.signer_title == NULL);
	fld_free(&f);
	doc_free(d);
}

TT(ocr_title_with_a_stroke_before_the_name_and_trưởng_is_a_position)
{
	static const char *const sig[] = {"TRƯỞNG PHÒNG", "TS.I Huỳnh Ngọc Thọ", NULL};
	tv_doc *d = ocr_letter(NULL, "PHÒNG ĐÀO TẠO", NULL, plain_body, sig, DOC_OCR);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.signer, "Huỳnh Ngọc Thọ");
	TT_STREQ(f.signer_title, "TS.");
	TT_STREQ(f.signer_position, "Trưởng phòng"); /* not an issuing "Trường" */
	TT_CHECK(f.signer_authority == NULL);
	fld_free(&f);
	doc_free(d);
}

TT(ocr_authority_and_position_kept_when_the_name_was_not_read)
{
	static const char *const sig[] = {"KT. HIỆU TRƯỚNG", "PHÓ HIỆU TRƯỜNG", NULL};
	tv_doc *d = ocr_letter(NULL, "PHÒNG ĐÀO TẠO", NULL, plain_body, sig, DOC_OCR);
	fld_fields f;
	fld_extract(d, &f);
	TT_CHECK(f.signer == NULL);
	TT_STREQ(f.signer_authority, "KT. Hiệu trưởng");
	TT_STREQ(f.signer_position, "Phó Hiệu trưởng");
	fld_free(&f);
	doc_free(d);
	/* with a text layer a signature without a name is not trusted */
	static const char *const sig2[] = {"KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", NULL};
	d = ocr_letter(NULL, "PHÒNG ĐÀO TẠO", NULL, plain_body, sig2, 0);
	fld_extract(d, &f);
	TT_CHECK(f.signer_authority == NULL);
	TT_CHECK(f.signer_position == NULL);
	fld_free(&f);
	doc_free(d);
}

TT(ocr_seal_text_case_does_not_capitalise_the_issuer)
{
	static const char *const sig[] = {"KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "[CÔNG NGhỆ trông",
	                                  "Trần Văn An", NULL};
	tv_doc *d =
	    ocr_letter(NULL, "TRƯỜNG ĐẠI HỌC CÔNG NGHỆ THÔNG TIN", NULL, plain_body, sig, DOC_OCR);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.issuer, "Trường Đại học Công nghệ Thông tin");
	TT_STREQ(f.signer, "Trần Văn An");
	fld_free(&f);
	doc_free(d);
}

TT(ocr_repair_survives_hostile_lines)
{
	tv_doc *d = doc_new("scan.pdf", "pdf");
	d->source |= DOC_SRC_OCR;
	static const char *const junk[] = {
	    "ỦY",
	    "BANN",
	    "„<⁄ ˆ Š",
	    "\xff\xfe\x01 ÂN",
	    "- - - ...",
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    "ii ii ii rn rn cl",
	    "KT.",
	    "TS.I",
	    "“",
	    "I",
	    NULL};
	for (size_t i = 0; junk[i]; i++) add(d, junk[i], DOC_COL_LEFT, DOC_CAPS | DOC_OCR);
	for (size_t i = 0; junk[i]; i++) add(d, junk[i], DOC_COL_FULL, DOC_OCR);
	fld_fields f;
	fld_extract(d, &f);
	TT_CHECK(f.number == NULL);
	TT_CHECK(f.signer == NULL);
	TT_CHECK(f.signer_position == NULL);
	fld_free(&f);
	doc_free(d);
}

/* Labelled OCR-like documents (tests/data/fields/ocr/): plain text written
 * with the errors Tesseract makes, read as the OCR extractor delivers it
 * (every block flagged DOC_OCR). */
TT(labelled_ocr_like_documents_read_exactly)
{
	static const char *const docs[] = {"so_gddt", "truong_tb", NULL};
	ext_limits lim = ext_default_limits();
	lim.ocr = 0;
	for (int k = 0; docs[k]; k++) {
		char jp[1024], tp[1024];
		snprintf(jp, sizeof jp, "%s/fields/ocr/%s.json", tt_data_dir, docs[k]);
		snprintf(tp, sizeof tp, "%s/fields/ocr/%s.txt", tt_data_dir, docs[k]);
		json_error_t je;
		json_t *t = json_load_file(jp, 0, &je);
		TT_ASSERT(t);
		tv_doc *d = NULL;
		tv_error e;
		TT_ASSERT(ext_file(tp, &lim, &d, &e) == TV_OK);
		d->source |= DOC_SRC_OCR;
		for (size_t i = 0; i < d->nblocks; i++) d->blocks[i].flags |= DOC_OCR;
		fld_fields f;
		fld_extract(d, &f);
		struct {
			const char *key;
			const char *got;
		} s[] = {{"number", f.number},
		         {"type", f.type},
		         {"issuer", f.issuer},
		         {"issuer_parent", f.issuer_parent},
		         {"place", f.place},
		         {"date", f.date},
		         {"title", f.title},
		         {"signer", f.signer},
		         {"signer_title", f.signer_title},
		         {"signer_position", f.signer_position},
		         {"signer_authority", f.signer_authority}};
		for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
			json_t *w = json_object_get(t, s[i].key);
			if (!strcmp(s[i].key, "date") && !json_is_string(w))
				w = json_object_get(t, "date_partial");
			const char *ws = json_string_value(w);
			if (!ws && !s[i].got) continue;
			if (!ws || !s[i].got || strcmp(ws, s[i].got) != 0)
				tt_fail(__FILE__, __LINE__, "%s %s: got \"%s\", want \"%s\"",
				        docs[k], s[i].key, s[i].got ? s[i].got : "(null)",
				        ws ? ws : "(null)");
		}
		check_list(docs[k], "kinh_gui", json_object_get(t, "kinh_gui"), &f.kinh_gui);
		check_list(docs[k], "noi_nhan", json_object_get(t, "noi_nhan"), &f.noi_nhan);
		check_list(docs[k], "cites", json_object_get(t, "cites"), &f.cites);
		fld_free(&f);
		doc_free(d);
		json_decref(t);
	}
}
