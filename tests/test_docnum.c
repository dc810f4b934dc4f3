/* test_docnum.c — document numbers and type words (vn/docnum.h): the printed
 * forms of VIETNAMESE.md §1.4, the typed forms of §6.3, the numbers read off
 * the real corpus (shared/corpus-real/truth.jsonl), and hostile input. */
#include "tt.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../common/tv.h"
#include "../vn/docnum.h"

static int parse(const char *s, dn_number *n)
{
	return dn_parse(s, strlen(s), n);
}
static int query(const char *s, dn_number *n)
{
	return dn_parse_query(s, strlen(s), n);
}

/* Keys of a number given as printed (dn_parse) or typed (dn_parse_query). */
static void keys_of(const char *s, tv_strv *k)
{
	dn_number n;
	if (parse(s, &n) || query(s, &n)) dn_keys(&n, k);
}

/* 1 if the most specific key of what a user typed is among a document's keys. */
static int meets(const char *typed, const char *printed)
{
	tv_strv q = TV_STRV_INIT, d = TV_STRV_INIT;
	keys_of(typed, &q);
	keys_of(printed, &d);
	int hit = q.n && tv_strv_contains(&d, q.v[0]);
	tv_strv_free(&q);
	tv_strv_free(&d);
	return hit;
}

/* ---- parsing one number -------------------------------------------------- */

TT(number_with_spaces_around_hyphen)
{
	dn_number n;
	TT_ASSERT(parse("Số 598 -CV/ĐUK", &n));
	TT_STREQ(n.canon, "598-CV/ĐUK");
	TT_STREQ(n.serial, "598");
	TT_STREQ(n.type, "CV");
	TT_STREQ(n.issuer, "ĐUK");
	TT_INTEQ(n.party, 1);
	TT_INTEQ(n.year, 0);
	TT_ASSERT(parse("Số: 38 - HD/BTCTW", &n));
	TT_STREQ(n.canon, "38-HD/BTCTW");
	TT_ASSERT(parse("Số 94- KH/BTGDVTW", &n));
	TT_STREQ(n.canon, "94-KH/BTGDVTW");
	TT_ASSERT(parse("367 - QĐ/TWĐTN-VP", &n));
	TT_STREQ(n.canon, "367-QĐ/TWĐTN-VP");
	TT_STREQ(n.issuer, "TWĐTN-VP");
}

TT(number_with_spaces_before_slash_and_year)
{
	dn_number n;
	TT_ASSERT(parse("3   /2025/QĐ-UBND", &n));
	TT_STREQ(n.canon, "3/2025/QĐ-UBND");
	TT_STREQ(n.serial, "3");
	TT_INTEQ(n.year, 2025);
	TT_STREQ(n.type, "QĐ");
	TT_STREQ(n.issuer, "UBND");
	TT_INTEQ(n.party, 0);
}

TT(normative_number_parts)
{
	dn_number n;
	TT_ASSERT(parse("15/2020/NĐ-CP", &n));
	TT_STREQ(n.canon, "15/2020/NĐ-CP");
	TT_INTEQ(n.year, 2020);
	TT_STREQ(n.type, "NĐ");
	TT_STREQ(n.issuer, "CP");
	TT_ASSERT(parse("01/2016/TTLT-TANDTC-VKSNDTC-BTP", &n));
	TT_STREQ(n.canon, "01/2016/TTLT-TANDTC-VKSNDTC-BTP");
	TT_STREQ(n.serial, "1");
	TT_STREQ(n.type, "TTLT");
	TT_STREQ(n.issuer, "TANDTC-VKSNDTC-BTP");
	/* a law carries no type code: QH13 is the issuer */
	TT_ASSERT(parse("Luật số 77/2015/QH13" + strlen("Luật số "), &n));
	TT_STREQ(n.type, "");
	TT_STREQ(n.issuer, "QH13");
	TT_INTEQ(n.year, 2015);
}

TT(serial_keeps_letter_suffix)
{
	dn_number n;
	TT_ASSERT(parse("30c/NQ-CP", &n));
	TT_STREQ(n.canon, "30c/NQ-CP");
	TT_STREQ(n.serial, "30c");
	TT_STREQ(n.type, "NQ");
}

TT(issuer_with_ampersand)
{
	dn_number n;
	TT_ASSERT(parse("Số: 04/TB-KT&ĐBCL", &n));
	TT_STREQ(n.canon, "04/TB-KT&ĐBCL");
	TT_STREQ(n.serial, "4");
	TT_STREQ(n.type, "TB");
	TT_STREQ(n.issuer, "KT&ĐBCL");
}

TT(hyphen_and_slash_lookalikes)
{
	dn_number n;
	const char *forms[] = {"05–CT/TW", "05 — CT/TW", "05‐CT/TW", "05 − CT ⁄ TW", "05-CT∕TW"};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		TT_ASSERT(parse(forms[i], &n));
		TT_STREQ(n.canon, "05-CT/TW");
		TT_INTEQ(n.party, 1);
	}
	TT_ASSERT(parse("4532/UBND– KSTTHC", &n));
	TT_STREQ(n.canon, "4532/UBND-KSTTHC");
}

TT(serial_drops_leading_zeros)
{
	dn_number n;
	TT_ASSERT(parse("05-CT/TW", &n));
	TT_STREQ(n.serial, "5");
	TT_STREQ(n.canon, "05-CT/TW");
	TT_ASSERT(parse("0010/QĐ-UBND", &n));
	TT_STREQ(n.serial, "10");
	/* zero numbers nothing */
	TT_CHECK(!parse("0/QĐ-UBND", &n));
	TT_CHECK(!parse("00-CT/TW", &n));
}

TT(state_and_old_separators_kept)
{
	dn_number n;
	TT_ASSERT(parse("SỐ:  144 /2002/QĐ/BTC", &n));
	TT_STREQ(n.canon, "144/2002/QĐ/BTC");
	TT_STREQ(n.type, "QĐ");
	TT_STREQ(n.issuer, "BTC");
	TT_ASSERT(parse("10/2007/QĐ_BKHCN", &n));
	TT_STREQ(n.canon, "10/2007/QĐ_BKHCN");
	TT_STREQ(n.issuer, "BKHCN");
	/* công văn: no type code, the first group is the issuer */
	TT_ASSERT(parse("8151/BNV-CCHC", &n));
	TT_STREQ(n.type, "");
	TT_STREQ(n.issuer, "BNV-CCHC");
	TT_ASSERT(parse("05/CT-TW", &n));
	TT_STREQ(n.type, "CT");
	TT_STREQ(n.issuer, "TW");
	TT_INTEQ(n.party, 0);
}

TT(case_significant_type_codes)
{
	dn_number n;
	TT_ASSERT(parse("08-QĐi/TW", &n));
	TT_STREQ(n.type, "QĐi");
	TT_ASSERT(parse("12-CTr/TU", &n));
	TT_STREQ(n.type, "CTr");
	TT_ASSERT(parse("12-CTR/TU", &n));
	TT_STREQ(n.type, "CTr");
	TT_ASSERT(parse("21/TTr-SNN", &n));
	TT_STREQ(n.type, "TTr");
	TT_ASSERT(parse("18/2020/QĐ-TTg", &n));
	TT_STREQ(n.issuer, "TTg");
}

TT(latin_eth_read_as_d_stroke)
{
	dn_number n;
	TT_ASSERT(parse("Số: 1520/Q\xC3\x90-UBND", &n)); /* U+00D0 from CP1258 read as 1252 */
	TT_STREQ(n.canon, "1520/QĐ-UBND");
	TT_STREQ(n.type, "QĐ");
}

TT(lower_case_number_upcased)
{
	dn_number n;
	TT_ASSERT(parse("05-ct/tw", &n));
	TT_STREQ(n.canon, "05-CT/TW");
	TT_STREQ(n.type, "CT");
	TT_ASSERT(parse("số 15/2020/nđ-cp", &n));
	TT_STREQ(n.canon, "15/2020/NĐ-CP");
}

TT(party_number_without_hyphen_and_suffix)
{
	dn_number n;
	TT_ASSERT(parse("84 QĐ/TWĐTN", &n));
	TT_STREQ(n.canon, "84-QĐ/TWĐTN");
	TT_INTEQ(n.party, 1);
	TT_ASSERT(parse("2587-CV/VPTW/nb", &n));
	TT_STREQ(n.canon, "2587-CV/VPTW/nb");
	TT_STREQ(n.issuer, "VPTW");
}

TT(blank_and_malformed_numbers_rejected)
{
	dn_number n;
	TT_CHECK(!parse("Số:         /TB-ĐT", &n));
	TT_CHECK(!parse("", &n));
	TT_CHECK(!dn_parse(NULL, 0, &n));
	TT_CHECK(!parse("18/4/2022", &n));
	TT_CHECK(!parse("2021", &n));
	TT_CHECK(!parse("123456/QĐ-UBND", &n)); /* six digits */
	TT_CHECK(!parse("05-/TW", &n));
	TT_CHECK(!parse("05-CT/", &n));
	TT_CHECK(!parse("nghị quyết", &n));
	TT_CHECK(!parse("Số 05-CT/TWĐTNQWERTYUIOPASDFGHJKLZXC", &n)); /* issuer too long */
}

TT(canon_parses_back_to_itself)
{
	const char *forms[] = {"Số 598 -CV/ĐUK",  "3   /2025/QĐ-UBND", "30c/NQ-CP",
	                       "04/TB-KT&ĐBCL",   "05 — CT/TW",        "84 QĐ/TWĐTN",
	                       "2587-CV/VPTW/nb", "1330/QĐ-CT.UB"};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		dn_number a, b;
		TT_ASSERT(parse(forms[i], &a));
		TT_ASSERT(parse(a.canon, &b));
		TT_STREQ(b.canon, a.canon);
		TT_STREQ(b.serial, a.serial);
		TT_STREQ(b.type, a.type);
		TT_STREQ(b.issuer, a.issuer);
		TT_INTEQ(b.year, a.year);
	}
}

/* ---- finding numbers in running text --------------------------------------- */

static size_t find(const char *s, dn_number **out)
{
	return dn_find_all(s, strlen(s), out);
}

TT(find_numbers_in_running_text)
{
	const char *s = "Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, Nghị định "
	                "số 30/2020/NĐ-CP và Công văn 598-CV/ĐUK; Quyết định số 1520/QĐ-UBND.";
	dn_number *a;
	size_t n = find(s, &a);
	TT_INTEQ(n, 4);
	if (n == 4) {
		TT_STREQ(a[0].canon, "05-CT/TW");
		TT_STREQ(a[1].canon, "30/2020/NĐ-CP");
		TT_STREQ(a[2].canon, "598-CV/ĐUK");
		TT_STREQ(a[3].canon,
		         "1520/QĐ-UBND"); /* the sentence's full stop is not the issuer's */
		TT_INTEQ(a[0].off, strstr(s, "05-CT") - s);
		TT_INTEQ(a[0].len, strlen("05-CT/TW"));
		TT_INTEQ(a[3].len, strlen("1520/QĐ-UBND"));
	}
	free(a);
}

TT(find_skips_dates_ratios_phones_and_articles)
{
	const char *s =
	    "Điều 5 khoản 2; năm 2021; tỷ lệ 3/4 và 2/3; gọi 0912-345-678 hoặc "
	    "(028) 3822 1234; ngày 18/4/2022, ngày 01-10-1997; giai đoạn 2021-2025; "
	    "phòng 305/A; 5/Ban chỉ đạo; 12/CT; Covid-19/WHO; 2.689/QĐ-X; F0/F1; 4G/LTE";
	dn_number *a;
	size_t n = find(s, &a);
	TT_INTEQ(n, 0);
	for (size_t i = 0; i < n; i++) TT_STREQ(a[i].canon, "(none expected)");
	free(a);
}

TT(find_drops_trailing_words_after_hyphen)
{
	const char *s = "theo Quyết định số 1520/QĐ-UBND - Ban Tổ chức và 347/UBND - Văn phòng";
	dn_number *a;
	size_t n = find(s, &a);
	TT_INTEQ(n, 2);
	if (n == 2) {
		TT_STREQ(a[0].canon, "1520/QĐ-UBND");
		TT_STREQ(a[0].issuer, "UBND");
		TT_STREQ(a[1].canon, "347/UBND");
		TT_INTEQ(a[1].len, 8);
	}
	free(a);
}

TT(find_numbers_in_seed_letter)
{
	/* the real letter 598-CV/ĐUK, as shipped with the corpus generator */
	char *text = NULL;
	size_t len = 0;
	TT_ASSERT(tv_read_file("corpus/gen/seeds/000-cong-van-598-CV-DUK.seed", 1 << 20, &text,
	                       &len, NULL) == TV_OK);
	dn_number *a;
	size_t n = dn_find_all(text, len, &a);
	TT_INTEQ(n, 2);
	if (n == 2) {
		TT_STREQ(a[0].canon, "598-CV/ĐUK");
		TT_STREQ(a[1].canon, "2044-CV/TU");
	}
	free(a);
	free(text);
}

TT(find_empty_and_null)
{
	dn_number *a = (dn_number *)1;
	TT_INTEQ(dn_find_all("", 0, &a), 0);
	TT_CHECK(a == NULL);
	TT_INTEQ(dn_find_all(NULL, 10, &a), 0);
	TT_INTEQ(find("không có số nào", &a), 0);
	free(a);
}

TT(find_survives_long_digit_runs)
{
	tv_buf b = TV_BUF_INIT;
	for (int i = 0; i < 10000; i++) tv_buf_putc(&b, (char)('0' + i % 10));
	tv_buf_puts(&b, "/QĐ-UBND and 12");
	for (int i = 0; i < 10000; i++) tv_buf_putc(&b, ' ');
	tv_buf_puts(&b, "/QĐ-UBND ");
	for (int i = 0; i < 5000; i++) tv_buf_puts(&b, "1-");
	tv_buf_puts(&b, " Số 05-CT/TW");
	dn_number *a;
	double t = tv_now();
	size_t n = dn_find_all(b.s, b.len, &a);
	t = tv_now() - t;
	/* the 10,000-digit run is not a number; 12 + 10,000 spaces + /QĐ-UBND is one
	 * (spaces are tolerated) */
	TT_INTEQ(n, 2);
	if (n == 2) {
		TT_STREQ(a[0].canon, "12/QĐ-UBND");
		TT_STREQ(a[1].canon, "05-CT/TW");
	}
	TT_CHECK(t < 1.0);
	free(a);
	tv_buf_free(&b);
}

TT(find_is_linear_on_large_text)
{
	tv_buf b = TV_BUF_INIT;
	for (int i = 0; i < 20000; i++)
		tv_buf_puts(&b, "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020, 1 2 3 - / ");
	dn_number *a;
	double t = tv_now();
	size_t n = dn_find_all(b.s, b.len, &a);
	t = tv_now() - t;
	TT_INTEQ(n, 20000);
	TT_CHECK(t < 2.0); /* ~1.3 MB */
	free(a);
	tv_buf_free(&b);
}

TT(find_with_bad_utf8_keeps_offsets)
{
	const char s[] = "r\xFF\xFE"
	                 "c \xC3 Chỉ thị số 05-CT/TW \xED\xA0\x80 và 15/2020/NĐ-CP\xC0";
	dn_number *a;
	size_t n = dn_find_all(s, sizeof s - 1, &a);
	TT_INTEQ(n, 2);
	if (n == 2) {
		TT_STREQ(a[0].canon, "05-CT/TW");
		TT_CHECK(memcmp(s + a[0].off, "05-CT/TW", a[0].len) == 0);
		TT_STREQ(a[1].canon, "15/2020/NĐ-CP");
		TT_CHECK(memcmp(s + a[1].off, "15/2020/NĐ-CP", a[1].len) == 0);
	}
	free(a);
	dn_number one;
	TT_CHECK(dn_parse("05-CT/TW\xFF", 9, &one));
	TT_CHECK(!dn_parse("\xFF\xFF", 2, &one));
}

TT(find_ignores_nul_bytes_and_stops_at_lines)
{
	const char s[] = "a\0b 598-CV/\nĐUK 05-CT/TW";
	dn_number *a;
	size_t n = dn_find_all(s, sizeof s - 1, &a);
	TT_INTEQ(n, 1);
	if (n == 1) TT_STREQ(a[0].canon, "05-CT/TW");
	free(a);
}

static void *find_worker(void *arg)
{
	const char *s = arg;
	size_t total = 0;
	for (int i = 0; i < 200; i++) {
		dn_number *a;
		total += dn_find_all(s, strlen(s), &a);
		free(a);
	}
	return (void *)total;
}

TT(find_from_many_threads_at_once)
{
	const char *s = "Chỉ thị số 05-CT/TW, Nghị định 30/2020/NĐ-CP, Công văn 598-CV/ĐUK";
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		TT_ASSERT(pthread_create(&th[i], NULL, find_worker, (void *)s) == 0);
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(th[i], &r);
		TT_INTEQ((size_t)r, 600);
	}
}

/* ---- keys ------------------------------------------------------------------- */

TT(keys_party_number)
{
	tv_strv k = TV_STRV_INIT;
	keys_of("05-CT/TW", &k);
	TT_ASSERT(k.n >= 2);
	TT_STREQ(k.v[0], "5.CT.TW");
	TT_STREQ(k.v[1], "CT.5");
	tv_strv_free(&k);
}

TT(keys_decree)
{
	tv_strv k = TV_STRV_INIT;
	keys_of("15/2020/NĐ-CP", &k);
	TT_ASSERT(k.n >= 3);
	TT_STREQ(k.v[0], "15.2020.ND.CP");
	TT_STREQ(k.v[1], "ND.15.2020");
	TT_STREQ(k.v[2], "ND.15");
	tv_strv_free(&k);
}

TT(keys_are_folded_ascii_upper)
{
	tv_strv k = TV_STRV_INIT;
	keys_of("04/TB-KT&ĐBCL", &k);
	TT_ASSERT(k.n >= 1);
	TT_STREQ(k.v[0], "4.TB.KT&DBCL");
	tv_strv_free(&k);
	keys_of("30c/NQ-CP", &k);
	TT_CHECK(tv_strv_contains(&k, "NQ.30C"));
	tv_strv_free(&k);
	/* CTr is not CT */
	keys_of("12-CTr/TU", &k);
	TT_CHECK(tv_strv_contains(&k, "CTR.12"));
	TT_CHECK(!tv_strv_contains(&k, "CT.12"));
	tv_strv_free(&k);
	for (size_t i = 0; i < 1; i++) {
		keys_of("598-CV/ĐUK", &k);
		for (size_t j = 0; j < k.n; j++)
			for (const char *p = k.v[j]; *p; p++)
				TT_CHECK((unsigned char)*p < 0x80 && !(*p >= 'a' && *p <= 'z'));
		tv_strv_free(&k);
	}
}

TT(keys_of_all_styles_meet)
{
	const char *typed[] = {"05-CT/TW",
	                       "05/CT-TW",
	                       "05/CT/TW",
	                       "5-ct/tw",
	                       "CT05",
	                       "ct05",
	                       "CT 05",
	                       "ct 05",
	                       "CT-05",
	                       "05CT",
	                       "chỉ thị 05",
	                       "chi thi 05",
	                       "chỉ thị số 05",
	                       "chi thi so 05",
	                       "CHỈ THỊ 05",
	                       "CT 05/TW",
	                       "chi thi so 05-CT/TW"};
	for (size_t i = 0; i < sizeof typed / sizeof *typed; i++) {
		tv_strv k = TV_STRV_INIT;
		keys_of(typed[i], &k);
		if (!tv_strv_contains(&k, "CT.5"))
			tt_fail(__FILE__, __LINE__, "%s: no CT.5", typed[i]);
		tv_strv_free(&k);
		if (!meets(typed[i], "Số 05-CT/TW"))
			tt_fail(__FILE__, __LINE__, "%s does not meet 05-CT/TW", typed[i]);
	}
	const char *decree[] = {"nđ 15/2020",
	                        "ND 15/2020",
	                        "15/2020/ND-CP",
	                        "nghị định 15/2020",
	                        "nghi dinh 15 2020",
	                        "nghị định số 15/2020/NĐ-CP",
	                        "ND15",
	                        "nghị định 15"};
	for (size_t i = 0; i < sizeof decree / sizeof *decree; i++) {
		tv_strv k = TV_STRV_INIT;
		keys_of(decree[i], &k);
		if (!tv_strv_contains(&k, "ND.15"))
			tt_fail(__FILE__, __LINE__, "%s: no ND.15", decree[i]);
		tv_strv_free(&k);
		if (!meets(decree[i], "15/2020/NĐ-CP"))
			tt_fail(__FILE__, __LINE__, "%s does not meet 15/2020/NĐ-CP", decree[i]);
	}
	TT_CHECK(meets("công văn 598", "Số 598 -CV/ĐUK"));
	TT_CHECK(meets("cong van so 598", "Số 598 -CV/ĐUK"));
	TT_CHECK(meets("598 CV DUK", "Số 598 -CV/ĐUK"));
	TT_CHECK(meets("QĐ 1520", "Số: 1520/QĐ-UBND"));
	TT_CHECK(meets("qd 1520 ubnd", "Số: 1520/QĐ-UBND"));
	TT_CHECK(meets("qd 1520 ubnd", "1520/2019/QĐ-UBND"));
	TT_CHECK(meets("TT 01/2011", "01/2011/TT-BNV"));
	TT_CHECK(meets("thông tư 01", "01/2011/TT-BNV"));
	TT_CHECK(meets("công văn 8151", "8151/BNV-CCHC"));
	/* different numbers stay apart */
	TT_CHECK(!meets("CT 06", "05-CT/TW"));
	TT_CHECK(!meets("NQ 05", "05-CT/TW"));
	TT_CHECK(!meets("nđ 15/2021", "15/2020/NĐ-CP"));
	TT_CHECK(!meets("CTr 5", "05-CT/TW"));
	TT_CHECK(!meets("598 CV DUK", "598-CV/TU"));
}

TT(keys_party_quy_dinh_meets_typed_quy_dinh)
{
	TT_CHECK(meets("quy định 294", "Số 294-QĐ/TW"));
	TT_CHECK(meets("quy dinh 8", "08-QĐi/TW"));
	tv_strv k = TV_STRV_INIT;
	keys_of("08-QĐi/TW", &k);
	TT_CHECK(tv_strv_contains(&k, "QDI.8"));
	TT_CHECK(tv_strv_contains(&k, "8.QDI.TW"));
	tv_strv_free(&k);
}

TT(keys_of_empty_number)
{
	dn_number n;
	memset(&n, 0, sizeof n);
	tv_strv k = TV_STRV_INIT;
	dn_keys(&n, &k);
	TT_INTEQ(k.n, 0);
	dn_keys(NULL, &k);
	TT_INTEQ(k.n, 0);
}

/* ---- queries -------------------------------------------------------------- */

static void expect_query(const char *s, const char *type, const char *serial, int year,
                         const char *span, int line)
{
	dn_number n;
	if (!query(s, &n)) {
		tt_fail(__FILE__, line, "\"%s\" not recognised", s);
		return;
	}
	if (strcmp(n.type, type) || strcmp(n.serial, serial) || n.year != year)
		tt_fail(__FILE__, line, "\"%s\": got %s %s %d, want %s %s %d", s, n.type, n.serial,
		        n.year, type, serial, year);
	if (n.len != strlen(span) || n.off > strlen(s) || memcmp(s + n.off, span, n.len))
		tt_fail(__FILE__, line, "\"%s\": span \"%.*s\", want \"%s\"", s, (int)n.len,
		        s + n.off, span);
}
#define EXPECT_Q(s, t, ser, y, span) expect_query(s, t, ser, y, span, __LINE__)

TT(query_typed_forms)
{
	EXPECT_Q("05-CT/TW", "CT", "5", 0, "05-CT/TW");
	EXPECT_Q("05/CT-TW", "CT", "5", 0, "05/CT-TW");
	EXPECT_Q("CT05", "CT", "5", 0, "CT05");
	EXPECT_Q("ct 05", "CT", "5", 0, "ct 05");
	EXPECT_Q("chỉ thị 05", "CT", "5", 0, "chỉ thị 05");
	EXPECT_Q("chi thi 05", "CT", "5", 0, "chi thi 05");
	EXPECT_Q("chi thi so 05", "CT", "5", 0, "chi thi so 05");
	EXPECT_Q("công văn 598", "CV", "598", 0, "công văn 598");
	EXPECT_Q("cong van so 598", "CV", "598", 0, "cong van so 598");
	EXPECT_Q("nghị định 15/2020", "NĐ", "15", 2020, "nghị định 15/2020");
	EXPECT_Q("QĐ 1520", "QĐ", "1520", 0, "QĐ 1520");
	EXPECT_Q("nđ 15/2020", "NĐ", "15", 2020, "nđ 15/2020");
	EXPECT_Q("nghi dinh 15 2020", "NĐ", "15", 2020, "nghi dinh 15 2020");
	EXPECT_Q("NQ 18/2022", "NQ", "18", 2022, "NQ 18/2022");
	EXPECT_Q("ND15", "NĐ", "15", 0, "ND15");
	EXPECT_Q("Kết luận số 01", "KL", "1", 0, "Kết luận số 01");
	EXPECT_Q("tờ trình 66", "TTr", "66", 0, "tờ trình 66");
	EXPECT_Q("hd 36", "HD", "36", 0, "hd 36");
}

TT(query_span_inside_longer_text)
{
	EXPECT_Q("tìm chỉ thị số 05 về học tập", "CT", "5", 0, "chỉ thị số 05");
	EXPECT_Q("văn bản chi thi so 05-CT/TW ve hoc tap", "CT", "5", 0, "chi thi so 05-CT/TW");
	EXPECT_Q("nghi quyet 18 khoa XII", "NQ", "18", 0, "nghi quyet 18");
	EXPECT_Q("qd 1520 ubnd tinh", "QĐ", "1520", 0, "qd 1520 ubnd");
	dn_number n;
	TT_ASSERT(query("qd 1520 ubnd", &n));
	TT_STREQ(n.issuer, "UBND");
	TT_ASSERT(query("CT 05/TW", &n));
	TT_STREQ(n.issuer, "TW");
	TT_STREQ(n.type, "CT");
	TT_INTEQ(n.len, 8);
}

TT(query_ordinary_words_do_not_fire)
{
	const char *plain[] = {"nâng cao tinh thần",
	                       "năm 2020",
	                       "học tập",
	                       "",
	                       "nghị quyết trung ương 4",
	                       "Điều 5",
	                       "kế hoạch 2021",
	                       "báo cáo năm 2020",
	                       "so 05",
	                       "2020 ct",
	                       "thông báo kết quả",
	                       "chỉ thị",
	                       "15/5/2016",
	                       "3/4",
	                       "0912-345-678",
	                       "2021-2025",
	                       "tỉnh ủy 5 tu"};
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
		dn_number n;
		if (query(plain[i], &n))
			tt_fail(__FILE__, __LINE__, "\"%s\" read as %s %s", plain[i], n.type,
			        n.serial);
	}
}

TT(query_hostile_input)
{
	dn_number n;
	TT_CHECK(!dn_parse_query(NULL, 5, &n));
	TT_CHECK(!query("ct 123456", &n)); /* six digits is no serial */
	TT_CHECK(!query("ct 0", &n));
	TT_CHECK(!query("\xFF\xFE\xC3", &n));
	/* bad bytes around a real form: still found, offsets in the input */
	const char s[] = "\xFF chỉ thị 05 \xC3";
	TT_ASSERT(dn_parse_query(s, sizeof s - 1, &n));
	TT_STREQ(n.type, "CT");
	TT_CHECK(memcmp(s + n.off, "chỉ thị 05", n.len) == 0);
	/* a 10,000-character line of words, then a number */
	tv_buf b = TV_BUF_INIT;
	for (int i = 0; i < 2500; i++) tv_buf_puts(&b, "abc ");
	tv_buf_puts(&b, "ct 05");
	TT_ASSERT(dn_parse_query(b.s, b.len, &n));
	TT_STREQ(n.serial, "5");
	TT_INTEQ(n.off, 10000);
	tv_buf_clear(&b);
	for (int i = 0; i < 10000; i++) tv_buf_putc(&b, (char)('1' + i % 9));
	TT_CHECK(!dn_parse_query(b.s, b.len, &n));
	tv_buf_clear(&b);
	for (int i = 0; i < 10000; i++) tv_buf_putc(&b, 'x');
	TT_CHECK(!dn_parse_query(b.s, b.len, &n));
	TT_CHECK(!dn_parse(b.s, b.len, &n));
	tv_buf_free(&b);
}

/* ---- type words ------------------------------------------------------------ */

static const char *tc(const char *w)
{
	return dn_type_code(w, strlen(w));
}

TT(type_code_from_words_any_case_with_or_without_marks)
{
	TT_STREQ(tc("NGHỊ QUYẾT"), "NQ");
	TT_STREQ(tc("Nghị quyết"), "NQ");
	TT_STREQ(tc("nghi quyet"), "NQ");
	TT_STREQ(tc("Chỉ thị"), "CT");
	TT_STREQ(tc("chi thi"), "CT");
	TT_STREQ(tc("CHI THI"), "CT");
	TT_STREQ(tc("công văn"), "CV");
	TT_STREQ(tc("kế hoạch"), "KH");
	TT_STREQ(tc("KẾ HOẠCH"), "KH");
	TT_STREQ(tc("hướng dẫn"), "HD");
	TT_STREQ(tc("quyết định"), "QĐ");
	TT_STREQ(tc("QUYẾT ĐỊNH"), "QĐ");
	TT_STREQ(tc("thông báo"), "TB");
	TT_STREQ(tc("báo cáo"), "BC");
	TT_STREQ(tc("tờ trình"), "TTr");
	TT_STREQ(tc("chương trình"), "CTr");
	TT_STREQ(tc("quy định"), "QĐi");
	TT_STREQ(tc("kết luận"), "KL");
	TT_STREQ(tc("nghị định"), "NĐ");
	TT_STREQ(tc("thông tư"), "TT");
	TT_STREQ(tc("thông tri"), "TT");
	TT_STREQ(tc("Thông tư liên tịch"), "TTLT");
	TT_STREQ(tc("quy chế"), "QC");
	TT_STREQ(tc("đề án"), "ĐA");
	TT_STREQ(tc("dự án"), "DA");
	TT_STREQ(tc("  Nghị   quyết "), "NQ");
	TT_CHECK(tc("nâng cao") == NULL);
	TT_CHECK(tc("") == NULL);
	TT_CHECK(tc("NQ") == NULL);
	TT_CHECK(dn_type_code(NULL, 3) == NULL);
	TT_CHECK(tc("\xFF\xFE") == NULL);
	tv_buf b = TV_BUF_INIT;
	for (int i = 0; i < 10000; i++) tv_buf_puts(&b, "a");
	TT_CHECK(dn_type_code(b.s, b.len) == NULL);
	tv_buf_free(&b);
}

TT(type_name_from_code)
{
	TT_STREQ(dn_type_name("CT"), "Chỉ thị");
	TT_STREQ(dn_type_name("NQ"), "Nghị quyết");
	TT_STREQ(dn_type_name("QĐ"), "Quyết định");
	TT_STREQ(dn_type_name("QĐi"), "Quy định");
	TT_STREQ(dn_type_name("NĐ"), "Nghị định");
	TT_STREQ(dn_type_name("ND"), "Nghị định"); /* typed without Đ */
	TT_STREQ(dn_type_name("HD"), "Hướng dẫn"); /* HD is not HĐ */
	TT_STREQ(dn_type_name("HĐ"), "Hợp đồng");
	TT_STREQ(dn_type_name("TTr"), "Tờ trình");
	TT_STREQ(dn_type_name("CTr"), "Chương trình");
	TT_STREQ(dn_type_name("cv"), "Công văn");
	TT_CHECK(dn_type_name("XYZ") == NULL);
	TT_CHECK(dn_type_name("") == NULL);
	TT_CHECK(dn_type_name(NULL) == NULL);
	/* round trip for every name a heading prints */
	const char *names[] = {"Nghị quyết", "Chỉ thị",   "Kết luận", "Hướng dẫn", "Kế hoạch",
	                       "Công văn",   "Thông báo", "Báo cáo",  "Tờ trình",  "Nghị định"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		TT_STREQ(dn_type_name(tc(names[i])), names[i]);
}

/* ---- the real corpus ------------------------------------------------------- */

/* Every number of shared/corpus-real/truth.jsonl, as printed (the document's
 * own, annotations such as "(number handwritten)" removed) and as cited; each
 * must read to the "number" field. */
static const struct {
	const char *file, *printed, *number;
} truth[] = {
    {"v01.pdf", "Số: 04/TB-KT&ĐBCL", "04/TB-KT&ĐBCL"},
    {"v01.pdf", "214/QĐ-CĐCNTT", "214/QĐ-CĐCNTT"},
    {"v01.pdf", "03/KH-KT&ĐBCL", "03/KH-KT&ĐBCL"},
    {"v02.pdf", "Số: 46/KH-KHMT", "46/KH-KHMT"},
    {"v03.pdf", "Số: 64/HD-KT&ĐBCL", "64/HD-KT&ĐBCL"},
    {"v04.pdf", "Số: 79 /TB-ĐT", "79/TB-ĐT"},
    {"v06.pdf", "Số: 40 /TB-CTSV", "40/TB-CTSV"},
    {"v06.pdf", "347/UBND", "347/UBND"},
    {"v07.pdf", "Số: 331 /TB-ĐHVH", "331/TB-ĐHVH"},
    {"v07.pdf", "752/ĐHĐN-HSSV", "752/ĐHĐN-HSSV"},
    {"v08.pdf", "Số: 352 /TB-ĐHVH", "352/TB-ĐHVH"},
    {"v10.pdf", "Số: 82 /TB-ĐHVH", "82/TB-ĐHVH"},
    {"l01.doc", "SỐ:  144 /2002/QĐ/BTC", "144/2002/QĐ/BTC"},
    {"l01.doc", "86/2002/NĐ-CP", "86/2002/NĐ-CP"},
    {"l01.doc", "178/CP", "178/CP"},
    {"l01.doc", "63/NQ-UBTVQH10", "63/NQ-UBTVQH10"},
    {"l01.doc", "94/1998/NĐ-CP", "94/1998/NĐ-CP"},
    {"l01.doc", "04/1998/QH10", "04/1998/QH10"},
    {"l01.doc", "147/2002/QĐ-TTg", "147/2002/QĐ-TTg"},
    {"l01.doc", "5110/VPCP-KTTH", "5110/VPCP-KTTH"},
    {"l01.doc", "5521/VPCP-KTTH", "5521/VPCP-KTTH"},
    {"l01.doc", "1803/1998/QĐ/BTC", "1803/1998/QĐ/BTC"},
    {"l01.doc", "137/2001/QĐ/BTC", "137/2001/QĐ/BTC"},
    {"l02.doc", "SỐ: 28 /2003/NĐ-CP", "28/2003/NĐ-CP"},
    {"l02.doc", "12/1999/PL-UBTVQH10", "12/1999/PL-UBTVQH10"},
    {"l02.doc", "09/2002/QH11", "09/2002/QH11"},
    {"l03.doc", "Số:  256 /2004/QĐ-UB", "256/2004/QĐ-UB"},
    {"l03.doc", "136/2001/QĐ-TTg", "136/2001/QĐ-TTg"},
    {"l03.doc", "06-KL/TU", "06-KL/TU"},
    {"l03.doc", "181/2003/QĐ-TTg", "181/2003/QĐ-TTg"},
    {"l03.doc", "38/CP", "38/CP"},
    {"l03.doc", "16/2000/NQ-CP", "16/2000/NQ-CP"},
    {"l03.doc", "10/2002/NĐ-CP", "10/2002/NĐ-CP"},
    {"l03.doc", "27/2003/QĐ-TTg", "27/2003/QĐ-TTg"},
    {"l03.doc", "09/2003/NQ-CP", "09/2003/NQ-CP"},
    {"l03.doc", "60/2003/TTLT-BNV-BTC", "60/2003/TTLT-BNV-BTC"},
    {"l03.doc", "192/2001/QĐ-TTg", "192/2001/QĐ-TTg"},
    {"l03.doc", "60/QĐ-TTg", "60/QĐ-TTg"},
    {"l03.doc", "1330/QĐ-CT.UB", "1330/QĐ-CT.UB"},
    {"l03.doc", "32/1999/CT-TTg", "32/1999/CT-TTg"},
    {"l03.doc", "74/QĐ-TTg", "74/QĐ-TTg"},
    {"l03.doc", "11/1998/QĐ-TC.CCVC", "11/1998/QĐ-TC.CCVC"},
    {"l03.doc", "192/2002/QĐ-TTg", "192/2002/QĐ-TTg"},
    {"l03.doc", "10/NĐ-CP", "10/NĐ-CP"},
    {"l03.doc", "178/2003/QĐ-TTg", "178/2003/QĐ-TTg"},
    {"l04.doc", "Số: 991/QĐ-UBND", "991/QĐ-UBND"},
    {"l04.doc", "186/2006/QĐ-TTg", "186/2006/QĐ-TTg"},
    {"l04.doc", "39/TB-VPCP", "39/TB-VPCP"},
    {"l04.doc", "172/TB-VPCP", "172/TB-VPCP"},
    {"l04.doc", "38/2005/CT-TTg", "38/2005/CT-TTg"},
    {"l04.doc", "11/2007/QĐ-UBND", "11/2007/QĐ-UBND"},
    {"l04.doc", "1927/QĐ-UBND", "1927/QĐ-UBND"},
    {"l04.doc", "66/TTr-SNN", "66/TTr-SNN"},
    {"l05.pdf", "Số : 01/2006/TT-NHNN", "01/2006/TT-NHNN"},
    {"l05.pdf", "193/2001/QĐ-TTg", "193/2001/QĐ-TTg"},
    {"l05.pdf", "115/2004/QĐ-TTg", "115/2004/QĐ-TTg"},
    {"l05.pdf", "40/2005/CT-TTg", "40/2005/CT-TTg"},
    {"l05.pdf", "06/2003/TT-NHNN", "06/2003/TT-NHNN"},
    {"l05.pdf", "02/2003/NQ-CP", "02/2003/NQ-CP"},
    {"l06.pdf", "SỐ: 109/2004/NĐ-CP", "109/2004/NĐ-CP"},
    {"l06.pdf", "37/2003/NĐ-CP", "37/2003/NĐ-CP"},
    {"l06.pdf", "86/2002/NĐ-CP", "86/2002/NĐ-CP"},
    {"l06.pdf", "02/2000/NĐ-CP", "02/2000/NĐ-CP"},
    {"l06.pdf", "05/2000/TTLB-BKH-TCCBCP", "05/2000/TTLB-BKH-TCCBCP"},
    {"h01.doc", "Số: 09/2009/CT-UBND", "09/2009/CT-UBND"},
    {"h01.doc", "05/2008/TTLT-BKHCN-BNV", "05/2008/TTLT-BKHCN-BNV"},
    {"h02.doc", "Số:09/2010/QĐ-UBND", "09/2010/QĐ-UBND"},
    {"h02.doc", "81/2002/NĐ-CP", "81/2002/NĐ-CP"},
    {"h02.doc", "21/2007/QĐ-TTg", "21/2007/QĐ-TTg"},
    {"h02.doc", "10/2007/QĐ_BKHCN", "10/2007/QĐ_BKHCN"},
    {"h03.doc", "Số: 15/2010/QĐ-UBND", "15/2010/QĐ-UBND"},
    {"h03.doc", "97/2008/NĐ-CP", "97/2008/NĐ-CP"},
    {"h03.doc", "05/2008/TT-BTTTT", "05/2008/TT-BTTTT"},
    {"h03.doc", "06/2008/TTLT-BTTTT-BCA", "06/2008/TTLT-BTTTT-BCA"},
    {"h03.doc", "278/STTTT-BCVT", "278/STTTT-BCVT"},
    {"h04.pdf", "Số: 275 /STTTT-CNTT", "275/STTTT-CNTT"},
    {"h04.pdf", "25/KH-STTTT", "25/KH-STTTT"},
    {"h05.pdf", "Số: 4532/UBND- KSTTHC", "4532/UBND-KSTTHC"},
    {"h05.pdf", "30c/NQ-CP", "30c/NQ-CP"},
    {"h05.pdf", "63/2010/NĐ-CP", "63/2010/NĐ-CP"},
    {"h05.pdf", "20/2008/NĐ-CP", "20/2008/NĐ-CP"},
    {"h05.pdf", "6582/VPCP-KSTT", "6582/VPCP-KSTT"},
    {"p01.pdf", "Số 294-QĐ/TW", "294-QĐ/TW"},
};

TT(corpus_numbers_parse_to_truth)
{
	size_t n = sizeof truth / sizeof *truth;
	TT_CHECK(n >= 40);
	for (size_t i = 0; i < n; i++) {
		dn_number d;
		if (!parse(truth[i].printed, &d)) {
			tt_fail(__FILE__, __LINE__, "%s: \"%s\" not parsed", truth[i].file,
			        truth[i].printed);
			continue;
		}
		if (strcmp(d.canon, truth[i].number))
			tt_fail(__FILE__, __LINE__, "%s: \"%s\" → \"%s\", want \"%s\"",
			        truth[i].file, truth[i].printed, d.canon, truth[i].number);
	}
}

TT(corpus_citations_found_in_running_text)
{
	size_t n = sizeof truth / sizeof *truth;
	tv_buf b = TV_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		tv_buf_printf(&b, "Căn cứ văn bản số %s ngày 12/3/2005 của cơ quan; ",
		              truth[i].printed);
	dn_number *a;
	size_t got = dn_find_all(b.s, b.len, &a);
	TT_INTEQ(got, n);
	for (size_t i = 0; i < n && i < got; i++)
		if (strcmp(a[i].canon, truth[i].number))
			tt_fail(__FILE__, __LINE__, "#%zu: found \"%s\", want \"%s\"", i,
			        a[i].canon, truth[i].number);
	free(a);
	tv_buf_free(&b);
}
