/* docnum.h — document numbers (số và ký hiệu) and document type words, shared
 * by the field parser (reading a document) and the query parser (reading what a
 * user typed), so `05-CT/TW`, `05/CT-TW`, `CT05`, `chỉ thị 05` all meet.
 *
 * A number is split into parts: the serial (`598`, `30c`; leading zeros
 * dropped), an optional year (`2020`), the type code (`CV`, `NĐ`, `QĐi`), and
 * the issuer groups (`ĐUK`, `CP`, `TANDTC-VKSNDTC-BTP`). */
#ifndef TV_DOCNUM_H
#define TV_DOCNUM_H

#include <stddef.h>

#include "../common/tv.h"

typedef struct dn_number {
	char canon[96];  /* as it should be cited, no spaces: "598-CV/ĐUK", "15/2020/NĐ-CP" */
	char serial[16]; /* "598", "30c" (no leading zeros) */
	int year;        /* 2020, or 0 */
	char type[16];   /* type code as printed, upper-cased except the letters that
	                    are case-significant ("CV", "NĐ", "QĐi", "CTr"); "" if none */
	char issuer[64]; /* "ĐUK", "TANDTC-VKSNDTC-BTP"; "" if none */
	int party;       /* 1: Party style (serial-TYPE/ISSUER) */
	size_t off, len; /* where it was found, in bytes of the searched text */
} dn_number;

/* Parse one number written on its own ("Số 598 -CV/ĐUK", "15/2020/NĐ-CP",
 * "05/CT-TW").  Returns 1 and fills out, or 0. */
int dn_parse(const char *s, size_t n, dn_number *out);

/* Find every document number in running text, in order.  *out is malloc'd
 * (caller frees); returns the count.  Dates (18/4/2022) are not numbers. */
size_t dn_find_all(const char *s, size_t n, dn_number **out);

/* Lookup keys of a number, most specific first, folded ASCII upper case
 * without prefix, e.g. for 05-CT/TW: "5.CT.TW", "CT.5"; for 15/2020/NĐ-CP:
 * "15.2020.ND.CP", "ND.15.2020", "ND.15".  The indexer stores them all; a query
 * looks up the most specific key it can build.  Appends to keys. */
void dn_keys(const dn_number *num, tv_strv *keys);

/* A number as a user types it in a query: a full number, or a type (code or
 * words) plus a serial with optional year/issuer: "CT05", "ct 05", "chỉ thị 05",
 * "chi thi so 05", "nđ 15/2020", "QĐ 1520".  Returns 1 and fills out with what
 * was recognised (and off/len of the span used), else 0. */
int dn_parse_query(const char *s, size_t n, dn_number *out);

/* Document types: code ↔ name.  type_name("CT") = "Chỉ thị".  For a type word
 * printed in a heading ("NGHỊ QUYẾT", "Chỉ thị", "chi thi"), returns the code
 * or NULL.  Static strings. */
const char *dn_type_name(const char *code);
const char *dn_type_code(const char *word, size_t n);

#endif
