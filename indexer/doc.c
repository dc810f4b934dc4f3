/* doc.c — the document model (see doc.h). */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

tv_doc *doc_new(const char *path, const char *format)
{
	tv_doc *d = tv_calloc(1, sizeof *d);
	d->path = tv_strdup(path ? path : "");
	d->format = format;
	d->pages = 1;
	return d;
}

void doc_free(tv_doc *d)
{
	if (!d) return;
	for (size_t i = 0; i < d->nblocks; i++) free(d->blocks[i].text);
	free(d->blocks);
	free(d->path);
	free(d->title_hint);
	free(d->date_hint);
	free(d);
}

static int is_space_only(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
			continue;
		/* U+00A0 no-break space */
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			i++;
			continue;
		}
		return 0;
	}
	return 1;
}

doc_block *doc_add(tv_doc *d, const char *text, size_t len, int page, unsigned flags)
{
	if (is_space_only(text, len)) return NULL;
	/* trim ASCII whitespace at both ends */
	while (len && (text[0] == ' ' || text[0] == '\t' || text[0] == '\n' || text[0] == '\r')) {
		text++;
		len--;
	}
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n' ||
	               text[len - 1] == '\r'))
		len--;
	if (d->nblocks == d->capblocks) {
		d->capblocks = d->capblocks ? d->capblocks * 2 : 64;
		d->blocks = tv_realloc(d->blocks, d->capblocks * sizeof *d->blocks);
	}
	doc_block *b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->text = tv_strndup(text, len);
	b->page = page > 0 ? page : 1;
	b->flags = flags;
	if (b->page > d->pages) d->pages = b->page;
	return b;
}

char *doc_text(const tv_doc *d)
{
	tv_buf b = TV_BUF_INIT;
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_block *k = &d->blocks[i];
		if (i > 0) {
			const doc_block *p = &d->blocks[i - 1];
			int para = (p->flags & DOC_PARA_END) || p->page != k->page ||
			           strcmp(d->format, "pdf") != 0;
			tv_buf_puts(&b, para ? "\n\n" : "\n");
		}
		tv_buf_puts(&b, k->text);
	}
	return tv_buf_take(&b);
}
