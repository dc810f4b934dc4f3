/* test_relevance.c — Vietnamese search traps, asserting ranks: old and new
 * tone placement, NFD documents, no-diacritics queries, đ/d, bà vs ba, and
 * legacy TCVN3/VNI documents found by Unicode queries. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tt.h"

/* A small library of trap documents, indexed once per test into dir/db. */
static char *trap_library(void)
{
	char *dir = tt_tmpdir();
	int rc = tt_run(NULL, NULL,
		"cd %s && mkdir lib && cd lib"
		/* new-style tone placement in the document (hoà, thuỷ, khoẻ) */
		" && printf 'Hội nghị bàn về công tác hoà giải ở cơ sở, thuỷ lợi và sức khoẻ nhân dân.\\n' > hoa-moi.txt"
		/* old-style placement (hòa, thủy) on other words */
		" && printf 'Báo cáo kết quả nuôi trồng thủy sản và giữ gìn hòa bình.\\n' > thuy-cu.txt"
		/* NFD: decomposed marks, as a Mac sends them */
		" && printf 'Nghi\\xcc\\xa3 quy\\xc3\\xaa\\xcc\\x81t ve\\xcc\\x80 chuye\\xcc\\x82\\xcc\\x89n \\xc4\\x91o\\xcc\\x82\\xcc\\x89i so\\xcc\\x82\\xcc\\x81 trong ca\\xcc\\x81c cơ quan Đảng.\\n' > nfd.txt"
		/* bà vs ba */
		" && printf 'Ba đồng chí được khen thưởng vì thành tích xuất sắc.\\n' > ba.txt"
		" && printf 'Bà Nguyễn Thị Lan phát biểu tại hội nghị tổng kết.\\n' > ba-dau.txt"
		/* đ vs d */
		" && printf 'Đảng ủy xã lãnh đạo công tác dân vận.\\n' > dang-uy.txt"
		" && printf 'Dạng bài tập ôn luyện môn toán cho học sinh.\\n' > dang-bai.txt"
		" && cp %s/legacy-tcvn3.docx %s/legacy-vni.docx . 2>/dev/null; true",
		dir, tt_data_dir, tt_data_dir);
	if (rc != 0) tt_fail(__FILE__, __LINE__, "could not write the trap library");
	char *out = NULL, *err = NULL;
	rc = tt_run(&out, &err, "%s index --db %s/db %s/lib", tt_bin, dir, dir);
	if (rc != 0) tt_fail(__FILE__, __LINE__, "index failed: %s", err);
	free(out);
	free(err);
	return dir;
}

/* 1-based rank of the first result whose path ends with name; 0 if absent. */
static int rank_of(const char *dir, const char *query, const char *name)
{
	char *out = NULL;
	int rc = tt_run(&out, NULL, "%s search --db %s/db --json --limit 50 '%s'", tt_bin, dir, query);
	if (rc != 0) {
		free(out);
		return -1;
	}
	json_t *j = tt_json(out);
	free(out);
	int rank = 0;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "results"), i, r)
	{
		const char *p = json_string_value(json_object_get(r, "path"));
		size_t pl = p ? strlen(p) : 0, nl = strlen(name);
		if (pl >= nl && strcmp(p + pl - nl, name) == 0) {
			rank = (int)i + 1;
			break;
		}
	}
	json_decref(j);
	return rank;
}

#define RANK(dir, q, name, want)                                                          \
	do {                                                                              \
		int got = rank_of(dir, q, name);                                          \
		if (got != (want))                                                        \
			tt_fail(__FILE__, __LINE__, "\"%s\": %s ranked %d, want %d", q, name, got, want); \
	} while (0)

TT(query_without_diacritics_finds_marked_document)
{
	char *dir = trap_library();
	RANK(dir, "nuoi trong thuy san", "thuy-cu.txt", 1);
	RANK(dir, "dang uy xa", "dang-uy.txt", 1);
	free(dir);
}

TT(new_style_query_finds_old_style_document_and_reverse)
{
	char *dir = trap_library();
	RANK(dir, "hòa giải", "hoa-moi.txt", 1); /* document has hoà */
	RANK(dir, "sức khỏe", "hoa-moi.txt", 1); /* document has khoẻ */
	RANK(dir, "thuỷ sản", "thuy-cu.txt", 1); /* document has thủy */
	RANK(dir, "hoà bình", "thuy-cu.txt", 1); /* document has hòa */
	free(dir);
}

TT(nfc_query_finds_nfd_document)
{
	char *dir = trap_library();
	RANK(dir, "chuyển đổi số", "nfd.txt", 1);
	RANK(dir, "nghị quyết", "nfd.txt", 1);
	free(dir);
}

TT(nfd_query_finds_nfc_document)
{
	char *dir = trap_library();
	/* "thủy sản" typed decomposed */
	RANK(dir, "thu\xcc\x89y sa\xcc\x89n", "thuy-cu.txt", 1);
	free(dir);
}

TT(marked_query_prefers_exact_spelling_over_folded_lookalike)
{
	char *dir = trap_library();
	RANK(dir, "bà", "ba-dau.txt", 1);
	RANK(dir, "ba", "ba.txt", 1); /* bare "ba" is also an exact spelling */
	RANK(dir, "dạng", "dang-bai.txt", 1);
	RANK(dir, "đảng", "dang-uy.txt", 1);
	free(dir);
}

TT(folded_query_matches_both_lookalikes)
{
	char *dir = trap_library();
	TT_CHECK(rank_of(dir, "dang", "dang-uy.txt") > 0);
	TT_CHECK(rank_of(dir, "dang", "dang-bai.txt") > 0);
	free(dir);
}

TT(telex_residue_is_understood)
{
	char *dir = trap_library();
	RANK(dir, "thuyr sanr", "thuy-cu.txt", 1);
	RANK(dir, "ddangr uyr", "dang-uy.txt", 1);
	free(dir);
}
