/* ext_doc.c — Word 97-2003 binary documents (.doc), in process.
 *
 * libgsf opens the OLE2 container; the rest follows [MS-DOC]: the FIB gives the
 * table stream and the offsets of the piece table (CLX), the character and
 * paragraph property pages (CHPX/PAPX FKPs), the style sheet and the font table.
 * Reading them ourselves, instead of piping through antiword or catdoc, gives
 * the font of every character run, so text typed in TCVN3 (.VnTime, .VnTimeH)
 * or VNI (VNI-Times) fonts is decoded run by run exactly like DOCX, and a
 * Unicode run in the same file (a signer's name) is left alone.  It also gives
 * paragraph styles (bold, centred) and table cells (the header table).
 *
 * Every offset read from the file is checked against the stream it points
 * into: a hostile or truncated file yields TV_ERR_FORMAT, never a wild read. */
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>
#include <stdlib.h>
#include <string.h>

#include "../vn/vn.h"
#include "ext_formats.h"

typedef struct bytes {
	const unsigned char *p;
	size_t n;
} bytes;

static int rd16(bytes b, size_t off, unsigned *v)
{
	if (off + 2 > b.n || off + 2 < off) return 0;
	*v = (unsigned)b.p[off] | (unsigned)b.p[off + 1] << 8;
	return 1;
}

static int rd32(bytes b, size_t off, uint32_t *v)
{
	if (off + 4 > b.n || off + 4 < off) return 0;
	*v = (uint32_t)b.p[off] | (uint32_t)b.p[off + 1] << 8 | (uint32_t)b.p[off + 2] << 16 |
	     (uint32_t)b.p[off + 3] << 24;
	return 1;
}

/* ---- sprms ---------------------------------------------------------------- */

enum {
	SPRM_C_FBOLD = 0x0835,
	SPRM_C_FCAPS = 0x083B,
	SPRM_C_ISTD = 0x4A30,
	SPRM_C_FTC0 = 0x4A4F, /* ASCII font */
	SPRM_C_FTC2 = 0x4A51, /* other (non-East-Asian) font: Latin-1 letters */
	SPRM_P_JC80 = 0x2403,
	SPRM_P_JC = 0x2461,
	SPRM_P_INTABLE = 0x2416,
	SPRM_P_TTP = 0x2417,
	SPRM_P_INNERTTP = 0x244B,
	SPRM_P_ITAP = 0x6649,
};

/* Character and paragraph properties thuvien cares about; -1 = not set. */
typedef struct props {
	int ftc0, ftc2, bold, caps, istd;
	int jc, intable, ttp;
} props;

static const props PROPS_UNSET = {-1, -1, -1, -1, -1, -1, -1, -1};

static size_t sprm_operand_len(unsigned sprm, const unsigned char *p, size_t left)
{
	switch (sprm >> 13) {
	case 0:
	case 1:
		return 1;
	case 2:
	case 4:
	case 5:
		return 2;
	case 3:
		return 4;
	case 7:
		return 3;
	default: /* 6: variable, length byte first (sprmTDefTable has 2) */
		if (sprm == 0xD608 || sprm == 0xD606) {
			if (left < 2) return left + 1;
			return 2 + ((size_t)p[0] | (size_t)p[1] << 8) - 1;
		}
		if (sprm == 0xC615) { /* sprmPChgTabs: cb 255 means computed; give up */
			if (!left) return 1;
			return p[0] == 255 ? left + 1 : (size_t)1 + p[0];
		}
		return left ? (size_t)1 + p[0] : 1;
	}
}

static void apply_grpprl(const unsigned char *g, size_t n, props *pr)
{
	size_t i = 0;
	while (i + 2 <= n) {
		unsigned sprm = (unsigned)g[i] | (unsigned)g[i + 1] << 8;
		i += 2;
		size_t ol = sprm_operand_len(sprm, g + i, n - i);
		if (ol > n - i) break;
		const unsigned char *o = g + i;
		unsigned v8 = ol ? o[0] : 0,
		         v16 = ol >= 2 ? (unsigned)o[0] | (unsigned)o[1] << 8 : v8;
		switch (sprm) {
		case SPRM_C_FBOLD:
			pr->bold = v8 == 1 || v8 == 0x81;
			break;
		case SPRM_C_FCAPS:
			pr->caps = v8 == 1 || v8 == 0x81;
			break;
		case SPRM_C_ISTD:
			pr->istd = (int)v16;
			break;
		case SPRM_C_FTC0:
			pr->ftc0 = (int)v16;
			break;
		case SPRM_C_FTC2:
			pr->ftc2 = (int)v16;
			break;
		case SPRM_P_JC80:
		case SPRM_P_JC:
			pr->jc = (int)v8;
			break;
		case SPRM_P_INTABLE:
			pr->intable = v8 != 0;
			break;
		case SPRM_P_ITAP:
			pr->intable = v16 != 0;
			break;
		case SPRM_P_TTP:
		case SPRM_P_INNERTTP:
			pr->ttp = v8 != 0;
			break;
		default:
			break;
		}
		i += ol;
	}
}

/* ---- style sheet ---------------------------------------------------------- */

typedef struct style {
	props chp, pap; /* own properties, before inheritance */
	int base;       /* istdBase, -1 for none */
} style;

typedef struct wdoc {
	bytes wd, tbl;
	style *styles;
	unsigned nstyles;
	int default_ftc;
	char **fonts; /* UTF-8 names, by ftc */
	vn_enc *font_enc;
	int *font_caps;
	unsigned nfonts;
} wdoc;

static void read_styles(wdoc *w, uint32_t fc, uint32_t lcb)
{
	bytes t = w->tbl;
	unsigned cbstshi, cstd, cbbase, ftc;
	if (lcb < 4 || fc > t.n || lcb > t.n - fc) return;
	bytes s = {t.p + fc, lcb};
	if (!rd16(s, 0, &cbstshi) || !rd16(s, 2, &cstd) || !rd16(s, 4, &cbbase)) return;
	if (rd16(s, 2 + 12, &ftc)) w->default_ftc = (int)ftc;
	if (cstd > 4096) return;
	w->styles = tv_calloc(cstd ? cstd : 1, sizeof *w->styles);
	w->nstyles = cstd;
	size_t off = 2 + cbstshi;
	for (unsigned i = 0; i < cstd; i++) {
		style *st = &w->styles[i];
		st->chp = st->pap = PROPS_UNSET;
		st->base = -1;
		unsigned cbstd, w2;
		if (!rd16(s, off, &cbstd)) break;
		size_t std = off + 2;
		off = std + cbstd;
		if (!cbstd || off > s.n) continue;
		if (!rd16(s, std + 2, &w2)) continue;
		unsigned stk = w2 & 0xF, base = w2 >> 4;
		st->base = base == 0xFFF || base >= cstd ? -1 : (int)base;
		unsigned cupx_w;
		if (!rd16(s, std + 4, &cupx_w)) continue;
		unsigned cupx = cupx_w & 0xF;
		/* the name: cch, then cch UTF-16 units and a terminating 0 */
		size_t q = std + cbbase;
		unsigned cch;
		if (!rd16(s, q, &cch)) continue;
		q += 2 + 2 * (size_t)cch + 2;
		for (unsigned u = 0; u < cupx && q < off; u++) {
			if ((q - std) & 1) q++;
			unsigned cbupx;
			if (!rd16(s, q, &cbupx)) break;
			q += 2;
			if (q + cbupx > off) break;
			const unsigned char *g = s.p + q;
			if (stk == 1 && u == 0 && cbupx >= 2)
				apply_grpprl(g + 2, cbupx - 2, &st->pap);
			else if ((stk == 1 && u == 1) || (stk == 2 && u == 0))
				apply_grpprl(g, cbupx, &st->chp);
			q += cbupx;
		}
	}
}

/* Resolve one property through the istdBase chain. */
#define STYLE_GET(w, istd, part, field, dflt)                                                      \
	__extension__({                                                                            \
		int _v = -1, _i = (istd), _guard = 0;                                              \
		while (_i >= 0 && (unsigned)_i < (w)->nstyles && _guard++ < 16) {                  \
			if ((w)->styles[_i].part.field >= 0) {                                     \
				_v = (w)->styles[_i].part.field;                                   \
				break;                                                             \
			}                                                                          \
			_i = (w)->styles[_i].base;                                                 \
		}                                                                                  \
		_v >= 0 ? _v : (dflt);                                                             \
	})

/* ---- fonts --------------------------------------------------------------- */

static void read_fonts(wdoc *w, uint32_t fc, uint32_t lcb)
{
	bytes t = w->tbl;
	if (lcb < 4 || fc > t.n || lcb > t.n - fc) return;
	bytes s = {t.p + fc, lcb};
	unsigned cdata, extra;
	size_t off = 0;
	if (!rd16(s, 0, &cdata)) return;
	if (cdata == 0xFFFF) return; /* extended STTB: not used for fonts */
	if (!rd16(s, 2, &extra)) return;
	off = 4;
	if (cdata > 4096) return;
	w->fonts = tv_calloc(cdata ? cdata : 1, sizeof *w->fonts);
	w->font_enc = tv_calloc(cdata ? cdata : 1, sizeof *w->font_enc);
	w->font_caps = tv_calloc(cdata ? cdata : 1, sizeof *w->font_caps);
	w->nfonts = cdata;
	for (unsigned i = 0; i < cdata && off < s.n; i++) {
		size_t len = s.p[off];
		size_t ffn = off + 1;
		off = ffn + len + extra;
		if (ffn + len > s.n || len < 40) continue;
		tv_buf name = TV_BUF_INIT;
		for (size_t q = ffn + 39; q + 2 <= ffn + len; q += 2) {
			unsigned c = (unsigned)s.p[q] | (unsigned)s.p[q + 1] << 8;
			if (!c) break;
			tv_buf_put_cp(&name, c);
		}
		w->fonts[i] = tv_buf_take(&name);
		w->font_enc[i] = vn_font_encoding(w->fonts[i], &w->font_caps[i]);
	}
}

/* ---- property runs (FKPs) ------------------------------------------------- */

/* A run of file offsets [fc0, fc1) with its grpprl (CHPX) or PAPX. */
typedef struct prun {
	uint32_t fc0, fc1;
	props pr;
} prun;

typedef struct pruns {
	prun *v;
	size_t n, cap;
} pruns;

static void runs_push(pruns *r, uint32_t a, uint32_t b, props pr)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->v = tv_realloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n++] = (prun){a, b, pr};
}

/* Read a PlcBteChpx / PlcBtePapx and every FKP page it names. */
static void read_fkps(wdoc *w, uint32_t fc, uint32_t lcb, int para, pruns *out)
{
	bytes t = w->tbl;
	if (lcb < 12 || fc > t.n || lcb > t.n - fc) return;
	size_t n = (lcb - 4) / 8;
	bytes s = {t.p + fc, lcb};
	for (size_t i = 0; i < n; i++) {
		uint32_t pn;
		if (!rd32(s, (n + 1) * 4 + i * 4, &pn)) break;
		pn &= 0x3FFFFF;
		size_t page = (size_t)pn * 512;
		if (page + 512 > w->wd.n) continue;
		bytes fkp = {w->wd.p + page, 512};
		unsigned crun = fkp.p[511];
		if ((size_t)(crun + 1) * 4 + crun * (para ? 13 : 1) > 511) continue;
		for (unsigned k = 0; k < crun; k++) {
			uint32_t a, b;
			rd32(fkp, k * 4, &a);
			rd32(fkp, (k + 1) * 4, &b);
			props pr = PROPS_UNSET;
			size_t bo = (size_t)fkp.p[(crun + 1) * 4 + k * (para ? 13 : 1)] * 2;
			if (bo && bo < 511) {
				if (!para) {
					size_t cb = fkp.p[bo];
					if (bo + 1 + cb <= 511)
						apply_grpprl(fkp.p + bo + 1, cb, &pr);
				} else {
					size_t cb = fkp.p[bo], start = bo + 1;
					if (cb == 0 && bo + 1 < 511) {
						cb = (size_t)fkp.p[bo + 1] * 2;
						start = bo + 2;
					} else {
						cb = cb * 2 - 1;
					}
					if (cb >= 2 && start + cb <= 511) {
						pr.istd = fkp.p[start] | fkp.p[start + 1] << 8;
						apply_grpprl(fkp.p + start + 2, cb - 2, &pr);
					}
				}
			}
			runs_push(out, a, b, pr);
		}
	}
}

static const prun *run_at(const pruns *r, uint32_t fc, size_t *hint)
{
	size_t i = *hint < r->n ? *hint : 0;
	if (i < r->n && r->v[i].fc0 <= fc && fc < r->v[i].fc1) return &r->v[i];
	if (i + 1 < r->n && r->v[i + 1].fc0 <= fc && fc < r->v[i + 1].fc1) {
		*hint = i + 1;
		return &r->v[i + 1];
	}
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (r->v[m].fc1 <= fc)
			lo = m + 1;
		else
			hi = m;
	}
	if (lo < r->n && r->v[lo].fc0 <= fc) {
		*hint = lo;
		return &r->v[lo];
	}
	return NULL;
}

static int cmp_run(const void *a, const void *b)
{
	const prun *x = a, *y = b;
	return x->fc0 < y->fc0 ? -1 : x->fc0 > y->fc0;
}

/* ---- text ----------------------------------------------------------------- */

/* Windows-1252 0x80-0x9F, as [MS-DOC] maps compressed pieces. */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

/* A paragraph being assembled: runs of one encoding are decoded as they close. */
typedef struct para {
	tv_buf text, raw;
	vn_enc enc;
	int caps;
	int nchars, nbold, ncaps, legacy;
} para;

static void para_flush_run(para *p)
{
	if (!p->raw.len) return;
	if (p->enc != VN_ENC_UNICODE) {
		char *d = vn_legacy_decode(p->raw.s, p->raw.len, p->enc, p->caps);
		tv_buf_puts(&p->text, d);
		free(d);
		p->legacy = 1;
	} else {
		tv_buf_append(&p->text, p->raw.s, p->raw.len);
	}
	tv_buf_clear(&p->raw);
}

typedef struct emitter {
	tv_doc *d;
	size_t text_bytes, max_text;
	int table, row, cell, intable;
} emitter;

static void para_emit(emitter *em, para *p, const props *pap, int in_cell)
{
	para_flush_run(p);
	if (!em->max_text || em->text_bytes < em->max_text) {
		unsigned flags = 0;
		if (p->nchars && p->nbold * 2 > p->nchars) flags |= DOC_BOLD;
		if (p->nchars && p->ncaps * 2 > p->nchars) flags |= DOC_CAPS;
		if (p->legacy) flags |= DOC_LEGACY;
		if (pap->jc == 1) flags |= DOC_CENTER;
		if (pap->jc == 2) flags |= DOC_RIGHT;
		if (in_cell) flags |= DOC_TABLE;
		char *clean = vn_clean(tv_buf_str(&p->text), p->text.len);
		/* a header typed as "ISSUER<tabs or spaces>NATIONAL MOTTO" in one
		 * paragraph: two blocks, left and right */
		size_t len = strlen(clean), cut = 0, resume = 0;
		const char *lead = clean;
		while (*lead == ' ' || *lead == '\t') lead++;
		for (size_t i = (size_t)(lead - clean); !in_cell && i < len; i++) {
			if (clean[i] != '\t' && clean[i] != ' ') continue;
			size_t j = i;
			int tabs = 0;
			while (j < len && (clean[j] == ' ' || clean[j] == '\t'))
				tabs += clean[j++] == '\t';
			if ((tabs || j - i >= 4) && j < len) {
				cut = i;
				resume = j;
				break;
			}
			i = j;
		}
		for (char *q = clean; *q; q++)
			if (*q == '\t') *q = ' ';
		doc_col col0 = (flags & DOC_CENTER) ? DOC_COL_FULL
		               : lead - clean >= 4 || (lead > clean && lead[-1] == ' ' &&
		                                       memchr(tv_buf_str(&p->text), '\t', 1))
		                   ? DOC_COL_RIGHT
		                   : DOC_COL_FULL;
		for (int part = 0; part < (cut ? 2 : 1); part++) {
			const char *t = cut ? (part ? clean + resume : clean) : clean;
			size_t n = cut ? (part ? len - resume : cut) : len;
			doc_block *b = doc_add(em->d, t, n, 1, flags);
			if (!b) continue;
			em->text_bytes += strlen(b->text) + 1;
			b->col = cut ? (part ? DOC_COL_RIGHT : DOC_COL_LEFT) : col0;
			if (in_cell) {
				b->table = em->table;
				b->row = em->row;
				b->cell = em->cell;
			}
		}
		free(clean);
	}
	tv_buf_clear(&p->text);
	p->nchars = p->nbold = p->ncaps = p->legacy = 0;
}

/* Within a run of column blocks holding two left and two right lines or more,
 * the left column comes first, as ext_pdf.c does, so the issuer lines stay
 * together; a lone indented line is no column. */
static void order_columns(tv_doc *d)
{
	doc_block *tmp = tv_malloc((d->nblocks ? d->nblocks : 1) * sizeof *tmp);
	for (size_t i = 0; i < d->nblocks;) {
		if (d->blocks[i].col == DOC_COL_FULL) {
			i++;
			continue;
		}
		size_t j = i, nl = 0, nr = 0, k = 0;
		while (j < d->nblocks && d->blocks[j].col != DOC_COL_FULL) {
			nl += d->blocks[j].col == DOC_COL_LEFT;
			nr += d->blocks[j].col == DOC_COL_RIGHT;
			j++;
		}
		if (nl >= 2 && nr >= 2) {
			for (int side = DOC_COL_LEFT; side <= DOC_COL_RIGHT; side++)
				for (size_t m = i; m < j; m++)
					if ((int)d->blocks[m].col == side) tmp[k++] = d->blocks[m];
			memcpy(&d->blocks[i], tmp, k * sizeof *tmp);
		} else {
			for (size_t m = i; m < j; m++) d->blocks[m].col = DOC_COL_FULL;
		}
		i = j;
	}
	free(tmp);
}

tv_err ext_doc(const ext_input *in, tv_doc *d, tv_error *e)
{
	GError *gerr = NULL;
	GsfInput *mem = gsf_input_memory_new((const guint8 *)in->data, (gsf_off_t)in->len, FALSE);
	GsfInfile *ole = mem ? gsf_infile_msole_new(mem, &gerr) : NULL;
	if (!ole) {
		tv_err rc = tv_fail(e, TV_ERR_FORMAT, "%s: not a Word 97 file (OLE2: %s)", in->name,
		                    gerr ? gerr->message : "unreadable");
		if (gerr) g_error_free(gerr);
		if (mem) g_object_unref(mem);
		return rc;
	}
	tv_err rc = TV_OK;
	guint8 *wdbuf = NULL, *tblbuf = NULL;
	wdoc w = {0};
	w.default_ftc = -1;
	pruns chp = {0}, pap = {0};
	GsfInput *ws = gsf_infile_child_by_name(ole, "WordDocument");
	if (!ws) {
		rc = tv_fail(e, TV_ERR_FORMAT, "%s: OLE2 file without a WordDocument stream",
		             in->name);
		goto out;
	}
	gsf_off_t wsz = gsf_input_size(ws);
	wdbuf = wsz > 0 ? tv_malloc((size_t)wsz) : NULL;
	if (!wdbuf || !gsf_input_read(ws, (size_t)wsz, wdbuf)) {
		g_object_unref(ws);
		rc = tv_fail(e, TV_ERR_TRUNCATED, "%s: WordDocument stream unreadable", in->name);
		goto out;
	}
	g_object_unref(ws);
	w.wd = (bytes){wdbuf, (size_t)wsz};
	unsigned ident, nfib, flags;
	if (!rd16(w.wd, 0, &ident) || ident != 0xA5EC || !rd16(w.wd, 2, &nfib) ||
	    !rd16(w.wd, 0x0A, &flags)) {
		rc = tv_fail(e, TV_ERR_FORMAT, "%s: WordDocument stream has no Word FIB", in->name);
		goto out;
	}
	if (flags & 0x0100 || flags & 0x8000) {
		rc = tv_fail(e, TV_ERR_ENCRYPTED, "%s: Word document is password-protected",
		             in->name);
		goto out;
	}
	if (nfib < 101) {
		rc = tv_fail(e, TV_ERR_UNSUPPORTED,
		             "%s: Word 6/95 document (nFib %u) not supported", in->name, nfib);
		goto out;
	}
	/* FIB: base (32 bytes), fibRgW, fibRgLw, then the fc/lcb pairs */
	unsigned csw, cslw, cbfc;
	size_t off = 32;
	if (!rd16(w.wd, off, &csw)) goto bad_fib;
	off += 2 + (size_t)csw * 2;
	if (!rd16(w.wd, off, &cslw)) goto bad_fib;
	size_t rglw = off + 2;
	off += 2 + (size_t)cslw * 4;
	if (!rd16(w.wd, off, &cbfc)) goto bad_fib;
	size_t fclcb = off + 2;
	uint32_t ccp_text, fc_clx, lcb_clx, fc_chp, lcb_chp, fc_pap, lcb_pap, fc_ffn, lcb_ffn,
	    fc_sty, lcb_sty;
	if (cbfc < 34 || !rd32(w.wd, rglw + 3 * 4, &ccp_text) ||
	    !rd32(w.wd, fclcb + 33 * 8, &fc_clx) || !rd32(w.wd, fclcb + 33 * 8 + 4, &lcb_clx) ||
	    !rd32(w.wd, fclcb + 12 * 8, &fc_chp) || !rd32(w.wd, fclcb + 12 * 8 + 4, &lcb_chp) ||
	    !rd32(w.wd, fclcb + 13 * 8, &fc_pap) || !rd32(w.wd, fclcb + 13 * 8 + 4, &lcb_pap) ||
	    !rd32(w.wd, fclcb + 15 * 8, &fc_ffn) || !rd32(w.wd, fclcb + 15 * 8 + 4, &lcb_ffn) ||
	    !rd32(w.wd, fclcb + 1 * 8, &fc_sty) || !rd32(w.wd, fclcb + 1 * 8 + 4, &lcb_sty))
		goto bad_fib;
	GsfInput *ts = gsf_infile_child_by_name(ole, (flags & 0x0200) ? "1Table" : "0Table");
	if (!ts) {
		rc = tv_fail(e, TV_ERR_FORMAT, "%s: Word document without its table stream",
		             in->name);
		goto out;
	}
	gsf_off_t tsz = gsf_input_size(ts);
	tblbuf = tsz > 0 ? tv_malloc((size_t)tsz) : NULL;
	if (!tblbuf || !gsf_input_read(ts, (size_t)tsz, tblbuf)) {
		g_object_unref(ts);
		rc = tv_fail(e, TV_ERR_TRUNCATED, "%s: table stream unreadable", in->name);
		goto out;
	}
	g_object_unref(ts);
	w.tbl = (bytes){tblbuf, (size_t)tsz};
	read_styles(&w, fc_sty, lcb_sty);
	read_fonts(&w, fc_ffn, lcb_ffn);
	read_fkps(&w, fc_chp, lcb_chp, 0, &chp);
	read_fkps(&w, fc_pap, lcb_pap, 1, &pap);
	qsort(chp.v, chp.n, sizeof *chp.v, cmp_run);
	qsort(pap.v, pap.n, sizeof *pap.v, cmp_run);

	/* the piece table: skip Prc entries, then Pcdt */
	if (fc_clx > w.tbl.n || lcb_clx > w.tbl.n - fc_clx) goto bad_fib;
	bytes clx = {w.tbl.p + fc_clx, lcb_clx};
	size_t q = 0;
	while (q < clx.n && clx.p[q] == 0x01) {
		unsigned cb;
		if (!rd16(clx, q + 1, &cb)) goto bad_fib;
		q += 3 + cb;
	}
	uint32_t lcb_pcd;
	if (q >= clx.n || clx.p[q] != 0x02 || !rd32(clx, q + 1, &lcb_pcd) ||
	    lcb_pcd > clx.n - q - 5 || lcb_pcd < 16)
		goto bad_fib;
	bytes plc = {clx.p + q + 5, lcb_pcd};
	size_t npcd = (lcb_pcd - 4) / 12;

	emitter em = {d, 0, in->lim ? in->lim->max_text : 0, 0, 0, 0, 0};
	para p = {TV_BUF_INIT, TV_BUF_INIT, VN_ENC_UNICODE, 0, 0, 0, 0, 0};
	size_t chint = 0, phint = 0;
	int field_depth = 0, in_code = 0; /* field codes (between 0x13 and 0x14) are hidden */
	props cur_pap = PROPS_UNSET;
	for (size_t k = 0; k < npcd; k++) {
		uint32_t cp0, cp1, fcv;
		if (!rd32(plc, k * 4, &cp0) || !rd32(plc, (k + 1) * 4, &cp1) ||
		    !rd32(plc, (npcd + 1) * 4 + k * 8 + 2, &fcv))
			goto bad_fib;
		if (cp0 >= ccp_text) break;
		if (cp1 > ccp_text) cp1 = ccp_text;
		int compressed = (fcv >> 30) & 1;
		uint32_t fc = fcv & 0x3FFFFFFF;
		if (compressed) fc /= 2;
		for (uint32_t cp = cp0; cp < cp1; cp++) {
			uint32_t at = fc + (cp - cp0) * (compressed ? 1 : 2);
			unsigned c;
			if (compressed) {
				if (at >= w.wd.n) goto truncated;
				c = w.wd.p[at];
				if (c >= 0x80 && c < 0xA0) c = cp1252_hi[c - 0x80];
			} else if (!rd16(w.wd, at, &c)) {
				goto truncated;
			}
			/* paragraph properties live on the paragraph mark; look them up
			 * from the file offset of each character (same run until 0x0D) */
			const prun *pr_p = run_at(&pap, at, &phint);
			cur_pap = pr_p ? pr_p->pr : PROPS_UNSET;
			int istd = cur_pap.istd >= 0 ? cur_pap.istd : 0;
			if (cur_pap.jc < 0) cur_pap.jc = STYLE_GET(&w, istd, pap, jc, 0);
			if (cur_pap.intable < 0)
				cur_pap.intable = STYLE_GET(&w, istd, pap, intable, 0);
			if (c == 0x13) {
				field_depth++;
				in_code = field_depth;
				continue;
			}
			if (c == 0x14) {
				in_code = 0;
				continue;
			}
			if (c == 0x15) {
				if (field_depth) field_depth--;
				in_code = 0;
				continue;
			}
			if (in_code) continue;
			if (c == 0x0D || c == 0x07 || c == 0x0C || c == 0x0B) {
				int cell = cur_pap.intable > 0;
				if (cell && !em.intable) {
					em.table++;
					em.row = em.cell = 0;
				}
				em.intable = cell;
				if (c == 0x07 && cur_pap.ttp > 0) { /* row end mark */
					para_flush_run(&p);
					tv_buf_clear(&p.text);
					em.row++;
					em.cell = 0;
					continue;
				}
				para_emit(&em, &p, &cur_pap, cell);
				if (c == 0x07) em.cell++;
				continue;
			}
			if (c < 0x20 && c != 0x09) {
				if (c == 0x1E)
					c = '-'; /* non-breaking hyphen */
				else
					continue; /* pictures, footnote marks, optional hyphens */
			}
			const prun *pr_c = run_at(&chp, at, &chint);
			props cp_ = pr_c ? pr_c->pr : PROPS_UNSET;
			int cistd = cp_.istd;
			int ftc = c >= 0x80 && cp_.ftc2 >= 0 ? cp_.ftc2 : cp_.ftc0;
			if (ftc < 0 && cistd >= 0)
				ftc = c >= 0x80 ? STYLE_GET(&w, cistd, chp, ftc2, -1) : -1;
			if (ftc < 0 && cistd >= 0) ftc = STYLE_GET(&w, cistd, chp, ftc0, -1);
			if (ftc < 0 && c >= 0x80) ftc = STYLE_GET(&w, istd, chp, ftc2, -1);
			if (ftc < 0) ftc = STYLE_GET(&w, istd, chp, ftc0, w.default_ftc);
			int bold = cp_.bold >= 0 ? cp_.bold : STYLE_GET(&w, istd, chp, bold, 0);
			int caps = cp_.caps >= 0 ? cp_.caps : STYLE_GET(&w, istd, chp, caps, 0);
			vn_enc enc = VN_ENC_UNICODE;
			int hcaps = 0;
			if (ftc >= 0 && (unsigned)ftc < w.nfonts) {
				enc = w.font_enc[ftc];
				hcaps = w.font_caps[ftc];
			}
			/* Unicode letters outside Latin-1 are never legacy bytes */
			if (c > 0xFF && c != 0x2212 && c != 0x2219 && !(c >= 0xF000 && c <= 0xF0FF))
				enc = VN_ENC_UNICODE;
			if (enc != p.enc || hcaps != p.caps) {
				para_flush_run(&p);
				p.enc = enc;
				p.caps = hcaps;
			}
			tv_buf_put_cp(&p.raw, c);
			if (c != ' ') {
				p.nchars++;
				p.nbold += bold > 0;
				p.ncaps += caps > 0 || hcaps;
			}
		}
	}
	para_emit(&em, &p, &cur_pap, 0);
	tv_buf_free(&p.text);
	tv_buf_free(&p.raw);
	d->pages = 1;
	order_columns(d);
	for (size_t i = 0; i < d->nblocks; i++)
		d->source |= (d->blocks[i].flags & DOC_LEGACY) ? DOC_SRC_LEGACY : DOC_SRC_TEXT;
	if (!d->nblocks) rc = tv_fail(e, TV_ERR_EMPTY, "%s: Word document has no text", in->name);
	goto out;
truncated:
	tv_buf_free(&p.text);
	tv_buf_free(&p.raw);
	rc = tv_fail(e, TV_ERR_TRUNCATED, "%s: text pieces point past the end of the file",
	             in->name);
	goto out;
bad_fib:
	rc = tv_fail(e, TV_ERR_FORMAT, "%s: damaged Word document (FIB or piece table)", in->name);
out:
	for (unsigned i = 0; i < w.nfonts; i++) free(w.fonts[i]);
	free(w.fonts);
	free(w.font_enc);
	free(w.font_caps);
	free(w.styles);
	free(chp.v);
	free(pap.v);
	free(wdbuf);
	free(tblbuf);
	g_object_unref(ole);
	g_object_unref(mem);
	return rc;
}
