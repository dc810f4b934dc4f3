/* fields.h — reads an official document the way a clerk does: number, type,
 * issuer and its superior, place and date, title (trích yếu), recipients,
 * signer with position and authority, security marks, and the documents it
 * cites.  Input is the document model (doc.h); Party (HD 36) and State (NĐ 30)
 * layouts are both handled.  A field that cannot be read is NULL/empty: a
 * wrong value is worse than none. */
#ifndef TV_FIELDS_H
#define TV_FIELDS_H

#include "../common/tv.h"
#include "doc.h"

typedef struct fld_fields {
	char *number;    /* canonical "598-CV/ĐUK", or NULL */
	char *type;      /* type name "Công văn", "Nghị quyết", or NULL */
	char *type_code; /* "CV", "NQ", or NULL */
	char *issuer;    /* natural case "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh" */
	char *issuer_parent;   /* the line above the issuer, natural case */
	char *place;           /* "Bến Tre" */
	char *date;            /* ISO "2022-04-25", or "2025-08" when the day is blank */
	char *title;           /* trích yếu, lines joined; "V/v ..." kept */
	char *signer;          /* name only */
	char *signer_title;    /* academic prefix or rank: "TS.", "Thiếu tướng" */
	char *signer_position; /* "Phó Bí thư" */
	char *signer_authority; /* "T/M Ban Thường vụ" (consecutive authority lines joined by " / ")
	                         */
	tv_strv kinh_gui;       /* Kính gửi items */
	tv_strv noi_nhan;       /* Nơi nhận items */
	char *security; /* "MẬT", "TỐI MẬT", "TUYỆT MẬT", "Lưu hành nội bộ", or NULL */
	char *urgency; /* "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", or NULL */
	tv_strv cites; /* canonical numbers of other documents, de-duplicated, in order */
	int party;     /* 1 Party layout, 0 State, -1 unknown */
	int official;  /* 1 if the document looks like an official document at all */
} fld_fields;

/* Fill f from doc (f is zeroed first).  Never fails on odd input: fields it
 * cannot read stay NULL. */
void fld_extract(const tv_doc *doc, fld_fields *f);
void fld_free(fld_fields *f);

/* Named references ("Nghị quyết Trung ương 4 khóa XII") → numbers, from the
 * alias table corpus/aliases.tsv (compiled in) and any file named by
 * $THUVIEN_ALIASES.  Appends canonical numbers found in text to cites. */
void fld_resolve_aliases(const char *text, size_t n, tv_strv *cites);

#endif
