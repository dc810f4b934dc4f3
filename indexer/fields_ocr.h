/* fields_ocr.h — internal to the field parser (fields.c, fields_ocr.c): repair
 * of words OCR misread in header and signature lines.  A vocabulary of known
 * organisation names, positions and header phrases plus the document's own
 * body words; a misread word is replaced only by a single well-attested word
 * one edit away that a neighbour supports.  Never used on text-layer files. */
#ifndef TV_FIELDS_OCR_H
#define TV_FIELDS_OCR_H

typedef struct fld_ocr fld_ocr;

fld_ocr *fld_ocr_new(void);
/* A known phrase ("Ủy ban nhân dân"): its words and word pairs are attested. */
void fld_ocr_add_phrase(fld_ocr *V, const char *phrase);
/* A line of the body: its words count as attested spellings. */
void fld_ocr_add_body(fld_ocr *V, const char *line);
/* text with misread words replaced (malloc'd); in_body: the text is body-like
 * lower-case prose, where only word-pair evidence may change a word. */
char *fld_ocr_fix(const fld_ocr *V, const char *text, int in_body);
void fld_ocr_free(fld_ocr *V);

#endif
