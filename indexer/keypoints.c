/* keypoints.c — numbered points of a normative document (keypoints.h).
 *
 * A point starts at a block opening with a marker; its text runs until the
 * next marker of the same or a higher level.  Levels: I. II. (roman) = 1,
 * 1. 2. / Thứ nhất / Một là = 2, a) b) = 3.  Only the highest level that
 * occurs at least twice is reported, so a document numbered 1.–4. gives four
 * points and its a) b) sub-items stay inside them. */
#include "keypoints.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../vn/vn.h"

#define KP_MAX 60
#define KP_LABEL_WORDS 14

static const char *ordinal_words[] = {"thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm",
				      "thứ sáu", "thứ bảy", "thứ tám", "thứ chín", "thứ mười"};
static const char *la_words[] = {"một là", "hai là", "ba là", "bốn là", "năm là",
				 "sáu là", "bảy là", "tám là", "chín là", "mười là"};

/* Length of the marker at the start of s and its level (0 if none). */
static size_t marker(const char *s, int *level)
{
	const char *p = s;
	/* 1.  12.  (not 1.1 which is a sub-number, not dates) */
	if (isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p)) p++;
		if (p - s <= 2 && *p == '.' && (p[1] == ' ' || p[1] == '\t')) {
			*level = 2;
			return (size_t)(p - s + 1);
		}
		return 0;
	}
	/* I.  II.  IV. */
	while (*p == 'I' || *p == 'V' || *p == 'X') p++;
	if (p > s && p - s <= 4 && *p == '.' && p[1] == ' ') {
		*level = 1;
		return (size_t)(p - s + 1);
	}
	/* a)  b)  đ) */
	p = s;
	if (*p >= 'a' && *p <= 'z' && p[1] == ')' && p[2] == ' ') {
		*level = 3;
		return 2;
	}
	if (strncmp(p, "đ) ", 4) == 0) {
		*level = 3;
		return 3;
	}
	/* Thứ nhất, / Một là, */
	char *low = vn_lower(s, strlen(s) < 24 ? strlen(s) : 24);
	for (size_t i = 0; i < 10; i++) {
		const char *w[2] = {ordinal_words[i], la_words[i]};
		for (int k = 0; k < 2; k++) {
			size_t n = strlen(w[k]);
			if (strncmp(low, w[k], n) == 0 && (low[n] == ',' || low[n] == ':' || low[n] == ' ')) {
				free(low);
				*level = 2;
				return n + (s[n] == ',' || s[n] == ':');
			}
		}
	}
	free(low);
	return 0;
}

/* End of the body: the Nơi nhận block or the signature. */
static int ends_body(const char *s)
{
	return strncmp(s, "Nơi nhận", strlen("Nơi nhận")) == 0 ||
	       strncmp(s, "NƠI NHẬN", strlen("NƠI NHẬN")) == 0;
}

/* First clause, at most KP_LABEL_WORDS words, cut at ; : or a sentence end. */
static char *label_of(const char *text)
{
	tv_buf b = TV_BUF_INIT;
	int words = 0, in_word = 0;
	for (const char *p = text; *p; p++) {
		if (*p == ';' || *p == ':' || (*p == '.' && (p[1] == ' ' || !p[1])) || *p == '\n') break;
		if (*p == ' ') {
			if (in_word && ++words >= KP_LABEL_WORDS) {
				tv_buf_puts(&b, " …");
				break;
			}
			in_word = 0;
		} else {
			in_word = 1;
		}
		tv_buf_putc(&b, *p);
	}
	while (b.len && (b.s[b.len - 1] == ',' || b.s[b.len - 1] == ' ')) b.s[--b.len] = '\0';
	return tv_buf_take(&b);
}

typedef struct item {
	size_t block, mlen;
	int level;
} item;

json_t *kp_extract(const tv_doc *d)
{
	json_t *out = json_array();
	item *items = tv_malloc((d->nblocks ? d->nblocks : 1) * sizeof *items);
	size_t n = 0, end = d->nblocks;
	int count[4] = {0};
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_block *b = &d->blocks[i];
		if (b->flags & (DOC_HEADER | DOC_FOOTER | DOC_FOOTNOTE)) continue;
		if (ends_body(b->text)) {
			end = i;
			break;
		}
		int level = 0;
		size_t m = marker(b->text, &level);
		if (!m) continue;
		items[n++] = (item){i, m, level};
		count[level]++;
	}
	int top = 0;
	for (int l = 1; l <= 3 && !top; l++)
		if (count[l] >= 2) top = l;
	for (size_t k = 0; top && k < n && json_array_size(out) < KP_MAX; k++) {
		if (items[k].level != top) continue;
		size_t stop = end;
		for (size_t j = k + 1; j < n; j++)
			if (items[j].level <= top) {
				stop = items[j].block;
				break;
			}
		tv_buf t = TV_BUF_INIT;
		const doc_block *b = &d->blocks[items[k].block];
		const char *first = b->text + items[k].mlen;
		while (*first == ' ' || *first == ',') first++;
		tv_buf_puts(&t, first);
		for (size_t j = items[k].block + 1; j < stop; j++) {
			const doc_block *c = &d->blocks[j];
			if (c->flags & (DOC_HEADER | DOC_FOOTER | DOC_FOOTNOTE)) continue;
			const doc_block *prev = &d->blocks[j - 1];
			tv_buf_puts(&t, (prev->flags & DOC_PARA_END) || strcmp(d->format, "pdf") ? "\n" : " ");
			tv_buf_puts(&t, c->text);
		}
		char *label = label_of(t.s ? t.s : "");
		char mk[16];
		size_t ml = items[k].mlen < sizeof mk - 1 ? items[k].mlen : sizeof mk - 1;
		memcpy(mk, b->text, ml);
		mk[ml] = '\0';
		json_array_append_new(out, json_pack("{s:s, s:i, s:s, s:s}", "marker", mk, "level", top,
						     "label", label, "text", tv_buf_str(&t)));
		free(label);
		tv_buf_free(&t);
	}
	free(items);
	return out;
}
