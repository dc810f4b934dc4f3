/* schema.h — the term scheme: what each Xapian term prefix and value slot
 * means.  The indexer writes by it and the query parser reads by it; nothing
 * else spells a prefix.  (Like omega's prefix table, one place, documented in
 * README.md too.)
 *
 *   term              positions  meaning
 *   <exact>           no         exact syllable/word: lower case, canonical tone (vn_key_exact)
 *   F<fold>           yes        folded syllable: ASCII, no marks, đ→d (vn_key_fold)
 *   B<exact>_<exact>  no         exact bigram of adjacent syllables (ranking of compounds,
 *                                the exact-spelling bonus of a quoted phrase, did-you-mean)
 *   G<fold>_<fold>    no         folded bigram
 *   T<exact>          no         title word (weighted up)
 *   Q<path>           boolean    unique id of a file (path; hashed when long)
 *   XN<key>           boolean    the document's own number (dn_keys: 5.CT.TW, CT.5, ...)
 *   XC<key>           boolean    a number the document cites (same keys)
 *   K<code>           boolean    type code, upper-cased as printed (KCT, KQĐ, KCV)
 *   XI<fold>          boolean    a folded word of the issuer (or its parent)
 *   XJ<fold_fold_..>  boolean    the whole folded issuer name, words joined by '_'
 *                                (an exact issuer filter: the facet value clicked)
 *   Y<yyyy>           boolean    year of the document date
 *   XF<format>        boolean    pdf, docx, doc, html, txt
 *   XS<kind>          boolean    study material (XSstudy), normative (XSnorm), or a
 *                                passage of a study material (XSpassage)
 *   XA<path>          boolean    on passages: the file they belong to (hashed when long)
 *   XQ<path>#<n>      boolean    unique id of passage n of a file
 *   XP<src>           boolean    provenance: text, legacy, ocr
 *   D<fold>           synonym    key of the exact spellings seen for a folded word
 *
 * Positions are kept for the folded stream only: phrases and NEAR match on F
 * terms, and the exact spelling of a quoted phrase is checked through its B
 * bigrams.  A second positional stream doubled the writer's position work and
 * a third of the index for no ranking the tests could tell apart.
 *
 * Values: see the SLOT_ enum.  Dates are "YYYYMMDD" (partial dates end in 00).
 * The document data is the JSON record without "text"; the body text is in
 * SLOT_TEXT.  Readers put "text" back (srch_doc); an index built before
 * SLOT_TEXT keeps "text" in its JSON and is read as it is.  SLOT_BRIEF holds
 * the few fields a result list shows (SCHEMA_BRIEF_KEYS) as a JSON object of
 * a few hundred bytes, so a page of hits neither reads the records (zlib-
 * compressed, key points and all: 5-20 KB) nor parses them: at a million
 * documents that was 1.8 ms of a 9 ms query.  Older indexes have no brief and
 * their lists read the record.
 *
 * Year terms (Y) are cut from the same value as SLOT_DATE, so the years a date
 * range spans are a superset of it: date filters and newest-first pages walk
 * them (query.c, search.c).
 *
 * Metadata: "top:TERM" is TERM's top list and "top:" the record of their last
 * build, with what it covered (xdb.h: the candidates of broad queries), so the
 * indexer rebuilds lists made for other terms (indexer.c).  "facets:..." is
 * the facet table of the SCHEMA_FACET_SLOTS (xdb.h), built with the lists. */
#ifndef TV_SCHEMA_H
#define TV_SCHEMA_H

#define PFX_FOLD "F"
#define PFX_BIGRAM "B"
#define PFX_FBIGRAM "G"
#define PFX_TITLE "T"
#define PFX_ID "Q"
#define PFX_NUMBER "XN"
#define PFX_CITES "XC"
#define PFX_TYPE "K"
#define PFX_ISSUER "XI"
#define PFX_ISSUER_FULL "XJ"
#define PFX_YEAR "Y"
#define PFX_FORMAT "XF"
#define PFX_KIND "XS"
#define PFX_SOURCE "XP"
#define PFX_SPELL "D"
#define PFX_PARENT "XA"
#define PFX_PASSAGE_ID "XQ"
#define KIND_PASSAGE "passage"

enum {
	SLOT_DATE = 0,   /* "YYYYMMDD" */
	SLOT_SIG = 1,    /* "size:mtime_ns" of the file when indexed (incremental check) */
	SLOT_TYPE = 2,   /* type name for facets ("Chỉ thị") */
	SLOT_ISSUER = 3, /* issuer for facets */
	SLOT_YEAR = 4,   /* "YYYY" for facets */
	SLOT_PATH = 6,   /* the file path */
	SLOT_TEXT = 7, /* the body text, UTF-8 (documents only; passages keep theirs in the JSON) */
	SLOT_BRIEF = 8, /* JSON of the SCHEMA_BRIEF_KEYS fields (documents only) */
};

/* The fields a result list shows, in SLOT_BRIEF. */
#define SCHEMA_NBRIEF 7
#define SCHEMA_BRIEF_KEYS {"path", "number", "type", "issuer", "date", "title", "kind"}

/* The facets a result list counts, in this order: type, issuer, year. */
#define SCHEMA_NFACETS 3
#define SCHEMA_FACET_SLOTS {SLOT_TYPE, SLOT_ISSUER, SLOT_YEAR}

/* Longest term Xapian accepts is 245 bytes; ids longer than this are hashed. */
#define SCHEMA_MAX_TERM 240

#endif
