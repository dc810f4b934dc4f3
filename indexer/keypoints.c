/* keypoints.c — numbered points of a normative document (keypoints.h).
 *
 * A point starts at a block opening with a marker; its text runs until the
 * next marker of the same or a higher level, or an unnumbered heading.
 * Levels: I. II. (roman) = 1, 1. 2. / Thứ nhất / Một là = 2, a) b) = 3.  Only
 * the highest level that occurs at least twice is reported, so a document
 * numbered 1.–4. gives four points and its a) b) sub-items stay inside them.
 * When a section is headed "nhiệm vụ", "giải pháp" (a resolution's "III.
 * NHIỆM VỤ VÀ GIẢI PHÁP"), its numbered items are the points, not the roman
 * sections: the situation and viewpoint sections are context, the tasks are
 * what a member studies.  The closing sentence after the last point ("… đề
 * nghị các chi ủy … thực hiện tốt") is not part of it. */
#include "keypoints.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../vn/vn.h"

#define KP_MAX 60
#define KP_LABEL_WORDS 14

static const char *ordinal_words[] = {"thứ nhất", "thứ hai", "thứ ba",  "thứ tư",   "thứ năm",
                                      "thứ sáu",  "thứ bảy", "thứ tám", "thứ chín", "thứ mười"};
static const char *la_words[] = {"một là", "hai là", "ba là",  "bốn là",  "năm là",
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
			if (strncmp(low, w[k], n) == 0 &&
			    (low[n] == ',' || low[n] == ':' || low[n] == ' ')) {
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
		if (*p == ';' || *p == ':' || (*p == '.' && (p[1] == ' ' || !p[1])) || *p == '\n')
			break;
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
	int level; /* 1 roman, 2 arabic/ordinal, 3 letter; 0 an unnumbered heading (a boundary) */
	int tasks; /* a section headed "nhiệm vụ", "giải pháp" */
} item;

static size_t word_count(const char *s)
{
	size_t n = 0;
	int in = 0;
	for (; *s; s++) {
		int sp = *s == ' ' || *s == '\t' || *s == '\n';
		if (!sp && !in) n++;
		in = !sp;
	}
	return n;
}

/* A section heading that announces the tasks and solutions of the document. */
static int tasks_heading(const char *s)
{
	size_t n = strlen(s) < 200 ? strlen(s) : 200;
	char *f = vn_fold_text(s, n);
	int hit = strstr(f, "nhiem vu") || strstr(f, "giai phap");
	free(f);
	return hit;
}

/* The closing sentence of a letter or plan ("Ban Thường vụ đề nghị các chi ủy
 * … triển khai thực hiện tốt", "Trên đây là …", "Nhận được công văn …") is not
 * part of the last point above it. */
static int closing_sentence(const char *s)
{
	size_t n = strlen(s) < 300 ? strlen(s) : 300;
	char *f = vn_fold_text(s, n);
	static const char *starts[] = {"tren day", "nhan duoc", "noi nhan"};
	static const char *inside[] = {"de nghi cac", "yeu cau cac", "thuc hien tot noi dung",
	                               "trien khai thuc hien tot", "to chuc thuc hien nghiem"};
	int hit = 0;
	for (size_t i = 0; i < sizeof starts / sizeof *starts && !hit; i++)
		hit = strncmp(f, starts[i], strlen(starts[i])) == 0;
	for (size_t i = 0; i < sizeof inside / sizeof *inside && !hit; i++)
		hit = strstr(f, inside[i]) != NULL;
	free(f);
	return hit;
}

/* An unnumbered heading line: a Word/HTML heading, or a short bold or capital
 * line that does not end a sentence. */
static int plain_heading(const doc_block *b)
{
	if (b->flags & DOC_HEADING) return 1;
	if (!(b->flags & (DOC_BOLD | DOC_CAPS)) || (b->flags & DOC_TABLE)) return 0;
	size_t n = strlen(b->text);
	return n && word_count(b->text) <= 12 && b->text[n - 1] != '.' && b->text[n - 1] != ';';
}

static int skipped(const doc_block *b)
{
	return (b->flags & (DOC_HEADER | DOC_FOOTER | DOC_FOOTNOTE)) != 0;
}

static void emit(json_t *out, const tv_doc *d, const item *items, size_t n, size_t k, int top,
                 size_t end, const char *section)
{
	size_t stop = end;
	int last = 1;
	for (size_t j = k + 1; j < n; j++)
		if (items[j].level <= top) {
			stop = items[j].block;
			last = items[j].level == 0 ? 1 : 0;
			break;
		}
	tv_buf t = TV_BUF_INIT;
	const doc_block *b = &d->blocks[items[k].block];
	const char *first = b->text + items[k].mlen;
	while (*first == ' ' || *first == ',' || *first == '\t') first++;
	tv_buf_puts(&t, first);
	for (size_t j = items[k].block + 1; j < stop; j++) {
		const doc_block *c = &d->blocks[j];
		if (skipped(c)) continue;
		if (last && closing_sentence(c->text)) break;
		const doc_block *prev = &d->blocks[j - 1];
		tv_buf_puts(&t,
		            (prev->flags & DOC_PARA_END) || strcmp(d->format, "pdf") ? "\n" : " ");
		tv_buf_puts(&t, c->text);
	}
	char *label = label_of(t.s ? t.s : "");
	char mk[16];
	size_t ml = items[k].mlen < sizeof mk - 1 ? items[k].mlen : sizeof mk - 1;
	memcpy(mk, b->text, ml);
	mk[ml] = '\0';
	json_t *kp = json_pack("{s:s, s:i, s:s, s:s}", "marker", mk, "level", top, "label", label,
	                       "text", tv_buf_str(&t));
	if (section) json_object_set_new(kp, "section", json_string(section));
	json_array_append_new(out, kp);
	free(label);
	tv_buf_free(&t);
}

json_t *kp_extract(const tv_doc *d)
{
	json_t *out = json_array();
	item *items = tv_malloc((d->nblocks ? d->nblocks : 1) * sizeof *items);
	size_t n = 0, end = d->nblocks;
	int count[4] = {0}, any_tasks = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_block *b = &d->blocks[i];
		if (skipped(b)) continue;
		if (ends_body(b->text)) {
			end = i;
			break;
		}
		int level = 0;
		size_t m = marker(b->text, &level);
		if (!m) {
			if (plain_heading(b)) {
				int tk = tasks_heading(b->text);
				items[n++] = (item){i, 0, 0, tk};
				any_tasks |= tk;
			}
			continue;
		}
		int tk = level == 1 && tasks_heading(b->text);
		items[n++] = (item){i, m, level, tk};
		any_tasks |= tk;
		count[level]++;
	}
	if (any_tasks) {
		/* Only the tasks and solutions: the numbered items inside those sections. */
		int cnt[4] = {0};
		int in = 0;
		for (size_t k = 0; k < n; k++) {
			if (items[k].level <= 1)
				in = items[k].tasks;
			else if (in)
				cnt[items[k].level]++;
		}
		int lv = cnt[2] >= 2 ? 2 : cnt[3] >= 2 ? 3 : 0;
		const char *section = NULL;
		char *sec = NULL;
		in = 0;
		for (size_t k = 0; lv && k < n && json_array_size(out) < KP_MAX; k++) {
			if (items[k].level <= 1) {
				in = items[k].tasks;
				free(sec);
				const char *h = d->blocks[items[k].block].text + items[k].mlen;
				while (*h == ' ') h++;
				sec = in ? label_of(h) : NULL;
				section = sec;
				continue;
			}
			/* a level-1 item ends a task at level 2 through the stop rule: levels
			 * 0 and 1 are both <= lv */
			if (in && items[k].level == lv) emit(out, d, items, n, k, lv, end, section);
		}
		free(sec);
		if (lv) {
			free(items);
			return out;
		}
	}
	int top = 0;
	for (int l = 1; l <= 3 && !top; l++)
		if (count[l] >= 2) top = l;
	for (size_t k = 0; top && k < n && json_array_size(out) < KP_MAX; k++)
		if (items[k].level == top) emit(out, d, items, n, k, top, end, NULL);
	free(items);
	return out;
}
