/* test_extract.c — extraction: content sniffing and dispatch, DOCX (tables,
 * text boxes, notes, headers, legacy fonts), HTML article extraction, text
 * decoding, and hostile files (XXE, entity bombs, zip bombs, truncation).
 * Fixtures come from tests/data/make-broken.sh. */
#include <stdlib.h>
#include <string.h>

#include "../indexer/extract.h"
#include "tt.h"

static char *fixture(const char *rel)
{
	size_t n = strlen(tt_data_dir) + strlen(rel) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", tt_data_dir, rel);
	return p;
}

/* Extract a fixture with the given limits (NULL: defaults). */
static tv_err load(const char *rel, const ext_limits *lim, tv_doc **d, tv_error *e)
{
	char *p = fixture(rel);
	tv_error_clear(e);
	tv_err rc = ext_file(p, lim, d, e);
	free(p);
	return rc;
}

static const doc_block *find_block(const tv_doc *d, const char *text)
{
	for (size_t i = 0; i < d->nblocks; i++)
		if (strcmp(d->blocks[i].text, text) == 0) return &d->blocks[i];
	return NULL;
}

static int count_containing(const tv_doc *d, const char *needle)
{
	int n = 0;
	for (size_t i = 0; i < d->nblocks; i++)
		for (const char *p = strstr(d->blocks[i].text, needle); p;
		     p = strstr(p + 1, needle))
			n++;
	return n;
}

static int count_flag(const tv_doc *d, unsigned flag)
{
	int n = 0;
	for (size_t i = 0; i < d->nblocks; i++)
		if (d->blocks[i].flags & flag) n++;
	return n;
}

static tv_err from_string(const char *name, const char *s, tv_doc **d, tv_error *e)
{
	tv_error_clear(e);
	return ext_buffer(name, s, strlen(s), NULL, d, e);
}

/* ---- dispatch ------------------------------------------------------------- */

TT(supported_extensions_any_case)
{
	TT_CHECK(ext_supported("a/b/Nghi-quyet.PDF"));
	TT_CHECK(ext_supported("x.Docx"));
	TT_CHECK(ext_supported("x.doc"));
	TT_CHECK(ext_supported("tin.htm"));
	TT_CHECK(ext_supported("tin.HTML"));
	TT_CHECK(ext_supported("a.txt"));
	TT_CHECK(!ext_supported("a.tar.gz"));
	TT_CHECK(!ext_supported("README"));
	TT_CHECK(!ext_supported("dir.pdf/notes"));
	TT_CHECK(!ext_supported(".pdf"));
	TT_CHECK(!ext_supported(NULL));
}

TT(default_limits_are_documented_values)
{
	ext_limits l = ext_default_limits();
	TT_INTEQ(l.max_file, 200u << 20);
	TT_INTEQ(l.max_unzipped, 256u << 20);
	TT_INTEQ(l.max_text, 64u << 20);
	TT_INTEQ(l.max_pages, 5000);
	TT_INTEQ(l.ocr, 0);
}

TT(docx_named_pdf_is_read_as_docx)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("broken/mislabelled.pdf", NULL, &d, &e) == TV_OK);
	TT_STREQ(d->format, "docx");
	TT_STREQ(d->blocks[0].text, "BAN CHẤP HÀNH TRUNG ƯƠNG");
	doc_free(d);
}

TT(text_named_docx_is_refused_with_its_first_bytes)
{
	tv_doc *d = (tv_doc *)1;
	tv_error e;
	TT_INTEQ(load("broken/notzip.docx", NULL, &d, &e), TV_ERR_FORMAT);
	TT_CHECK(d == NULL);
	TT_CHECK(strstr(e.msg, "notzip.docx: not a DOCX (zip) file (starts with \"this is \")") !=
	         NULL);
}

TT(text_named_pdf_is_refused_as_not_a_pdf)
{
	tv_doc *d;
	tv_error e;
	TT_INTEQ(load("broken/words.pdf", NULL, &d, &e), TV_ERR_FORMAT);
	TT_CHECK(strstr(e.msg, "words.pdf: not a PDF file (starts with \"just wor\")") != NULL);
}

TT(unknown_binary_is_unsupported)
{
	tv_doc *d;
	tv_error e;
	TT_INTEQ(load("broken/binary.bin", NULL, &d, &e), TV_ERR_UNSUPPORTED);
	TT_CHECK(strstr(e.msg, "binary.bin: unknown binary format (starts with \"\\x01\\x02") !=
	         NULL);
}

TT(rtf_is_unsupported_whatever_its_name)
{
	tv_doc *d;
	tv_error e;
	TT_INTEQ(from_string("cv.doc", "{\\rtf1\\ansi Xin chao}", &d, &e), TV_ERR_UNSUPPORTED);
	TT_CHECK(strstr(e.msg, "cv.doc: RTF") == e.msg);
}

TT(file_over_size_limit_is_refused_unread)
{
	ext_limits l = ext_default_limits();
	l.max_file = 100;
	tv_doc *d;
	tv_error e;
	TT_INTEQ(load("extract/header.docx", &l, &d, &e), TV_ERR_TOO_BIG);
	TT_CHECK(strstr(e.msg, "header.docx: ") != NULL);
	TT_CHECK(strstr(e.msg, "over the 100-byte file limit") != NULL);
}

TT(missing_file_is_io_error_naming_it)
{
	tv_doc *d;
	tv_error e;
	TT_INTEQ(load("extract/no-such-file.docx", NULL, &d, &e), TV_ERR_IO);
	TT_CHECK(strstr(e.msg, "no-such-file.docx: cannot open") != NULL);
}

TT(empty_buffer_is_empty)
{
	tv_doc *d;
	tv_error e;
	TT_INTEQ(from_string("blank.txt", "", &d, &e), TV_ERR_EMPTY);
	TT_INTEQ(from_string("spaces.txt", " \n\n\t \n", &d, &e), TV_ERR_EMPTY);
	TT_CHECK(strstr(e.msg, "spaces.txt: no text found") != NULL);
}

TT(html_is_sniffed_without_an_extension)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(from_string("trang",
	                      "\n  <!DOCTYPE html><html><body><p>Xin chào</p></body></html>", &d,
	                      &e) == TV_OK);
	TT_STREQ(d->format, "html");
	TT_INTEQ(d->nblocks, 1);
	TT_STREQ(d->blocks[0].text, "Xin chào");
	doc_free(d);
}

TT(text_limit_drops_blocks_past_it)
{
	const char *s = "một\n\nhai\n\nba\n\nbốn\n";
	ext_limits l = ext_default_limits();
	l.max_text = 10; /* "một\n" is 5 bytes, "hai\n" 4: the third does not fit */
	tv_doc *d;
	tv_error e;
	TT_ASSERT(ext_buffer("a.txt", s, strlen(s), &l, &d, &e) == TV_OK);
	TT_INTEQ(d->nblocks, 2);
	TT_STREQ(d->blocks[1].text, "hai");
	doc_free(d);
}

TT(office_encryption_wrapper_is_encrypted)
{
	tv_doc *d;
	tv_error e;
	TT_INTEQ(load("broken/encrypted.docx", NULL, &d, &e), TV_ERR_ENCRYPTED);
	TT_CHECK(strstr(e.msg, "encrypted.docx: password-protected") != NULL);
}

TT(zip_with_encrypted_members_is_encrypted)
{
	tv_doc *d;
	tv_error e;
	TT_INTEQ(load("broken/zipcrypto.docx", NULL, &d, &e), TV_ERR_ENCRYPTED);
	TT_CHECK(strstr(e.msg, "zipcrypto.docx: word/document.xml is encrypted") != NULL);
}

TT(dump_prints_layout_hints)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/header.docx", NULL, &d, &e) == TV_OK);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ext_dump(d, f);
	fclose(f);
	TT_CHECK(strstr(buf, "format=docx pages=2") != NULL);
	TT_CHECK(strstr(buf, "p1 L t1 r0 c0 sz14.0 [bold,caps,center,table] | BAN CHẤP HÀNH "
	                     "TRUNG ƯƠNG\n") != NULL);
	TT_CHECK(strstr(buf, "| Các cấp ủy\\tthực hiện\\ndòng hai\n") != NULL);
	free(buf);
	doc_free(d);
}

/* ---- DOCX ----------------------------------------------------------------- */

TT(docx_two_cell_header_table_sets_columns)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/header.docx", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks >= 5);
	static const char *const want[] = {"BAN CHẤP HÀNH TRUNG ƯƠNG", "*", "Số 05-CT/TW",
	                                   "ĐẢNG CỘNG SẢN VIỆT NAM",
	                                   "Hà Nội, ngày 15 tháng 5 năm 2016"};
	for (int i = 0; i < 5; i++) {
		const doc_block *b = &d->blocks[i];
		TT_STREQ(b->text, want[i]);
		TT_CHECK(b->flags & DOC_TABLE);
		TT_INTEQ(b->table, 1);
		TT_INTEQ(b->row, 0);
		TT_INTEQ(b->cell, i < 3 ? 0 : 1);
		TT_INTEQ(b->col, i < 3 ? DOC_COL_LEFT : DOC_COL_RIGHT);
	}
	TT_INTEQ(d->blocks[0].flags & (DOC_BOLD | DOC_CENTER), DOC_BOLD | DOC_CENTER);
	TT_INTEQ(d->blocks[3].flags & (DOC_BOLD | DOC_RIGHT | DOC_UNDERLINE),
	         DOC_BOLD | DOC_RIGHT | DOC_UNDERLINE);
	TT_INTEQ(d->blocks[4].flags & (DOC_ITALIC | DOC_BOLD), DOC_ITALIC);
	/* after the table, blocks are full width and outside any table */
	const doc_block *t = find_block(d, "CHỈ THỊ");
	TT_ASSERT(t);
	TT_INTEQ(t->table, 0);
	TT_INTEQ(t->col, DOC_COL_FULL);
	doc_free(d);
}

TT(docx_heading_style_gives_bold_centre_and_size)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/header.docx", NULL, &d, &e) == TV_OK);
	const doc_block *b = find_block(d, "CHỈ THỊ");
	TT_ASSERT(b);
	TT_INTEQ(b->flags & (DOC_HEADING | DOC_BOLD | DOC_CENTER),
	         DOC_HEADING | DOC_BOLD | DOC_CENTER);
	TT_CHECK(b->size == 16.0f);
	doc_free(d);
}

TT(docx_caps_run_is_upper_cased)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/header.docx", NULL, &d, &e) == TV_OK);
	const doc_block *b = find_block(d, "VỀ ĐẨY MẠNH HỌC TẬP");
	TT_ASSERT(b);
	TT_CHECK(b->flags & DOC_CAPS);
	TT_CHECK(b->flags & DOC_BOLD);
	TT_CHECK(count_containing(d, "về đẩy") == 0);
	doc_free(d);
}

TT(docx_tab_and_break_kept_deleted_text_and_field_codes_dropped)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/header.docx", NULL, &d, &e) == TV_OK);
	const doc_block *b = find_block(d, "Các cấp ủy\tthực hiện\ndòng hai");
	TT_ASSERT(b);
	/* one bold space does not make the paragraph bold */
	TT_INTEQ(b->flags & DOC_BOLD, 0);
	TT_INTEQ(count_containing(d, "XOÁ"), 0);
	TT_INTEQ(count_containing(d, "PAGE"), 0);
	doc_free(d);
}

TT(docx_text_box_in_alternate_content_appears_once)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/header.docx", NULL, &d, &e) == TV_OK);
	TT_INTEQ(count_containing(d, "Nơi nhận trong hộp"), 1);
	const doc_block *b = find_block(d, "Nơi nhận trong hộp");
	TT_ASSERT(b);
	TT_CHECK(b->flags & DOC_TEXTBOX);
	/* the paragraph holding the box keeps its own text, without the box's */
	TT_ASSERT(find_block(d, "Đoạn có hộp"));
	TT_INTEQ(find_block(d, "Đoạn có hộp")->flags & DOC_TEXTBOX, 0);
	doc_free(d);
}

TT(docx_footnote_read_separators_skipped)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/header.docx", NULL, &d, &e) == TV_OK);
	TT_INTEQ(count_flag(d, DOC_FOOTNOTE), 1);
	const doc_block *b = find_block(d, "Ghi chú một");
	TT_ASSERT(b);
	TT_CHECK(b->flags & DOC_FOOTNOTE);
	TT_INTEQ(count_containing(d, "---"), 0);
	doc_free(d);
}

TT(docx_identical_page_headers_kept_once)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/header.docx", NULL, &d, &e) == TV_OK);
	TT_INTEQ(count_flag(d, DOC_HEADER), 1);
	TT_INTEQ(count_containing(d, "CÔNG BÁO"), 1);
	TT_INTEQ(count_flag(d, DOC_FOOTER), 1);
	TT_ASSERT(find_block(d, "Trang cuối"));
	TT_CHECK(find_block(d, "Trang cuối")->flags & DOC_FOOTER);
	/* the body comes first: the first block is not a page header */
	TT_INTEQ(d->blocks[0].flags & (DOC_HEADER | DOC_FOOTER), 0);
	doc_free(d);
}

TT(docx_rendered_page_break_moves_paragraph_to_page_two)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/header.docx", NULL, &d, &e) == TV_OK);
	const doc_block *b = find_block(d, "Trang hai");
	TT_ASSERT(b);
	TT_INTEQ(b->page, 2);
	TT_INTEQ(find_block(d, "Đoạn có hộp")->page, 1);
	TT_INTEQ(d->pages, 2);
	doc_free(d);
}

TT(docx_only_legacy_font_runs_are_decoded)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/legacy.docx", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 5);
	/* the Unicode run keeps its µ: only the .VnTime run is TCVN3 */
	TT_STREQ(d->blocks[0].text, "nghị quyết Nghị quyết µ");
	TT_CHECK(d->blocks[0].flags & DOC_LEGACY);
	TT_CHECK(d->source & DOC_SRC_LEGACY);
	doc_free(d);
}

TT(docx_tcvn3_caps_font_is_upper_cased)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/legacy.docx", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 5);
	TT_STREQ(d->blocks[1].text, "BỘ TÀI CHÍNH");
	TT_INTEQ(d->blocks[1].flags & (DOC_CAPS | DOC_LEGACY), DOC_CAPS | DOC_LEGACY);
	doc_free(d);
}

TT(docx_legacy_font_inherited_from_paragraph_style)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/legacy.docx", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 5);
	TT_STREQ(d->blocks[2].text, "cán bộ Việt Nam");
	doc_free(d);
}

TT(docx_external_entity_refused_and_never_read)
{
	tv_doc *d = (tv_doc *)1;
	tv_error e;
	TT_INTEQ(load("broken/xxe.docx", NULL, &d, &e), TV_ERR_HOSTILE);
	TT_CHECK(d == NULL);
	TT_CHECK(strstr(e.msg, "xxe.docx: word/document.xml declares XML entities") != NULL);
	TT_CHECK(strstr(e.msg, "root:") == NULL);
}

TT(docx_billion_laughs_refused)
{
	tv_doc *d;
	tv_error e;
	double t0 = tv_now();
	TT_INTEQ(load("broken/lol.docx", NULL, &d, &e), TV_ERR_HOSTILE);
	TT_CHECK(strstr(e.msg, "lol.docx: word/document.xml declares XML entities") != NULL);
	TT_CHECK(tv_now() - t0 < 2.0);
}

TT(docx_zip_bomb_over_cap_refused)
{
	ext_limits l = ext_default_limits();
	l.max_unzipped = 1 << 20; /* the member inflates to 2 MiB from 3 KiB */
	tv_doc *d;
	tv_error e;
	TT_INTEQ(load("broken/bomb.docx", &l, &d, &e), TV_ERR_HOSTILE);
	TT_CHECK(strstr(e.msg, "bomb.docx: word/document.xml") != NULL);
	TT_CHECK(strstr(e.msg, "zip bomb") != NULL);
}

TT(docx_large_member_under_cap_is_read)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("broken/bomb.docx", NULL, &d, &e) == TV_OK);
	TT_INTEQ(d->nblocks, 1);
	TT_INTEQ(strlen(d->blocks[0].text), 2097152);
	doc_free(d);
}

TT(docx_zip_without_document_xml_is_format_error)
{
	tv_doc *d;
	tv_error e;
	TT_INTEQ(load("broken/nodocxml.docx", NULL, &d, &e), TV_ERR_FORMAT);
	TT_CHECK(strstr(e.msg, "nodocxml.docx: zip has no word/document.xml") != NULL);
}

TT(docx_cut_in_half_is_truncated)
{
	tv_doc *d;
	tv_error e;
	TT_INTEQ(load("broken/truncated.docx", NULL, &d, &e), TV_ERR_TRUNCATED);
	TT_CHECK(strstr(e.msg, "truncated.docx: zip is truncated") != NULL);
}

TT(docx_with_only_blank_paragraphs_is_empty)
{
	tv_doc *d;
	tv_error e;
	TT_INTEQ(load("broken/empty.docx", NULL, &d, &e), TV_ERR_EMPTY);
	TT_CHECK(strstr(e.msg, "empty.docx: no text found") != NULL);
}

/* Every prefix and many one-byte corruptions of a real package: each ends in
 * a document or in a named error, never in a crash (the runner forks). */
TT(docx_every_prefix_and_corruption_fails_cleanly)
{
	char *p = fixture("extract/header.docx");
	char *data;
	size_t len;
	tv_error e;
	TT_ASSERT(tv_read_file(p, 1 << 20, &data, &len, &e) == TV_OK);
	free(p);
	char *copy = malloc(len);
	for (size_t cut = 0; cut < len; cut += 37) {
		tv_doc *d = NULL;
		tv_error_clear(&e);
		tv_err rc = ext_buffer("cut.docx", data, cut, NULL, &d, &e);
		if (rc == TV_OK)
			doc_free(d);
		else
			TT_CHECK(strncmp(e.msg, "cut.docx", 8) == 0);
	}
	for (size_t i = 0; i < len; i += 13) {
		memcpy(copy, data, len);
		copy[i] ^= 0x5A;
		tv_doc *d = NULL;
		tv_error_clear(&e);
		tv_err rc = ext_buffer("flip.docx", copy, len, NULL, &d, &e);
		if (rc == TV_OK)
			doc_free(d);
		else
			TT_CHECK(strncmp(e.msg, "flip.docx", 9) == 0);
	}
	free(copy);
	free(data);
}

TT(docx_unicode_text_under_legacy_font_name_is_not_decoded)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/legacy.docx", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 5);
	/* decoding would give "liờn" and "ỏn" */
	TT_STREQ(d->blocks[3].text, "Điền liên kết dự án");
	TT_INTEQ(d->blocks[3].flags & DOC_LEGACY, 0);
	doc_free(d);
}

TT(docx_symbol_in_legacy_font_is_decoded)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/legacy.docx", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 5);
	TT_STREQ(d->blocks[4].text, "các");
	doc_free(d);
}

/* ---- TXT ------------------------------------------------------------------ */

TT(txt_bom_stripped_and_blank_lines_end_paragraphs)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/utf8bom.txt", NULL, &d, &e) == TV_OK);
	TT_STREQ(d->format, "txt");
	TT_ASSERT(d->nblocks == 3);
	TT_STREQ(d->blocks[0].text, "Dòng một");
	TT_STREQ(d->blocks[1].text, "Dòng hai");
	TT_STREQ(d->blocks[2].text, "Đoạn hai");
	TT_INTEQ(d->blocks[0].flags & DOC_PARA_END, 0);
	TT_CHECK(d->blocks[1].flags & DOC_PARA_END);
	TT_CHECK(d->blocks[2].flags & DOC_PARA_END);
	doc_free(d);
}

TT(txt_utf16_with_bom_is_converted)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/utf16.txt", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 2);
	TT_STREQ(d->blocks[0].text, "Nghị quyết số 05");
	TT_STREQ(d->blocks[1].text, "về Đảng");
	doc_free(d);
}

TT(txt_odd_utf16_is_encoding_error)
{
	tv_doc *d;
	tv_error e;
	static const char s[] = "\xFF\xFEN\0g\0\x00\xD8"; /* a lone high surrogate */
	tv_error_clear(&e);
	TT_INTEQ(ext_buffer("u16.txt", s, sizeof s - 1, NULL, &d, &e), TV_ERR_ENCODING);
	TT_CHECK(strstr(e.msg, "u16.txt: invalid UTF-16") != NULL);
}

TT(txt_tcvn3_bytes_are_decoded)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/tcvn3.txt", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 1);
	TT_STREQ(d->blocks[0].text, "nghị quyết của Đảng và cán bộ");
	TT_CHECK(d->blocks[0].flags & DOC_LEGACY);
	TT_CHECK(d->source & DOC_SRC_LEGACY);
	doc_free(d);
}

TT(txt_windows_1258_is_converted)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/cp1258.txt", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 1);
	TT_STREQ(d->blocks[0].text,
	         "Hà Nội, ngày 15 tháng 5 năm 2016. Nghị quyết của Đảng về công tác cán bộ.");
	TT_INTEQ(d->blocks[0].flags & DOC_LEGACY, 0);
	doc_free(d);
}

TT(txt_latin1_is_refused_with_offset_of_first_bad_byte)
{
	tv_doc *d;
	tv_error e;
	TT_INTEQ(load("broken/invalid.txt", NULL, &d, &e), TV_ERR_ENCODING);
	TT_CHECK(strstr(e.msg, "invalid.txt: not UTF-8 text (invalid byte 0xF6 at offset 2)") !=
	         NULL);
}

TT(txt_form_feed_starts_a_page)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/pages.txt", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 2);
	TT_INTEQ(d->blocks[0].page, 1);
	TT_INTEQ(d->blocks[1].page, 2);
	TT_STREQ(d->blocks[1].text, "Trang hai");
	TT_INTEQ(d->pages, 2);
	doc_free(d);
}

TT(txt_overlong_and_surrogate_utf8_rejected)
{
	tv_doc *d;
	tv_error e;
	/* C0 AF is an overlong '/', ED A0 80 a UTF-16 surrogate */
	TT_INTEQ(from_string("o.txt", "abc\xC0\xAFxyz", &d, &e), TV_ERR_ENCODING);
	TT_CHECK(strstr(e.msg, "invalid byte 0xC0 at offset 3") != NULL);
	TT_INTEQ(from_string("s.txt", "ab\xED\xA0\x80", &d, &e), TV_ERR_ENCODING);
	TT_CHECK(strstr(e.msg, "invalid byte 0xED at offset 2") != NULL);
}

/* ---- HTML ----------------------------------------------------------------- */

TT(html_article_kept_boilerplate_and_related_news_dropped)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/news.html", NULL, &d, &e) == TV_OK);
	static const char *const want[] = {
	    "Học tập Nghị quyết Trung ương 4",
	    "Sáng 3/11, Thành ủy tổ chức hội nghị học tập, quán triệt Nghị quyết Trung ương 4 "
	    "khóa XII.",
	    "Hội nghị được tổ chức theo hình thức trực tuyến đến các điểm cầu cơ sở, với sự "
	    "tham dự của cán bộ chủ chốt.",
	    "Những nội dung cơ bản",
	    "Báo cáo viên đã trình bày những nội dung cơ bản của Nghị quyết về tăng cường xây "
	    "dựng, chỉnh đốn Đảng.",
	    "Phóng viên"};
	TT_INTEQ(d->nblocks, 6);
	for (size_t i = 0; i < 6 && i < d->nblocks; i++) TT_STREQ(d->blocks[i].text, want[i]);
	static const char *const never[] = {
	    "Trang chủ", "Tin khác số", "Bài liên quan", "Quảng cáo",     "Bản quyền",    "Chia sẻ",
	    "var menu",  "color: red",  "Các tin khác",  "Tin liên quan", "Xây dựng Đảng"};
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
		TT_INTEQ(count_containing(d, never[i]), 0);
	doc_free(d);
}

TT(html_headings_bold_italic_and_alignment)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/news.html", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 6);
	TT_CHECK(d->blocks[0].flags & DOC_HEADING);
	TT_CHECK(d->blocks[1].flags & DOC_BOLD);
	TT_INTEQ(d->blocks[2].flags & (DOC_BOLD | DOC_HEADING), 0);
	TT_CHECK(d->blocks[3].flags & DOC_HEADING);
	TT_INTEQ(d->blocks[5].flags & (DOC_ITALIC | DOC_RIGHT), DOC_ITALIC | DOC_RIGHT);
	TT_CHECK(d->blocks[2].flags & DOC_PARA_END);
	doc_free(d);
}

TT(html_title_strips_site_name_and_date_is_iso)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/news.html", NULL, &d, &e) == TV_OK);
	TT_STREQ(d->title_hint, "Học tập Nghị quyết Trung ương 4");
	TT_STREQ(d->date_hint, "2016-11-03");
	doc_free(d);
}

TT(html_date_from_dd_mm_yyyy_near_title)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(
	    from_string("t.html",
	                "<html><head><title>Hội nghị | Cổng thông tin</title></head><body>"
	                "<div class=\"meta\"><span class=\"time\">Cập nhật 7/3/2021 10:00</span>"
	                "</div><p>Nội dung bài viết về hội nghị học tập nghị quyết.</p>"
	                "</body></html>",
	                &d, &e) == TV_OK);
	TT_STREQ(d->date_hint, "2021-03-07");
	TT_STREQ(d->title_hint, "Hội nghị");
	doc_free(d);
}

TT(html_densest_container_wins_over_link_lists)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(
	    from_string("dense.html",
	                "<html><body><div id=\"left\"><ul><li><a>Mục một rất dài dài dài dài dài "
	                "dài</a></li><li><a>Mục hai rất dài dài dài dài dài dài dài</a></li></ul>"
	                "<p>Liên hệ</p></div><div id=\"c\"><p>Đoạn thứ nhất của bài viết có đủ "
	                "nhiều chữ để được tính là nội dung chính.</p><p>Đoạn thứ hai của bài viết "
	                "cũng có đủ nhiều chữ để được tính là nội dung chính.</p><p>Đoạn thứ ba "
	                "kết thúc bài viết với một câu văn đủ dài nữa.</p></div></body></html>",
	                &d, &e) == TV_OK);
	TT_INTEQ(d->nblocks, 3);
	TT_CHECK(strncmp(d->blocks[0].text, "Đoạn thứ nhất", strlen("Đoạn thứ nhất")) == 0);
	TT_INTEQ(count_containing(d, "Mục một"), 0);
	TT_INTEQ(count_containing(d, "Liên hệ"), 0);
	doc_free(d);
}

TT(html_two_cell_table_sets_columns)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(from_string("vb.html",
	                      "<html><body><table><tr><td><b>BỘ TÀI CHÍNH</b></td><td>CỘNG HÒA XÃ "
	                      "HỘI CHỦ NGHĨA VIỆT NAM</td></tr><tr><td>Số: 12/QĐ-BTC</td><td>Hà "
	                      "Nội, ngày 2 tháng 3 năm 2020</td></tr></table></body></html>",
	                      &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 4);
	TT_STREQ(d->blocks[0].text, "BỘ TÀI CHÍNH");
	TT_INTEQ(d->blocks[0].col, DOC_COL_LEFT);
	TT_CHECK(d->blocks[0].flags & DOC_BOLD);
	TT_INTEQ(d->blocks[1].col, DOC_COL_RIGHT);
	TT_INTEQ(d->blocks[3].table, 1);
	TT_INTEQ(d->blocks[3].row, 1);
	TT_INTEQ(d->blocks[3].cell, 1);
	TT_STREQ(d->blocks[3].text, "Hà Nội, ngày 2 tháng 3 năm 2020");
	doc_free(d);
}

TT(html_windows_1258_charset_converted)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(load("extract/cp1258.html", NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 1);
	TT_STREQ(d->blocks[0].text,
	         "Hà Nội, ngày 15 tháng 5 năm 2016. Nghị quyết của Đảng về công tác cán bộ.");
	TT_STREQ(d->title_hint, "Thông báo");
	TT_CHECK(d->date_hint == NULL); /* "ngày 15 tháng 5" is the field parser's job */
	doc_free(d);
}

TT(html_malformed_markup_still_yields_text)
{
	tv_doc *d;
	tv_error e;
	TT_ASSERT(from_string("bad.html",
	                      "<html><body><p>Một <b>đậm <i>nghiêng</p><p>Hai</b></div></span>"
	                      "<script>alert(1)",
	                      &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 2);
	TT_STREQ(d->blocks[0].text, "Một đậm nghiêng");
	TT_STREQ(d->blocks[1].text, "Hai");
	TT_INTEQ(count_containing(d, "alert"), 0);
	doc_free(d);
}

TT(html_site_header_date_is_not_the_article_date)
{
	/* news sites print today's date in their header; an article without a
	 * date of its own has none */
	static const char page[] =
	    "<html><head><title>Bài viết - Trang tin</title></head><body>"
	    "<header class=\"site-header\"><span class=\"date\">Thứ Tư, 22/5/2024</span>"
	    "<nav><a href=\"/\">Trang chủ</a></nav></header>"
	    "<main><article><h1>Đổi mới việc học tập nghị quyết</h1>"
	    "<p>Các chi bộ tổ chức học tập nghị quyết bằng nhiều hình thức phù hợp với từng đối "
	    "tượng, gắn với nhiệm vụ chính trị của cơ quan, đơn vị.</p>"
	    "<p>Báo cáo viên cấp huyện trực tiếp quán triệt, phân tích các vấn đề, bám sát thực "
	    "tiễn địa phương.</p></article></main></body></html>";
	ext_limits lim = ext_default_limits();
	tv_doc *d = NULL;
	tv_error e = {0};
	TT_ASSERT(ext_buffer("page.html", page, sizeof page - 1, &lim, &d, &e) == TV_OK);
	TT_CHECK(d->date_hint == NULL);
	TT_CHECK(d->nblocks >= 2);
	doc_free(d);
}
